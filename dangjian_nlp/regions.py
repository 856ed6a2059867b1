"""The report's own province / city / county (SPEC §4).

Place names are found with one Aho-Corasick automaton (ahocorasick-rs) over the gazetteer
(full names, short forms, old names, development zones); each mention keeps *every* unit it
may name.
The resolver then weighs where the mention stands (title, author line, lead paragraph,
body; page boilerplate counts nothing), completes chains (山丹县 → 张掖市 → 甘肃省),
settles ambiguous names from the rest of the document (和平区 beside 宝坻区 is Tianjin's),
attributes a masked ``**市`` and self-references (全市, 全县) to the named unit they must
be, and descends province → city → county only while one unit clearly dominates. Where
the text cannot decide, the levels stay null and ``candidates`` lists what was possible.

>>> r = resolve_text("云南凤庆:学校党建引领教育发展\\n\\n凤庆县委教育工委把学校党建摆在重要位置。")
>>> r.province, r.city, r.county, r.adcode
('云南省', '临沧市', '凤庆县', '530921')
>>> resolve_text("学校党建工作要同教育教学深度融合。").province is None
True
"""
from __future__ import annotations

import bisect
import functools
import operator
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Optional

from . import coded
from .records import Document, Region
from .resources import load_table

__all__ = ["Gazetteer", "Unit", "gazetteer", "resolve_region", "resolve_text", "find_mentions"]

GAZ = "gazetteer/"

# where a mention stands → how much it says about the report's own place
WEIGHTS = {"title": 3.0, "author": 3.0, "lead": 2.0, "body": 1.0, "source": 0.5}
DOMINANCE = 2.0  # the best unit must have at least this many times the runner-up's support
ORGAN = 1.5  # weight factor of a name followed by one of its organs (县委, 教育局)
LISTED = 0.5  # weight factor of a name inside a 、-list
FIRST = 1.5  # weight factor of the first place the lead names: reports open with their own unit
DESCEND = 0.5  # go one level down when the child's support reaches this share of the parent's own
MASK_CHARS = "*＊×Xx"
MASK_RE = re.compile(rf"[{MASK_CHARS}]{{2,3}}(省|市|县|区|州|旗)")
DATELINE_RE = re.compile(r"\s?\d{1,2}月\d{1,2}日\s?(电|讯)")
SENTENCE_END = "。!?;\n"


class Unit(NamedTuple):
    """One administrative unit (or development zone) of the gazetteer."""

    adcode: str
    level: str  # province | city | county | zone
    name: str
    parent: str  # adcode of the parent unit ("" for a province)


@dataclass(slots=True)  # slots: a long report makes tens of thousands of them
class Mention:
    start: int  # normalized offsets
    end: int
    surface: str
    cands: list  # adcodes / zone keys this surface may name
    kind: str  # full | short | old | zone
    where: str = "body"
    weight: float = 1.0
    qualifier: bool = False  # 云南 in 云南凤庆: only qualifies the next name
    unit: Optional[str] = None  # the unit it was resolved to
    qualified: bool = False  # follows one of its ancestors (restricted to its descendants)
    context: Optional[str] = None  # the title / author string it was found in
    alts: tuple = ()  # the other units an ambiguous surface could name
    support: tuple = ()  # the mentions that decided between them
    strong: bool = False  # in the title or author line, or naming an acting organ (凤庆县委)


