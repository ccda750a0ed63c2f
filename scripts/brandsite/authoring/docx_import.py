"""Turn a teacher's Word report (.docx) into a new brand profile, its photos and a report.

mammoth reads the document (docx → HTML with the pictures handed to us); this module only
walks mammoth's HTML. Pure: bytes in, (Profile, photo files, report lines) out; no MkDocs.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote
from xml.parsers import expat

import mammoth

from .scaffold import GalleryEntry, Profile

MiB = 1 << 20
# Limits no real Word report reaches. A .docx is a zip, and a 2 MB zip can unpack to gigabytes
# (a "zip bomb"): sizes are checked before anything is unpacked, and counted again while unpacking,
# since the sizes a zip declares can lie.
MAX_IMPORT_BYTES = 400 * MiB  # the file, all its parts unpacked, and the pictures read; 100 phone photos ≈ 300 MB
MAX_PICTURE_BYTES = 64 * MiB  # one picture (or other binary part); a 200-megapixel photo is about 30 MB
MAX_XML_BYTES = 16 * MiB  # all XML parts together: a 300-page report has ~5 MB; mammoth's tree takes ~15× that
MAX_XML_DEPTH = 100  # Word nests elements about 20 deep; mammoth walks the tree recursively
MAX_PARTS = 5000  # a report with 300 pictures has about 350 parts
MAX_RATIO = 200  # unpacked ÷ packed size of one big part: real parts stay under ~50, bombs reach 1000
RATIO_FLOOR = 8 * MiB  # below this the caps above already bound what a part can cost
READ_CHUNK = 64 * 1024  # zipfile's read() of a whole part may inflate up to 1 GiB in one step

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word .doc, WPS .wps, and password-protected .docx
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted .docx keeps in its OLE file
SAVE_AS = "请用 Word 或 WPS 打开它，点“文件 → 另存为”，文件类型选“Word 文档（*.docx）”，保存后再导入新的 .docx 文件"
RESAVE = "请用 Word 或 WPS 打开后重新保存一次，再导入"
NOT_NORMAL = "正常的 Word 报告不会这样，文件可能是故意构造的"
STYLE_MAP = """
p[style-name='Title'] => p.doc-title:fresh
p[style-name='标题'] => p.doc-title:fresh
p[style-name='Subtitle'] => p.doc-subtitle:fresh
p[style-name='副标题'] => p.doc-subtitle:fresh
p[style-name='标题 1'] => h1:fresh
p[style-name='标题 2'] => h2:fresh
p[style-name='标题 3'] => h3:fresh
p[style-name='标题 4'] => h4:fresh
p[style-name='Caption'] => p.doc-caption:fresh
p[style-name='题注'] => p.doc-caption:fresh
"""
PHOTO_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/bmp": ".bmp",
               "image/tiff": ".tif", "image/webp": ".webp", "image/heic": ".heic", "image/heif": ".heic"}
CAPTION_MAX = 40  # a longer paragraph is story, not a caption
TITLE_MAX = 20

_CN_NUMBER = "一二三四五六七八九十百零〇"
SECTION = re.compile(rf"^[{_CN_NUMBER}]+\s*[、．.]")  # 一、
SUBSECTION = re.compile(rf"^[（(]\s*[{_CN_NUMBER}]+\s*[）)]")  # （一）
NUMBERED = re.compile(r"^\d{1,2}\s*[.．、](?!\d)\s*")  # 1. 1、
FIGURE_LABEL = re.compile(r"^(?:图|圖|照片|附图)\s*[\d一二三四五六七八九十]*\s*[:：.、\-—]?\s*")
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,40})[”\"」』]")
SCHOOL = re.compile(r"([\u4e00-\u9fff]{2,24}?(?:实验学校|职业学校|中等专业学校|学校|小学|初级中学|中学|高级中学|"
                    r"高中|初中|幼儿园|大学|学院|书院))")
ORGANIZATION = re.compile(r"([\u4e00-\u9fff]{2,30}?(?:党总支部|党总支|党支部|党委|联合支部|支部))")
LEADING_WORDS = re.compile(r"^(?:关于|我校|本校|我们|在|为|以)")


class DocxError(Exception):
    """The file cannot be imported: what is wrong and what to do, in Chinese."""

    def __init__(self, problem: str, hint: str = RESAVE):
        super().__init__(f"{problem} — {hint}")


def _mb(size: int) -> str:
    return f"{size / MiB:.0f} MB"


def _too_much(problem: str) -> DocxError:
    return DocxError(f"{problem}；{NOT_NORMAL}",
                     "请用 Word 或 WPS 打开它，确认内容无误后另存为新的 .docx 再导入；照片太大时先在 Word 里压缩图片")


LINK_OPEN, LINK_HREF, LINK_CLOSE = "\ue000", "\ue001", "\ue002"  # mark links in a block's text
_LINK = re.compile(f"{LINK_OPEN}|{LINK_HREF}[^{LINK_CLOSE}]*{LINK_CLOSE}")
_LINE_BREAKS = re.compile(r"[\r\v\f\x85\u2028\u2029]")  # YAML and Markdown also end a line at these
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\ue002]")  # terminal escapes, our link marks


def _clean(text: str) -> str:
    """Word text without control characters; every kind of line break becomes "\\n"."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))


