"""Records → pandas tables and files (JSONL, CSV, Parquet)."""
from __future__ import annotations

import json
from typing import IO, Iterable

from .records import Record

FORMATS = ("jsonl", "csv", "parquet")


def record_dict(r) -> dict:
    return r.to_dict() if isinstance(r, Record) else dict(r)


def to_frames(records: Iterable) -> dict:
    """Tidy tables, one row per document / slogan / figure / practice / error.

    Child tables carry `doc_id` and their index within the document; a figure's `slogan`
    index is resolved to `slogan_text`, a slogan's `parent` to `parent_text`.
    """
    import pandas as pd

    docs, slogans, figures, practices, errors = [], [], [], [], []
    for r in records:
        d = record_dict(r)
        reg = d.get("region") or {}
        docs.append({
            "doc_id": d.get("doc_id"), "title": d.get("title"), "date": d.get("date"),
            "source": d.get("source"), "author": d.get("author"), "script": d.get("script"),
            "masked": d.get("masked"), "stripped": "".join(d.get("stripped") or []),
            "province": reg.get("province"), "city": reg.get("city"),
            "county": reg.get("county"), "zone": reg.get("zone"), "adcode": reg.get("adcode"),
            "n_slogans": len(d.get("slogans") or []), "n_figures": len(d.get("figures") or []),
            "path": d.get("path"), "encoding": d.get("encoding"), "error": d.get("error"),
        })
        sl = d.get("slogans") or []
        texts = [s.get("text") for s in sl]
        for i, s in enumerate(sl):
            p = s.get("parent")
            slogans.append({"doc_id": d.get("doc_id"), "index": i, **s,
                            "parent_text": texts[p] if isinstance(p, int) and 0 <= p < len(texts) else None})
        for i, f in enumerate(d.get("figures") or []):
            k = f.get("slogan")
            figures.append({"doc_id": d.get("doc_id"), "index": i, **f,
                            "slogan_text": texts[k] if isinstance(k, int) and 0 <= k < len(texts) else None})
        for i, p in enumerate(d.get("practices") or []):
            practices.append({"doc_id": d.get("doc_id"), "index": i, **p})
        if d.get("error"):
            errors.append({"doc_id": d.get("doc_id"), "path": d.get("path"), "error": d.get("error")})
    cols = {
        "slogans": ["doc_id", "index", "text", "numbers", "head", "start", "end", "mentions",
                    "items", "parent", "parent_text", "declared", "consistent"],
        "figures": ["doc_id", "index", "text", "value", "unit", "approx", "object",
                    "change_from", "start", "end", "slogan", "slogan_text", "section"],
        "practices": ["doc_id", "index", "type", "start", "end", "section", "score"],
        "errors": ["doc_id", "path", "error"],
    }
    out = {"documents": pd.DataFrame(docs)}
    for name, rows in (("slogans", slogans), ("figures", figures),
                       ("practices", practices), ("errors", errors)):
        df = pd.DataFrame(rows)
        out[name] = df.reindex(columns=list(dict.fromkeys(cols[name] + list(df.columns))))
    return out


def write_jsonl(records: Iterable, fh: IO[str]) -> int:
    """One JSON object per line (SPEC §6); returns how many records had an error."""
    bad = 0
    for r in records:
        d = record_dict(r)
        bad += bool(d.get("error"))
        fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    return bad


def write_table(records: Iterable, path: str, fmt: str) -> int:
    """CSV or Parquet: one row per document, nested fields as JSON text."""
    import pandas as pd

    rows, bad = [], 0
    for r in records:
        d = record_dict(r)
        bad += bool(d.get("error"))
        rows.append({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
                     for k, v in d.items()})
    df = pd.DataFrame(rows)
    if fmt == "csv":
        df.to_csv(path, index=False)
    else:
        df.to_parquet(path, index=False)
    return bad
