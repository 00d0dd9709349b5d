#!/usr/bin/env python3
# Learns the placement table of searcher/answer_rules.cpp from qa_eval's --trace and --dump.
"""Usage:
    build/bin/qa_eval DATA.json --trace T.tsv --dump D.jsonl --no-baseline   (one or more sets)
    bench/qa_fit_placement.py [--even] T1.tsv:D1.jsonl[:COPIES] [T2.tsv:D2.jsonl[:COPIES] ...]

For every question whose chosen passages hold a sentence with a gold answer, the candidates of
the first such sentence are one softmax group. The target is the shortest candidates holding a
gold answer (≤ 60 characters), and at 0.3 of that the longer ones holding it: a crisp answer is
better than a long chunk around it, but the chunk is better than a miss. A linear model per
expected type (plus a part shared by all types) over the placement features is fitted by
gradient descent and printed as the C++ table. COPIES counts a set's groups that many times (to
weigh a small set up); --even uses the even-numbered questions only, so that the odd ones are
left to check the fit on. Plain Python, no packages.
"""
import collections
import json
import math
import random
import sys

TYPES = ["any", "date", "number", "measure", "person", "place", "name", "thing", "reason",
         "manner"]
# In the order of struct Placement's fields.
FEATURES = ["form", "distance", "follows", "precedes", "length", "digits", "capitals",
            "proximity", "spread", "inside", "words", "chunk", "typed", "opening", "left",
            "alone", "lead", "tail", "article", "starts", "ends", "focus", "echo"]
OF_TYPE = {"date": {"date"}, "number": {"number", "measure"}, "measure": {"measure"},
           "person": {"name"}, "place": {"name", "place"}, "name": {"name", "thing"}}


def norm(text):
    return " ".join(text.casefold().split())


def sentence_words(field):
    """The S line's word field: per word its question word index (-1: none) and its flags ("s"
    stop word, "c" capital, "p" a phrase break before it, "a" article, "f" the question's focus noun)."""
    return [(int(t.rstrip("scpaf")), t.lstrip("-0123456789")) for t in field.split(",")] \
        if field else []


def features(c, words):
    """The features of one candidate, as Reader::placement_score computes them."""
    a, b = c["first"], c["last"]
    qwords = [q for q, _ in words]
    flags = [f for _, f in words]
    nearest = {}
    inside = 0
    for k, q in enumerate(qwords):
        if q < 0:
            continue
        if a <= k <= b:
            inside += 1
            continue
        d = a - k if k < a else k - b
        nearest[q] = min(d, nearest.get(q, d))
    distinct = max(1, len(nearest))
    left = len({q for k, q in enumerate(qwords[:a]) if q >= 0})
    right = len({q for q in qwords[b + 1:] if q >= 0})
    n = b - a + 1
    return {
        "form": c["fitness"],
        "distance": math.log(1 + min(c["d"], 30)),
        "follows": float(c["before"] == 1),
        "precedes": float(c["after"] == 1),
        "length": len(c["text"]) / 60,
        "digits": float(c["digits"]),
        "capitals": float(c["capitals"]),
        "proximity": sum(1 / (1 + d) for d in nearest.values()) / distinct,
        "spread": sum(math.log(1 + min(d, 30)) for d in nearest.values()) / distinct,
        "inside": inside / n,
        "words": math.log(1 + n),
        "chunk": float(c["kind"] == "any"),
        "typed": float(c["kind"] in OF_TYPE.get(c["expected"], ())),
        "opening": float(a == 0),
        "left": left / max(1, left + right),
        "alone": float(not nearest),
        "lead": float("s" in flags[a] and "a" not in flags[a]),
        "tail": float("s" in flags[b]),
        "article": float("a" in flags[a]),
        "starts": float(a == 0 or "p" in flags[a]),
        "ends": float(b + 1 == len(flags) or "p" in flags[b + 1]),
        "focus": float(any("f" in flags[k] for k in range(a, b + 1))),
        "echo": float(any(qwords[k] >= 0 and "f" not in flags[k] for k in range(a, b + 1))),
    }


def groups(trace_path, dump_path, even):
    golds = {}
    with open(dump_path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            golds[r["id"]] = [norm(g) for g in r["golds"]]
    out, question, sentence_gold, current, words, number = [], None, False, None, [], -1
    with open(trace_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if p[0] == "Q":
                number += 1
                question, current = golds.get(p[1], []), None
                if even and number % 2:
                    question = []
            elif p[0] == "S":
                if current is not None:  # this question already has its group
                    sentence_gold = False
                    continue
                text = norm(p[8])
                sentence_gold = bool(question) and any(g in text for g in question)
                if sentence_gold:
                    words = sentence_words(p[9] if len(p) > 9 else "")
                    current = []
                    out.append(current)
            elif p[0] == "C" and sentence_gold and current is not None:
                c = {"fitness": float(p[1]), "d": int(p[2]), "kind": p[3], "before": int(p[4]),
                     "after": int(p[5]), "first": int(p[6]), "last": int(p[7]),
                     "capitals": p[8] == "1", "digits": p[9] == "1", "expected": p[10],
                     "text": norm(p[11])}
                ok = len(c["text"]) <= 60 and any(g in c["text"] for g in question)
                current.append((c["expected"], features(c, words), ok, len(c["text"])))
    return [g for g in out if any(c[2] for c in g)]


def targets(group):
    shortest = min(c[3] for c in group if c[2])
    return [(1.0 if c[3] <= shortest else 0.3) if c[2] else 0.0 for c in group]


def score(w, c):
    return sum((w[c[0], f] + w["*", f]) * v for f, v in c[1].items())


def fit(data, epochs=15, rate=0.05, l2=1e-3, shared=0.5, averaged=10):
    """Stochastic gradient descent; the weights returned are the mean of those after each of the
    last `averaged` epochs, since at a fixed rate the last epoch's are noisy: questions of the
    bundled corpus's test went right or wrong from one epoch count to the next."""
    w = collections.defaultdict(float)
    mean = collections.defaultdict(float)
    for epoch in range(epochs):
        random.shuffle(data)
        for g in data:
            t = targets(g)
            total = sum(t)
            s = [score(w, c) for c in g]
            top = max(s)
            e = [math.exp(v - top) for v in s]
            z = sum(e)
            for c, ei, ti in zip(g, e, t):
                grad = ti / total - ei / z
                for f, v in c[1].items():
                    w[c[0], f] += rate * (grad * v - l2 * w[c[0], f])
                    w["*", f] += rate * shared * grad * v
        if epoch >= epochs - averaged:
            for k, v in w.items():
                mean[k] += v / averaged
    return mean


def accuracy(data, w):
    return sum(max(g, key=lambda c: score(w, c))[2] for g in data) / max(1, len(data))


def main():
    args = [a for a in sys.argv[1:] if a != "--even"]
    if not args:
        sys.exit(__doc__)
    random.seed(0)
    data = []
    for arg in args:
        parts = arg.split(":")
        copies = int(parts[2]) if len(parts) > 2 else 1
        data += groups(parts[0], parts[1], "--even" in sys.argv) * copies
    w = fit(data)
    print(f"// {len(data)} sentences; the chosen candidate holds a gold answer in "
          f"{accuracy(data, w):.3f} of them")
    half = len(FEATURES) // 2
    for t in TYPES:
        values = [f"{w[t, f] + w['*', f]:.2f}" for f in FEATURES]
        print(f"        /* {t:<7} */ {{{', '.join(values[:half])},")
        print(f"{' ' * 23}{', '.join(values[half:])}}},")


if __name__ == "__main__":
    main()
