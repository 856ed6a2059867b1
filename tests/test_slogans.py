"""Slogans (SPEC §2): decoding, finding, look-alikes, items, parents, heads, offsets, speed."""
from __future__ import annotations

import pytest

from dangjian_nlp.normalize import to_simplified
from dangjian_nlp.records import Slogan
from dangjian_nlp.resources import load_lines, load_table
from dangjian_nlp.slogans import decode, find_slogans
from dangjian_nlp.structure import make_document

from cases.long_documents import SLOGAN_UNITS, distinct_slogans
from cases.slogans import (DECODE, DECODE_REJECT, FIND, HEADS, ITEMS, ITEMS_XFAIL, NO_ITEMS,
                           NO_PARENT, NOT_SLOGANS, NOT_SLOGANS_XFAIL, PARENTS)


def slogans(text: str) -> list[Slogan]:
    return find_slogans(make_document(text))


def by_text(text: str, core: str) -> Slogan:
    found = {s.text: s for s in slogans(text)}
    assert core in found, f"{core} not found among {list(found)}"
    return found[core]


def _ids(table):
    return [row[0] for row in table]


@pytest.mark.parametrize("core,shape,numbers", DECODE, ids=[r[0] for r in DECODE])
def test_decode(core, shape, numbers):
    d = decode(core)
    assert d is not None and (d.shape, list(d.numbers)) == (shape, numbers)


@pytest.mark.parametrize("core", DECODE_REJECT)
def test_decode_rejects_look_alikes(core):
    assert decode(core) is None


@pytest.mark.parametrize("name,text,expected", FIND, ids=_ids(FIND))
def test_find(name, text, expected):
    assert [s.text for s in slogans(text)] == expected


@pytest.mark.parametrize("name,text,absent", NOT_SLOGANS, ids=_ids(NOT_SLOGANS))
def test_not_slogans(name, text, absent):
    assert not any(absent in s.text for s in slogans(text))


@pytest.mark.xfail(reason="known miss", strict=True)
@pytest.mark.parametrize("name,text,absent", NOT_SLOGANS_XFAIL, ids=_ids(NOT_SLOGANS_XFAIL))
def test_not_slogans_known_misses(name, text, absent):
    assert not any(absent in s.text for s in slogans(text))


@pytest.mark.parametrize("name,text,core,items", ITEMS, ids=_ids(ITEMS))
def test_items(name, text, core, items):
    s = by_text(text, core)
    assert s.items == items
    assert s.consistent is (len(items) == s.declared)


@pytest.mark.xfail(reason="known miss", strict=True)
@pytest.mark.parametrize("name,text,core,items", ITEMS_XFAIL, ids=_ids(ITEMS_XFAIL))
def test_items_known_misses(name, text, core, items):
    assert by_text(text, core).items == items


@pytest.mark.parametrize("name,text,core", NO_ITEMS, ids=_ids(NO_ITEMS))
def test_no_items_from_a_list_the_slogan_belongs_to(name, text, core):
    assert by_text(text, core).items is None


@pytest.mark.parametrize("name,text,child,parent", PARENTS, ids=_ids(PARENTS))
def test_parent(name, text, child, parent):
    out = slogans(text)
    s = next(s for s in out if s.text == child)
    assert s.parent is not None and out[s.parent].text == parent


@pytest.mark.parametrize("name,text,core", NO_PARENT, ids=_ids(NO_PARENT))
def test_no_parent_for_a_mention_in_an_item_body(name, text, core):
    assert by_text(text, core).parent is None


@pytest.mark.parametrize("name,text,core,head", HEADS, ids=_ids(HEADS))
def test_head(name, text, core, head):
    assert by_text(text, core).head == head


def test_declared_and_consistent():
    s = by_text("构建“六大融合”格局:与德育融合、与课程融合、与文化融合。\n", "六大融合")
    assert s.declared == 6
    assert by_text("推进“三四五”工作机制。", "三四五").declared == 3
    assert by_text("推进“1+6+N”网络化管理。", "1+6+N").declared is None
    s = by_text("以国培、省培和县培“四级”培训为载体。", "四级")
    assert (s.declared, s.consistent) == (4, False)


