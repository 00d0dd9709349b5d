#!/usr/bin/env bash
# Question-answering evaluation: builds qa_eval if needed and runs it on NorQuAD (validation) and
# SQuAD v1.1 dev (articles 0-23), heritage-search against the plain Xapian baseline. Each set's
# questions are also asked of the other set's index, where they have no answer, to check that
# ask abstains. Extra arguments go to qa_eval (e.g. --every 3 for a quick run).
# BUILD_DIR defaults to build/, DATASETS to ../shared/datasets.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/qa_common.sh
norquad="$DATASETS/norquad/validation.json"
squad="$DATASETS/squad/dev-v1.1-articles-00-23.json"
nice "$BUILD_DIR/bin/qa_eval" "$norquad" --unanswerable "$squad" "$@"
nice "$BUILD_DIR/bin/qa_eval" "$squad" --unanswerable "$norquad" "$@"
