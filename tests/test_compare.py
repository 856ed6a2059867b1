"""Comparison tables over records built by hand (independent of the extractors' accuracy),
and one run over the bundled corpus."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dangjian_nlp import Figure, Practice, Record, Region, Slogan, to_frames
from dangjian_nlp import compare as C

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


def _records():
    return [
        Record(doc_id="a", region=Region(province="山东省", city="潍坊市", zone="潍坊高新区"),
               slogans=[Slogan(text="双培养", numbers=[2], head="机制",
                               items=["把骨干教师培养成党员", "把党员培养成骨干教师"], mentions=2),
                        Slogan(text="三会一课", numbers=[3, 1], items=["会", "课"])],
               figures=[Figure(text="80家", value=80, unit="家", object="民办幼儿园"),
                        Figure(text="由87%提高到100%", value=100, unit="%", object="覆盖率",
                               change_from=87)],
               practices=[Practice(type="members", start=0, end=100, section="坚持党员带头"),
                          Practice(type="organization", start=100, end=200, section="聚焦管理难点"),
                          Practice(type="service", start=100, end=200, section="聚焦管理难点")]),
        Record(doc_id="b", region=Region(province="甘肃省", city="张掖市", county="山丹县"),
               slogans=[Slogan(text="双培养", numbers=[2], head="工程",
                               items=["把优秀教师发展成党员", "把党员培养成教学能手"])],
               figures=[Figure(text="12所", value=12, unit="所", object="民办幼儿园"),
                        Figure(text="30所", value=30, unit="所", object="民办幼儿园")],
               practices=[Practice(type="members", start=0, end=300, section="队伍建设")]),
        Record(doc_id="c", error="ValueError: binary file"),
    ]


@pytest.fixture(scope="module")
def frames():
    return to_frames(_records())


def test_region_labels(frames):
    assert C.region_labels(frames["documents"]).to_dict() == {"a": "潍坊高新区", "b": "山丹县", "c": "(未知)"}
    assert C.region_labels(frames["documents"], "province")["b"] == "甘肃省"
    with pytest.raises(ValueError):
        C.region_labels(frames["documents"], "town")


def test_region_practices(frames):
    t = C.region_practices(frames)
    assert list(t.columns) == ["region", "type", "label", "sections", "documents", "share"]
    assert len(t) == 2 * 10  # every region × every type, zeros included; "c" could not be read
    row = t.set_index(["region", "type"])
    assert row.loc[("山丹县", "members"), "share"] == 1.0
    assert row.loc[("潍坊高新区", "members"), "share"] == 0.5  # 100 of 200 characters
    assert row.loc[("潍坊高新区", "service"), "share"] == 0.25  # shares a section with organization
    assert row.loc[("潍坊高新区", "members"), "label"] == "党员队伍"
    assert row.loc[("山丹县", "equity"), "sections"] == 0


def test_slogan_atlas(frames):
    at = C.slogan_atlas(frames)
    assert at.iloc[0]["slogan"] == "双培养" and at.iloc[0]["regions"] == 2
    both = at[at["slogan"] == "双培养"].set_index("region")
    assert both.loc["山丹县", "items"] == "把优秀教师发展成党员 / 把党员培养成教学能手"
    assert both.loc["潍坊高新区", "head"] == "机制"
    assert list(C.slogan_atlas(frames, min_regions=2)["slogan"].unique()) == ["双培养"]
    assert C.slogan_atlas(frames, slogans=["三会一课"])["n_items"].tolist() == [2]


def test_region_figures(frames):
    t = C.region_figures(frames)
    k = t.set_index(["region", "object", "unit"])
    assert k.loc[("山丹县", "民办幼儿园", "所"), "n"] == 2
    assert k.loc[("山丹县", "民办幼儿园", "所"), "total"] == 42
    assert pd.isna(k.loc[("潍坊高新区", "覆盖率", "%"), "total"])  # shares are not summed
    assert k.loc[("潍坊高新区", "覆盖率", "%"), "max"] == 100


def test_empty_frames():
    fr = to_frames([Record(doc_id="x")])
    assert C.slogan_atlas(fr).empty and C.region_figures(fr).empty
    assert C.region_practices(fr)["sections"].sum() == 0


# fmt: off
TEXTS = {
    "a": "深入实施“双培养”工程,党员教师开展家访,落实课后服务,家长满意度不断提升。家访常态化。",
    "b": "推行“336”工作法,实施“双培养”机制,健全议事规则,完善校长负责制。",
    "c": "推进智慧校园建设,搭建教育云平台,推行“336”工作法,信息化应用全面普及。",
}
GROUPS = {"a": "甲", "b": "乙", "c": "乙"}
# (pattern, how many hits across TEXTS)
KWIC_CASES = [("双培养", 2), ("336", 2), ("家访", 2), ("不存在的词", 0)]
# fmt: on


@pytest.mark.parametrize("pattern,n", KWIC_CASES)
def test_kwic(pattern, n):
    k = C.kwic(TEXTS, pattern, window=5)
    assert len(k) == n
    for _, r in k.iterrows():
        assert TEXTS[r["doc_id"]][r["start"]:r["end"]] == pattern
        assert len(r["left"]) <= 5 and len(r["right"]) <= 5


def test_kwic_regex_and_errors():
    assert len(C.kwic(TEXTS, r"“\d+”", regex_=True)) == 2
    with pytest.raises(ValueError):
        C.kwic(TEXTS, "")
    with pytest.raises(TypeError):
        C.kwic("一段文本", "文本")


def test_term_frequency():
    tf = C.term_frequency(TEXTS, GROUPS, n=3)
    assert list(tf.columns) == ["group", "rank", "term", "count", "docs", "per_10k"]
    top = tf[tf["group"] == "甲"].iloc[0]
    assert (top["term"], top["count"]) == ("家访", 2)
    assert set(tf.loc[tf["group"] == "乙", "term"]) >= {"336"}  # digit slogans are features
    assert (tf.groupby("group").size() <= 3).all()


@pytest.mark.parametrize("measure", ["chi2", "G2"])
def test_keyness(measure):
    k = C.keyness(TEXTS, GROUPS, "乙", measure=measure, min_count=1)
    assert list(k.columns) == ["term", "n_target", "n_reference", "keyness", "p"]
    assert k.iloc[0]["n_reference"] == 0 and k.iloc[0]["keyness"] > 0
    assert k.set_index("term").loc["336", "keyness"] > 0
    assert k.set_index("term").loc["家访", "keyness"] < 0  # the reference's word
    assert k["keyness"].is_monotonic_decreasing
    with pytest.raises(ValueError):
        C.keyness(TEXTS, GROUPS, "丙")
    with pytest.raises(ValueError):
        C.keyness(TEXTS, GROUPS, "乙", measure="pmi")


def test_keyness_matches_a_hand_computed_chi2():
    from scipy.stats import chi2_contingency

    k = C.keyness(TEXTS, GROUPS, "乙", min_count=1).set_index("term")
    counts = C.term_counts(TEXTS, GROUPS)
    A = counts.loc[counts.group == "乙", "count"].sum()
    B = counts.loc[counts.group == "甲", "count"].sum()
    a = k.loc["336", "n_target"]
    b = k.loc["336", "n_reference"]
    want = chi2_contingency([[a, A - a], [b, B - b]], correction=True)[0]
    assert k.loc["336", "keyness"] == pytest.approx(want, abs=1e-3)


@pytest.mark.skipif(not CORPORA.is_dir(), reason="no bundled corpus")
def test_corpus_texts_and_tables():
    import dangjian_nlp as dj

    paths = sorted(CORPORA.glob("*.txt"))[:4]
    tx = C.corpus_texts(paths)
    assert len(tx) == len(paths) and tx["text"].str.len().min() > 100
    frames = dj.to_frames(dj.extract_many(paths))
    t = C.region_practices(frames)
    assert t["sections"].sum() > 0
    assert set(tx["doc_id"]) == set(frames["documents"]["doc_id"])
