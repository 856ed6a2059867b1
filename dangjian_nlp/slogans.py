"""Numbered formulations (数字化提法): find, decode and decompose them (SPEC §2).

Slogans are read from the normalized text *before* any numeral is converted (a generic
rewriter would turn 四三二机制 into 432机制). Four steps:

1. candidates: quoted units (“四三二”; a type noun inside the quotes is split off as the
   head), nationally known formulations (三会一课, 五育; ``data/slogans/known.txt``),
   count+大+type noun (三大工程), N位一体, and count forms opening a heading line (四个聚焦,
   推动两个融合, 双向发力);
2. `decode`: a candidate's core → shape and numbers; look-alikes (idioms, plan periods,
   ordinals, ratings, quantities) are rejected with the lists in ``data/slogans/``;
3. merge by core text in order of first mention, count mentions, read the type noun;
4. decompose: `items` from the component slogans in sibling headings (四三二 → 四个聚焦…),
   from the letters of an interleaved slogan (一统二商三议四促 → 统…), from the list the
   slogan closes (A、B、C“三位一体”), from the child headings or 一是/二是 parts (四个聚焦 →
   聚焦核心问题…), from parts that carry its letter (四史 → 党史…), from a list after it (即A、
   B、C) or at the start of its heading's body; `parent` for components and for slogans
   named in an item's heading; `declared`, `consistent`.

Every regex is bounded (no nested quantifiers), list searches stay within a sentence
(SENT_MAX) and mentions come from one Aho-Corasick pass, so the step is linear in the text.
"""
from __future__ import annotations

import bisect
import functools
import heapq
import operator
import re
import threading
from dataclasses import dataclass
from typing import Optional

import regex

from .numerals import digit_value, parse_number
from .records import Document, Slogan
from .resources import load_lines, load_table

# numeral characters that may open or sit inside a slogan (百日攻坚, 双减, 两免一补)
NUM = "〇零一二两双三四五六七八九十百千万"
COUNT = "二三四五六七八九两"  # a count of parts: 2-9 (一 counts no parts, 十大 is a ranking)
OPEN, CLOSE = "“「『‘", "”」』’"
QUOTES = OPEN + CLOSE

# a quoted unit, for the standard library's engine (faster; plain classes only), kept to units
# opening with a numeral or anything but a CJK ideograph: half the quotes open with a word
# (“放管服”), and decode() rejects a core whose first character is no numeral or digit
_QUOTED_UNIT = rf"(?=[^\u4e00-\u9fff]|[{NUM}])([^“”「」『』‘’\n]{{1,16}})[”」』’]"  # after the opening quote
RE_QUOTED = re.compile(f"[{OPEN}]" + _QUOTED_UNIT)
# the same where “ is the only opening quote (nearly every report): a literal first character
# lets the engine skip ahead four times faster than a class does
RE_QUOTED_CURLY = re.compile("“" + _QUOTED_UNIT)

# patterns without \p{Han} are compiled by the standard library's engine: a call of it costs
# a third to a half of the regex module's on these short strings, with the same matches
RE_ARITH = re.compile(r"[0-9NX一二三四五六七八九十]{1,3}(?:\+[0-9NX一二三四五六七八九十]{1,3})+")
RE_STRING = re.compile(r"[1-9]{2,4}|[一二三四五六七八九两]{2,4}")
CLASSIFIERS = "个大项类条张种支"  # count + classifier + noun: 三个课堂, 三条主线, 五张清单
RE_COUNT = re.compile(rf"([{COUNT}])([{CLASSIFIERS}]|位一体)(.{{0,8}})|([2-9])(大|位一体)(.{{0,8}})")
RE_CORE_CHARS = regex.compile(r"[\p{Han}0-9NX+、,]+")
RE_PROPER_RUN = re.compile(rf"[{NUM}]|[1-9]|[一二三四五六七八九两]?十[一二三四五六七八九]?|[一二三四五六七八九]?百")
RE_SEG = re.compile(rf"([{NUM}0-9]+)([^{NUM}0-9]*)")
RE_WEITI = regex.compile(rf"(?<![第0-9{NUM}])(?:[{COUNT}十]|[2-9])位一体")
# a heading opening with (a verb and) a count form: 四个聚焦…, 推动两个融合,…; or 双向发力…
RE_HEADING = regex.compile(rf"(?:\p{{Han}}{{2}})?((?:[{COUNT}]|[2-9])[个大项类]\p{{Han}}{{2}})|(双\p{{Han}}{{3}})")
RE_PART_SEP = re.compile(r"[、,]")
RE_SHORT_WORD = regex.compile(r"\p{Han}{1,4}")
RE_ALL_NUM = re.compile(rf"[{NUM}0-9]+")
RE_HEAD_STOP = re.compile(rf"[{QUOTES}、()()《》 ]")
RE_COMMA = re.compile(r"[,;]")
RE_CLAUSE_RUNS = re.compile(r"[^,;]+")  # [c for c in RE_COMMA.split(s) if c], in one call
RE_SHORT_CLAUSE = regex.compile(r"\p{Han}{0,6}[,:]")
RE_CLAUSE_SEP = re.compile(r"[,;:“”《》()()]")
RE_PIECE_SEP = re.compile(r"[,;:“”《》()()、]")
CLAUSE_ENDS = ",;:。!?\n"
RE_CLAUSE_END = re.compile(f"[{CLAUSE_ENDS}]")
RE_TO_LAST_CLAUSE_END = re.compile(f".*[{CLAUSE_ENDS}]", re.S)  # backs off to the last one
RE_SENT_END = re.compile(r"[。!?;\n]")
# a greedy run that backs off to the last sentence end before a point, in one call where
# five rfinds (one per end character) cost half again as much
RE_TO_LAST_SENT_END = re.compile(r".*[。!?;\n]", re.S)
RE_LIST_SEP = re.compile(r"[、+]|”“")
TAIL_LINKS = ("的", "这", "之", "等", "等等", "这些", "即", "为")  # between a list and its slogan
RE_TAIL_LINK = re.compile(f"(?:{'|'.join(TAIL_LINKS)})$")
TAIL_LINKS_2 = tuple(w for w in TAIL_LINKS if len(w) == 2)
TAIL_LINKS_1 = tuple(w for w in TAIL_LINKS if len(w) == 1)
RE_QUOTED_RUN = re.compile(r"(?:“[^“”]{1,24}”){2,8}$")
RE_COUNT_IN = re.compile(rf"[{NUM}0-9]+[个大项类种张条]")
RE_YISHI_START = regex.compile(rf"[{CLOSE}]?\p{{Han}}{{0,6}}[,:]?(?=一是)")
RE_YISHI = re.compile(r"([一二三四五六七八九十])是([^,;。\n]{2,30})")
RE_INTRO = re.compile(r"^(?:即|包括|分别是|也就是|就是)")
AND_WORDS = ("以及", "和", "及", "与")
RE_AND_END = re.compile(f"(?:{'|'.join(AND_WORDS)})$")
RE_AND = re.compile(r"(.+?)(?:以及|和|及|与)(.+)")
MAX_MENTIONS = 4  # mentions searched for a slogan's parts
SENT_MAX = 200  # a sentence longer than this is cut: keeps the list search local and linear
BODY_LEAD = 160  # how far into a heading's body its slogan's parts are looked for
TITLE_LEAD = 8  # a heading's own slogan stands near its start: (二)采取“三大举措”,…
# looser, for the component headings of a string slogan (1355 → 一个核心/…/五张清单/五维评价)
WORD_SUFFIXES = "化性式型"  # a noun that goes on past the two characters a heading form takes
RE_HEADING_WEAK = regex.compile(r"(?:\p{Han}{2})?“?(([一二三四五六七八九两]|[1-9])[个大项类张维条支种]\p{Han}{2})")
# the numerals RE_HEADING and RE_HEADING_WEAK open with, within a title's first 4 characters
HEADING_OPENERS = frozenset("一二三四五六七八九两双123456789")
STRUCTURAL_KINDS = frozenset(("headline", "numbered", "paren", "arabic", "yishi"))
_START = operator.attrgetter("start")  # of a candidate or a section
_FIRST = operator.attrgetter("first")  # of a merged row


