"""Body, metadata and sections, on made-up pages in the register of real reports."""
from __future__ import annotations

import pytest

from dangjian_nlp.structure import detect_stripped, line_kind, make_document

PAGE = """教育在线 首页 > 基层党建 > 正文 返回 打印
“三抓三促”激发基层党建新活力
2022/09/08 来源:某某教育网 浏览:1024次
    近年来,示范县教育局党委创新“三抓三促”工作法,推动党建与业务深度融合。
    一、抓班子促领导
    全面落实党组织领导的校长负责制,全县36所中小学全部完成章程修订。
    二、抓队伍促发展
    1.实施“双培养”。把骨干教师培养成党员,把党员教师培养成骨干。
    2.开展结对帮扶。一是城乡学校结对。共结对42对。二是师徒结对。新教师全部配备导师。
    (作者系示范县教育局党委书记)
版权声明:本网所刊稿件未经授权不得转载,联系电话:010-12345678。
下一篇:秋季学期开学工作部署会召开
http://www.example.edu.cn/news/2022/0908.html
"""


@pytest.fixture(scope="module")
def page():
    return make_document(PAGE, "page")


def test_body_excludes_page_furniture(page):
    assert page.body.lstrip().startswith("近年来")
    assert "版权声明" not in page.body and "下一篇" not in page.body and "首页" not in page.body


def test_metadata(page):
    assert page.title == "“三抓三促”激发基层党建新活力"
    assert page.date == "2022-09-08"
    assert page.source == "某某教育网"
    assert page.author == "作者系示范县教育局党委书记"
    assert page.masked is False and page.stripped == []


def test_sections(page):
    heads = [(s.kind, s.marker, s.title) for s in page.sections if s.kind != "paragraph"]
    assert ("numbered", "一、", "抓班子促领导") in heads
    assert ("numbered", "二、", "抓队伍促发展") in heads
    assert ("arabic", "1.", "实施“双培养”") in heads
    yishi = [s for s in page.sections if s.kind == "yishi"]
    assert [s.title for s in yishi] == ["城乡学校结对", "师徒结对"]
    # 1. sits under 二、, and the 一是 parts under the 2. heading
    by_title = {s.title: s for s in page.sections}
    parent = page.sections[by_title["实施“双培养”"].parent]
    assert parent.title == "抓队伍促发展"
    assert page.sections[yishi[0].parent].title == "开展结对帮扶"


def test_section_offsets_point_into_the_text(page):
    for s in page.sections:
        if s.title and s.kind != "headline":
            a, b = page.raw_span(s.title_start, s.title_end)
            assert PAGE[a:b] == s.title


# fmt: off
DATES = [
    ("示范县教育局\n2021-06-16 06:04:04\n正文第一段写得足够长,足以成为报告正文的第一段落内容。", "2021-06-16"),
    ("标题在此处出现\n发布时间:2022年11月3日 来源:教育网\n正文第一段写得足够长,足以成为报告正文的第一段落内容。", "2022-11-03"),
    ("标题在此处出现\n日期:2020.5.7\n正文第一段写得足够长,足以成为报告正文的第一段落内容。", "2020-05-07"),
    ("正文里只提到2020年和今年上半年,没有发布日期,这一段足够长可以作为正文。", None),
]

LINES = [
    ("您现在的位置:首页>教育", "nav"),
    ("浏览:223254 次 发布时间:2023-05-23 15:09", "meta"),
    ("版权声明:本网所提供的文章、图片等内容为本网原创", "tail"),
    ("下一篇:抽筋未必都是缺钙", "tail"),
    ("预览结束,获取全文请联系老师!", "tail"),
    ("http://www.example.com/a/b.html", "tail"),
    ("保存到手机,可分享给其它人。", "line"),
    ("坚持党员带头,全面构建“双培养”机制。", "text"),
]

STRIPPED = [
    # every 党 deleted: the collocations give it away
    ("全区员教师积极参与。组织书记带头讲课。推进中小学校的建设年活动。员干部下沉社区。", ["党"]),
    # ordinary text without 党 is not stripped
    ("全区教师积极参与课后服务。学校组织开展家访活动,教研组长带头上示范课。", []),
    # text with 党 is never stripped
    ("全区党员教师积极参与。党组织书记带头讲课。", []),
]
# fmt: on


@pytest.mark.parametrize("text,date", DATES)
def test_dates(text, date):
    assert make_document(text).date == date


@pytest.mark.parametrize("line,kind", LINES)
def test_line_kind(line, kind):
    assert line_kind(line) == kind


@pytest.mark.parametrize("body,stripped", STRIPPED)
def test_detect_stripped(body, stripped):
    assert detect_stripped(body) == stripped


def test_masked_names():
    doc = make_document("近年来,**市以问题为导向,全面推进中小学校党建工作,为高质量发展提供“**实践”。")
    assert doc.masked is True


def test_headline_lines_nest_paragraphs():
    text = ("近年来,示范区构建“三个坚持”工作机制,推动党建与教育深度融合发展,成效明显。\n"
            "三个坚持筑牢育人根基\n坚持政治引领,全面加强思想政治工作,推动理论学习常态化。\n"
            "坚持服务导向,围绕群众急难愁盼问题开展志愿服务活动。\n")
    doc = make_document(text)
    heads = [s for s in doc.sections if s.kind == "headline"]
    assert [h.title for h in heads] == ["三个坚持筑牢育人根基"]
    leaves = [s for s in doc.sections if s.kind == "paragraph" and s.parent is not None]
    assert [s.title for s in leaves] == ["坚持政治引领", "坚持服务导向"]


