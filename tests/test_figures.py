"""Figure extractor (issue 4). Made-up phrases live in tests/cases/figures.py; the seeds are
read from ../shared when present and scored against the hand gold."""
from __future__ import annotations

import pytest

from dangjian_nlp.figures import _pos_hmm, find_figures, lexicon, pattern, tag
from dangjian_nlp.records import Slogan
from dangjian_nlp.resources import load_lines, load_table
from dangjian_nlp.structure import make_document

from cases.long_documents import FIGURE_SLOGANS, figure_text
from cases.figures import (ALL_VALUES, CHANGE_FROM, NOTHING, OBJECTS, SLOGAN_LINKS, XFAIL,
                           XFAIL_OBJECTS)


def figures_of(text, slogans=()):
    doc = make_document(text)
    return doc, find_figures(doc, list(slogans))


def _values(text):
    _, figs = figures_of(text)
    return [(f.text, f.value, f.unit, f.approx) for f in figs]


def _approx_equal(got, want):
    return len(got) == len(want) and all(
        g[0] == w[0] and g[2:] == w[2:] and abs(g[1] - w[1]) < 1e-6 for g, w in zip(got, want))


@pytest.mark.parametrize("name,text,expected", ALL_VALUES, ids=[c[0] for c in ALL_VALUES])
def test_values(name, text, expected):
    got = _values(text)
    assert _approx_equal(got, expected), got


@pytest.mark.parametrize("name,text", NOTHING, ids=[c[0] for c in NOTHING])
def test_not_figures(name, text):
    assert _values(text) == []


@pytest.mark.parametrize("name,text,change_from", CHANGE_FROM, ids=[c[0] for c in CHANGE_FROM])
def test_change_from(name, text, change_from):
    _, figs = figures_of(text)
    assert len(figs) == 1 and figs[0].change_from == change_from


@pytest.mark.parametrize("name,text,surface,obj", OBJECTS, ids=[c[0] for c in OBJECTS])
def test_objects(name, text, surface, obj):
    _, figs = figures_of(text)
    found = {f.text: f.object for f in figs}
    assert found.get(surface) == obj, found


@pytest.mark.parametrize("name,text,slogans,expected", SLOGAN_LINKS, ids=[c[0] for c in SLOGAN_LINKS])
def test_slogan_links(name, text, slogans, expected):
    records = [Slogan(text=t, numbers=[], parent=p) for t, p in slogans]
    _, figs = figures_of(text, records)
    got = [(f.text, records[f.slogan].text if f.slogan is not None else None) for f in figs]
    assert got == expected


@pytest.mark.parametrize("name,text,expected", XFAIL, ids=[c[0] for c in XFAIL])
@pytest.mark.xfail(strict=True, reason="known miss")
def test_values_known_misses(name, text, expected):
    assert _approx_equal(_values(text), expected)


@pytest.mark.parametrize("name,text,surface,obj", XFAIL_OBJECTS, ids=[c[0] for c in XFAIL_OBJECTS])
@pytest.mark.xfail(strict=True, reason="known miss")
def test_objects_known_misses(name, text, surface, obj):
    _, figs = figures_of(text)
    assert {f.text: f.object for f in figs}.get(surface) == obj


def test_offsets_point_into_raw_text():
    raw = "全縣黨員教師共有1,326名,建成黨員示範崗86個。"
    doc, figs = figures_of(raw)
    assert [raw[f.start:f.end] for f in figs] == ["1,326名", "86個"]
    assert [f.text for f in figs] == ["1,326名", "86个"]  # text fields are simplified


def test_section_is_the_heading_above():
    _, figs = figures_of("一、夯实组织基础\n全县48所学校全部单独建立党支部。\n")
    assert figs[0].section and "夯实组织基础" in figs[0].section