# -- data ---------------------------------------------------------------------------------

def _longest_first(word: str) -> tuple:
    """Sort key for regex alternations: longest match first, then a fixed order."""
    return (-len(word), word)


@functools.cache
def _not_slogans() -> frozenset:
    return frozenset(row[0] for row in load_table("slogans/not_slogans.txt"))


@functools.cache
def _measure_re():
    words = sorted(load_lines("slogans/measure_words.txt"), key=_longest_first)
    return re.compile("|".join(map(re.escape, words)))


@functools.cache
def _numeral_words_re():
    words = sorted(load_lines("slogans/numeral_words.txt"), key=_longest_first)
    return re.compile("|".join(map(re.escape, words)))


@functools.cache
def _heads() -> tuple[frozenset, frozenset]:
    """(all type nouns, those that may close an unquoted count form)."""
    rows = load_table("slogans/heads.txt")
    return frozenset(r[0] for r in rows), frozenset(r[0] for r in rows if len(r) > 1 and r[1] == "y")


@functools.cache
def _head_re():
    words = sorted(_heads()[0], key=_longest_first)
    return re.compile("|".join(map(re.escape, words)))


@functools.cache
def _head_firsts() -> frozenset:
    return frozenset(w[0] for w in _heads()[0])


@functools.cache
def _head_end_re():
    words = sorted(_heads()[1], key=_longest_first)
    return re.compile(rf"(?:{'|'.join(map(re.escape, words))})$")


@functools.cache
def _count_head_re():
    """count + 大 + type noun, unquoted (三大工程, 6大研究项目); 两个项目 / 三项措施 in prose are
    as often a plain quantity, so 个/项 forms count only quoted or opening a heading."""
    words = "|".join(map(regex.escape, sorted(_heads()[1], key=_longest_first)))
    return regex.compile(rf"(?<![第0-9{NUM}几多每])(?:[{COUNT}]|[2-9])大\p{{Han}}{{0,2}}?(?:{words})")


# a 大 after a count, for the standard library's engine: a literal first lets it skip ahead
RE_COUNT_DA = re.compile(f"大(?<=[{COUNT}2-9]大)")


def _count_head_matches(text: str, lo: int, hi: int) -> list:
    """``_count_head_re().finditer(text, lo, hi)``, tried only where a count stands before 大
    (every match opens so), in order and resuming after each match as finditer does."""
    rx, out, resume = _count_head_re(), [], lo
    for hit in RE_COUNT_DA.finditer(text, lo, hi):
        q = hit.start() - 1
        if q >= resume:
            m = rx.match(text, q, hi)
            if m:
                out.append(m)
                resume = m.end()
    return out


@functools.cache
def _string_head_re():
    """A numeral string or sum written without quotes but followed by a type noun
    (构建四三二工作机制, 推行1+6+N管理模式); an Arabic string alone (由778标准台) is a number."""
    return regex.compile(_string_head_pattern("|".join(_STRING_FORMS)))


# the two forms of _string_head_re: Chinese numerals, or Arabic ones with a +
CN_STRING = "一二三四五六七八九两"  # the numerals of a Chinese numeral string (四三二)
_STRING_FORMS = (rf"[{CN_STRING}]{{2,4}}", r"[0-9NX]{1,2}(?:\+[0-9NX]{1,2}){1,4}")


def _string_head_pattern(forms: str) -> str:
    words = "|".join(map(regex.escape, sorted(_heads()[1], key=_longest_first)))
    return rf"(?<![第0-9.,{NUM}+])(?:{forms})(?=\p{{Han}}{{0,2}}(?:{words}))"


@functools.cache
def _string_head_forms() -> tuple:
    """_string_head_re with one form each: the second has a literal + to look for, and so
    both scans together take two thirds of the time of the one."""
    return tuple(regex.compile(_string_head_pattern(f)) for f in _STRING_FORMS)


def _string_head_matches(text: str, lo: int, hi: int, chinese: Optional[list] = None):
    """``_string_head_re().finditer(text, lo, hi)``: the matches of its two forms, by start.
    Their characters differ (一…两 against 0-9NX+), so a match of one form never covers
    where the other's could start, and finditer of the alternation finds just these.
    `chinese`: the first form's matches, when `_numeral_matches` has found them."""
    if chinese is None:
        chinese = _numeral_matches(text, lo, hi)[1]
    first = text.find("+", lo, hi)
    if first < 0:
        return chinese  # every match of the second form holds a +: most texts have none
    # and opens at most 2 characters before its first + (the look-behind still sees before)
    arabic = list(_string_head_forms()[1].finditer(text, max(lo, first - 2), hi))
    if chinese and arabic:
        return heapq.merge(chinese, arabic, key=lambda m: m.start())
    return chinese or arabic


@functools.cache
def _known_re():
    words = sorted(load_lines("slogans/known.txt"), key=_longest_first)
    return re.compile(rf"(?<![第0-9{NUM}])(?:{'|'.join(map(re.escape, words))})")


@functools.cache
def _known_words_re():
    """The known formulations without `_known_re`'s look-behind, in the same order: where
    the look-behind is known to hold, its match is `_known_re`'s."""
    words = sorted(load_lines("slogans/known.txt"), key=_longest_first)
    return re.compile("|".join(map(re.escape, words)))


def _known_matches(text: str, lo: int, hi: int) -> list:
    """``_known_re().finditer(text, lo, hi)``, faster (see `_numeral_matches`)."""
    return _numeral_matches(text, lo, hi)[0]


@functools.cache
def _numeral_starts_re():
    """Where a known word or two numerals of a Chinese string may start: a first character,
    what may follow it, and not after what both look-behinds bar (第, a digit or a numeral).
    One scan by the standard library's engine serves both searches (a class first lets it
    skip ahead fast; the scan costs about what either did alone)."""
    words = load_lines("slogans/known.txt")
    firsts = "".join(sorted(set(CN_STRING) | {w[0] for w in words}))
    rests = "|".join(map(re.escape, sorted({w[1:] for w in words}, key=_longest_first)))
    return re.compile(f"[{firsts}](?=[{CN_STRING}]|{rests})(?<![第0-9{NUM}].)")


_CN_STRING_SET = frozenset(CN_STRING)


@functools.cache
def _string_head_firsts() -> frozenset:
    """The first characters of the type nouns `_string_head_re` looks ahead for."""
    return frozenset(w[0] for w in _heads()[1])


def _numeral_matches(text: str, lo: int, hi: int) -> tuple[list, list]:
    """(``_known_re().finditer(text, lo, hi)``, ``_string_head_forms()[0].finditer(…)``) as
    lists, both patterns tried only where `_numeral_starts_re` stops.

    Known words: each place where one starts is tried in order, resuming after each match
    as finditer does (the words are not empty, so no match is); a place `_known_re`'s
    look-behind bars is no hit (the scan bars the same characters), and at a hit the word
    alternation alone (`_known_words_re`, the same words in the same order) matches as
    `_known_re` would.
    Chinese strings: a match opens a run of numerals (its look-behind bars a numeral before
    it) and stays inside it, so it starts where two of them do, and no other starts inside it.
    Its 2-4 numerals and up to 2 more characters are followed by a type noun, which so opens
    2 to 6 characters after the start: where no type noun's first character stands there
    (years, 一九四九), the match is not tried.
    """
    known_words = _known_words_re()
    string_rx, head_firsts = _string_head_forms()[0], _string_head_firsts()
    known, strings = [], []
    resume = lo  # where finditer of _known_re would go on from
    for p in _numeral_starts(text, lo, hi):
        if p >= resume:
            m = known_words.match(text, p, hi)
            if m:
                known.append(m)
                resume = m.end()
        if text[p] in _CN_STRING_SET and p + 1 < hi and text[p + 1] in _CN_STRING_SET \
                and not head_firsts.isdisjoint(text[p + 2:p + 7]):
            m = string_rx.match(text, p, hi)
            if m:
                strings.append(m)
    return known, strings


