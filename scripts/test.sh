#!/usr/bin/env bash
# README command 2 (and .ci/run): install what is missing, build, run the whole test suite.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh nodejs chromium chromium-driver  # the browser test drives these
scripts/build.sh
cd build
ctest --output-on-failure -j "$(nproc)"
