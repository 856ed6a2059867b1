"""Inputs → corpus items: raw texts, files and folders (archives, JSONL/CSV, HTML: issue 7).

Every input document yields an Item; one that cannot be read yields an Item with `error`
set, so a run never loses a document silently.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

TEXT_SUFFIXES = {".txt", ".text", ".md"}


@dataclass
class Item:
    doc_id: Optional[str]
    text: Optional[str] = None
    path: Optional[str] = None
    encoding: Optional[str] = None
    title: Optional[str] = None
    date: Optional[str] = None
    source: Optional[str] = None
    error: Optional[str] = None


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding). UTF-8 first (BOM honoured), then a detector's guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("binary or undecodable content (no text encoding fits)")
    return str(best), best.encoding


def _looks_like_path(x) -> bool:
    if isinstance(x, os.PathLike):
        return True
    return isinstance(x, str) and "\n" not in x and len(x) < 1024 and os.path.exists(x)


def read(inputs: Iterable, **_) -> Iterator[Item]:
    """Items for each input: a path (file or folder, read recursively) or a raw text."""
    n_text = 0
    for x in inputs:
        if _looks_like_path(x):
            yield from read_path(Path(x))
        elif isinstance(x, str):
            n_text += 1
            yield Item(doc_id=f"text-{n_text}", text=x)
        else:
            yield Item(doc_id=None, error=f"unsupported input {type(x).__name__}: {x!r:.60}")


def read_path(path: Path) -> Iterator[Item]:
    if path.is_dir():
        for p in sorted(q for q in path.rglob("*") if q.is_file() and not q.name.startswith(".")):
            yield from read_path(p)
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from read_jsonl(path)
        return
    try:
        data = path.read_bytes()
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ValueError("binary file (NUL bytes), not text")
        text, enc = decode(data)
        if not text.strip():
            raise ValueError("empty document")
        yield Item(doc_id=path.stem, text=text, path=str(path), encoding=enc)
    except Exception as e:
        yield Item(doc_id=path.stem, path=str(path), error=f"{type(e).__name__}: {e}")


def read_jsonl(path: Path) -> Iterator[Item]:
    with open(path, "rb") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text = row.get("text")
                if not isinstance(text, str):
                    raise ValueError("no 'text' field")
                yield Item(doc_id=str(row.get("id") or row.get("doc_id") or f"{path.stem}-{n}"),
                           text=text, path=f"{path}:{n}", encoding="utf-8",
                           title=row.get("title"), date=row.get("date"), source=row.get("source"))
            except Exception as e:
                yield Item(doc_id=f"{path.stem}-{n}", path=f"{path}:{n}",
                           error=f"line {n}: {type(e).__name__}: {e}")
