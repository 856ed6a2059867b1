"""Inputs → corpus items: raw texts, files, folders, archives, JSONL/CSV tables, HTML pages.

Every input document yields an `Item`; one that cannot be read yields an Item with
`error` set, so a run never loses a document silently and one bad file never stops it.

Everything streams: folders are walked lazily, archives are read member by member
(a .tar.gz as a stream), JSONL and CSV row by row, so memory stays flat however large
the archive. Archives are guarded (`Limits`): members with absolute paths or ``..`` are
refused, and member count, member size and total expanded size are capped.
Encodings (GB18030/GBK, Big5, UTF-16, UTF-8 with or without BOM) are detected with
charset-normalizer and kept in `Item.encoding`. Web pages become text, title, date and
URL with trafilatura (`prepare`): in `read`, or, in bulk runs, in the workers.

    >>> [(i.doc_id, i.error) for i in read(["黨建引領，創新“三大舉措”"])]
    [('text-1', None)]
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Iterable, Iterator, Optional

from .resources import load_lines

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}  # .json: one object or a list (read_json)
CSV_SUFFIXES = {".csv", ".tsv"}
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
ZIP_SUFFIXES = (".zip",)

# Column names a table may use for each field (first match wins, case-insensitive).
COLUMNS = {
    "text": ("text", "content", "body", "正文", "内容"),
    "id": ("id", "doc_id", "docid", "编号"),
    "title": ("title", "标题"),
    "date": ("date", "pubdate", "published", "time", "发布时间", "日期"),
    "url": ("url", "link", "href", "网址"),
    "source": ("source", "site", "来源"),
}


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile or broken archive from exhausting memory or disk.

    A member over `member_bytes` and a document over `doc_bytes` become error items;
    past `members` or `total_bytes` the rest of the archive becomes one error item.
    """

    members: int = 200_000  # members read from one archive
    member_bytes: int = 64 << 20  # expanded size of one member
    total_bytes: int = 4 << 30  # expanded size of one archive, all members
    # one document's text (UTF-8 bytes): a report is 5-200 KB; a 1 MB one-line dump is
    # already ~15 s of extraction, and some extractors grow faster than linearly
    doc_bytes: int = 1 << 20
    depth: int = 2  # archives inside archives


DEFAULT_LIMITS = Limits()


@dataclass
class Item:
    """One document as read: its text (or why it has none) and what the container said."""

    doc_id: Optional[str]
    text: Optional[str] = None
    path: Optional[str] = None
    encoding: Optional[str] = None
    title: Optional[str] = None
    date: Optional[str] = None
    source: Optional[str] = None
    error: Optional[str] = None
    url: Optional[str] = None
    size: int = 0  # bytes read for it (for throughput)
    meta: dict = field(default_factory=dict)
    kind: str = "text"  # "html": `text` is a page still to be read (`prepare`)

    @property
    def key(self) -> str:
        """Content key: sha256 of doc_id and text (of the path and error when unreadable).

        The same document read again (a rerun over the same archive) gets the same key,
        which is how a store skips what is done.

        >>> Item("a", text="党建").key == Item("a", text="党建", path="elsewhere").key
        True
        >>> Item("a", text="党建").key == Item("b", text="党建").key
        False
        """
        h = hashlib.sha256()
        h.update((self.doc_id or "").encode("utf-8", "surrogatepass") + b"\x00")
        if self.text is not None and not self.error:
            h.update(self.text.encode("utf-8", "surrogatepass"))
        else:
            h.update(b"\x01" + (self.path or "").encode("utf-8", "surrogatepass"))
            h.update(b"\x00" + (self.error or "").encode("utf-8", "surrogatepass"))
        return h.hexdigest()


class ReadError(ValueError):
    """A document that cannot be read; its message goes into the record's `error`."""


# -- decoding ----------------------------------------------------------------------------

