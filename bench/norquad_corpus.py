#!/usr/bin/env python3
"""Writes the NorQuAD heritage articles bundled in corpus/norquad/ (re-run to regenerate).

Reads the CC0 NorQuAD validation split (../shared/datasets/norquad/validation.json by default),
picks the articles named in ARTICLES (old works, fortresses, churches, towns) and writes each as
a corpus file crediting NorQuAD and the Wikipedia article it was taken from.
Usage: bench/norquad_corpus.py [validation.json] [out_dir]
"""
import json
import os
import re
import sys
import unicodedata
import urllib.parse

# Title of the NorQuAD context (its first line) -> file name stem.
ARTICLES = {
    "Blaafarveværket": "blaafarvevaerket",
    "Akershus slott og festning": "akershus-slott-og-festning",
    "Fjell festning": "fjell-festning",
    "Gotisk arkitektur": "gotisk-arkitektur",
    "Byutvidelser i Oslos historie": "byutvidelser-i-oslos-historie",
    "Bispegata (Oslo)": "bispegata-oslo",
    "Olav Tryggvasons gate (Trondheim)": "olav-tryggvasons-gate-trondheim",
    "Stjørdal": "stjordal",
    "Mosjøen": "mosjoen",
    "Bodø": "bodo",
    "Lofotfiskets historie": "lofotfiskets-historie",
    "Ranens Beskrivelse": "ranens-beskrivelse",
    "Nord-Trøndelag": "nord-trondelag",
}

HEADER = """---
id: norquad/{slug}
title: {title}
lang: nb
source: NorQuAD (Ivanova et al., NoDaLiDa 2023), from Norwegian Wikipedia
url: {url}
licence: CC0 1.0 as distributed in NorQuAD; original article text by Wikipedia contributors, CC BY-SA
dataset: NorQuAD validation split, github.com/ltgoslo/NorQuAD
---

"""


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "datasets",
                                                               "norquad", "validation.json")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "corpus", "norquad")
    data = json.load(open(src, encoding="utf-8"))["data"]
    os.makedirs(out, exist_ok=True)
    written = set()
    for entry in data:
        for para in entry["paragraphs"]:
            lines = [l.strip() for l in para["context"].split("\n")]
            title = lines[0]
            if title not in ARTICLES or title in written:
                continue
            written.add(title)
            # Lines of the context are its paragraphs (captions included); ":"-lines are
            # Wikipedia disambiguation hints, not text.
            body = [l for l in lines[1:] if l and not l.startswith(":")]
            url = "https://no.wikipedia.org/wiki/" + urllib.parse.quote(title.replace(" ", "_"))
            text = HEADER.format(slug=ARTICLES[title], title=title, url=url)
            text += "\n\n".join(re.sub(r"\s+", " ", l) for l in body) + "\n"
            with open(os.path.join(out, ARTICLES[title] + ".md"), "w", encoding="utf-8") as f:
                f.write(unicodedata.normalize("NFC", text))
    missing = set(ARTICLES) - written
    if missing:
        sys.exit("not found in NorQuAD: " + ", ".join(sorted(missing)))
    print(f"wrote {len(written)} articles to {out}")


if __name__ == "__main__":
    main()