def test_mentions_and_raw_offsets():
    raw = "全縣推行“六好”標準。\n全面落實“六好”要求,鞏固“六好”成果。"
    s = by_text(raw, "六好")
    assert s.mentions == 3
    assert raw[s.start:s.end] == "六好"


def test_offsets_survive_an_expanding_character():
    raw = "近年来…示范县推行“六好”标准。"  # … expands in normalization
    s = by_text(raw, "六好")
    assert raw[s.start:s.end] == "六好"


def test_title_mention_counts_first():
    doc = make_document("“五四三”机制激活基层新动能\n2022-03-08 来源:教育网\n    示范区构建“五四三”工作机制。\n")
    out = find_slogans(doc)
    assert [s.text for s in out] == ["五四三"] and out[0].mentions == 2


@pytest.mark.parametrize("text", ["", "\n\n", "没有任何提法的一段话。", "“”“”“", "一二三四五六七八九十"])
def test_bad_or_empty_input_yields_nothing(text):
    assert slogans(text) == []


@pytest.mark.parametrize("unit", SLOGAN_UNITS)
def test_a_megabyte_of_numerals_and_quotes(unit):
    """1 MB of numerals and quotes is read without error (benchmarks/linear.py measures that
    the time grows linearly)."""
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    assert isinstance(find_slogans(make_document(text)), list)


def test_many_distinct_slogans():
    """20,000 quoted formulations, 2,000 distinct ones, in one text."""
    out = find_slogans(make_document(distinct_slogans(20000)))
    assert len(out) > 1000


@pytest.mark.parametrize("name", ["slogans/heads.txt", "slogans/not_slogans.txt", "slogans/measure_words.txt",
                                  "slogans/known.txt", "slogans/list_leads.txt", "slogans/numeral_words.txt",
                                  "slogans/item_stops.txt", "slogans/generic_nouns.txt"])
def test_data_files_load_without_duplicates(name):
    from dangjian_nlp.resources import read_text

    assert read_text(name).startswith("#")
    rows = [r[0] for r in load_table(name)]
    assert rows and len(rows) == len(set(rows)), name
    assert load_lines(name)


def test_known_formulations_decode():
    assert all(decode(x) for x in load_lines("slogans/known.txt"))


def test_seed_slogans_match_gold(seed_records, gold):
    """Every required gold slogan is found, with its numbers; nothing outside the gold."""
    for doc_id, g in gold.items():
        found = {s.text: s for s in seed_records[doc_id].slogans}
        allowed = {s["text"] for s in g["slogans"]}
        for s in g["slogans"]:
            if not s.get("optional"):
                assert s["text"] in found, (doc_id, s["text"])
                assert found[s["text"]].numbers == s["numbers"], (doc_id, s["text"])
        assert set(found) <= allowed, (doc_id, set(found) - allowed)


def test_seed_components_and_parents(seed_records, gold):
    for doc_id, g in gold.items():
        out = seed_records[doc_id].slogans
        found = {s.text: s for s in out}
        for s in g["slogans"]:
            if s.get("parent") and not s.get("optional"):
                p = found[s["text"]].parent
                assert p is not None and out[p].text == s["parent"], (doc_id, s["text"])


def test_seed_first_mentions_point_into_raw_text(seeds, seed_records):
    for doc_id, rec in seed_records.items():
        raw = seeds[doc_id]
        for s in rec.slogans:
            assert to_simplified(raw[s.start:s.end]) == s.text, (doc_id, s.text)


def _same_as_finditer(fast, slow_re, text: str, step: int, widths: tuple) -> None:
    """fast(text, lo, hi) finds what slow_re.finditer(text, lo, hi) finds, for windows
    starting every `step` characters and as wide as `widths` (or to the end)."""
    for lo in range(0, len(text), step):
        for hi in (len(text),) + tuple(lo + w for w in widths):
            hi = min(hi, len(text))
            got = [(m.start(), m.end(), m.group()) for m in fast(text, lo, hi)]
            assert got == [(m.start(), m.end(), m.group()) for m in slow_re.finditer(text, lo, hi)], (lo, hi)


