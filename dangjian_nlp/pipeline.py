"""Text → Record: the one place where the components are put together.

normalize → structure → slogans → figures (need slogans) → region → practices → Record.
"""
from __future__ import annotations

import threading
import time
import traceback
from typing import Iterable, Iterator, Optional

from .records import Document, Record
from .structure import make_document


class DocumentTimeout(Exception):
    """A document's extraction ran past the time limit (it becomes an error record)."""


# the time (time.monotonic) by which this thread's current document must be done, set by
# `parallel.extract_with_timeout`: checked between the extractors, so a time limit holds
# even where the exception meant to interrupt an extractor is lost (see parallel)
_LIMIT = threading.local()


def _check_time() -> None:
    end = getattr(_LIMIT, "end", None)
    if end is not None and time.monotonic() > end:
        raise DocumentTimeout("extraction ran past the time limit")


def extract_document(doc: Document) -> Record:
    """Run every extractor over a prepared Document."""
    from .figures import find_figures
    from .practices import tag_practices
    from .regions import resolve_region
    from .slogans import find_slogans

    _check_time()
    slogans = find_slogans(doc)
    _check_time()
    figures = find_figures(doc, slogans)
    _check_time()
    region = resolve_region(doc)
    _check_time()
    practices = tag_practices(doc, slogans)
    _check_time()
    return Record(
        doc_id=doc.doc_id, title=doc.title, date=doc.date, source=doc.source,
        author=doc.author, script=doc.script, masked=doc.masked, stripped=list(doc.stripped),
        region=region, slogans=slogans, figures=figures, practices=practices,
        encoding=doc.encoding, path=doc.path,
    )


def extract(text: str, doc_id: Optional[str] = None, **metadata) -> Record:
    """One report's text → Record. Metadata keywords (title, date, source) override the text's."""
    if not isinstance(text, str):
        raise TypeError(f"extract() wants the report's text as str, got {type(text).__name__}")
    doc = make_document(text, doc_id, **{k: v for k, v in metadata.items()
                                        if k in ("title", "date", "source", "script")})
    doc.path = metadata.get("path")
    doc.encoding = metadata.get("encoding")
    return extract_document(doc)


# a made-up report that reaches every extractor's lazily built tables
_WARM_UP = ("某县教育局：党建引领“一统二商三议四促”工作机制见实效\n发布时间：2024-03-01\n"
            "近年来，某县教育局坚持以党建引领教育高质量发展，创新推行“三大举措”，"
            "向80家民办幼儿园选派党建指导员，党组织覆盖率由87%提高到100%，惠及学生两千三百人。\n"
            "一、强化政治引领\n落实“三会一课”制度，黨員教師帶頭參與課後服務4.7萬餘人次。\n")


def warm_up() -> None:
    """Build now what the extractors build at first use (script tables, gazetteer,
    lexicons, the figures' tagger, the practice classifier, cn2an's patterns: about a
    second), so that no document pays for it: a process pool's fork server calls it
    before it forks workers, a benchmark before it starts the clock."""
    extract(_WARM_UP, doc_id="warm-up")


def extract_item(item) -> Record:
    """A corpus item (see `corpus.Item`) → Record; never raises, errors go in `error`."""
    if item.error:
        return Record(doc_id=item.doc_id, path=item.path, encoding=item.encoding, error=item.error)
    try:
        return extract(item.text, item.doc_id, title=item.title, date=item.date,
                       source=item.source, path=item.path, encoding=item.encoding)
    except Exception as e:  # one bad document must not stop a run
        tb = traceback.extract_tb(e.__traceback__)[-1]
        return Record(doc_id=item.doc_id, path=item.path, encoding=item.encoding,
                      error=f"{type(e).__name__}: {e} (at {tb.filename.rsplit('/', 1)[-1]}:{tb.lineno})")


def extract_many(paths_or_texts: Iterable, **kwargs) -> Iterator[Record]:
    """Records for files, folders, archives or raw texts, in input order."""
    from .corpus import read

    if isinstance(paths_or_texts, (str, bytes)) or hasattr(paths_or_texts, "__fspath__"):
        paths_or_texts = [paths_or_texts]
    for item in read(paths_or_texts, **kwargs):
        yield extract_item(item)
