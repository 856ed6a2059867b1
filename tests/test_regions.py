"""Region resolver and gazetteer (issue 5). Made-up reports live in tests/cases/regions.py;
the real seeds and the provincial government reports are read from ../shared when present."""
from __future__ import annotations

import json

import pytest

from dangjian_nlp.records import Document
from dangjian_nlp.regions import find_mentions, gazetteer, resolve_region, resolve_text
from dangjian_nlp.resources import data_path, load_table, read_text
from dangjian_nlp.structure import make_document

from cases.long_documents import REGION_UNIT
from cases.regions import ALL, XFAIL

from conftest import SHARED, seed_ids


def _levels(r):
    return (r.province, r.city, r.county, r.zone)


@pytest.mark.parametrize("name,text,expected", ALL, ids=[c[0] for c in ALL])
def test_made_up_reports(name, text, expected):
    r = resolve_text(text)
    assert _levels(r) == expected
    if expected[0] is not None:
        assert r.evidence and r.adcode  # the text that decided, and where it is
    else:
        assert r.adcode is None


@pytest.mark.parametrize("name,text,expected", XFAIL, ids=[c[0] for c in XFAIL])
@pytest.mark.xfail(strict=True, reason="known miss")
def test_made_up_reports_known_misses(name, text, expected):
    assert _levels(resolve_text(text)) == expected


def test_ambiguous_name_keeps_every_candidate():
    r = resolve_text("和平区教育局党委坚持把党建工作摆在首位,全区学校党组织实现标准化建设。")
    assert r.county is None
    found = {(c["province"], c["county"]) for c in r.candidates}
    assert {("天津市", "和平区"), ("辽宁省", "和平区")} <= found
    assert all("score" in c and "adcode" in c for c in r.candidates)


def test_adcode_is_the_most_specific_level():
    r = resolve_text("甘肃省白银市会宁县教育局党委推进“党建+”工程,全县学校党组织全覆盖。")
    assert (r.county, r.adcode) == ("会宁县", "620422")
    r = resolve_text("近年来,白银市教育局党委推进“党建+”工程,全市学校党组织全覆盖。")
    assert (r.city, r.county, r.adcode) == ("白银市", None, "620400")


# fmt: off
LOOKUPS = [
    ("和平区", ["120101", "210102"]),       # ambiguous: every row, never just the first
    ("山丹縣", ["620725"]),                  # traditional script
    ("凤庆", ["530921"]),                    # short form
    ("襄樊市", ["420600"]),                  # renamed (2010) → 襄阳市
    ("宜宾县", ["511504"]),                  # county → district (2018) 叙州区
    ("黔南州", ["522700"]),                  # autonomous prefecture, short
    ("广西", ["450000"]),
    ("景东县", ["530823"]),                  # 景东彝族自治县
]
CHAINS = [
    ("620725", ("甘肃省", "张掖市", "山丹县")),
    ("120101", ("天津市", "天津市", "和平区")),  # a municipality is its own city
    ("429004", ("湖北省", None, "仙桃市")),      # province-administered county-level city
    ("450900", ("广西壮族自治区", "玉林市", None)),
]
MENTIONS = [
    ("我们在太原路调研", []),                          # street
    ("五大连池市", ["五大连池市"]),                    # not 大连
    ("上海市场监管", ["上海"]),                        # 上海 + 市场
    ("县委县政府", []),                                # bare 县
]
# fmt: on


@pytest.mark.parametrize("name,adcodes", LOOKUPS, ids=[c[0] for c in LOOKUPS])
def test_lookup(name, adcodes):
    got = [u.adcode for u in gazetteer().lookup(name)]
    assert set(adcodes) <= set(got)


@pytest.mark.parametrize("adcode,chain", CHAINS, ids=[c[0] for c in CHAINS])
def test_chain(adcode, chain):
    assert gazetteer().chain(adcode) == chain