def test_page_furniture_is_skipped():
    text = ("首页 > 党建动态 > 正文\n浏览:23856 次 发布时间:2023-05-23\n\n"
            "全县组建党员志愿服务队64支,开展服务活动1200余场。\n\n"
            "版权声明:如有侵权请联系我们,我们将在3日内处理。\n联系电话:0871-6543210")
    assert [f.text for f in figures_of(text)[1]] == ["64支", "1200余场"]


def test_bad_input_yields_nothing():
    for text in ["", "\n\n", "%%%", "个个个", "1" * 5000, "万" * 200, "一" * 20000 + "个", "9" * 20000 + "%"]:
        assert isinstance(figures_of(text)[1], list)


def test_data_files_load_without_duplicates():
    units = [u for u, _ in load_table("figures/units.tsv")]
    assert len(units) == len(set(units)) and "人次" in units
    assert {k for _, k in load_table("figures/units.tsv")} <= {
        "count", "work", "money", "measure", "share", "duration", "age", "ordinal", "level"}
    for name in ("figures/not_units.txt", "figures/number_prefixes.txt", "figures/object_prefixes.txt"):
        lines = load_lines(name)
        assert lines and len(lines) == len(set(lines)), name
    assert {a for _, _, a in load_table("figures/approx.tsv")} == {"over", "nearly", "about"}
    roles = {r for _, r in load_table("figures/verbs.tsv")}
    assert roles == {"adverb", "link", "lead", "change", "comparison", "baseline"}
    assert all(len(row) == 2 for row in load_table("figures/pos.tsv"))
    assert pattern().search("共有学校20所") and lexicon()["units"]["所"] == "count"


# -- parts of speech: rjieba, and jieba.posseg's HMM where the dictionary has no word ----------

def test_tags_of_report_words():
    assert tag("两个县被评为示范县")[1] == ("县", "n")  # in a run the dictionary lacks: the HMM's tag, not zg
    assert tag("规上企业营收")[-1] == ("营收", "n")
    assert tag("新建5G基站")[-2:] == (("5G", "eng"), ("基站", "n"))  # an ASCII run stays one token
    assert tag("党组织") == (("党组织", "n"),) and tag("汇总") == (("汇总", "v"),)  # figures/pos.tsv wins
    assert [w for w, _ in tag("开展调研活动")][:2] == ["开展", "调研"]  # a split entry is cut


@pytest.mark.parametrize("run", ["县被", "提质增效", "个村均", "研学旅行营地", "某某镇党委书记讲党课", "零碳园区"])
def test_numpy_viterbi_is_jieba_posseg_viterbi(run):
    posseg = pytest.importorskip("jieba.posseg")
    from jieba.posseg.viterbi import viterbi

    want = viterbi(run, posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)[1]
    assert _pos_hmm().route(run) == want


# -- the seeds against the hand gold -------------------------------------------------------

def _match(gold_figs, pred_figs):
    """Greedy (value, unit) matching as in eval/score.py; returns (pairs, unmatched required)."""
    used, pairs = set(), []
    for p in pred_figs:
        for want_opt in (False, True):
            i = next((i for i, g in enumerate(gold_figs) if i not in used
                      and bool(g.get("optional")) == want_opt
                      and abs(float(g["value"]) - float(p.value)) < 1e-6 and g["unit"] == p.unit), None)
            if i is not None:
                used.add(i)
                pairs.append((gold_figs[i], p))
                break
        else:
            pairs.append((None, p))
    missed = [g for i, g in enumerate(gold_figs) if i not in used and not g.get("optional")]
    return pairs, missed


def test_seed_figures_match_gold(seed_records, gold):
    tp = fp = fn = approx_ok = change_ok = 0
    for doc_id, g in gold.items():
        pairs, missed = _match(g["figures"], seed_records[doc_id].figures)
        fn += len(missed)
        for gf, p in pairs:
            if gf is None:
                fp += 1
            elif not gf.get("optional"):
                tp += 1
                approx_ok += gf.get("approx") == p.approx
                change_ok += gf.get("change_from") == p.change_from
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.98 and approx_ok / tp >= 0.98 and change_ok == tp, (tp, fp, fn)


