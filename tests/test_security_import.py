"""``brandsite import`` against hostile Word files: zip bombs, broken and encrypted documents, and
document text that tries to become YAML, Markdown or live HTML in the new profile.

The hostile .docx files are built here, part by part, with a small zip writer that can declare
sizes that lie; nothing binary is committed.
"""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import docx
import markdown
import pytest
import yaml

from brandsite import cli
from kit.cli import Done, run_brandsite
from test_docx_import import picture, small_report

MiB = 1 << 20
MEMORY_LIMIT = 1 << 30  # the import runs with 1 GiB of address space: a bomb it unpacked would not fit
ERROR_LINE = re.compile(r"^(?P<file>[^:\n]+\.docx?): 错误: (?P<problem>[^\n]+) — (?P<hint>[^\n]+)$")


@dataclass(frozen=True)
class Part:
    """One zip entry as stored: ``data`` is raw deflate (or the bytes, when stored)."""

    name: str
    data: bytes
    size: int  # the uncompressed size the headers declare
    crc: int
    method: int = zipfile.ZIP_DEFLATED


def deflated(name: str, content: bytes) -> Part:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Part(name, packer.compress(content) + packer.flush(), len(content), zlib.crc32(content))


@cache
def _zero_stream(mebibytes: int) -> tuple[bytes, int]:
    """Raw deflate of ``mebibytes`` MiB of zero bytes and their CRC, without compressing them all:
    after a full flush the compressor restarts, so one MiB's output repeats."""
    chunk = bytes(MiB)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(chunk, crc)
    return piece * mebibytes + packer.flush(), crc


def zeros(name: str, mebibytes: int, declared: int | None = None) -> Part:
    """``mebibytes`` MiB of zeros; ``declared`` makes the headers lie about the size."""
    stream, crc = _zero_stream(mebibytes)
    return Part(name, stream, mebibytes * MiB if declared is None else declared, crc)


def package(parts: list[Part], aliases: int = 0) -> bytes:
    """A zip of ``parts``; ``aliases`` more directory entries all point at the last part's data
    (overlapping entries, as in the non-recursive zip bombs)."""
    out = io.BytesIO()
    directory = []
    for part in parts:
        offset = out.tell()
        name = part.name.encode()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x800, part.method, 0, 0x21,
                              part.crc, len(part.data), part.size, len(name), 0) + name + part.data)
        directory.append((part, offset))
    directory += [directory[-1]] * aliases
    start = out.tell()
    for part, offset in directory:
        name = part.name.encode()
        out.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0x800, part.method, 0, 0x21,
                              part.crc, len(part.data), part.size, len(name), 0, 0, 0, 0, 0, offset) + name)
    end = out.tell()
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory), end - start, start, 0))
    return out.getvalue()


@cache
def report_parts() -> dict[str, bytes]:
    """The parts of a real two-picture report made by python-docx."""
    data = io.BytesIO()
    small_report().save(data)
    with zipfile.ZipFile(data) as source:
        return {name: source.read(name) for name in source.namelist()}


def hostile(replace: dict[str, Part | bytes | None] | None = None, extra: list[Part] = (), aliases: int = 0) -> bytes:
    """The report with parts replaced (a Part or new bytes) or dropped (None), then ``extra`` parts."""
    replace = replace or {}
    parts = []
    for name, content in report_parts().items():
        new = replace.get(name, content)
        if new is not None:
            parts.append(new if isinstance(new, Part) else deflated(name, new))
    return package(parts + list(extra), aliases)


def run_import(project: Path, document: Path, *args: str) -> Done:
    """``brandsite import`` as a teacher runs it, in a process that cannot take more than 1 GiB."""
    return run_brandsite(project, "import", str(document), *args, timeout=120, memory_limit=MEMORY_LIMIT)


def import_here(capsys, project: Path, document: Path, *args: str) -> subprocess.CompletedProcess:
    """``brandsite import`` in this process (no memory limit), for files that are not bombs."""
    code = cli.main(["import", str(document), "--brands", str(project / "brands"), *args])
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess([], code, out, err)


