#!/usr/bin/env python3
# Learns the placement table of searcher/answer_rules.cpp from qa_eval's --trace and --dump.
"""Usage:
    build/bin/qa_eval DATA.json --trace T.tsv --dump D.jsonl --no-baseline   (one or more sets)
    bench/qa_fit_placement.py T1.tsv:D1.jsonl [T2.tsv:D2.jsonl ...]

For every question whose chosen passages hold a sentence with a gold answer, the candidates of
the first such sentence are one softmax group; the target is the candidates holding a gold answer
(for answer types with a form of their own, only the shortest of them). A linear model per
expected type over the placement features is fitted by gradient descent and printed as the C++
table. Plain Python, no packages.
"""
import collections
import json
import math
import random
import sys

TYPES = ["any", "date", "number", "measure", "person", "place", "name", "thing", "reason",
         "manner"]
FEATURES = ["form", "distance", "follows", "precedes", "length", "digits", "capitals"]
TYPED = {"date", "number", "measure", "person", "place", "name"}


def norm(text):
    return " ".join(text.casefold().split())


def groups(trace_path, dump_path):
    golds = {}
    with open(dump_path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            golds[r["id"]] = [norm(g) for g in r["golds"]]
    out, question, sentence_gold, current = [], None, False, None
    with open(trace_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if p[0] == "Q":
                question, current = golds.get(p[1], []), None
            elif p[0] == "S":
                if current is not None:  # this question already has its group
                    sentence_gold = False
                    continue
                text = norm(p[8])
                sentence_gold = any(g in text for g in question)
                if sentence_gold:
                    current = []
                    out.append(current)
            elif p[0] == "C" and sentence_gold and current is not None:
                fitness, d, kind, before, after = float(p[1]), int(p[2]), p[3], int(p[4]), int(p[5])
                cap, digits, expected, text = p[8] == "1", p[9] == "1", p[10], norm(p[11])
                ok = len(text) <= 60 and any(g in text for g in question)
                x = {"form": fitness, "distance": math.log(1 + min(d, 30)),
                     "follows": float(before == 1), "precedes": float(after == 1),
                     "length": len(text) / 60, "digits": float(digits), "capitals": float(cap)}
                current.append((expected, x, ok, len(text)))
    return [g for g in out if any(c[2] for c in g)]


def targets(group):
    expected = group[0][0]
    if expected not in TYPED:
        return [1.0 if c[2] else 0.0 for c in group]
    shortest = min(c[3] for c in group if c[2])
    return [1.0 if c[2] and c[3] <= shortest else 0.0 for c in group]


def score(w, c):
    return sum(w[c[0], f] * v for f, v in c[1].items())


def fit(data, epochs=20, rate=0.1, l2=1e-3):
    w = collections.defaultdict(float)
    for t in TYPES:
        w[t, "form"], w[t, "distance"] = 2.0, -0.5
    for _ in range(epochs):
        random.shuffle(data)
        for g in data:
            t = targets(g)
            total = sum(t)
            s = [score(w, c) for c in g]
            top = max(s)
            e = [math.exp(v - top) for v in s]
            z = sum(e)
            for c, ei, ti in zip(g, e, t):
                grad = ei / z - ti / total
                for f, v in c[1].items():
                    w[c[0], f] -= rate * (grad * v + l2 * w[c[0], f])
    return w


def accuracy(data, w):
    return sum(max(g, key=lambda c: score(w, c))[2] for g in data) / max(1, len(data))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    random.seed(0)
    data = []
    for arg in sys.argv[1:]:
        trace, dump = arg.split(":")
        data += groups(trace, dump)
    w = fit(data)
    print(f"// {len(data)} sentences; the chosen candidate holds a gold answer in "
          f"{accuracy(data, w):.3f} of them")
    for t in TYPES:
        print(f"        /* {t:<7} */ {{{', '.join(f'{w[t, f]:.2f}' for f in FEATURES)}}},")


if __name__ == "__main__":
    main()
