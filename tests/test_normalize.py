"""Normalization: script detection, traditional → simplified, width folding, offset maps."""
from __future__ import annotations

import pytest

from dangjian_nlp.normalize import detect_script, fold_width, normalize, surface, to_simplified
from dangjian_nlp.structure import make_document

# fmt: off
SCRIPTS = [
    ("全县党员教师积极参与“三会一课”,推进立德树人根本任务落地见效。", "simplified"),
    ("全縣黨員教師積極參與「三會一課」,推進立德樹人根本任務落地見效。", "traditional"),
    ("全縣黨員教師積極參與三會一課。全县党员教师积极推进课后服务,扎实开展家访活动。", "mixed"),
    ("2023年", "simplified"),  # too little evidence: the common case wins
    ("", "simplified"),
]

CONVERSIONS = [
    ("黨建引領教育高質量發展", "党建引领教育高质量发展"),
    ("堅持立德樹人,辦好人民滿意的教育", "坚持立德树人,办好人民满意的教育"),
    ("乾坤", "乾坤"),          # a phrase exception: 乾 stays in this word
    ("一目瞭然", "一目了然"),  # and 瞭 changes in this one
]

WIDTHS = [
    ("ＡＢＣ１２３", "ABC123"),
    ("覆盖率达到１００％", "覆盖率达到100%"),
    ("坚持党建引领，推动发展：成效显著；", "坚持党建引领,推动发展:成效显著;"),
    ("“六好”标准、“三大举措”", "“六好”标准、“三大举措”"),  # Chinese quotes and 、 are kept
    ("全　区", "全 区"),  # ideographic space
]
# fmt: on


@pytest.mark.parametrize("text,script", SCRIPTS)
def test_detect_script(text, script):
    assert detect_script(text) == script


@pytest.mark.parametrize("trad,simp", CONVERSIONS)
def test_to_simplified(trad, simp):
    out = to_simplified(trad)
    assert out == simp and len(out) == len(trad)


@pytest.mark.parametrize("raw,folded", WIDTHS)
def test_fold_width(raw, folded):
    text, offsets = fold_width(raw)
    assert text == folded


def test_offsets_through_expanding_and_vanishing_characters():
    # a zero-width space vanishes, ㈠ expands to three characters: spans still map back
    raw = "第\u200b一部分㈠全区共有学校２０所。"
    n = normalize(raw)
    assert n.offsets is not None and "\u200b" not in n.text
    doc = make_document(raw)
    i = doc.text.index("20所")
    s, e = doc.raw_span(i, i + 3)
    assert raw[s:e] == "２０所"
    j = doc.text.index("(一)")
    s, e = doc.raw_span(j, j + 3)
    assert raw[s:e] == "㈠"
    assert surface(raw, s, e) == "(一)"


def test_simplified_text_keeps_identity_offsets():
    n = normalize("全区现有党员教师746名,青年教师先锋岗278个。")
    assert n.offsets is None and n.script == "simplified"


def test_agrees_with_opencc_on_traditional_seed(seeds):
    import opencc

    conv = opencc.OpenCC("t2s")
    for doc_id, raw in seeds.items():
        if detect_script(raw) == "traditional":
            assert to_simplified(raw) == conv.convert(raw)


# long texts go through numpy code-point tables, short ones through str.translate: one answer
_MIXED = ("近年來,某縣教育局堅持以黨建引領教育高質量發展,一目瞭然。乾坤朗朗,"
          "全区党员教师７４６名，覆盖率１００％；第\u200b一部分㈠½。")


@pytest.mark.parametrize("text", [
    _MIXED * 200,  # traditional and simplified sentences, expanding and vanishing characters
    "黨員教師參與課後服務。" * 900,
    "全区党员教师积极参与，覆盖率达到１００％。" * 300,
    "乾坤" * 3000,  # phrase exceptions back to back
    "\U00020000黨員" * 2000,  # beyond the BMP
    "黨員\udc80教師" * 1000,  # a lone surrogate (surrogateescape input)
])
def test_long_and_short_paths_agree(text, monkeypatch):
    from dangjian_nlp import normalize as nz

    assert len(text) >= nz._SMALL
    fast = [normalize(text, s) for s in (None, "simplified", "traditional")]
    fast += [detect_script(text), to_simplified(text), fold_width(text)]
    monkeypatch.setattr(nz, "_SMALL", 10**9)  # every text through str.translate
    slow = [normalize(text, s) for s in (None, "simplified", "traditional")]
    slow += [detect_script(text), to_simplified(text), fold_width(text)]
    assert fast == slow


def test_phrase_automaton_finds_what_the_regex_finds():
    from dangjian_nlp import normalize as nz

    phrases = list(nz._t2s_table()[1])
    text = "".join(phrases) + "".join(p[1:] + p[:1] for p in phrases) + "不瞭解一目瞭然乾坤"
    by_re = [(m.start(), m.end()) for m in nz._phrase_re().finditer(text)]
    assert [(s, e) for s, e, _ in nz._phrase_matches(text)] == by_re


def test_traditional_paragraph_in_a_simplified_report_is_converted():
    # a scraped page: a long simplified report with one paragraph pasted in traditional
    # script, far past the sample detection reads
    body = "区委教育工委坚持党建引领,推动党组织全覆盖,落实党组织领导的校长负责制。\n" * 400
    tail = "該區創新“三會一課”制度,建立黨員教師聯繫學生機制。\n"
    n = normalize(body + tail)
    assert n.script == "simplified"
    assert n.text.endswith("该区创新“三会一课”制度,建立党员教师联系学生机制。\n")
    assert n.offsets is None  # 1:1, offsets still point into the raw text


def test_phrase_runs_find_what_the_whole_text_does():
    # runs of phrase characters (adjacent phrases, overlapping candidates, lone characters)
    from dangjian_nlp.normalize import _codes, _phrase_matches, _phrase_matches_codes, _t2s_table

    keys = sorted(_t2s_table()[1])
    text = ("黨建工作," + ",".join(keys[:60]) + "".join(keys[60:120]) + "。" + keys[0][0] + "學"
            + "".join(k[1:] + k for k in keys[120:160]) + keys[-1])
    assert _phrase_matches(text)
    assert _phrase_matches_codes(_codes(text)) == _phrase_matches(text)
