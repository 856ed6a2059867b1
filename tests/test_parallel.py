"""Parallel extraction gives the records the in-process run gives: process pool and Dask."""
from __future__ import annotations

import pytest

from dangjian_nlp.corpus import Item
from dangjian_nlp.parallel import Stats, extract_dask, extract_parallel, run
from dangjian_nlp.pipeline import extract_item
from dangjian_nlp.store import iter_store, read_store

from conftest import made_up_report as report

def items(n: int = 24) -> list:
    out = [Item(f"d{i:02d}", text=report(i), size=len(report(i).encode())) for i in range(n)]
    out[5] = Item("bad", path="x/bad.bin", error="binary or undecodable content (no text encoding fits)")
    return out


@pytest.fixture(scope="module")
def local() -> list:
    return [extract_item(it).to_dict() for it in items()]


def test_pool_equals_in_process(local):
    stats = Stats()
    got = [(it.doc_id, rec.to_dict()) for it, rec in run(items(), workers=2, chunk_docs=2, stats=stats)]
    assert [d for _, d in got] == local
    assert [k for k, _ in got] == [it.doc_id for it in items()]
    assert (stats.docs, stats.errors, stats.skipped) == (24, 1, 0)
    assert 0 < stats.worker_peak_rss_mb < 2000


def test_skip(local):
    stats = Stats()
    got = [rec.doc_id for _, rec in run(items(), workers=1, skip=lambda it: it.doc_id < "d10", stats=stats)]
    assert got == [d["doc_id"] for d in local if d["doc_id"] >= "d10"]
    assert stats.skipped == 24 - len(got)


def test_extract_parallel_reads_inputs():
    recs = list(extract_parallel([report(1), report(2), "   "], workers=2))
    assert [(r.doc_id, bool(r.error)) for r in recs] == [("text-1", False), ("text-2", False), ("text-3", True)]


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as c:
        with distributed.Client(c) as client:
            yield c, client


def test_dask_engine_equals_local(cluster, local):
    c, _ = cluster
    got = [rec.to_dict() for _, rec in run(items(), engine="dask", scheduler=c.scheduler_address,
                                           chunk_docs=3)]
    assert got == local


def test_dask_bag_equals_local(cluster, local):
    import dask.bag as db

    _, client = cluster
    bag = db.from_sequence(items(), npartitions=4)
    assert extract_dask(bag).compute(scheduler=client.get) == local


def test_dask_dataframe(cluster):
    import dask.dataframe as dd
    import pandas as pd

    _, client = cluster
    pdf = pd.DataFrame({"id": ["a", "b", "c"], "title": ["青山县党建", None, "白河区"],
                        "text": [report(0), report(1), ""]})
    got = extract_dask(dd.from_pandas(pdf, npartitions=2)).compute(scheduler=client.get)
    assert [(r["doc_id"], bool(r["error"])) for r in got] == [("a", False), ("b", False), ("c", True)]
    assert got[0]["title"] == "青山县党建"
    expect = extract_item(Item("b", text=report(1))).to_dict()
    assert {k: v for k, v in got[1].items() if k not in ("path", "encoding")} == \
        {k: v for k, v in expect.items() if k not in ("path", "encoding")}