def _plain(text: str) -> str:
    """A block's text without its link marks: what a field (title, caption …) takes."""
    return " ".join(_LINK.sub("", text).split())


@dataclass
class Block:
    """One piece of the document in reading order."""

    kind: str  # title | subtitle | heading | para | item | image | caption | table
    text: str = ""
    level: int = 0  # heading level in the document (1-6), list depth (1-)
    ordered: bool = False  # list items: numbered or bulleted
    image: int = -1  # index into the picture list


@dataclass
class Imported:
    profile: Profile
    photos: dict[str, bytes]  # file name inside photos/ -> bytes
    report: list[str] = field(default_factory=list)  # what could not be mapped, in Chinese


class _Blocks(HTMLParser):
    """mammoth's HTML (p, h1-6, ol/ul/li, img, table, a, strong …) → a flat list of Blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lists: list[bool] = []  # open lists: ordered?
        self.current: Block | None = None
        self.table_depth = 0
        self.table_text: list[str] = []
        self.table_images: list[Block] = []
        self.href = ""

    def _open(self, block: Block) -> None:
        self._close()
        self.current = block

    def _close(self) -> None:
        if self.current is not None:
            text = re.sub(r"[ \t\u3000\xa0]+", " ", self.current.text)
            self.current.text = "\n".join(line.strip() for line in text.split("\n")).strip()
            if self.current.text or self.current.kind == "image":
                self.blocks.append(self.current)
            self.current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.table_depth:
            self.table_depth += tag == "table"
            if tag == "img":  # pictures laid out in a table still go to the gallery, after it
                self.table_images.append(Block("image", _clean(attrs.get("alt") or ""), image=int(attrs["src"])))
            return
        if tag == "table":
            self._close()
            self.table_depth, self.table_text, self.table_images = 1, [], []
        elif tag in ("ol", "ul"):
            self._close()
            self.lists.append(tag == "ol")
        elif tag == "li":
            self._open(Block("item", level=len(self.lists), ordered=bool(self.lists and self.lists[-1])))
        elif re.fullmatch(r"h[1-6]", tag):
            self._open(Block("heading", level=int(tag[1])))
        elif tag == "p":
            kind = {"doc-title": "title", "doc-subtitle": "subtitle", "doc-caption": "caption"}.get(
                attrs.get("class") or "", "para")
            self._open(Block(kind))
        elif tag == "img":
            kind = self.current.kind if self.current else "para"
            self._close()
            self.blocks.append(Block("image", _clean(attrs.get("alt") or ""), image=int(attrs["src"])))
            self.current = Block(kind)
        elif tag == "a" and (attrs.get("href") or "").startswith(("http://", "https://")):
            # an address Markdown cannot misread: no spaces, quotes, brackets or parentheses left
            self.href = quote(attrs["href"], safe=":/?#@!$&'*+,;=%~")
            self._text(LINK_OPEN)
        elif tag == "br":
            self._text("\n")

    def handle_endtag(self, tag):
        if self.table_depth:
            self.table_depth -= tag == "table"
            if not self.table_depth:
                first = next((t for t in self.table_text if t.strip()), "")
                self.blocks.append(Block("table", first.strip()[:20]))
                self.blocks += self.table_images
            return
        if tag in ("ol", "ul"):
            self._close()
            if self.lists:
                self.lists.pop()
        elif tag in ("li", "p") or re.fullmatch(r"h[1-6]", tag):
            self._close()
        elif tag == "a" and self.href:
            self._text(f"{LINK_HREF}{self.href}{LINK_CLOSE}")
            self.href = ""

    def handle_data(self, data):
        if self.table_depth:
            self.table_text.append(_clean(data))
        else:
            self._text(_clean(data))

    def _text(self, data: str) -> None:
        if self.current is None:
            self.current = Block("para")
        self.current.text += data

    def close(self):
        super().close()
        self._close()


_ESCAPED = re.compile(r"[\\`*_{}\[\]|]")  # emphasis, code, attribute lists {: …}, links, table cells
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"(?m)^[#>+\-=!]")  # headings, quotes, lists, setext underlines, admonitions
_NUMBER_START = re.compile(r"(?m)^(\d+)\.(?=\s|$)")
_DETAILS_START = re.compile(r"(?m)^\?(?=\?\?)")  # ??? opens a details block; "?" has no backslash escape


def _markdown_text(text: str, line_start: bool = True) -> str:
    """Text as Markdown that shows exactly this text: no emphasis, links, attribute lists, HTML or
    entities, and (when ``line_start``) no heading, list, quote or admonition at any line's start."""
    text = _ESCAPED.sub(r"\\\g<0>", _ENTITY.sub("&amp;", text)).replace("<", "&lt;")
    if line_start:
        text = _DETAILS_START.sub("&#63;", _NUMBER_START.sub(r"\1\\.", _LINE_START.sub(r"\\\g<0>", text)))
    return text.replace("\n", "  \n")


