"""Raw text → normalized text with an offset map.

Three things happen, all cheap for the common case (simplified text, no odd characters):

* script detection on a sample (`detect_script`); traditional or mixed text is converted, and
  so is text judged simplified that holds any traditional-only character (a scraped page
  can carry a few traditional paragraphs outside the sample or under the threshold);
* traditional → simplified with a 1:1 character table built once from OpenCC's own
  dictionary files; OpenCC's phrase entries (乾坤, 瞭解…) are handled as exceptions. Every
  entry maps one character to one character, so offsets stay the identity (checked against
  ``opencc.OpenCC('t2s')`` in the tests);
* width and punctuation: full-width ASCII, the ideographic space and other NFKC
  compatibility characters that map to a single character are folded with a second table;
  the few characters whose NFKC form is longer (…, ㈠) or empty (zero-width marks) go
  through a slow path that records an offset map.

Long texts are converted as arrays of code points (numpy look-up tables read with ``take``,
~100x faster than ``str.translate``, which looks every character up in a dict); short ones with
``str.translate``, whose fixed cost is lower. Both use the same tables.
"""
from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from array import array
from dataclasses import dataclass
from typing import Optional

import regex

from .resources import opencc_dictionary

# Characters kept as they are although NFKC would change them: Chinese quotes and the
# enumeration comma carry meaning for slogans and lists.
_KEEP = set("“”‘’、。《》〈〉「」『』【】〔〕…—·•")
_DROP = set("\u200b\u200c\u200d\u2060\ufeff\u00ad")  # zero-width marks and soft hyphen


@dataclass
class Normalized:
    text: str
    offsets: Optional[array]  # raw index of each char (+ sentinel), None = identity
    script: str


@functools.cache
def _t2s_table() -> tuple[dict, dict]:
    """(char table for str.translate, {traditional phrase: simplified phrase} exceptions)."""
    table: dict[int, str] = {}
    for line in opencc_dictionary("TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        k, v = line.split("\t", 1)
        v = v.split(" ")[0]
        if len(k) == 1 and len(v) == 1 and k != v:
            table[ord(k)] = v
    phrases: dict[str, str] = {}
    for line in opencc_dictionary("TSPhrases.txt").read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        k, v = line.split("\t", 1)
        v = v.split(" ")[0]
        charwise = k.translate(table)
        if charwise != v and len(v) == len(k):
            phrases[k] = v
    return table, phrases


@functools.cache
def _phrase_re():
    _, phrases = _t2s_table()
    return regex.compile("|".join(sorted(map(regex.escape, phrases), key=len, reverse=True)))


@functools.cache
def _phrase_ac():
    """(automaton, simplified phrases): leftmost-longest, non-overlapping, as `_phrase_re` finds them."""
    import ahocorasick_rs

    _, phrases = _t2s_table()
    keys = list(phrases)
    ac = ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    return ac, [phrases[k] for k in keys]


def _phrase_matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, simplified phrase) of the phrase exceptions in traditional `text`."""
    ac, values = _phrase_ac()
    try:
        return [(s, e, values[i]) for i, s, e in ac.find_matches_as_indexes(text)]
    except UnicodeEncodeError:  # lone surrogates (surrogateescape input): the automaton wants UTF-8
        phrases = _t2s_table()[1]
        return [(m.start(), m.end(), phrases[m.group()]) for m in _phrase_re().finditer(text)]


@functools.cache
def _script_sets() -> tuple[str, str]:
    """(traditional-only characters, simplified-only characters).

    A character counts only if the two scripts write it differently: 國 and 国 do, 教 does
    not (OpenCC maps the variant 敎 to it, which would make every 教 look simplified).
    """
    table, _ = _t2s_table()
    s2t = {}
    for line in opencc_dictionary("STCharacters.txt").read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            k, v = line.split("\t", 1)
            v = v.split(" ")[0]
            if len(k) == 1 and k != v:
                s2t[k] = v
    trad_keys = {chr(k) for k in table}
    trad = "".join(sorted(c for c in trad_keys if c not in s2t))
    simp = "".join(sorted(c for c in s2t if c not in trad_keys))
    return trad, simp


@functools.cache
def _script_counters() -> tuple[dict, dict]:
    """Deletion tables: len(s) - len(s.translate(t)) counts a script's characters in C."""
    trad, simp = _script_sets()
    return dict.fromkeys(map(ord, trad)), dict.fromkeys(map(ord, simp))