def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding). BOMs first, then strict UTF-8, then a detector's guess.

    >>> decode("党建引领".encode("gbk"))
    ('党建引领', 'gb18030')
    >>> decode("黨建引領，創新舉措".encode("big5"))
    ('黨建引領，創新舉措', 'big5')
    >>> decode("\\ufeff党建".encode("utf-8"))
    ('党建', 'utf_8_sig')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf_8_sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf_16"
    nul = b"\x00" in data[:4096]
    if not nul:
        try:
            return data.decode("utf-8"), "utf_8"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if nul:  # NUL bytes are text only in UTF-16/32 without a BOM
        matches = [m for m in matches if m.encoding.startswith(("utf_16", "utf_32"))]
    if not matches:
        # the detector can give up on Chinese text: one that opens with a zero-width space
        # (four bytes in GB18030, 0B 20 in UTF-16) left it with no guess at all. (Where it
        # has a guess, it is trusted: Korean or Japanese bytes also decode as GB18030.)
        for enc in _utf16_order(data[:4096]) if nul else _CHINESE_CODECS:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _chinese_share(text) >= 0.9:
                return text, enc
        raise ReadError("binary or undecodable content (no text encoding fits)")
    # Short texts are ambiguous (GBK bytes also read as Korean cp949, Big5 as Shift-JIS);
    # our documents are Chinese, so the detector's first guess that reads as Chinese wins.
    best = next((m for m in matches if _chinese_share(str(m)) >= 0.9), matches[0])
    if best.encoding in ("gb2312", "gbk", "cp936", "hz"):
        try:  # pages labelled gb2312 often hold GBK characters: read with the superset
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    return str(best), best.encoding


# tried strictly, in this order, when the detector finds no encoding
_CHINESE_CODECS = ("gb18030", "big5")


def _utf16_order(head: bytes) -> tuple[str, str]:
    """UTF-16 without a BOM, the likelier byte order first: an ASCII character (a line
    break, a digit) has its NUL byte second in little-endian, first in big-endian. (Either
    order may decode without error; Han text read in the wrong one is other Han text.)"""
    if head[1::2].count(0) >= head[0::2].count(0):
        return "utf_16_le", "utf_16_be"
    return "utf_16_be", "utf_16_le"


def _chinese_share(text: str, sample: int = 2000) -> float:
    """Share of Han characters and CJK punctuation among the non-ASCII characters.

    >>> _chinese_share("党建引领，三大举措"), _chinese_share("뎨쉔多쥴")
    (1.0, 0.25)
    """
    n = han = 0
    for c in text[:sample]:
        if c.isascii():
            continue
        n += 1
        o = ord(c)
        han += 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E \
            or 0x3400 <= o <= 0x4DBF or c in "“”‘’…—·"
    return han / n if n else 1.0


def _check_text(text: str, limits: Limits) -> None:
    if not text.strip():
        raise ReadError("empty document")
    if len(text) * 3 > limits.doc_bytes and len(text.encode("utf-8")) > limits.doc_bytes:
        raise ReadError(f"document too large ({len(text.encode('utf-8')) / 2**20:.1f} MB "
                        f"> {limits.doc_bytes / 2**20:.3g} MB cap)")


def _error(e: Exception) -> str:
    return str(e) if isinstance(e, ReadError) else f"{type(e).__name__}: {e}"


# -- entry points ------------------------------------------------------------------------

def _looks_like_path(x) -> bool:
    if isinstance(x, os.PathLike):
        return True
    return isinstance(x, str) and "\n" not in x and len(x) < 1024 and os.path.exists(x)


def read(inputs: Iterable, *, limits: Limits = DEFAULT_LIMITS, defer_html: bool = False,
         **_) -> Iterator[Item]:
    """Items for each input: a path (file, folder, archive, table) or a raw text.

    Web pages come out as text, unless `defer_html`: then as pages (``kind="html"``) for
    `prepare` to read where the extraction runs (a worker), not in the reading process.
    """
    if isinstance(inputs, (str, bytes)) or hasattr(inputs, "__fspath__"):
        inputs = [inputs]
    n_text = 0
    for x in inputs:
        if isinstance(x, Item):
            yield x
        elif _looks_like_path(x):
            for item in read_path(Path(x), limits=limits):
                if item.kind == "html" and not item.error:
                    item.meta["doc_bytes"] = limits.doc_bytes
                    if not defer_html:
                        item = prepare(item)
                yield item
        elif isinstance(x, str):
            n_text += 1
            item = Item(doc_id=f"text-{n_text}", text=x, size=len(x.encode("utf-8", "replace")))
            try:
                _check_text(x, limits)
            except ReadError as e:
                item.text, item.error = None, str(e)
            yield item
        else:
            yield Item(doc_id=None, error=f"unsupported input {type(x).__name__}: {x!r:.60}")


def _walk(root: Path) -> Iterator[Path]:
    """Files under `root`, depth first in name order, lazily; hidden entries and the
    folder's own documentation (README, MANIFEST…: ``lexicons/folder_docs.txt``) skipped."""
    docs = frozenset(load_lines("lexicons/folder_docs.txt"))
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and name.split(".", 1)[0].lower() not in docs:
                yield Path(dirpath) / name


def _suffix(name: str) -> str:
    low = name.lower()
    for s in TAR_SUFFIXES + ZIP_SUFFIXES:
        if low.endswith(s):
            return s
    return PurePosixPath(low).suffix


