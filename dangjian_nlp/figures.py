"""Measured quantities: value, unit, approximation, change, object and the slogan they back.

A figure is a number with a measure word (20所, 47400余份, 3万多个, 近万人), a percentage
(71.43%, 百分之九十) or a fraction (五分之一), in Arabic or Chinese numerals (SPEC §3).
The pipeline is a handful of small passes over the body of a `Document`:

1. `scan_span`: one regex (built from the unit and approximation lists in ``data/figures``)
   finds candidates; years, ordinals, ranks, durations, bare round numbers (百米, 千家万户)
   and small Chinese counts (两项, 三个一) are dropped, as is anything in page furniture, in
   a slogan, in a short quotation (“思政教育2分钟”) or in a 《title》. A range (3至5户) is one
   figure whose value is its upper bound; its text keeps both ends.
2. `merge_changes`: 由87%提高到100% becomes one figure with ``change_from``;
   `expand_shared_units`: 12、15、20所 gives three figures.
3. `attach_objects`: what is counted, from the words on either side (jieba parts of speech,
   from rjieba, and jieba.posseg's HMM for what the dictionary lacks),
   with the report-specific shapes handled first: 分别 lists, parenthesised parts of a total,
   shares (占…的15.94%), rates (覆盖率由…, 实现100%覆盖) and elliptical clauses (被立项27项).
4. `link_slogan`: the innermost slogan named in the heading that governs the figure (an
   inline head or a topic sentence counts), or named near it in its own sentence.

Offsets are normalized-text positions until the end, where `Document.raw_span` maps them.
"""
from __future__ import annotations

import bisect
import functools
import heapq
import itertools
import re
from dataclasses import dataclass, field
from typing import Optional

import regex

from .numerals import parse_number
from .records import Document, Figure, Slogan
from .resources import load_lines, load_table

# -- lexicon and pattern (built on first use) ---------------------------------------------

MULTIPLIERS = {"万亿": 10 ** 12, "千万": 10 ** 7, "百万": 10 ** 6, "十万": 10 ** 5,
               "亿": 10 ** 8, "万": 10 ** 4, "千": 10 ** 3}
NOT_FIGURES = {"duration", "age", "ordinal", "level"}  # unit kinds matched only to be dropped
SMALL_CN = set("零〇一二两三四五六七八九十")  # one of these alone counts parts, not things
BARE = "百千万亿"  # 百米, 千家万户 are names and idioms; 近万人, 万余人 are figures


def _optional(group: str, body: str) -> str:
    """An optional group, `group` its opening ("(?P<name>" or "(?:"), as (X|), not X?, which
    `re` runs as a repeat, costlier to enter at each of the many places a figure is tried:
    the same matches, tried in the same order (X first, then nothing)."""
    return f"(?:{group}{body})|)"


# bounded runs keep the scan linear on junk input (a page of 一一一一 or 0000)
_DECIMALS = _optional("(?:", r"\.\d{1,6}")
ARABIC = rf"\d{{1,3}}(?:,\d{{3}}){{1,4}}{_DECIMALS}|\d{{1,15}}{_DECIMALS}"
CN_NUMERALS = "零〇一二两三四五六七八九十百千万亿"  # the characters of a Chinese number
CHINESE = rf"[{CN_NUMERALS}]{{1,24}}" + _optional("(?:", "点[零〇一二三四五六七八九]{1,6}")  # 四十一点五


@functools.cache
def lexicon() -> dict:
    """Units (with their kind), approximation words and prefix lists from ``data/figures``."""
    approx = {"before": {}, "after": {}, "bare": {}}
    for word, side, value in load_table("figures/approx.tsv"):
        approx[side][word] = value
    number_prefixes = load_lines("figures/number_prefixes.txt")  # a tuple, as str.endswith takes
    return {
        "units": {u: k for u, k in load_table("figures/units.tsv")},
        "approx": approx,
        "number_prefixes": number_prefixes,
        # words a "unit" may open (人民, 个人), by first character: one dict look-up, not 73 tests a match
        "not_units_at": _by_first(load_lines("figures/not_units.txt")),
        "prefix_ends": frozenset(w[-1] for w in number_prefixes),
        "object_prefixes": tuple(sorted(load_lines("figures/object_prefixes.txt"), key=len, reverse=True)),
    }


def _by_first(words) -> dict[str, tuple[str, ...]]:
    """The words by first character, each group in the words' order."""
    out: dict[str, tuple[str, ...]] = {}
    for w in words:
        out[w[0]] = out.get(w[0], ()) + (w,)
    return out


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


def _first_char_alt(words) -> str:
    """`_alt` with the words grouped by first character (个(?:工作日|多月|), the one-character
    words in one class), behind a look-ahead for those first characters. The same matches:
    branches with another first character cannot match where these do and each group keeps
    the longest-first order. `re` tries its branches one by one: this way a failing position
    (most are: 一 of 统一) costs one class test, not 91 branches."""
    by_first = _by_first(sorted(words, key=len, reverse=True))
    groups = {ch: [w[1:] for w in group] for ch, group in by_first.items()}
    branches = [regex.escape(ch) + "(?:" + "|".join(map(regex.escape, rest)) + ")"
                for ch, rest in groups.items() if rest != [""]]
    singles = "".join(regex.escape(ch) for ch, rest in groups.items() if rest == [""])
    if singles:
        branches.append(f"[{singles}]")
    return f"(?=[{''.join(map(regex.escape, groups))}])(?:{'|'.join(branches)})"


# every decimal digit (what `re` takes \d for) lies in these code point ranges, and no Han
# character, CJK or fullwidth punctuation does (，（）！％: a report's commonest; a test
# checks every code point)
_DIGIT_SPANS = ((0x30, 0x39), (0x660, 0x1FFF), (0xA000, 0xABFF), (0xFF10, 0xFF19), (0x10000, 0x10FFFF))


def _compile_opening(source: str, flags: int = 0) -> "re.Pattern":
    """`re.compile(source, flags)` for a pattern that opens with a look-ahead for one class
    of characters, told that only those characters can open a match.

    `re` scans for such a class in a tight loop (its "charset prefix") only when the pattern
    consumes it; before a look-ahead it starts a full match attempt at every position. The
    compiled program is `re`'s own with that class put in its header, which changes where
    matching is tried, never what matches (no match can start elsewhere). It uses `re`'s
    internals: when they are not as expected, the plain compiled pattern."""
    try:
        import _sre
        try:
            from re import _compiler, _constants as sre, _parser
        except ImportError:  # Python 3.10 names them so
            import sre_compile as _compiler, sre_constants as sre, sre_parse as _parser

        p = _parser.parse(source, flags)
        op, av = p.data[0]
        if op is not sre.ASSERT or av[0] != 1 or len(av[1].data) != 1 or av[1].data[0][0] is not sre.IN:
            return re.compile(source, flags)
        flags = p.state.flags | flags
        code = _compiler._code(p, flags)
        # a header without a prefix of its own, for a pattern that cannot match empty (as
        # `re` itself asks: its class scan would find an empty match again and again)
        if code[0] is not sre.INFO or code[2] != 0 or code[3] < 1:
            return re.compile(source, flags)
        # \d by code point ranges, not by a Unicode-category look-up per character: a
        # superset is enough to say where matching is tried (the pattern tests \d itself)
        digits = [(sre.RANGE, span) for span in _DIGIT_SPANS]
        opening = [x for item in av[1].data[0][1]
                   for x in (digits if item == (sre.CATEGORY, sre.CATEGORY_DIGIT) else [item])]
        charset, hascased = _compiler._optimize_charset(opening)
        if hascased:
            return re.compile(source, flags)
        info = [sre.INFO, 0, sre.SRE_INFO_CHARSET, code[3], code[4]]  # same min and max width
        _compiler._compile_charset(charset, flags, info)
        info[1] = len(info) - 1
        indexgroup = [None] * p.state.groups
        for name, i in p.state.groupdict.items():
            indexgroup[i] = name
        return _sre.compile(source, flags, info + code[code[1] + 1:], p.state.groups - 1,
                            p.state.groupdict, tuple(indexgroup))
    except Exception:  # another Python's internals
        return re.compile(source, flags)