class Gazetteer:
    """China's divisions (province / prefecture / county) with adcodes, short forms, old names
    and development zones, from ``data/gazetteer/``. Build it once with :func:`gazetteer`.

    >>> g = gazetteer()
    >>> [u.adcode for u in g.lookup("和平区")]
    ['120101', '210102', '710421']
    >>> g.chain("620725")
    ('甘肃省', '张掖市', '山丹县')
    >>> [u.name for u in g.lookup("山丹縣")]
    ['山丹县']
    >>> g.lookup("襄樊")[0].name
    '襄阳市'
    """

    def __init__(self):
        self.units: dict[str, Unit] = {}
        self.names: dict[str, list[tuple[str, str]]] = defaultdict(list)  # surface → [(key, kind)]
        self.children: dict[str, list[str]] = defaultdict(list)
        self.shortest: dict[str, str] = {}
        self.renamed: dict[str, list[tuple]] = defaultdict(list)  # old name → [(date, new adcode)]
        self._ancestors: dict[str, tuple[str, ...]] = {}
        self._info: dict[str, tuple[str, tuple]] = {}  # surface → (kind, candidate keys)
        self.guard_words = frozenset(r[0] for r in load_table(GAZ + "guard_words.tsv"))
        self.guard_suffixes = tuple(r[0] for r in load_table(GAZ + "guard_suffixes.tsv"))
        self.split_words = frozenset(r[0] for r in load_table(GAZ + "split_words.tsv"))
        self.self_words = {r[0]: r[1] for r in load_table(GAZ + "self_words.tsv")}
        self.organ_words = tuple(r[0] for r in load_table(GAZ + "organ_words.tsv"))
        self._load_units()
        self._load_zones()
        self._load_renamed()
        self.automaton = self._build_automaton()
        self.provinces = [k for k, u in self.units.items() if u.level == "province"]

    # -- loading ---------------------------------------------------------------
    def _add(self, surface: str, key: str, kind: str) -> None:
        if len(surface) >= 2 and (key, kind) not in self.names[surface]:
            self.names[surface].append((key, kind))

    def _load_units(self) -> None:
        for code, level, name, parent, *rest in load_table(GAZ + "regions.tsv"):
            self.units[code] = Unit(code, level, name, parent)
            if parent:
                self.children[parent].append(code)
            self._add(name, code, "full")
            shorts = [s for s in (rest[0].split(",") if rest and rest[0] else ()) if len(s) >= 2]
            self.shortest[code] = min(shorts, key=len) if shorts else name
            for s in shorts:  # 景东县, 黔南州 are complete names, 景东 is a short form
                self._add(s, code, "full" if s[-1] in "省市州盟县旗区" else "short")

    def _load_zones(self) -> None:
        suffixes = load_table(GAZ + "zone_suffixes.tsv")
        coded = {}
        for code, name, parent, *_ in load_table(GAZ + "zones.tsv"):
            key = "Z" + code
            self.units[key] = Unit(code, "zone", name, parent)
            coded[name] = key
            self._add(name, key, "zone")
            for p in self._prefixes(self.units[parent].parent):
                if name.startswith(p) and len(name) > len(p) + 3:
                    self._add(name[len(p):], key, "zone")  # 河北唐山芦台经济开发区 → 唐山芦台经济开发区
        # any city + a zone type: 潍坊高新区 → 潍坊高新技术产业开发区 (coded when the table has it)
        for code, u in list(self.units.items()):
            if u.level != "city":
                continue
            for city in self._prefixes(code):
                for written, official in suffixes:
                    full = self._short(code) + official
                    key = coded.get(full) or coded.get(u.name + official)
                    if key is None:
                        key = "Z:" + code + ":" + official
                        if key not in self.units:
                            self.units[key] = Unit("", "zone", full, code)
                    self._add(city + written, key, "zone")

    def _short(self, code: str) -> str:
        return self.shortest.get(code) or self.units[code].name

    @functools.lru_cache(maxsize=None)
    def _prefixes(self, code: str) -> tuple[str, ...]:
        """The ways a text names a unit in front of something else: 潍坊市, 潍坊."""
        if not code or code not in self.units:
            return ()
        u = self.units[code]
        return tuple(dict.fromkeys([u.name, self._short(code)]))

    def _load_renamed(self) -> None:
        for date, old, old_parent, new_code, new_name, *_ in load_table(GAZ + "renamed.tsv"):
            self.renamed[old].append((date, new_code, old_parent))
            if not any(k == new_code for k, _ in self.names.get(old, ())):
                if not any(kind == "full" for _, kind in self.names.get(old, ())):
                    self._add(old, new_code, "old")  # 襄樊市 resolves to 襄阳市 (城区 stays a current name)
                    for s in _old_shorts(old):
                        if s not in self.names:
                            self._add(s, new_code, "old")

    def _build_automaton(self):
        # Rust-backed automaton, leftmost-longest: ~80 MB/s here, where one regex alternation
        # of the same ~15k names runs at under 1 MB/s
        import ahocorasick_rs

        self._surfaces = list(self.names)
        # self-references (全县, 我市) in one pass: overlapping matches count each word as
        # str.count does, except a word that overlaps itself (none now), which keeps str.count
        self._self_list = list(self.self_words)
        self._self_ac = ahocorasick_rs.AhoCorasick(self._self_list) if self._self_list else None
        self._self_bordered = [w for w in self._self_list if any(w[:i] == w[-i:] for i in range(1, len(w)))]
        # when no occurrence of one word can overlap another's (全县, 我市: 全/我/本 never end
        # one), the standard library's scans find each occurrence, faster than the
        # overlapping automaton: one scan per first character (全…, 我…, 本…), since a
        # literal first character lets the engine skip ahead about three times faster than
        # an alternation's class does. None when words may overlap.
        ws = self._self_list
        overlap = any((a != b and a in b) or any(a[-i:] == b[:i] for i in range(1, min(len(a), len(b))))
                      for a in ws for b in ws)
        by_first = defaultdict(list)
        for w in ws:
            by_first[w[0]].append(w)
        self._self_res = None if overlap or not ws else tuple(
            re.compile(re.escape(c) + "(?:" + "|".join(re.escape(w[1:]) for w in group) + ")")
            for c, group in by_first.items())
        self._hit_records = [None] * len(self._surfaces)  # per pattern: see _hit_record
        self._follow = _Follow(self)
        self._need = {}  # surface → _needs_context of its unrestricted mentions
        self._build_coded(ahocorasick_rs)
        return ahocorasick_rs.AhoCorasick(self._surfaces, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    def _build_coded(self, ahocorasick_rs) -> None:
        """The automaton over the names coded two bytes a character (`coded`), for
        `_find_raw` (collect's whole-text pass) and `find_all`: the coded text, about half 00 00, is two thirds the length of its UTF-8
        form, and the whole-text pass takes about two thirds of the time (coding included).
        A DFA would scan faster alone but not inside the pipeline, where the other steps
        evict its ~80 MB table from the caches. None where the names cannot be coded."""
        self._coded = coded.automaton(self._surfaces, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    def find_all(self, text: str) -> list:
        """``automaton.find_matches_as_indexes(text)``, faster on a long text (see
        `_build_coded`); it raises the same UnicodeEncodeError on a lone surrogate."""
        return coded.find_all(self._coded, self.automaton, text)

    def _find_raw(self, text: str) -> tuple[list, int]:
        """`find_all`'s matches with the offsets in characters << shift, and the shift
        (`coded.find_raw`): collect shifts the offsets of the matches it reads only."""
        return coded.find_raw(self._coded, self.automaton, text)

    def _hit_record(self, k: int) -> tuple:
        """(surface, kind, candidate keys, last character if one of 市区县 else None,
        whether it needs context, the keys its mentions may add to _filter_guarded's
        full_seen) of pattern `k`, what _mentions and _dead_patterns read per match."""
        surface = self._surfaces[k]
        kind, cands = self._surface_info(surface)
        need = self._needs(surface)
        # a mention adds its candidates (fewer when a chain restricts them) where its kind
        # is full, zone or old and it needs no context, which for those kinds does not
        # depend on the candidates; a split (上海市场) makes it a mention of 上海
        full = cands if kind in ("full", "zone", "old") and not need else ()
        last = surface[-1] if surface[-1] in "市区县" else None
        if last is not None and self.names.get(surface[:-1]):
            kind2, cands2 = self._surface_info(surface[:-1])
            if kind2 in ("full", "zone", "old") and not self._needs(surface[:-1]):
                full = full + cands2
        return surface, kind, cands, last, need, full

    def _needs(self, surface: str) -> bool:
        """_needs_context of an unrestricted mention of `surface`, kept in `_need`."""
        need = self._need.get(surface)
        if need is None:
            kind, cands = self._surface_info(surface)
            need = self._need[surface] = _needs_context(Mention(0, 0, surface, list(cands), kind), self)
        return need

    def _surface_info(self, surface: str) -> tuple[str, tuple]:
        """(kind, candidate keys) of a surface, as find_mentions reads its entries; kept in
        `_info`, since a long report repeats the same few names."""
        out = self._info.get(surface)
        if out is not None:
            return out
        entries = self.names.get(surface, ())
        kinds = {k for _, k in entries}
        kind = "full" if "full" in kinds else "zone" if "zone" in kinds else "old" if "old" in kinds else "short"
        out = self._info[surface] = (kind, tuple(dict.fromkeys(k for k, _ in entries)))
        return out

    def count_self_words(self, text: str) -> dict[str, int]:
        """How often each self-reference word occurs in `text` (``text.count(word)``).

        >>> gazetteer().count_self_words("全县上下,全县学校;我县")
        {'全县': 2, '我县': 1}
        """
        counts = defaultdict(int)
        if self._self_ac is not None:
            for i, _, _ in self._self_ac.find_matches_as_indexes(text, overlapping=True):
                counts[self._self_list[i]] += 1
        for w in self._self_bordered:
            counts[w] = text.count(w)
        return {w: counts[w] for w in self._self_list if counts.get(w)}

    def _self_hits(self, text: str) -> tuple[list, list]:
        """(starts, (word index, end)) of every self-reference word in `text`, by start."""
        if self._self_ac is None:
            return [], []
        found = sorted((s, i, e) for i, s, e in self._self_ac.find_matches_as_indexes(text, overlapping=True))
        return [f[0] for f in found], [(i, e) for _, i, e in found]

    def _count_self_in(self, hits: tuple, text: str, start: int, end: int) -> dict[str, int]:
        """``count_self_words(text[start:end])`` from `_self_hits(text)`: overlapping matches
        are every occurrence, so those inside the span are the span's own. `hits` is None
        when `_self_res` is set: the span is scanned itself, which costs no more."""
        counts = defaultdict(int)
        if hits is None:  # no two words overlap (_self_res): a scan of the span finds each one inside it
            for rx in self._self_res:
                for w in rx.findall(text, start, end):
                    counts[w] += 1
        else:
            starts, found = hits
            for i, e in found[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]:
                if e <= end:
                    counts[self._self_list[i]] += 1
        for w in self._self_bordered:
            counts[w] = text.count(w, start, end)
        return {w: counts[w] for w in self._self_list if counts.get(w)}

    # -- queries ---------------------------------------------------------------
    def lookup(self, name: str) -> list[Unit]:
        """Every unit a name may denote (full, short or old name; traditional script too)."""
        from .normalize import to_simplified

        name = to_simplified(name.strip())
        return [self.units[k] for k, _ in self.names.get(name, ())]

    def adcode(self, name: str, within: Optional[str] = None) -> Optional[str]:
        """The adcode of a name when it denotes one unit (within a named ancestor, if given);
        None when it denotes none or several.

        >>> g = gazetteer()
        >>> g.adcode("凤庆县"), g.adcode("和平区"), g.adcode("和平区", within="沈阳")
        ('530921', None, '210102')
        """
        units = self.lookup(name)
        if within is not None:
            anc = {u.adcode for u in self.lookup(within)}
            units = [u for u in units if anc & set(self.ancestors(u.adcode)[1:])]
        codes = {u.adcode for u in units}
        return codes.pop() if len(codes) == 1 else None

    def rows(self, *, zones: bool = False) -> list[dict]:
        """One dict per unit (adcode, level, name, province, city, county), e.g. for
        ``pandas.DataFrame(gazetteer().rows())`` when comparing counties.

        >>> next(r for r in gazetteer().rows() if r["adcode"] == "530921")["city"]
        '临沧市'
        """
        out = []
        for key, u in self.units.items():
            if u.level == "zone" and not (zones and u.adcode):
                continue
            prov, city, county = self.chain(key)
            out.append({"adcode": u.adcode, "level": u.level, "name": u.name,
                        "province": prov, "city": city, "county": county})
        return out

    def unit(self, key: str) -> Optional[Unit]:
        return self.units.get(key)

    def ancestors(self, key: str) -> list[str]:
        """Keys from the unit itself up to its province."""
        return list(self._anc(key))

    def _anc(self, key: str) -> tuple[str, ...]:
        """:meth:`ancestors` as a shared tuple, worked out once per unit."""
        try:
            return self._ancestors[key]
        except KeyError:
            if key not in self.units:
                return ()
        out, k = [], key
        while k and k in self.units:
            out.append(k)
            k = self.units[k].parent
        self._ancestors[key] = out = tuple(out)
        return out

    def chain(self, key: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
        """(province, city, county) names of a unit; a municipality is its own city."""
        prov = city = county = None
        for k in self._anc(key):
            u = self.units[k]
            if u.level == "province":
                prov = u.name
            elif u.level == "city":
                city = u.name
            elif u.level == "county":
                county = u.name
        if city is None and prov and prov.endswith("市") and key != "" and self.units[key].level != "province":
            city = prov
        return prov, city, county

    def matches(self, text: str) -> Iterable[tuple[int, int, str, tuple]]:
        """Leftmost-longest name matches: (start, end, surface, ((key, kind), …)).

        >>> [m[:3] for m in gazetteer().matches("天津和平区")]
        [(0, 2, '天津'), (2, 5, '和平区')]
        """
        for i, s, e in self.automaton.find_matches_as_indexes(text):
            surface = self._surfaces[i]
            yield s, e, surface, tuple(self.names[surface])


class _Follow(dict):
    """character → whether a name followed by it needs _mentions' slow path: it may open a
    guard suffix or an organ word, a dateline (digit or space) or be 、 ("" is the end)."""

    def __init__(self, g: Gazetteer):
        super().__init__()
        self.words = g.guard_suffixes + g.organ_words

    def __missing__(self, c: str) -> bool:
        # a word can start at e only if it is empty or opens with c
        out = self[c] = (c == "、" or c.isdecimal() or c.isspace()
                         or any(not w or w[0] == c for w in self.words))
        return out


def _old_shorts(old: str) -> list[str]:
    """襄樊市 → 襄樊; two-character names keep their suffix (盘县)."""
    for suf in ("市", "县", "区"):
        if old.endswith(suf) and len(old) >= 3:
            return [old[:-1]]
    return []


@functools.cache
def gazetteer() -> Gazetteer:
    """The shared gazetteer, built on first use."""
    return Gazetteer()


# -- finding mentions ------------------------------------------------------------
def find_mentions(text: str, start: int = 0, end: Optional[int] = None, *, where: str = "body",
                  g: Optional[Gazetteer] = None) -> list[Mention]:
    """Place-name mentions in ``text[start:end]`` with every unit each may name.

    >>> [(m.surface, m.cands) for m in find_mentions("我们在太原路和五大连池市调研")]
    [('五大连池市', ['231182'])]
    """
    g = g or gazetteer()
    return _mentions(text, _scan(text, start, len(text) if end is None else end, g), where, g)


def _scan(text: str, s: int, e: int, g: Gazetteer) -> list:
    """The automaton's matches in text[s:e] scanned alone, at offsets into `text`."""
    return [(k, a + s, b + s) for k, a, b in g.automaton.find_matches_as_indexes(text[s:e])]


def _span_hits(hits: list, starts: list, text: str, s: int, e: int, g: Gazetteer, sh: int = 0) -> list:
    """The automaton's matches in text[s:e] (absolute offsets), from the matches of all of
    `text`: a leftmost-longest parse restricted to a span is the span's own parse unless a
    match straddles one of its ends, and then the span is scanned alone. Offsets in `hits`,
    `starts` and the answer are characters << sh (`Gazetteer._find_raw`)."""
    s2, e2 = s << sh, e << sh
    i = bisect.bisect_left(starts, s2)
    j = bisect.bisect_left(starts, e2, i)
    if (i and hits[i - 1][2] > s2) or (j and hits[j - 1][2] > e2):
        return [(k, a << sh, b << sh) for k, a, b in _scan(text, s, e, g)] if sh else _scan(text, s, e, g)
    return hits[i:j]


def _mentions(text: str, hits, where: str, g: Gazetteer, defer: bool = False, dead=(), sh: int = 0) -> list:
    """find_mentions' reading of automaton matches (pattern index, start, end) in `text`,
    the offsets in characters << sh.

    With `defer`, a mention that needs context (和平, 合作: most matches of a long report)
    and touches no other one stays a tuple (start, end, surface, candidates, kind, where,
    weight, strong) until `_filter_guarded` keeps it: only a chain can qualify it, and
    adjacent mentions are made Mentions here, before `_link_chains` reads them; their
    candidates are then a tuple until a chain or the filter narrows them. A match of a
    pattern in `dead` (see `_dead_patterns`) that touches no other is passed over: the
    filter would drop its mention (only a chain could keep it), and it can have no other.
    """
    out = []
    last = -1  # end of the last entry of out
    # collect's mentions share their surface's candidate tuple (they are only ever replaced,
    # never changed in place): fewer objects for the collector to walk in a long report
    as_cands = tuple if defer else list
    append = out.append
    info, known = g._surface_info, g._info
    w0 = WEIGHTS.get(where, 1.0)
    w_listed = w0 * LISTED
    strong0 = where in ("title", "author")
    guard, organs, split = g.guard_suffixes, g.organ_words, g.split_words
    records, follow = g._hit_records, g._follow
    nexts = set(map(_START, hits)) if dead else ()
    for k, s, e in hits:
        if k in dead and s != last << sh and e not in nexts:
            continue  # a mention the filter drops, which touches none (the next match would)
        s, e = s >> sh, e >> sh
        rec = records[k]
        if rec is None:
            rec = records[k] = g._hit_record(k)
        # fast path: the next character can open no guard suffix, dateline, organ word or
        # 、, and no split word (上海市场) is formed: the checks below would all fail
        c = text[e:e + 1]
        if not follow[c] and (rec[3] is None or rec[3] + c not in split):
            surface, kind, cands = rec[0], rec[1], rec[2]
            w = w_listed if text[s - 1:s] == "、" else w0
            if s == last and out[-1].__class__ is tuple:
                out[-1] = _made(out[-1])  # it touches this one: no longer deferred
            if defer and rec[4] and s != last:
                append((s, e, surface, cands, kind, where, w, strong0))
            else:
                append(Mention(s, e, surface, as_cands(cands), kind, where, w, False, None, False, None,
                               (), (), strong0))
            last = e
            continue
        surface = rec[0]
        if text.startswith(guard, e, e + 4):
            continue  # 太原路, 延安精神, 中山大学
        # c: the character after the name. DATELINE_RE opens with \s or \d: most names are
        # followed by neither
        if (c.isdecimal() or c.isspace()) and DATELINE_RE.match(text, e):
            continue  # 新华社北京6月1日电: where the news was filed, not what it is about
        if surface[-1] in "市区县" and text[e - 1:e + 1] in split:
            surface, e = surface[:-1], e - 1  # 上海市场 → 上海
            if not g.names.get(surface):
                continue
        kind, cands = known.get(surface) or info(surface)
        w = w0
        organ = text.startswith(organs, e)
        if organ:
            w *= ORGAN  # 凤庆县委…, 番禺区教育局…: the unit that acts is the report's own
        if text[s - 1:s] == "、" or text[e:e + 1] == "、":
            w *= LISTED  # one of an enumeration (会泽县、宣威市、陆良县) is an example, not the subject
        if s == last and out[-1].__class__ is tuple:
            out[-1] = _made(out[-1])
        append(Mention(s, e, surface, as_cands(cands), kind, where, w, strong=organ or strong0))
        last = e
    return out


_START = operator.itemgetter(1)
_KEY = operator.itemgetter(0)


def _dead_patterns(zone_hits: list, g: Gazetteer) -> set:
    """The patterns among `zone_hits` (all the automaton matches collect reads) whose
    unchained mentions _filter_guarded is sure to drop: they need context, none of their
    candidates is among those any of the matches may add to full_seen (a superset of
    full_seen, to which they add nothing), and no split (上海市场) makes them another name."""
    records = g._hit_records
    ks = set()
    for hits in zone_hits:
        ks.update(map(_KEY, hits))
    full, maybe = set(), []
    for k in ks:
        rec = records[k]
        if rec is None:
            rec = records[k] = g._hit_record(k)
        if rec[5]:  # it needs no context, or a split may make it a name that needs none
            full.update(rec[5])
        elif rec[4] and rec[3] is None:
            maybe.append((k, rec[2]))
    return {k for k, cands in maybe if full.isdisjoint(cands)}


def _made(t: tuple) -> Mention:
    """The Mention of one of _mentions' deferred tuples."""
    s, e, surface, cands, kind, where, w, strong = t
    return Mention(s, e, surface, cands, kind, where, w, False, None, False, None, (), (), strong)


def _needs_context(m: Mention, g: Gazetteer) -> bool:
    """A surface that counts only after one of its ancestors (天津和平) or when the document
    also names the unit in full: ordinary words (和平, 资源, 城区) and county short forms,
    which hide inside other words (桂东 in 桂东南) and personal names."""
    if m.kind == "full":
        return m.surface in g.guard_words or (len(m.surface) == 2 and m.surface[-1] == "区")  # 老城区, 北区
    if m.kind != "short":
        return False
    return m.surface in g.guard_words or any(g.units[k].level == "county" for k in m.cands)


def _link_chains(ms: list[Mention], g: Gazetteer) -> None:
    """云南凤庆, 天津和平区, 山东省潍坊市: a name right after one of its ancestors is
    restricted to that ancestor's descendants; the ancestor only qualifies it."""
    for prev, m in zip(ms, ms[1:]):
        if prev.__class__ is tuple or m.__class__ is tuple or prev.end != m.start:
            continue  # a deferred tuple touches no other mention
        # an ordinary word (和平) needs its own parent in front (天津和平 is not enough for 台中和平)
        depth = slice(1, 2) if m.surface in g.guard_words else slice(1, None)
        keep = [k for k in m.cands if any(a in prev.cands for a in g._anc(k)[depth])]
        if keep:
            m.cands = keep
            m.qualified = True
            prev.qualifier = True
            prev.cands = [a for a in prev.cands if any(a in g._anc(k) for k in keep)] or prev.cands


def _filter_guarded(ms: list[Mention], g: Gazetteer) -> list[Mention]:
    # once per mention: both passes read it. A mention neither chains nor is chained keeps
    # its surface's candidates (only _link_chains and the title rule set those flags or
    # change them), so the answer is its surface's
    cache = g._need
    need = []
    full_seen = set()
    for m in ms:
        if m.__class__ is tuple:  # deferred: needs context, unqualified
            need.append(True)
            continue
        if m.qualified or m.qualifier:
            n = _needs_context(m, g)
        else:
            n = cache.get(m.surface)
            if n is None:
                n = g._needs(m.surface)
        need.append(n)
        if not n and m.kind in ("full", "zone", "old"):
            full_seen.update(m.cands)
    out = []
    seen_of = {}  # surface → its candidates in full_seen (a deferred one has its surface's)
    for m, n in zip(ms, need):
        if m.__class__ is tuple:
            seen = seen_of.get(m[2])
            if seen is None:
                seen = seen_of[m[2]] = [k for k in m[3] if k in full_seen]
            if seen:
                m = _made(m)
                m.cands = list(seen)
                out.append(m)
            continue
        if n and not m.qualified:
            seen = [k for k in m.cands if k in full_seen]
            if not seen:
                continue
            m.cands = seen
        out.append(m)
    return out


# -- the document ------------------------------------------------------------------
def _zones_of(doc: Document) -> list[tuple[str, int, int, str]]:
    """(where, start, end, text): the parts of the document that may speak about its place."""
    text = doc.text
    parts = []
    body_start, body_end = doc.body_start, doc.body_end or len(text)
    author_span = None
    if doc.author:
        i = text.find(doc.author, body_start, body_end)
        if i >= 0:
            author_span = (i, i + len(doc.author))
    lead_end = doc.paragraphs[0][1] if doc.paragraphs else min(body_end, body_start + 200)
    cuts = [(body_start, min(lead_end, body_end), "lead"), (min(lead_end, body_end), body_end, "body")]
    for s, e, where in cuts:
        if author_span and s <= author_span[0] < e:
            parts.append((where, s, author_span[0], text))
            parts.append(("author", author_span[0], author_span[1], text))
            parts.append((where, author_span[1], e, text))
        else:
            parts.append((where, s, e, text))
    if doc.title and doc.title not in text[body_start:body_end]:
        parts.append(("title", 0, len(doc.title), doc.title))
    if doc.author and author_span is None:
        parts.append(("author", 0, len(doc.author), doc.author))
    if doc.source:
        parts.append(("source", 0, len(doc.source), doc.source))
    return parts


def collect(doc: Document, g: Optional[Gazetteer] = None) -> tuple[list[Mention], dict, list]:
    """Mentions with their weights, self-reference weights per level, masked mentions."""
    g = g or gazetteer()
    mentions, selfw, masked = [], defaultdict(float), []
    zones = [z for z in _zones_of(doc) if z[2] > z[1]]
    hits = starts = selfs = None  # selfs: see Gazetteer._count_self_in
    sh = 0  # hits' offsets are characters << sh
    if any(z[3] is doc.text for z in zones):
        # the document's own parts (lead, author line, body) from one pass of each automaton
        try:
            hits, sh = g._find_raw(doc.text)
            starts = list(map(_START, hits))
            selfs = g._self_hits(doc.text) if g._self_res is None else None
        except UnicodeEncodeError:
            hits = None  # a lone surrogate: each part alone, so only a part holding one fails
    # every zone's matches first: the patterns whose deferred mentions are sure to be
    # dropped (most matches of a long report: 合作, 资源, 和平) are then not made at all
    zone_hits = [_span_hits(hits, starts, text, s, e, g, sh) if text is doc.text and hits is not None
                 else _scan(text, s, e, g) for _, s, e, text in zones]
    dead = _dead_patterns(zone_hits, g)
    for (where, s, e, text), zh in zip(zones, zone_hits):
        if text is doc.text and hits is not None:
            ms = (_mentions(text, zh, where, g, defer=True, dead=dead, sh=sh) if where != "title"
                  else _mentions(text, zh, where, g, sh=sh))
        else:
            ms = _mentions(text, zh, where, g)
        _link_chains(ms, g)
        if where == "title" and ms and ms[0].start == s and text[ms[0].end:ms[0].end + 1] in (":", "：", " "):
            ms[0].qualified = True  # a title headed "通道:" names its subject, even with a word-like name
        if text is not doc.text:  # title / author / source strings: offsets are not the body's
            for m in ms:
                m.start = m.end = -1
                m.context = text
        mentions.extend(ms)
        w = WEIGHTS.get(where, 1.0)
        counts = (g._count_self_in(selfs, text, s, e) if text is doc.text and hits is not None
                  else g.count_self_words(text[s:e]))
        for word, n in counts.items():  # in the table's order
            selfw[g.self_words[word]] += n * w
            selfw[word[-1]] += n * w  # by unit type too: 全县 speaks of a 县
        # a mask opens with one of MASK_CHARS: where none occurs (nearly always) the regex,
        # a scan of the whole body, is not run; else it starts at the first one
        first = min((i for i in (text.find(c, s, e) for c in MASK_CHARS) if i >= 0), default=-1)
        for mm in MASK_RE.finditer(text, first, e) if first >= 0 else ():
            masked.append((mm.group(0), mm.group(1), w))
    mentions = _filter_guarded(mentions, g)
    first = next((m for m in mentions if m.where == "lead" and not m.qualifier), None)
    if first is not None:
        first.weight *= FIRST
    return mentions, selfw, masked


def _relation(g: Gazetteer, a: str, b: str) -> float:
    """How much a resolved unit `a` supports candidate `b`: ancestor or same city 1, same province .5."""
    anc_b = g.ancestors(b)
    if a in anc_b:
        return 1.0
    anc_a = g.ancestors(a)
    if b in anc_a:
        return 1.0
    if len(anc_a) > 1 and len(anc_b) > 1 and anc_a[1] == anc_b[1]:
        return 1.0  # siblings: 宝坻区 beside 和平区
    if anc_a[-1] == anc_b[-1]:
        return 0.5
    return 0.0


class _Support:
    """What the units a document names for certain say for a candidate, summed per unit
    over the mentions, then per province / parent / ancestor: :func:`_relation` weighed
    against every resolved unit, without visiting them one by one.

    score(k) = Σ_u w(u)·_relation(u, k). _relation is 1 for u among k's ancestors (k itself
    included), strictly below k, or sharing k's parent; .5 for the rest of k's province; 0
    elsewhere. All the units at 1 lie in k's province, so score = ½·(at 1) + ½·(province).
    The weights are short binary fractions (3, 1.5, 0.5, …), so these sums are exact and
    equal the pairwise ones (tests/test_regions.py checks it).
    """

    def __init__(self, sure: dict, surfaces: dict, g: Gazetteer):
        self.g, self.sure = g, sure
        self.root = defaultdict(float)  # province (top ancestor) → weight of the units in it
        self.below = defaultdict(float)  # unit → weight of the units strictly below it
        self.siblings = defaultdict(float)  # parent → weight of its child units
        names = {}  # province → the surfaces naming its units, in first-use order
        for u, w in sure.items():
            anc = g._anc(u)
            self.root[anc[-1]] += w
            for a in anc[1:]:
                self.below[a] += w
            if len(anc) > 1:
                self.siblings[anc[1]] += w
            names.setdefault(anc[-1], {}).update(dict.fromkeys(surfaces[u]))
        self.names = {r: list(d) for r, d in names.items()}
        self._support = {}

    def score(self, k: str) -> float:
        if not self.sure:
            return 0
        anc = self.g._anc(k)
        near = sum(self.sure.get(a, 0.0) for a in anc) + self.below.get(k, 0.0)
        if len(anc) > 1:
            near += self.siblings.get(anc[1], 0.0) - self.sure.get(k, 0.0)
        return 0.5 * near + 0.5 * self.root[anc[-1]]

    def support(self, unit: str, surface: str) -> list[str]:
        """The surfaces of the resolved units that bear on `unit` (those of its province)."""
        key = (self.g._anc(unit)[-1], surface)
        if key not in self._support:
            self._support[key] = [x for x in self.names.get(key[0], ()) if x != surface]
        return self._support[key]


_NONE = object()  # no entry yet (None is an answer)


def disambiguate(mentions: list[Mention], g: Gazetteer) -> list[dict]:
    """Resolve each mention to one unit where the rest of the document decides; return the
    candidate lists of those it cannot.

    Linear in the mentions: the resolved ones are summed per unit first, and the scores and
    the deciding names are worked out once per candidate list / per province and surface.
    """
    higher = {}
    sure = defaultdict(float)  # unit → weight of the mentions that name it for certain
    surfaces = defaultdict(list)
    pending = []  # the mentions left open, in their order
    for m in mentions:
        # one candidate, or nested ones (吉林: province and its city; 天津: municipality and its
        # city): the higher level, which the lower one implies
        key = tuple(m.cands)
        unit = higher.get(key, _NONE)
        if unit is _NONE:
            nested = [k for k in m.cands if all(k in g._anc(o) for o in m.cands)]
            unit = higher[key] = nested[0] if nested else None
        if unit is not None:
            m.unit = unit
        if m.unit is not None:
            sure[m.unit] += m.weight
            surfaces[m.unit].append(m.surface)
        else:
            pending.append(m)
    support = _Support(sure, surfaces, g)
    open_, cache = [], {}
    for m in pending:
        key = tuple(m.cands)
        if key not in cache:  # units, not mentions: a long report repeats the same few names
            scores = {k: support.score(k) for k in m.cands}
            cache[key] = scores, sorted(m.cands, key=lambda k: -scores[k])
        scores, ranked = cache[key]
        if scores[ranked[0]] > 0 and scores[ranked[0]] > scores[ranked[1]]:
            m.unit = ranked[0]
            m.alts = ranked[1:]
            m.support = support.support(m.unit, m.surface)
        else:
            open_.append({"surface": m.surface, "scores": scores})
    return open_


class _Tree:
    """Support per unit: own (mentions naming it) and sub (it plus everything below)."""

    def __init__(self, mentions: list[Mention], g: Optional[Gazetteer]):
        self.own = defaultdict(float)
        self.sub = defaultdict(float)
        self.by_unit = defaultdict(list)
        self.count = defaultdict(int)  # mentions in the subtree
        self.strong = set()  # units with a strong mention in their subtree
        per_unit = {}  # unit → [mentions, weight, strong], in first-mention order
        for m in mentions:
            u = m.unit
            if u is None:
                continue
            self.by_unit[u].append(m)
            if not m.qualifier:
                self.own[u] += m.weight
            agg = per_unit.get(u)
            if agg is None:
                per_unit[u] = [1, m.weight, m.strong]
            else:
                agg[0] += 1
                agg[1] += m.weight
                agg[2] = agg[2] or m.strong
        # up the chains once per unit: the weights are short binary fractions (see
        # _Support), so the sums are exact in any order, and units in first-mention order
        # create the keys in the order the mentions would
        for u, (n, w, strong) in per_unit.items():
            for a in g._anc(u):
                self.count[a] += n
                self.sub[a] += w
                if strong:
                    self.strong.add(a)


def _attach_self_words(tree: _Tree, selfw: dict, masked_t: dict, g: Gazetteer) -> None:
    """全县 / 全区 / 全市 count for the named unit of that type the report names most (全县 and
    凤庆县 beside 昆明市: the 县); with no such unit, or a masked one (**市) named as often,
    they stay level-wide votes."""
    levels = {w[-1]: lv for w, lv in g.self_words.items()}
    for t, lv in levels.items():
        w = selfw.get(t, 0)
        if not w or lv == "nation":
            continue
        named = sorted((k for k, v in tree.own.items() if v > 0 and g.units[k].name.endswith(t)),
                       key=lambda k: -tree.own[k])
        if not named or (len(named) > 1 and tree.own[named[0]] == tree.own[named[1]]):
            continue
        if masked_t.get(t, 0) >= tree.own[named[0]]:
            continue
        k = named[0]
        tree.own[k] += w
        for a in g._anc(k):
            tree.sub[a] += w
            tree.strong.add(a)  # the report calls it its own (全县 beside 凤庆县)
        selfw[lv] -= w


def _pick(keys: list[str], support: dict) -> tuple[Optional[str], list[str]]:
    """The dominant key (≥ DOMINANCE × the runner-up), or None; keys ranked."""
    ranked = sorted((k for k in keys if support.get(k, 0) > 0), key=lambda k: -support[k])
    if not ranked:
        return None, []
    if len(ranked) > 1 and support[ranked[0]] < DOMINANCE * support[ranked[1]]:
        return None, ranked
    return ranked[0], ranked


def resolve_region(doc: Document) -> Optional[Region]:
    """The report's own region; all levels None when the text names no place.

    A failure here must not cost the record its slogans and figures: it is reported in
    ``evidence`` and the levels stay None.
    """
    try:
        return _resolve(doc)
    except Exception as e:  # noqa: BLE001 - one bad document must not stop a run
        return Region(evidence=f"region error: {type(e).__name__}: {e}")


def _resolve(doc: Document) -> Region:
    g = gazetteer()
    mentions, selfw, masked = collect(doc, g)
    open_ = disambiguate(mentions, g)
    tree = _Tree(mentions, g)
    masked_t = defaultdict(float)
    for _, suffix, w in masked:
        masked_t[suffix] += w
    _attach_self_words(tree, selfw, masked_t, g)
    # unnamed votes per level: what is left of 全省/全市/全县 and the masked **市/**县
    votes = {lv: selfw[lv] for lv in ("nation", "province", "city", "county")}
    for suffix, w in masked_t.items():
        votes["city" if suffix in "市州" else "county" if suffix in "县区旗" else "province"] += w

    notes, chosen = [], []
    provinces = g.provinces
    # any self-reference below the nation says the report is local
    local = votes["province"] + votes["city"] + votes["county"]
    p, ranked = _descend(provinces, tree, votes["nation"], local)
    if p is not None and tree.count[p] < 2 and p not in tree.strong:
        # one passing mention (赴延安研学) says where the report went, not where it is
        passing = [m for k, ms in tree.by_unit.items() if p in g._anc(k) for m in ms]
        notes.append("one passing mention: " + "、".join(m.surface for m in passing))
        p, ranked = None, [m.unit for m in passing]
    if p is None:
        cands = _candidates(ranked, tree.sub, g) or _open_candidates(open_, g)
        if masked and not cands:
            notes.append("masked, no place the text names pins it down: " + "、".join(dict.fromkeys(x for x, _, _ in masked)))
        return _region(g, [], tree, doc, notes, cands)
    chosen.append(p)
    stay = tree.own[p] + votes["province"]
    kids = g.children[p]  # cities, and county-level units the province runs itself (仙桃市)
    if g.units[p].name.endswith("市"):  # a municipality is its own city
        c = max(kids, key=lambda k: tree.sub[k])
        stay += tree.own[c] + votes["city"]
        chosen.append(c)
    else:
        c, ranked = _descend(kids, tree, stay, votes["city"])
        if c is None:
            return _region(g, chosen, tree, doc, notes, _candidates(ranked, tree.sub, g))
        chosen.append(c)
        if g.units[c].level == "county":
            return _region(g, chosen, tree, doc, notes, [])
        if masked_t["市"] or masked_t["州"]:
            notes.append(_masked_note(masked, g.units[c], tree, g))
        stay = tree.own[c] + votes["city"]
    subs = g.children[c] + [k for k in tree.sub if g.units[k].level == "zone" and g.units[k].parent == c]
    k, ranked = _pick(subs, tree.sub)
    extra = votes["county"]
    if k is not None and g.units[k].name.endswith("市") and not g.units[p].name.endswith("市"):
        extra += votes["city"]  # 全市 of a county-level city
        stay -= votes["city"]
    k, ranked = _descend(subs, tree, stay, extra)
    if k is not None:
        chosen.append(k)
        return _region(g, chosen, tree, doc, notes, [])
    cands = _candidates(ranked, tree.sub, g) if ranked and tree.sub[ranked[0]] + extra >= DESCEND * stay else []
    return _region(g, chosen, tree, doc, notes, cands)  # the text may be about one of them


def _descend(children: list[str], tree: _Tree, stay: float, votes: float) -> tuple[Optional[str], list[str]]:
    """The child to go down to: it dominates its siblings and its support (plus the unnamed
    votes of its level) reaches DESCEND × what speaks for staying at the parent.

    >>> t = _Tree([], None); t.sub.update({"a": 6.0, "b": 1.0})
    >>> _descend(["a", "b"], t, stay=4.0, votes=0.0)[0], _descend(["a", "b"], t, stay=20.0, votes=0.0)[0]
    ('a', None)
    """
    k, ranked = _pick(children, tree.sub)
    if k is None or tree.sub[k] + votes < DESCEND * stay:
        return None, ranked
    return k, ranked


def _masked_note(masked, unit: Unit, tree: _Tree, g: Gazetteer) -> str:
    below = [m for k, ms in tree.by_unit.items() if unit.adcode in g._anc(k) and k != unit.adcode for m in ms]
    names = "、".join(dict.fromkeys(m.surface for m in below)) or unit.name
    return f"{masked[0][0]} (masked) inferred as {unit.name} from {names}"


def _candidates(keys: list[str], support: dict, g: Gazetteer) -> list[dict]:
    out = []
    for k in keys[:10]:
        prov, city, county = g.chain(k)
        u = g.units[k]
        out.append({"adcode": u.adcode, "name": u.name, "province": prov, "city": city,
                    "county": county, "score": round(support.get(k, 0), 2)})
    return out


def _open_candidates(open_: list[dict], g: Gazetteer) -> list[dict]:
    merged = defaultdict(float)
    for o in open_:
        for k, s in o["scores"].items():
            merged[k] = max(merged[k], s)
    return _candidates(sorted(merged, key=lambda k: -merged[k]), merged, g) if merged else []


def _snippet(doc: Document, m: Mention, width: int = 30) -> tuple:
    """(sentence start, quote): the sentence around a mention, at most `width` characters
    either side of it; two mentions in one sentence share the key."""
    if m.start < 0:
        return (m.where, m.context or m.surface)
    text = doc.text
    lo, hi = max(doc.body_start, m.start - width), min(len(text), m.end + width)
    s = next((i + 1 for i in range(m.start - 1, lo - 1, -1) if text[i] in SENTENCE_END), lo)
    e = next((i for i in range(m.end, hi) if text[i] in SENTENCE_END), hi)
    return (next((i + 1 for i in range(m.start - 1, -1, -1) if text[i] in SENTENCE_END), 0), text[s:e].strip())


def _region(g: Gazetteer, chosen: list[str], tree: _Tree, doc: Document, notes: list,
            cands: list) -> Region:
    if not chosen:
        why = notes[0] if notes else "ambiguous: " + "、".join(dict.fromkeys(c["name"] for c in cands))
        return Region(candidates=cands, evidence=why if cands or notes else "no place named")
    last = g.units[chosen[-1]]
    zone = last.name if last.level == "zone" else None
    key = last.parent if zone else chosen[-1]
    prov, city, county = g.chain(key)
    adcode = last.adcode if (zone and last.adcode) else g.units[key].adcode
    if g.units[key].level == "province":
        city = None
    # evidence: the heaviest mentions of the chosen units, then how the chain was completed
    ms = sorted((m for k in chosen for m in tree.by_unit.get(k, ())), key=lambda m: (-m.weight, m.start))
    if not ms:
        ms = sorted((m for k, v in tree.by_unit.items() if chosen[-1] in g._anc(k) for m in v),
                    key=lambda m: (-m.weight, m.start))
    snips = {}
    for m in ms[:8]:
        key, quote = _snippet(doc, m)
        snips.setdefault(key, f"{m.where}: “{quote}”")
    quotes = list(snips.values())[:3]
    for m in ms:
        if m.alts:
            others = "、".join(dict.fromkeys("".join(dict.fromkeys(n for n in g.chain(a)[:2] if n)) for a in m.alts))
            notes.insert(0, f"{m.surface} (also in {others}) decided by {'、'.join(m.support[:5])}")
            break
    path = " → ".join(n for n in (zone, county, city if city != prov else None, prov) if n)
    ev = "; ".join(quotes + notes + ([f"chain {path}"] if path else []))
    return Region(province=prov, city=city, county=county, adcode=adcode, evidence=ev, zone=zone,
                  candidates=cands)


def resolve_text(text: str) -> Region:
    """Convenience: the region of a raw report text."""
    from .structure import make_document

    return resolve_region(make_document(text))