def test_cli_engine_dask(cluster, tmp_path):
    from click.testing import CliRunner

    from dangjian_nlp.cli import cli

    c, _ = cluster
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"d{i}.txt").write_text(report(i), encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out.duckdb"
    res = CliRunner().invoke(cli, ["extract", str(folder), "-o", str(out), "--engine", "dask",
                                   "--scheduler", c.scheduler_address, "-q"])
    assert res.exit_code == 1  # the empty file
    docs = read_store(out)["documents"]
    assert sorted(docs.doc_id) == ["d0", "d1", "d2", "d3", "d4", "d5", "empty"]
    local = [extract_item(Item(f"d{i}", text=report(i))).to_dict() for i in range(6)]
    stored = sorted((r for r in iter_store(out) if r["doc_id"] != "empty"), key=lambda r: r["doc_id"])
    assert [{k: v for k, v in r.items() if k not in ("path", "encoding")} for r in stored] == \
        [{k: v for k, v in r.items() if k not in ("path", "encoding")} for r in local]


@pytest.mark.parametrize("workers", [1, 2])
def test_timeout_makes_an_error_record(workers):
    long = [Item(f"t{i}", text=report(i) * 40) for i in range(6)]
    got = [rec for _, rec in run(long, workers=workers, timeout=1e-4, chunk_docs=1)]
    assert [r.doc_id for r in got] == [f"t{i}" for i in range(6)]
    assert all(r.error == "DocumentTimeout: extraction took longer than 0.0001 s" for r in got), \
        [r.error for r in got]
    again = [rec for _, rec in run(long[:2], workers=1, timeout=None)]
    assert [r.error for r in again] == [None, None]  # the alarm is gone with the run


def test_timeout_on_a_worker_thread():
    # Dask runs tasks on threads, where SIGALRM cannot reach: the limit still holds there
    import threading

    from dangjian_nlp.parallel import extract_with_timeout

    # long enough (~0.3 MB) to outlast the timer thread's wake-up and a GIL switch (5 ms)
    long, short = Item("long", text=report(1) * 300), Item("short", text=report(2))
    got = {}

    def work():
        got["long"] = extract_with_timeout(long, timeout=1e-3)
        # a limit that does not fire leaves nothing behind to hit later work
        got["short"] = [extract_with_timeout(short, timeout=30) for _ in range(3)]
        got["after"] = sum(range(10 ** 6))

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert got["long"].error == "DocumentTimeout: extraction took longer than 0.001 s"
    assert [r.error for r in got["short"]] == [None] * 3
    assert got["after"] == sum(range(10 ** 6))


def test_timeout_holds_when_the_interruption_is_lost(monkeypatch):
    # a hook may swallow the exception the timer thread sends (Dask's gc callback does):
    # the check between the extractors still ends the document, as an error record
    import threading

    from dangjian_nlp import parallel

    monkeypatch.setattr(parallel._ThreadDeadline, "_fire", lambda self: None)  # lost
    got = {}

    def work():
        got["long"] = parallel.extract_with_timeout(Item("long", text=report(1) * 40), timeout=1e-4)
        got["short"] = parallel.extract_with_timeout(Item("short", text=report(2)), timeout=30)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert got["long"].error == "DocumentTimeout: extraction took longer than 0.0001 s"
    assert got["short"].error is None and got["short"].figures


def test_dask_timeout(cluster):
    c, _ = cluster
    long = [Item(f"t{i}", text=report(i) * 300) for i in range(3)]  # as above: outlasts the timer
    got = [rec for _, rec in run(long, engine="dask", scheduler=c.scheduler_address, timeout=1e-3)]
    assert [r.error for r in got] == ["DocumentTimeout: extraction took longer than 0.001 s"] * 3, [r.error for r in got]


def test_isolated_single_worker_equals_in_process(local):
    got = [rec.to_dict() for _, rec in run(items()[:6], workers=1, isolate=True)]
    assert got == local[:6]


def test_pages_are_read_in_the_workers(tmp_path, local):
    from dangjian_nlp.corpus import read
    from dangjian_nlp.pipeline import extract_many

    for i in range(6):
        body = "".join(f"<p>{ln}</p>" for ln in report(i).splitlines())
        (tmp_path / f"p{i}.html").write_text(
            f"<html><head><title>第{i}篇</title><meta name='date' content='2024-05-0{i + 1}'></head>"
            f"<body><article>{body}</article></body></html>", encoding="utf-8")
    (tmp_path / "blank.html").write_text("<html><body> </body></html>", encoding="utf-8")
    deferred = list(read([tmp_path], defer_html=True))
    assert {i.kind for i in deferred} == {"html"} and "<p>" in deferred[1].text
    got = [rec.to_dict() for _, rec in run(deferred, workers=2, chunk_docs=2)]
    assert got == [r.to_dict() for r in extract_many([tmp_path])]
    assert [(r["doc_id"], r["title"], bool(r["error"])) for r in got][:2] == [
        ("blank", None, True), ("p0", "第0篇", False)]
    assert got[1]["date"] == "2024-05-01"


def test_warm_up_builds_what_the_first_report_would():
    # in a fresh interpreter: in this one, earlier tests have built everything already
    import subprocess
    import sys

    code = ("import sys; from dangjian_nlp import figures, pipeline; pipeline.warm_up(); "
            "print('cn2an' in sys.modules, figures._jieba.cache_info().currsize, "
            "figures.pattern.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "1", "1"]


def test_a_chunk_travels_pickled_and_loads_with_the_collector_paused(local, monkeypatch):
    import gc

    from dangjian_nlp import parallel

    blob, rss, cpu = parallel.work_chunk(items()[:6])
    assert isinstance(blob, bytes) and rss > 0 and cpu > 0
    seen = []  # the collector's state while the records are being built
    real_loads = parallel.pickle.loads
    monkeypatch.setattr(parallel.pickle, "loads", lambda b: seen.append(gc.isenabled()) or real_loads(b))
    assert [r.to_dict() for r in parallel.records(blob)] == local[:6]
    assert seen == [False] and gc.isenabled()
    gc.disable()  # a caller that runs with the collector off keeps it off
    try:
        parallel.records(blob)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_every_preloaded_module_exists():
    # the fork server skips a name it cannot import, silently: a typo would only make
    # each worker slower to start
    import importlib

    from dangjian_nlp.parallel import PRELOAD

    for name in PRELOAD:
        assert importlib.import_module(name)
