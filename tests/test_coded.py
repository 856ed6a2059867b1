"""The two-byte coding shared by the regions and practices automata: its matches must be
the str automata's, on made-up sentences and on random strings."""
import random

import ahocorasick_rs
import pytest

from dangjian_nlp import coded
from dangjian_nlp.coded import CodeTable
from dangjian_nlp.practices import default_classifier
from dangjian_nlp.regions import gazetteer

LL = ahocorasick_rs.MatchKind.LeftmostLongest

SENTENCES = [
    "云南凤庆县委召开会议,天津和平区、宝坻区,上海市场,潍坊高新区ABC 12月3日电",
    "全面推行党组织领导的校长负责制,健全议事规则和决策程序。开展家访活动,落实课后服务。",
    "党员名师工作室和平安校园建设,合作社和平安定,新疆乌鲁木齐市𠀋凤庆县党员教师",
    "", "abc", "凤", "县县县和平和平区区", "名师名师工作室室",
]


def _random_texts(patterns, n, seed):
    rng = random.Random(seed)
    pool = sorted({c for p in patterns for c in p})
    # mostly the patterns' characters (so that matches overlap and chain), some others
    others = list("的了在是,。、 \nA1") + ["\u3000", "\uff01", "\U00020000"]
    pieces = [p for p in patterns if len(p) <= 6]
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randrange(0, 40)):
            r = rng.random()
            parts.append(rng.choice(pieces) if r < 0.4 else rng.choice(pool) if r < 0.85 else rng.choice(others))
        out.append("".join(parts))
    return out


@pytest.mark.parametrize("which", ["regions", "practices"])
def test_coded_matches_are_the_str_automatons(which):
    gazetteer().find_all("和平")  # both in the one table, whichever came first
    default_classifier()._find_all("党员")
    if which == "regions":
        g = gazetteer()
        patterns, find, plain = g._surfaces, g.find_all, g.automaton
    else:
        clf = default_classifier()
        patterns, find, plain = clf.terms_, clf._find_all, clf._matcher()
    for text in SENTENCES + _random_texts(patterns, 3000, 7):
        assert find(text) == plain.find_matches_as_indexes(text), text
    with pytest.raises(UnicodeEncodeError):
        find("凤庆县党员\ud800")


def test_own_patterns_beside_the_shipped_ones():
    # an automaton over characters neither shipped one uses, and over some both use
    words = ["ABC", "BCD", "党员ABC", "和平", "Ω党", "ΩΩ"]
    ac = coded.automaton(words, matchkind=LL)
    plain = ahocorasick_rs.AhoCorasick(words, matchkind=LL)
    for text in _random_texts(words, 2000, 3) + ["ΩΩΩ党员ABCD和平党", "BCDΩ党"]:
        assert coded.find_all(ac, plain, text) == plain.find_matches_as_indexes(text), text


def test_codes_never_change_and_blocks():
    t = CodeTable()
    assert t.add("乙甲") and t.size == 2
    a = t.code("甲乙")
    assert a == bytes([0x80, 1, 0x80, 0]) and t.code("丙") == b"\0\0"  # no code: 00 00
    assert t.add("甲丙")  # 丙 opens a fresh block: its first byte is no one else's
    assert t.code("甲乙") == a and t.code("丙") == bytes([0x81, 0]) and t.size == 129
    assert t.add("") and t.add("甲") and t.size == 129
    assert not t.add("𠀋") and not t.add("\ud800") and t.size == 129  # cannot be coded
    full = CodeTable()
    assert full.add(chr(0x4E00 + i) for i in range(coded.LIMIT - 1))
    assert not full.add("AB") and full.add("A") and not full.add("B")
    assert len({full.code(chr(0x4E00 + i)) for i in range(coded.LIMIT - 1)} | {full.code("A")}) == coded.LIMIT


def test_the_last_text_is_coded_once_and_again_after_the_table_grows():
    t = CodeTable()
    t.add("党员")
    text = "".join(["党员", "教师"])
    first = t.coded(text)
    assert t.coded(text) is first  # kept for the same text object
    assert bytes(first) == t.code(text) == t.code("党员") + b"\0\0\0\0"
    other = "".join(["党员", "教师"])  # an equal text, another object: coded again
    assert bytes(t.coded(other)) == bytes(first) and t.coded(other) is not first
    t.add("教")
    assert bytes(t.coded(other)[4:6]) == t.code("教") != bytes(first[4:6])  # coded with the grown table
    assert t.coded("a𠀋") is None
    with pytest.raises(UnicodeEncodeError):
        t.coded("a\ud800")