def test_known_matches_equal_the_regex_scan():
    # the faster scan must find what _known_re().finditer finds, look-behind included
    # (第三会一课 is no mention) and resuming after each match (三会一课三会一课)
    from dangjian_nlp.slogans import _known_matches, _known_re

    text = ("落实三会一课制度,第三会一课不算;三会一课三会一课;三严三实、四个意识四个自信,"
            "5两学一做,一带一路双减五育并举,四史教育。二三会一课,双一流三四五育,一二两学一做。")
    _same_as_finditer(_known_matches, _known_re(), text, 3, (5, 12))
    assert len(_known_matches(text, 0, len(text))) >= 8


def test_string_head_matches_equal_the_alternation():
    # the two forms scanned apart and merged must be finditer of the one pattern: forms
    # side by side (四三二1+6+N), look-behind (第四三二), sums and strings before a head noun
    from dangjian_nlp.slogans import _string_head_matches, _string_head_re

    text = ("构建四三二工作机制,推行1+6+N管理模式;第四三二机制不算,四三二1+6+N工作机制、"
            "1+2四三二机制,5+X模式与三二一工程。33+1+1+1+1体系,两个一工作法。五四三二一模式,"
            "双三二机制,三会一课二三工程,十二三机制,七八九十机制。")
    _same_as_finditer(_string_head_matches, _string_head_re(), text, 2, (9, 20))
    assert len(list(_string_head_matches(text, 0, len(text)))) >= 4


def test_head_end_equals_the_pattern():
    # the longest type noun ending the core, as the $-anchored search finds it
    from dangjian_nlp.slogans import _head_end, _head_end_re

    for core in ("四三二工作机制", "四三二机制", "六好标准", "三抓三促工作法", "机制", "五星",
                 "一办法两清单", "双培养工程\n", "长效机制x", "", "三个课堂"):
        m = _head_end_re().search(core)
        assert _head_end(core) == (m.start() if m else None), core


def test_count_head_matches_equal_the_regex_scan():
    # tried only at a count before 大, resuming after each match (三大两大工程 is one match)
    from dangjian_nlp.slogans import _count_head_matches, _count_head_re

    text = ("实施三大工程,推进6大研究项目;第三大工程不算,三大两大工程、五大举措四大平台,"
            "十大工程与几大行动,两大大工程。")
    _same_as_finditer(_count_head_matches, _count_head_re(), text, 2, (6, 15))
    assert len(_count_head_matches(text, 0, len(text))) >= 4


