#!/usr/bin/env bash
# Builds everything with AddressSanitizer and UndefinedBehaviorSanitizer in build-asan/
# (-DHERITAGE_SANITIZE=ON) and runs the whole test suite under them. Any report fails the run.
# Usage: scripts/test-sanitizers.sh [ctest arguments, e.g. -R bad_input]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${ASAN_BUILD_DIR:-build-asan}
JOBS=${JOBS:-$(nproc)}
# -O1 -g1: quicker to build than -O2 -g, still fast enough to run and with usable stacks.
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" \
    -DHERITAGE_SANITIZE=ON -DHERITAGE_BENCH=OFF >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS"
# halt_on_error: the first report fails the test that caused it. Leak checking stays on (LSan).
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
cd "$BUILD_DIR"
ctest --output-on-failure -j "$JOBS" "$@"
