#!/usr/bin/env bash
# NorQuAD retrieval benchmark: heritage-search vs plain Xapian (P@1, MRR@10, latency, size).
# Usage: bench/norquad_retrieval.sh [validation.json] [max questions]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/datasets/norquad/validation.json}
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
nice cmake --build "$BUILD_DIR" --target norquad-retrieval -j 2 >/dev/null
exec nice "$BUILD_DIR/bin/norquad-retrieval" "$DATA" ${2:-}
