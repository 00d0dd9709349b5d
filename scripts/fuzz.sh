#!/usr/bin/env bash
# Builds the libFuzzer targets (clang++, ASan + UBSan) in build-fuzz/ and runs each of them:
#   scripts/fuzz.sh short   about a minute in all (12 s a target); the test command runs this
#   scripts/fuzz.sh long    FUZZ_SECONDS a target (default 600), by hand
#   scripts/fuzz.sh long http query   only the targets named
# Seeds come from tests/fuzz/corpus/<target>/ (read only); what the fuzzer learns is kept in
# build-fuzz/fuzz-corpus/<target>/, crashing inputs in build-fuzz/fuzz-artifacts/. Prints one
# line a target (executions, new inputs) and exits non-zero if any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-short}
shift || true
case "$mode" in
    short) seconds=${FUZZ_SECONDS:-12} ;;
    long) seconds=${FUZZ_SECONDS:-600} ;;
    *) echo "usage: scripts/fuzz.sh short|long [target...]" >&2; exit 2 ;;
esac
targets=("$@")
((${#targets[@]})) || targets=(analyzer query corpus jsonl http)

BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
cmake -S . -B "$BUILD_DIR" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DHERITAGE_FUZZ=ON -DBUILD_TESTING=OFF -DHERITAGE_BENCH=OFF >/dev/null
cmake --build "$BUILD_DIR" -j "${JOBS:-$(nproc)}" --target "${targets[@]/#/fuzz_}"

declare -A max_len=([analyzer]=4096 [query]=4096 [corpus]=8192 [jsonl]=4096 [http]=9000)
declare -A dict=([query]=query [http]=http [corpus]=corpus [jsonl]=corpus)
mkdir -p "$BUILD_DIR/fuzz-artifacts"
failed=0
for t in "${targets[@]}"; do
    work="$BUILD_DIR/fuzz-corpus/$t"
    log="$BUILD_DIR/fuzz-$t.log"
    mkdir -p "$work"
    args=(-max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1
          -max_len="${max_len[$t]}" -artifact_prefix="$BUILD_DIR/fuzz-artifacts/$t-")
    [[ -n "${dict[$t]:-}" ]] && args+=(-dict="tests/fuzz/${dict[$t]}.dict")
    status=0
    "$BUILD_DIR/bin/fuzz_$t" "${args[@]}" "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1 || status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    new=$(sed -n 's/^stat::new_units_added: *//p' "$log")
    if ((status == 0)); then
        echo "fuzz_$t: ${execs:-?} executions in ${seconds} s, ${new:-?} new inputs, no crash"
    else
        failed=1
        echo "fuzz_$t: FAILED after ${execs:-?} executions (exit $status); see $log:"
        grep -E "ERROR|invariant failed|SUMMARY|Test unit written" "$log" | head -5 || true
    fi
done
exit "$failed"