def test_traditional_page_is_read_in_simplified():
    raw = "一、以高水平黨建引領發展\n1.抓實理論學習。堅持把政治理論學習放在首位,豐富學習載體。\n"
    doc = make_document(raw)
    assert doc.script == "traditional"
    assert [s.title for s in doc.sections][:2] == ["以高水平党建引领发展", "抓实理论学习"]


def test_yishi_parts_of_one_paragraph_are_siblings():
    text = ("强化四项保障\n    一是组织保障,成立工作专班;二是经费保障,每年列支专项经费;"
            "三是考核保障,纳入年度考核。\n"
            "实施“两项工程”:一是铸魂工程,开展理论学习;二是育苗工程,培养青年教师。\n")
    doc = make_document(text)
    parts = [s for s in doc.sections if s.kind == "yishi"]
    assert [p.title for p in parts] == ["组织保障,成立工作专班", "经费保障,每年列支专项经费",
                                        "考核保障,纳入年度考核", "铸魂工程,开展理论学习",
                                        "育苗工程,培养青年教师"]
    assert len({p.parent for p in parts[:3]}) == 1 and len({p.level for p in parts[:3]}) == 1


def _kind_rule_by_rule(line):
    from dangjian_nlp.structure import _boilerplate

    if not line.strip():
        return "blank"
    for kind in ("tail", "nav", "meta", "line"):
        if any(r.search(line) for r in _boilerplate().get(kind, ())):
            return kind
    return "text"


@pytest.mark.parametrize("line", [ln for ln, _ in LINES] + PAGE.splitlines() + [
    "   ", "示范县教育网——首页", "阅读量:12", "本文浏览 35 次", "  【打印】 ", "📱", "第一段,网站建设——",
    "联系电话:010-1234", "2023-05-23", "2023-05-23 15:09 党建引领", "返回   打印", "首页/新闻",
])
def test_line_kind_screen_agrees_with_rules(line):
    # the combined screen only says "text" early; the kind is whatever the rules say
    assert line_kind(line) == _kind_rule_by_rule(line)


@pytest.mark.parametrize("pattern,bar", [
    ("^a|b", True), ("^(a|b)c", False), ("^[|]x", False), ("^[](]|b", True),
    (r"^\(|b", True), ("^[^]|]x", False), (r"^\s*(下一篇|上一篇)\s*[::]", False),
])
def test_top_level_bar(pattern, bar):
    from dangjian_nlp.structure import _top_level_bar

    assert _top_level_bar(pattern) is bar


def test_record_to_dict_is_asdict():
    import dataclasses

    from dangjian_nlp.pipeline import extract

    rec = extract(PAGE, "page")
    rec.region.candidates = [("a", 1.0), {"k": [1, 2]}]  # containers asdict copies by type
    assert rec.to_dict() == dataclasses.asdict(rec)
    assert type(rec.to_dict()["region"]["candidates"][0]) is tuple


@pytest.mark.parametrize("pattern", [
    r"^\s*\d{4}[-/.年]\d{1,2}", r"^\s*[📱\W]{1,3}\s*$", r"^[^,。,]{0,4}(网|站)\s*[——\-]{1,3}",
    r"^\S+\s*次", r"^\w{2}\D", r"^[\s\d]+$", r"^[(（](\d)\)\s*(a|b)",
])
def test_widened_screen_matches_wherever_the_rule_does(pattern):
    import re

    import regex

    from dangjian_nlp.structure import _widen

    wide = re.compile(_widen(pattern))
    assert wide.groups == 0  # a screen needs no captures
    # characters the two modules class differently: \x1c-\x1f, a combining mark, ², a new digit
    lines = ["2023-05-23", " 2023年5月23日", "\x1f2023-5-3", "📱", " ! ", "\u0301", "²", "\U00010d40" * 4,
             "示范网——首页", "某站-", "浏览次", "ab ", "a\u0301c", "\u3000\u3000", "12 34", "一二三四", "(1)a", "（２) b"]
    rule = regex.compile(pattern)
    for line in lines:
        assert not rule.match(line) or wide.match(line), line


@pytest.mark.parametrize("pattern", [
    r"^(?=a)b", r"^\s*+a", r"a{2}+", r"\bword", r"[^\s]x", r"\p{Han}", r"(?:a){e<=1}", r"[[a]]",
    r"(?i)a", r"\X",
])
def test_patterns_not_widened(pattern):
    from dangjian_nlp.structure import _widen

    assert _widen(pattern) is None


def test_floating_rules_checked_on_the_whole_text_first():
    import regex

    from dangjian_nlp.structure import _on_whole_text

    whole = regex.compile(_on_whole_text(r"^返回\s+打印\s*$|浏览\s*\d+\s*次"))
    assert whole.search("正文\n返回 打印\r\n下一篇")
    assert whole.search("正文\x1c返回 打印\u2028")
    assert whole.search("本文浏览 35 次")
    assert not whole.search("正文里说返回 打印了\n")
    assert _on_whole_text(r"(?<!a)b") is None and _on_whole_text(r"\bb") is None


def test_marker_patterns_read_space_as_regex_does():
    import regex

    from dangjian_nlp.structure import RE_NUMBERED, RE_PAREN

    numbered = regex.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*")
    paren = regex.compile(r"^[(（]\s*([一二三四五六七八九十]{1,3})\s*[)）]\s*")
    for sp in ["", " ", "\u3000", "\xa0", "\x1f", "\x1c", "\u2028", "\t", "\u200b"]:
        for line in [f"三{sp}、{sp}加强", f"({sp}十二{sp}){sp}强化", f"（一）{sp}"]:
            for ours, ref in ((RE_NUMBERED, numbered), (RE_PAREN, paren)):
                a, b = ours.match(line), ref.match(line)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (line, sp)