def _numeral_starts(text: str, lo: int, hi: int):
    """The starts of ``_numeral_starts_re().finditer(text, lo, hi)``, or a few more places
    where neither search of `_numeral_matches` can match: those where a first character
    stands that the look-behind does not bar, and what follows may go on (see
    `_numeral_tables`). Found by table lookups over the text's UTF-16 form, in under half
    the scan's time (a class first, the scan tries every character); the scan where that
    form is not one unit a character."""
    u = _utf16(text)
    if u is None:
        return (hit.start() for hit in _numeral_starts_re().finditer(text, lo, hi))
    global _last_starts
    last = _last_starts
    if last[0] is not text:
        np = _np()
        first, second, barred = _numeral_tables()
        at = np.flatnonzero(first.take(u[:-1]))
        ok = second.take(u.take(at + 1))
        ok &= ~barred.take(u.take(at - 1))  # at 0: the look-behind sees nothing; fixed below
        if len(at) and at[0] == 0:
            ok[0] = second[u[1]]
        last = _last_starts = (text, at[ok].tolist())
    starts = last[1]
    # the match takes one character and looks ahead at the next, inside hi
    return starts[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi - 1)]


_last_starts = (None, [])  # (text, _numeral_starts of all of it)


@functools.cache
def _numeral_tables() -> tuple:
    """Tables over the 16-bit characters: those `_numeral_starts_re` opens with; those
    that may follow (its look-ahead's first characters: a numeral or a known word's
    second; every character where a word has one only); those its look-behind bars."""
    np = _np()
    words = load_lines("slogans/known.txt")
    first, second, barred = (np.zeros(1 << 16, bool) for _ in range(3))
    first[[ord(c) for c in set(CN_STRING) | {w[0] for w in words}]] = True
    if all(len(w) >= 2 for w in words):
        second[[ord(c) for c in set(CN_STRING) | {w[1] for w in words}]] = True
    else:
        second[:] = True
    barred[[ord(c) for c in "第0123456789" + NUM]] = True
    return first, second, barred


def _np():
    import numpy

    return numpy


_last_utf16 = (None, None)  # (text, its UTF-16 form): the numeral scan and _core_hits read it


def _utf16(text: str):
    """`text`'s UTF-16 code units as a numpy array; None where a character lies beyond
    the BMP (it takes two units) or the text cannot be encoded (a lone surrogate)."""
    global _last_utf16
    last = _last_utf16
    if last[0] is not text:
        np = _np()
        try:
            b = text.encode("utf-16-le")
            u = np.frombuffer(b, np.uint16) if len(b) == 2 * len(text) else None
        except UnicodeEncodeError:
            u = None
        last = _last_utf16 = (text, u)
    return last[1]


@functools.cache
def _generic_nouns() -> frozenset:
    return frozenset(load_lines("slogans/generic_nouns.txt"))


@functools.cache
def _item_stops() -> frozenset:
    return frozenset(load_lines("slogans/item_stops.txt"))


@functools.cache
def _leads() -> frozenset:
    return frozenset(load_lines("slogans/list_leads.txt"))


@functools.cache
def _long_leads() -> tuple:
    """The list-opening verbs of two or more characters, for str.endswith."""
    return tuple(v for v in _leads() if len(v) >= 2)


@functools.cache
def _lead_re():
    words = sorted(load_lines("slogans/list_leads.txt"), key=_longest_first)
    return regex.compile(rf"^(?:{'|'.join(map(regex.escape, words))})(?=\p{{Han}})")


@functools.cache
def _lead_firsts() -> frozenset:
    """The first characters of the list-opening verbs: `_lead_re` matches only at one."""
    return frozenset(w[0] for w in load_lines("slogans/list_leads.txt"))


# -- decoding -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Decoded:
    shape: str  # string | arith | count | weiti | word | interleaved
    numbers: tuple
    letters: tuple = ()  # the words after each numeral (interleaved: 统 商 议 促)
    noun: Optional[str] = None  # the noun of a count form (举措 in 三大举措)


def _run_value(run: str):
    v = digit_value(run) if len(run) == 1 else parse_number(run)
    return v if isinstance(v, int) and 0 < v <= 100 else None


@functools.lru_cache(maxsize=8192)
def decode(core: str) -> Optional[Decoded]:
    """A candidate's core → its shape and numbers, or None for a look-alike.

    >>> decode("四三二").numbers, decode("336").numbers, decode("1+6+N").numbers
    ((4, 3, 2), (3, 3, 6), (1, 6, 'N'))
    >>> decode("三大举措").numbers, decode("三个一").numbers, decode("六位一体").shape
    ((3,), (3,), 'weiti')
    >>> decode("一统二商三议四促").letters, decode("双融合、双促进").numbers
    (('统', '商', '议', '促'), (2, 2))
    >>> [decode(x) for x in ("十四五", "两张皮", "五星级", "百名校长进万家", "一肩挑", "第一")]
    [None, None, None, None, None, None]
    """
    core = core.strip()
    if core and core[0] not in NUM and core[0] not in "NX" and not core[0].isdigit():
        return None  # every shape below opens with a numeral, a digit, N or X: spare the tests
    if not core or len(core) > 16 or core in _not_slogans() or not RE_CORE_CHARS.fullmatch(core):
        return None  # a look-alike, or a date / code (5·18, 7×24, 3个95%)
    if _numeral_words_re().match(core):
        return None  # 四川…, 一些…: a word that merely opens with a numeral
    if RE_ARITH.fullmatch(core):
        nums = tuple(p if p in "NX" else _run_value(p) for p in core.split("+"))
        return None if None in nums or all(n in ("N", "X") for n in nums) else Decoded("arith", nums)
    parts = RE_PART_SEP.split(core)
    if len(parts) > 1:  # 双融合、双促进: every part a numbered unit of its own
        decs = [decode(p) for p in parts]
        if any(d is None or not p or p[0] not in NUM for d, p in zip(decs, parts)):
            return None
        return Decoded("interleaved", sum((d.numbers for d in decs), ()),
                       sum((d.letters or (p,) for d, p in zip(decs, parts)), ()))
    if RE_STRING.fullmatch(core):
        nums = tuple(digit_value(c) for c in core)
        if not core.isdigit() and nums == tuple(range(1, len(nums) + 1)):
            return None  # 一二三产业, 一二年级: an enumeration, not counts
        return Decoded("string", nums)
    m = RE_COUNT.fullmatch(core)
    if m:
        return _decode_count(m)
    if core[0] not in NUM and not core[0].isdigit():
        return None
    return _decode_segments(core)


def _decode_count(m) -> Optional[Decoded]:
    """2-9 written out + a classifier + noun, or an Arabic digit + 大 (6个项目 is a quantity)."""
    n_, kind, noun = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
    n = digit_value(n_)
    if kind == "位一体":
        return Decoded("weiti", (n,)) if not noun else None
    if not noun or noun in _generic_nouns():
        return None  # 三个, 五条: a bare count; 三个方面, 两项任务: a plain quantity
    return Decoded("count", (n,), (noun,), noun)