@pytest.mark.parametrize("text,surfaces", MENTIONS, ids=[c[0] for c in MENTIONS])
def test_mentions_guards(text, surfaces):
    assert [m.surface for m in find_mentions(text)] == surfaces


@pytest.mark.parametrize("text", ["", "   \n\n", "**市**县**区", "。" * 500, "\x00\ufffd乱码"])
def test_bad_input_never_crashes(text):
    r = resolve_region(make_document(text))
    assert r is None or r.province is None


def test_document_without_structure():
    doc = Document(doc_id=None, raw="凤庆县教育系统", text="凤庆县教育系统", body_end=7)
    assert resolve_region(doc).county == "凤庆县"


# -- data files ----------------------------------------------------------------
GAZ_FILES = ["regions.tsv", "zones.tsv", "renamed.tsv", "guard_words.tsv", "zone_suffixes.tsv",
             "guard_suffixes.tsv", "split_words.tsv", "self_words.tsv"]


@pytest.mark.parametrize("name", GAZ_FILES)
def test_data_file_names_source(name):
    first = read_text("gazetteer/" + name).splitlines()[0]
    assert first.startswith("#") and "columns" in first


def test_gazetteer_rows_are_consistent():
    rows = load_table("gazetteer/regions.tsv")
    codes = [r[0] for r in rows]
    assert len(codes) == len(set(codes)) > 3000
    known = set(codes)
    assert all(r[3] in known for r in rows if r[3])
    assert sum(r[1] == "province" for r in rows) == 34
    for date, old, _, new_code, new_name, *_ in load_table("gazetteer/renamed.tsv"):
        assert new_code in known and old != new_name
    assert all(r[2] in known for r in load_table("gazetteer/zones.tsv"))
    assert data_path("gazetteer/SOURCE.md").is_file()


# -- real reports ----------------------------------------------------------------
@pytest.mark.parametrize("doc_id", seed_ids())
def test_seed_regions(doc_id, seed_records, gold):
    want = gold[doc_id]["region"]
    r = seed_records[doc_id].region
    assert (r.province, r.city, r.county) == (want["province"], want["city"], want["county"])
    assert r.evidence
    if want.get("zone"):
        assert r.zone == want["zone"]


def _bulk(prefix):
    path = SHARED / "bulk" / "reports.jsonl"
    if not path.is_file():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r["id"].startswith(prefix)]


def test_provincial_reports_resolve_to_their_province():
    rows = _bulk("gwr-prov-")
    if not rows:
        pytest.skip("../shared/bulk not present")
    wrong = []
    for row in rows:
        r = resolve_region(make_document(row["text"], row["id"], title=row.get("title")))
        want = row["id"].rsplit("-", 1)[-1]
        city_ok = r.city is None or (want.endswith("市") and r.city == want)  # municipality
        if r.province != want or not city_ok or r.county is not None:
            wrong.append((row["id"], _levels(r)))
    assert not wrong


def test_national_reports_name_no_region():
    rows = _bulk("gwr-national-")
    if not rows:
        pytest.skip("../shared/bulk not present")
    placed = [(row["id"], _levels(r)) for row in rows
              if (r := resolve_region(make_document(row["text"], row["id"], title=row.get("title")))).province]
    assert not placed


def test_gazetteer_loads_lazily_and_once():
    import subprocess
    import sys

    code = ("import dangjian_nlp, dangjian_nlp.regions as r; assert r.gazetteer.cache_info().currsize == 0; "
            "r.resolve_text('凤庆县'); r.resolve_text('山丹县'); assert r.gazetteer.cache_info().misses == 1")
    subprocess.run([sys.executable, "-c", code], check=True)


# -- long documents ----------------------------------------------------------------------
def test_resolve_region_on_a_long_document():
    """~7,000 mentions of ambiguous names: 和平区 is settled by 宝坻区 however long the text
    (benchmarks/linear.py measures that the time grows linearly)."""
    assert resolve_region(make_document(REGION_UNIT * 500)).county == "和平区"


