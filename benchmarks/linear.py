"""Does each extractor's time grow linearly with the document? 1× vs 4× the same text.

    python benchmarks/linear.py

Long documents are real: a scraped archive can hold a whole site's pages run together on
one line. Each row times one extractor on a made-up text of ~60–100k characters (the long
documents of tests/cases/long_documents.py, whose tests check what they give) and on
four copies of it (best of a few runs, CPU time); a ratio near 4 is linear, 16 quadratic.
Target: every ratio < 8. (This used to be asserted in the unit tests; timings belong here.)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from cases.long_documents import (FIGURE_SLOGANS, REGION_UNIT, SLOGAN_UNITS,  # noqa: E402
                                  distinct_slogans, figure_text)
from dangjian_nlp.figures import find_figures  # noqa: E402
from dangjian_nlp.regions import resolve_region  # noqa: E402
from dangjian_nlp.slogans import find_slogans  # noqa: E402
from dangjian_nlp.structure import make_document  # noqa: E402


def seconds(fn, text: str, runs: int = 3) -> float:
    doc = make_document(text)
    fn(doc)  # warm: tables, caches
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        fn(doc)
        best = min(best, time.process_time() - t)
    return best


def main() -> None:
    cases = [
        ("figures, one line", lambda d: find_figures(d, FIGURE_SLOGANS), figure_text(500, "line")),
        ("figures, under headings", lambda d: find_figures(d, FIGURE_SLOGANS), figure_text(500, "headed")),
        ("regions, ambiguous names", resolve_region, REGION_UNIT * 500),
        ("slogans, many distinct", find_slogans, distinct_slogans(5000)),
    ] + [(f"slogans, {u!r} repeated", find_slogans, u * (250_000 // len(u))) for u in SLOGAN_UNITS]
    print(f"{'':<38} {'chars':>9} {'1x s':>8} {'4x s':>8} {'ratio':>6}  (< 8 is the target)")
    worst = 0.0
    for name, fn, text in cases:
        t1, t4 = seconds(fn, text), seconds(fn, text * 4)
        ratio = t4 / max(t1, 1e-9)
        worst = max(worst, ratio)
        print(f"{name:<38} {len(text):>9,} {t1:8.3f} {t4:8.3f} {ratio:6.1f}  {'' if ratio < 8 else 'NOT LINEAR'}",
              flush=True)
    print(f"worst ratio {worst:.1f}: {'linear' if worst < 8 else 'some step is worse than linear'}")


if __name__ == "__main__":
    main()