def _decode_segments(core: str) -> Optional[Decoded]:
    """Numeral + word(s): 五心, 百日攻坚 (word); 一统二商三议四促, 三会一课 (interleaved)."""
    segs = RE_SEG.findall(core)
    if len(segs) > 1 and segs[-1] == ("一", ""):
        segs = segs[:-1]  # 三证合一 counts three things made one, like 三位一体
    if len(segs) == 1 and segs[0][1] and segs[0][1] in CLASSIFIERS:
        return None  # 十条, 百个: a bare count
    if _measure_re().match(segs[0][1]):
        return None  # a quantity, date or rating: 千名…, 三年行动, 五星级
    if segs[0][0].isdigit() and segs[0][1][:1] in ("个", "项"):
        return None  # 2个平台: a quantity
    if not all(RE_PROPER_RUN.fullmatch(run) for run, _ in segs):
        if core[0] == "双" and RE_SHORT_WORD.fullmatch(core[1:]):
            return Decoded("word", (2,), (core[1:],))  # 双一流: two of a kind
        return None  # 五四运动, 97中国旅游年: a date or year, not a count
    nums = tuple(_run_value(run) for run, _ in segs)
    if None in nums or (len(nums) == 1 and nums[0] == 1):
        return None  # not a numeral, or 一X: a number that counts no parts
    letters = tuple(w for _, w in segs)
    if not any(letters):
        return None  # a bare number: 做实“3”个协作体
    longest = 6 if len(nums) == 1 else 4
    if any(len(w) > longest for w in letters):
        return None  # a sentence that happens to hold numerals: 一方水土难养一方人
    return Decoded("word" if len(nums) == 1 else "interleaved", nums, letters)


def _paired(dec: Decoded) -> bool:
    """三比三看, 五联五促: equal counts name one set of parts, each with every letter."""
    return len(set(dec.numbers)) == 1 and isinstance(dec.numbers[0], int) and dec.numbers[0] > 1


def declared(dec: Decoded) -> Optional[int]:
    """How many parts a slogan claims: 四三二 → 3 components, 六好 → 6, 1+6+N → None."""
    if dec.shape == "interleaved" and _paired(dec):
        return dec.numbers[0]  # 五联五促: five parts, each a 联 and a 促
    if dec.shape in ("string", "interleaved"):
        return len(dec.numbers)
    if dec.shape == "arith":
        return None if "N" in dec.numbers or "X" in dec.numbers else len(dec.numbers)
    n = dec.numbers[0]
    return n if isinstance(n, int) and n <= 20 else None


# -- candidates ---------------------------------------------------------------------------

@dataclass(slots=True)
class _Cand:
    core: str
    start: int
    end: int
    dec: Decoded
    quoted: bool
    weak: bool = False  # a heading count form kept only as a component of a string slogan


def _strip_head(core: str) -> str:
    """“四三二工作机制”, “六好标准” → 四三二, 六好: the type noun inside the quotes is the head."""
    i = _head_end(core)
    if i is None or i < 2:
        return core
    rest, whole = decode(core[:i]), decode(core)
    if not rest or rest.shape == "count" or (whole and whole.shape in ("count", "weiti")):
        return core
    if rest.shape in ("word", "interleaved") and core[i - 1] in NUM + CLASSIFIERS:
        return core  # 一办法两清单, 三张清单: the noun is the slogan's last letter, not a head
    return core[:i]


def _head_end(core: str) -> Optional[int]:
    """Where ``_head_end_re().search(core)`` starts, read off the end: its leftmost match is
    the longest type noun that ends the core (the pattern would try every start). A core
    ending in a newline is left to the pattern, whose $ matches before one."""
    if core.endswith("\n"):
        m = _head_end_re().search(core)
        return m.start() if m else None
    heads = _heads()[1]
    for n in range(min(len(core), _longest_head()), 0, -1):
        if core[-n:] in heads:
            return len(core) - n
    return None


@functools.cache
def _longest_head() -> int:
    return max(map(len, _heads()[1]), default=0)


def _regions(doc: Document) -> list[tuple[int, int]]:
    """The body, plus the title line when it stands before the body."""
    out = []
    if doc.title:
        i = doc.text.find(doc.title, 0, doc.body_start)
        if i >= 0:
            out.append((i, i + len(doc.title)))
    out.append((doc.body_start, doc.body_end or len(doc.text)))
    return out


@functools.lru_cache(maxsize=8192)
def _quoted_unit(unit: str):
    """A quoted unit → (core, its offset in the unit, its length, decoded, whether a string
    or sum) or None; units repeat a lot (“三会一课”, “两学一做”), so this is cached."""
    core = _strip_head(unit.strip())
    dec = decode(core)
    return (core, unit.find(core), len(core), dec, dec.shape in ("string", "arith")) if dec else None


def _candidates(doc: Document, regions, headings: list) -> list[_Cand]:
    """`headings`: (title start, title end, section) of the titled sections of a structural
    kind, in order (an untitled one has no heading form)."""
    text = doc.text
    quoted, other, heading = [], [], []
    rx_quoted = RE_QUOTED if any(q in text for q in OPEN[1:]) else RE_QUOTED_CURLY
    for lo, hi in regions:
        for m in rx_quoted.finditer(text, lo, hi):
            unit = _quoted_unit(m.group(1))
            if unit is None:
                continue
            core, off, n, dec, numeric = unit
            if numeric and (_measure_re().match(text, m.end()) or text[m.end():m.end() + 1] in CLASSIFIERS):
                continue  # “18”条, “3”个: a count of things, not a slogan
            s = m.start(1) + off
            quoted.append(_Cand(core, s, s + n, dec, True))
        known, strings = _numeral_matches(text, lo, hi)
        for found in (known, RE_WEITI.finditer(text, lo, hi),
                      _count_head_matches(text, lo, hi), _string_head_matches(text, lo, hi, strings)):
            for m in found:
                dec = decode(m.group())
                if dec:
                    other.append(_Cand(m.group(), m.start(), m.end(), dec, False))
    # neither heading form can match a title without a numeral in its first 4 characters
    isdisjoint = HEADING_OPENERS.isdisjoint
    opened = [(ts, te) for ts, te, _ in headings if not isdisjoint(text[ts:ts + 4 if ts + 4 < te else te])]
    for ts, te in opened:
        m = RE_HEADING.match(text, ts, te)
        g = m and (1 if m.group(1) else 2)
        if m:
            a, b = m.span(g)
            h = _head_re().match(text, b, te)  # 四项基本原则, not 四项基本
            b = h.end() if h else b + (text[b:b + 1] in WORD_SUFFIXES)  # 四个现代化
            dec = decode(text[a:b])
            if dec:
                heading.append(_Cand(text[a:b], a, b, dec, False))
                continue
        m = RE_HEADING_WEAK.match(text, ts, te)
        if m and not _numeral_words_re().match(m.group(1)):
            dec = Decoded("count", (digit_value(m.group(2)),), (m.group(1)[2:],), m.group(1)[2:])
            heading.append(_Cand(m.group(1), m.start(1), m.end(1), dec, False, weak=True))
    # a quoted unit is authoritative where an unquoted match overlaps it; a known or count
    # form beats a heading's guess (双减 in 双减背景下…)
    other = _drop_overlaps(other, quoted) if other and quoted else other
    heading = _drop_overlaps(heading, quoted + other) if heading else heading
    return sorted(quoted + other + heading, key=_START)


def _drop_overlaps(cands: list[_Cand], stronger: list[_Cand]) -> list[_Cand]:
    taken = sorted((c.start, c.end) for c in stronger)
    starts = [a for a, _ in taken]
    keep = []
    for c in cands:
        s, e = c.start, c.end
        i = bisect.bisect_right(starts, s)  # past every span opening at or before s
        for a, b in taken[max(0, i - 2):i + 1]:
            if a < e and s < b:
                break
        else:
            keep.append(c)
    return keep


