#!/usr/bin/env bash
# Abstention on questions in the corpus's own language: each set's articles are split into two
# halves; each half is indexed, asked its own questions, and asked up to 500 of the other half's,
# which it mostly cannot answer. qa_eval.sh asks each set's questions of the other set's index
# instead, where the other language alone gives them away. Prints, per half, answer-in-passage
# and how many of the other half's questions got an answer (and how many of those answers hold
# the question's own gold answer: a text that repeats another's, as NorQuAD's news items do).
# Extra arguments go to qa_eval (e.g. --min-confidence 0.2). BUILD_DIR defaults to build/,
# DATASETS to ../shared/datasets.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/qa_common.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$DATASETS/norquad/validation.json" \
    "$DATASETS/squad/dev-v1.1-articles-00-23.json" <<'PY'
import json, sys
work = sys.argv[1]
for name, path in (("norquad", sys.argv[2]), ("squad", sys.argv[3])):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    articles = data["data"]
    half = len(articles) // 2
    for tag, part in (("a", articles[:half]), ("b", articles[half:])):
        with open(f"{work}/{name}-{tag}.json", "w", encoding="utf-8") as out:
            json.dump({"version": data.get("version", ""), "data": part}, out, ensure_ascii=False)
PY
for set in norquad squad; do
    for half in a b; do
        other=$([ "$half" = a ] && echo b || echo a)
        echo "== $set, half $half (questions of half $other as unanswerable)"
        if ! nice "$BUILD_DIR/bin/qa_eval" "$work/$set-$half.json" --no-baseline \
            --unanswerable "$work/$set-$other.json" "$@" >"$work/out" 2>"$work/log"; then
            cat "$work/log" >&2
            exit 1
        fi
        # (the table's baseline column is empty: --no-baseline)
        grep -E "^\| (answer-in-passage|short-answer)" "$work/out" | cut -d'|' -f2,3
        grep "not answerable here" "$work/out" | sed "s|$work/||"
    done
done
