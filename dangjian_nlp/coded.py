"""Texts coded two bytes a character, for the byte automata of regions (place names) and
practices (terms): one code table for both, so that a document is coded once.

Each character some automaton's patterns use gets a code whose first byte has the high bit
set and whose second has not (so no match can start mid-character); every other character
is 00 00, which no pattern contains. A text coded so is two thirds the length of its UTF-8
form and mostly bytes no pattern starts with, which an automaton steps over fastest; match
offsets are bytes / 2, and the leftmost-longest matches are those of the str automaton
over the same patterns (the coding keeps the order of positions and of lengths).

The table only grows, and a code once given never changes, so an automaton built over
coded patterns stays valid when others add their characters. Each `add` starts a fresh
block of 128 codes (one first byte): the characters of one automaton then share no first
byte with those only a later one uses, which the earlier one steps over like 00 00.
"""
from __future__ import annotations

import threading
from typing import Iterable

import numpy as np

LIMIT = 1 << 14  # 7 bits in each byte
BLOCK = 1 << 7


class CodeTable:
    """Character → two-byte code, and the coded form of the last text asked for."""

    def __init__(self):
        self.lut = np.zeros(1 << 16, dtype=">u2")  # big-endian: the flagged byte comes first
        self.size = 0  # codes given (or skipped to the start of a block)
        self._lock = threading.Lock()
        self._last = None  # (text, size when coded, coded bytes or None)

    def add(self, chars: Iterable[str]) -> bool:
        """Give a code to each of `chars` without one; False (and nothing added) when one
        lies beyond the BMP or is a surrogate, or the table has no room for them."""
        with self._lock:
            lut, chars = self.lut, set(chars)
            if any(ord(c) > 0xFFFF or 0xD800 <= ord(c) <= 0xDFFF for c in chars):
                return False
            new = sorted(c for c in chars if not lut[ord(c)])
            if not new:
                return True
            first = -(-self.size // BLOCK) * BLOCK  # a fresh block, while there is room
            if first + len(new) > LIMIT:
                first = self.size
            if first + len(new) > LIMIT:
                return False
            for i, c in enumerate(new, first):
                lut[ord(c)] = 0x8000 | (i >> 7) << 8 | (i & 0x7F)
            self.size = first + len(new)
            return True

    def code(self, s: str) -> bytes:
        """The coded form of a pattern (whose characters were added)."""
        return self.lut[np.frombuffer(s.encode("utf-16-le"), dtype="<u2")].tobytes()

    def coded(self, text: str):
        """The coded form of `text` (a byte array: the automata read any buffer, and
        leaving out the copy to bytes saves a third of the coding), None when a character
        lies beyond the BMP (it takes two UTF-16 units); UnicodeEncodeError on a lone
        surrogate, as the str automata raise. The last text's form is kept: regions and
        practices read the same document."""
        last, size = self._last, self.size
        if last is not None and last[0] is text and last[1] == size:
            return last[2]
        utf16 = text.encode("utf-16-le")
        out = (self.lut.take(np.frombuffer(utf16, dtype="<u2")).view(np.uint8)
               if len(utf16) == 2 * len(text) else None)
        self._last = (text, size, out)
        return out


TABLE = CodeTable()


def automaton(patterns: list[str], **kwargs):
    """A BytesAhoCorasick over the coded `patterns` (keyword arguments as ahocorasick_rs
    takes them), or None when their characters cannot all be coded."""
    import ahocorasick_rs

    if not patterns or not TABLE.add(c for p in patterns for c in p):
        return None
    return ahocorasick_rs.BytesAhoCorasick([TABLE.code(p) for p in patterns], **kwargs)


def find_all(coded_ac, plain_ac, text: str) -> list:
    """``plain_ac.find_matches_as_indexes(text)`` through `coded_ac` (from `automaton`, over
    the same patterns) where the text can be coded."""
    hits, shift = find_raw(coded_ac, plain_ac, text)
    return [(k, s >> 1, e >> 1) for k, s, e in hits] if shift else hits


def find_raw(coded_ac, plain_ac, text: str) -> tuple[list, int]:
    """(`find_all`'s matches with the offsets in characters << shift, shift): 1 (bytes of
    the coded text) or 0."""
    if coded_ac is not None:
        b = TABLE.coded(text)
        if b is not None:
            return coded_ac.find_matches_as_indexes(b), 1
    return plain_ac.find_matches_as_indexes(text), 0


def find_columns(coded_ac, plain_ac, text: str) -> tuple:
    """`find_raw`'s matches as (pattern indexes, starts, ends, shift), three tuples of the
    same length. For a caller that compares offsets with a few spans: it shifts those
    instead of converting every match, which cost a third of the coded pass."""
    hits, shift = find_raw(coded_ac, plain_ac, text)
    return (*(zip(*hits) if hits else ((), (), ())), shift)
