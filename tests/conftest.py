"""Shared fixtures. Real reports are read from ../shared (never copied into the project);
tests that need them skip when it is absent, so a user's clone still passes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
CORPORA = ROOT / "corpora"


def seed_ids() -> list[str]:
    return sorted(p.stem for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")


@pytest.fixture(scope="session")
def seeds() -> dict:
    """{doc_id: raw text} of the real seed reports."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def gold() -> dict:
    if not GOLD.is_dir():
        pytest.skip("../shared/gold not present")
    return {json.loads(p.read_text(encoding="utf-8"))["doc_id"]: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(GOLD.glob("*.json"))}


@pytest.fixture(scope="session")
def seed_records(seeds) -> dict:
    """{doc_id: Record} of the seeds, extracted once per test session."""
    import dangjian_nlp

    return {k: dangjian_nlp.extract(v, doc_id=k) for k, v in seeds.items()}