@functools.cache
def _width_parts() -> tuple[dict, str]:
    """1:1 NFKC folds for str.translate, and the characters needing the slow path."""
    table: dict[int, str] = {}
    slow = []
    ranges = [(0x00A0, 0x0100), (0x2000, 0x2070), (0x2100, 0x2200), (0x2460, 0x2500),
              (0x3000, 0x3001), (0x3200, 0x3400), (0xFE30, 0xFE70), (0xFF00, 0xFFF0)]
    for lo, hi in ranges:
        for cp in range(lo, hi):
            c = chr(cp)
            if c in _KEEP:
                continue
            n = unicodedata.normalize("NFKC", c)
            if n == c:
                continue
            if len(n) == 1:
                table[cp] = n
            else:
                slow.append(c)
    slow.extend(_DROP)
    return table, "".join(slow)


@functools.cache
def _slow_re():
    # stdlib re scans a plain character class ~50x faster than `regex` does
    return re.compile("[" + "".join(map(re.escape, _width_parts()[1])) + "]")


# -- code-point arrays: the same tables as numpy look-ups, for long texts -----------------------
_SMALL = 200  # characters; below this str.translate costs less than numpy's fixed overhead
_SAMPLE = 4000  # characters detect_script reads at the start and from the middle
# bits of `_luts()[2]`; _PHRASE (a character of a phrase exception) stays the highest
_TRAD, _SIMP, _SLOW, _WIDE, _PHRASE = 1, 2, 4, 8, 16


@functools.cache
def _luts():
    """(t2s code map, width code map, class bits) indexed by code point."""
    import numpy as np

    def code_map(table):
        m = np.arange(0x110000, dtype=np.uint32)
        m[np.fromiter(table, dtype=np.int64)] = np.fromiter(map(ord, table.values()), dtype=np.uint32)
        return m

    t2s, phrases = _t2s_table()
    width, slow = _width_parts()
    trad, simp = _script_sets()
    bits = np.zeros(0x110000, dtype=np.uint8)
    bits[[ord(c) for c in trad]] |= _TRAD
    bits[[ord(c) for c in simp]] |= _SIMP
    bits[[ord(c) for c in slow]] |= _SLOW
    bits[[ord(c) for c in set("".join(phrases))]] |= _PHRASE
    bits[list(width)] |= _WIDE  # folded by the width map (1:1)
    return code_map(t2s), code_map(width), bits


def _codes(text: str):
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _text(codes) -> str:
    # decoded from the array's own buffer: no bytes copy (tobytes) first
    return codecs.utf_32_le_decode(codes, "surrogatepass")[0]


def _script_of_bits(bits, sample: int) -> str:
    """`detect_script` of the text whose code points' class bits are `bits`."""
    import numpy as np

    if len(bits) > 2 * sample:
        mid = len(bits) // 2
        bits = np.concatenate((bits[:sample], bits[mid:mid + sample]))
    # no character is of both scripts (`_script_sets`): with t + s of them marked and a sum
    # of t + 2s, three calls count both (np.bincount would first cast to intp)
    bits = bits & (_TRAD | _SIMP)
    marked, total = int(np.count_nonzero(bits)), int(bits.sum())
    return _script_from_counts(2 * marked - total, total - marked)


def _phrase_matches_codes(codes, bits=None) -> list[tuple[int, int, str]]:
    """`_phrase_matches` of the text of `codes` (`bits`: `_luts()[2].take(codes)`, if at hand).

    The automaton reads only the runs of characters that stand in a pair of neighbours found
    in some phrase (乾坤: 乾 then 坤), a NUL (in no phrase) between two runs. Every occurrence
    of a phrase is made of such pairs, so the runs hold the same occurrences in the same order,
    and leftmost-longest picks the same ones. The phrases use a few hundred characters, some
    of the commonest (一 大 中…), but their pairs are rare.
    """
    import numpy as np

    if bits is None:
        bits = _luts()[2].take(codes)
    idx = np.flatnonzero(bits >= _PHRASE)  # the highest bit: a bool array is scanned faster
    if len(idx) < 2:
        return []  # every phrase has two characters or more
    index, pairs, k = _phrase_pairs()
    ci = index.take(codes[idx]).astype(np.intp)
    pair = ci[:-1] * k
    pair += ci[1:]
    hit = pairs.take(pair)
    hit &= (idx[1:] - idx[:-1]) == 1  # neighbours in the text
    first = idx[:-1][hit].tolist()  # text index of the first character of each pair
    if not first:
        return []
    # the runs the pairs make (a few dozen pairs a text: a loop costs less than numpy's set
    # functions), each followed by a NUL: index -1
    where: list[int] = []
    start = end = first[0]
    for f in first:
        if f > end:  # a gap: the run so far ends
            where.extend(range(start, end))
            where.append(-1)
            start = f
        end = f + 2
    where.extend(range(start, end))
    where = np.array(where)  # text index of each run character (or -1 for a NUL)
    runs = codes[where]
    runs[where < 0] = 0
    ac, values = _phrase_ac()
    found = ac.find_matches_as_indexes(_text(runs))
    if not found:
        return []
    keys, starts, ends = zip(*found)
    starts = where[list(starts)].tolist()
    ends = (where[[e - 1 for e in ends]] + 1).tolist()
    return [(s, e, values[k]) for k, s, e in zip(keys, starts, ends)]


