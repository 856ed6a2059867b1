"""Bulk extraction: corpus items → Records on all cores, or on a Dask cluster.

Items stream from the readers in `corpus` into chunks of a few documents; at most a
small window of chunks is in flight, so memory stays flat however large the archive.
Texts travel to the workers (never Documents), Records come back, in input order.

    >>> recs = list(extract_parallel(["…创新“336”工作法…"], workers=1))
    >>> [(r.doc_id, r.error) for r in recs]
    [('text-1', None)]
"""
from __future__ import annotations

import gc
import itertools
import os
import pickle
import resource
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional

from .corpus import Item, read
from .pipeline import _LIMIT, DocumentTimeout, extract_item
from .records import Record

CHUNK_DOCS = 16  # documents per task: amortizes pickling, keeps the window small
CHUNK_BYTES = 256 << 10  # …and at most ~256 KB of text per task (long reports: balance)
WINDOW = 16  # chunks in flight per worker: a slow one at the head must not idle the others
TIMEOUT = 300.0  # seconds one document may take before it becomes an error record
# imported by the fork server before it forks workers: they start with the extractors
# loaded and their tables built (see _warmup), instead of each spending seconds on it
# and what a worker needs before its first task: the pool's own machinery, this module
# and the command line's (which each worker imports again when it runs the `dangjian`
# script as its main module, through runpy and pkgutil): a worker's start fell from
# ~30 ms to ~10
PRELOAD = ["dangjian_nlp.pipeline", "dangjian_nlp._warmup", "concurrent.futures.process",
           "multiprocessing.synchronize", "multiprocessing.popen_forkserver", "pkgutil",
           "dangjian_nlp.parallel", "dangjian_nlp.cli"]


@dataclass
class Stats:
    """What a run did (filled as it goes; the progress bar shows it)."""

    docs: int = 0
    errors: int = 0
    skipped: int = 0
    bytes: int = 0
    started: float = 0.0
    first: float = 0.0  # when the first record came back (after the workers' start-up)
    worker_peak_rss_mb: float = 0.0  # largest resident set of any worker (Linux: ru_maxrss)
    worker_cpu: float = 0.0  # CPU seconds the workers spent extracting, all added up

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started if self.started else 0.0

    @property
    def mb_per_s(self) -> float:
        s = self.seconds
        return self.bytes / 2**20 / s if s > 0 else 0.0


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 2**20


def _on_alarm(signum, frame):
    raise DocumentTimeout("extraction ran past the time limit")


class _ThreadDeadline:
    """Raise DocumentTimeout in this thread once `timeout` seconds have passed.

    Worker threads (Dask's) cannot use SIGALRM; a timer thread instead asks CPython to
    raise the exception in the worker thread at its next bytecode (PyThreadState_SetAsyncExc,
    as CPython's own tests do). A long single C call (one regex search) finishes first; the
    extractors are linear-time, so none runs long. A lock keeps the timer from firing once
    the work is done, and a pending exception not yet raised is withdrawn on exit. It is
    asked for once: should it land in a hook that swallows it (Dask's gc callback prints
    and drops it), the check after the running extractor raises it instead
    (`pipeline._check_time`). Asking again until it is seen was tried and left out: a
    request outliving the work can reach a later thread with the same id.
    """

    def __init__(self, timeout: float):
        self.tid = threading.get_ident()
        self.lock = threading.Lock()
        self.done = self.fired = False
        self.timer = threading.Timer(timeout, self._fire)
        self.timer.daemon = True

    def _set_exc(self, exc) -> None:
        import ctypes

        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.tid),
                                                   ctypes.py_object(exc) if exc else None)

    def _fire(self) -> None:
        with self.lock:
            if not self.done:
                self.fired = True
                self._set_exc(DocumentTimeout)

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc) -> bool:
        with self.lock:
            self.done = True
            if self.fired:
                self._set_exc(None)
        self.timer.cancel()
        return False