def _stem(name: str) -> str:
    base = PurePosixPath(name).name
    s = _suffix(base)
    return base[: -len(s)] if s and base.lower().endswith(s) else base


def read_path(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Item]:
    """Items in one path: a folder (recursively), an archive, a table, a page or a text."""
    path = Path(path)
    if path.is_dir():
        for p in _walk(path):
            yield from read_path(p, limits=limits)
        return
    suffix = _suffix(path.name)
    try:
        if suffix in ZIP_SUFFIXES:
            yield from read_zip(path, str(path), limits=limits, depth=1)
        elif suffix in TAR_SUFFIXES:
            yield from read_tar(path, str(path), limits=limits, depth=1)
        elif suffix in JSONL_SUFFIXES:
            with open(path, "rb") as fh:
                yield from read_jsonl(fh, str(path), limits=limits)
        elif suffix in CSV_SUFFIXES:
            with open(path, "rb") as fh:
                yield from read_csv(fh, str(path), limits=limits, delimiter="\t" if suffix == ".tsv" else ",")
        else:
            size = path.stat().st_size
            if size > limits.member_bytes:
                raise ReadError(f"file too large ({size / 2**20:.1f} MB > "
                                f"{limits.member_bytes / 2**20:.0f} MB cap)")
            yield from read_bytes(path.name, path.read_bytes(), str(path), limits=limits)
    except Exception as e:  # an unreadable container is one error item, never a crash
        yield Item(doc_id=_stem(path.name), path=str(path), error=_error(e))


def read_bytes(name: str, data: bytes, origin: str, *, limits: Limits = DEFAULT_LIMITS,
               depth: int = 0) -> Iterator[Item]:
    """Items in one file's bytes, dispatched on its name (used for archive members too)."""
    suffix = _suffix(name)
    stem = _stem(name)
    try:
        if suffix in ZIP_SUFFIXES or suffix in TAR_SUFFIXES:
            if depth >= limits.depth:
                raise ReadError(f"archive nested deeper than {limits.depth} levels")
            reader = read_zip if suffix in ZIP_SUFFIXES else read_tar
            yield from reader(io.BytesIO(data), origin, limits=limits, depth=depth + 1)
            return
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(io.BytesIO(data), origin, limits=limits)
            return
        if suffix in CSV_SUFFIXES:
            yield from read_csv(io.BytesIO(data), origin, limits=limits,
                                delimiter="\t" if suffix == ".tsv" else ",")
            return
        if suffix == ".json":
            yield from read_json(data, origin, limits=limits)
            return
        text, enc = decode(data)
        if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _is_html(text)):
            # read into text by `prepare`, where the extraction runs (it takes a few ms)
            yield Item(doc_id=stem, text=text, path=origin, encoding=enc, size=len(data), kind="html")
            return
        _check_text(text, limits)
        yield Item(doc_id=stem, text=text, path=origin, encoding=enc, size=len(data))
    except Exception as e:
        yield Item(doc_id=stem, path=origin, error=_error(e), size=len(data))


def _is_html(text: str) -> bool:
    head = text[:512].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<html" in head[:200]


# -- archives ----------------------------------------------------------------------------

def _safe_member(name: str) -> Optional[str]:
    """Why a member name is refused (absolute, drive letter or ``..``), else None.

    >>> [_safe_member(n) for n in ("a/b.txt", "/etc/passwd", "../x.txt", "C:/x.txt")]
    [None, 'absolute member path', "member path escapes with '..'", 'absolute member path']
    """
    n = name.replace("\\", "/")
    if n.startswith("/") or (len(n) > 1 and n[1] == ":"):
        return "absolute member path"
    if ".." in n.split("/"):
        return "member path escapes with '..'"
    return None


class _Budget:
    """Counts members and expanded bytes of one archive against the caps."""

    def __init__(self, limits: Limits):
        self.limits, self.members, self.bytes = limits, 0, 0

    def admit(self, size: int) -> Optional[str]:
        """None when a member of `size` may be read; a reason for refusing the rest when not."""
        self.members += 1
        if self.members > self.limits.members:
            return f"archive has more than {self.limits.members} members; rest not read"
        if self.bytes + size > self.limits.total_bytes:
            return f"archive expands past {self.limits.total_bytes / 2**30:.1f} GB; rest not read"
        return None


def _read_capped(fh: IO[bytes], cap: int) -> bytes:
    data = fh.read(cap + 1)
    if len(data) > cap:  # a header that lies about the size (zip bomb) is caught here
        raise ReadError(f"member too large (> {cap / 2**20:.0f} MB cap)")
    return data


