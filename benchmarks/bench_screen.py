"""Benchmark: screening recall on the labelled sources, precision on generated negatives.

Every article of the source folder is a union programme report (relevant);
the negatives are ``unionanalysis.screen.samples.irrelevant_texts`` (seeded
templates, 25 per kind). Prints a Markdown section for ``docs/benchmarks.md``.
"""

from __future__ import annotations

from unionanalysis.archive import cleaned, iter_articles
from unionanalysis.paths import sources_dir
from unionanalysis.screen import THRESHOLD, score_text
from unionanalysis.screen.samples import KINDS, irrelevant_texts
from unionanalysis.text import clean


def main() -> None:
    root = sources_dir(required=True)
    relevant = [score_text(cleaned(a)).score for a in iter_articles([root])]
    negatives = [(k, score_text(clean(t)).score) for k, t in irrelevant_texts(25, seed=0)]
    for threshold in (0.5, THRESHOLD, 0.7, 0.8):
        tp = sum(s >= threshold for s in relevant)
        fp = sum(s >= threshold for _, s in negatives)
        precision = tp / (tp + fp) if tp + fp else float("nan")
        mark = " (default)" if threshold == THRESHOLD else ""
        print(
            f"| {threshold:g}{mark} | {tp}/{len(relevant)} = {tp / len(relevant):.3f} | "
            f"{fp}/{len(negatives)} | {precision:.3f} |"
        )
    print()
    print(f"Lowest relevant score {min(relevant):.3f}; highest negative score by kind:")
    print(", ".join(f"{k} {max(s for kk, s in negatives if kk == k):.2f}" for k in KINDS))


if __name__ == "__main__":
    main()