@functools.cache
def pattern() -> "re.Pattern":
    """The figure regex. Compiled with `re`, which, told by the lookahead which characters
    can open a match (`_compile_opening`), skips the rest of the text about three times as
    fast as `regex` scans it."""
    lex = lexicon()
    num = f"(?:{ARABIC}|{CHINESE})"
    units = _first_char_alt(lex["units"])
    mult = _first_char_alt(MULTIPLIERS)
    before_words = list(lex["approx"]["before"]) + list(lex["approx"]["bare"])
    before = _first_char_alt(before_words)
    after = _first_char_alt(lex["approx"]["after"])
    opening = "".join(sorted({w[0] for w in before_words} | set(CN_NUMERALS)))
    opt = _optional
    range_ = opt("(?:", opt("(?P<unit0>", f"%|{units}") + f"(?:至|到|~|～|-|—|－)(?P<num2>{num})"
                 + opt("(?P<mult2>", mult))
    return _compile_opening(rf"""
        (?=[\d{re.escape(opening)}])                  # a digit, a numeral or an approximation word
        (?=[\d{CN_NUMERALS}]|(?:{before})[\d{CN_NUMERALS}])  # a word only before a number (大力: no)
        (?<![0-9A-Za-z.@/_#%-])                         # not inside a code, URL, date or decimal
        {opt("(?P<pre>", before)}                          # 近 / 约 / 超过 …
        (?:
            百分之(?P<pct>{num})                         # 百分之九十
          | (?=[\d,.{CN_NUMERALS}点]+分之)   # (a number's characters, then 分之:
            (?P<den>{num})分之(?P<numer>{num})           #  no backtracking through 2020 of 2020年) 五分之一
          | (?P<num>{num}){opt("(?P<mult>", mult)}         # 143.83万, 四万
            {range_}                                     # a range: 3至5所, 20%-30%
            {opt("(?P<mid>", "余|多")}{opt("(?P<mult3>", mult)}  # 47400余份, 5000余万元
            [ \u3000]*                                   # 12 个
            (?P<unit>%|‰|{units})
        )
        {opt("(?P<post>", after)}                         # 80%以上, 3个左右
        """, re.VERBOSE)


# -- working record ---------------------------------------------------------------------

@dataclass(slots=True)  # tens of thousands per corpus: slots make them cheaper to build and read
class Candidate:
    """A figure while it is being built (normalized offsets)."""

    start: int
    end: int
    value: float
    unit: str
    approx: Optional[str] = None
    change_from: Optional[float] = None
    object: Optional[str] = None
    extra: dict = field(default_factory=dict)


def _tidy(x: float):
    x = round(float(x), 6)
    return int(x) if x.is_integer() else x


def read_match(m, text: str) -> Optional[Candidate]:
    """One regex match → Candidate, or None when the match is not a figure.

    >>> def one(s):
    ...     c = read_match(pattern().search(s), s)
    ...     return c and (c.value, c.unit, c.approx)
    >>> one("发送家长问卷47400余份"), one("受益群众近万人"), one("惠及3万多个家庭")
    ((47400, '份', 'over'), (10000, '人', 'nearly'), (30000, '个', 'over'))
    >>> one("占广西的五分之一"), one("及格率达百分之九十"), one("普惠率达到80%以上")
    ((0.2, 'ratio', None), (90, '%', None), (80, '%', 'over'))
    >>> one("投入1.2亿元"), one("每年集中100天时间"), one("两项任务"), one("百米长廊")
    ((120000000, '元', None), None, None, None)
    """
    lex = lexicon()
    r = _reading(m, m.groups(), lex)
    if r is None:
        return None
    if r is _SLOW:
        return _without_pre(m, text)
    return _placed(m.start(), m.end(), r, text, lex)


_SLOW = object()  # a reading that needs the text around the match (a leading 上 of 线上)


def _reading(m, g: tuple, lex: dict):
    """What a match says by itself: (value, unit, approx, not-unit words, unit offset), None
    when it is no figure, or _SLOW. The groups, and so this, depend only on the matched text
    (the look-aheads only skip what would fail anyway: none decides by the text past the
    match), which is what lets scan_span cache it.
    `g`: the match's groups by position (a tuple is cheaper than groupdict): pre, pct, den,
    numer, num, mult, unit0, num2, mult2, mid, mult3, unit, post."""
    pre, pct, den, numer, num, mult, _, num2, mult2, mid, mult3, unit, post = g
    approx = None
    if pct:
        value, unit, num = parse_number(pct), "%", pct
    elif den:
        whole, part = parse_number(den), parse_number(numer)
        if not whole or part is None:
            return None
        value, unit, num = part / whole, "ratio", numer
    else:
        if lex["units"].get(unit, "share") in NOT_FIGURES:
            return None
        if num2:  # a range keeps its upper bound; the text keeps both
            num, mult = num2, mult2
        # plain digits (most figures) are what parse_number would make of them, read directly
        value = int(num) if num.isascii() and num.isdigit() else parse_number(num)
        if value is not None:
            if mult:
                value *= MULTIPLIERS[mult]
            if mult3:
                value *= MULTIPLIERS[mult3]
        if mid:
            approx = "over"
    if value is None:
        return None
    value = _tidy(value)
    chinese = not num[0].isdigit()  # a number is all digits or all numerals
    bare = chinese and not num.strip(BARE)  # only BARE characters
    if pre:
        if pre in lex["approx"]["bare"] and not bare:
            return _SLOW
        approx = lex["approx"]["before"].get(pre) or lex["approx"]["bare"].get(pre)
    if post:
        approx = approx or lex["approx"]["after"][post]
    if chinese and not (pct or den):
        if bare and not (pre or mid):
            return None  # 百米史长廊, 千家万户, 亿元以上项目 (a threshold); but 近万人, 万余人
        if len(num) == 1 and num in SMALL_CN and not approx and not num2:
            return None  # 两项任务, 三个一, 一批: parts of a formulation, articles
    # g[11], group 12: the unit as matched (`unit` may be % or ratio by now, where it is None)
    words = lex["not_units_at"].get(g[11][0]) if g[11] else None
    return value, unit, approx, words, (m.start(12) - m.start()) if words else 0


def _placed(start: int, end: int, r: tuple, text: str, lex: dict) -> Optional[Candidate]:
    """A reading at text[start:end] → Candidate, unless the text around it says otherwise."""
    value, unit, approx, words, offset = r
    if words and text.startswith(words, start + offset):
        return None  # 六亿多人民, 十一次全会: the "unit" opens a word
    if (start and text[start - 1] in lex["prefix_ends"]
            and text[max(0, start - 2):start].endswith(lex["number_prefixes"])):
        return None
    return Candidate(start, end, value, unit, approx)


def _without_pre(m, text: str) -> Optional[Candidate]:
    """Re-read a match whose leading 上 belongs to the word before (线上3000人)."""
    m2 = pattern().match(text, m.start("pre") + len(m.group("pre")), m.end())
    return read_match(m2, text) if m2 else None


# -- where not to look ------------------------------------------------------------------

RE_SHIELD = re.compile(r"“[^“”\n]{1,15}”|《[^《》\n]{1,60}》|\"[^\"\n]{1,15}\"")


class Shields:
    """Spans whose numbers are names, not quantities: short quotes, titles, slogans.

    >>> sh = Shields([(5, 9), (0, 3)])
    >>> sh.overlaps(2, 4), sh.overlaps(3, 5), sh.overlaps(8, 12)
    (True, False, True)
    """

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        self.reach = list(itertools.accumulate((b for _, b in self.spans), max))  # furthest end so far

    def overlaps(self, s: int, e: int) -> bool:
        j = bisect.bisect_left(self.starts, e) - 1
        while j >= 0 and self.reach[j] > s:
            if self.spans[j][1] > s:
                return True
            j -= 1
        return False