def _links_kept(text: str) -> str:
    """The block's text as Markdown that shows it as typed, with its links as Markdown links."""
    hrefs = re.findall(f"{LINK_HREF}([^{LINK_CLOSE}]*){LINK_CLOSE}", text)
    numbered = iter(range(len(hrefs)))
    text = re.sub(f"{LINK_HREF}[^{LINK_CLOSE}]*{LINK_CLOSE}", lambda _: f"{LINK_HREF}{next(numbered)}{LINK_CLOSE}", text)
    text = _markdown_text(text)
    text = re.sub(f"{LINK_HREF}(\\d+){LINK_CLOSE}", lambda m: f"]({hrefs[int(m[1])]})", text)
    return text.replace(LINK_OPEN, "[")


def _heading(text: str) -> str:
    return _markdown_text(_plain(text), line_start=False)


def _caption_text(text: str) -> str:
    text = _plain(text)
    return FIGURE_LABEL.sub("", text).strip(" 　：:。") or text


def _is_caption_like(block: Block, below: bool) -> bool:
    if block.kind == "caption":
        return True
    if block.kind != "para" or len(block.text) > CAPTION_MAX:
        return False
    if FIGURE_LABEL.match(block.text) and block.text[:1] in "图圖照附":
        return True
    numbered = SECTION.match(block.text) or SUBSECTION.match(block.text) or NUMBERED.match(block.text)
    return below and not block.text.endswith(("。", "；", "：", ":")) and not numbered


def _pair_captions(blocks: list[Block]) -> dict[int, int]:
    """Map block index of each picture → block index of its caption (below first, then above)."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for index, block in enumerate(blocks):
        if block.kind != "image":
            continue
        for other, below in ((index + 1, True), (index - 1, False)):
            if 0 <= other < len(blocks) and other not in used and _is_caption_like(blocks[other], below):
                explicit = blocks[other].kind == "caption" or FIGURE_LABEL.match(blocks[other].text)
                if below or explicit:
                    pairs[index] = other
                    used.add(other)
                    break
    # Several pictures in a row often share the one caption below the last of them.
    for index, block in enumerate(blocks):
        if block.kind == "image" and index not in pairs:
            after = index + 1
            while after < len(blocks) and blocks[after].kind == "image":
                after += 1
            if after - 1 in pairs:
                pairs[index] = pairs[after - 1]
    return pairs


def _heading_level(block: Block) -> int:
    """Markdown heading level for a heading block: the brand page's title is the only #."""
    return min(block.level + 1, 6)


def _numbered_heading(text: str) -> tuple[int, str, str]:
    """(level, heading, rest) for 一、 (##) and （一） (###) paragraphs; level 0 when neither.

    A long paragraph whose first sentence is the heading ("一、加强组织建设。支部……") is split.
    """
    level = 2 if SECTION.match(text) else 3 if SUBSECTION.match(text) else 0
    if not level:
        return 0, "", text
    if len(text) <= CAPTION_MAX and not re.search(r"[。；]\S", text):
        return level, text.rstrip("。"), ""
    match = re.match(r"^(.{2,40}?[。：:])(.+)$", text)
    if match:
        return level, match[1].rstrip("。：:"), match[2].strip()
    return 0, "", text


