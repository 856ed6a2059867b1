"""Normalized text → body, metadata and a section tree.

A report arrives as a scraped page: navigation and a title on top, metadata lines (date,
views, author), the body, then footer furniture (copyright, "下一篇", a URL, login prompts).
`make_document` separates the body from that furniture (the markers are the data file
``lexicons/boilerplate.tsv``), reads the metadata, and builds sections from headings of
every Chinese style: ``一、`` ``(一)`` ``1.`` ``一是…`` heading-only lines and paragraphs
whose lead clause is their topic.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from typing import NamedTuple, Optional

import regex

from .normalize import normalize
from .records import Document, Section
from .resources import load_table

CN_DIGITS = "零一二三四五六七八九十百两"

# one heading style per pattern; the marker group is what precedes the title
# regex's \s, spelled out: stdlib re's \s also holds \x1c-\x1f
_WS = "[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
# explicit classes only: stdlib re matches as regex does, with less overhead a call
RE_NUMBERED = re.compile(rf"^([一二三四五六七八九十]{{1,3}}){_WS}*[、.．]{_WS}*")
RE_PAREN = re.compile(rf"^[(（]{_WS}*([一二三四五六七八九十]{{1,3}}){_WS}*[)）]{_WS}*")
RE_ARABIC = regex.compile(r"^(\d{1,2})\s*(?:[、．]|\.(?!\d))\s*")
RE_CIRCLED = regex.compile(r"^[(（]\s*(\d{1,2})\s*[)）]\s*")
# 一是 / 二是 … inside a paragraph, at its start or after a sentence end
RE_YISHI = regex.compile(
    r"(?:(?<=(?:^|\n)[ \t\u3000]*)|(?<=[。;；!！?？:：])\s*)(?:其)?([一二三四五六七八九十])是")
_YISHI_NUMERALS = "一二三四五六七八九十"
RE_YISHI_HINT = re.compile(f"[{_YISHI_NUMERALS}]是")  # stdlib re: a plain scan, fast
# sets of literal characters: stdlib re finds the same matches with less overhead a call
RE_SENT_END = re.compile(r"[。;；!！?？]")
RE_CLAUSE_END = re.compile(r"[,，。;；:：!！?？]")
RE_DATE = regex.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?!\d)")
RE_MASK = regex.compile(r"\*{2,}|＊{2,}|×{2,}|[□■]{2,}")
_MASK_CHARS = "*＊×□■"  # every RE_MASK match holds one
RE_AUTHOR_PAREN = regex.compile(
    r"[(（]\s*((?:作者(?:系|为|是|:|：)?|通讯员|记者)?[^()（）\n]{2,60}?)\s*[)）]\s*$")
# the value ends at the next "label:" on the same line (作者:… 时间:… 阅读:…)
RE_AUTHOR_LINE = regex.compile(
    r"^\s*(?:作者|编辑|责任编辑|责编|撰稿|文)\s*[::]\s*(\S.{0,40}?)\s*(?=$|\s+[\p{Han}]{2,4}\s*[::])")
RE_SITE_ONLY = regex.compile(r"^\s*[\p{Han}A-Za-z0-9]{2,20}(?:网|网站|门户|门户网|在线|频道)\s*$")
RE_SOURCE_LINE = regex.compile(r"(?:来源|来自|稿源)\s*[::]\s*([^\s,，|]{2,30})")
RE_SOURCE_LEAD = regex.compile(r"^\s*([\p{Han}A-Za-z]{2,12}?(?:网|报|台|社))讯")
RE_SITE = regex.compile(r"^\s*([\p{Han}A-Za-z0-9]{2,20}?(?:网|网站|报|门户|在线|新闻))(?=\s|——|-|$)")
_TERMINAL = "。!！?？;；…"


@functools.cache
def _boilerplate():
    rules: dict[str, list] = {}
    for kind, pattern in load_table("lexicons/boilerplate.tsv"):
        rules.setdefault(kind, []).append(regex.compile(pattern))
    return rules


@functools.cache
def _strip_rules():
    rules: dict[str, list] = {}
    for ch, pattern in load_table("lexicons/stripped.tsv"):
        rules.setdefault(ch, []).append(regex.compile(pattern))
    return rules


@functools.cache
def _furniture_screen():
    r"""A `_Screen` of all the rules (patterns that, matching nothing, make a line 'text'), with
    one per kind in `kinds` (for `_kind_by_rules`)."""
    rules = _boilerplate()
    kinds = tuple((k, _screen(rules[k])) for k in _KIND_ORDER if rules.get(k))
    return _screen([r for rs in rules.values() for r in rs])._replace(kinds=kinds, known={})


_KIND_ORDER = ("tail", "nav", "meta", "line")  # the first kind with a matching rule wins


def _screen(rules) -> "_Screen":
    r"""A `_Screen` of compiled `rules`: a line matches one of them iff it passes the screen.

    Most lines are text and fail all the rules; one `match` of the combined ``^…`` rules and
    one `search` of the others tell that in two calls instead of one per rule. A rule is
    combined only when that cannot change what it matches: no top-level ``|`` (for the
    anchored ones), no group references or inline flags; the others are tried one by one.
    The anchored rules' common ``^\s*`` is matched once (a line matches ``^\s*(?:A|B)`` iff
    it matches ``^\s*A`` or ``^\s*B``). Cheaper tests come first: the anchored rules
    widened for stdlib re (`_widen`), and the floating ones over a whole text: by the
    literals each needs (`_required_literals`), else once (`_on_whole_text`); each can
    only say "maybe" where the rules match.
    """
    spaced, anchored, floating, single = [], [], [], []
    for r in rules:
        p = r.pattern
        if r.flags != _DEFAULT_FLAGS or _UNCOMBINABLE.search(p):
            single.append(r)
        elif p.startswith("^") and not _top_level_bar(p):
            # a lazy or possessive \s* (\s*? \s*+) or a {m,n} after it is not the common prefix
            if p.startswith("^\\s*") and p[4:5] not in ("?", "+", "{", "*"):
                spaced.append(p[4:])
            else:
                anchored.append(p)
        else:
            floating.append(p)
    if spaced:
        anchored.insert(0, "^\\s*(?:" + "|".join(f"(?:{p})" for p in spaced) + ")")

    def combined(ps):
        return regex.compile("|".join(f"(?:{p})" for p in ps)) if ps else None

    a, f = combined(anchored), combined(floating)
    wide = a and _widen(a.pattern)
    doc = f and _on_whole_text(f.pattern)
    lits = f and _required_literals(f.pattern)
    return _Screen(a, f, tuple(single), wide and re.compile(wide), doc and regex.compile(doc),
                   lits and _by_last_char(lits))


class _Screen(NamedTuple):
    anchored: Optional[regex.Pattern]  # the combined ^… rules (match)
    floating: Optional[regex.Pattern]  # the combined others (search)
    single: tuple  # rules tried one by one
    # `anchored` widened for stdlib re (~3x faster a call): matches at least where it matches
    quick: Optional[re.Pattern]
    # `floating` on a whole text: finds something wherever it finds something in one line
    whole: Optional[regex.Pattern]
    # every match of `floating` holds one of these literals: ((char, ((literal, index of char
    # in it), …)), …) by the last character of each (`_by_last_char`), or None
    literals: Optional[tuple] = None
    kinds: tuple = ()  # ((kind, _Screen of its rules), …) in the order kinds are tried
    # (line, whether it matches an anchored rule, a floating one) → its kind, for short lines:
    # the same furniture lines (。 、 【 打印) come back text after text
    known: Optional[dict] = None


_DEFAULT_FLAGS = regex.compile("").flags
# inline flags, named groups and backreferences would change meaning once patterns are joined;
# POSIX classes ([:alpha:]) would fool _top_level_bar's reading of sets
_UNCOMBINABLE = regex.compile(r"\\[1-9gk]|\(\?(?![:=!]|<[=!])|\[:\^?[A-Za-z]+:\]")

# stdlib re's \s is regex's plus \x1c-\x1f; no character of regex's \d or \w is space to either
_WIDE_OUT = {"s": r"\s", "S": r"[\S\x1c-\x1f]", "d": r"[\S\x1c-\x1f]", "w": r"[\S\x1c-\x1f]",
             "D": r"[\s\S]", "W": r"[\s\S]"}
_WIDE_IN = {"s": r"\s", "S": r"\S\x1c-\x1f", "d": r"\S\x1c-\x1f", "w": r"\S\x1c-\x1f",
            "D": r"\s\S", "W": r"\s\S"}
# escapes meaning the same to both modules (\x.., \u...., \N{..}, \A, \Z and the controls)
_SAME_ESCAPES = set("tnrfvax0AZuUN")
_RE_QUANT = re.compile(r"\{(?:\d+(?:,\d*)?|,\d+)\}")


def _pieces(p: str):
    """(index, piece, in_set) of each piece of regex pattern `p`, and (len(p), None, in_set) last
    if `p` ends inside a character set.

    A piece is an escape (two characters), the opening of a set (``[`` or ``[^``; a ``]``
    right after it is literal) or one other character. `in_set` is None outside sets (their
    brackets included), else whether the set is negated.
    """
    i, n = 0, len(p)
    in_set = None
    while i < n:
        c = p[i]
        if c == "\\":
            yield i, p[i:i + 2], in_set
            i += 2
            continue
        if in_set is not None:
            if c == "]" and i > set_start:
                in_set = None
            yield i, c, in_set
            i += 1
            continue
        if c == "[":
            negated = p[i + 1:i + 2] == "^"
            set_start = i + 1 + negated
            yield i, p[i:set_start], None
            in_set = negated
            i = set_start
            continue
        yield i, c, None
        i += 1
    if in_set is not None:
        yield n, None, in_set


def _rewrite(p: str, fn) -> Optional[str]:
    """`p` with each of its `_pieces` replaced by what ``fn(p, index, piece, in_set)`` returns;
    None if that is None for one of them, or if `p` ends inside a set."""
    out = []
    for i, c, in_set in _pieces(p):
        r = None if c is None else fn(p, i, c, in_set)
        if r is None:
            return None
        out.append(r)
    return "".join(out)


def _widen(p: str) -> Optional[str]:
    r"""A stdlib-re pattern that matches a string wherever `regex` pattern `p` does, or None.

    regex and re read \s \d \w \W differently for a few hundred characters; each becomes a
    class holding all of regex's characters (\d → non-space). A wider class can only add
    matches when nothing looks around or forbids backtracking: patterns with (?…) other than
    (?:…), possessive quantifiers, \b, negated classes holding \s-like escapes, nested sets,
    or any escape re might read otherwise are not widened. Groups come out non-capturing.
    """
    return _rewrite(p, _widen_piece)


def _widen_piece(p: str, i: int, c: str, in_set: Optional[bool]) -> Optional[str]:
    if c[0] == "\\":
        e = c[1:]
        if e in _WIDE_OUT:
            if in_set:
                return None  # negated
            return (_WIDE_OUT if in_set is None else _WIDE_IN)[e]
        if e.isalnum() and e not in _SAME_ESCAPES:
            return None
        return c
    if in_set is not None:
        if c == "[" or p[i:i + 2] in ("&&", "--", "||", "~~"):
            return None  # a nested set or set operation (regex V1, re's FutureWarning)
        return c
    if c == "(":
        if p[i + 1:i + 2] != "?":
            # a screen only asks whether there is a match: without captures (no back-
            # references reach here) re skips most alternatives on their first literal
            return "(?:"
        if p[i + 2:i + 3] != ":":
            return None
    if c in "*+?" and p[i + 1:i + 2] == "+":
        return None  # possessive
    if c == "{":
        m = _RE_QUANT.match(p, i)
        if not m:
            return None  # regex reads {e<=1} and the like; re, a literal
        if p[m.end():m.end() + 1] == "+":
            return None  # possessive
        # the digits and the comma that follow are kept as they are
    return c


_BREAKS = r"\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"  # what str.splitlines splits at
_LINE_ANCHORS = {"^": f"(?:^|(?<=[{_BREAKS}]))", "$": f"(?:$|(?=[{_BREAKS}]))"}


def _on_whole_text(p: str) -> Optional[str]:
    r"""`p` for a search of a whole text: it finds something wherever `p` finds something in a line.

    A match inside one line is a match of the same characters in the text, once ^ and $
    also match next to a line break; lookarounds and \b could see past the line, so patterns
    with them get None.
    """
    return _rewrite(p, _whole_text_piece)


def _whole_text_piece(p: str, i: int, c: str, in_set: Optional[bool]) -> Optional[str]:
    if c[0] == "\\":
        e = c[1:]
        if e in ("A", "Z", "b", "B", "G", "K") or e.isdigit() and e != "0":
            return None
        return c
    if in_set is not None:
        return c
    if c == "(" and p[i + 1:i + 2] == "?" and p[i + 2:i + 3] != ":":
        return None
    return _LINE_ANCHORS.get(c, c)


def _top_level_bar(p: str) -> bool:
    """Whether `p` has a ``|`` outside groups and character classes (then ^ anchors one branch)."""
    depth = 0
    for _, c, in_set in _pieces(p):
        if in_set is None:
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            elif c == "|" and depth <= 0:
                return True
    return False


_QUANT_START = ("?", "*", "+", "{")
_NOT_LITERAL = set("()[]{}.*+?^$|\\")


def _required_literals(p: str) -> Optional[frozenset]:
    """Literals one of which every match of `regex` pattern `p` holds, or None if unsure.

    Each alternative gives its first mandatory piece that is a literal run (characters with
    no quantifier) or a group whose alternatives all give one. Patterns with escapes that
    take arguments, (?…) other than (?:…), or braces that are no plain {m,n} give None.
    """
    toks = list(_pieces(p))
    if toks and toks[-1][1] is None:
        return None  # ends inside a set
    try:
        lits, k = _alternatives_literals(toks, 0)
    except ValueError:
        return None
    if k != len(toks) or not lits:
        return None
    return frozenset(lits)


def _alternatives_literals(toks, k):
    """(literals, index of the ')' or end closing the alternation that starts at toks[k])."""
    out, sure = set(), True
    while True:
        lits, k = _sequence_literals(toks, k)
        if lits is None:
            sure = False
        else:
            out |= lits
        if k < len(toks) and toks[k][1] == "|" and toks[k][2] is None:
            k += 1
            continue
        return (out if sure else None), k


def _sequence_literals(toks, k):
    """(literals of the first mandatory literal piece or None, index of the '|' or ')' that
    ends the alternative)."""
    found = None
    run = ""
    n = len(toks)
    while k < n:
        _, c, in_set = toks[k]
        if in_set is None and c in ("|", ")"):
            break
        lits = None
        if c in ("[", "[^"):  # a set: skip to its closing ']'
            k += 1
            while toks[k][2] is not None:
                k += 1
            k += 1
        elif c == "(":
            if toks[k + 1][1] == "?":
                if toks[k + 2][1] != ":":
                    raise ValueError(c)  # lookarounds, named groups, flags, conditionals
                k += 2
            lits, k = _alternatives_literals(toks, k + 1)
            if k >= n or toks[k][1] != ")":
                raise ValueError(c)
            k += 1
        elif c[0] == "\\":
            if c[1:].isalnum() and c[1:] not in "sSdDwWbBAZtnrfv":
                raise ValueError(c)  # \N{…} \p{…} \x.. \1 and the like
            k += 1
        elif c in _NOT_LITERAL:  # . ^ $ (an anchor or any character); a stray quantifier
            if c in _QUANT_START:
                raise ValueError(c)
            k += 1
        else:
            lits = {c}
            k += 1
        # a quantifier: may the piece match nothing?
        optional = False
        if k < n and toks[k][1] in _QUANT_START and toks[k][2] is None:
            q = toks[k][1]
            if q == "{":
                m = _RE_QUANT.match("".join(t[1] for t in toks[k:k + 12]))
                if not m:
                    raise ValueError(q)  # fuzzy {e<=1} or a literal brace
                optional = m.group().startswith(("{0", "{,"))
                k += len(m.group())  # each character of {m,n} is one piece
            else:
                optional = q in "?*"
                k += 1
            if k < n and toks[k][1] in ("?", "+") and toks[k][2] is None:
                k += 1  # lazy or possessive
            quantified = True
        else:
            quantified = False
        if found is not None:
            continue
        if c not in ("(", "[", "[^") and lits is not None and len(c) == 1:  # a literal character
            if not optional:
                run += c
            if quantified or optional:
                if run:
                    found = {run}
        else:
            if run:
                found = {run}
            elif lits is not None and not optional:
                found = lits
    if found is None and run:
        found = {run}
    return found, k


def _by_last_char(lits) -> tuple:
    """((char, ((literal, index of char), …)), …): each literal under its last character."""
    by: dict[str, list] = {}
    for lit in sorted(lits):
        by.setdefault(lit[-1], []).append((lit, len(lit) - 1))
    return tuple((c, tuple(v)) for c, v in by.items())


def _literal_lines(text: str, starts: list[int], literals: tuple) -> set[int]:
    """Indexes of the lines (by their `starts` in `text`) holding one of `literals` (a
    `_by_last_char` tuple): each character is found by str.find, which scans at memchr speed."""
    out = set()
    find, startswith = text.find, text.startswith
    for c, lits in literals:
        i = find(c)
        while i >= 0:
            for lit, at in lits:
                if i >= at and startswith(lit, i - at):
                    out.add(bisect.bisect_right(starts, i) - 1)
                    break
            i = find(c, i + 1)
    return out


def line_kind(line: str) -> str:
    """'blank', 'nav', 'meta', 'tail', 'line' (furniture) or 'text'.

    >>> line_kind("零零教育信息网 首页 > 教育新闻 > 正文 返回 打印")
    'nav'
    >>> line_kind("下一篇:抽筋未必都是缺钙")
    'tail'
    >>> line_kind("坚持项目引领,围绕师生群众急难愁盼的教育问题。")
    'text'
    """
    return _line_kinds([line])[0]


def _kind_by_rules(line: str, anchored: bool = True, floating: bool = True) -> str:
    """The first kind with a rule that finds something in `line`; `anchored` or `floating`
    False: no rule of that sort does (known from the screen), so none is tried."""
    for kind, sc in _furniture_screen().kinds:
        if _passes(sc, line, anchored, floating):
            return kind
    return "text"


def _passes(sc: _Screen, line: str, anchored: bool = True, floating: bool = True) -> bool:
    """Whether one of the rules of screen `sc` finds something in `line` (`anchored`, `floating`
    False: none of that sort does)."""
    if (anchored and sc.anchored and (sc.quick is None or sc.quick.match(line))
            and sc.anchored.match(line)):
        return True
    if floating and sc.floating and sc.floating.search(line):
        return True
    return any(r.search(line) for r in sc.single)


def _line_kinds(lines: list[str], text: Optional[str] = None, starts: Optional[list[int]] = None,
                stripped: Optional[list[str]] = None) -> list[str]:
    """The `line_kind` of each of `lines`; `text`, if given, is the text they were split from,
    `starts`, if given, where each starts in it, `stripped` their str.strip."""
    sc = _furniture_screen()
    # blank or not, told in C (str.strip, map): near half the lines are blank
    if stripped is None:
        stripped = map(str.strip, lines)
    out = list(map(_BLANK_OR_TEXT.__getitem__, map(bool, stripped)))
    nonblank = list(itertools.compress(range(len(lines)), map("text".__eq__, out)))
    # lines matching a rule: their kind is whatever the rules say; the others are text
    anchored = floating = single = ()
    if sc.anchored:
        a = sc.anchored.match
        # a cheap widened test first: only lines passing it need the exact one
        quick = sc.quick.match if sc.quick else a
        passed = itertools.compress(nonblank, map(quick, map(lines.__getitem__, nonblank)))
        anchored = {i for i in passed if a(lines[i])}
    if sc.floating:
        if text is not None and starts is not None and sc.literals is not None:
            maybe = _literal_lines(text, starts, sc.literals)  # lines holding a literal
        elif text is not None and sc.whole is not None and not sc.whole.search(text):
            maybe = ()  # no line of the text can hold a floating rule's match
        else:
            maybe = nonblank
        f = sc.floating.search
        floating = {i for i in maybe if out[i] == "text" and f(lines[i])}
    if sc.single:
        single = [i for i in nonblank if any(r.search(lines[i]) for r in sc.single)]
    known = sc.known  # `_furniture_screen` always gives one
    for i in set().union(anchored, floating, single):
        line = lines[i]
        key = (line, i in anchored, i in floating)
        kind = known.get(key)
        if kind is None:
            kind = _kind_by_rules(*key)
            if len(line) <= _KNOWN_LENGTH and len(known) < _KNOWN_SIZE:
                known[key] = kind
        out[i] = kind
    return out


_KNOWN_LENGTH, _KNOWN_SIZE = 20, 20000  # the lines `_Screen.known` keeps, and how many


_BLANK_OR_TEXT = ("blank", "text")  # by bool(line.strip())


_ODD_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # str.splitlines' breaks besides \n


def _lines(text: str) -> tuple[list[int], list[str]]:
    """(starts, texts) of the lines, their line breaks left out (as splitlines, keeping what
    rstrip("\r\n") keeps)."""
    if any(c in text for c in _ODD_BREAKS):
        parts = text.splitlines(keepends=True)
        lines = [p.rstrip("\r\n") for p in parts]
        starts = [0]
        starts += itertools.accumulate(map(len, parts))
        del starts[-1]
        return starts, lines
    # only \n breaks (nearly every text): split is faster, and each break is one character
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # splitlines gives no line after a final break (nor any for "")
    starts = [0]
    starts += itertools.accumulate([len(ln) + 1 for ln in lines])
    del starts[-1]
    return starts, lines


def _is_headline(line: str) -> bool:
    """A heading-only line: short, no sentence punctuation at its end."""
    s = line.strip()
    if s[:1] in "(（[【" and s[-1:] in ")）]】":
        return False  # an author or source line in brackets
    return 4 <= len(s) <= 32 and s[-1] not in _HEADLINE_NOT_LAST and "。" not in s


_HEADLINE_NOT_LAST = _TERMINAL + ",，:：、"


def _first(pattern, text: str, start: int, end: int, limit: int) -> int:
    """End of the first clause/sentence of text[start:end], at most `limit` characters."""
    m = pattern.search(text, start, min(end, start + limit + 1))
    return m.start() if m else min(end, start + limit)


# -- metadata -------------------------------------------------------------------
def _find_date(lines: list[str]) -> Optional[str]:
    for line in lines:
        m = RE_DATE.search(line)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _find_source(header: list[str], meta: list[str], body_lines: list[str]) -> Optional[str]:
    for line in meta + header:
        m = RE_SOURCE_LINE.search(line)
        if m:
            return m.group(1)
    for line in body_lines[:3]:
        m = RE_SOURCE_LEAD.search(line)
        if m:
            return m.group(1)
    for line in header:
        m = RE_SITE.search(line)
        if m:
            return m.group(1)
    return None


def _find_author(meta: list[str], body_lines: list[str], tail: list[str]) -> Optional[str]:
    for line in body_lines[:-4:-1]:  # the last three, last first
        m = RE_AUTHOR_PAREN.search(line.rstrip())
        if m and not RE_SENT_END.search(m.group(1)):
            return m.group(1).strip()
    for line in meta + body_lines[-2:] + tail[:3]:
        m = RE_AUTHOR_LINE.search(line)
        if m and "db:" not in m.group(1):
            return m.group(1).strip()
    return None


def detect_stripped(body: str) -> list[str]:
    """Characters deleted from every occurrence, told by their telltale collocations.

    >>> detect_stripped("全区员教师积极参与。组织书记带头。中小学校的建设年。")
    ['党']
    """
    out = []
    for ch, rules in _strip_rules().items():
        if ch in body:
            continue
        hits = sum(len(r.findall(body)) for r in rules)
        if hits >= 3:
            out.append(ch)
    return out


# -- the document -----------------------------------------------------------------
def make_document(raw: str, doc_id: Optional[str] = None, *, script: Optional[str] = None,
                  title: Optional[str] = None, date: Optional[str] = None,
                  source: Optional[str] = None) -> Document:
    """Normalize `raw` and read its body, metadata and sections.

    Keyword arguments override what the text says (metadata from a JSONL row or HTML head).
    """
    norm = normalize(raw, script=script)
    text = norm.text
    doc = Document(doc_id=doc_id, raw=raw, text=text, offsets=norm.offsets, script=norm.script)
    starts, lines = _lines(text)
    stripped = list(map(str.strip, lines))
    kinds = _line_kinds(lines, text, starts, stripped)

    # footer: the first tail marker after some body text (a text line of over 30 characters)
    # ends the body; list.index scans in C
    cut = len(lines)
    if "tail" in kinds:
        seen = next((i for i, k in enumerate(kinds) if k == "text" and len(stripped[i]) > 30),
                    None)
        if seen is not None and "tail" in kinds[seen:]:
            cut = kinds.index("tail", seen)
    # header: lines before the first substantive paragraph that are short and unpunctuated
    first_par = next((i for i in range(cut) if kinds[i] == "text"
                      and not _is_headline(lines[i])), cut)
    head_idx = [i for i in range(first_par) if kinds[i] in ("text",)]
    title_idx = None
    first_line = next((i for i, k in enumerate(kinds) if k != "blank"), None)
    for i in head_idx:
        line = lines[i].strip()
        # a title stands next to page furniture, or opens the text above the body
        near_furniture = any(kinds[j] in ("nav", "meta", "line")
                             for j in range(max(0, i - 2), min(len(kinds), i + 3)))
        if (6 <= len(line) <= 60 and not _heading_marker(line) and not RE_SITE_ONLY.match(line)
                and (near_furniture or i == first_line)):
            title_idx = i
            break
    body_first = (title_idx + 1) if title_idx is not None else 0
    header_lines = lines[:max(body_first, first_par)]
    meta_lines = [lines[i] for i in _where(kinds, "meta", 0, cut)]
    tail_lines = lines[cut:]
    body_idx = list(itertools.compress(range(body_first, cut),
                                       map("text".__eq__, kinds[body_first:cut])))
    body_lines = list(map(lines.__getitem__, body_idx))
    # a paragraph is its line without the spaces str.strip drops; a 'text' line is never blank.
    # Where strip dropped nothing (it gave the line itself back) the line is the paragraph:
    # in most texts every line, told in C
    body_starts = list(map(starts.__getitem__, body_idx))
    if all(map(operator.is_, map(stripped.__getitem__, body_idx), body_lines)):
        paragraphs = list(zip(body_starts, map(operator.add, body_starts, map(len, body_lines))))
    else:
        body_stripped = map(stripped.__getitem__, body_idx)
        paragraphs = [(s, s + len(ln)) if st is ln
                      else (s + len(ln) - len(ln.lstrip()), s + len(ln.rstrip()))
                      for s, ln, st in zip(body_starts, body_lines, body_stripped)]

    if title_idx is not None:
        doc.title = lines[title_idx].strip()
    doc.date = _find_date(header_lines + meta_lines) or _find_date(
        [ln for ln in tail_lines if "发布" in ln or "日期" in ln])
    doc.source = _find_source(header_lines, meta_lines, body_lines)
    doc.author = _find_author(meta_lines, body_lines, tail_lines)
    if body_idx:
        doc.body_start = starts[body_idx[0]]
        doc.body_end = starts[body_idx[-1]] + len(body_lines[-1])
    doc.paragraphs = paragraphs
    body = "\n".join(body_lines)
    # single-character scans first: most bodies hold none of RE_MASK's characters
    doc.masked = any(c in body for c in _MASK_CHARS) and bool(RE_MASK.search(body))
    doc.stripped = detect_stripped(body)
    doc.sections = build_sections(text, doc.paragraphs)
    if title is not None:
        doc.title = title
    if date is not None:
        doc.date = date
    if source is not None:
        doc.source = source
    return doc


def _where(kinds: list[str], kind: str, start: int, stop: int) -> list[int]:
    """[i for i in range(start, stop) if kinds[i] == kind], for a kind few lines have."""
    out = []
    try:
        while True:
            start = kinds.index(kind, start, stop) + 1
            out.append(start - 1)
    except ValueError:
        return out


def _heading_marker(line: str):
    """(kind, marker match) of a heading marker at the line start, or None."""
    c = line[:1]
    if not _may_open_marker(c):
        return None
    # each pattern needs its own first character: ( （ for paren and circled, 一…十 for
    # numbered, a digit (never one of those) for arabic; the order among them is kept
    if c in "(（":
        pats = (("paren", RE_PAREN), ("arabic", RE_CIRCLED))
    elif c in "一二三四五六七八九十":
        pats = (("numbered", RE_NUMBERED),)
    else:
        pats = (("arabic", RE_ARABIC),)
    for kind, pat in pats:
        m = pat.match(line)
        if m:
            return kind, m
    return None


# every marker pattern starts with one of these: a paragraph starting otherwise needs no match
RE_MARKER_FIRST = regex.compile(r"[(（一二三四五六七八九十]|\d")


@functools.cache  # keyed by one character: a few thousand entries at most
def _may_open_marker(c: str) -> bool:
    return bool(RE_MARKER_FIRST.match(c))


_YISHI_FIRST = "其" + _YISHI_NUMERALS  # RE_YISHI at a line start: (其)一是…


def _opens_yishi(line: str) -> bool:
    """RE_YISHI.match(line): at a line's start the pattern needs (其)一是…"""
    return line[:1] in _YISHI_FIRST and RE_YISHI.match(line) is not None


# flags of a paragraph's first character, read once per character (`_FirstFlags`)
_OPENS, _YISHI_OPENS, _SPACE = 1, 2, 4


class _FirstFlags(dict):
    """character → its flags: _OPENS (`_may_open_marker`), _YISHI_OPENS (in _YISHI_FIRST),
    _SPACE (str.isspace); one dict look-up a paragraph instead of three tests."""

    def __missing__(self, c: str) -> int:
        v = self[c] = ((_OPENS if _may_open_marker(c) else 0)
                       | (_YISHI_OPENS if c in _YISHI_FIRST else 0)
                       | (_SPACE if c.isspace() else 0))
        return v


_FIRST_FLAGS = _FirstFlags()  # a few thousand entries at most


def build_sections(text: str, paragraphs: list[tuple[int, int]]) -> list[Section]:
    """A section tree over the body paragraphs (normalized offsets).

    Heading styles nest in the order a report first uses them (一、 above (一) above 1.);
    a style seen again closes the deeper ones. Paragraphs and 一是… parts are leaves.
    """
    sections: list[Section] = []
    stack: list[tuple[str, int]] = []  # (kind, section index) of open headings
    headings: list[Section] = []  # in document order, for closing them

    # Section's fields are given in order: a keyword call costs twice as much
    def open_heading(kind: str, start: int, tstart: int, tend: int, marker: Optional[str]):
        for k, (skind, _) in enumerate(stack):
            if skind == kind:
                del stack[k:]
                break
        parent = stack[-1][1] if stack else None
        s = Section(kind, len(stack) + 1, text[tstart:tend], start, start, tstart, tend, parent,
                    marker)
        sections.append(s)
        headings.append(s)
        stack.append((kind, len(sections) - 1))

    def leaf(kind, level, start, end, tstart, tend, parent, marker=None):
        sections.append(Section(kind, level, text[tstart:tend] or None, start, end, tstart, tend,
                                parent, marker))
        return len(sections) - 1

    flags, find = _FIRST_FLAGS, text.find
    clause_end, yishi_at = RE_CLAUSE_END.search, RE_YISHI.match
    append = sections.append
    n = len(paragraphs)
    parent, level = None, 1  # of a paragraph: under the innermost open heading
    skip = 0
    # most paragraphs are read in place (text, ps, pe): the line is cut out only when needed
    for i, (ps, pe) in enumerate(paragraphs):
        # the common case goes straight to the paragraph leaf below: a long paragraph with no
        # space at either end (no headline, so never joined to one) that opens with no marker
        # and no 一是
        if pe - ps <= 32 or text[pe - 1].isspace() or flags[text[ps]]:
            if i < skip:
                continue  # a heading-only line joined to the one above
            first = text[ps] if pe > ps else ""
            fl = flags[first]
            if fl & _OPENS:  # _may_open_marker(first)
                line = text[ps:pe]
                hm = _heading_marker(line)
                if hm:
                    kind, m = hm
                    ts = ps + m.end()
                    rest = line[m.end():].rstrip()
                    # a heading line of its own, unless a sentence ends inside it (an inline head)
                    short = _is_headline(rest) or not RE_SENT_END.search(rest[:-1])
                    te = pe if short else _first(RE_SENT_END, text, ts, pe, 60)
                    while te > ts and text[te - 1] in ",，:：":
                        te -= 1
                    open_heading(kind, ps, ts, te, m.group(0).strip())
                    parent, level = stack[-1][1], len(stack) + 1
                    if not short:  # inline heading: the paragraph's text belongs to it
                        _yishi(text, ps, pe, te, level, parent, sections, leaf)
                    continue
            # over 32 characters with no space at either end, a line is no headline (_is_headline)
            if ((pe - ps <= 32 or fl & _SPACE or text[pe - 1].isspace())
                    and _is_headline(line := text[ps:pe]) and not _opens_yishi(line)):
                # consecutive heading-only lines (主标题 / 副标题) make one heading
                j = i
                while j + 1 < n and _is_headline(nxt := text[slice(*paragraphs[j + 1])]) \
                        and not _heading_marker(nxt):
                    j += 1
                open_heading("headline", ps, ps, paragraphs[j][1], None)
                sections[-1].title = " ".join(text[a:b] for a, b in paragraphs[i:j + 1])
                parent, level = stack[-1][1], len(stack) + 1
                skip = j + 1
                continue
            if fl & _YISHI_OPENS and yishi_at(text[ps:pe]):  # _opens_yishi(line)
                # a paragraph opening with 一是: its parts are siblings under the heading
                _yishi(text, ps, pe, ps, level, parent, sections, leaf, min_marks=1)
                continue
        # a paragraph leaf titled by its lead clause: _first(RE_CLAUSE_END, text, ps, pe, 40),
        # without its two min() calls
        m = clause_end(text, ps, ps + 41 if pe - ps > 41 else pe)
        te = m.start() if m else ps + 40 if pe - ps > 40 else pe
        append(Section("paragraph", level, text[ps:te] or None, ps, pe, ps, te, parent, None))
        # its 一是… parts; _yishi's own first test (RE_YISHI_HINT.search) by str.find: most
        # paragraphs hold no 是, and most 是 follow no numeral
        j = find("是", ps + 1, pe)
        while j >= 0:
            if text[j - 1] in _YISHI_NUMERALS:
                _yishi(text, ps, pe, ps, level + 1, len(sections) - 1, sections, leaf)
                break
            j = find("是", j + 1, pe)

    # close headings: each ends where the next heading of its level or above starts; from the
    # back, a stack of later headings whose levels rise towards its top has that one on top
    body_end = paragraphs[-1][1] if paragraphs else 0
    later: list[Section] = []
    for s in reversed(headings):
        while later and later[-1].level > s.level:
            later.pop()
        s.end = later[-1].start if later else body_end
        later.append(s)
    return sections


def _yishi(text, ps, pe, after, level, parent, sections, leaf, min_marks=2):
    """一是/二是… parts inside one paragraph become leaves under `parent`."""
    if not RE_YISHI_HINT.search(text, after, pe):
        return  # every mark holds one of these pairs
    marks = list(RE_YISHI.finditer(text, after, pe))
    if len(marks) < min_marks:
        return
    for k, m in enumerate(marks):
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        end = marks[k + 1].start() if k + 1 < len(marks) else pe
        ts = m.end()
        te = _first(RE_SENT_END, text, ts, end, 60)
        leaf("yishi", level, start, end, ts, te, parent, m.group(0).strip())