def shielded_spans(text: str, start: int, end: int, mentions) -> Shields:
    spans = [m.span() for m in RE_SHIELD.finditer(text, start, end)]
    spans.extend((s, e) for s, e, _ in mentions)
    return Shields(spans)


def scan_span(text: str, start: int, end: int, mentions=()) -> list[Candidate]:
    """Figure candidates in text[start:end], in order (normalized offsets).

    >>> s = "设置42项指标,开展“思政教育2分钟”活动,2020年出台《22项制度》"
    >>> [s[c.start:c.end] for c in scan_span(s, 0, len(s))]
    ['42项']
    """
    shields = shielded_spans(text, start, end, mentions)
    lex = lexicon()
    # `_placed` and `Shields.overlaps` written out: this loop runs for every figure
    prefix_ends, number_prefixes = lex["prefix_ends"], lex["number_prefixes"]
    starts, reach, bisect_left = shields.starts, shields.reach, bisect.bisect_left
    shapes = _SHAPES
    get = shapes.get
    out = []
    append = out.append
    for m in pattern().finditer(text, start, end):
        # most matched texts recur (2020年, 两项, 100%): each is read once per process
        s = m.group()
        r = get(s, _SLOW)
        if r is None:
            continue
        if r is _SLOW:
            if s not in shapes:
                if len(shapes) >= 1 << 16:
                    shapes.clear()  # bounded on an endless archive
                r = shapes[s] = _reading(m, m.groups(), lex)
            if r is None:
                continue
            if r is _SLOW:
                c = _without_pre(m, text)
                if c is not None and not shields.overlaps(c.start, c.end):
                    append(c)
                continue
        a, b = m.span()
        value, unit, approx, words, offset = r
        if words and text.startswith(words, a + offset):
            continue  # 六亿多人民, 十一次全会: the "unit" opens a word
        if a and text[a - 1] in prefix_ends and text[max(0, a - 2):a].endswith(number_prefixes):
            continue
        k = bisect_left(starts, b)  # the shields starting before the end: one reaches past a?
        if k and reach[k - 1] > a:
            continue
        append(Candidate(a, b, value, unit, approx))
    return out


_SHAPES: dict = {}  # matched text → its _reading


def scan_text(text: str) -> list[Candidate]:
    """Candidates in a bare string (no page furniture to skip)."""
    return scan_span(text, 0, len(text))


# -- lists sharing one unit: 分别有12、15、20所 ------------------------------------------------

RE_BARE_LIST = regex.compile(rf"(?<![0-9A-Za-z.第])(?:(?:{ARABIC})(?:、|和|及))+$")
RE_BARE = regex.compile(ARABIC)


_LIST_WORDS = "、和及"  # what RE_BARE_LIST ends with (before a final line break, if any)


def expand_shared_units(text: str, cands: list[Candidate], lo: int = 0) -> list[Candidate]:
    """Bare numbers listed before a figure share its unit: 12、15、20所 → three figures.

    >>> s = "三个片区分别有12、15、20所学校"
    >>> [(s[c.start:c.end], c.value, c.unit) for c in expand_shared_units(s, scan_text(s))]
    [('12', 12, '所'), ('15', 15, '所'), ('20所', 20, '所')]
    """
    out: list[Candidate] = []
    for c in cands:
        p = c.start
        # the list must end right before the figure (or before a final line break): most
        # figures follow no list word
        if (c.change_from is not None or not p or text[p - 1] not in _LIST_WORDS
                and not (text[p - 1] == "\n" and p > 1 and text[p - 2] in _LIST_WORDS)):
            out.append(c)
            continue
        floor = max(lo, out[-1].end if out else lo, c.start - 60)
        m = RE_BARE_LIST.search(text, floor, c.start)
        if m:
            for b in RE_BARE.finditer(text, m.start(), m.end()):
                v = parse_number(b.group())
                if v is not None:
                    out.append(Candidate(b.start(), b.end(), v, c.unit, c.approx, extra={"shared": True}))
        out.append(c)
    return out


# -- changes: 由87%提高到100% ---------------------------------------------------------------

@functools.cache
def words(role: str) -> list[str]:
    """Words of one role in ``figures/verbs.tsv``, longest first."""
    return sorted((w for w, r in load_table("figures/verbs.tsv") if r == role), key=len, reverse=True)


@functools.cache
def change_patterns() -> dict:
    """Regexes for changes (由A提高到B), link words and growth clauses, from ``verbs.tsv``."""
    change = _alt(words("change"))
    base = _alt(words("baseline"))
    return {
        # between the two values: 提高到, 增加到2002年的
        "change": regex.compile(rf"(?:的)?(?:{change})了?(?:到|至|为)(?:[^,;。、]{{0,8}}?)?"),
        # before the first: 由, 从上年, 由1997年的
        "from": regex.compile(r"[由从](?:[^,;。、由从]{0,8}?的?)?$"),
        # verbs and adverbs between a rate and its value: 覆盖率(均)达到 80%
        "link_tail": regex.compile(rf"(?:{_alt(words('adverb'))})*(?:{_alt(words('link'))})?\s*$"),
        "link_head": regex.compile(rf"^(?:{_alt(words('lead'))})"),
        # inside a subject: (今年)(预计)(将)比上年(同期) before its change verb
        "baseline_phrase": regex.compile(
            rf"(?<=.)(?:今年|明年)?(?:预计)?将?[比较](?:{base}|\d{{4}}年|[〇零一二三四五六七八九]{{4}}年)(?:同期|底|末)?"
            rf"(?=(?:平均)?(?:每年)?(?:{change}))"),
        # 同比增长7.2%, 比2020年提高: a change of the value named before
        "growth": regex.compile(rf"^(?:{_alt(words('comparison'))}|[比较](?:{base}|\d{{4}}年(?:底|末)?)(?:同期)?)?"
                                rf"(?:{change})了?$"),
    }


def merge_changes(text: str, cands: list[Candidate]) -> list[Candidate]:
    """由A变到B → one figure B with change_from A, its text the whole span.

    >>> s = "覆盖率由87%提高到100%,"
    >>> [(c.value, c.change_from, s[c.start:c.end]) for c in merge_changes(s, scan_text(s))]
    [(100, 87, '由87%提高到100%')]
    >>> s = "装机容量由1997年的2.54亿千瓦增加到2002年的3.53亿千瓦"
    >>> [(c.value, c.change_from, s[c.start:c.end]) for c in merge_changes(s, scan_text(s))]
    [(353000000, 254000000, '由1997年的2.54亿千瓦增加到2002年的3.53亿千瓦')]
    """
    out: list[Candidate] = []
    pats = change_patterns()
    change, from_ = pats["change"].fullmatch, pats["from"].search
    i, n = 0, len(cands)
    while i < n:
        a = cands[i]
        b = cands[i + 1] if i + 1 < n else None
        # the cheap tests first: most neighbours differ in unit or have no change verb between
        if (b is not None and a.unit == b.unit and change(text, a.end, b.start)
                and (opening := from_(text, max(0, a.start - 10), a.start))):
            b.start, b.change_from = opening.start(), a.value
            b.unit = b.unit or a.unit
            out.append(b)
            i += 2
            continue
        out.append(a)
        i += 1
    return out


# -- objects: what is counted -----------------------------------------------------------

BOUNDARY = ",;。!?:、()\n"
LIST_BOUNDARY = BOUNDARY.replace("、", "")  # a clause that may list its parts: 书记、校长
SENTENCE_END = "。!?;\n"
SHARES = {"%", "‰", "ratio", "个百分点", "百分点", "倍"}
NOUNISH = {"vn", "an", "j", "b", "a", "l", "s", "t", "nq", "eng", "i", "z"}
RE_QUOTED = regex.compile(r"“([^“”]{1,12})”|\"([^\"]{1,12})\"")
RE_YEAR_HEAD = regex.compile(
    r"^(?:\d{4}年(?:度)?|[一二两三四五六七八九十\d]+年(?:内|来)|今年|去年|上半年|下半年|近年来|目前|当前)+")
