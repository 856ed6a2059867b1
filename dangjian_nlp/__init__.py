"""dangjian_nlp: slogans, figures, regions and practices from Chinese party-building reports.

    >>> import dangjian_nlp
    >>> rec = dangjian_nlp.extract("…创新“336”工作法…", doc_id="demo")
    >>> tables = dangjian_nlp.to_frames(dangjian_nlp.extract_many(["corpora/"]))

Nothing heavy happens at import: lexicons, the gazetteer and jieba load on first use.
"""
from __future__ import annotations

from .records import Document, Figure, Practice, Record, Region, Section, Slogan

__version__ = "0.1.0"

__all__ = [
    "extract", "extract_many", "to_frames", "make_document",
    "Document", "Section", "Slogan", "Figure", "Region", "Practice", "Record",
    # loaded on first use (module __getattr__): bulk runs, stores and estimators
    "extract_parallel", "extract_dask", "read_store", "Segmenter", "TaxonomyClassifier",
    "PracticeClusterer", "gazetteer",
]

# name → module; imported on first access so `import dangjian_nlp` stays light
_LAZY = {
    "extract_parallel": "parallel", "extract_dask": "parallel", "read_store": "store",
    "Segmenter": "segment", "TaxonomyClassifier": "practices", "PracticeClusterer": "practices",
    "gazetteer": "regions",
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'dangjian_nlp' has no attribute {name!r}")


def extract(text: str, doc_id=None, **metadata) -> Record:
    """One report's text → its Record (slogans, figures, region, practices, metadata)."""
    from .pipeline import extract as _extract

    return _extract(text, doc_id=doc_id, **metadata)


def extract_many(paths_or_texts, **kwargs):
    """Iterate Records for files, folders, archives or raw texts (see `corpus.read`)."""
    from .pipeline import extract_many as _extract_many

    return _extract_many(paths_or_texts, **kwargs)


def to_frames(records) -> dict:
    """Records → dict of pandas DataFrames: documents, slogans, figures, practices, errors."""
    from .store import to_frames as _to_frames

    return _to_frames(records)


def make_document(text: str, doc_id=None, **metadata) -> Document:
    """The normalized, structured document the extractors read (offsets, sections, metadata)."""
    from .structure import make_document as _make

    return _make(text, doc_id=doc_id, **metadata)