@functools.cache
def _phrase_pairs():
    """(index of each phrase character by code point (0: in none), [i * k + j]: whether the
    characters of index i then j stand next to each other in some phrase, k)."""
    import numpy as np

    _, phrases = _t2s_table()
    chars = sorted(set("".join(phrases)))
    k = len(chars) + 1
    index = np.zeros(0x110000, dtype=np.uint16)
    index[[ord(c) for c in chars]] = np.arange(1, k)
    pairs = np.zeros(k * k, dtype=bool)
    for p in phrases:
        for a, b in zip(p, p[1:]):
            pairs[int(index[ord(a)]) * k + int(index[ord(b)])] = True
    return index, pairs, k


def _t2s_codes(codes, bits=None):
    out = _luts()[0].take(codes)
    for s, e, v in _phrase_matches_codes(codes, bits):
        out[s:e] = _codes(v)
    return out


def _fold_codes(codes, bits=None) -> tuple[str, Optional[array]]:
    """`fold_width` on code points (the text after t2s, where slow characters are looked for;
    `bits`: their `_luts()[2].take(codes)`, if at hand)."""
    _, width, lut = _luts()
    return _folded_text(width.take(codes), codes, lut.take(codes) if bits is None else bits)


def _folded_text(folded, codes, bits) -> tuple[str, Optional[array]]:
    """`_fold_codes`, given `folded` (`codes` through the width map) and `bits` (their class
    bits, or only their _SLOW bits and more; None: no slow character)."""
    import numpy as np

    out = _text(folded)
    if bits is None:
        return out, None
    slow = np.flatnonzero(bits & _SLOW)
    if not len(slow):
        return out, None
    # the same pieces as fold_width's slow path: table-folded stretches, NFKC of slow chars
    pieces: list[str] = []
    sizes = np.ones(len(codes), dtype=np.intp)
    last = 0
    for i in slow.tolist():
        pieces.append(out[last:i])
        c = chr(codes[i])
        n = "" if c in _DROP else unicodedata.normalize("NFKC", c)
        pieces.append(n)
        sizes[i] = len(n)
        last = i + 1
    pieces.append(out[last:])
    # raw index of each output character: i repeated once per character it became
    offs = array("l")
    offs.frombytes(np.repeat(np.arange(len(codes), dtype="l"), sizes).tobytes())
    offs.append(len(codes))
    return "".join(pieces), offs


def detect_script(text: str, sample: int = _SAMPLE) -> str:
    """'simplified', 'traditional' or 'mixed', decided on a sample of the text.

    >>> detect_script("黨的二十大報告提出,加快建設教育強國")
    'traditional'
    >>> detect_script("党的二十大报告提出,加快建设教育强国")
    'simplified'
    """
    if len(text) > 2 * sample:
        mid = len(text) // 2
        text = text[:sample] + text[mid:mid + sample]
    if len(text) >= _SMALL:
        return _script_of_bits(_luts()[2].take(_codes(text)), sample)
    del_trad, del_simp = _script_counters()
    t = len(text) - len(text.translate(del_trad))
    s = len(text) - len(text.translate(del_simp))
    return _script_from_counts(t, s)


def _script_from_counts(t: int, s: int) -> str:
    if t + s < 3 or t <= 0.1 * (t + s):
        return "simplified"
    if s <= 0.1 * (t + s):
        return "traditional"
    return "mixed"


def to_simplified(text: str) -> str:
    """Traditional → simplified, one character for one (same length, same offsets)."""
    if len(text) >= _SMALL:
        return _text(_t2s_codes(_codes(text)))
    table, _ = _t2s_table()
    out = text.translate(table)
    # phrase exceptions are looked up in the original (traditional) wording
    pieces = []
    last = 0
    for s, e, v in _phrase_matches(text):
        pieces.append(out[last:s])
        pieces.append(v)
        last = e
    if pieces:
        pieces.append(out[last:])
        out = "".join(pieces)
    return out


