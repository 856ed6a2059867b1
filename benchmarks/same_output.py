"""Did a speed change alter any output? Records of the benchmark corpus, saved and compared.

    python benchmarks/same_output.py save /tmp/before.jsonl     # before the change
    python benchmarks/same_output.py check /tmp/before.jsonl    # after: differences, by field
    python benchmarks/same_output.py check /tmp/before.jsonl --show 5   # and a few examples

The corpus is the one benchmarks/bench.py builds (--mb, default 20); records are written
outside the project (they hold text of the real reports).
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def records(mb: float):
    import bench
    from dangjian_nlp.pipeline import extract

    for doc_id, text in bench.build_corpus(mb):
        yield extract(text, doc_id).to_dict()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("action", choices=["save", "check"])
    ap.add_argument("path")
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--show", type=int, default=0, help="print this many differing examples per field")
    args = ap.parse_args()
    if args.action == "save":
        with open(args.path, "w", encoding="utf-8") as fh:
            for rec in records(args.mb):
                fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
        return
    with open(args.path, encoding="utf-8") as fh:
        before = [json.loads(line) for line in fh]
    diffs, shown, n = collections.Counter(), collections.Counter(), 0
    for old, new in zip(before, records(args.mb)):
        n += 1
        new = json.loads(json.dumps(new, ensure_ascii=False, sort_keys=True))
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                diffs[key] += 1
                if shown[key] < args.show:
                    shown[key] += 1
                    print(f"--- {old.get('doc_id')} {key}\n  before: {json.dumps(old.get(key), ensure_ascii=False)[:600]}"
                          f"\n  after:  {json.dumps(new.get(key), ensure_ascii=False)[:600]}")
    if n != len(before):
        print(f"document count differs: {len(before)} before, {n} now")
    print(f"{n} records compared; differing fields: " + (", ".join(f"{k}={v}" for k, v in diffs.items()) or "none"))
    sys.exit(1 if diffs or n != len(before) else 0)


if __name__ == "__main__":
    main()
