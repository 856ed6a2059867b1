"""Records → pandas tables, files (JSONL, CSV, Parquet) and an embedded DuckDB store."""
from __future__ import annotations

import json
import os
import time
from typing import IO, Iterable, Iterator

from .records import Record

FORMATS = ("jsonl", "csv", "parquet", "duckdb")


def _json_default(o):
    """numpy scalars and arrays, sets, anything else an extractor may leave in a record."""
    if hasattr(o, "tolist"):
        return o.tolist()
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    return str(o)


def dumps(d) -> str:
    return json.dumps(d, ensure_ascii=False, default=_json_default)


def record_dict(r) -> dict:
    return r.to_dict() if isinstance(r, Record) else dict(r)


# Columns of the child tables (to_frames puts any further fields of a record after them).
COLUMNS = {
    "documents": ["doc_id", "title", "date", "source", "author", "script", "masked", "stripped",
                  "province", "city", "county", "zone", "adcode", "n_slogans", "n_figures",
                  "path", "encoding", "error"],
    "slogans": ["doc_id", "index", "text", "numbers", "head", "start", "end", "mentions",
                "items", "parent", "parent_text", "declared", "consistent"],
    "figures": ["doc_id", "index", "text", "value", "unit", "approx", "object",
                "change_from", "start", "end", "slogan", "slogan_text", "section"],
    "practices": ["doc_id", "index", "type", "start", "end", "section", "score"],
    "errors": ["doc_id", "path", "error"],
}
TABLES = tuple(COLUMNS)


def record_rows(d: dict) -> dict:
    """One record (as a dict) → {table: [row, …]} for the five tables."""
    reg = d.get("region") or {}
    out = {"documents": [{
        "doc_id": d.get("doc_id"), "title": d.get("title"), "date": d.get("date"),
        "source": d.get("source"), "author": d.get("author"), "script": d.get("script"),
        "masked": d.get("masked"), "stripped": "".join(d.get("stripped") or []),
        "province": reg.get("province"), "city": reg.get("city"),
        "county": reg.get("county"), "zone": reg.get("zone"), "adcode": reg.get("adcode"),
        "n_slogans": len(d.get("slogans") or []), "n_figures": len(d.get("figures") or []),
        "path": d.get("path"), "encoding": d.get("encoding"), "error": d.get("error"),
    }], "slogans": [], "figures": [], "practices": [], "errors": []}
    sl = d.get("slogans") or []
    texts = [s.get("text") for s in sl]
    for i, s in enumerate(sl):
        p = s.get("parent")
        out["slogans"].append({"doc_id": d.get("doc_id"), "index": i, **s,
                               "parent_text": texts[p] if isinstance(p, int) and 0 <= p < len(texts) else None})
    for i, f in enumerate(d.get("figures") or []):
        k = f.get("slogan")
        out["figures"].append({"doc_id": d.get("doc_id"), "index": i, **f,
                               "slogan_text": texts[k] if isinstance(k, int) and 0 <= k < len(texts) else None})
    for i, p in enumerate(d.get("practices") or []):
        out["practices"].append({"doc_id": d.get("doc_id"), "index": i, **p})
    if d.get("error"):
        out["errors"].append({"doc_id": d.get("doc_id"), "path": d.get("path"), "error": d.get("error")})
    return out


def to_frames(records: Iterable) -> dict:
    """Tidy tables, one row per document / slogan / figure / practice / error.

    Child tables carry `doc_id` and their index within the document; a figure's `slogan`
    index is resolved to `slogan_text`, a slogan's `parent` to `parent_text`.
    """
    import pandas as pd

    rows: dict = {t: [] for t in TABLES}
    for r in records:
        for t, rs in record_rows(record_dict(r)).items():
            rows[t].extend(rs)
    out = {"documents": pd.DataFrame(rows["documents"])}
    for name in TABLES[1:]:
        df = pd.DataFrame(rows[name])
        out[name] = df.reindex(columns=list(dict.fromkeys(COLUMNS[name] + list(df.columns))))
    return out


def write_jsonl(records: Iterable, fh: IO[str]) -> int:
    """One JSON object per line (SPEC §6); returns how many records had an error."""
    bad = 0
    for r in records:
        d = record_dict(r)
        bad += bool(d.get("error"))
        fh.write(dumps(d) + "\n")
    return bad


def write_table(records: Iterable, path: str, fmt: str) -> int:
    """CSV or Parquet: one row per document, nested fields as JSON text."""
    import pandas as pd

    rows, bad = [], 0
    for r in records:
        d = record_dict(r)
        bad += bool(d.get("error"))
        rows.append({k: (dumps(v) if isinstance(v, (list, dict)) else v)
                     for k, v in d.items()})
    df = pd.DataFrame(rows)
    if fmt == "csv":
        df.to_csv(path, index=False)
    else:
        df.to_parquet(path, index=False)
    return bad


