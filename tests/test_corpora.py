"""The bundled sample corpus (corpora/): manifest, files, and what the library reads from them.

Every report in corpora/ is a made-up sample (see corpora/README.md). MANIFEST.tsv says, per
file, the script, masking, stripped character, title and date the record should carry.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
MANIFEST = CORPORA / "MANIFEST.tsv"

# Where the library's title/date heuristics disagree with the manifest: (doc_id, field) → reason.
# The assertion is kept (xfail) so a fix in structure.py shows up as XPASS.
KNOWN_MISSES: dict[tuple[str, str], str] = {}


def _manifest() -> list[dict]:
    lines = [ln for ln in MANIFEST.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _none(v: str):
    return None if v in ("", "null", "-") else v


ROWS = _manifest()
IDS = [r["doc_id"] for r in ROWS]


def _params(field: str):
    out = []
    for r in ROWS:
        reason = KNOWN_MISSES.get((r["doc_id"], field))
        marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
        out.append(pytest.param(r, id=r["doc_id"], marks=marks))
    return out


@pytest.fixture(scope="module")
def records() -> dict:
    import dangjian_nlp

    return {r["doc_id"]: dangjian_nlp.extract((CORPORA / r["file"]).read_text(encoding="utf-8"),
                                              doc_id=r["doc_id"]) for r in ROWS}


def test_manifest_header():
    first = MANIFEST.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#")
    assert set(ROWS[0]) >= {"file", "doc_id", "script", "region", "masked", "stripped",
                            "title", "date", "exercises"}


def test_manifest_lists_exactly_the_reports():
    listed = [r["file"] for r in ROWS]
    assert len(listed) == len(set(listed)), "a file is listed twice"
    present = sorted(p.name for p in CORPORA.iterdir()
                     if p.is_file() and p.name not in ("MANIFEST.tsv", "README.md")
                     and not p.name.startswith("."))
    assert sorted(listed) == present
    assert all(r["doc_id"] == Path(r["file"]).stem for r in ROWS)


def test_corpus_is_varied():
    assert len(ROWS) == 12
    provinces = {r["region"].split("/")[0] for r in ROWS}
    counties = {r["region"].split(";")[0] for r in ROWS}
    assert len(provinces) >= 8 and len(counties) == 12
    assert sum(r["script"] == "traditional" for r in ROWS) >= 2
    assert any(r["masked"] == "yes" for r in ROWS)
    assert any(r["stripped"] == "党" for r in ROWS)
    assert sum(_none(r["date"]) is not None for r in ROWS) >= 6
    assert any(_none(r["title"]) is None for r in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_file_is_utf8_and_sized(row):
    data = (CORPORA / row["file"]).read_bytes()
    text = data.decode("utf-8")  # raises if not UTF-8
    assert text.strip()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert 1500 <= len(text) <= 5000, len(text)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_extract_runs_and_flags_agree(row, records):
    rec = records[row["doc_id"]]
    assert rec.error is None
    assert rec.doc_id == row["doc_id"]
    assert rec.script == row["script"]
    assert rec.masked is (row["masked"] == "yes")
    assert list(rec.stripped) == ([] if _none(row["stripped"]) is None else [row["stripped"]])


@pytest.mark.parametrize("row", _params("title"))
def test_title(row, records):
    from dangjian_nlp.normalize import normalize

    want = _none(row["title"])
    got = records[row["doc_id"]].title
    if want is None:
        assert got is None
    else:
        assert got is not None and normalize(got).text.strip() == normalize(want).text.strip()


@pytest.mark.parametrize("row", _params("date"))
def test_date(row, records):
    assert records[row["doc_id"]].date == _none(row["date"])


def test_extract_many_over_the_reports():
    import dangjian_nlp

    files = [str(CORPORA / r["file"]) for r in ROWS]
    recs = list(dangjian_nlp.extract_many(files))
    assert [r.doc_id for r in recs] == IDS
    assert all(r.error is None for r in recs)


def test_extract_the_folder_as_the_readme_does():
    import dangjian_nlp

    recs = list(dangjian_nlp.extract_many([str(CORPORA)]))
    assert sorted(r.doc_id for r in recs) == sorted(IDS)
    assert all(r.error is None for r in recs)
