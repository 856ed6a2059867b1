"""Tables and the DuckDB store: to_frames and read_store agree; keys make reruns idempotent."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from dangjian_nlp.records import Figure, Practice, Record, Region, Slogan
from dangjian_nlp.store import Store, export_store, iter_store, read_store, to_frames

# Made-up records with every kind of field: nested lists, a slogan's parent, a figure's
# slogan, mixed number types ("N" in 1+6+N), an error record.
RECORDS = [
    Record(doc_id="a", title="某县党建工作纪实", date="2024-03-01", script="simplified",
           region=Region(province="某省", city="某市", county="某县", adcode="000000"),
           slogans=[Slogan("四三二", [4, 3, 2], head="工作机制", start=10, end=13, mentions=2,
                           items=["四个聚焦", "三个坚持", "双向发力"], declared=3, consistent=True),
                    Slogan("四个聚焦", [4], start=30, end=34, parent=0)],
           figures=[Figure("80家", 80, "家", object="民办幼儿园", start=50, end=53, slogan=1),
                    Figure("100%", 100.0, "%", change_from=87, start=60, end=64)],
           practices=[Practice("组织建设", 0, 40, section="一、强化政治引领", score=0.8)],
           encoding="utf_8", path="x/a.txt"),
    Record(doc_id="b", slogans=[Slogan("1+6+N", [1, 6, "N"], head="机制")], script="traditional",
           masked=True, stripped=["党"]),
    Record(doc_id="c", path="x/c.bin", error="binary or undecodable content"),
]


def frames_equal(a: dict, b: dict):
    assert set(a) == set(b)
    for k in a:
        pd.testing.assert_frame_equal(a[k].reset_index(drop=True), b[k].reset_index(drop=True),
                                      check_dtype=False, obj=k)


def test_to_frames_tables():
    f = to_frames(RECORDS)
    assert list(f) == ["documents", "slogans", "figures", "practices", "errors"]
    assert list(f["documents"].doc_id) == ["a", "b", "c"]
    assert f["slogans"].parent_text.tolist()[1] == "四三二"
    assert f["slogans"].parent_text.isna().tolist() == [True, False, True]
    assert f["figures"].slogan_text.fillna("").tolist() == ["四个聚焦", ""]
    assert f["errors"].to_dict("records") == [
        {"doc_id": "c", "path": "x/c.bin", "error": "binary or undecodable content"}]


def test_store_round_trip(tmp_path):
    path = tmp_path / "r.duckdb"
    with Store(path, commit_every=2) as st:
        for i, r in enumerate(RECORDS):
            assert st.add(f"k{i}", r)
    frames_equal(read_store(path), to_frames(RECORDS))
    assert [d["doc_id"] for d in iter_store(path)] == ["a", "b", "c"]


def test_store_is_sql(tmp_path):
    path = tmp_path / "r.duckdb"
    with Store(path) as st:
        for i, r in enumerate(RECORDS):
            st.add(f"k{i}", r)
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT doc_id, text, numbers, items FROM slogans ORDER BY doc_id, index").fetchall() == [
        ("a", "四三二", "[4, 3, 2]", '["四个聚焦", "三个坚持", "双向发力"]'),
        ("a", "四个聚焦", "[4]", None),
        ("b", "1+6+N", '[1, 6, "N"]', None)]
    assert con.execute("SELECT sum(value), max(change_from) FROM figures").fetchone() == (180.0, 87.0)
    assert con.execute("SELECT county FROM documents WHERE key = 'k0'").fetchone() == ("某县",)
    assert con.execute("SELECT count(*) FROM errors").fetchone() == (1,)
    con.close()


def test_rerun_skips_stored_keys(tmp_path):
    path = tmp_path / "r.duckdb"
    with Store(path) as st:
        assert st.add("k0", RECORDS[0]) and st.add("k2", RECORDS[2])
        assert not st.add("k0", RECORDS[0])  # same key in the same run
    with Store(path) as st:
        assert "k0" in st and "k1" not in st and len(st) == 2
        assert st.error_keys == {"k2"}
        assert not st.add("k0", RECORDS[0])
        assert st.add("k1", RECORDS[1])
    f = read_store(path)
    assert list(f["documents"].doc_id) == ["a", "c", "b"]  # in the order written
    assert len(f["slogans"]) == 3 and len(f["errors"]) == 1


def test_uncommitted_records_are_not_half_written(tmp_path):
    path = tmp_path / "r.duckdb"
    st = Store(path, commit_every=2, commit_seconds=3600)
    st.add("k0", RECORDS[0])
    st.add("k1", RECORDS[1])  # second one: a transaction with both
    st.add("k2", RECORDS[2])  # queued, not written
    st.con.close()  # as if the process died here
    with Store(path) as again:
        assert again.keys() == {"k0", "k1"}
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM slogans").fetchone() == (3,)
    con.close()


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export(tmp_path, fmt):
    path = tmp_path / "r.duckdb"
    with Store(path) as st:
        for i, r in enumerate(RECORDS):
            st.add(f"k{i}", r)
    counts = export_store(path, tmp_path / "out", fmt)
    assert counts == {"documents": 3, "slogans": 3, "figures": 2, "practices": 1, "errors": 1}
    read = pd.read_csv if fmt == "csv" else pd.read_parquet
    docs = read(tmp_path / "out" / f"documents.{fmt}")
    assert list(docs.doc_id) == ["a", "b", "c"] and "record" in docs.columns


def test_numpy_values_do_not_stop_a_run(tmp_path):
    import io

    import numpy as np

    from dangjian_nlp.store import write_jsonl

    rec = Record(doc_id="n", practices=[Practice("组织建设", 0, 10, score=np.float32(0.5))],
                 figures=[Figure("3所", np.int64(3), "所")])
    buf = io.StringIO()
    assert write_jsonl([rec], buf) == 0
    assert '"score": 0.5' in buf.getvalue() and '"value": 3' in buf.getvalue()
    with Store(tmp_path / "n.duckdb") as st:
        st.add("k", rec)
    assert read_store(tmp_path / "n.duckdb")["figures"].value.tolist() == [3]
    con = duckdb.connect(str(tmp_path / "n.duckdb"), read_only=True)
    assert con.execute("SELECT f.value, p.score FROM figures f, practices p").fetchone() == (3.0, 0.5)
    con.close()


def test_a_clean_record_replaces_the_stale_error_of_the_same_document(tmp_path):
    path = tmp_path / "r.duckdb"
    with Store(path) as st:
        st.add("old", Record(doc_id="big", path="in/big.txt", error="document too large"))
        st.add("other", Record(doc_id="other", path="in/other.txt", error="empty document"))
    with Store(path) as st:
        assert st.error_keys == {"old", "other"}
        st.add("new", Record(doc_id="big", path="in/big.txt", slogans=[Slogan("三大举措", [3])]))
    f = read_store(path)
    assert f["documents"][["doc_id", "error"]].fillna("").values.tolist() == [
        ["other", "empty document"], ["big", ""]]
    assert f["errors"].doc_id.tolist() == ["other"]
    with Store(path) as st:
        assert st.keys() == {"other", "new"} and st.error_keys == {"other"}
        assert st.forget(st.error_keys) == 1 and st.keys() == {"new"}
    assert read_store(path)["errors"].empty


def test_a_column_with_odd_values_is_coerced_value_by_value(tmp_path):
    # most columns are passed to DuckDB as they are; one odd value (a float offset, a bool
    # count, a list in a text column, an int too large for int64 in a float column) sends
    # its whole column through _coerce
    figs = [Figure("80家", 80, "家", start=3, end=6), Figure("3所", True, "所", start=9.0, end=11),
            Figure("两项", 2.5, ["项"], start=None, end=14)]
    with Store(tmp_path / "o.duckdb") as st:
        st.add("k", Record(doc_id="o", figures=figs))
    with Store(tmp_path / "p.duckdb") as st:  # plain ints, one past int64
        st.add("k", Record(doc_id="p", figures=[Figure("3所", 3, "所"), Figure("十万亿亿", 10**21, "个")]))
    got = []
    for name in ("o", "p"):
        con = duckdb.connect(str(tmp_path / f"{name}.duckdb"), read_only=True)
        got += con.execute('SELECT value, unit, start, "end" FROM figures ORDER BY "index"').fetchall()
        con.close()
    assert got == [(80.0, "家", 3, 6), (1.0, "所", 9, 11), (2.5, '["项"]', None, 14),
                   (3.0, "所", 0, 0), (1e21, "个", 0, 0)]
