#!/usr/bin/env bash
# README command 1: install what is missing, build, index the bundled corpus, serve it.
# PORT (default 8080) and HOST (default 127.0.0.1) choose where heritage-server listens.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
mkdir -p var
build/bin/heritage-index --db var/index corpus
exec build/bin/heritage-server --db var/index --host "${HOST:-127.0.0.1}" --port "${PORT:-8080}"