def _positions(text: str, cores: list[str], regions) -> list[list[int]]:
    """Every mention of every core, in one Aho-Corasick pass per region (leftmost-longest, so
    一校一品 inside 一校一品牌 is not counted twice)."""
    out: list[list[int]] = [[] for _ in cores]
    if not cores:
        return out
    ac = None

    def automaton():
        import ahocorasick_rs

        # built per document for a dozen cores (where _core_hits cannot tell, or a region
        # is scanned alone): the plain NFA builds in half the time of the DFA the library
        # picks for so few patterns, and scans as fast
        return ahocorasick_rs.AhoCorasick(cores, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                          implementation=ahocorasick_rs.Implementation.NoncontiguousNFA)

    # one pass over the whole text: a leftmost-longest parse restricted to a region is the
    # region's own unless a match straddles one of its ends, and then the region is scanned
    # alone
    try:
        hits = _core_hits(text, cores)
        if hits is None:
            ac = automaton()
            hits = ac.find_matches_as_indexes(text)
    except UnicodeEncodeError:
        hits = None  # a lone surrogate: each region alone, so only one holding it fails
    starts = [h[1] for h in hits] if hits is not None else []
    for lo, hi in regions:
        i = bisect.bisect_left(starts, lo)
        j = bisect.bisect_left(starts, hi, i)
        if hits is None or (i and hits[i - 1][2] > lo) or (j and hits[j - 1][2] > hi):
            ac = ac or automaton()
            for k, a, _ in ac.find_matches_as_indexes(text[lo:hi]):
                out[k].append(lo + a)
        else:
            for k, a, _ in hits[i:j]:
                out[k].append(a)
    return out


class _Pairs(threading.local):
    """Two tables over the 16-bit characters, marking the first and the second characters
    of the cores of the document at hand (set, read, then cleared); one pair per thread."""

    def __init__(self):
        import numpy as np

        self.np = np
        self.first = np.zeros(1 << 16, bool)
        self.second = np.zeros(1 << 16, bool)


@functools.cache
def _pairs() -> _Pairs:
    return _Pairs()


def _core_hits(text: str, cores: list[str]) -> Optional[list]:
    """``find_matches_as_indexes(text)`` of the leftmost-longest automaton over `cores`, or
    None where this way cannot tell (a core shorter than 2 characters or beyond the BMP, a
    text with a character beyond it). The automaton reads the text's UTF-8 form, which
    nothing else reads and which costs a third of its pass; here the places where a core's
    first two characters stand are found by two table lookups over the text's UTF-16 form
    (a few dozen a report), and each is tried with the cores longest first. None too on a
    lone surrogate, where the automaton raises UnicodeEncodeError."""
    if any(len(c) < 2 or c[0] > "\uffff" or c[1] > "\uffff" for c in cores):
        return None
    u = _utf16(text)
    if u is None:
        return None
    pairs = _pairs()
    np, first, second = pairs.np, pairs.first, pairs.second
    ones = [ord(c[0]) for c in cores]
    twos = [ord(c[1]) for c in cores]
    try:
        first[ones] = True
        second[twos] = True
        at = np.flatnonzero(first.take(u[:-1]))
        at = at[second.take(u.take(at + 1))].tolist()
    finally:
        first[ones] = False
        second[twos] = False
    if not at:
        return []
    by_start = {}  # first two characters → (core, index), longest first
    for k in sorted(range(len(cores)), key=lambda k: -len(cores[k])):
        by_start.setdefault(cores[k][:2], []).append((cores[k], k))
    hits, end = [], 0
    startswith = text.startswith
    for p in at:
        if p < end:
            continue  # inside the last match
        for core, k in by_start.get(text[p:p + 2], ()):
            if startswith(core, p):
                end = p + len(core)
                hits.append((k, p, end))
                break
    return hits


def _head(text: str, end: int, cand: _Cand) -> Optional[str]:
    """The type noun after a slogan: “六好”标准 → 标准; 三大举措 → 举措; 四个聚焦 → None."""
    dec = cand.dec
    if dec.shape == "count":
        if not RE_ALL_NUM.fullmatch(dec.noun or ""):
            return _noun_head(dec.noun)
        reach = 6
    else:
        reach = 6 if cand.quoted else 1
    if end < len(text) and text[end] in CLOSE:
        end += 1
    if _head_firsts().isdisjoint(text[end:end + reach + 1]):
        return None  # no type noun can start within reach: spare the searches
    window = text[end:end + 12]
    stop = RE_CLAUSE_END.search(window) or RE_HEAD_STOP.search(window)
    window = window[:stop.start()] if stop else window
    m = _head_re().search(window)
    if not m or m.start() > reach:
        return None
    while True:  # 教育模式: the last of adjoining type nouns heads the phrase
        nxt = _head_re().match(window, m.end())
        if not nxt:
            return m.group() if m.group() in _heads()[0] else None
        m = nxt


@functools.lru_cache(maxsize=4096)
def _noun_head(noun: str) -> Optional[str]:
    """The type noun closing a count form's noun (举措 in 三大举措), or None."""
    m = _head_re().search(noun)
    return m.group() if m and noun.endswith(m.group()) else None


# -- items --------------------------------------------------------------------------------

_CLEAN_STRIP = QUOTES + "《》()() \u3000,,。"
RE_QUOTE_CHAR = re.compile(f"[{QUOTES}]")  # dropped by one substitution: str.translate costs 2-3x


def _clean(item: str, *, lead: bool = False) -> str:
    item = item.strip(_CLEAN_STRIP)
    item = RE_QUOTE_CHAR.sub("", item)
    for _ in range(3 if lead else 0):  # 关于印发深入开展党史 → 党史
        if item[:1] not in _lead_firsts():
            break  # no list-opening verb starts it: spare the substitution
        item, n = _lead_re().subn("", item)
        if not n:
            break
    return item


def first_clause(title: str) -> str:
    """The first clause of a heading, quotes dropped: '与课堂教学融合,提升…' → '与课堂教学融合'.

    >>> first_clause("开展“百日攻坚”抓覆盖"), first_clause("与学校管理融合,推动教育提质创优")
    ('开展百日攻坚抓覆盖', '与学校管理融合')
    """
    m = RE_CLAUSE_END.search(title)
    return _clean(title[:m.start()] if m else title)


def _split_list(seg: str, n: Optional[int]) -> list[str]:
    """'以国培、省培、市培和县校' → ['国培', '省培', '市培', '县校']."""
    parts = [p for p in RE_LIST_SEP.split(seg)]
    if len(parts) >= 2 and (n is None or len(parts) < n):
        m = RE_AND.fullmatch(parts[-1])
        if m and len(m.group(1)) >= 2 and len(m.group(2)) >= 2:
            parts[-1:] = [m.group(1), m.group(2)]
    items = [_clean(p, lead=(i == 0)) for i, p in enumerate(parts)]
    return _trim_ends([x for x in items if x])