def read_zip(src, origin: str, *, limits: Limits = DEFAULT_LIMITS, depth: int = 1) -> Iterator[Item]:
    """Members of a .zip, one at a time; unsafe, oversized or corrupt members are errors."""
    budget = _Budget(limits)
    with zipfile.ZipFile(src) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            name = info.filename
            if PurePosixPath(name).name.startswith("."):
                continue
            # bad CRC, unsupported compression, truncated data: the member's own error
            stop = yield from _member(name, info.file_size, lambda: zf.open(info), origin,
                                      budget, limits, depth, _safe_member(name))
            if stop:
                return


def _member(name: str, size: int, opener, origin: str, budget: "_Budget", limits: Limits,
            depth: int, refused: Optional[str]):
    """Items of one archive member; returns True when the archive's budget is spent."""
    where = f"{origin}!{name}"
    if refused:
        yield Item(doc_id=_stem(name), path=where, error=f"{refused}: {name}")
        return False
    stop = budget.admit(size)
    if stop:
        yield Item(doc_id=_stem(origin), path=origin, error=stop)
        return True
    try:
        if size > limits.member_bytes:
            raise ReadError(f"member too large ({size / 2**20:.1f} MB > "
                            f"{limits.member_bytes / 2**20:.0f} MB cap)")
        with opener() as fh:
            data = _read_capped(fh, limits.member_bytes)
    except Exception as e:
        yield Item(doc_id=_stem(name), path=where, error=_error(e))
        return False
    budget.bytes += len(data)
    yield from read_bytes(name, data, where, limits=limits, depth=depth)
    return False


def read_tar(src, origin: str, *, limits: Limits = DEFAULT_LIMITS, depth: int = 1) -> Iterator[Item]:
    """Members of a tar (any compression) read as a stream: nothing is extracted to disk."""
    budget = _Budget(limits)
    kw = {"fileobj": src} if hasattr(src, "read") else {"name": str(src)}
    try:
        tf = tarfile.open(mode="r|*", **kw)
    except Exception as e:
        yield Item(doc_id=_stem(origin), path=origin, error=_error(e))
        return
    with tf:
        while True:
            try:
                info = tf.next()
            except Exception as e:  # truncated or corrupt stream: the rest is unreadable
                yield Item(doc_id=_stem(origin), path=origin, error=f"corrupt archive after "
                           f"{budget.members} members: {_error(e)}")
                return
            if info is None:
                return
            name = info.name
            if info.isdir() or PurePosixPath(name).name.startswith("."):
                continue
            why = _safe_member(name) or (None if info.isfile() else "not a regular file (link or device)")
            stop = yield from _member(name, info.size, lambda: tf.extractfile(info), origin,
                                      budget, limits, depth, why)
            if stop:
                return


# -- tables ------------------------------------------------------------------------------

def _field(row: dict, name: str):
    for k in COLUMNS[name]:
        if k in row and row[k] not in (None, ""):
            return row[k]
    return None


def _row_item(row: dict, n: int, stem: str, where: str, enc: str, size: int,
              limits: Limits) -> Item:
    row = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    rid = _field(row, "id")
    doc_id = str(rid) if rid is not None else f"{stem}-{n}"
    text = _field(row, "text")
    if not isinstance(text, str):
        raise ReadError(f"row {n}: no text column ({'/'.join(COLUMNS['text'])})")
    url = _field(row, "url")
    item = Item(doc_id=doc_id, text=text, path=where, encoding=enc,
                title=_opt_str(_field(row, "title")), date=_opt_str(_field(row, "date")),
                source=_opt_str(_field(row, "source")) or _opt_str(url), url=_opt_str(url), size=size)
    _check_text(text, limits)
    return item


def _opt_str(v) -> Optional[str]:
    return None if v is None else str(v)


