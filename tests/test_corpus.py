"""Readers: encodings, archives (and their guards), JSONL/CSV tables, HTML pages.

All documents here are made up in the register of county reports; nothing is copied from
the seeds or the bulk reports.
"""
from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest

from dangjian_nlp.corpus import Item, Limits, decode, read

SIMPLIFIED = ("近年来，某县教育局坚持以党建引领教育高质量发展，创新推行“一统二商三议四促”工作机制，"
              "向80家民办幼儿园选派党建指导员，党组织覆盖率由87%提高到100%。\n")
TRADITIONAL = ("近年來，某縣教育局堅持以黨建引領教育高質量發展，創新推行「一統二商三議四促」工作機制，"
               "向80家民辦幼兒園選派黨建指導員，黨組織覆蓋率由87%提高到100%。\n")
SHORT = "党建引领“三大举措”"

# fmt: off
ENCODINGS = [
    # (text, how it is encoded, the encoding the reader must report)
    (SIMPLIFIED,  "utf-8",     "utf_8"),
    (SIMPLIFIED,  "utf-8-sig", "utf_8_sig"),
    (SIMPLIFIED,  "utf-16",    "utf_16"),        # with BOM
    (SIMPLIFIED,  "utf-16-le", "utf_16_le"),     # without BOM: NUL bytes, still text
    (SIMPLIFIED,  "gbk",       "gb18030"),       # GBK is a subset of GB18030
    (SIMPLIFIED,  "gb18030",   "gb18030"),
    (TRADITIONAL, "big5",      "big5"),
    (TRADITIONAL, "utf-8",     "utf_8"),
    (SHORT,       "gbk",       "gb18030"),       # short: also reads as Korean cp949
    # a page opening with a zero-width space (U+200B), or holding a private-use
    # character: the detector finds no encoding at all
    ("\u200b" + SIMPLIFIED, "gb18030", "gb18030"),
    ("\u200b" + SIMPLIFIED, "utf-16-le", "utf_16_le"),
    ("\u200b" + SIMPLIFIED, "utf-16-be", "utf_16_be"),
    (SIMPLIFIED + "\ue000", "gb18030", "gb18030"),
]
# fmt: on


@pytest.mark.parametrize("text,codec,reported", ENCODINGS)
def test_decode(text, codec, reported):
    got, enc = decode(text.encode(codec))
    assert got == text
    assert enc == reported


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 8,                      # binary
    b"\x89PNG\r\n\x1a\n" + b"\x00\x01\xfe\xff" * 300,
    bytes(range(1, 256)) * 8,                   # no NUL: the Chinese codecs are tried too
])
def test_binary_is_refused(data):
    with pytest.raises(ValueError, match="binary"):
        decode(data)