def _story(blocks: list[Block], skip: set[int]) -> tuple[str, list[str]]:
    """The Markdown story and report lines; ``skip`` holds the title and the captions (they go to the gallery)."""
    out: list[str] = []
    report: list[str] = []
    previous_item = False
    for index, block in enumerate(blocks):
        if index in skip or block.kind in ("title", "image"):
            continue
        is_item = block.kind == "item"
        if previous_item and not is_item:
            out.append("")
        if block.kind == "heading":
            out += [f"{'#' * _heading_level(block)} {_heading(block.text)}", ""]
        elif block.kind == "item":
            marker = "1." if block.ordered else "-"
            out.append(f"{'    ' * (block.level - 1)}{marker} {_links_kept(block.text)}")
        elif block.kind == "table":
            report.append(f"表格（以“{block.text}”开头）没有导入：网页上的表格请手工整理成文字或几条数据亮点（figures）")
        elif block.kind in ("para", "subtitle", "caption"):
            level, heading, rest = _numbered_heading(block.text)
            if level:
                out += [f"{'#' * level} {_heading(heading)}", ""]
            number = NUMBERED.match(rest)
            if number and len(rest) <= CAPTION_MAX and not rest.endswith("。"):
                out += [f"#### {_heading(rest)}", ""]
            elif number:
                out.append(f"1. {_links_kept(rest[number.end():])}")
                is_item = True
            elif rest:
                out += [_links_kept(rest), ""]
        previous_item = is_item
    return "\n".join(out).strip() + "\n", report


def _title(blocks: list[Block]) -> tuple[str, str, int | None]:
    """(brand name, document title, index of the title block)."""
    for index, block in enumerate(blocks[:5]):
        if block.kind == "title" or (block.kind == "heading" and block.level == 1 and index == 0) or \
                (index == 0 and block.kind == "para" and len(block.text) <= 40 and not block.text.endswith("。")):
            text = _plain(block.text)
            quoted = QUOTED.search(text)
            name = quoted[1] if quoted else text
            return name.strip(), text, index
    return "", "", None


def _slogan(blocks: list[Block], name: str) -> str:
    """A quoted sentence near the word 口号, or the first quoted sentence that is not the name."""
    texts = [_plain(b.text) for b in blocks if b.kind not in ("image", "table")]
    for text in texts:
        if "口号" in text:
            if quoted := QUOTED.search(text[text.index("口号"):]):
                return quoted[1].strip()
            after = re.split(r"口号[是为：:\s]*", text, maxsplit=1)[-1]
            return re.split(r"[。；]", after)[0].strip()
    for text in texts:
        for quoted in QUOTED.finditer(text):
            candidate = quoted[1].strip()
            if candidate != name and len(candidate) >= 6 and re.search(r"[，,、 ]", candidate):
                return candidate
    return ""


def _find(pattern: re.Pattern, texts: list[str]) -> str:
    for text in texts:
        for match in pattern.finditer(text):
            found = LEADING_WORDS.sub("", match[1])
            if len(found) >= 4:
                return found
    return ""


def check_file_size(size: int) -> None:
    """Refuse a file too big to be a Word report before it is read into memory."""
    if size > MAX_IMPORT_BYTES:
        raise _too_much(f"文件有 {_mb(size)}，超过导入上限 {_mb(MAX_IMPORT_BYTES)}")


def _kind_of_file(data: bytes) -> None:
    """Refuse what is not a .docx, saying what it is: an encrypted .docx, an old .doc, something else."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise DocxError("这个 Word 文件设置了打开密码（已加密），无法导入",
                            "请在 Word 里打开它，点“文件 → 信息 → 保护文档 → 用密码进行加密”，清空密码后保存"
                            "（WPS：“文件 → 文档加密 → 密码加密”），再导入")
        raise DocxError("这是旧版 Word 或 WPS 文件（.doc、.wps），无法直接导入", SAVE_AS)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocxError("这个文件不是 Word 文档（.docx），无法导入", "请用 Word 或 WPS 打开后另存为“Word 文档（*.docx）”")


def _chunks(stream, limit: int, too_much: str) -> Iterator[bytes]:
    """The stream's bytes in small pieces, counted: more than ``limit`` raises ``too_much``."""
    count = 0
    while chunk := stream.read(READ_CHUNK):
        count += len(chunk)
        if count > limit:
            raise _too_much(too_much)
        yield chunk


