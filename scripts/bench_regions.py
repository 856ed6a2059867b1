"""Speed of the gazetteer matcher and the region resolver on a JSONL of reports.

Usage: python scripts/bench_regions.py [../shared/bulk/reports.jsonl]

Prints the load time, the matcher's MB/s and names/s over the concatenated texts, the same
for a one-regex alternation of every name (the approach the automaton replaces; on a sample,
it is slow), and documents/s of make_document + resolve_region.
"""
from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from dangjian_nlp.regions import find_mentions, gazetteer, resolve_region
from dangjian_nlp.structure import make_document


def main(path: str) -> None:
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    text = "\n".join(r["text"] for r in rows)
    mb = len(text.encode("utf-8")) / 1e6

    t = time.perf_counter()
    g = gazetteer()
    print(f"gazetteer load: {time.perf_counter() - t:.3f}s, {len(g.names)} names")

    t = time.perf_counter()
    n = sum(1 for _ in g.matches(text))
    dt = time.perf_counter() - t
    print(f"automaton: {mb:.1f} MB, {n} matches in {dt:.3f}s = {mb / dt:.1f} MB/s, {len(text) / dt / 1e6:.1f} M chars/s")

    t = time.perf_counter()
    n = len(find_mentions(text))
    dt = time.perf_counter() - t
    print(f"find_mentions (guards applied): {n} in {dt:.3f}s = {mb / dt:.1f} MB/s")

    sample = text[:200_000]
    rx = re.compile("|".join(sorted(map(re.escape, g.names), key=len, reverse=True)))
    t = time.perf_counter()
    n = sum(1 for _ in rx.finditer(sample))
    dt = time.perf_counter() - t
    print(f"regex alternation (200k-char sample): {n} matches, {len(sample.encode()) / 1e6 / dt:.2f} MB/s")

    t = time.perf_counter()
    for r in rows:
        resolve_region(make_document(r["text"], r.get("id")))
    dt = time.perf_counter() - t
    print(f"make_document + resolve_region: {len(rows)} docs in {dt:.2f}s = {len(rows) / dt:.0f} docs/s")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[2] / "shared" / "bulk" / "reports.jsonl"))