# -- the embedded store (DuckDB) -----------------------------------------------------------
#
# One file, five tables keyed by the document's content key (`corpus.Item.key`), plus the
# whole record as JSON in `documents.record` so `read_store` gives exactly what
# `to_frames` gives. Records are written in transactions of a few documents: a run killed
# half-way loses only uncommitted documents, and a rerun skips every key already there.

# SQL type of each column; anything else (lists, nested values) is stored as JSON text.
_SQL_TYPES = {
    "masked": "BOOLEAN", "consistent": "BOOLEAN",
    "n_slogans": "INTEGER", "n_figures": "INTEGER", "index": "INTEGER", "start": "BIGINT",
    "end": "BIGINT", "mentions": "INTEGER", "parent": "INTEGER", "declared": "INTEGER",
    "slogan": "INTEGER", "value": "DOUBLE", "change_from": "DOUBLE", "score": "DOUBLE",
}
STORE_SUFFIXES = (".duckdb", ".ddb", ".db")


def _sql_columns(table: str) -> list[tuple[str, str]]:
    cols = [("key", "VARCHAR")] + [(c, _SQL_TYPES.get(c, "VARCHAR")) for c in COLUMNS[table]]
    if table == "documents":
        cols += [("seq", "BIGINT"), ("record", "VARCHAR")]
    return cols


