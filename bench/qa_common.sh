# Sourced by qa_eval.sh and qa_holdout.sh: from the repository root, BUILD_DIR (default build/)
# with qa_eval built in it, and DATASETS (default ../shared/datasets).
BUILD_DIR=${BUILD_DIR:-build}
DATASETS=${DATASETS:-../shared/datasets}
if [ ! -x "$BUILD_DIR/bin/qa_eval" ]; then
    cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
    nice cmake --build "$BUILD_DIR" -j 2 --target qa_eval
fi
