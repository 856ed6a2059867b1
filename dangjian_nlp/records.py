"""Typed records: what the library finds, with offsets into the original input text.

Every span (`start`, `end`) points into the text the caller passed in (the *raw* text),
not into the normalized copy the extractors read, so a user can highlight the finding.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from operator import attrgetter, itemgetter
from typing import Any, Optional, Union

Number = Union[int, float, str]


@dataclass
class Section:
    """A heading and the text it governs (offsets into the normalized text `Document.text`).

    `kind` names the heading style: ``numbered`` (一、), ``paren`` ((一)), ``arabic`` (1. / 1、),
    ``yishi`` (一是…), ``headline`` (a heading-only line), ``paragraph`` (a body paragraph
    whose lead clause is its topic), ``lead`` (text before the first heading).
    """

    kind: str
    level: int
    title: Optional[str]
    start: int  # first character of the section (heading included)
    end: int  # one past its last character (children included)
    title_start: int = -1
    title_end: int = -1
    parent: Optional[int] = None  # index into Document.sections
    marker: Optional[str] = None  # 一、 / (二) / 3. / 一是 …


@dataclass
class Document:
    """One input text, normalized, with its structure and metadata.

    `text` is simplified, width-normalized and the same length as `raw` except where a
    character expands or vanishes; `offsets[i]` is the raw index of `text[i]` (None when
    the map is the identity, which is the common case).
    """

    doc_id: Optional[str]
    raw: str
    text: str
    offsets: Optional[Any] = None  # array('l') of len(text)+1, or None for identity
    script: str = "simplified"
    title: Optional[str] = None
    date: Optional[str] = None
    source: Optional[str] = None
    author: Optional[str] = None
    masked: bool = False
    stripped: list = field(default_factory=list)
    body_start: int = 0
    body_end: int = 0
    paragraphs: list = field(default_factory=list)  # [(start, end)] body paragraphs, normalized offsets
    sections: list = field(default_factory=list)  # [Section] in document order
    encoding: Optional[str] = None
    path: Optional[str] = None
    meta: dict = field(default_factory=dict)

    # -- offsets -------------------------------------------------------------
    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of `text` to the matching span of `raw`."""
        if self.offsets is None:
            return start, end
        if end <= start:
            p = self.offsets[start]
            return p, p
        # the end of the last character: where the next normalized char starts, or the
        # original end of an expanded character
        return self.offsets[start], self._raw_end(end - 1)

    def _raw_end(self, i: int) -> int:
        o = self.offsets
        j = i + 1
        while j < len(o) - 1 and o[j] == o[i]:
            j += 1  # characters produced by one raw character share its end
        return o[j] if o[j] > o[i] else o[i] + 1

    @property
    def body(self) -> str:
        return self.text[self.body_start:self.body_end]

    def section_at(self, pos: int) -> Optional[int]:
        """Index of the innermost section holding normalized position `pos`."""
        best = None
        for i, s in enumerate(self.sections):
            if s.start <= pos < s.end and (best is None or s.level >= self.sections[best].level):
                best = i
        return best


@dataclass
class Slogan:
    text: str
    numbers: list
    head: Optional[str] = None
    start: int = 0
    end: int = 0
    mentions: int = 1
    items: Optional[list] = None
    parent: Optional[int] = None
    declared: Optional[int] = None
    consistent: Optional[bool] = None


@dataclass
class Figure:
    text: str
    value: Optional[float]
    unit: Optional[str]
    approx: Optional[str] = None
    object: Optional[str] = None
    change_from: Optional[float] = None
    start: int = 0
    end: int = 0
    slogan: Optional[int] = None
    section: Optional[str] = None


@dataclass
class Region:
    province: Optional[str] = None
    city: Optional[str] = None
    county: Optional[str] = None
    adcode: Optional[str] = None
    evidence: Optional[str] = None
    zone: Optional[str] = None
    candidates: list = field(default_factory=list)


@dataclass
class Practice:
    type: str
    start: int
    end: int
    section: Optional[str] = None
    score: Optional[float] = None