def _coerce(v, sql_type: str):
    if v is None:
        return None
    if hasattr(v, "item") and not isinstance(v, (list, dict, str)):
        v = v.item() if getattr(v, "size", 1) == 1 else v.tolist()  # numpy scalar / array
    try:
        if sql_type == "BOOLEAN":
            return bool(v)
        if sql_type in ("INTEGER", "BIGINT"):
            return int(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None
        if sql_type == "DOUBLE":
            return float(v) if isinstance(v, (int, float)) else None
    except (TypeError, ValueError, OverflowError):
        return None
    if isinstance(v, (list, dict, tuple)):
        return dumps(v)
    return v if isinstance(v, str) else str(v)


# the Python types a column takes as they are, with no call of _coerce per value (nearly
# every column of every batch: _coerce was most of a store's CPU, in the one process all
# records go through)
_PLAIN = {"VARCHAR": {str}, "INTEGER": {int}, "BIGINT": {int}, "DOUBLE": {float, int},
          "BOOLEAN": {bool}}
_NONE = type(None)


def _array(values: list, sql_type: str):
    """An Arrow array of `_coerce` of each value of a column."""
    import pyarrow as pa

    arrow_type = {"BOOLEAN": pa.bool_(), "INTEGER": pa.int64(), "BIGINT": pa.int64(),
                  "DOUBLE": pa.float64(), "VARCHAR": pa.string()}[sql_type]
    kinds = set(map(type, values))
    kinds.discard(_NONE)
    if kinds <= _PLAIN[sql_type]:
        try:
            return pa.array(values, type=arrow_type)
        except (pa.ArrowException, OverflowError):
            pass  # an int too large for int64 where float() takes it: value by value
    return pa.array([_coerce(v, sql_type) for v in values], type=arrow_type)


class Store:
    """A DuckDB file of records keyed by content; reruns skip what is already there.

        with Store("results.duckdb") as st:
            for item in items:
                if item.key not in st:
                    st.add(item.key, extract_item(item))

    `commit_every` documents (or `commit_seconds`) make one transaction.
    """

    def __init__(self, path, *, commit_every: int = 64, commit_seconds: float = 2.0):
        import duckdb

        self.path = str(path)
        self.commit_every = max(1, int(commit_every))
        self.commit_seconds = commit_seconds
        # one writer thread and a bounded cache: the workers need the cores, and the
        # store's memory must not grow with the archive
        self.con = duckdb.connect(self.path, config={"threads": 1, "memory_limit": "512MB"})
        for t in TABLES:
            cols = ", ".join(f'"{c}" {ty}' + (" PRIMARY KEY" if t == "documents" and c == "key" else "")
                             for c, ty in _sql_columns(t))
            self.con.execute(f'CREATE TABLE IF NOT EXISTS "{t}" ({cols})')
        self._keys = {k for (k,) in self.con.execute("SELECT key FROM documents").fetchall()}
        # error records by where they came from: when the same document later reads or
        # extracts cleanly (a raised cap, a fixed extractor), its stale error row goes
        self._errors = {(doc_id, path): k for k, doc_id, path in self.con.execute(
            "SELECT key, doc_id, path FROM documents WHERE error IS NOT NULL").fetchall()}
        self.error_keys = set(self._errors.values())
        self._seq = self.con.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchone()[0]
        self._pending: list = []
        self._last = time.monotonic()
        self.added = 0

    def __contains__(self, key: str) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def keys(self) -> set:
        return set(self._keys)

    def forget(self, keys) -> int:
        """Delete the documents under `keys` (all their rows, one transaction), e.g. the
        error records before retrying them; returns how many were stored."""
        keys = [k for k in keys if k in self._keys]
        if keys:
            self.flush()
            self._delete(keys)
            self._keys.difference_update(keys)
            self.error_keys.difference_update(keys)
            self._errors = {k: v for k, v in self._errors.items() if v in self.error_keys}
        return len(keys)

    def _delete(self, keys: list) -> None:
        self.con.execute("BEGIN TRANSACTION")
        try:
            for t in TABLES:
                self.con.execute(f'DELETE FROM "{t}" WHERE key IN (SELECT unnest(?))', [keys])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def add(self, key: str, record) -> bool:
        """Queue one record under `key`; False (and nothing written) when the key is stored."""
        if key in self._keys:
            return False
        self._keys.add(key)
        self._pending.append((key, record_dict(record)))
        if len(self._pending) >= self.commit_every or time.monotonic() - self._last >= self.commit_seconds:
            self.flush()
        return True

    def flush(self) -> None:
        """Write the queued records in one transaction (all of a document's rows or none)."""
        self._last = time.monotonic()
        if not self._pending:
            return
        import pyarrow as pa

        rows: dict = {t: [] for t in TABLES}
        stale = [self._errors[(d.get("doc_id"), d.get("path"))] for _, d in self._pending
                 if not d.get("error") and (d.get("doc_id"), d.get("path")) in self._errors]
        keys: dict = {t: [] for t in TABLES}  # the key of each row
        for key, d in self._pending:
            self._seq += 1
            for t, rs in record_rows(d).items():
                if t == "documents":
                    for r in rs:
                        r["seq"] = self._seq
                        r["record"] = dumps(d)
                rows[t].extend(rs)
                keys[t].extend([key] * len(rs))
        self.con.execute("BEGIN TRANSACTION")
        try:
            if stale:
                for t in TABLES:
                    self.con.execute(f'DELETE FROM "{t}" WHERE key IN (SELECT unnest(?))', [stale])
            for t in TABLES:
                if not rows[t]:
                    continue
                cols = _sql_columns(t)
                arrow = pa.table({c: _array(keys[t] if c == "key" else [r.get(c) for r in rows[t]], ty)
                                  for c, ty in cols})
                self.con.register("_batch", arrow)
                names = ", ".join(f'"{c}"' for c, _ in cols)
                self.con.execute(f'INSERT INTO "{t}" ({names}) SELECT {names} FROM _batch')
                self.con.unregister("_batch")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            for key, _ in self._pending:
                self._keys.discard(key)
            self._pending = []
            raise
        self.added += len(self._pending)
        for key, d in self._pending:
            if d.get("error"):
                self._errors[(d.get("doc_id"), d.get("path"))] = key
                self.error_keys.add(key)
        for k in stale:
            self._keys.discard(k)
            self.error_keys.discard(k)
        self._errors = {k: v for k, v in self._errors.items() if v in self.error_keys}
        self._pending = []

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def is_store_path(path) -> bool:
    return str(path).lower().endswith(STORE_SUFFIXES)


def iter_store(path) -> Iterator[dict]:
    """The stored records (as dicts), in the order they were written."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        cur = con.execute("SELECT record FROM documents ORDER BY seq")
        while True:
            batch = cur.fetchmany(1000)
            if not batch:
                break
            for (rec,) in batch:
                yield json.loads(rec)
    finally:
        con.close()


def read_store(path) -> dict:
    """A store's contents as `to_frames` gives them: documents, slogans, figures, practices, errors."""
    return to_frames(iter_store(path))


def export_store(path, outdir, fmt: str = "parquet") -> dict:
    """Each SQL table of a store to ``outdir/<table>.<fmt>`` (csv or parquet); returns row counts."""
    import duckdb

    os.makedirs(outdir, exist_ok=True)
    con = duckdb.connect(str(path), read_only=True)
    counts = {}
    try:
        for t in TABLES:
            target = os.path.join(str(outdir), f"{t}.{fmt}").replace("'", "''")
            opts = "(FORMAT PARQUET)" if fmt == "parquet" else "(HEADER, DELIMITER ',')"
            con.execute(f"COPY (SELECT * FROM \"{t}\"{' ORDER BY seq' if t == 'documents' else ''}) "
                        f"TO '{target}' {opts}")
            counts[t] = con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
    finally:
        con.close()
    return counts
