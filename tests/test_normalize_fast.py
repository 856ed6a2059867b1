"""normalize's fast paths give what the plain ones give: t2s and width folding in one look-up,
phrase runs, the script count, width folding of only the characters it changes."""
from __future__ import annotations

import random

import pytest

from dangjian_nlp import normalize as nz

_MIXED = ("近年來,某縣教育局堅持以黨建引領教育高質量發展,一目瞭然。乾坤朗朗,"
          "全区党员教师７４６名，覆盖率１００％；第\u200b一部分㈠½。")


def test_opencc_tables_keep_slow_characters():
    assert nz._t2s_width()[1]  # else normalize takes the plain way, correct but slower
    t2s, width, lut = nz._luts()
    assert (nz._t2s_width()[0] == width.take(t2s)).all()  # t2s, then width
    slow = (lut & nz._SLOW) != 0
    assert (t2s[slow] == slow.nonzero()[0]).all() and not (lut.take(t2s[~slow]) & nz._SLOW).any()


@pytest.mark.parametrize("text", [
    _MIXED * 200, "黨員教師參與課後服務。" * 900, "全区党员教师积极参与，覆盖率达到１００％。乾隆" * 300,
    "乾坤" * 3000, "\U00020000黨員…㈠" * 2000, "黨員\udc80教師" * 1000, "",
])
@pytest.mark.parametrize("script", [None, "simplified", "traditional"])
def test_one_look_up_as_two(text, script, monkeypatch):
    fast = nz.normalize(text, script)
    monkeypatch.setattr(nz, "_t2s_width", lambda: (None, False))  # t2s, then fold
    assert nz.normalize(text, script) == fast


def test_one_look_up_as_two_on_random_text(monkeypatch):
    rng = random.Random(11)
    table, phrases = nz._t2s_table()
    pool = (list(map(chr, list(table)[:400])) + list(phrases)[:200]
            + list("党员教师，：１Ａ　…㈠½\u200b\u00ad "))
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(200, 3000))) for _ in range(40)]
    fast = [nz.normalize(t) for t in texts]
    monkeypatch.setattr(nz, "_t2s_width", lambda: (None, False))
    assert [nz.normalize(t) for t in texts] == fast


def test_phrase_runs_at_the_edges():
    keys = sorted(nz._t2s_table()[1])
    for text in [keys[0] + "黨" * 300, "黨" * 300 + keys[1], keys[2] + keys[3],
                 keys[4][:1] + "。" * 300]:
        assert nz._phrase_matches_codes(nz._codes(text)) == nz._phrase_matches(text)


def test_phrase_pairs_find_what_the_whole_text_does():
    # dense random text of phrase characters: pairs from phrases next to pairs from none
    rng = random.Random(5)
    phrases = sorted(nz._t2s_table()[1])
    chars = sorted(set("".join(phrases)))
    for _ in range(200):
        parts = [rng.choice(phrases) if rng.random() < 0.3 else rng.choice(chars)
                 for _ in range(rng.randint(0, 60))]
        text = "".join(parts)
        assert nz._phrase_matches_codes(nz._codes(text)) == nz._phrase_matches(text), text


def test_no_character_counts_for_both_scripts():
    # _script_of_bits counts both scripts from one sum and one count of marked characters
    trad, simp = nz._script_sets()
    assert not set(trad) & set(simp)
    text = "黨員教師党员" * 700 + "國" * 20
    assert nz._script_of_bits(nz._luts()[2].take(nz._codes(text)), nz._SAMPLE) == detect_plain(text)


def detect_plain(text):
    trad, simp = nz._script_sets()
    if len(text) > 2 * nz._SAMPLE:
        mid = len(text) // 2
        text = text[:nz._SAMPLE] + text[mid:mid + nz._SAMPLE]
    return nz._script_from_counts(sum(c in trad for c in text), sum(c in simp for c in text))


@pytest.mark.parametrize("text", [
    "全区党员教师积极参与，覆盖率达到１００％。" * 300, "全区党员教师积极参与。" * 300, "第\u200b一部分㈠½　ＡＢ" * 200,
    "\U00020000党员，" * 2000,
])
def test_width_folded_where_needed_as_everywhere(text):
    # a simplified text: only the characters the width map changes are looked up in it
    n = nz.normalize(text)
    assert n.script == "simplified"
    assert (n.text, n.offsets) == nz._fold_codes(nz._codes(text))
