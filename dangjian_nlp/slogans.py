"""Numbered formulations (数字化提法): find, decode and decompose. (Being written: issue 3.)"""
from __future__ import annotations

from .records import Document, Slogan


def find_slogans(doc: Document) -> list[Slogan]:
    return []