def extract_with_timeout(item: Item, timeout: Optional[float] = None) -> Record:
    """`pipeline.extract_item` with a time limit: SIGALRM on a process's main thread, a
    timer thread elsewhere (Dask runs tasks on worker threads), and a check between the
    extractors wherever the interruption was lost or is not possible.

    A web page still to be read (`corpus.prepare`) is read here, within the limit.
    """
    from .corpus import prepare

    if not timeout:
        return extract_item(prepare(item))
    alarm = (threading.current_thread() is threading.main_thread()
             and hasattr(signal, "setitimer"))
    if alarm:
        old = signal.signal(signal.SIGALRM, _on_alarm)
    _LIMIT.end = time.monotonic() + timeout
    try:
        try:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, timeout)
                try:
                    rec = extract_item(prepare(item))
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            elif sys.implementation.name == "cpython":
                with _ThreadDeadline(timeout):
                    rec = extract_item(prepare(item))
            else:  # no way to interrupt a thread: the checks between the extractors only
                rec = extract_item(prepare(item))
        finally:
            _LIMIT.end = None
            if alarm:
                signal.signal(signal.SIGALRM, old)
    except DocumentTimeout as e:  # raised outside extract_item's own handling
        rec = Record(doc_id=item.doc_id, path=item.path, encoding=item.encoding, error=f"DocumentTimeout: {e}")
    if rec.error and rec.error.startswith("DocumentTimeout"):
        rec.error = f"DocumentTimeout: extraction took longer than {timeout:g} s"
    return rec


def work_chunk(chunk: list, timeout: Optional[float] = None) -> tuple[bytes, float, float]:
    """Run in a worker: Items → (the Records pickled, this worker's peak RSS in MB, CPU
    seconds spent, pickling included); `records` reads the first back.

    Never raises: a document that fails becomes a record with `error` set.
    """
    c0 = time.process_time()
    recs = [extract_with_timeout(it, timeout) for it in chunk]
    blob = pickle.dumps(recs, pickle.HIGHEST_PROTOCOL)
    return blob, _peak_rss_mb(), time.process_time() - c0