def test_aggregated_support_is_the_pairwise_relation():
    """disambiguate sums the resolved units per province / parent / ancestor; the scores and
    deciding names are exactly those of weighing each resolved unit with _relation."""
    import random

    from dangjian_nlp.regions import _relation, _Support

    g, rng = gazetteer(), random.Random(5)
    keys = sorted(g.units)
    for _ in range(50):
        sure, surfaces = {}, {}
        near = rng.sample(keys, 3)  # and some of their kin, so all relations occur
        for u in rng.sample(keys, 20) + [k for n in near for k in g.children[n][:4]] + near:
            sure[u] = sure.get(u, 0.0) + rng.choice([0.5, 0.75, 1.0, 1.5, 2.25, 3.0, 4.5])
            surfaces[u] = rng.sample(["甲", "乙", "丙", "丁", g.units[u].name], 2)
        s = _Support(sure, surfaces, g)
        for k in rng.sample(keys, 30) + list(sure):
            assert s.score(k) == sum(w * _relation(g, u, k) for u, w in sure.items())
            assert s.support(k, "甲") == list(dict.fromkeys(
                x for u in sure if _relation(g, u, k) > 0 for x in surfaces[u] if x != "甲"))


def test_one_pass_spans_equal_scans_of_each_span():
    # spans that cut through names (凤庆|县, 天津和|平区) and self-words (全|县) must read as
    # if scanned alone: the one-pass shortcut of collect()
    from dangjian_nlp.regions import _mentions, _span_hits

    g = gazetteer()
    text = "云南凤庆县委教育工委召开全县学校党建工作会议,天津和平区、宝坻区来宾参会;我县全县上下,全市学校。" * 2
    hits = g.automaton.find_matches_as_indexes(text)
    starts = [h[1] for h in hits]
    raw, sh = g._find_raw(text)  # collect's: byte offsets of the coded text (sh 1)
    rstarts = [h[1] for h in raw]
    assert sh == 1 and g._find_raw(text + "𠀋")[1] == 0
    selfs = g._self_hits(text)
    for s in range(len(text)):
        for e in (s + 1, s + 3, s + 7, len(text)):
            e = min(e, len(text))
            alone = find_mentions(text, s, e, g=g)
            shared = _mentions(text, _span_hits(hits, starts, text, s, e, g), "body", g)
            assert [(m.start, m.end, m.surface, m.cands) for m in shared] == \
                   [(m.start, m.end, m.surface, m.cands) for m in alone]
            shifted = _mentions(text, _span_hits(raw, rstarts, text, s, e, g, sh), "body", g, sh=sh)
            assert [(m.start, m.end, m.surface, m.cands) for m in shifted] == \
                   [(m.start, m.end, m.surface, m.cands) for m in alone]
            assert g._count_self_in(selfs, text, s, e) == g.count_self_words(text[s:e])
            assert g._count_self_in(None, text, s, e) == g.count_self_words(text[s:e])  # collect's scan


def test_lone_surrogate_outside_the_parts_read_changes_nothing():
    # the one-pass scan covers the whole text; a surrogate (it cannot be UTF-8 encoded) in
    # the header must fail no more than the parts read alone did
    clean = "云南凤庆:学校党建\n来源:某某网 2023-05-01\n\n凤庆县委教育工委把学校党建摆在重要位置。\n"
    bad = clean.replace("某某网 ", "某某网 \ud800 ")
    assert _levels(resolve_text(bad)) == _levels(resolve_text(clean)) == ("云南省", "临沧市", "凤庆县", None)


def test_self_words_that_may_overlap_are_counted_like_str_count():
    # the plain scan is only for words whose occurrences cannot overlap (全县 / 县区 can)
    from dangjian_nlp.regions import Gazetteer

    g = Gazetteer()
    text = "全县区域,全县区,全县;县区全县"
    assert g._self_res is not None
    plain = g._count_self_in(g._self_hits(text), text, 0, len(text))
    assert g._count_self_in(None, text, 0, len(text)) == plain
    g.self_words = {**g.self_words, "县区": "county", "全县区": "county"}
    g._build_automaton()
    assert g._self_res is None
    both = g._count_self_in(g._self_hits(text), text, 0, len(text))
    assert both == {w: text.count(w) for w in g._self_list if text.count(w)}
    assert plain == {w: text.count(w) for w in ("全县",)}