QUOTES = str.maketrans("", "", "“”‘’\"《》")  # deleted from objects


def _link_tail():
    return change_patterns()["link_tail"]


@functools.cache
def _tail_ends() -> frozenset:
    """Last characters of the adverbs and link verbs: a clause ending otherwise has no tail."""
    return frozenset(w[-1] for w in words("adverb") + words("link"))


@functools.lru_cache(maxsize=1 << 15)  # a pure function of a clause that recurs
def strip_link_tail(s: str) -> str:
    """`s` without its trailing adverbs and link verb: 覆盖率均达到 → 覆盖率.

    >>> strip_link_tail("覆盖率均达到"), strip_link_tail("全县建成"), strip_link_tail("发送家长问卷")
    ('覆盖率', '全县建成', '发送家长问卷')
    """
    if s and (s[-1] in _tail_ends() or s[-1].isspace()):
        return _link_tail().sub("", s)
    return s  # the regex would scan every position only to find the empty tail


@functools.cache
def _jieba() -> tuple:
    """The private rjieba tokenizer with the report-register words of ``figures/pos.tsv``
    (组织 is a noun here, 汇总 a verb), and those words' tags. Built on first use, once per
    process (a module-level cache: nothing that is pickled holds it), apart from the
    process-wide jieba state."""
    import rjieba

    jb = rjieba.Jieba()
    tags = {}
    for word, flag in load_table("figures/pos.tsv"):
        if flag == "split":
            jb.add_word(word, 0, None)  # 开展调研 is a verb and its object, not one noun
        else:
            jb.add_word(word, None, flag)
            tags[word] = flag  # add_word keeps a known word's dictionary tag: ours wins later
    _pos_hmm()  # every report needs it too: built now, it is in the pages a fork server shares
    # rjieba's tag() sets something up the first time it meets some words (seen: ~17 ms at
    # 叙州区; cut() and most words do not): paid here, so that forked workers start past it
    jb.tag("叙州区地处川南", True)
    return jb, tags


RE_HAN = re.compile(r"[\u4e00-\u9fd5]+")  # the characters jieba's HMMs are trained on


