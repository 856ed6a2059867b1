"""Fast paths of the figure extractor against the plain code they replace (issue 7)."""
from __future__ import annotations

import random
import re

from dangjian_nlp import figures


def test_digit_spans_hold_every_digit_and_no_han():
    spans = figures._DIGIT_SPANS
    inside = lambda c: any(a <= c <= b for a, b in spans)  # noqa: E731
    digits = [ord(ch) for ch in re.findall(r"\d", "".join(map(chr, range(0x110000))))]
    assert len(digits) > 600 and all(map(inside, digits))
    assert not any(map(inside, range(0x3000, 0xA000)))  # CJK punctuation, kana, Han: never tried


def test_opening_class_changes_where_matching_is_tried_not_what_matches():
    src, flags = figures.pattern().pattern, re.VERBOSE
    fast = figures._compile_opening(src, flags)
    plain = re.compile(src, flags | re.UNICODE)
    assert fast is not plain  # on this Python the header was rewritten (no fallback)
    assert (fast.groups, fast.groupindex, fast.flags) == (plain.groups, plain.groupindex, plain.flags)
    rng = random.Random(11)
    pieces = (list("0123456789٣５.,%-~至到余多近约超上百千万亿零〇一二两三四五六七八九十点分之个人所项年元")
              + ["百分之", "分之", "超过", "以上", "左右", "人次", "万元", "党员", "学校", ",", "。", "“", "”",
                 "第", "A", "#", " ", "\u3000"])
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        lo = rng.randint(0, len(text))
        hi = rng.randint(lo, len(text))
        for args in ((text,), (text, lo, hi)):
            want = [(m.span(), m.groups()) for m in plain.finditer(*args)]
            assert [(m.span(), m.groups()) for m in fast.finditer(*args)] == want, args
            m1, m2 = fast.search(*args), plain.search(*args)
            assert (m1 and (m1.span(), m1.groups())) == (m2 and (m2.span(), m2.groups()))
            m1, m2 = fast.match(*args), plain.match(*args)
            assert (m1 and (m1.span(), m1.groups())) == (m2 and (m2.span(), m2.groups()))


def test_a_pattern_without_an_opening_class_compiles_plainly():
    for src in ("a(?=b)", "(?=[ab]|c)x", "(?=[ab])", "(?=[ab])b?", "(?=a)(?=b)", "(?=[ab])\\w+"):
        fast = figures._compile_opening(src)
        for text in ("ab", "xab", "cx", "bax", ""):
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in re.finditer(src, text)]
