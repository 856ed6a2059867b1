"""Robustness run: the real reports written as legacy-encoded files must read back as the
same text, with the right encoding named, and give the records the UTF-8 text gives.

    python benchmarks/encodings.py

Each report of ../shared/bulk/reports.jsonl (read there, never copied) is written to a
temporary folder as GB18030, as Big5 (converted to traditional; characters Big5 lacks
become '?') and, one in four, as UTF-16-LE without a BOM; `corpus.read` reads the folder.
Prints what was read as what, the files whose text or records differ, and exits 1 if any.
"""
from __future__ import annotations

import collections
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BULK = ROOT.parent / "shared" / "bulk" / "reports.jsonl"
sys.path.insert(0, str(ROOT))

# (file suffix, codec written, encoding the reader must name, traditional?)
VARIANTS = [("gb", "gb18030", "gb18030", False), ("big5", "big5", "big5", True),
            ("u16", "utf-16-le", "utf_16_le", False)]


def main() -> int:
    from opencc import OpenCC

    from dangjian_nlp.corpus import read
    from dangjian_nlp.pipeline import extract, extract_item

    if not BULK.is_file():
        sys.exit(f"{BULK} not found")
    s2t = OpenCC("s2t")
    texts = [json.loads(line)["text"] for line in open(BULK, encoding="utf-8")]
    expected = {}  # file stem -> (encoding, text as written)
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(texts):
            for suffix, codec, name, trad in VARIANTS:
                if suffix == "u16" and i % 4:
                    continue
                t = s2t.convert(text) if trad else text
                data = t.encode(codec, "replace")
                expected[f"{i:03d}_{suffix}"] = (name, data.decode(codec))
                (Path(tmp) / f"{i:03d}_{suffix}.txt").write_bytes(data)
        seen = collections.Counter()
        bad = []
        for item in read([tmp]):
            name, text = expected[item.doc_id]
            seen[(item.doc_id.split("_")[1], item.encoding)] += 1
            if item.error or item.encoding != name or item.text.strip() != text.strip():
                bad.append(f"{item.doc_id}: read as {item.encoding} ({item.error or 'other text'})")
                continue
            if name != "big5":  # Big5's '?' replacements may change what is found
                i = int(item.doc_id[:3])
                a, b = extract_item(item).to_dict(), extract(texts[i]).to_dict()
                diff = [k for k in ("slogans", "figures", "practices", "region") if a[k] != b[k]]
                if diff:
                    bad.append(f"{item.doc_id}: {', '.join(diff)} differ from the UTF-8 text's")
    print(f"{sum(seen.values())} files read: "
          + ", ".join(f"{k[0]} as {k[1]}: {v}" for k, v in sorted(seen.items(), key=str)))
    for line in bad:
        print("  " + line)
    print(f"{len(bad)} file(s) differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