@dataclass
class Record:
    """What `dangjian extract` writes for one document (SPEC §6)."""

    doc_id: Optional[str]
    title: Optional[str] = None
    date: Optional[str] = None
    source: Optional[str] = None
    author: Optional[str] = None
    script: Optional[str] = None
    masked: bool = False
    stripped: list = field(default_factory=list)
    region: Optional[Region] = None
    slogans: list = field(default_factory=list)
    figures: list = field(default_factory=list)
    practices: list = field(default_factory=list)
    encoding: Optional[str] = None
    path: Optional[str] = None
    error: Optional[str] = None

    def to_dict(self) -> dict:
        return _plain(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Record":
        d = dict(d)
        reg = d.get("region")
        d["region"] = Region(**reg) if isinstance(reg, dict) else None
        d["slogans"] = [Slogan(**s) for s in d.get("slogans") or []]
        d["figures"] = [Figure(**f) for f in d.get("figures") or []]
        d["practices"] = [Practice(**p) for p in d.get("practices") or []]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in known})

    # -- pickling ------------------------------------------------------------
    # A worker sends its records to the main process by pickle. The default form holds
    # each of the tens of thousands of figures as a dict of its fields, which both sides
    # pay for; _packed sends the lists of figures, slogans and practices as columns of
    # field values instead (the items' fields: an attribute set on a Figure, Slogan or
    # Practice that is none of its fields is not carried). copy keeps its usual semantics
    # (a shallow copy shares the lists).
    def __reduce_ex__(self, protocol):
        state = _packed(self)
        if state is None:  # anything unusual: the default form
            return object.__reduce_ex__(self, protocol)
        return _unpacked, (state,)

    def __copy__(self):
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        return new

    def __deepcopy__(self, memo):
        new = object.__new__(type(self))
        memo[id(self)] = new
        new.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return new


# -- the packed pickle of a Record --------------------------------------------------------------
# state: the record's field values in field order, where figures, slogans and practices
# are each a tuple of columns (one per field of the item class; () for an empty list).
# An item carries its fields only, read as attributes, a column at a time: its __dict__
# is never asked for (3.11 keeps the values of an instance made by __init__ without a
# dict until one is asked for: building tens of thousands cost the worker more than the
# rest of the pickling) and no tuple is made per item (less for the gc to visit).
_RECORD_FIELDS = tuple(Record.__dataclass_fields__)
# the record's own values are read from its __dict__ by key: a missing one is a KeyError,
# not the class's default as getattr would give
_RECORD_GET = itemgetter(*_RECORD_FIELDS)
_PACKED = {"slogans": Slogan, "figures": Figure, "practices": Practice}
_PACKED_AT = tuple((_RECORD_FIELDS.index(k), cls, tuple(map(attrgetter, cls.__dataclass_fields__)))
                   for k, cls in _PACKED.items())


def _packed(rec: Record) -> Optional[tuple]:
    """The packed state of `rec`, or None when it holds anything the columns cannot carry
    (a subclass, a record attribute missing or not a field, a tuple where a list was, an
    item not exactly of its class or without one of its fields)."""
    d = rec.__dict__
    if type(rec) is not Record or len(d) != len(_RECORD_FIELDS):
        return None
    try:
        state = list(_RECORD_GET(d))
    except KeyError:
        return None
    for i, cls, getters in _PACKED_AT:
        items = state[i]
        if type(items) is not list:
            return None
        if not items:
            state[i] = ()
            continue
        if set(map(type, items)) != {cls}:
            return None
        try:
            state[i] = tuple([tuple(map(get, items)) for get in getters])
        except AttributeError:
            return None
    return tuple(state)


def _unpacked(state: tuple) -> Record:
    state = list(state)
    for i, cls, _ in _PACKED_AT:
        cols = state[i]
        # the dataclass's own __init__, mapped over the columns: cheaper than rebuilding
        # each item's dict in the unpickler
        state[i] = list(map(cls, *cols)) if cols else []
    return Record(*state)


# -- dataclasses.asdict, without its per-value deepcopy of immutable scalars ------------------
# a record holds thousands of strings and numbers; asdict's deepcopy call on each was most
# of the cost of turning a record into a dict
_ATOMS = frozenset((str, int, float, bool, type(None)))
_FIELDS_OF: dict = {}  # dataclass → (field names, a function of an instance giving their values)


def _fields_of(cls) -> tuple:
    names = tuple(f.name for f in fields(cls))
    if len(names) >= 2:
        get = attrgetter(*names)  # one C call for all values
    else:  # attrgetter gives a bare value for one name and wants at least one
        def get(obj, names=names):
            return tuple(getattr(obj, n) for n in names)
    _FIELDS_OF[cls] = names, get
    return names, get


def _plain(obj):
    """What ``dataclasses.asdict`` returns for `obj` (same values, same container types)."""
    cls = type(obj)
    if cls in _ATOMS:
        return obj  # deepcopy returns these unchanged
    spec = _FIELDS_OF.get(cls)
    if spec is None and hasattr(cls, "__dataclass_fields__"):
        spec = _fields_of(cls)
    if spec is not None:
        values = spec[1](obj)
        if _ATOMS.issuperset(map(type, values)):  # nearly every figure and practice: in C
            return dict(zip(spec[0], values))
        return {n: v if type(v) in _ATOMS else _plain(v) for n, v in zip(spec[0], values)}
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return cls(*[_plain(v) for v in obj])
    if cls is list:
        return [v if type(v) in _ATOMS else _plain(v) for v in obj]
    if isinstance(obj, (list, tuple)):
        return cls(_plain(v) for v in obj)
    if isinstance(obj, dict):
        return cls((_plain(k), _plain(v)) for k, v in obj.items())
    return copy.deepcopy(obj)