def refused(project: Path, name: str, data: bytes, capsys=None) -> re.Match:
    """Import ``data`` saved as ``name``: one Chinese error line naming the file, exit 1, nothing in brands/.

    Without ``capsys`` the import runs in its own process with 1 GiB of memory."""
    (project / name).write_bytes(data)
    result = run_import(project, Path(name)) if capsys is None else import_here(capsys, project, project / name)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    match = ERROR_LINE.match(lines[0])
    assert match and Path(match["file"]).name == name, lines[0]
    assert list((project / "brands").iterdir()) == []
    return match


# --- zip bombs ---------------------------------------------------------------------------------

def test_picture_of_two_gibibytes_is_refused_before_it_is_unpacked(project):
    bomb = hostile({"word/media/image1.jpg": zeros("word/media/image1.jpg", 2048)})
    assert len(bomb) < 3 * MiB  # the 2.1 MB .docx of the report
    found = refused(project, "报告.docx", bomb)
    assert "word/media/image1.jpg" in found["problem"] and "2048 MB" in found["problem"]


def test_picture_that_declares_a_small_size_is_unpacked_only_that_far(project):
    liar = zeros("word/media/image1.jpg", 2048, declared=821)
    found = refused(project, "报告.docx", hostile({"word/media/image1.jpg": liar}))
    assert "word/media/image1.jpg" in found["problem"] and "损坏" in found["problem"]


def test_many_medium_pictures_are_refused_by_their_sum(project):
    pictures = [zeros(f"word/media/extra{n}.png", 7) for n in range(80)]  # 560 MiB, each below the picture cap
    found = refused(project, "报告.docx", hostile(extra=pictures))
    assert "加起来" in found["problem"]


def test_overlapping_entries_are_counted_each_time(project):
    found = refused(project, "报告.docx", hostile(extra=[zeros("word/media/image9.png", 7)], aliases=80))
    assert "加起来" in found["problem"]


def test_one_picture_shown_many_times_is_read_within_the_budget(project):
    """A 12 MiB picture that does not compress, placed 400 times: 4.8 GB if each placement were read."""
    parts = report_parts()
    body = parts["word/document.xml"].decode()
    drawing = re.search(r"<w:p>(?:(?!</w:p>).)*?<w:drawing>.*?</w:p>", body, re.S)[0]
    many = body.replace(drawing, drawing * 400, 1).encode()
    noise = os.urandom(12 * MiB)
    stored = Part("word/media/image1.jpg", noise, len(noise), zlib.crc32(noise), zipfile.ZIP_STORED)
    found = refused(project, "报告.docx", hostile({"word/document.xml": many, "word/media/image1.jpg": stored}))
    assert "图片" in found["problem"] and "加起来" in found["problem"]


def test_document_xml_bomb_is_refused(project):
    body = zeros("word/document.xml", 1024)
    found = refused(project, "报告.docx", hostile({"word/document.xml": body}))
    assert "word/document.xml" in found["problem"]


def test_too_many_parts_are_refused(project):
    parts = [deflated(f"customXml/item{n}.xml", b"<a/>") for n in range(20_000)]
    found = refused(project, "报告.docx", hostile(extra=parts))
    assert "20" in found["problem"]


def test_entity_expansion_in_document_xml_is_refused(project):
    laughs = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
              + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9))
              + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              '<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>')
    found = refused(project, "报告.docx", hostile({"word/document.xml": laughs.encode()}))
    assert "word/document.xml" in found["problem"] or "正文" in found["problem"]


def test_deeply_nested_document_is_refused(project):
    head = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
    nested = head + "<w:hyperlink>" * 50_000 + "</w:hyperlink>" * 50_000 + "</w:p></w:body></w:document>"
    refused(project, "报告.docx", hostile({"word/document.xml": nested.encode()}))


def test_nested_zip_inside_is_never_opened(project):
    inner = package([zeros("bomb.bin", 2000)])
    document = project / "报告.docx"
    document.write_bytes(hostile(extra=[deflated("word/embeddings/inner.zip", inner)]))
    result = run_import(project, document)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project / "brands" / "wuse-xingdong" / "photos").iterdir()) == [
        ".gitkeep", "图片01.jpg", "图片02.jpg"]


def test_file_too_big_to_be_a_report_is_not_read(project):
    with open(project / "报告.docx", "wb") as sparse:  # 2 GiB on paper, nothing on disk
        sparse.truncate(2048 * MiB)
    result = run_import(project, Path("报告.docx"))
    assert result.returncode == 1 and "2048 MB" in result.stderr and "Traceback" not in result.stderr