def _trim_ends(items: list[str]) -> list[str]:
    """Cut the sentence off the ends of a list whose inner parts share one length.

    A 、-list is written into a sentence: its first part carries the words before it and
    its last part the words after it. Where most other parts share one short length (≤ 4),
    a first or last part three or more characters longer is cut to that length.

    >>> _trim_ends(["着力构建学校", "家庭", "社会"])
    ['学校', '家庭', '社会']
    >>> _trim_ends(["学校自查", "家长评议", "学生测评", "社会监督相结合"])
    ['学校自查', '家长评议', '学生测评', '社会监督']
    >>> _trim_ends(["引领好", "组织建设好", "教书育人好", "带团队好"])
    ['引领好', '组织建设好', '教书育人好', '带团队好']
    """
    if len(items) < 3:
        return items
    out = list(items)
    lens = [len(x) for x in items]
    for end in (0, -1):
        others = lens[1:] if end == 0 else lens[:-1]
        counts: dict[int, int] = {}  # (a plain dict: a Counter costs more to make than to fill)
        for k in others:
            counts[k] = counts.get(k, 0) + 1
        top = max(counts.values())
        common = min(n for n, c in counts.items() if c == top)  # ties: the shorter length
        # only short, uniform parts (学校/家庭/社会, 铸魂育人…) say where a part ends
        if common <= 4 and counts[common] * 2 >= len(others) and len(out[end]) >= common + 3:
            out[end] = out[end][-common:] if end == 0 else out[end][:common]
    return out


def _sentence_start(text: str, a: int, lo: int) -> int:
    """Where the sentence holding text[a] starts, at most SENT_MAX characters back (not before lo)."""
    lo = max(lo, a - SENT_MAX)
    m = RE_TO_LAST_SENT_END.match(text, lo, a)
    return m.end() if m else lo


def _sentence_end(text: str, b: int, hi: int) -> int:
    """Where the sentence going on at text[b] ends, at most SENT_MAX characters on (not past hi)."""
    hi = min(hi, b + SENT_MAX)
    m = RE_SENT_END.search(text, b, hi)
    return m.start() if m else hi


def _fits(items: Optional[list], n: Optional[int]) -> bool:
    """A list counts as the parts when its length matches the claim (五级 may list 4 of 5)."""
    if not items or len(items) < 2 or any(len(x) < 2 or decode(x) for x in items):
        return False  # a list of other slogans (增强四个意识、坚定四个自信、做到两个维护)
    return n is None or len(items) == n or (n >= 4 and len(items) == n - 1)


def _after_verb(token: str) -> str:
    """'园区建强党员活动室' → '党员活动室' (what follows the last list-opening verb)."""
    cut = 0
    for v in _leads():
        if len(v) >= 2:
            i = token.rfind(v)
            if i > 0 and len(token) - i - len(v) >= 2:
                cut = max(cut, i + len(v))
    return token[cut:] if cut else token


def _is_verb(token: str) -> bool:
    """'做到', '深入贯彻' — a bare verb before the slogan makes it an object, not a sum."""
    token = _clean(token)
    return not token or token in _leads() or (len(token) <= 4 and token.endswith(_long_leads()))


def _list_before(text: str, s: int, a: int, n: Optional[int]) -> Optional[list[str]]:
    """The enumeration the slogan closes: 宣传、教育、…、惩处“六位一体”."""
    seg = text[s:a]
    return _read_list_before(seg, n) if _may_close_list(seg, n) else None


def _may_close_list(seg: str, n: Optional[int]) -> bool:
    """False where `_read_list_before` finds nothing for sure (most sentences): it needs a
    quote closing within the last 3 characters (a tail link may follow it), a separator for
    the last clause (、, +, ”“), or n - 1 commas or semicolons for n parallel clauses."""
    return "、" in seg or "+" in seg or "”" in seg[-3:] or "”“" in seg or bool(
        n and 2 <= n <= 6 and seg.count(",") + seg.count(";") >= n - 1)


def _read_list_before(seg: str, n: Optional[int]) -> Optional[list[str]]:
    """`_list_before` of the text between the sentence start and the slogan."""
    if seg.endswith("\n"):  # $ would match before it: the patterns decide
        seg = RE_TAIL_LINK.sub("", seg)
        and_end = bool(seg) and RE_AND_END.search(seg)
    else:  # what the $-anchored patterns find, read off the end (they try every start)
        seg = seg[:-2] if seg.endswith(TAIL_LINKS_2) else seg[:-1] if seg.endswith(TAIL_LINKS_1) else seg
        and_end = seg.endswith(AND_WORDS)
    if not seg or seg[-1] in "、,;:+" or and_end:
        return None  # the slogan is itself one element of a list (…、邓小平理论和“三个代表”)
    if seg.endswith("”"):
        run = RE_QUOTED_RUN.search(seg)
        if run:  # “红色堡垒建设”“红色园丁培育”“红色基因传承”三大工程
            items = _split_list(run.group()[1:-1], n)
            return items if _fits(items, n) else None
        i = seg.rfind("“")
        if i >= 0 and RE_LIST_SEP.search(seg[i:]):  # “课堂教学+实践活动+…”的四位一体
            items = _split_list(seg[i + 1:-1], n)
            return items if _fits(items, n) else None
    m = RE_TO_LAST_CLAUSE_END.match(seg)
    clause = seg[m.end():] if m else seg  # the last clause
    if "“" in clause and "”" not in clause[clause.rfind("“"):]:
        return None
    # most clauses hold no separator: spare the split
    parts = RE_LIST_SEP.split(clause) if "、" in clause or "+" in clause or "”“" in clause else [clause]
    if len(parts) >= 2:
        if _is_verb(parts[-1]):
            return None
        items = _split_list(clause, n)
        if n and len(items) > n:  # 在学校、社区建强A、B、…六类阵地: the list starts after the verb
            items = items[-n:]
            items[0] = _after_verb(items[0])
        return items if _fits(items, n) else None
    # parallel clauses: 把A培养成党员,把党员培养成B的“双培养”
    if not n or not 2 <= n <= 6 or seg.count(",") + seg.count(";") < n - 1:
        return None  # not n clauses
    clauses = _comma_split(seg)
    if len(clauses) >= n and len(_clean(clauses[-1])) >= 5 \
            and not _is_verb(clauses[-1]):
        tail = clauses[-n:]
        c0 = tail[1][:1]
        if c0 and all(c.startswith(c0) for c in tail[1:]) and c0 in tail[0]:
            tail[0] = tail[0][tail[0].rfind(c0):]
            items = [_clean(c) for c in tail]
            return items if _fits(items, n) else None
    return None


def _comma_split(s: str) -> list[str]:
    """``RE_COMMA.split(s)``; str.split, faster, where there is no ;."""
    return RE_COMMA.split(s) if ";" in s else s.split(",")


def _list_after(text: str, b: int, e: int, n: Optional[int]) -> Optional[list[str]]:
    while b < e and text[b] in CLOSE:  # text[b:e].lstrip(CLOSE), without copying the sentence
        b += 1
    if text.find(",", b, min(e, b + 7)) < 0 and text.find(":", b, min(e, b + 7)) < 0:
        return None  # RE_SHORT_CLAUSE ends by the 7th character: spare the match
    m = RE_SHORT_CLAUSE.match(text, b, e)
    if not m:
        return None
    clauses = RE_CLAUSE_RUNS.findall(text, m.end(), e)  # the non-empty clauses of the rest
    if not clauses:
        return None
    if "、" in clauses[0] and (m.group().endswith(":") or RE_INTRO.match(clauses[0])):
        items = _split_list(RE_INTRO.sub("", clauses[0]), n)
        return items if _fits(items, n) else None
    parts = clauses[0].split("、")
    if len(parts) >= 2 and all(p[:1] == parts[0][:1] for p in parts):  # 把A培养成B、把B培养成A
        items = [_clean(p) for p in parts]
        return items if _fits(items, n) else None
    c0 = clauses[0][:1]
    k = 0  # clauses opening alike; cleaned only when they make the list
    for c in clauses:
        if not c.startswith(c0):
            break
        k += 1
    return [_clean(c) for c in clauses[:k]] if k >= 2 and (n is None or k == n) else None


