#!/usr/bin/env python3
"""Splits the seed text into corpus documents, one per section, wording unchanged.

Run from the repository root: scripts/split_seed.py ../shared/seed/000_519812d40af8c7ba.txt
Writes corpus/roros/*.md. The inline credits ("Source by ...") stay in the bodies, where the
indexer reads them as attribution; the header's source repeats the credit that closes each part.
"""
import sys
from pathlib import Path

SECTIONS = [
    # (file, id, title, first words of the section's body, source)
    ("01-about-roros.md", "roros/about-roros", "About Røros", "Røros is a town", "Wikipedia",
     "https://en.wikipedia.org/wiki/R%C3%B8ros"),
    ("02-history-and-culture.md", "roros/history-and-culture", "History and culture",
     "In the midst of the Røros region", "Visit Norway", ""),
    ("03-olavsgruva-mine.md", "roros/olavsgruva-mine", "Olavsgruva Mine", "A tour of the Olavsgruva",
     "Visit Norway", ""),
    ("04-bergstadens-ziir.md", "roros/bergstadens-ziir", "Bergstadens Ziir", "Combine the guided",
     "Visit Norway", ""),
    ("05-smelthytta.md", "roros/smelthytta", "Smelthytta", "The melting hut", "Visit Norway", ""),
    ("06-hiort-engan-studiogalleri.md", "roros/hiort-engan-studiogalleri",
     "Hiort-Engan Studiogalleri", "One of the most multi-faceted", "Visit Norway", ""),
    ("07-vingelen.md", "roros/vingelen", "The mountain village of Vingelen",
     "This is one of the very few", "Visit Norway", ""),
]


def main():
    seed = Path(sys.argv[1])
    text = seed.read_text(encoding="utf-8")
    starts = [text.index(s[3]) for s in SECTIONS] + [len(text)]
    out = Path("corpus/roros")
    out.mkdir(parents=True, exist_ok=True)
    for i, (name, doc_id, title, _, source, url) in enumerate(SECTIONS):
        body = text[starts[i]:starts[i + 1]]
        # Drop the next section's heading line (and blank lines) from the end of this body.
        nxt = SECTIONS[i + 1][2] if i + 1 < len(SECTIONS) else None
        body = body.rstrip()
        if nxt and body.endswith(nxt):
            body = body[: -len(nxt)].rstrip()
        header = [f"id: {doc_id}", f"title: {title}", "lang: en", f"source: {source}"]
        if url:
            header.append(f"url: {url}")
        header.append(f"seed: {seed.name}")
        (out / name).write_text("---\n" + "\n".join(header) + "\n---\n\n" + body + "\n",
                                encoding="utf-8")


if __name__ == "__main__":
    main()