class _Budget:
    """What the parts may still unpack to, in all and as XML."""

    def __init__(self) -> None:
        self.left, self.xml_left = MAX_IMPORT_BYTES, MAX_XML_BYTES

    def take(self, entry: zipfile.ZipInfo) -> None:
        self.left -= entry.file_size
        if self.left < 0:
            raise _too_much(f"文档的各部分解压后加起来超过 {_mb(MAX_IMPORT_BYTES)}（算到 {entry.filename} 时）")

    def take_xml(self, entry: zipfile.ZipInfo) -> None:
        self.xml_left -= entry.file_size
        if self.xml_left < 0:
            raise _too_much(f"文档的文字部分（XML）解压后加起来超过 {_mb(MAX_XML_BYTES)}（算到 {entry.filename} 时）")


def _declared(entry: zipfile.ZipInfo) -> None:
    """Refuse a part by what its header says, before it is unpacked."""
    if entry.flag_bits & 0x1:
        raise DocxError(f"文档里的 {entry.filename} 加了密码", "请在 Word 里清除文档的密码后另存一份，再导入")
    if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise DocxError(f"文档里的 {entry.filename} 用了 Word 不用的压缩方式，读不出来")
    if entry.file_size > MAX_PICTURE_BYTES:
        raise _too_much(f"文档里的 {entry.filename} 解压后有 {_mb(entry.file_size)}，"
                        f"超过一张图片的上限 {_mb(MAX_PICTURE_BYTES)}")
    if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * entry.compress_size:
        raise _too_much(f"文档里的 {entry.filename} 压缩了 {entry.file_size // max(entry.compress_size, 1)} 倍")


def _xml_checker(entry: zipfile.ZipInfo, budget: _Budget):
    """An expat parser for the XML part ``entry``: expat refuses entities that multiply the text;
    this refuses nesting deeper than MAX_XML_DEPTH."""
    budget.take_xml(entry)
    parser = expat.ParserCreate(namespace_separator=" ")
    depth = 0

    def start(*_) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise _too_much(f"文档里的 {entry.filename} 嵌套超过 {MAX_XML_DEPTH} 层")

    def end(*_) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    return parser


def _check_part(package: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: _Budget) -> None:
    """Unpack one part, counting its bytes (the header's size can lie), and parse it when it is XML:
    by its name, or by its content, since mammoth parses whatever part the relationships name."""
    budget.take(entry)
    parser = _xml_checker(entry, budget) if entry.filename.endswith((".xml", ".rels")) else None
    with package.open(entry) as stream:
        for number, chunk in enumerate(_chunks(stream, entry.file_size, f"文档里的 {entry.filename} 解压后比它声明的大")):
            if number == 0 and parser is None and chunk.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").startswith((b"<", b"\0<")):
                parser = _xml_checker(entry, budget)
            if parser is not None:
                parser.Parse(chunk, False)
    if parser is not None:
        parser.Parse(b"", True)


def _check_package(data: bytes) -> None:
    """Refuse a .docx whose parts would unpack past the limits or are broken, before mammoth reads it."""
    name = ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
            if len(entries) > MAX_PARTS:
                raise _too_much(f"文档由 {len(entries)} 个部分组成，超过上限 {MAX_PARTS} 个")
            for entry in entries:
                _declared(entry)
            budget = _Budget()
            for entry in entries:
                name = entry.filename
                _check_part(package, entry, budget)
    except expat.ExpatError as exc:
        raise DocxError(f"文档里的 {name} 已损坏（不是完好的 XML：第 {exc.lineno} 行第 {exc.offset} 列）") from exc
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise DocxError(f"文档里的 {name} 已损坏，读不出来" if name else "这个 .docx 文件已损坏，读不出来") from exc