def test_a_failed_write_leaves_no_half_made_brand(project, capsys, monkeypatch):
    document = project / "报告.docx"
    document.write_bytes(hostile())
    write = Path.write_bytes

    def disk_full(path: Path, data: bytes) -> int:
        if path.name == "图片02.jpg":
            raise OSError(28, "No space left on device")
        return write(path, data)

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    result = import_here(capsys, project, document)
    assert result.returncode == 1 and re.fullmatch(r"\S+/wuse-xingdong: 错误: .+ — .+\n", result.stderr)
    assert list((project / "brands").iterdir()) == []


def test_a_real_report_still_imports_within_the_memory_limit(project):
    document = project / "报告.docx"
    document.write_bytes(hostile())  # the same parts, through the test's own zip writer
    result = run_import(project, document)
    assert result.returncode == 0, result.stderr
    assert (project / "brands" / "wuse-xingdong" / "photos" / "图片02.jpg").stat().st_size == len(
        report_parts()["word/media/image2.jpg"])


# --- broken, encrypted and old documents -------------------------------------------------------

def _ole(streams: list[str]) -> bytes:
    """A minimal OLE compound file (the container of old .doc files and of encrypted .docx files)
    whose directory names ``streams``."""
    header = bytearray(512)
    header[:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<LLL", header, 0x2C, 1, 1, 0)  # one FAT sector; directory at sector 1
    struct.pack_into("<LLLLL", header, 0x38, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    header[0x4C:0x200] = struct.pack("<L", 0) + b"\xff" * (0x200 - 0x50)
    fat = struct.pack("<LL", 0xFFFFFFFD, 0xFFFFFFFE) + b"\xff" * 504
    directory = bytearray()
    for number, name in enumerate(["Root Entry", *streams]):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry[:len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), 5 if number == 0 else 2, 1)
        struct.pack_into("<LLL", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 1 if number == 0 else 0xFFFFFFFF)
        directory += entry
    return bytes(header) + fat + bytes(directory).ljust(512, b"\0")


ENCRYPTED = ["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]
OLD_WORD = ["WordDocument", "1Table", "\x05SummaryInformation"]


@pytest.mark.parametrize("name", ["报告.docx", "报告.doc"])
def test_password_protected_word_file_is_explained(project, name, capsys):
    found = refused(project, name, _ole(ENCRYPTED), capsys)
    assert "密码" in found["problem"] and "旧版" not in found["problem"]
    assert "密码" in found["hint"]


@pytest.mark.parametrize("name", ["报告.doc", "报告.docx"])
def test_old_word_file_gets_a_save_as_line(project, name, capsys):
    found = refused(project, name, _ole(OLD_WORD), capsys)
    assert "旧版" in found["problem"] and "另存为" in found["hint"]


def test_report_saved_as_docx_but_named_doc_imports(project, capsys):
    document = project / "报告.doc"
    document.write_bytes(hostile())
    result = import_here(capsys, project, document)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("label, change", [
    ("broken XML", {"word/document.xml": b"<w:document><w:body><w:p>"}),
    ("no document.xml", {"word/document.xml": None}),
    ("empty document.xml", {"word/document.xml": b""}),
    ("document.xml not UTF-8", {"word/document.xml": "<?xml version='1.0' encoding='utf-8'?><a>\xff</a>".encode("latin-1")}),
    ("broken styles.xml", {"word/styles.xml": b"<w:styles"}),
    ("broken relationships", {"word/_rels/document.xml.rels": b"<Relationships"}),
])
def test_broken_documents_get_one_chinese_line(project, label, change, capsys):
    found = refused(project, "报告.docx", hostile(change), capsys)
    assert "损坏" in found["problem"] or "正文" in found["problem"], label


@pytest.mark.parametrize("data", [
    b"", b"PK\x03\x04 cut short", b"PK\x05\x06" + bytes(18),
], ids=["empty file", "truncated zip", "empty zip"])
def test_not_quite_a_zip_gets_one_chinese_line(project, data, capsys):
    refused(project, "报告.docx", data, capsys)


def test_truncated_download_gets_one_chinese_line(project, capsys):
    data = hostile()
    refused(project, "报告.docx", data[: len(data) // 2] + data[-22:], capsys)


def test_missing_file_and_folder_get_one_chinese_line(project, capsys):
    for name in ("没有这个文件.docx", "文件夹.docx"):
        result = import_here(capsys, project, project / name)
        assert result.returncode == 1 and ERROR_LINE.match(result.stderr.strip()) and "找不到" in result.stderr
        (project / "文件夹.docx").mkdir(exist_ok=True)


# --- document text that must stay text ---------------------------------------------------------

HOSTILE_TITLE = "北皂学校“五色行动”品牌 --> <script>alert(1)</script> <!-- "
HOSTILE_PARAGRAPHS = [
    "党建引领<img src=x onerror=alert(2)>发展。",
    "点这里[看看](javascript:alert(3))。",
    "属性{: onclick=\"alert(4)\" }",
    "实体&lt;script&gt;alert(5)&lt;/script&gt;不变。",
    "*星号*和_下划线_和`反引号`和\\反斜杠。",
    "# 不是标题",
    "!!! danger \"不是提示框\"",
    "--- 不是分隔线",
    "<!-- 不是注释 -->",
    "<div markdown=\"1\">不是 HTML 块</div>",
]


def add_link(paragraph, url: str, text: str) -> None:
    """A Word hyperlink, as Word saves it: w:hyperlink around a run, its address in the relationships."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    run = OxmlElement("w:r")
    run_text = OxmlElement("w:t")
    run_text.text = text
    run.append(run_text)
    link.append(run)
    paragraph._p.append(link)


LINK_TEXT = "<b onmouseover=alert(6)>链接</b>"
CAPTION = "说明: 带冒号 #不是注释 \"引号\" 'x' &a *b !c |d"


def hostile_text_report() -> docx.Document:
    d = docx.Document()
    d.add_paragraph(HOSTILE_TITLE, style="Title")
    d.add_paragraph("北皂学校党支部的品牌口号是“党旗领航，五色行动铸党魂”。")
    for text in HOSTILE_PARAGRAPHS:
        d.add_paragraph(text)
    lines = d.add_paragraph("第一行")
    lines.add_run().add_break()
    lines.add_run("# 第二行不是标题\u2028- 也不是列表")
    add_link(d.add_paragraph("见"), "https://example.cn/a)b\"c", LINK_TEXT)
    d.add_picture(picture("red"))
    d.add_paragraph(f"图1：{CAPTION}")
    return d


def _story_html(body: str) -> str:
    """The story as the site's Markdown turns it into HTML, before the site's own HTML cleaner."""
    return markdown.markdown(body, extensions=["attr_list", "md_in_html", "admonition", "tables", "pymdownx.details"])


def elements(html: str) -> list[tuple[str, list]]:
    """(tag, attributes) of every element in ``html``."""
    found = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: found.append((tag, attrs))
    parser.feed(html)
    return found


def visible_text(html: str) -> str:
    """The text a reader sees in ``html``: comments and tags dropped, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", "", re.sub(r"<!--.*?-->", "", html, flags=re.S)))


def test_word_text_stays_text_in_the_profile(project, capsys):
    document = project / "报告.docx"
    hostile_text_report().save(document)
    result = import_here(capsys, project, document, "--slug", "wuse")
    assert result.returncode == 0, result.stderr
    text = (project / "brands" / "wuse" / "index.md").read_text(encoding="utf-8")
    front, body = text[len("---\n"):].split("\n---\n", 1)
    html = _story_html(body)
    assert {tag for tag, _ in elements(html)} == {"p", "br", "a"}  # no h1, hr, ul, div, img, b, script …
    assert [attrs for tag, attrs in elements(html) if attrs] == [[("href", "https://example.cn/a%29b%22c")]]
    assert html.count("<!--") == 1 and html.count("-->") == 1  # the note with the original title, closed once
    assert "alert(1)" in re.search(r"<!--(.*?)-->", html, re.S)[1]
    shown = visible_text(html)
    for paragraph in HOSTILE_PARAGRAPHS:  # every paragraph reads exactly as typed
        assert shown.count(paragraph) == 1, paragraph
    assert "第一行\n# 第二行不是标题\n- 也不是列表" in shown
    assert unescape(re.search(r"<a [^>]*>(.*?)</a>", html)[1]) == LINK_TEXT
    fields = yaml.safe_load(front)  # the fields read back exactly as the document has them
    assert fields["title"] == "五色行动"
    assert fields["gallery"][0]["caption"] == CAPTION