def _yishi_after(text: str, b: int, hi: int, n: Optional[int]) -> Optional[list[str]]:
    """Inline parts right after the slogan: 实施“三项工程”:一是实施铸魂工程,…;二是…"""
    if not n or text.find("一是", b, min(hi, b + 24)) < 0:
        return None  # the look-ahead's 一是 is not there: spare the match
    m = RE_YISHI_START.match(text, b, min(hi, b + 24))
    if not m:
        return None
    end = text.find("\n", m.start())
    end = min(hi, end if end >= 0 else hi, m.start() + 3000)
    items, want = [], 1
    for y in RE_YISHI.finditer(text, m.start(), end):
        if digit_value(y.group(1)) != want:
            continue
        items.append(_clean(y.group(2)))
        want += 1
    return items if len(items) == n and _fits(items, n) else None


def _list_in(text: str, s: int, e: int, n: int) -> Optional[list[str]]:
    """The first enumeration of exactly n parts in text[s:e]."""
    for clause in RE_CLAUSE_END.split(text[s:e]):
        if "、" in clause:
            items = _split_list(clause, n)
            if len(items) == n:
                items[0] = _after_verb(items[0])
                m = RE_COUNT_IN.search(items[-1], 2)  # 群众满意五个维度… → 群众满意
                items[-1] = items[-1][:m.start()] if m else items[-1]
                if _fits(items, n):
                    return items
    return None


def _anchored(text: str, s: int, e: int, core: str, ch: str, n: int) -> Optional[list[str]]:
    """Items that each carry the slogan's letter: 四史 → 党史、新中国史…; 五育 → 德育…; 三农 → 农业…"""
    if text.count(ch, s, e) < max(2, n - 1) + 1:
        return None  # too few letters around to hold the parts (one is the slogan's own)
    best, least = None, max(2, n - 1)
    # a run needs `least` pieces with the letter: sentences with fewer letters hold none
    sents = [x for x in RE_SENT_END.split(text[s:e]) if x.count(ch) >= least]
    for sep in ("、", ","):
        for sent in sents:
            pieces = RE_PIECE_SEP.split(sent) if sep == "," else \
                [p for c in RE_CLAUSE_SEP.split(sent) for p in c.split("、") + [""]]
            run: list[str] = []
            for p in pieces + [""]:
                if ch in p and core not in p:
                    run.append(p)
                    continue
                if least <= len(run) <= n and (best is None or len(run) > len(best)):
                    best = run
                run = []
        if best:
            break
    if not best:
        return None
    if all(p.startswith(ch) for p in best[1:]):  # 农业、农村、农民: the letter opens each part
        items = [best[0][best[0].rfind(ch):]] + best[1:]
    else:  # 党史、新中国史: the letter closes each part
        items = [p[:p.index(ch) + 1] for p in best]
    items = [_clean(x, lead=True) for x in items]
    if n <= 3 and len(items) != n:
        return None
    stops = _item_stops()
    return items if all(len(x) >= 2 and x[0] not in stops for x in items) else None


def _count_fits(doc: Document, j: int, kids: list[int], n: int) -> bool:
    """Child headings are the parts when they match the count; under a heading line, numbered
    ones (一是, 1., (一)) may be one short or over, so that a report announcing 六大融合 and
    listing five says so."""
    if len(kids) == n:
        return True
    marked = doc.sections[j].kind in STRUCTURAL_KINDS and all(
        doc.sections[c].kind in STRUCTURAL_KINDS for c in kids)
    return marked and n >= 3 and abs(len(kids) - n) == 1


def _yishi_under(doc: Document, children: dict, j: int) -> list[int]:
    """The 一是/二是 parts anywhere below section j, in document order."""
    out, todo = [], list(children.get(j, []))
    while todo:
        c = todo.pop()
        if doc.sections[c].kind == "yishi":
            out.append(c)
        todo.extend(children.get(c, []))
    return sorted(out)


def _children(doc: Document) -> dict[int, list[int]]:
    """{section: its child sections}, leaving out author lines in brackets."""
    out: dict[int, list[int]] = {}
    for j, sec in enumerate(doc.sections):
        parent = sec.parent
        if parent is not None:
            title = sec.title
            if title and not title.lstrip().startswith(("(", "(")):
                if parent in out:  # spelled out: setdefault would make a list for every section
                    out[parent].append(j)
                else:
                    out[parent] = [j]
    return out


# -- the step -----------------------------------------------------------------------------

def find_slogans(doc: Document) -> list[Slogan]:
    """One Slogan per distinct formulation, in order of first mention (SPEC §2).

    `start`/`end` are raw offsets of the first mention; `items`, `parent`, `declared` and
    `consistent` come from the report's own structure and lists.
    """
    regions = _regions(doc)
    titles = _title_spans(doc)
    rows = _merge(doc, _candidates(doc, regions, titles[2]), regions)
    # weak heading forms survive only as the components of a string slogan
    mentions = [r.pos for r in rows]
    owner = _title_slogans(titles, mentions)
    comps = _string_components(doc, [r.cand.dec for r in rows], mentions, owner)
    used = {x for v in comps.values() for x in v}
    keep = [i for i, r in enumerate(rows) if not r.cand.weak or i in used]
    new = {old: i for i, old in enumerate(keep)}
    if len(keep) < len(rows):  # the titles' slogans among those kept
        rows = [rows[i] for i in keep]
        mentions = [r.pos for r in rows]
        owner = _title_slogans(titles, mentions)
    out = []
    for r in rows:
        rs, re_ = doc.raw_span(r.first, r.first + len(r.core))
        # text, numbers, head, start, end, mentions, items, parent, declared: in order, as a
        # keyword call costs half again as much
        out.append(Slogan(r.core, list(r.cand.dec.numbers), r.head, rs, re_, len(r.pos), None, None,
                          declared(r.cand.dec)))
    for k, found in comps.items():
        if k in new:
            out[new[k]].items = [out[new[x]].text for x in found]
            for x in found:
                out[new[x]].parent = new[k]
    _decompose(doc, out, [r.cand.dec for r in rows], mentions, regions, owner)
    for s in out:
        if s.items and s.declared:
            s.consistent = len(s.items) == s.declared
    return out


@dataclass(slots=True)
class _Row:
    first: int  # normalized offset of the first mention
    core: str
    cand: _Cand  # the candidate that decides shape and numbers (a quoted one if any)
    pos: list  # every mention
    head: Optional[str]


def _merge(doc: Document, cands: list[_Cand], regions) -> list[_Row]:
    """Candidates → one row per core text, in order of first mention."""
    text = doc.text
    by_core: dict[str, list[_Cand]] = {}
    for c in cands:
        if c.core in by_core:  # spelled out: setdefault would make a list for every candidate
            by_core[c.core].append(c)
        else:
            by_core[c.core] = [c]
    rows = []
    for (core, cs), pos in zip(by_core.items(), _positions(text, list(by_core), regions)):
        c = cs[0] if len(cs) == 1 else next((x for x in cs if x.quoted), None) or \
            next((x for x in cs if not x.weak), cs[0])
        # the fullest type noun any mention carries (the first of the longest): “四三二”机制 in a
        # title, 工作机制 in the body
        head = None
        for x in cs[:8]:
            if x.quoted == c.quoted:
                h = _head(text, x.end, x)
                if h and (head is None or len(h) > len(head)):
                    head = h
        starts = {x.start for x in cs}  # nearly always mentions already (pos is sorted)
        rows.append(_Row(min(cs[0].start, pos[0]) if pos else cs[0].start, core, c,
                         pos if starts.issubset(pos) else sorted(starts.union(pos)), head))
    return sorted(rows, key=_FIRST)


