"""Turn a teacher's Word report (.docx) into a new brand profile, its photos and a report.

``docx_read`` reads the document safely (docx → mammoth's HTML with the pictures handed to us);
this module only walks mammoth's HTML. Pure: bytes in, (Profile, photo files, report lines) out;
no MkDocs. The ``brandsite import`` command needs only ``check_file_size``, ``convert`` and ``DocxError``.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote

from .docx_props import read_props
from .docx_read import DocxError, check_file_size, clean, read
from .scaffold import GalleryEntry, Profile, SourceEntry

__all__ = ["DocxError", "Imported", "check_file_size", "convert"]

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
LINK_OPEN, LINK_HREF, LINK_CLOSE = "\ue000", "\ue001", "\ue002"  # mark links in a block's text
_LINK = re.compile(f"{LINK_OPEN}|{LINK_HREF}[^{LINK_CLOSE}]*{LINK_CLOSE}")


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


_PARAGRAPH_KINDS = {"doc-title": "title", "doc-subtitle": "subtitle", "doc-caption": "caption"}  # STYLE_MAP's classes


def _picture(attrs: dict) -> Block:
    """A picture: mammoth's ``src`` is its index in the picture list, ``alt`` its description in Word."""
    return Block("image", clean(attrs.get("alt") or ""), image=int(attrs["src"]))


def _block_for(tag: str, attrs: dict, lists: list[bool]) -> Block | None:
    """The Block a list item, heading or paragraph opens; None for any other tag."""
    if tag == "li":
        return Block("item", level=len(lists), ordered=bool(lists and lists[-1]))
    if re.fullmatch(r"h[1-6]", tag):
        return Block("heading", level=int(tag[1]))
    if tag == "p":
        return Block(_PARAGRAPH_KINDS.get(attrs.get("class") or "", "para"))
    return None


class _Table:
    """A table being read (tables nest): the web page gets none of it, only a report line; its
    pictures still go to the gallery, after it."""

    def __init__(self) -> None:
        self.depth = 1
        self.text: list[str] = []
        self.pictures: list[Block] = []

    def start(self, tag: str, attrs: dict) -> None:
        self.depth += tag == "table"
        if tag == "img":
            self.pictures.append(_picture(attrs))

    def end(self, tag: str) -> list[Block] | None:
        """The table's blocks once its outermost table closes; None while it is open."""
        self.depth -= tag == "table"
        if self.depth:
            return None
        first = next((t for t in self.text if t.strip()), "")
        return [Block("table", first.strip()[:20]), *self.pictures]