def records(blob: bytes) -> list:
    """The Records of `work_chunk`, loaded with the garbage collector paused.

    A chunk's records are thousands of new objects (figures, practices); loaded with the
    collector on, its collections, set off by their number, walked the whole heap of the
    main process several times per chunk: 4x the cost of the loading itself (0.12 s of
    CPU for the 20 MB benchmark corpus, 0.03 s paused), on the one process every record
    passes through. The pool would load them on its own thread, where no pause is
    possible, hence the bytes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(blob)
    finally:
        if enabled:
            gc.enable()


def _chunks(items: Iterable[Item], docs: int, nbytes: int) -> Iterator[list]:
    chunk, size = [], 0
    for it in items:
        chunk.append(it)
        size += it.size or (len(it.text) * 3 if it.text else 0)
        if len(chunk) >= docs or size >= nbytes:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _failed(chunk: list, why: str) -> list:
    return [Record(doc_id=it.doc_id, path=it.path, encoding=it.encoding,
                   error=it.error or f"worker failed: {why}") for it in chunk]


def _process_pool(workers: int):
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: workers start from a clean process, not a copy of one holding threads
    # (tqdm's monitor, DuckDB's pool), which `fork` could deadlock on.
    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(PRELOAD)
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def run(items: Iterable[Item], *, workers: Optional[int] = None, engine: str = "local",
        scheduler: Optional[str] = None, skip: Optional[Callable[[Item], bool]] = None,
        stats: Optional[Stats] = None, progress: bool = False, timeout: Optional[float] = TIMEOUT,
        isolate: bool = False, chunk_docs: int = CHUNK_DOCS,
        chunk_bytes: int = CHUNK_BYTES) -> Iterator[tuple[Item, Record]]:
    """(item, record) for each item not skipped, in input order.

    `workers=1` runs in this process (unless `isolate`: then in a pool of one, so that a
    crash in C code cannot take the caller down); more use a process pool
    (`engine="local"`) or a Dask cluster (`engine="dask"`, at `scheduler` or a LocalCluster).
    `skip(item)` true (e.g. its key is already in a store) drops an item before sending.
    A document running past `timeout` seconds becomes an error record (on Dask too, whose
    tasks run on threads: see `_ThreadDeadline`).
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"unknown engine {engine!r} (local or dask)")
    workers = workers or default_workers()
    stats = stats if stats is not None else Stats()
    stats.started = stats.started or time.perf_counter()
    bar = _progress(stats) if progress else None

    def todo() -> Iterator[Item]:
        for it in items:
            if skip is not None and skip(it):
                stats.skipped += 1
                continue
            yield it

    def emit(chunk, recs):
        stats.first = stats.first or time.perf_counter()
        for it, rec in zip(chunk, recs):
            stats.docs += 1
            stats.errors += bool(rec.error)
            stats.bytes += it.size
            yield it, rec
        if bar is not None:
            bar.update(len(chunk))
            bar.set_postfix_str(f"{stats.mb_per_s:.2f} MB/s, {stats.errors} errors", refresh=False)

    stream = todo()
    if workers > 1 and engine == "local" and not isolate:
        # a handful of documents is done before a pool's workers would have started
        head = list(itertools.islice(stream, chunk_docs * 2))
        if len(head) < chunk_docs * 2:
            workers = 1
        stream = itertools.chain(head, stream)
    try:
        if workers == 1 and engine == "local" and not isolate:
            for chunk in _chunks(stream, 1, chunk_bytes):
                c0 = time.process_time()
                recs = [extract_with_timeout(it, timeout) for it in chunk]  # no pickling here
                stats.worker_cpu += time.process_time() - c0
                stats.worker_peak_rss_mb = max(stats.worker_peak_rss_mb, _peak_rss_mb())
                yield from emit(chunk, recs)
            return
        if engine == "dask":
            yield from _run_dask(_chunks(stream, chunk_docs, chunk_bytes), workers, scheduler, stats, emit,
                                 timeout)
            return
        yield from _run_pool(_chunks(stream, chunk_docs, chunk_bytes), workers, stats, emit, timeout)
    finally:
        if bar is not None:
            bar.close()


def _run_pool(chunks, workers, stats, emit, timeout, max_restarts: int = 3):
    from concurrent.futures.process import BrokenProcessPool

    pool = _process_pool(workers)
    pending: deque = deque()
    restarts = 0  # pool breakages since the last chunk that came back whole

    def submit(chunk):
        nonlocal pool, restarts
        while True:
            try:
                pending.append((chunk, pool.submit(work_chunk, chunk, timeout)))
                return
            except BrokenProcessPool:
                restart()

    def restart():
        nonlocal pool, restarts
        restarts += 1
        if restarts > max_restarts:
            raise RuntimeError(f"worker processes keep dying ({restarts} pools in a row); "
                               "rerun with --workers 1 to see why")
        pool.shutdown(wait=False, cancel_futures=True)
        pool = _process_pool(workers)

    def drain_one():
        nonlocal restarts
        chunk, fut = pending.popleft()
        try:
            blob, rss, cpu = fut.result()
            recs = records(blob)
            stats.worker_peak_rss_mb = max(stats.worker_peak_rss_mb, rss)
            stats.worker_cpu += cpu
            restarts = 0
        except BrokenProcessPool as e:
            # a worker died (killed, out of memory, crashed in C code): the oldest chunk
            # gets error records, the chunks in flight go to a fresh pool
            recs = _failed(chunk, f"{type(e).__name__}: {e}")
            again = [c for c, _ in pending]
            pending.clear()
            restart()
            for c in again:
                submit(c)
        except Exception as e:
            recs = _failed(chunk, f"{type(e).__name__}: {e}")
        yield from emit(chunk, recs)

    try:
        for chunk in chunks:
            submit(chunk)
            while len(pending) >= workers * WINDOW:
                yield from drain_one()
        while pending:
            yield from drain_one()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run_dask(chunks, workers, scheduler, stats, emit, timeout):
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        client = Client(cluster)
    try:
        n = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        pending: deque = deque()

        def drain_one():
            chunk, fut = pending.popleft()
            try:
                blob, rss, cpu = fut.result()
                recs = records(blob)
                stats.worker_peak_rss_mb = max(stats.worker_peak_rss_mb, rss)
                stats.worker_cpu += cpu
            except Exception as e:
                recs = _failed(chunk, f"{type(e).__name__}: {e}")
            fut.release()
            yield from emit(chunk, recs)

        for chunk in chunks:
            pending.append((chunk, client.submit(work_chunk, chunk, timeout, pure=False)))
            while len(pending) >= n * WINDOW:
                yield from drain_one()
        while pending:
            yield from drain_one()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _progress(stats: Stats):
    from tqdm import tqdm

    return tqdm(unit=" docs", file=sys.stderr, dynamic_ncols=True, mininterval=0.5,
                disable=not sys.stderr.isatty())


