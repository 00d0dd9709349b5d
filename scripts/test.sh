#!/usr/bin/env bash
# README command 2 (and .ci/run): install what is missing, build, run the whole test suite.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser test drives node, chromium and chromedriver; scripts/fuzz.sh needs clang and libFuzzer.
scripts/install-deps.sh nodejs chromium chromium-driver clang libclang-rt-14-dev
scripts/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)")
# The same suite under AddressSanitizer and UBSan, then about a minute of fuzzing of the analyzer,
# query, corpus, JSON Lines and HTTP targets. HERITAGE_QUICK_TEST=1 skips both (a quick local
# check; CI always runs them).
if [ "${HERITAGE_QUICK_TEST:-0}" != 1 ]; then
    scripts/test-sanitizers.sh
    scripts/fuzz.sh short
fi
