"""Turn a teacher's Word report (.docx) into a new brand profile, its photos and a report.

mammoth reads the document (docx → HTML with the pictures handed to us); this module only
walks mammoth's HTML. Pure: bytes in, (Profile, photo files, report lines) out; no MkDocs.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser

import mammoth

from .scaffold import GalleryEntry, Profile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word .doc, WPS .wps, Excel .xls …
SAVE_AS_DOCX = ("这是旧版 Word 文件（.doc），无法直接导入 — 请用 Word 或 WPS 打开它，"
                "点“文件 → 另存为”，文件类型选“Word 文档（*.docx）”，保存后再导入新的 .docx 文件")
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
    """The file cannot be imported; the message says in Chinese what to do."""


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
            self.current.text = re.sub(r"[ \t\u3000\xa0]+", " ", self.current.text).strip()
            if self.current.text or self.current.kind == "image":
                self.blocks.append(self.current)
            self.current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.table_depth:
            self.table_depth += tag == "table"
            if tag == "img":  # pictures laid out in a table still go to the gallery, after it
                self.table_images.append(Block("image", attrs.get("alt") or "", image=int(attrs["src"])))
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
            self.blocks.append(Block("image", attrs.get("alt") or "", image=int(attrs["src"])))
            self.current = Block(kind)
        elif tag == "a" and (attrs.get("href") or "").startswith(("http://", "https://")):
            self.href = attrs["href"]
            self._text("[")
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
            self._text(f"]({self.href})")
            self.href = ""

    def handle_data(self, data):
        if self.table_depth:
            self.table_text.append(data)
        else:
            self._text(data)

    def _text(self, data: str) -> None:
        if self.current is None:
            self.current = Block("para")
        self.current.text += data

    def close(self):
        super().close()
        self._close()


def _markdown_text(text: str, line_start: bool = True) -> str:
    """Text as Markdown that shows exactly this text (no accidental lists, headings or HTML)."""
    text = re.sub(r"([\\`*_])", r"\\\1", text).replace("<", "&lt;")
    if line_start:
        text = re.sub(r"^([#>+\-=]|\d+[.)]\s)", r"\\\1", text)
    return text.replace("\n", "  \n")


def _links_kept(text: str) -> str:
    """Escape the text but keep the [text](http…) links _Blocks made."""
    parts = re.split(r"(\[[^\]]*\]\(https?://[^)\s]+\))", text)
    return "".join(p if i % 2 else _markdown_text(p) for i, p in enumerate(parts))


def _caption_text(text: str) -> str:
    return FIGURE_LABEL.sub("", text).strip(" 　：:。") or text.strip()


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
            out += [f"{'#' * _heading_level(block)} {_markdown_text(block.text, False)}", ""]
        elif block.kind == "item":
            marker = "1." if block.ordered else "-"
            out.append(f"{'    ' * (block.level - 1)}{marker} {_links_kept(block.text)}")
        elif block.kind == "table":
            report.append(f"表格（以“{block.text}”开头）没有导入：网页上的表格请手工整理成文字或几条数据亮点（figures）")
        elif block.kind in ("para", "subtitle", "caption"):
            level, heading, rest = _numbered_heading(block.text)
            if level:
                out += [f"{'#' * level} {_markdown_text(heading, False)}", ""]
            number = NUMBERED.match(rest)
            if number and len(rest) <= CAPTION_MAX and not rest.endswith("。"):
                out += [f"#### {_markdown_text(rest, False)}", ""]
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
            quoted = QUOTED.search(block.text)
            name = quoted[1] if quoted else block.text
            return name.strip(), block.text, index
    return "", "", None


def _slogan(blocks: list[Block], name: str) -> str:
    """A quoted sentence near the word 口号, or the first quoted sentence that is not the name."""
    texts = [b.text for b in blocks if b.kind not in ("image", "table")]
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


def _read(data: bytes) -> tuple[str, list[str], list[tuple[str, bytes]]]:
    """mammoth's HTML, its messages and the pictures in document order (src = their index)."""
    if data.startswith(OLE_MAGIC):
        raise DocxError(SAVE_AS_DOCX)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocxError("这个文件不是 Word 文档（.docx），无法导入 — 请用 Word 或 WPS 打开后另存为“Word 文档（*.docx）”")
    pictures: list[tuple[str, bytes]] = []

    def keep(image) -> dict[str, str]:
        with image.open() as stream:
            pictures.append((image.content_type or "", stream.read()))
        return {"src": str(len(pictures) - 1), "alt": image.alt_text or ""}

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP,
                                         convert_image=mammoth.images.img_element(keep))
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise DocxError(f"这个 .docx 文件已损坏，无法读取（{exc}）— 请用 Word 或 WPS 打开后重新保存一次") from exc
    messages = []
    for message in result.messages:
        style = re.match(r"Unrecognised (paragraph|run) style: (.*?) \(Style ID", message.message)
        if style and style[1] == "run":
            continue  # character styles only change the look
        messages.append(f"段落样式“{style[2]}”没有对应的格式，已按普通段落导入" if style
                        else f"mammoth 提示：{message.message}")
    return result.value, messages, pictures


def convert(data: bytes) -> Imported:
    """The profile, photos and report for the Word document ``data``."""
    html, report, pictures = _read(data)
    parser = _Blocks()
    parser.feed(html)
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
    texts = [b.text for b in blocks if b.kind not in ("image", "table")]
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
    if doc_title and doc_title != name:
        body = f"<!-- 原文标题：{doc_title} -->\n\n{body}"
    if gallery:
        report.append(f"相册里的 {len(gallery)} 张照片都还没有填写 people（照片里的人）— 填写之前网站不会生成")
    profile = Profile(title=name, slogan=slogan, organization=organization, school=school, body=body,
                      gallery=gallery, checks=checks)
    return Imported(profile, photos, report)