def test_coded_whole_text_pass_equals_the_plain_automaton():
    # find_all scans a two-byte re-coding of the text; its matches must be the automaton's,
    # also beside characters no name uses, Latin text and a character beyond the BMP
    g = gazetteer()
    texts = ["云南凤庆县委召开会议,天津和平区、宝坻区,上海市场,潍坊高新区ABC 12月3日电",
             "合作社和平安定,新疆乌鲁木齐市𠀋凤庆县", "", "abc", "凤", "县县县和平和平区区"]
    for text in texts:
        assert g.find_all(text) == g.automaton.find_matches_as_indexes(text)
    with pytest.raises(UnicodeEncodeError):
        g.find_all("凤庆县\ud800")


def _random_reports(g, n, seed):
    """Made-up report texts strung from gazetteer names (words that need context most of
    all: 和平, 合作, 资源, and the names that settle them), with the characters that
    change how a match reads around them: organs, guard suffixes, 、-lists, split words,
    datelines, titles with a colon."""
    import random

    rng = random.Random(seed)
    words = [s for s in g._surfaces if g._needs(s)]
    named = [s for s in g._surfaces if not g._needs(s)]
    common = ["和平", "合作", "资源", "和平区", "天津", "天津市", "振兴", "通道", "上海", "上海市", "城区",
              "北区", "市", "区", "县", "凤庆", "凤庆县", "临沧", "宝坻区", "河西区", "南开区", "新华", "桂东",
              # chains that start with a word needing context, splits of one (新城区域 → 新城)
              "朝阳双塔区", "海南共和县", "甘南合作市", "大同平城区", "西安新城区", "新城区域", "解放区域",
              "老城区块", "市中区间", "新市区域", "新市区"]
    glue = ["、", "县委", "区委", "教育局", "路", "大学", "精神", "场", "6月1日电", " ", "\n", "。", ",",
            "的", "学校", "党建", "全县", "我市", "**市", ":", "\n\n"]
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randrange(1, 60)):
            r = rng.random()
            parts.append(rng.choice(common) if r < 0.35 else rng.choice(words) if r < 0.55
                         else rng.choice(named) if r < 0.65 else rng.choice(glue))
        out.append("".join(parts))
    return out


def test_dead_patterns_change_nothing(monkeypatch):
    # collect passes over the matches of patterns whose mentions the filter is sure to
    # drop, and reads the coded pass's offsets shifted: the mentions, self-words and masks
    # must be those of the plain reading
    import dataclasses

    import dangjian_nlp.regions as R

    g = gazetteer()
    texts = [c[1] for c in ALL] + _random_reports(g, 1500, 11) + [REGION_UNIT * 3]
    texts += ["天津和平区合作社,和平区、合作区资源\n" + t for t in _random_reports(g, 300, 12)]
    texts += ["𠀋" + t for t in _random_reports(g, 100, 13)]  # not coded: character offsets
    docs = [make_document(t) for t in texts]

    def read(doc):
        ms, selfw, masked = R.collect(doc, g)
        return [dataclasses.astuple(m) for m in ms], dict(selfw), masked

    fast = [read(d) for d in docs]
    # most texts have some: the test reads the shortcut
    assert sum(bool(R._dead_patterns([g.find_all(d.text)], g)) for d in docs) > len(docs) // 2
    monkeypatch.setattr(R, "_dead_patterns", lambda zone_hits, g: set())
    assert [read(d) for d in docs] == fast
    # and the coded pass's byte offsets read as the plain automaton's character offsets
    monkeypatch.setattr(g, "_find_raw", lambda text: (g.automaton.find_matches_as_indexes(text), 0))
    assert [read(d) for d in docs] == fast
