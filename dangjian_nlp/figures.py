"""Measured quantities: value, unit, object and the slogan they back. (Being written: issue 4.)"""
from __future__ import annotations

from .records import Document, Figure, Slogan


def find_figures(doc: Document, slogans: list[Slogan]) -> list[Figure]:
    return []
