"""End to end on the real seed reports (read from ../shared, skipped when absent)."""
from __future__ import annotations

import json

import pytest

from dangjian_nlp.normalize import surface
from conftest import seed_ids

FIELDS = ("title", "date", "script", "masked", "stripped")


@pytest.mark.parametrize("doc_id", seed_ids())
@pytest.mark.parametrize("field", FIELDS)
def test_metadata_matches_gold(seed_records, gold, doc_id, field):
    assert getattr(seed_records[doc_id], field) == gold[doc_id][field]


@pytest.mark.parametrize("doc_id", seed_ids())
def test_spans_round_trip_to_the_original_text(seeds, seed_records, doc_id):
    """Every span a record reports, cut from the original text and normalized, reads as
    the record says: the offsets are into the raw input, the text is simplified."""
    raw, rec = seeds[doc_id], seed_records[doc_id]
    for item in list(rec.slogans) + list(rec.figures):
        assert 0 <= item.start <= item.end <= len(raw)
        assert surface(raw, item.start, item.end, rec.script) == item.text, item
    for p in rec.practices:
        assert 0 <= p.start < p.end <= len(raw)


@pytest.mark.parametrize("doc_id", seed_ids())
def test_record_has_every_spec_key(seed_records, doc_id):
    d = json.loads(json.dumps(seed_records[doc_id].to_dict(), ensure_ascii=False))
    for key in ("doc_id", "title", "date", "source", "script", "masked", "stripped",
                "region", "slogans", "figures", "practices", "error"):
        assert key in d
    assert d["error"] is None
