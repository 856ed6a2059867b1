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


PLACES = ["青山", "白河", "东林", "西岭", "南湖", "石门", "柳溪", "云台", "松原", "桃源"]
SLOGANS = ["一统二商三议四促", "三大举措", "336", "四有", "1+6+N", "三会一课"]


def made_up_report(i: int) -> str:
    """A made-up report in the register of real ones; each i gives a different text."""
    place = PLACES[i % len(PLACES)] + ("县" if i % 3 else "区")
    slogan = SLOGANS[i % len(SLOGANS)]
    return (f"{place}教育局：党建引领“{slogan}”工作机制见实效\n"
            f"发布时间：2024-0{1 + i % 9}-{10 + i % 18}\n"
            f"近年来，{place}教育局坚持以党建引领教育高质量发展，创新推行“{slogan}”工作机制。\n"
            f"一、强化政治引领\n全{place[-1]}{100 + i}所中小学校全部建立党组织，"
            f"党组织覆盖率由{60 + i % 30}%提高到100%。\n"
            f"二、建强教师队伍\n向{20 + i}家民办幼儿园选派党建指导员，"
            f"党员教师带头参与课后服务{i + 1}万余人次。\n")
