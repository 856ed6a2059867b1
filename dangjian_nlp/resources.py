"""Loaders for the package's data files (read once, on first use).

Data files are UTF-8 text, one entry a line; lines starting with ``#`` are comments
(the first one names the source and the columns). Columns are tab-separated.
"""
from __future__ import annotations

import functools
from pathlib import Path


def data_path(name: str) -> Path:
    """Path of a file under ``dangjian_nlp/data`` (e.g. ``lexicons/heads.txt``)."""
    return Path(__file__).parent / "data" / name


@functools.cache
def read_text(name: str) -> str:
    return data_path(name).read_text(encoding="utf-8")


@functools.cache
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a data file, stripped."""
    out = []
    for line in read_text(name).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@functools.cache
def load_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated data file (comments and blank lines skipped)."""
    rows = []
    for line in read_text(name).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(c.strip() for c in line.rstrip("\n").split("\t")))
    return tuple(rows)


def opencc_dictionary(name: str) -> Path:
    """A dictionary file shipped by opencc-python-reimplemented (e.g. ``TSCharacters.txt``)."""
    import opencc  # the package ships its dictionaries beside its code

    return Path(opencc.__file__).parent / "dictionary" / name


def new_jieba_tokenizer():
    """A private, initialized ``jieba.Tokenizer`` (jieba's process-wide one stays untouched).

    jieba announces "Building prefix dict…" on stderr at every load: noise in notebooks
    and bulk runs, so its logger is quieted while the dictionary loads.
    """
    import logging

    import jieba

    tk = jieba.Tokenizer()
    log = logging.getLogger("jieba")
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        tk.initialize()
    finally:
        log.setLevel(level)
    return tk
