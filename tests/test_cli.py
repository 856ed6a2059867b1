"""`dangjian extract` / `dangjian tables`: formats, exit codes, a hostile archive, kill and resume.

Documents are made up in the register of county reports (nothing copied from the seeds).
"""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from dangjian_nlp.cli import cli
from dangjian_nlp.corpus import read
from dangjian_nlp.store import read_store

from conftest import made_up_report as report

def traditional(text: str) -> str:
    from opencc import OpenCC

    return OpenCC("s2t").convert(text)


def jsonl(path) -> list:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def hostile(tmp_path) -> Path:
    """A folder mixing every kind of input, good and bad."""
    d = tmp_path / "archive"
    d.mkdir()
    (d / "gbk.txt").write_bytes(report(1).encode("gbk"))
    (d / "big5.txt").write_bytes(traditional(report(2)).encode("big5"))
    (d / "page.html").write_text(
        "<html><head><title>石门区教育局党建工作纪实</title>"
        '<meta name="date" content="2023-05-23"></head><body><article>'
        + "".join(f"<p>{ln}</p>" for ln in report(5).splitlines()[2:]) + "</article></body></html>",
        encoding="utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("reports/2024/zip-a.txt", report(3))
        zf.writestr("reports/zip-b.txt", report(4))
    (d / "batch.zip").write_bytes(buf.getvalue())
    (d / "dump.jsonl").write_text("\n".join([
        json.dumps({"id": "j1", "text": report(6)}, ensure_ascii=False),
        '{"id": "j2", "text": "党建',
        json.dumps({"id": "j3", "text": report(7), "title": "柳溪县党建"}, ensure_ascii=False)]) + "\n",
        encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "blob.bin").write_bytes(bytes(range(256)) * 64)
    line = report(8).replace("\n", " ")
    (d / "huge.txt").write_text(line * (5 * 2**20 // len(line.encode()) + 1), encoding="utf-8")
    return d


# every document, and whether (and why) it fails
EXPECTED = {
    "big5": None, "zip-a": None, "zip-b": None, "blob": "binary", "j1": None,
    "dump-2": "line 2", "j3": None, "empty": "empty document", "gbk": None,
    "huge": "document too large", "page": None,
}


@pytest.mark.parametrize("suffix", [".jsonl", ".duckdb"])
def test_hostile_archive(hostile, tmp_path, suffix):
    out = tmp_path / ("out" + suffix)
    res = CliRunner().invoke(cli, ["extract", str(hostile), "-o", str(out), "-w", "2", "-q"])
    assert res.exit_code == 1, res.output
    assert "4 document(s) could not be processed" in res.output
    recs = jsonl(out) if suffix == ".jsonl" else read_store(out)["documents"].to_dict("records")
    assert [r["doc_id"] for r in recs] == [i.doc_id for i in read([hostile])]  # in input order
    assert sorted(r["doc_id"] for r in recs) == sorted(EXPECTED)  # one record each, no more
    for r in recs:
        want, err = EXPECTED[r["doc_id"]], r["error"] if isinstance(r["error"], str) else None
        assert (err is None) if want is None else (want in err), r
    enc = {r["doc_id"]: r["encoding"] for r in recs}
    assert enc["gbk"] == "gb18030" and enc["big5"] == "big5" and enc["j1"] == "utf_8"


def test_huge_one_line_file_reads_when_the_cap_allows(hostile):
    from dangjian_nlp.corpus import Limits

    it = next(read([hostile / "huge.txt"], limits=Limits(doc_bytes=8 << 20)))
    assert it.error is None and len(it.text.encode()) > 5 * 2**20 and "\n" not in it.text


@pytest.fixture
def corpus(tmp_path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    for i in range(40):
        text = traditional(report(i)) if i % 5 == 0 else report(i)
        (d / f"r{i:03d}.txt").write_text(text, encoding="utf-8")
    return d


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_formats_and_exit_code(corpus, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    res = invoke("extract", corpus, "-o", out, "-w", "1")
    assert res.exit_code == 0, res.output
    if fmt == "jsonl":
        assert [r["doc_id"] for r in jsonl(out)] == [f"r{i:03d}" for i in range(40)]
    assert out.stat().st_size > 0


def test_jsonl_to_stdout(corpus):
    res = invoke("extract", corpus / "r001.txt", corpus / "r002.txt", "-w", "1")
    assert res.exit_code == 0
    assert [json.loads(x)["doc_id"] for x in res.stdout.splitlines()] == ["r001", "r002"]


def test_store_rerun_skips_and_keeps_the_exit_code(hostile, tmp_path):
    out = tmp_path / "out.duckdb"
    first = CliRunner().invoke(cli, ["extract", str(hostile), "-o", str(out), "-w", "1"])
    again = CliRunner().invoke(cli, ["extract", str(hostile), "-o", str(out), "-w", "1"])
    assert first.exit_code == again.exit_code == 1
    assert "0 document(s) added, 11 already stored; 11 in" in again.output
    assert len(read_store(out)["documents"]) == 11


def test_tables_export(corpus, tmp_path):
    store = tmp_path / "r.duckdb"
    assert invoke("extract", corpus, "-o", store, "-w", "1", "-q").exit_code == 0
    res = invoke("tables", store)
    assert res.output.splitlines()[0] == "documents\t40"
    res = invoke("tables", store, "-o", tmp_path / "t", "--format", "csv")
    assert (tmp_path / "t" / "slogans.csv").exists() and "documents\t40" in res.output
    invoke("tables", store, "-o", tmp_path / "r.jsonl", "--format", "jsonl")
    assert [r["doc_id"] for r in jsonl(tmp_path / "r.jsonl")] == [f"r{i:03d}" for i in range(40)]


@pytest.mark.skipif(not (Path(__file__).resolve().parents[2] / "shared" / "seeds").is_dir(),
                    reason="../shared/seeds not present")
def test_seeds_jsonl_as_documented(tmp_path):
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    out = tmp_path / "out.jsonl"
    res = invoke("extract", seeds, "--format", "jsonl", "-o", out)
    assert res.exit_code == 0
    assert [r["doc_id"] for r in jsonl(out)] == sorted(p.stem for p in seeds.glob("*.txt"))


# -- kill and resume ------------------------------------------------------------------------

# Runs the CLI with Store.add slowed at the STOP_AT-th document (after touching MARKER),
# so the test knows the run is mid-way when it kills it.
SLOW_RUN = """
import os, pathlib, sys, time
from dangjian_nlp import store
add, n = store.Store.add, [0]
def slow_add(self, key, record):
    n[0] += 1
    if n[0] == int(os.environ["STOP_AT"]):
        pathlib.Path(os.environ["MARKER"]).touch()
        time.sleep(120)
    return add(self, key, record)
store.Store.add = slow_add
from dangjian_nlp.cli import cli
cli(sys.argv[1:])
"""


@pytest.mark.parametrize("workers", ["1", "2"])
def test_kill_and_resume(corpus, tmp_path, workers):
    out, marker = tmp_path / "r.duckdb", tmp_path / "marker"
    env = {**os.environ, "STOP_AT": "23", "MARKER": str(marker)}
    args = ["extract", str(corpus), "-o", str(out), "-w", workers, "-q", "--commit-every", "5"]
    proc = subprocess.Popen([sys.executable, "-c", SLOW_RUN, *args], env=env,
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the run never reached the 23rd document"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its workers, all at once
        proc.wait()
    half = read_store(out)["documents"]
    assert 20 <= len(half) <= 22 and half.doc_id.is_unique  # whole transactions of 5 survived

    res = invoke("extract", corpus, "-o", out, "-w", workers, "-q")
    assert res.exit_code == 0
    full = read_store(out)
    assert sorted(full["documents"].doc_id) == [f"r{i:03d}" for i in range(40)]  # each exactly once
    fresh = tmp_path / "fresh.duckdb"
    invoke("extract", corpus, "-o", fresh, "-w", "1", "-q")
    ref = read_store(fresh)
    for t in ref:
        a = full[t].sort_values(list(full[t].columns[:2])).reset_index(drop=True) if len(full[t]) else full[t]
        b = ref[t].sort_values(list(ref[t].columns[:2])).reset_index(drop=True) if len(ref[t]) else ref[t]
        assert a.astype(str).equals(b.astype(str)), t


def test_store_reruns_retry_what_failed(corpus, tmp_path):
    out = tmp_path / "r.duckdb"
    few = tmp_path / "few"
    few.mkdir()
    for name in ("r001.txt", "r002.txt", "r003.txt"):
        (few / name).write_bytes((corpus / name).read_bytes() * 30)  # ~30 KB each
    assert invoke("extract", few, "-o", out, "-w", "1", "-q", "--max-doc-mb", "0.01").exit_code == 1
    assert read_store(out)["errors"].doc_id.tolist() == ["r001", "r002", "r003"]
    # the cap lifted: the documents read now, and their stale error rows go
    assert invoke("extract", few, "-o", out, "-w", "1", "-q").exit_code == 0
    f = read_store(out)
    assert f["documents"].doc_id.tolist() == ["r001", "r002", "r003"] and f["errors"].empty
    # errors inside the extraction (here: a time limit) are redone with --retry-errors
    out2 = tmp_path / "t.duckdb"
    assert invoke("extract", few, "-o", out2, "-w", "1", "-q", "--timeout", "0.00001").exit_code == 1
    assert len(read_store(out2)["errors"]) == 3
    assert invoke("extract", few, "-o", out2, "-w", "1", "-q").exit_code == 1  # skipped: still failed
    assert invoke("extract", few, "-o", out2, "-w", "1", "-q", "--retry-errors").exit_code == 0
    f = read_store(out2)
    assert f["documents"].doc_id.tolist() == ["r001", "r002", "r003"] and f["errors"].empty


def test_a_folder_goes_to_the_store_by_default(corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = invoke("extract", corpus, "-w", "1", "-q")
    assert res.exit_code == 0, res.output
    assert len(read_store(tmp_path / "results.duckdb")["documents"]) == 40
    # an explicit --format jsonl still streams to standard output
    res = invoke("extract", corpus, "-w", "1", "-q", "--format", "jsonl")
    assert len(res.stdout.splitlines()) == 40
