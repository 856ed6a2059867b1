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
    assert not any(map(inside, range(0xFF01, 0xFF10)))  # fullwidth ，（）！％: never tried either


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


def _plain_slogan_mentions(doc, slogans):
    """slogan_mentions as it was: a find scan of the body for each slogan."""
    text = doc.text
    lo, hi = doc.body_start, doc.body_end or len(text)
    found = []
    taken = bytearray(max(0, hi - lo))
    order = sorted(range(len(slogans)), key=lambda i: -len(slogans[i].text or ""))
    for i in order:
        t = slogans[i].text
        if not t or len(t) < 2:
            continue
        blank = bytes(len(t))
        pos = text.find(t, lo, hi)
        while pos >= 0:
            end = pos + len(t)
            glued = (t[0].isdigit() and pos > 0 and (text[pos - 1].isdigit() or text[pos - 1] == ".")
                     or t[-1].isdigit() and end < len(text) and (text[end].isdigit() or text[end] == "."))
            if not glued and taken[pos - lo:end - lo] == blank:
                found.append((pos, end, i))
                taken[pos - lo:end - lo] = b"\x01" * len(t)
            pos = text.find(t, pos + 1, hi)
    return sorted(found)


def test_slogan_mentions_in_one_scan_equal_a_find_per_slogan():
    from types import SimpleNamespace

    from dangjian_nlp.records import Slogan

    rng = random.Random(5)
    alphabet = "三个聚焦四风党建3155.()*+?|[\\"  # digits for the glued rule, regex specials escaped
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        lo = rng.randint(0, len(text))
        hi = rng.choice([0, rng.randint(lo, len(text))])  # 0: the body runs to the end
        slogans = []
        for _ in range(rng.choice([0, 1, 3, 7, 12])):
            if text and rng.random() < 0.7:  # mostly words of the text, overlapping each other
                a = rng.randrange(len(text))
                word = text[a:a + rng.randint(1, 5)]
            else:
                word = rng.choice([None, "", "三个", "四风3", "31", "5."])
            slogans.append(Slogan(word, []))
        doc = SimpleNamespace(text=text, body_start=lo, body_end=hi)
        assert figures.slogan_mentions(doc, slogans) == _plain_slogan_mentions(doc, slogans), (text, lo, hi)


def test_scan_span_equals_reading_each_match():
    # scan_span caches readings and writes `_placed` and `Shields.overlaps` out; the plain way:
    rng = random.Random(3)
    pieces = (list("0123456789.%余多近约上线百千万亿一二两三五十个人所项年次全会民")
              + ["“", "”", "《", "》", "\"", ",", "线上", "六亿多人民", "十一次全会", "第", "超过", "以上", "分之"])
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        lo = rng.randint(0, len(text))
        hi = rng.randint(lo, len(text))
        mentions = []
        if hi > lo and rng.random() < 0.5:
            a = rng.randint(lo, hi - 1)
            mentions.append((a, min(hi, a + rng.randint(1, 6)), 0))
        shields = figures.shielded_spans(text, lo, hi, mentions)
        want = []
        for m in figures.pattern().finditer(text, lo, hi):
            c = figures.read_match(m, text)
            if c is not None and not shields.overlaps(c.start, c.end):
                want.append(c)
        assert figures.scan_span(text, lo, hi, mentions) == want, (text, lo, hi, mentions)


def test_optional_groups_written_as_branches_match_as_repeats(monkeypatch):
    # the pattern as it was: X? for each optional part, without the second look-ahead
    monkeypatch.setattr(figures, "_optional", lambda group, body: f"{group}{body})?")
    monkeypatch.setattr(figures, "ARABIC", r"\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,6})?|\d{1,15}(?:\.\d{1,6})?")
    monkeypatch.setattr(figures, "CHINESE", r"[零〇一二两三四五六七八九十百千万亿]{1,24}(?:点[零〇一二三四五六七八九]{1,6})?")
    plain = figures.pattern.__wrapped__()
    assert plain.pattern.count(")?") > 10
    lines = plain.pattern.split("\n")
    plain = re.compile("\n".join(x for x in lines if "a word only before a number" not in x), re.VERBOSE)
    assert len(plain.pattern.split("\n")) == len(lines) - 1
    monkeypatch.undo()
    fast = figures.pattern()
    assert fast.pattern.count(")?") < plain.pattern.count(")?")
    rng = random.Random(13)
    pieces = (list("0123456789.,%‰-~～—－至到余多近约超逾上大百千万亿零〇一二两三四五六七八九十点分之个人所项年元次 ")
              + ["百分之", "分之", "超过", "以上", "左右", "上下", "有余", "人次", "万元", "大约", "将近", "接近", "大力"])
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        assert ([(m.span(), m.groups()) for m in fast.finditer(text)]
                == [(m.span(), m.groups()) for m in plain.finditer(text)]), text


def test_share_object_reads_the_clause_after_only_when_it_opens_with_de():
    # share_object tests the next character, not the clause it used to cut first
    from dangjian_nlp.figures import _clause_end

    rng = random.Random(17)
    for _ in range(5000):
        text = "".join(rng.choice("的党员,、。(\n") for _ in range(rng.randint(0, 12)))
        pos, hi = rng.randint(0, len(text)), rng.randint(0, len(text))
        cut_first = text[pos:_clause_end(text, pos, hi)].startswith("的")
        assert (pos < hi and text.startswith("的", pos)) == cut_first
