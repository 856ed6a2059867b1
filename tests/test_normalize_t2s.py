"""The 1:1 character table in `normalize.to_simplified` agrees with OpenCC's own converter.

The table is built from OpenCC's dictionary files and applied as a numpy look-up (str.translate
for short texts; offsets unchanged); `opencc.OpenCC('t2s')` is the reference (pure Python,
~2 MB/s).
The sentences below are made up in the register of traditional-script reports; they
include characters with several simplified forms (乾, 瞭, 著, 髮/發, 麵, 隻) and phrase
entries handled as exceptions.
"""
from __future__ import annotations

import pytest

from dangjian_nlp.normalize import detect_script, fold_width, normalize, to_simplified

# fmt: off
TRADITIONAL = [
    "近年來，某縣教育局堅持以黨建引領教育高質量發展，創新推行「一統二商三議四促」工作機制。",
    "全縣146所中小學校全部建立黨組織，黨組織覆蓋率由87%提高到100%。",
    "向80家民辦幼兒園選派黨建指導員，開展「三會一課」規範化建設。",
    "黨員教師帶頭參與課後服務，累計服務學生4.7萬餘人次，家長滿意度達到98.5%。",
    "堅持問題導向，瞭解群眾急難愁盼，著力解決辦學條件薄弱等問題。",
    "乾淨整潔的校園環境，離不開每一位教職工的辛勤付出。",
    "發揮基層黨組織戰鬥堡壘作用，推動黨建與業務深度融合、雙向促進。",
    "建立「1+6+N」聯繫服務機制，每名黨員聯繫一個班級、一隻志願服務隊。",
    "構建「三位一體」育人格局，實現學校、家庭、社會協同發力。",
    "學校食堂每天供應麵食和米飯，頭髮整齊、著裝規範成為教師新風貌。",
    "樹立「四有」好老師標杆，評選表彰優秀共產黨員32名、先進基層黨組織15個。",
    "鄉村學校圖書館藏書由1.2萬冊增加到3.5萬冊，閱覽室覆蓋率達到百分之九十。",
]
# fmt: on


@pytest.fixture(scope="module")
def t2s():
    opencc = pytest.importorskip("opencc")
    return opencc.OpenCC("t2s")


@pytest.mark.parametrize("text", TRADITIONAL)
def test_agrees_with_opencc(text, t2s):
    out = to_simplified(text)
    assert out == t2s.convert(text)
    assert len(out) == len(text)  # 1:1, offsets stay the identity


@pytest.mark.parametrize("text", TRADITIONAL)
def test_detected_as_traditional_and_normalized(text, t2s):
    assert detect_script(text) == "traditional"
    n = normalize(text)
    assert n.script == "traditional"
    assert n.text == fold_width(t2s.convert(text))[0]  # converted, then widths folded


def test_seeds_agree_with_opencc(seeds, t2s):
    for doc_id, raw in seeds.items():
        out = to_simplified(raw)
        ref = t2s.convert(raw)
        diff = [(i, raw[i], out[i], ref[i]) for i in range(min(len(out), len(ref))) if out[i] != ref[i]]
        assert len(out) == len(raw) == len(ref), doc_id
        assert not diff, (doc_id, diff[:10])


@pytest.mark.parametrize("text", [
    "党建引领教育高质量发展，覆盖率由87%提高到100%。",  # simplified: left alone
    "向80家民办幼儿园选派党建指导员。",
])
def test_simplified_text_is_unchanged(text):
    assert to_simplified(text) == text
    assert normalize(text).script == "simplified"