def _title_spans(doc: Document) -> tuple[list, list, list]:
    """(sorted (title start, title end, section), their starts, those of structural kinds in
    section order): made once, used three times."""
    secs = doc.sections
    titled = [(s.title_start, s.title_end, j) for j, s in enumerate(secs)
              if 0 <= s.title_start < s.title_end]
    structural = [t for t in titled if secs[t[2]].kind in STRUCTURAL_KINDS]  # still in section order
    titled.sort()
    return titled, [x[0] for x in titled], structural


def _title_slogans(titles: tuple, mentions: list[list[int]]) -> dict[int, int]:
    """{section index: index of the first slogan named in its title}."""
    spans, starts, _ = titles
    bisect_right = bisect.bisect_right
    best: dict[int, tuple[int, int]] = {}  # section → (position, slogan)
    for k, pos in enumerate(mentions):
        for p in pos:
            i = bisect_right(starts, p) - 1
            low = p - TITLE_LEAD  # only titles opening within TITLE_LEAD characters before p own it
            while i >= 0 and starts[i] >= low:
                _, te, j = spans[i]
                if p < te and (j not in best or p < best[j][0]):
                    best[j] = (p, k)
                i -= 1
    return {j: k for j, (_, k) in best.items()}


def _decompose(doc: Document, out, decs, mentions, regions, owner: dict) -> None:
    """Fill `items` (the first rule that fits wins) and `parent` in place. `owner`:
    `_title_slogans` of the mentions."""
    spans = _items_from_letters_and_lists(doc.text, out, decs, mentions, regions[-1])
    _items_from_child_headings(doc, out, decs, owner)
    _items_near_mentions(doc, out, decs, spans, regions[-1])
    for j, k in sorted(owner.items()):  # a heading's slogan spelled out at the start of its body
        sec = doc.sections[j]
        if out[k].items is None and k in spans and sec.kind != "paragraph":
            end = min(sec.end, sec.title_end + BODY_LEAD)
            out[k].items = _list_in(doc.text, sec.title_end, end, out[k].declared)


def _items_from_letters_and_lists(text, out, decs, mentions, body) -> dict:
    """Letters of an interleaved slogan; an enumeration a mention closes (A、B、C“三位一体”).
    Returns {slogan: [(a, b, sentence start, sentence end)]} of the mentions looked at
    (up to the one whose list gave the items)."""
    lo, hi = body
    spans = {}
    for k, dec in enumerate(decs):
        s = out[k]
        if s.items or dec.shape in ("string", "arith"):
            continue  # a string's parts are its component slogans (found before)
        if dec.shape == "interleaved" and not _paired(dec):
            s.items = [x for x in dec.letters if x] or None
            continue
        if not s.declared:
            continue  # 百羽争锋, 1+N: no count to check a list against
        spans[k] = sp = []
        for p in mentions[k][:MAX_MENTIONS]:
            a, b = p, p + len(s.text)
            if a > 0 and text[a - 1] in OPEN:
                a -= 1
            ss, se = _sentence_start(text, a, 0 if p < lo else lo), _sentence_end(text, b, hi)
            sp.append((a, b, ss, se))
            s.items = _list_before(text, ss, a, s.declared)
            if s.items:
                break  # the later mentions' sentences go unread (_items_near_mentions stops here too)
    return spans


def _items_from_child_headings(doc: Document, out, decs, owner: dict) -> None:
    """A slogan opening a heading whose child headings (or 一是 parts) are its parts; a slogan
    named in one of those child headings is a part of it (六好 → 三大举措)."""
    takers = [(j, k) for j, k in sorted(owner.items())
              if out[k].declared and out[k].declared >= 2 and decs[k].shape not in ("string", "arith")]
    if not takers:
        return  # no heading's slogan can take parts: spare the walk over every section
    children = _children(doc)
    for j, k in takers:
        kids = children.get(j, [])
        n = out[k].declared
        if len(kids) != n:  # 一是/二是 parts inside the heading's paragraphs
            kids = _yishi_under(doc, children, j) or kids
        if not _count_fits(doc, j, kids, n):
            continue
        if not out[k].items:
            out[k].items = [first_clause(doc.sections[c].title or "") for c in kids]
        for c in kids:
            q = owner.get(c)
            if q is not None and q != k and out[q].parent is None:
                out[q].parent = k


def _items_near_mentions(doc: Document, out, decs, spans: dict, body) -> None:
    """Parts that carry the slogan's letter (四史 → 党史…), listed after it (即A、B、C), or
    spelled out in the 一是/二是 paragraphs that follow its own."""
    text, (lo, hi) = doc.text, body
    starts = list(map(_START, doc.sections))
    for k, sp in spans.items():
        s, dec, n = out[k], decs[k], out[k].declared
        for a, b, ss, se in sp:
            if s.items:
                break
            if dec.shape == "word" and len(dec.letters[0]) == 1:
                ws = _sentence_start(text, ss - 1, lo) if ss > lo else ss
                we = _sentence_end(text, se + 1, hi) if se < hi else se
                s.items = _anchored(text, ws, we, s.text, dec.letters[0], n)
            s.items = (s.items or _list_after(text, b, se, n) or _yishi_after(text, b, hi, n)
                       or _yishi_following(doc, starts, a, n))


def _yishi_following(doc: Document, starts: list, p: int, n: int) -> Optional[list[str]]:
    """全县实施“三项行动”。 then paragraphs 一是铸魂行动。二是… : the parts follow the paragraph."""
    i = bisect.bisect_right(starts, p)  # the first section opening after the mention
    if i >= len(starts) or doc.sections[i].kind != "yishi":
        return None  # no part opens the run (n >= 1 parts are wanted)
    q = doc.text.find("。", p, starts[i])  # two 。 before the next section: no need to count on
    if q >= 0 and doc.text.find("。", q + 1, starts[i]) >= 0:
        return None  # the mention must close its paragraph
    run = []
    for sec in doc.sections[i:i + n + 1]:
        if sec.kind != "yishi" or digit_value((sec.marker or " ")[0]) != len(run) + 1:
            break
        run.append(first_clause(sec.title or ""))
    return run if len(run) == n and _fits(run, n) else None


def _string_components(doc: Document, decs, mentions, owner: dict) -> dict[int, list[int]]:
    """{string slogan: its component slogans}: those opening consecutive sibling headings
    whose counts spell the string (四三二 → 四个聚焦 / 三个坚持 / 双向发力). `owner`:
    `_title_slogans` of the mentions."""
    strings = [k for k, d in enumerate(decs)
               if d.shape == "string" or (d.shape == "interleaved" and not _paired(d))]
    if not strings:
        return {}
    # only groups holding two or more owned headings can hold a run of components
    sections = doc.sections
    owned: dict[tuple, int] = {}  # (a plain dict: a Counter costs more to make than to fill)
    for j in owner:
        g = (sections[j].parent, sections[j].kind)
        owned[g] = owned.get(g, 0) + 1
    wanted = {g for g, c in owned.items() if c >= 2 and g[1] != "paragraph"}
    if not wanted:
        return {}
    groups: dict[tuple, list[int]] = {}
    for j, s in enumerate(sections):
        if (s.parent, s.kind) in wanted:
            groups.setdefault((s.parent, s.kind), []).append(j)
    out = {}
    for k in strings:
        found = _components(doc, groups, owner, decs, list(decs[k].numbers), mentions[k][0], k)
        if found:
            out[k] = found
    return out


def _components(doc, groups, owner, decs, want, after, k) -> Optional[list[int]]:
    for secs in groups.values():
        seq = [(j, owner.get(j)) for j in secs if doc.sections[j].start >= after]
        for i in range(len(seq) - len(want) + 1):
            win = seq[i:i + len(want)]
            if all(q is not None and q != k and decs[q].shape in ("count", "word", "weiti")
                   and decs[q].numbers[0] == w for (_, q), w in zip(win, want)):
                return [q for _, q in win]
    return None
