"""structure's fast paths give what the plain code gives (made-up lines and random strings)."""
from __future__ import annotations

import random

import pytest
import regex

from dangjian_nlp import structure
from dangjian_nlp.records import Section

PAGE = """示范县教育网——首页
教育在线 首页 > 基层党建 > 正文 返回 打印
“三抓三促”激发基层党建新活力
2022/09/08 来源:某某教育网 浏览:1024次  点击数:77
    近年来,示范县教育局党委创新“三抓三促”工作法,推动党建与业务深度融合,首页上也有介绍。
    一、抓班子促领导
    全面落实党组织领导的校长负责制,全县36所中小学全部完成章程修订,阅读量不是重点。

    本文浏览 35 次
(一)强化理论武装
    1.实施“双培养”。一是城乡学校结对。共结对42对。二是师徒结对。新教师全部配备导师。
——
返回   打印
首页/新闻
📱
阅读:12
下一篇:秋季学期开学工作部署会召开
"""


def _kind_rule_by_rule(line):
    if not line.strip():
        return "blank"
    for kind in ("tail", "nav", "meta", "line"):
        if any(r.search(line) for r in structure._boilerplate().get(kind, ())):
            return kind
    return "text"


@pytest.mark.parametrize("text", [PAGE, PAGE.replace("\n", "\r\n"), PAGE.replace("\n", "\u2028", 3),
                                  "", "首页", "\n\n阅读:3\n"])
def test_line_kinds_with_starts_agree_with_the_rules(text):
    starts, lines = structure._lines(text)
    want = [_kind_rule_by_rule(ln) for ln in lines]
    assert structure._line_kinds(lines, text, starts) == want
    assert structure._line_kinds(lines, text) == want
    assert structure._line_kinds(lines) == want


def test_line_kinds_of_awkward_rules(monkeypatch):
    rules = {
        "tail": [r"^\s*下一篇|上一篇$", r"^\s*?相关阅读", r"(ab)?c"],  # a top-level |; no literal
        "nav": [r"^(首页)\1", r"(?i)^HOME\b", r"^[](]|返回", r"x{0,2}页码"],
        "meta": [r"^\s*+来源", r"^\s*(?P<k>作者)[::]", r"(阅读|点击)(量|数)?\s*[::]\s*\d+"],
        "line": [r"^[[:punct:]]{2}$", r"分享到\s*$"],
    }
    compiled = {k: [regex.compile(p) for p in ps] for k, ps in rules.items()}
    monkeypatch.setattr(structure, "_boilerplate", lambda: compiled)
    structure._furniture_screen.cache_clear()
    try:
        lines = ["下一篇", "正文里提到上一篇", "正文里提到上一篇了", "  相关阅读", "首页首页", "home page",
                 "Home", "]", "(", "请点返回", "  来源", "   来源", " 作者:某", "!!", "分享到 ", "c",
                 "第xx页码", "阅读数: 3", "点击 3", "坚持党建引领,推动教育高质量发展。", "", "末行"]
        text = "\n".join(lines)
        starts, split = structure._lines(text)
        assert split == lines
        want = [_kind_rule_by_rule(ln) for ln in lines]
        assert structure._line_kinds(lines, text, starts) == want
        assert structure._line_kinds(lines) == want
    finally:
        structure._furniture_screen.cache_clear()


LITERAL_PATTERNS = [
    r"首页\s*[>›»/]", r"返回\s+打印\s*$", r"浏览\s*[::]?\s*\d+\s*次", r"(阅读|浏览|点击)(量|数|次数)?\s*[::]\s*\d+",
    r"a?bc", r"ab?c", r"a+b", r"(?:ab|cd)e", r"x(ab|c?)", r"[ab]cd|ef", r"a{0,2}bc", r"ab{2}c",
    r"ab{1,}?c",
    r"\[ab", "abc$", r"ab.c", r"(ab)*cd", r"(a|b)c", r"^\s*(ab|c)+d", r"a\.b", r"(?:a|bc)(?:d|e)",
]


@pytest.mark.parametrize("pattern", LITERAL_PATTERNS)
def test_every_match_holds_a_required_literal(pattern):
    lits = structure._required_literals(pattern)
    assert lits
    rule = regex.compile(pattern)
    rng = random.Random(pattern)
    # the pattern's own words and characters, and a few others
    pieces = regex.findall(r"\w+", pattern) + sorted(set(pattern + " 1x:") - set("\\"))
    seen = 0
    for _ in range(4000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 7)))
        for m in rule.finditer(s):
            seen += 1
            assert any(lit in m.group() for lit in lits), (pattern, s, m.group(), lits)
    assert seen