def read_jsonl(fh: IO[bytes], origin: str, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Item]:
    """One item per JSON line with a text field; a malformed line is an error item."""
    stem = _stem(origin.rsplit("!", 1)[-1])
    for n, line in enumerate(fh, 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        row = None
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ReadError(f"line {n}: not a JSON object")
            yield _row_item(row, n, stem, where, "utf_8", len(line), limits)
        except Exception as e:
            rid = row.get("id") if isinstance(row, dict) else None
            msg = _error(e)
            yield Item(doc_id=str(rid) if rid is not None else f"{stem}-{n}", path=where,
                       error=msg if msg.startswith(("line ", "row ")) else f"line {n}: {msg}",
                       size=len(line))


def read_json(data: bytes, origin: str, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Item]:
    """A .json file: one object with a text field, or a list of them."""
    stem = _stem(origin.rsplit("!", 1)[-1])
    text, enc = decode(data)
    doc = json.loads(text)
    rows = doc if isinstance(doc, list) else [doc]
    for n, row in enumerate(rows, 1):
        name = stem if len(rows) == 1 else f"{stem}-{n}"
        try:
            if not isinstance(row, dict):
                raise ReadError(f"row {n}: not a JSON object")
            item = _row_item(row, n, stem, origin if len(rows) == 1 else f"{origin}:{n}", enc,
                             len(data) // len(rows), limits)
            if _field({str(k).lower(): v for k, v in row.items()}, "id") is None:
                item.doc_id = name
            yield item
        except Exception as e:
            yield Item(doc_id=name, path=origin, error=_error(e))


def read_csv(fh: IO[bytes], origin: str, *, limits: Limits = DEFAULT_LIMITS,
             delimiter: str = ",") -> Iterator[Item]:
    """One item per CSV row (header names the columns); encoding detected on the head."""
    stem = _stem(origin.rsplit("!", 1)[-1])
    head = fh.read(1 << 16)
    fh.seek(0)
    try:
        _, enc = decode(head)
    except UnicodeDecodeError:  # the sample cut a multibyte character in two
        _, enc = decode(head[:-3])
    text = io.TextIOWrapper(fh, encoding=enc, errors="replace", newline="")
    csv.field_size_limit(max(limits.doc_bytes * 2, 1 << 20))
    reader = csv.DictReader(text, delimiter=delimiter)
    n = 0
    while True:
        n += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except Exception as e:  # e.g. a field over the size limit
            yield Item(doc_id=f"{stem}-{n}", path=f"{origin}:{n}", error=f"row {n}: {_error(e)}")
            continue
        where = f"{origin}:{n}"
        try:
            yield _row_item(row, n, stem, where, enc, sum(len(v or "") for v in row.values()
                                                         if isinstance(v, str)), limits)
        except Exception as e:
            msg = _error(e)
            yield Item(doc_id=f"{stem}-{n}", path=where,
                       error=msg if msg.startswith("row ") else f"row {n}: {msg}")


# -- HTML --------------------------------------------------------------------------------

def prepare(item: Item) -> Item:
    """An item ready for extraction: a page (``kind="html"``) read into its text, title,
    date and URL; any other item as it is. Never raises: a page without text is an error.
    """
    if item.kind != "html" or item.error:
        return item
    limits = Limits(doc_bytes=item.meta.get("doc_bytes", DEFAULT_LIMITS.doc_bytes))
    try:
        out = html_item(item.text, item.doc_id, item.path, encoding=item.encoding,
                        size=item.size, limits=limits)
    except Exception as e:
        return Item(doc_id=item.doc_id, path=item.path, encoding=item.encoding, size=item.size,
                    error=_error(e))
    out.meta = {k: v for k, v in item.meta.items() if k != "doc_bytes"}
    return out


def html_item(html: str, doc_id: str, origin: str, *, encoding: Optional[str] = None,
              size: int = 0, limits: Limits = DEFAULT_LIMITS) -> Item:
    """A web page → its main text, title, date and URL (trafilatura does the reading)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=True, favor_recall=True)
    text = getattr(doc, "text", None) if doc is not None else None
    title = getattr(doc, "title", None) if doc is not None else None
    date = getattr(doc, "date", None) if doc is not None else None
    url = getattr(doc, "url", None) if doc is not None else None
    if not text or not text.strip():
        text = trafilatura.html2txt(html) or ""
    if not text.strip():
        raise ReadError("HTML page without readable text")
    text = _with_header(text, title, date)
    _check_text(text, limits)
    return Item(doc_id=doc_id, text=text, path=origin, encoding=encoding, title=title,
                date=date, source=url, url=url, size=size)


def _with_header(text: str, title: Optional[str], date: Optional[str]) -> str:
    """Keep the page's title and date on top of its text, where reports carry them.

    >>> _with_header("标题\\n正文", "标题", "2023-05-23")
    '标题\\n2023-05-23\\n正文'
    >>> _with_header("正文", "标题", None)
    '标题\\n正文'
    """
    lines = text.split("\n")
    head = [ln.strip() for ln in lines[:5]]
    at = 0
    if title and title.strip() in head:
        at = head.index(title.strip()) + 1
    elif title:
        lines.insert(0, title)
        at = 1
    if date and date not in text[:500]:
        lines.insert(at, date)
    return "\n".join(lines)