def extract_parallel(inputs, *, workers: Optional[int] = None, engine: str = "local",
                     scheduler: Optional[str] = None, progress: bool = False, **read_kw) -> Iterator[Record]:
    """Records for files, folders, archives or raw texts (as `extract_many`), on all cores."""
    for _, rec in run(read(inputs, defer_html=True, **read_kw), workers=workers, engine=engine,
                      scheduler=scheduler, progress=progress):
        yield rec


# -- Dask collections -------------------------------------------------------------------

def _as_item(x) -> Item:
    """A bag element or dataframe row → Item: an Item, a text, or a dict with a text field."""
    import hashlib

    from .corpus import COLUMNS, DEFAULT_LIMITS, ReadError, _row_item

    if isinstance(x, Item):
        return x
    if isinstance(x, str):
        return Item(doc_id="text-" + hashlib.sha256(x.encode("utf-8", "surrogatepass")).hexdigest()[:12],
                    text=x, size=len(x.encode("utf-8", "replace")))
    if isinstance(x, dict):
        row = {str(k).lower(): v for k, v in x.items()}
        text = next((row[k] for k in COLUMNS["text"] if isinstance(row.get(k), str)), None)
        rid = next((row[k] for k in COLUMNS["id"] if row.get(k) not in (None, "")), None)
        stem = "row-" + hashlib.sha256(str(text).encode("utf-8", "surrogatepass")).hexdigest()[:12]
        try:
            size = len(text.encode("utf-8", "replace")) if isinstance(text, str) else 0
            item = _row_item(row, 0, stem, None, "utf_8", size, DEFAULT_LIMITS)
            item.doc_id = str(rid) if rid is not None else stem
            return item
        except ReadError as e:
            return Item(doc_id=str(rid) if rid is not None else stem, error=str(e))
    return Item(doc_id=None, error=f"unsupported element {type(x).__name__}")


def _extract_partition(part, timeout: Optional[float] = TIMEOUT) -> list:
    return [extract_with_timeout(_as_item(x), timeout).to_dict() for x in part]


def extract_dask(collection, timeout: Optional[float] = TIMEOUT):
    """A Dask bag (of texts, dicts or Items) or dataframe (text/id/title/date columns) →
    a lazy bag of record dicts, one per element; `.compute()` it, or feed `to_frames`.

    The extraction is the same as the local one (`pipeline.extract_item` per document),
    run where the cluster puts each partition; a document running past `timeout` seconds
    becomes an error record there too.
    """
    import dask.bag as db
    import dask.dataframe as dd

    if isinstance(collection, dd.DataFrame):
        collection = collection.to_bag(format="dict")
    if not isinstance(collection, db.Bag):
        raise TypeError(f"extract_dask wants a dask Bag or DataFrame, got {type(collection).__name__}")
    return collection.map_partitions(_extract_partition, timeout=timeout)