@pytest.mark.parametrize("pattern", [
    r"(ab)?", r"a|", r"^\s*(?i)ab", r"(?:ab){e<=1}", r"\N{DIGIT ONE}", r"(?=ab)c", r"\p{Han}+",
    r"a*",
    r"[ab]+", r"(?P<x>ab)", r"\1ab", r"a{", r"(ab",
])
def test_no_literals_where_unsure(pattern):
    assert structure._required_literals(pattern) is None


def test_literal_lines():
    text = "首页\n\n第二行有浏览\n浏\n览\n最后点击"
    starts, lines = structure._lines(text)
    lits = structure._by_last_char({"首页", "浏览", "点击", "页码"})
    assert structure._literal_lines(text, starts, lits) == {0, 2, 5}


def _build_sections_plain(text, paragraphs):
    """build_sections as it was written before its fast path (the reference)."""
    sections, stack = [], []

    def open_heading(kind, start, tstart, tend, marker):
        for k, (skind, _) in enumerate(stack):
            if skind == kind:
                del stack[k:]
                break
        parent = stack[-1][1] if stack else None
        sections.append(Section(kind, len(stack) + 1, text[tstart:tend], start, start, tstart, tend,
                                parent, marker))
        stack.append((kind, len(sections) - 1))

    def leaf(kind, level, start, end, tstart, tend, parent, marker=None):
        sections.append(Section(kind, level, text[tstart:tend] or None, start, end, tstart, tend,
                                parent, marker))
        return len(sections) - 1

    n, parent, level, skip = len(paragraphs), None, 1, 0
    for i, (ps, pe) in enumerate(paragraphs):
        if i < skip:
            continue
        line = text[ps:pe]
        hm = structure._heading_marker(line)
        if hm:
            kind, m = hm
            ts = ps + m.end()
            rest = line[m.end():].rstrip()
            short = structure._is_headline(rest) or not structure.RE_SENT_END.search(rest[:-1])
            te = pe if short else structure._first(structure.RE_SENT_END, text, ts, pe, 60)
            while te > ts and text[te - 1] in ",，:：":
                te -= 1
            open_heading(kind, ps, ts, te, m.group(0).strip())
            parent, level = stack[-1][1], len(stack) + 1
            if not short:
                structure._yishi(text, ps, pe, te, level, parent, sections, leaf)
            continue
        if structure._is_headline(line) and not structure._opens_yishi(line):
            j = i
            while j + 1 < n and structure._is_headline(nxt := text[slice(*paragraphs[j + 1])]) \
                    and not structure._heading_marker(nxt):
                j += 1
            open_heading("headline", ps, ps, paragraphs[j][1], None)
            sections[-1].title = " ".join(text[a:b] for a, b in paragraphs[i:j + 1])
            parent, level = stack[-1][1], len(stack) + 1
            skip = j + 1
            continue
        if structure._opens_yishi(line):
            structure._yishi(text, ps, pe, ps, level, parent, sections, leaf, min_marks=1)
        else:
            te = structure._first(structure.RE_CLAUSE_END, text, ps, pe, 40)
            leaf("paragraph", level, ps, pe, ps, te, parent)
            structure._yishi(text, ps, pe, ps, level + 1, len(sections) - 1, sections, leaf)
    body_end = paragraphs[-1][1] if paragraphs else 0
    later = []
    for s in reversed(sections):
        if s.kind in ("numbered", "paren", "arabic", "headline"):
            while later and later[-1].level > s.level:
                later.pop()
            s.end = later[-1].start if later else body_end
            later.append(s)
    return sections


def test_build_sections_as_plain_on_a_page():
    doc = structure.make_document(PAGE)
    assert doc.sections == _build_sections_plain(doc.text, doc.paragraphs)


def test_build_sections_as_plain_on_random_paragraphs():
    rng = random.Random(3)
    pieces = ["一、", "(二)", "3.", "一是", "二是", "其三是", "加强党建", "工作", ",", "。", ":", " ", "\u3000",
              "坚持问题导向推进", "全面落实责任", "(作者)", "【", "】", "是"]
    for _ in range(300):
        paras = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
                 for _ in range(rng.randint(0, 8))]
        text = "\n".join(paras)
        spans, at = [], 0
        for p in paras:
            if rng.random() < 0.8:
                spans.append((at, at + len(p)))
            at += len(p) + 1
        assert structure.build_sections(text, spans) == _build_sections_plain(text, spans), paras


def test_known_short_lines_keep_their_kind():
    lines = ["。", "、", "【打印】", "下一篇:某某", "坚持党建引领,推动教育高质量发展。", "。"] * 3
    text = "\n".join(lines)
    starts, split = structure._lines(text)
    want = [_kind_rule_by_rule(ln) for ln in split]
    for _ in range(3):  # the second and third time from `_Screen.known`
        assert structure._line_kinds(split, text, starts) == want
    assert ("。", True, False) in structure._furniture_screen().known