def test_seed_figure_offsets_and_text(seeds, seed_records):
    for doc_id, rec in seed_records.items():
        raw = seeds[doc_id]
        doc = make_document(raw)
        for f in rec.figures:
            assert f.end > f.start and len(raw[f.start:f.end]) == len(f.text), (doc_id, f.text)
            assert doc.body_start <= f.start  # never in page furniture


def test_numeric_slogan_does_not_hide_a_larger_number():
    text = "实施“315”科技创新工程,全年新增科技型企业3150家。"
    _, figs = figures_of(text, [Slogan(text="315", numbers=[3, 1, 5])])
    assert [f.text for f in figs] == ["3150家"]


# -- long documents ----------------------------------------------------------------------
@pytest.mark.parametrize("shape", ["line", "headed"])
def test_find_figures_on_a_long_document(shape):
    """Many reports run together (one line, or under many headings) keep every figure, its
    change and its slogan (benchmarks/linear.py measures that the time grows linearly)."""
    one = figure_text(500, shape)  # ~100k characters, 4,500 figures
    figs = find_figures(make_document(one), FIGURE_SLOGANS)
    assert len(figs) == 4500 and figs[0].slogan == 0 and figs[2].change_from == 87


def test_grouped_alternation_matches_as_the_plain_one():
    # _first_char_alt only regroups _alt's branches: the same words win, longest first
    import re

    from dangjian_nlp.figures import _alt, _first_char_alt

    words = list(lexicon()["units"]) + ["个", "个月", "个工作日", "百分点", "个百分点"]
    plain, grouped = re.compile(_alt(words)), re.compile(_first_char_alt(words))
    for s in ["3个工作日内", "2个百分点", "个月", "千瓦时", "平方公里", "人次", "百分之", "无"]:
        for i in range(len(s)):
            a, b = plain.match(s, i), grouped.match(s, i)
            assert (a and a.group()) == (b and b.group()), (s, i)


def test_clause_bounds_equal_the_character_walk():
    import random

    from dangjian_nlp.figures import BOUNDARY, _clause_end, _clause_start

    def walk_start(text, pos, floor, boundary):
        i, stop = pos, max(floor, pos - 40)
        while i > stop and text[i - 1] not in boundary:
            i -= 1
        return max(i, pos - 40)

    def walk_end(text, pos, ceiling):
        i, stop = pos, min(ceiling, pos + 40)
        while i < stop and text[i] not in BOUNDARY:
            i += 1
        return min(i, pos + 40)

    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice("党员学校,、。;(\n") for _ in range(rng.randint(0, 90)))
        pos, edge = rng.randint(0, len(text)), rng.randint(0, len(text))
        for boundary in (BOUNDARY, BOUNDARY.replace("、", "")):
            assert _clause_start(text, pos, edge, boundary) == walk_start(text, pos, edge, boundary)
        assert _clause_end(text, pos, edge) == walk_end(text, pos, edge)


def test_a_recurring_match_reads_the_same_in_any_context():
    # scan_span reads each matched text once: what its surroundings decide stays per match
    from dangjian_nlp.figures import scan_text

    first = [(c.start, c.end, c.value, c.unit, c.approx) for c in scan_text("全区学校20所,幼儿园近万人")]
    text = "第20所之后,全区学校20所,幼儿园近万人,线上3000人"
    again = [(text[c.start:c.end], c.value, c.approx) for c in scan_text(text)]
    assert len(first) == 2
    assert again == [("20所", 20, None), ("近万人", 10000, "nearly"), ("3000人", 3000, None)]


def test_section_finder_agrees_with_section_at():
    from dangjian_nlp.figures import SectionFinder

    doc = make_document("全市情况\n" + figure_text(30, "headed"))
    assert len(doc.sections) > 3
    finder = SectionFinder(doc.sections)
    for pos in range(0, len(doc.text), 7):
        assert finder.at(pos) == doc.section_at(pos), pos
