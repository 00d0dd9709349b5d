#!/usr/bin/env bash
# Scale benchmarks against a plain Xapian program (see bench/scale.py --help), at the lowest
# CPU priority: the machine may be shared. Builds the programs first (Release, -j2).
#   bench/scale.sh                                  # 10 MB, 50 MB and all of both datasets
#   bench/scale.sh --sizes 10 --http-seconds 5      # a quick run
#   bench/scale.sh --sizes 10 --repeat 3            # indexing medians of three rounds
#   bench/scale.sh --memory-seconds 600             # with the 10-minute server memory run
#   bench/scale.sh --sets enwiki --sizes 10 --memory-seconds 600 --memory-endpoint /api/ask
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
nice -n 19 cmake --build "$BUILD_DIR" -j 2 --target heritage-index heritage-search \
    heritage-server plain_xapian scale_search >/dev/null
exec nice -n 19 python3 bench/scale.py --build "$BUILD_DIR" "$@"