class _PosHMM:
    """jieba.posseg's part-of-speech HMM (its own model files), with a Viterbi over numpy
    arrays: the same sums ((V + trans) + emit, a missing emission -3.14e100, a missing
    transition -inf) and the same choices (on a tie the greater state, as ``max((p, y))``
    picks), without the dictionary that importing jieba.posseg loads."""

    MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi.MIN_FLOAT

    def __init__(self):
        import importlib.util
        import os
        import pickle

        import numpy as np

        folder = os.path.join(importlib.util.find_spec("jieba").submodule_search_locations[0], "posseg")

        def load(name):
            with open(os.path.join(folder, name + ".p"), "rb") as fh:  # jieba's pickled model
                return pickle.load(fh)

        start, trans, emit = load("prob_start"), load("prob_trans"), load("prob_emit")
        self.char_states = load("char_state_tab")
        self.np = np
        # greatest state first: argmax takes the first of equal scores
        self.states = sorted(trans, reverse=True)
        self.index = {y: i for i, y in enumerate(self.states)}
        n = len(self.states)
        self.start = np.array([start[y] for y in self.states])
        self.trans = np.full((n, n), -np.inf)
        for y0, row in trans.items():
            for y, p in row.items():
                self.trans[self.index[y0], self.index[y]] = p
        self.emitted: dict[str, tuple[list, list]] = {}  # character → (states, scores) that emit it
        for y, row in emit.items():
            for ch, p in row.items():
                states, scores = self.emitted.setdefault(ch, ([], []))
                states.append(self.index[y])
                scores.append(p)
        self.follows = np.isfinite(self.trans)  # the transitions the model has
        self.goes_on = self.follows.any(axis=1)
        self.all_states = np.arange(n)
        self.char = functools.lru_cache(maxsize=1 << 13)(self._char)

    def _char(self, ch: str):
        """(the states one character may take, ascending, as an index array; its emission
        scores in them; which of them have a successor)."""
        allowed = self.char_states.get(ch)
        cols = self.all_states if allowed is None else self.np.array(sorted(self.index[y] for y in allowed))
        return cols, self._emit(ch)[cols], self.goes_on[cols]

    def _emit(self, ch: str):
        """Emission scores of one character in every state (MIN_FLOAT where it has none)."""
        emit = self.np.full(len(self.states), self.MIN_FLOAT)
        states, scores = self.emitted.get(ch, ((), ()))
        emit[list(states)] = scores
        return emit

    def route(self, run: str) -> list[tuple[str, str]]:
        """The best (position, tag) state of each character (``jieba.posseg.viterbi``).
        Scores are kept only for the states a character may take (about 30 of 256): a few
        small array operations per character, not a dozen over every state.
        No walk meets a dead end (states that all have no successor): each character may
        take a state with one, and each such state has a successor with one (a test checks
        the model)."""
        np = self.np
        trans = self.trans
        cols, emit, live = self.char(run[0])
        v = self.start[cols] + emit
        back = []
        for ch in run[1:-1]:
            prev, vp = cols[live], v[live]
            cols, emit, live = self.char(ch)
            scores = (vp[:, None] + trans[prev[:, None], cols]) + emit
            v = scores.max(axis=0)
            ptr = prev[scores.argmax(axis=0)]  # the first of equal scores: the greatest state
            # a missing transition scores -inf (the others are finite): a state reached by none
            # does not follow
            expected = v != -np.inf
            if not expected.all():
                if expected.any():
                    cols, v, ptr, live = cols[expected], v[expected], ptr[expected], live[expected]
                else:
                    cols, v, ptr = self._unexpected(ch, prev, vp)
                    live = self.goes_on[cols]
            back.append((cols, ptr))
        if len(run) == 1:
            route = [cols[v.argmax()]]
        else:
            # the last character: only the best pair matters, found by one argmax over the
            # scores by state, then by predecessor (the first of equal scores, as above)
            prev, vp = cols[live], v[live]
            cols, emit, _ = self.char(run[-1])
            scores = (vp + trans[prev, cols[:, None]]) + emit[:, None]
            k = scores.argmax()
            if scores.flat[k] != -np.inf:
                route = [cols[k // len(prev)], prev[k % len(prev)]]
            else:
                cols, v, ptr = self._unexpected(run[-1], prev, vp)
                k = v.argmax()
                route = [cols[k], ptr[k]]
        for cols, ptr in reversed(back):
            route.append(ptr[np.searchsorted(cols, route[-1])])
        return [self.states[i] for i in reversed(route)]

    def _unexpected(self, ch: str, prev, vp):
        """(states, scores, best predecessors) of a character none of whose states follows
        from `prev`: every state that does."""
        np = self.np
        cols = np.flatnonzero(self.follows[prev].any(axis=0))
        scores = (vp[:, None] + self.trans[prev[:, None], cols]) + self._emit(ch)[cols]
        return cols, scores.max(axis=0), prev[scores.argmax(axis=0)]


@functools.cache
def _pos_hmm() -> _PosHMM:
    return _PosHMM()


@functools.lru_cache(maxsize=1 << 14)
def _hmm_words(run: str) -> tuple[tuple[str, str], ...]:
    """jieba.posseg's cut of a run of Han characters the dictionary has no word for: its
    part-of-speech HMM segments and tags the run at once (``POSTokenizer.__cut``)."""
    route = _pos_hmm().route(run)
    out, begin, nexti = [], 0, 0
    for i, (pos, flag) in enumerate(route):
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append((run[begin:i + 1], flag))
            nexti = i + 1
        elif pos == "S":
            out.append((run[i], flag))
            nexti = i + 1
    if nexti < len(run):
        out.append((run[nexti:], route[nexti][1]))
    return tuple(out)


def _cut(s: str) -> list[tuple[str, str]]:
    """(word, flag) pairs, blank words left out: rjieba's, and jieba.posseg's where the
    dictionary has no word.

    rjieba segments as jieba does and tags dictionary words from the dictionary. A run of
    Han characters the dictionary has no word for (single characters, and the words
    rjieba's segmentation HMM made of them) is what jieba.posseg hands to its
    part-of-speech HMM, which segments it again and tags it (县被 is 县/n 被/p, where the
    dictionary says 县/zg): those runs go to that HMM, so objects stay as they were.
    The words of ``figures/pos.tsv`` take their tags from there: only their pairs are
    rebuilt (fewer objects made at each new window, which a fresh process tags by thousands).
    """
    jb, tags = _jieba()
    has_word, han = jb.has_word, RE_HAN.fullmatch
    out: list[tuple[str, str]] = []
    append = out.append
    run: list[tuple[str, str]] = []
    for p in jb.tag(s, True):
        w = p[0]
        # a single character is tested by range (RE_HAN's), cheaper than the regex
        if "\u4e00" <= w <= "\u9fd5" if len(w) == 1 else not has_word(w) and han(w):
            run.append(p)
            continue
        if run:
            _flush(run, out, has_word, tags)
            run = []
        if w in tags:
            append((w, tags[w]))
        elif w.strip():  # a blank is left out, but it still ends a run
            append(p)
    if run:
        _flush(run, out, has_word, tags)
    return out


def _flush(run: list, out: list, has_word, tags: dict) -> None:
    """A run of Han words goes to the part-of-speech HMM unless it is one dictionary word."""
    text = "".join([w for w, _ in run])
    if len(text) > 1 and not has_word(text):
        run = _hmm_words(text)
    for p in run:
        out.append((p[0], tags[p[0]]) if p[0] in tags else p)


@functools.lru_cache(maxsize=1 << 16)
def tag(s: str) -> tuple[tuple[str, str], ...]:
    """(word, flag) pairs; a short quoted name is one noun token ('nq').

    >>> tag("中小学校“六好”支部")[-2:]
    (('六好', 'nq'), ('支部', 'n'))
    """
    if "“" not in s and '"' not in s:  # no quotation for RE_QUOTED to find (most windows)
        return tuple(_cut(s))
    out: list[tuple[str, str]] = []
    pos = 0
    for m in RE_QUOTED.finditer(s):
        out.extend(_cut(s[pos:m.start()]))
        out.append((m.group(1) or m.group(2), "nq"))
        pos = m.end()
    out.extend(_cut(s[pos:]))
    return tuple(out)


def _nounish(word: str, flag: str) -> bool:
    return flag.startswith("n") or flag in NOUNISH


@functools.lru_cache(maxsize=1 << 15)  # a pure function of a short string that recurs
def clean_object(s: Optional[str]) -> Optional[str]:
    """Drop quotes, leading scope words (全市, 累计), years; None when nothing is left.

    >>> clean_object("全市中小学校“六好”支部"), clean_object("2019年学生体质健康及格率"), clean_object("共")
    ('中小学校六好支部', '学生体质健康及格率', None)
    """
    if not s:
        return None
    s = s.translate(QUOTES).strip(" ,、的")
    changed = True
    while changed and s:
        changed = False
        m = RE_YEAR_HEAD.match(s)
        if m and m.end() < len(s):
            s, changed = s[m.end():], True
        prefixes = lexicon()["object_prefixes"]
        for p in prefixes if s.startswith(prefixes) else ():
            if s.startswith(p) and len(s) > len(p):
                s, changed = s[len(p):], True
                break
    if not s or s in lexicon()["object_prefixes"]:
        return None
    if len(s) > 20:  # keep the head noun at the end; cut at a word boundary
        toks = list(tag(s))
        while toks and sum(len(w) for w, _ in toks) > 20:
            toks.pop(0)
        s = "".join(w for w, _ in toks) or s[-20:]
    return s


@functools.lru_cache(maxsize=1 << 15)  # a pure function of a short string that recurs
def noun_before(window: str) -> Optional[str]:
    """The noun phrase that ends a clause: 发送家长问卷 → 家长问卷.

    >>> noun_before("全区现有党员教师"), noun_before("党员教师牵头开发延时服务课程"), noun_before("被立项")
    ('党员教师', '延时服务课程', None)
    """
    toks = tag(window)
    i = len(toks)
    while i > 0 and _nounish(*toks[i - 1]):
        i -= 1
    if i > 0 and toks[i - 1][0] == "被":
        return None  # 被立项: a passive verb, whatever jieba calls it
    return clean_object("".join(w for w, _ in toks[i:]))


@functools.lru_cache(maxsize=1 << 15)  # a pure function of a short string that recurs
def noun_after(window: str) -> Optional[str]:
    """The noun phrase a count governs: 80家|民办幼儿园, 26项|必须经…研究的|重大事项.

    >>> noun_after("民办幼儿园"), noun_after("情形的组织"), noun_after("必须经学校党组织前置研究的重大事项")
    ('民办幼儿园', '情形', '重大事项')
    >>> noun_after("辅导机构派驻党组织书记和党建工作指导员"), noun_after("案例代表天津参加"), noun_after("被评为")
    ('辅导机构', '案例', None)
    """
    toks = tag(window)
    if not toks:
        return None
    start = 0
    if not _nounish(*toks[0]):
        de = next((i for i, (w, _) in enumerate(toks) if w == "的"), None)
        if de is None:
            return None
        start = de + 1  # a relative clause: the counted noun follows 的
    out = []
    for i in range(start, len(toks)):
        w, f = toks[i]
        if not _nounish(w, f):
            break
        out.append(w)
    return clean_object("".join(out))


def _clause_start(text: str, pos: int, floor: int, boundary: str = BOUNDARY) -> int:
    """Start of the clause ending at `pos`, at most 40 characters back (never walks further)."""
    stop = max(floor, pos - 40)
    if stop >= pos:
        return pos
    return _run_back(boundary).match(text, stop, pos).start()  # the walk back, as one reverse match


def _clause_end(text: str, pos: int, ceiling: int) -> int:
    """End of the clause starting at `pos`, at most 40 characters on (never walks further)."""
    stop = min(ceiling, pos + 40)
    if stop <= pos:
        return pos
    return _RUN_ON.match(text, pos, stop).end()


@functools.cache
def _run_back(boundary: str) -> "regex.Pattern":
    """The reverse regex of a run without the `boundary` characters."""
    return regex.compile(f"(?r)[^{regex.escape(boundary)}]*")


_RUN_ON = re.compile(f"[^{re.escape(BOUNDARY)}]*")


_END_CODES = [ord(ch) for ch in SENTENCE_END]


class Sentences:
    """Sentence bounds by bisecting the positions of sentence ends, found once per text
    (walking out from each figure made a long unpunctuated text quadratic).

    >>> Sentences("甲乙。丙丁;戊").bounds(3, 0, 7), Sentences("甲乙。丙丁").bounds(2, 0, 5)
    ((3, 5), (0, 2))
    """

    def __init__(self, text: str):
        import numpy as np

        # one vectorised pass over the code points: a few times faster than a regex finditer
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        hit = codes == _END_CODES[0]
        for code in _END_CODES[1:]:
            hit |= codes == code
        self.ends = np.flatnonzero(hit).tolist()
        self.size = len(text)

    def bounds(self, pos: int, lo: int = 0, hi: Optional[int] = None) -> tuple[int, int]:
        """(start, end) of the sentence holding `pos`, clipped to [lo, hi]."""
        hi = self.size if hi is None else hi
        ends = self.ends
        k = bisect.bisect_left(ends, pos)  # ends[k - 1] < pos <= ends[k]
        s = max(lo, ends[k - 1] + 1 if k else lo) if pos > lo else pos
        e = min(hi, ends[k] if k < len(ends) else hi) if pos < hi else pos
        return s, e


def sentence_bounds(text: str, pos: int, lo: int = 0, hi: Optional[int] = None) -> tuple[int, int]:
    """(start, end) of the sentence holding `pos` (ends: 。!?; and line breaks).

    >>> sentence_bounds("甲乙。丙丁;戊", 3), sentence_bounds("甲乙。丙丁;戊", 6, 0, 7)
    ((3, 5), (6, 7))
    """
    hi = len(text) if hi is None else hi
    s = pos
    while s > lo and text[s - 1] not in SENTENCE_END:
        s -= 1
    e = pos
    while e < hi and text[e] not in SENTENCE_END:
        e += 1
    return s, e


def share_object(text: str, c: Candidate, lo: int, hi: int, prev: Optional[Candidate]) -> Optional[str]:
    """What a percentage or ratio measures: the rate before it, A占B, or N%覆盖 → 覆盖率.

    >>> def obj(s):
    ...     cs = merge_changes(s, scan_text(s))
    ...     if len(cs) > 1:
    ...         cs[-2].object = share_object(s, cs[-2], 0, len(s), None)
    ...     return share_object(s, cs[-1], 0, len(s), cs[-2] if len(cs) > 1 else None)
    >>> obj("全县公办园覆盖率由87%提高到100%"), obj("其中党员教师占75%以上"), obj("占全区优秀案例的15.94%")
    ('公办园覆盖率', '党员教师占比', '占全区优秀案例')
    >>> obj("实现党的组织100%全覆盖"), obj("及格率为93.1%,同比增长7.2%")
    ('党的组织覆盖率', '及格率同比增长')
    >>> obj("社会消费品零售额今年预计将比去年增长9%")
    '社会消费品零售额增长'

    """
    floor = prev.end if prev is not None and prev.end > lo else lo
    # a rate's subject may list its parts: 党组织书记、校长分设比例
    w = text[_clause_start(text, c.start, floor, LIST_BOUNDARY):c.start]
    w = strip_link_tail(w)
    if "占" in w:
        a, _, b = w.rpartition("占")
        a = clean_object(noun_before(a)) if a else None
        b = b.translate(QUOTES).strip(" 的") or None  # keep its scope: 占全区…的
        if b:
            return (a or "") + "占" + b
        return (a + "占比") if a else None
    # the clause after matters only when it opens with 的 (a boundary character never does)
    if c.end < hi and text.startswith("的", c.end):
        after = text[c.end:_clause_end(text, c.end, hi)]
        if obj := noun_after(after[1:]):
            return obj  # 有百分之二十四的国营企业
    subject = _rate_subject(w)
    after = text[c.end:min(hi, c.end + 4)]
    if subject and after.lstrip("的").startswith(("覆盖", "全覆盖")) and not subject.endswith("率"):
        subject += "覆盖率"
    if subject and _is_growth(subject):
        if (prev is not None and prev.object and not prev.object.endswith(subject)
                and text.find("。", prev.end, c.start) < 0):
            return prev.object + subject  # 同比增长7.2%: the growth of the previous rate
    return subject


@functools.lru_cache(maxsize=1 << 15)  # a pure function of a clause that recurs
def _rate_subject(w: str) -> Optional[str]:
    """The subject of a rate's clause (its link words gone), without its baseline."""
    subject = clean_object(change_patterns()["link_head"].sub("", w))
    if subject:  # 零售额今年预计将比去年增长 → 零售额增长: the baseline is not what is measured
        trimmed = change_patterns()["baseline_phrase"].sub("", subject)
        subject = trimmed if trimmed and not _is_growth(trimmed) else subject
    return subject


@functools.lru_cache(maxsize=1 << 15)
def _is_growth(s: str) -> bool:
    """同比增长, 比上年增加: a change of the value named before."""
    return change_patterns()["growth"].match(s) is not None


def count_object(text: str, c: Candidate, lo: int, hi: int, prev: Optional[Candidate],
                 nxt: Optional[Candidate]) -> Optional[str]:
    """What a count counts: the noun after it, else the noun before it, else the clause."""
    ceiling = nxt.start if nxt is not None and nxt.start < hi else hi
    after = text[c.end:_clause_end(text, c.end, ceiling)]
    obj = noun_after(after) if after else None
    if obj:
        return _with_parenthesis(text, c.end + len(after), obj)
    floor = prev.end if prev is not None and prev.end > lo else lo
    before = text[_clause_start(text, c.start, floor):c.start]
    before = strip_link_tail(before)
    obj = noun_before(before)  # 国家高新技术企业|达到|1.2万家
    if obj:
        return obj
    growth = clean_object(before)
    if growth and _is_growth(growth):
        if prev is not None and prev.object and not prev.object.endswith(growth) and c.start - prev.end <= 20:
            return prev.object + growth  # 支出1万亿元,比上年增加1839亿元
        return None
    # an elliptical clause borrows the previous figure's object: the tests on that figure
    # first, so that a clause with no such figure is not tagged again
    if (prev is not None and prev.object and c.start - prev.end <= 20
            and text.find("。", prev.end, c.start) < 0):
        verb = clean_object(before.lstrip("被并又再"))
        if verb and not before.startswith("被") and not all(f[0] in "vdp" for _, f in tag(verb)):
            verb = None
        if verb and len(verb) >= 2 and not _link_tail().fullmatch(verb):
            return verb + prev.object  # 上报课题92项,被立项27项: 立项 + 课题
    subject = _subject_of_verb(before)
    if subject:
        return subject  # 高新技术企业|净增|700家
    pred = clean_object(after.replace("了", ""))
    return pred if pred and len(pred) <= 16 else None


@functools.lru_cache(maxsize=1 << 15)  # a pure function of a clause that recurs
def _subject_of_verb(window: str) -> Optional[str]:
    """The noun phrase before the last one or two verbs of a clause: 企业|净增 → 企业.

    >>> _subject_of_verb("高新技术企业净增"), _subject_of_verb("被立项")
    ('高新技术企业', None)
    """
    toks = list(tag(window))
    for _ in range(2):
        if not toks or not toks[-1][1].startswith("v"):
            break
        toks.pop()
        obj = noun_before("".join(w for w, _ in toks)) if toks else None
        if obj:
            return obj
    return None


def _with_parenthesis(text: str, pos: int, obj: str) -> str:
    """1个中心(全县特教资源中心): the parenthesis names the counted thing more fully."""
    if text.startswith("(", pos):
        close = text.find(")", pos, pos + 30)
        inner = clean_object(text[pos + 1:close]) if close > 0 else None
        if inner and inner.endswith(obj):
            return inner
    return obj


RE_SPLIT = regex.compile(r"、|和|与|及|以及")
RE_QUOTES_ONLY = regex.compile(r"“([^“”]+)”")
RE_COMPLEMENT = regex.compile(r"(占|为|达到|达)(.+)$")


def distribute(text: str, group: list[Candidate], lo: int) -> None:
    """A、B分别(占C和D的)x和y: give each value its own subject (and complement).

    >>> s = "“国检”“区检”通过率分别达71.43%、100%"
    >>> cs = scan_text(s); distribute(s, cs, 0); [c.object for c in cs]
    ['国检通过率', '区检通过率']
    """
    first = group[0]
    i = first.start
    while i > max(lo, first.start - 60) and text[i - 1] not in ",;。!?:\n":
        i -= 1  # the subject list itself holds 、
    w = text[i:first.start]
    if "分别" not in w:
        return
    subj, _, comp = w.rpartition("分别")
    k = len(group)
    quoted = [m.group(1) for m in RE_QUOTES_ONLY.finditer(subj)]
    if len(quoted) == k:
        tail = subj[subj.rfind("”") + 1:]
        items = [q + tail for q in quoted]
    else:
        items = [x for x in RE_SPLIT.split(subj) if x]
        items = _share_tail(items)
    if len(items) != k:
        return
    comps = [""] * k
    m = RE_COMPLEMENT.match(comp)
    if m:
        parts = [x for x in RE_SPLIT.split(m.group(2).rstrip("的")) if x]
        if len(parts) == k and m.group(1) == "占":
            comps = ["占" + p for p in parts]
    for c, item, cp in zip(group, items, comps):
        obj = clean_object(item)
        if obj:
            c.object = obj + (clean_object(cp) or "")


def _share_tail(items: list[str]) -> list[str]:
    """一产、二产、三产增加值 → each item gets the noun the last one carries (增加值)."""
    if len(items) < 2 or len({len(x) for x in items[:-1]}) != 1:
        return items
    n, last = len(items[0]), items[-1]
    bounds, pos = set(), 0
    for w, _ in tag(last):
        pos += len(w)
        bounds.add(pos)
    if len(last) - n < 2 or n not in bounds:
        return items  # 师生人数、教师员人数: not parallel heads with one shared noun
    return [x + last[n:] for x in items[:-1]] + [last]


def _groups(text: str, cands: list[Candidate]) -> list[list[Candidate]]:
    """Runs of figures joined only by 、/和/及 (x、y and z)."""
    groups: list[list[Candidate]] = []
    for c in cands:
        # only a one-character gap can join (slicing every gap copied whole paragraphs)
        if groups and c.start - groups[-1][-1].end == 1 and text[c.start - 1] in "、和及与,":
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups


def attach_objects(doc: Document, cands: list[Candidate]) -> None:
    """Fill `object` for each candidate in place."""
    text = doc.text
    lo, hi = doc.body_start, doc.body_end or len(text)
    for i, c in enumerate(cands):
        prev = cands[i - 1] if i else None
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if c.unit in SHARES:
            c.object = share_object(text, c, lo, hi, prev)
        else:
            c.object = count_object(text, c, lo, hi, prev, nxt)
        # 中小学校2211所(公办1764所、民办447所): a part inherits the total's noun
        if prev is not None and prev.object and c.object and len(c.object) <= 4:
            opening = text.rfind("(", prev.end, c.start)
            if opening == prev.end and not c.object.endswith(prev.object[-2:]):
                c.object = c.object + prev.object
            elif (opening < 0 and prev.extra.get("part_of") and text.startswith(("、", "和"), prev.end)
                  and ")" not in text[prev.end:c.start]):
                c.extra["part_of"] = prev.extra["part_of"]
                c.object = c.object + prev.extra["part_of"]
            if opening == prev.end:
                c.extra["part_of"] = prev.object
    for c, nxt in zip(cands, cands[1:]):
        if c.object is None and nxt.start == c.end:
            c.object = nxt.object  # 3类26项…重大事项: both count the same thing
    for g in _groups(text, cands):
        if len(g) > 1:
            distribute(text, g, lo)


# -- slogans: which mechanism a figure backs --------------------------------------------

def slogan_mentions(doc: Document, slogans: list[Slogan]) -> list[tuple[int, int, int]]:
    """(start, end, slogan index) of every mention in the body, longest slogan first on overlap."""
    text = doc.text
    lo, hi = doc.body_start, doc.body_end or len(text)
    found: list[tuple[int, int, int]] = []
    taken = bytearray(max(0, hi - lo))  # 1 where an accepted mention already lies
    order = sorted(range(len(slogans)), key=lambda i: -len(slogans[i].text or ""))
    where = _occurrences(text, lo, hi, {t for s in slogans if (t := s.text) and len(t) >= 2})
    for i in order:
        t = slogans[i].text
        if not t or len(t) < 2:
            continue
        blank = bytes(len(t))
        for pos in where[t]:
            end = pos + len(t)
            glued = (t[0].isdigit() and pos > 0 and (text[pos - 1].isdigit() or text[pos - 1] == ".")
                     or t[-1].isdigit() and end < len(text) and (text[end].isdigit() or text[end] == "."))
            if not glued and taken[pos - lo:end - lo] == blank:  # overlaps no earlier mention
                found.append((pos, end, i))  # "315" names a slogan, not the 315 of 3150亿元
                taken[pos - lo:end - lo] = b"\x01" * len(t)
    return sorted(found)


def _find_all(text: str, lo: int, hi: int, word: str) -> list[int]:
    """The start of every occurrence of `word` in text[lo:hi], overlapping ones too."""
    out = []
    pos = text.find(word, lo, hi)
    while pos >= 0:
        out.append(pos)
        pos = text.find(word, pos + 1, hi)
    return out


_FEW_WORDS = 6  # up to this many words, a find scan each costs less than compiling a pattern


def _occurrences(text: str, lo: int, hi: int, words: set[str]) -> dict[str, list[int]]:
    """`_find_all` of each word: one regex scan for where any of them starts, not one scan
    of the body per word (a report names a dozen slogans; the scans were most of the cost)."""
    if len(words) <= _FEW_WORDS:
        return {w: _find_all(text, lo, hi, w) for w in words}
    where: dict[str, list[int]] = {w: [] for w in words}
    ordered = sorted(words)
    by_first = _by_first(ordered)
    search = re.compile("|".join(map(re.escape, ordered))).search
    m = search(text, lo, hi)
    while m:
        pos = m.start()
        for w in by_first[text[pos]]:
            if text.startswith(w, pos, hi):
                where[w].append(pos)
        m = search(text, pos + 1, hi)
    return where


RE_DIGIT = regex.compile(r"\d")
SUBJECT_TAGS = {"ns", "nr", "nt", "r"}  # a place, person, organisation or pronoun opens a statement
RE_LEADING_NUMERAL = regex.compile(r"^[0-9零〇一二两三四五六七八九十百千万亿双]+")


def names_a_mechanism(slogan: Slogan) -> bool:
    """False for a campaign whose number is a time span (百日攻坚, 三年行动): its figures
    belong to the mechanism it is part of, not to it.

    >>> names_a_mechanism(Slogan("百日攻坚", [100])), names_a_mechanism(Slogan("四个聚焦", [4]))
    (False, True)
    """
    m = RE_LEADING_NUMERAL.match(slogan.text or "")
    if not m:
        return True
    return not slogan.text.startswith(_durations(), m.end())


@functools.cache
def _durations() -> tuple[str, ...]:
    return tuple(u for u, k in lexicon()["units"].items() if k == "duration")


def _head_span(doc: Document, sec, sentences: Optional[Sentences] = None) -> tuple[int, int]:
    """The part of a section that names its topic: the heading, or a short lead sentence."""
    s, e = sec.title_start, sec.title_end
    if s < 0:
        return sec.start, sec.start
    if sec.kind == "paragraph":
        title = doc.text[s:e]
        if (RE_DIGIT.search(title) or RE_YEAR_HEAD.match(title)
                or title.startswith(lexicon()["object_prefixes"])
                or _opens_with_subject(title[:12])):
            return s, s  # 全县推行…, 某某县构建…: the paragraph opens with a statement, not an inline head
        _, end = (sentences or Sentences(doc.text)).bounds(s, sec.start, sec.end)
        lead = doc.text[s:end]
        if len(lead) <= 32 and lead.count(",") <= 1 and not RE_DIGIT.search(lead):
            e = max(e, end)  # 聚焦立德树人,五育并举的…日益完善。 is a topic sentence, not a fact
    return s, e


def _opens_with_subject(s: str) -> bool:
    """Whether the first word of `s` is a place, person, organisation or pronoun (tagged
    only when the cheaper tests of `_head_span` have not decided)."""
    first = tag(s)[:1]
    return bool(first) and first[0][1] in SUBJECT_TAGS


def _descends(slogans: list[Slogan], i: int, ancestor: int) -> bool:
    seen = set()
    j = slogans[i].parent
    while isinstance(j, int) and 0 <= j < len(slogans) and j not in seen:
        if j == ancestor:
            return True
        seen.add(j)
        j = slogans[j].parent
    return False


class SectionFinder:
    """`Document.section_at` for many positions: the innermost section (deepest level, the
    last of equals) holding each stretch between section bounds, found once by a sweep.

    >>> from dangjian_nlp.records import Section
    >>> f = SectionFinder([Section("lead", 1, None, 0, 10), Section("paragraph", 2, None, 3, 6)])
    >>> [f.at(p) for p in (0, 3, 5, 6, 10)]
    [0, 1, 1, 0, None]
    """

    def __init__(self, sections):
        starts = [s.start for s in sections]
        ends = [s.end for s in sections]
        self.bounds = sorted(set(starts).union(ends))
        self.owner: list[Optional[int]] = []
        owner = self.owner.append
        by_start = sorted(range(len(sections)), key=starts.__getitem__)
        # (-level, -index, end): the innermost open section on top
        pending = [(-sections[i].level, -i, ends[i]) for i in by_start]
        pending.reverse()  # in start order from the list's end
        push, pop = heapq.heappush, heapq.heappop
        open_: list[tuple] = []
        for b in self.bounds:
            while pending and starts[-pending[-1][1]] <= b:
                push(open_, pending.pop())
            while open_ and open_[0][2] <= b:
                pop(open_)  # closed before this stretch (and so for every later one)
            owner(-open_[0][1] if open_ else None)

    def at(self, pos: int) -> Optional[int]:
        k = bisect.bisect_right(self.bounds, pos) - 1
        return self.owner[k] if k >= 0 else None


class Linker:
    """One document's slogan mentions, sentences and sections, indexed once so that linking
    each figure is a few bisections (scanning every mention per figure was quadratic).
    `mentions` are sorted and disjoint (`slogan_mentions`), so their ends are sorted too."""

    def __init__(self, doc: Document, mentions, slogans: list[Slogan]):
        self.doc, self.mentions, self.slogans = doc, mentions, slogans
        self.starts = [m[0] for m in mentions]
        self.ends = [m[1] for m in mentions]
        self._sentences: Optional[Sentences] = None
        self.sections = SectionFinder(doc.sections)
        self.heads: dict[int, tuple[int, int]] = {}  # section → mentions in its head, as an index range
        self.governors: dict[int, Optional[tuple[int, int]]] = {}  # section → the governing head's range

    @property
    def sentences(self) -> Sentences:
        """Built on first use: most figures have no mention near them to test."""
        if self._sentences is None:
            self._sentences = Sentences(self.doc.text)
        return self._sentences

    def inside(self, s: int, e: int) -> tuple[int, int]:
        """Index range of the mentions lying within [s, e]."""
        return bisect.bisect_left(self.starts, s), bisect.bisect_right(self.ends, e)

    def head_mentions(self, k: int) -> tuple[int, int]:
        if k not in self.heads:
            sec = self.doc.sections[k]
            # the head lies within the section and its title: with no mention there, it names
            # none, whatever its span (most sections; reading the head tags its title)
            lo = min(sec.start, sec.title_start) if sec.title_start >= 0 else sec.start
            a, b = self.inside(lo, max(sec.end, sec.title_end))
            if a < b:
                a, b = self.inside(*_head_span(self.doc, sec, self.sentences))
            self.heads[k] = (a, b)
        return self.heads[k]

    def governor(self, k: int) -> Optional[tuple[int, int]]:
        """Mentions in the head of the innermost section from `k` up whose head names any
        (the walk up is the same for every figure of a section: done once)."""
        if k not in self.governors:
            found, seen, j = None, set(), k
            while j is not None and j not in seen:
                seen.add(j)
                a, b = self.head_mentions(j)
                if a < b:
                    found = (a, b)
                    break
                j = self.doc.sections[j].parent
            self.governors[k] = found
        return self.governors[k]


def governing_slogan(ix: Linker, pos: int, k: Optional[int]) -> Optional[int]:
    """The slogan named in the innermost heading above `pos` (in section `k`)."""
    head = ix.governor(k) if k is not None else None
    if head is None:
        return None
    a, b = head
    j = min(b, bisect.bisect_right(ix.ends, pos)) - 1  # the last one ending by pos
    return ix.mentions[j if j >= a else a][2]


def sentence_slogan(ix: Linker, c: Candidate) -> Optional[int]:
    """A slogan named in the figure's own sentence (the nearest), unless it is an instance of
    what is counted (“五风教育”等60多个优秀品牌)."""
    doc = ix.doc
    text = doc.text
    # only mentions within 40 characters can pass the gap test below (most figures have none)
    a = bisect.bisect_left(ix.ends, c.start - 40)
    b = bisect.bisect_right(ix.starts, c.end + 40)
    if a >= b:
        return None
    s, e = ix.sentences.bounds(c.start, doc.body_start, doc.body_end or len(text))
    a = max(bisect.bisect_left(ix.starts, s), a)
    b = min(bisect.bisect_right(ix.ends, e), b)
    best = None
    for ms, me, i in ix.mentions[a:b]:
        if not (s <= ms and me <= e):
            continue
        if me <= c.start and text[me:me + 2].lstrip("”\"").startswith("等"):
            continue
        gap = text[me:c.start] if me <= c.start else text[c.end:ms]
        if len(gap) > 40 or gap.count(",") > 1:
            continue  # a long sentence chains unrelated results: the slogan must be near
        dist = c.start - me if me <= c.start else (ms - c.end) + 1000  # prefer one before
        if best is None or dist < best[0]:
            best = (dist, i)
    return best[1] if best else None


def link_slogan(ix: Linker, c: Candidate, k: Optional[int]) -> Optional[int]:
    head = governing_slogan(ix, c.start, k)
    near = sentence_slogan(ix, c)
    if near is not None and (head is None or _descends(ix.slogans, near, head)):
        return near
    return head


def section_title(doc: Document, k: Optional[int]) -> Optional[str]:
    """Title of the nearest heading above section `k`; a paragraph's lead clause only when the
    report has no heading there (paragraph-style reports)."""
    first = k
    seen = set()
    while k is not None and k not in seen:
        seen.add(k)
        sec = doc.sections[k]
        if sec.kind not in ("paragraph", "lead"):
            return sec.title
        k = sec.parent
    return doc.sections[first].title if first is not None else None


# -- the component ------------------------------------------------------------------------

def find_figures(doc: Document, slogans: list[Slogan]) -> list[Figure]:
    """Every figure in the body of `doc`, in document order (SPEC §3).

    >>> from dangjian_nlp.structure import make_document
    >>> doc = make_document("全市共有中小学校2211所(公办1764所、民办447所),覆盖率由87%提高到100%。")
    >>> [(f.text, f.value, f.object, f.change_from) for f in find_figures(doc, [])]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('2211所', 2211, '中小学校', None), ('1764所', 1764, '公办中小学校', None),
     ('447所', 447, '民办中小学校', None), ('由87%提高到100%', 100, '覆盖率', 87)]
    """
    mentions = slogan_mentions(doc, slogans or [])
    mechanism = {i: names_a_mechanism(slogans[i]) for i in {m[2] for m in mentions}}
    mechanisms = [m for m in mentions if mechanism[m[2]]]
    lo, hi = doc.body_start, doc.body_end or len(doc.text)
    cands = merge_changes(doc.text, scan_span(doc.text, lo, hi, mentions))
    cands = expand_shared_units(doc.text, cands, lo)
    attach_objects(doc, cands)
    ix = Linker(doc, mechanisms, slogans)
    out = []
    text, raw_span, at = doc.text, doc.raw_span, ix.sections.at
    titles: dict = {}  # section → its title, looked up once
    for c in cands:
        k = at(c.start)
        if k not in titles:
            titles[k] = section_title(doc, k)
        rs, re_ = raw_span(c.start, c.end)
        out.append(Figure(text[c.start:c.end], c.value, c.unit, c.approx, c.object, c.change_from,
                          rs, re_, link_slogan(ix, c, k) if slogans else None, titles[k]))
    return out
