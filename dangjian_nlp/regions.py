"""The report's own province / city / county. (Being written: issue 5.)"""
from __future__ import annotations

from typing import Optional

from .records import Document, Region


def resolve_region(doc: Document) -> Optional[Region]:
    return None