def test_positions_one_pass_equal_per_region_scans():
    # regions that cut through a mention (三会|一课) read as if scanned alone
    import ahocorasick_rs

    from dangjian_nlp.slogans import _positions

    text = "落实三会一课制度。推行一校一品牌和一校一品,三会一课常态化;一校一品" * 2
    cores = ["三会一课", "一校一品", "一校一品牌"]
    ac = ahocorasick_rs.AhoCorasick(cores, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    for lo in range(0, len(text), 3):
        for regions in ([(0, lo), (lo, len(text))], [(lo, lo + 5)], [(lo, min(lo + 17, len(text)))]):
            want = [[] for _ in cores]
            for a, b in regions:
                for k, s, _ in ac.find_matches_as_indexes(text[a:b]):
                    want[k].append(a + s)
            assert _positions(text, cores, regions) == want


def test_core_hits_equal_the_automaton():
    # the pair lookups over the UTF-16 form and the longest-first tries must find the
    # leftmost-longest automaton's matches: cores that nest, overlap, share their first two
    # characters, end the text; and tell None where they cannot (a one-character core, a
    # character beyond the BMP, a lone surrogate)
    import random

    import ahocorasick_rs

    from dangjian_nlp.slogans import _core_hits

    rng, found = random.Random(3), 0
    alphabet = "三会一课校品牌两学做四二的,。a1"
    for _ in range(3000):
        cores = list(dict.fromkeys("".join(rng.choice(alphabet[:4]) for _ in range(rng.randrange(2, 5)))
                                   for _ in range(rng.randrange(1, 8))))
        text = "".join(rng.choice(alphabet[:4] if rng.random() < 0.8 else alphabet)
                       for _ in range(rng.randrange(0, 60)))
        ac = ahocorasick_rs.AhoCorasick(cores, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        want = ac.find_matches_as_indexes(text)
        assert _core_hits(text, cores) == want, (text, cores)
        found += len(want)
    assert found > 1000
    assert _core_hits("三会一课", ["三会一课", "三"]) is None
    assert _core_hits("𠀋三会一课", ["三会一课"]) is None
    assert _core_hits("三会一课", ["三会一课"]) == [(0, 0, 4)]
    assert _core_hits("两学一做", ["三会一课"]) == []
    assert _core_hits("三会一课\ud800", ["三会一课"]) is None  # the automaton raises there


def test_lone_surrogate_outside_the_regions_changes_nothing():
    # a surrogate (it cannot be UTF-8 encoded) in a header line fails no more than before
    body = "\n\n全县学校落实“三会一课”制度,推行“四三二”工作机制。\n"
    clean = slogans("学校党建工作\n来源:某某网 2023-05-01" + body)
    bad = slogans("学校党建工作\n来源:某某网\ud800 2023-05-01" + body)
    assert [s.text for s in bad] == [s.text for s in clean] == ["三会一课", "四三二"]


def test_sentence_bounds_equal_the_plain_searches():
    # the greedy back-off finds the last sentence end before a point as the rfinds of each
    # end character do; the forward search, the first after it; both capped at SENT_MAX
    import random

    from dangjian_nlp.slogans import SENT_MAX, _sentence_end, _sentence_start

    def plain(text, a, b, lo, hi):
        lo, hi = max(lo, a - SENT_MAX), min(hi, b + SENT_MAX)
        s = max(text.rfind(c, lo, a) for c in "。!?;\n") + 1
        e = [i for i in (text.find(c, b, hi) for c in "。!?;\n") if i >= 0]
        return max(s, lo), min(e) if e else hi

    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice("党建。!?;\n,:、三会一课") for _ in range(rng.randrange(0, 600)))
        for _ in range(10):
            a = rng.randrange(0, len(text) + 1)
            b = rng.randrange(a, len(text) + 1)
            lo, hi = rng.randrange(0, a + 3), rng.randrange(max(0, b - 3), len(text) + 3)
            assert (_sentence_start(text, a, lo), _sentence_end(text, b, hi)) == plain(text, a, b, lo, hi)


def test_list_before_screen_passes_every_list():
    # _may_close_list only spares _read_list_before where it finds nothing: random sentences
    # of list material (separators, quotes, tail links, commas) and the made-up cases
    import random

    from dangjian_nlp.slogans import _may_close_list, _read_list_before

    rng = random.Random(11)
    alphabet = ["、", "+", "“", "”", ",", ";", ":", "的", "和", "即", "\n", "学校", "家庭", "社会",
                "把党员", "培养成", "骨干", "红色", "堡垒", "建设", "推进", "工程"]
    found = 0
    for _ in range(20000):
        seg = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 14)))
        for n in (None, 1, 2, 3, 4, 5, 6, 7):
            got = _read_list_before(seg, n)
            found += got is not None
            assert got is None or _may_close_list(seg, n), (seg, n, got)
    assert found > 100
    for seg, n in [("宣传、教育、管理、监督、服务、惩处", 6), ("“红色堡垒建设”“红色园丁培育”“红色基因传承”", 3),
                   ("把骨干培养成党员,把党员培养成骨干的", 2), ("推进“课堂教学+实践活动+校园文化”的", 3)]:
        assert _read_list_before(seg, n) and _may_close_list(seg, n), seg