def _read(data: bytes) -> tuple[str, list[str], list[tuple[str, bytes]]]:
    """mammoth's HTML, its messages and the pictures in document order (src = their index)."""
    _kind_of_file(data)
    _check_package(data)
    pictures: list[tuple[str, bytes]] = []
    known: dict[str, bytes] = {}  # a picture shown many times is kept once
    budget = MAX_IMPORT_BYTES  # each showing is read again: count them all

    def keep(image) -> dict[str, str]:
        nonlocal budget
        with image.open() as stream:
            content = b"".join(_chunks(stream, budget, f"文档里的图片（每出现一次算一次）加起来超过 {_mb(MAX_IMPORT_BYTES)}"))
        budget -= len(content)
        content = known.setdefault(hashlib.sha256(content).hexdigest(), content)
        pictures.append((image.content_type or "", content))
        return {"src": str(len(pictures) - 1), "alt": image.alt_text or ""}

    try:  # the document's own style map could turn its paragraphs into any HTML: ours only
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP, include_embedded_style_map=False,
                                         convert_image=mammoth.images.img_element(keep))
    except KeyError as exc:  # zipfile: "There is no item named 'word/media/image3.png' in the archive"
        missing = re.search(r"'([^']*)'", str(exc))
        raise DocxError(f"文档不完整，缺少它用到的 {missing[1] if missing else '部分'}") from exc
    except OSError as exc:  # mammoth: no main document part
        raise DocxError("文档里没有正文（word/document.xml）") from exc
    except ValueError as exc:  # mammoth: a linked (not embedded) picture, text not in UTF-8 …
        raise DocxError(f"文档的内容读不出来（{exc}）") from exc
    messages = []
    for message in result.messages:
        style = re.match(r"Unrecognised (paragraph|run) style: (.*?) \(Style ID", message.message)
        if style and style[1] == "run":
            continue  # character styles only change the look
        messages.append(_clean(f"段落样式“{style[2]}”没有对应的格式，已按普通段落导入" if style
                               else f"mammoth 提示：{message.message}"))
    return result.value, messages, pictures


def convert(data: bytes) -> Imported:
    """The profile, photos and report for the Word document ``data``."""
    page, report, pictures = _read(data)
    parser = _Blocks()
    parser.feed(page)
    parser.close()
    blocks = parser.blocks

    photos: dict[str, bytes] = {}
    photo_files: dict[int, str] = {}  # picture index -> file name
    seen: dict[str, str] = {}
    for number, (content_type, content) in enumerate(pictures):
        suffix = PHOTO_TYPES.get(content_type.lower())
        if suffix is None:
            report.append(f"第 {number + 1} 张图片是 {content_type or '未知'} 格式，网页无法显示，没有导入 — "
                          "请把原始照片（JPG）放进 photos 文件夹，再在 gallery 里列出")
            continue
        digest = hashlib.sha256(content).hexdigest()
        if digest in seen:
            photo_files[number] = seen[digest]
            continue
        name = f"图片{len(photos) + 1:02d}{suffix}"
        photos[name] = content
        photo_files[number] = seen[digest] = name

    captions = _pair_captions(blocks)
    gallery: list[GalleryEntry] = []
    listed: set[str] = set()
    for index, block in enumerate(blocks):
        if block.kind != "image" or block.image not in photo_files:
            continue
        name = photo_files[block.image]
        if name in listed:
            continue
        listed.add(name)
        caption = _caption_text(blocks[captions[index]].text) if index in captions else ""
        if not caption and block.text and not re.search(r"\.(jpe?g|png|gif|bmp)$|^图片\s*\d*$", block.text, re.I):
            caption = block.text.strip()[:CAPTION_MAX]  # the picture's own alt text
        if not caption:
            report.append(f"照片 photos/{name} 旁边没有找到图注 — 请在 gallery 里为它写一句 caption")
        gallery.append(GalleryEntry(f"photos/{name}", caption, caption_check=bool(caption)))

    name, doc_title, title_index = _title(blocks)
    texts = [_plain(b.text) for b in blocks if b.kind not in ("image", "table")]
    slogan = _slogan(blocks, name)
    school = _find(SCHOOL, texts[:12])
    organization = _find(ORGANIZATION, texts[:12])
    if not organization and school:
        organization = f"{school}党支部"
    body, story_report = _story(blocks, set(captions.values()) | {title_index})
    report += story_report
    checks = {"title", "slogan", "school", "organization"}
    missing = {"title": (name, "品牌名称"), "slogan": (slogan, "口号"), "school": (school, "学校"),
               "organization": (organization, "党组织")}
    for field_name, (value, chinese) in missing.items():
        if not value:
            report.append(f"没有找到{chinese}（{field_name}）— 请在 index.md 里填写")
    if len(name) > TITLE_MAX:
        report.append(f"品牌名称“{name}”超过 {TITLE_MAX} 字，是从文档标题里取的 — 请改成简短的品牌名称")
    if doc_title and doc_title != name:  # escaped: a "-->" in the title would end the comment
        body = f"<!-- 原文标题：{html.escape(doc_title, quote=False)} -->\n\n{body}"
    if gallery:
        report.append(f"相册里的 {len(gallery)} 张照片都还没有填写 people（照片里的人）— 填写之前网站不会生成")
    profile = Profile(title=name, slogan=slogan, organization=organization, school=school, body=body,
                      gallery=gallery, checks=checks)
    return Imported(profile, photos, report)
