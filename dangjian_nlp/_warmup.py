"""Imported only by the process pool's fork server (`parallel.PRELOAD`), never by the package.

Importing this module is its job: it runs one made-up report through the pipeline so
that every lazily built table (script tables, gazetteer, lexicons, the figures' jieba
tagger, the practice classifier) is built once in the server, and each worker forked
from it starts warm, sharing those pages, instead of spending seconds building its own.
A failure here only means the workers warm themselves up, as without this module.
"""
from __future__ import annotations

_REPORT = ("某县教育局：党建引领“一统二商三议四促”工作机制见实效\n发布时间：2024-03-01\n"
           "近年来，某县教育局坚持以党建引领教育高质量发展，创新推行“三大举措”，"
           "向80家民办幼儿园选派党建指导员，党组织覆盖率由87%提高到100%。\n"
           "一、强化政治引领\n落实“三会一课”制度，黨員教師帶頭參與課後服務4.7萬餘人次。\n")

try:
    from .pipeline import extract as _extract

    _extract(_REPORT, doc_id="warm-up")
    # cn2an is imported at the first number written in several Chinese numerals (its
    # import compiles its patterns: ~0.15 s), which the report above may not hold
    from .numerals import parse_number as _parse

    _parse("两千三百")
except Exception:  # never stop the server: workers would then warm up on their own
    pass