def test_last_clause_end_equals_the_rfinds():
    import random

    from dangjian_nlp.slogans import CLAUSE_ENDS, RE_TO_LAST_CLAUSE_END

    rng = random.Random(5)
    for _ in range(3000):
        seg = "".join(rng.choice("党建,;:。!?\n、“”") for _ in range(rng.randrange(0, 30)))
        m = RE_TO_LAST_CLAUSE_END.match(seg)
        assert (m.end() if m else 0) == max(map(seg.rfind, CLAUSE_ENDS)) + 1, seg


def test_numeral_strings_equal_the_regex_scan_on_random_text():
    # strings are tried only where a type noun's first character stands 2 to 6 characters on:
    # runs of 2-4 numerals with 0-2 characters before the noun, at every distance
    import random

    from dangjian_nlp.slogans import _heads, _numeral_matches, _string_head_forms

    rng = random.Random(3)
    heads = sorted(_heads()[1])
    rx = _string_head_forms()[0]
    for _ in range(3000):
        text = "".join(rng.choice(["一", "二", "三", "四", "两", "第", "党", "建", ",", "1", rng.choice(heads)])
                       for _ in range(rng.randrange(0, 16)))
        got = [(m.start(), m.group()) for m in _numeral_matches(text, 0, len(text))[1]]
        assert got == [(m.start(), m.group()) for m in rx.finditer(text)], text


def test_clean_lead_equals_the_plain_substitutions():
    # the first-character test only spares substitutions that would find no verb
    import random

    from dangjian_nlp.resources import load_lines
    from dangjian_nlp.slogans import _clean, _lead_re

    def plain(item):
        item = _clean(item)
        for _ in range(3):
            item, n = _lead_re().subn("", item)
            if not n:
                break
        return item

    rng = random.Random(9)
    pieces = list(load_lines("slogans/list_leads.txt")) + ["党史", "学校", "“", "”", ",", "x", ""]
    for _ in range(5000):
        item = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 6)))
        assert _clean(item, lead=True) == plain(item), item


def test_clause_runs_equal_the_split_without_empties():
    import random

    from dangjian_nlp.slogans import RE_CLAUSE_RUNS, _comma_split

    rng = random.Random(13)
    for _ in range(3000):
        s = "".join(rng.choice("把党员,;、学校:") for _ in range(rng.randrange(0, 20)))
        assert RE_CLAUSE_RUNS.findall(s) == [c for c in _comma_split(s) if c], s


def test_known_matches_equal_the_regex_scan_on_random_text():
    # known words next to numerals, 第 and each other, cut at random region ends
    import random

    from dangjian_nlp.slogans import _known_matches, _known_re

    rng = random.Random(17)
    pieces = list(load_lines("slogans/known.txt")) + ["第", "三", "一", "两", "5", "党", "会一课"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 8)))
        lo = rng.randrange(0, len(text) + 1)
        hi = rng.randrange(lo, len(text) + 1)
        got = [(m.start(), m.end()) for m in _known_matches(text, lo, hi)]
        assert got == [(m.start(), m.end()) for m in _known_re().finditer(text, lo, hi)], (text, lo, hi)


def test_numeral_starts_hold_the_scans_starts():
    # the table lookups find every start of the scan, and others only where a first
    # character stands that the look-behind does not bar (neither search matches there:
    # the random-text tests above check that); the scan itself beside a lone surrogate
    import random

    from dangjian_nlp.slogans import NUM, _numeral_starts, _numeral_starts_re

    rng = random.Random(23)
    pieces = list(load_lines("slogans/known.txt")) + list("第三一两5党会课十大个") + ["𠀋", "\ud800"]
    firsts = set(_numeral_starts_re().pattern[1:_numeral_starts_re().pattern.index("]")])
    extra = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 10)))
        lo = rng.randrange(0, len(text) + 1)
        hi = rng.randrange(lo, len(text) + 1)
        want = [m.start() for m in _numeral_starts_re().finditer(text, lo, hi)]
        got = list(_numeral_starts(text, lo, hi))
        assert set(want) <= set(got) and got == sorted(got), (text, lo, hi)
        for p in set(got) - set(want):
            assert lo <= p < hi - 1 and text[p] in firsts
            assert p == 0 or text[p - 1] not in "第0123456789" + NUM
            extra += 1
    assert extra > 0