def fold_width(text: str) -> tuple[str, Optional[array]]:
    """NFKC folding where it is safe; returns the text and an offset map (None = identity)."""
    if len(text) >= _SMALL:
        return _fold_codes(_codes(text))
    table, _ = _width_parts()
    slow = list(_slow_re().finditer(text))
    if not slow:
        return text.translate(table), None
    # 1:1 stretches between the rare expanding/vanishing characters keep a range map
    out: list[str] = []
    offs = array("l")
    last = 0
    for m in slow:
        i = m.start()
        out.append(text[last:i].translate(table))
        offs.extend(range(last, i))
        c = text[i]
        n = "" if c in _DROP else unicodedata.normalize("NFKC", c)
        out.append(n)
        offs.extend([i] * len(n))
        last = i + 1
    out.append(text[last:].translate(table))
    offs.extend(range(last, len(text)))
    offs.append(len(text))
    return "".join(out), offs


def normalize(raw: str, script: Optional[str] = None) -> Normalized:
    """Normalize `raw`; spans of the result map back through `offsets`.

    >>> n = normalize("黨員教師７４６名")
    >>> n.text, n.script, n.offsets is None
    ('党员教师746名', 'traditional', True)

    A simplified report keeps its label, but a traditional-only character in it is
    converted all the same (a character shared by both scripts, such as 乾 in 乾隆, is not):

    >>> n = normalize("全面加强党的组织建设,坚持问题导向。" * 5 + "推进“三會一課”规范化,修缮乾隆年间的书院。")
    >>> n.script, n.text[-22:]
    ('simplified', '推进“三会一课”规范化,修缮乾隆年间的书院。')
    """
    # the tables (`_luts` too) are built on the first call, however short: a pool's warm-up
    # text is short
    t2s_width, slow_kept = _t2s_width()
    if len(raw) < _SMALL:
        script = script or detect_script(raw)
        convert = script != "simplified" or len(raw.translate(_script_counters()[0])) != len(raw)
        text = to_simplified(raw) if convert else raw
        text, offsets = fold_width(text)
        return Normalized(text, offsets, script)
    # one code-point array through detection, t2s and folding; its class bits looked up once
    codes = _codes(raw)
    _, width, lut = _luts()
    bits = lut.take(codes)
    script = script or _script_of_bits(bits, _SAMPLE)
    # traditional, slow and width-folded characters, told apart only where there are any (a
    # numpy call costs more than its work on a text this size)
    marked = bits & (_TRAD | _SLOW | _WIDE)
    if not marked.any():
        marked = None
    if script != "simplified" or (marked is not None and (marked & _TRAD).any()):
        if not slow_kept:  # (not so with OpenCC's tables) the plain way: t2s, then fold
            text, offsets = _fold_codes(_t2s_codes(codes, bits))
            return Normalized(text, offsets, script)
        folded = t2s_width.take(codes)
        for s, e, v in _phrase_matches_codes(codes, bits):
            folded[s:e] = width.take(_codes(v))
    else:
        import numpy as np

        # only the few characters the width map changes are looked up in it: a look-up of
        # every character reads the whole CJK part of the table, which the other stages'
        # data have pushed out of the caches by the next text (measured in `extract`: less
        # CPU, though more alone)
        folded = codes.copy()
        if marked is not None:
            where = np.flatnonzero(bits & _WIDE)
            folded[where] = width.take(codes[where])
    # t2s left the slow characters (and so `bits`' _SLOW) as they were
    text, offsets = _folded_text(folded, codes, marked)
    return Normalized(text, offsets, script)


@functools.cache
def _t2s_width():
    """(t2s then width code map, whether t2s keeps every slow character and makes none).

    With both, one look-up converts and folds, and a text's slow characters are where they
    were before t2s, as they were.
    """
    import numpy as np

    _, width, lut = _luts()
    table, phrases = _t2s_table()  # every other character t2s leaves as it is
    keys = np.fromiter(table, dtype=np.intp, count=len(table))
    values = np.fromiter(map(ord, table.values()), dtype=np.intp, count=len(table))
    chars = "".join(phrases) + "".join(phrases.values())
    kept = (not (lut[keys] & _SLOW).any() and not (lut[values] & _SLOW).any()
            and not any(lut[ord(c)] & _SLOW for c in chars))
    out = width.copy()
    out[keys] = width[values]
    return out, kept


def surface(raw: str, start: int, end: int, script: str = "simplified") -> str:
    """The text of a reported span of `raw`, normalized as its document was (for checks).

    >>> surface("全區黨員教師７４６名", 2, 10, "traditional")
    '党员教师746名'
    """
    return normalize(raw[start:end], script=script).text