def one(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize("name,data,error", [
    ("empty.txt", b"", "empty document"),
    ("blank.txt", " \n\t\n".encode(), "empty document"),
    ("blob.bin", bytes(range(256)) * 40, "binary"),
    ("ok.txt", SIMPLIFIED.encode("gbk"), None),
])
def test_files(tmp_path, name, data, error):
    p = tmp_path / name
    p.write_bytes(data)
    it = one(read([p]))
    assert it.doc_id == Path(name).stem and it.path == str(p)
    assert (it.error is None) if error is None else (error in it.error)
    if error is None:
        assert it.text == SIMPLIFIED and it.encoding == "gb18030" and it.size == len(data)


def test_folder_recursive_in_name_order(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "b" / "c" / "3.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "b" / "2.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "1.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(SIMPLIFIED, encoding="utf-8")
    # a folder's own files before its subfolders'; hidden files skipped
    assert [i.doc_id for i in read([tmp_path])] == ["1", "2", "3"]


def make_zip(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def make_tar(members: dict, mode: str = "w:gz", links: tuple = ()) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        for name, target in links:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            tf.addfile(info)
    return buf.getvalue()


MEMBERS = {
    "reports/县委教育工委.txt": SIMPLIFIED.encode("utf-8"),
    "reports/2024/繁体.txt": TRADITIONAL.encode("big5"),
    "reports/2024/gbk.txt": SIMPLIFIED.encode("gbk"),
}


@pytest.mark.parametrize("suffix,build", [
    (".zip", make_zip),
    (".tar.gz", make_tar),
    (".tar", lambda m: make_tar(m, "w")),
    (".tar.bz2", lambda m: make_tar(m, "w:bz2")),
])
def test_archives(tmp_path, suffix, build):
    p = tmp_path / ("batch" + suffix)
    p.write_bytes(build(MEMBERS))
    items = list(read([p]))
    assert [(i.doc_id, i.error) for i in items] == [("县委教育工委", None), ("繁体", None), ("gbk", None)]
    assert [i.encoding for i in items] == ["utf_8", "big5", "gb18030"]
    assert items[1].text == TRADITIONAL
    assert items[0].path == f"{p}!reports/县委教育工委.txt"


@pytest.mark.parametrize("name,why", [
    ("../escape.txt", "escapes"),
    ("a/../../escape.txt", "escapes"),
    ("/etc/cron.d/x.txt", "absolute"),
    ("C:/Windows/x.txt", "absolute"),
])
@pytest.mark.parametrize("build", [make_zip, make_tar])
def test_unsafe_member_paths_are_refused(tmp_path, name, why, build):
    p = tmp_path / ("evil.zip" if build is make_zip else "evil.tar.gz")
    p.write_bytes(build({"ok.txt": SIMPLIFIED.encode(), name: SIMPLIFIED.encode()}))
    items = list(read([p]))
    assert len(items) == 2
    assert items[0].error is None
    assert why in items[1].error and items[1].text is None


def test_tar_links_are_refused(tmp_path):
    p = tmp_path / "links.tar"
    p.write_bytes(make_tar({"ok.txt": SIMPLIFIED.encode()}, "w", links=(("passwd.txt", "/etc/passwd"),)))
    assert [("link" in (i.error or "")) for i in read([p])] == [False, True]


# fmt: off
CAPS = [
    # limits, members → (doc_id, error substring or None) per item
    (Limits(member_bytes=1000), {"a.txt": SIMPLIFIED.encode() * 2, "b.txt": SIMPLIFIED.encode() * 20},
     [("a", None), ("b", "member too large")]),
    (Limits(members=2), {"a.txt": b"x" * 10, "b.txt": SIMPLIFIED.encode(), "c.txt": SIMPLIFIED.encode()},
     [("a", None), ("b", None), ("batch", "more than 2 members")]),
    (Limits(total_bytes=700), {"a.txt": SIMPLIFIED.encode() * 2, "b.txt": SIMPLIFIED.encode() * 2},
     [("a", None), ("batch", "expands past")]),
    (Limits(doc_bytes=300), {"a.txt": SIMPLIFIED.encode(), "b.txt": SIMPLIFIED.encode() * 3},
     [("a", None), ("b", "document too large")]),
]
# fmt: on


@pytest.mark.parametrize("build", [make_zip, make_tar])
@pytest.mark.parametrize("limits,members,expected", CAPS)
def test_archive_caps(tmp_path, build, limits, members, expected):
    p = tmp_path / ("batch.zip" if build is make_zip else "batch.tar.gz")
    p.write_bytes(build(members))
    got = [(i.doc_id, i.error) for i in read([p], limits=limits)]
    assert [g[0] for g in got] == [e[0] for e in expected]
    for (_, err), (_, want) in zip(got, expected):
        assert (err is None) if want is None else (want in err), got


def test_nested_archives_up_to_the_depth_cap(tmp_path):
    inner = make_zip({"inner/a.txt": SIMPLIFIED.encode()})
    middle = make_tar({"m/inner.zip": inner, "m/b.txt": SIMPLIFIED.encode()})
    p = tmp_path / "outer.zip"
    p.write_bytes(make_zip({"middle.tar.gz": middle}))
    assert [(i.doc_id, i.error) for i in read([p])] == [
        ("inner", "archive nested deeper than 2 levels"), ("b", None)]
    assert [(i.doc_id, i.error) for i in read([p], limits=Limits(depth=3))] == [("a", None), ("b", None)]


def test_corrupt_zip_member_is_an_error_not_a_crash(tmp_path):
    data = bytearray(make_zip({"a.txt": SIMPLIFIED.encode() * 5, "b.txt": TRADITIONAL.encode() * 5}))
    body = data.find(b"b.txt") + 40  # inside b's compressed data (local header + name + a bit)
    data[body:body + 8] = b"\xff" * 8
    p = tmp_path / "broken.zip"
    p.write_bytes(bytes(data))
    items = list(read([p]))
    assert [i.doc_id for i in items] == ["a", "b"]
    assert items[0].error is None and items[1].error


@pytest.mark.parametrize("data,first_error", [
    (b"PK\x03\x04 not really a zip", "BadZipFile"),
    (b"", "BadZipFile"),
])
def test_unreadable_zip_is_one_error(tmp_path, data, first_error):
    p = tmp_path / "fake.zip"
    p.write_bytes(data)
    it = one(read([p]))
    assert it.doc_id == "fake" and first_error in it.error


def test_truncated_tar_keeps_what_came_before(tmp_path):
    data = make_tar({f"{n}.txt": (SIMPLIFIED * 30).encode() for n in range(6)}, "w")
    p = tmp_path / "cut.tar"
    p.write_bytes(data[: len(data) // 2])
    items = list(read([p]))
    ok = [i.doc_id for i in items if not i.error]
    assert ok == [str(n) for n in range(len(ok))] and 1 <= len(ok) < 6
    assert items[-1].error  # the cut is reported, not swallowed


def test_jsonl_with_a_malformed_line(tmp_path):
    lines = [
        json.dumps({"id": "r1", "title": "某县党建工作纪实", "date": "2024-03-01", "text": SIMPLIFIED},
                   ensure_ascii=False),
        '{"id": "r2", "text": "党建引领',  # cut off
        "",
        json.dumps({"id": "r3", "body": TRADITIONAL, "url": "https://example.org/3.html"}, ensure_ascii=False),
        json.dumps({"id": "r4", "title": "没有正文"}, ensure_ascii=False),
        json.dumps(["not", "an", "object"]),
    ]
    p = tmp_path / "dump.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read([p]))
    assert [(i.doc_id, bool(i.error)) for i in items] == [
        ("r1", False), ("dump-2", True), ("r3", False), ("r4", True), ("dump-6", True)]
    assert items[0].title == "某县党建工作纪实" and items[0].date == "2024-03-01"
    assert items[2].text == TRADITIONAL and items[2].source == "https://example.org/3.html"
    assert items[1].error.startswith("line 2:") and items[1].path == f"{p}:2"
    assert "no text column" in items[3].error


@pytest.mark.parametrize("codec,delimiter,suffix", [
    ("utf-8-sig", ",", ".csv"), ("gbk", ",", ".csv"), ("utf-8", "\t", ".tsv")])
def test_csv_with_chinese_headers(tmp_path, codec, delimiter, suffix):
    rows = [["编号", "标题", "发布时间", "正文"],
            ["c1", "某区教育系统党建工作", "2023-05-23", SIMPLIFIED.strip()],
            ["c2", "无正文", "2023-05-24", ""]]
    text = "\n".join(delimiter.join(f'"{c}"' if delimiter == "," else c for c in r) for r in rows) + "\n"
    p = tmp_path / ("table" + suffix)
    p.write_bytes(text.encode(codec))
    items = list(read([p]))
    assert [(i.doc_id, bool(i.error)) for i in items] == [("c1", False), ("table-2", True)]
    assert items[0].title == "某区教育系统党建工作" and items[0].date == "2023-05-23"
    assert items[0].text == SIMPLIFIED.strip()


PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>某县教育局：党建引领“三大举措”见实效</title>
<meta property="article:published_time" content="2023-05-23">
<link rel="canonical" href="https://edu.example.gov.cn/dj/123.html"></head>
<body><div class="nav">首页 &gt; 党建工作 &gt; 正文</div>
<article><h1>某县教育局：党建引领“三大举措”见实效</h1>
<p>近年来，某县教育局坚持以党建引领教育高质量发展，创新推行“三大举措”，向80家民办幼儿园选派党建指导员。</p>
<p>全县146所中小学校党组织覆盖率由87%提高到100%，党员教师带头参与课后服务4.7万余人次。</p>
<p>下一步，该局将持续深化党建与业务融合，推动全县教育事业高质量发展。</p>
</article><div class="footer">版权所有 某县教育局 访问量：12345</div></body></html>"""


@pytest.mark.parametrize("charset,codec", [("utf-8", "utf-8"), ("gb2312", "gbk")])
def test_html_page(tmp_path, charset, codec):
    p = tmp_path / "page.html"
    p.write_bytes(PAGE.format(charset=charset).encode(codec))
    it = one(read([p]))
    assert it.error is None, it.error
    assert it.title == "某县教育局：党建引领“三大举措”见实效"
    assert it.date == "2023-05-23"
    assert it.source == "https://edu.example.gov.cn/dj/123.html"
    assert "80家民办幼儿园" in it.text and "<p>" not in it.text
    assert it.encoding in ("utf_8", "gb18030")


def test_raw_texts_and_items_pass_through():
    items = list(read(["党建引领“三大举措”", Item("x", text="黨建"), "  ", 42]))
    assert [(i.doc_id, bool(i.error)) for i in items] == [
        ("text-1", False), ("x", False), ("text-2", True), (None, True)]


@pytest.mark.parametrize("payload,expected", [
    ({"title": "某县党建", "content": SIMPLIFIED}, [("page", None)]),
    ([{"id": "x1", "text": SIMPLIFIED}, {"text": SIMPLIFIED}, {"title": "无正文"}, "字符串"],
     [("x1", None), ("page-2", None), ("page-3", "no text column"), ("page-4", "not a JSON object")]),
])
def test_json_files(tmp_path, payload, expected):
    p = tmp_path / "page.json"
    p.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    got = [(i.doc_id, i.error) for i in read([p])]
    assert [g[0] for g in got] == [e[0] for e in expected]
    for (_, err), (_, want) in zip(got, expected):
        assert (err is None) if want is None else (want in err), got


def test_bad_json_file_is_one_error(tmp_path):
    p = tmp_path / "cut.json"
    p.write_text('{"text": "党建', encoding="utf-8")
    it = one(read([p]))
    assert it.doc_id == "cut" and "JSONDecodeError" in it.error