class _Blocks(HTMLParser):
    """mammoth's HTML (p, h1-6, ol/ul/li, img, table, a, strong …) → a flat list of Blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lists: list[bool] = []  # open lists: ordered?
        self.current: Block | None = None
        self.table: _Table | None = None
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
        if self.table:
            self.table.start(tag, attrs)
        elif tag == "table":
            self._close()
            self.table = _Table()
        elif tag in ("ol", "ul"):
            self._close()
            self.lists.append(tag == "ol")
        elif tag == "img":  # ends the block it stands in; the text after it goes on in a block of that kind
            kind = self.current.kind if self.current else "para"
            self._close()
            self.blocks.append(_picture(attrs))
            self.current = Block(kind)
        elif tag == "a" and (attrs.get("href") or "").startswith(("http://", "https://")):
            # an address Markdown cannot misread: no spaces, quotes, brackets or parentheses left
            self.href = quote(attrs["href"], safe=":/?#@!$&'*+,;=%~")
            self._text(LINK_OPEN)
        elif tag == "br":
            self._text("\n")
        elif block := _block_for(tag, attrs, self.lists):
            self._open(block)

    def handle_endtag(self, tag):
        if self.table:
            if (done := self.table.end(tag)) is not None:
                self.blocks += done
                self.table = None
        elif tag in ("ol", "ul"):
            self._close()
            if self.lists:
                self.lists.pop()
        elif tag in ("li", "p") or re.fullmatch(r"h[1-6]", tag):
            self._close()
        elif tag == "a" and self.href:
            self._text(f"{LINK_HREF}{self.href}{LINK_CLOSE}")
            self.href = ""

    def handle_data(self, data):
        if self.table:
            self.table.text.append(clean(data))
        else:
            self._text(clean(data))

    def _text(self, data: str) -> None:
        if self.current is None:
            self.current = Block("para")
        self.current.text += data

    def close(self):
        super().close()
        self._close()


def _blocks(page: str) -> list[Block]:
    parser = _Blocks()
    parser.feed(page)
    parser.close()
    return parser.blocks


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




def _photos(pictures: list[tuple[str, bytes]], report: list[str]) -> tuple[dict[str, bytes], dict[int, str]]:
    """The photo files (name → bytes, each picture once) and the file of each picture by index;
    a picture no browser shows gets a report line instead."""
    photos: dict[str, bytes] = {}
    photo_files: dict[int, str] = {}
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
    return photos, photo_files


def _caption(blocks: list[Block], index: int, captions: dict[int, int]) -> str:
    """The caption of the picture at ``index``: its paired paragraph, else its alt text unless that is a file name."""
    caption = _caption_text(blocks[captions[index]].text) if index in captions else ""
    alt = blocks[index].text
    if not caption and alt and not re.search(r"\.(jpe?g|png|gif|bmp)$|^图片\s*\d*$", alt, re.I):
        caption = alt.strip()[:CAPTION_MAX]
    return caption


def _gallery(blocks: list[Block], photo_files: dict[int, str], captions: dict[int, int],
             report: list[str]) -> list[GalleryEntry]:
    """One gallery entry per photo, in the order the document first shows it; a report line for each without caption."""
    gallery: list[GalleryEntry] = []
    listed: set[str] = set()
    for index, block in enumerate(blocks):
        if block.kind != "image" or block.image not in photo_files or photo_files[block.image] in listed:
            continue
        name = photo_files[block.image]
        listed.add(name)
        caption = _caption(blocks, index, captions)
        if not caption:
            report.append(f"照片 photos/{name} 旁边没有找到图注 — 请在 gallery 里为它写一句 caption")
        gallery.append(GalleryEntry(f"photos/{name}", caption, caption_check=bool(caption)))
    return gallery


@dataclass(frozen=True)
class _Fields:
    """What the document says of the brand, and its own title (kept as a comment when it is not the name)."""

    name: str
    doc_title: str
    title_index: int | None  # the title's block: not story
    slogan: str
    school: str
    organization: str


def _fields(blocks: list[Block]) -> _Fields:
    name, doc_title, title_index = _title(blocks)
    opening = [_plain(b.text) for b in blocks if b.kind not in ("image", "table")][:12]
    school = _find(SCHOOL, opening)
    organization = _find(ORGANIZATION, opening) or (f"{school}党支部" if school else "")
    return _Fields(name, doc_title, title_index, _slogan(blocks, name), school, organization)


def _missing_report(fields: _Fields, gallery: list[GalleryEntry]) -> list[str]:
    """What the teacher still has to fill in or shorten by hand."""
    wanted = (("title", fields.name, "品牌名称"), ("slogan", fields.slogan, "口号"), ("school", fields.school, "学校"),
              ("organization", fields.organization, "党组织"))
    report = [f"没有找到{chinese}（{key}）— 请在 index.md 里填写" for key, value, chinese in wanted if not value]
    if len(fields.name) > TITLE_MAX:
        report.append(f"品牌名称“{fields.name}”超过 {TITLE_MAX} 字，是从文档标题里取的 — 请改成简短的品牌名称")
    if gallery:
        report.append(f"相册里的 {len(gallery)} 张照片都还没有填写 people（照片里的人）— 填写之前网站不会生成")
    return report


def convert(data: bytes) -> Imported:
    """The profile, photos and report for the Word document ``data``."""
    page, report, pictures = read(data)
    blocks = _blocks(page)
    photos, photo_files = _photos(pictures, report)
    captions = _pair_captions(blocks)
    gallery = _gallery(blocks, photo_files, captions, report)
    fields = _fields(blocks)
    body, story_report = _story(blocks, set(captions.values()) | {fields.title_index})
    report += story_report + _missing_report(fields, gallery)
    if fields.doc_title and fields.doc_title != fields.name:  # escaped: a "-->" in the title would end the comment
        body = f"<!-- 原文标题：{html.escape(fields.doc_title, quote=False)} -->\n\n{body}"
    props = read_props(data)
    title = props.title or fields.doc_title or fields.name  # the document's title, as a reviewer would look it up
    sources = [SourceEntry(title, props.company, props.created)] if title else []
    profile = Profile(title=fields.name, slogan=fields.slogan, organization=fields.organization, school=fields.school,
                      body=body, gallery=gallery, sources=sources, checks={"title", "slogan", "school", "organization"})
    return Imported(profile, photos, report)
