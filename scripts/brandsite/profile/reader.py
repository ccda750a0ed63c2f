"""Turn a profile's YAML nodes into the values of a Brand, reporting each mistake at its line.

One ``Reader`` per profile collects the findings; the ``read_*`` functions convert one field each.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..findings import Finding, Level
from ..model import Figure, Honor, Milestone, PartialDate, Photo, Pillar, Source
from . import colors, ime, yamltext
from .fields import DEFAULT_COLOR, FIELDS, NO, PEOPLE, SUB_ALIASES, SUBFIELDS, YES, Spec, label, normalized
from .photo_rules import resolve_photo

Written = dict[str, tuple[str, yaml.Node]]  # canonical field -> (key as the teacher wrote it, value node)
Where = yaml.Node | int | None  # a node, a file line, or the whole file


@dataclass
class Reader:
    """Collects findings for one profile, in its file's own line numbers."""

    path: str
    offset: int  # file line of the YAML's first line, minus one
    findings: list[Finding] = field(default_factory=list)

    def add(self, level: Level, node_or_line: Where, message: str, hint: str = "", rule: str = "schema") -> None:
        if isinstance(node_or_line, yaml.Node):
            line = yamltext.line_of(node_or_line) + self.offset
        else:
            line = node_or_line
        self.findings.append(Finding(self.path, line, level, message, hint, rule))

    def error(self, where: Where, message: str, hint: str = "", rule: str = "schema") -> None:
        self.add(Level.ERROR, where, message, hint, rule)

    def warn(self, where: Where, message: str, hint: str = "", rule: str = "schema") -> None:
        self.add(Level.WARNING, where, message, hint, rule)

    def mapping(self, node: yaml.Node, spec: Spec, table: dict[str, str], what: str) -> Written:
        """Map canonical field -> (key as written, value node); report unknown and repeated keys."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what}应该是“键: 值”的形式", "请对照 brands/README.md 的示例；冒号用英文冒号并在后面加空格")
            return {}
        seen: dict[str, tuple[str, yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            written = str(key_node.value)
            name = table.get(normalized(written))
            if name is None:
                hint = "检查拼写；可用的字段有 " + "、".join(f"{k}（{spec[k][0]}）" for k in spec)
                if written.strip() != written or "\u3000" in written:
                    hint = "这一行前面有全角空格或多余的空格：请用半角空格缩进"
                self.warn(key_node, f"不认识的字段“{written.strip()}”，已忽略", hint)
                continue
            if name in seen:
                first_written, first_key, _ = seen[name]
                self.error(key_node, f"{written} 写了两次（第 {yamltext.line_of(first_key) + self.offset} 行"
                           f"的 {first_written} 和第 {yamltext.line_of(key_node) + self.offset} 行）",
                           "请删去其中一个，只保留正确的那一个")
                continue
            seen[name] = (written, key_node, value_node)
        return {name: (written, value) for name, (written, _, value) in seen.items()}

    def text(self, label: str, node: yaml.Node | None, limit: int | None = None) -> str:
        """The field's text; "" when it is not given."""
        if node is None:
            return ""
        if isinstance(node, yaml.ScalarNode):
            value = yamltext.scalar(node)
            text = "" if value is None else str(value).strip()
            if limit and len(text) > limit:
                self.warn(node, f"{label}太长（{len(text)} 字）", f"请精简到 {limit} 字以内")
            return text
        self.error(node, f"{label}应该是一段文字，不是列表或多个字段", "请把内容写在冒号后面的同一行")
        return ""

    def code(self, label: str, node: yaml.Node | None) -> str:
        """The text of a field that is a colour, date, file or word from a list: without the Chinese quotes
        an input method typed where YAML's quotes were meant (“#c8102e”), the teacher warned."""
        text = self.text(label, node)
        if (inner := ime.unquoted(text)) != text:
            self.warn(node, f"{label}两边的 {text[0]}{text[-1]} 是中文引号，已去掉",
                      f'请把中文引号换成英文引号，如 "{inner}"')
        return inner

    def items(self, label: str, node: yaml.Node) -> list[yaml.Node]:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if isinstance(node, yaml.ScalarNode) and yamltext.scalar(node) is None:
            return []
        self.error(node, f"{label}应该是一个列表", "每一项单独一行，以“- ”开头，并比上一行多缩进两个空格")
        return []


_SEPARATORS = "\\-./" + "".join(ime.DASHES)  # 2022—09—01: the dashes an input method types for "-"
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})$"),
    re.compile(rf"^(\d{{4}})[{_SEPARATORS}](\d{{1,2}})$"),
    re.compile(rf"^(\d{{4}})[{_SEPARATORS}](\d{{1,2}})[{_SEPARATORS}](\d{{1,2}})$"),
    re.compile(r"^(\d{4})年$"),
    re.compile(r"^(\d{4})年(\d{1,2})月$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$"),  # 9月1号, as it is said
)


def parse_date(text: str) -> PartialDate | None:
    """2018, 2018-04, 2018-4-12, 2018.4.12, 2018/04/12, 2018—4—12, 2018年4月12日 or 号; None if impossible."""
    text = unicodedata.normalize("NFKC", text).strip()
    for pattern in _DATE_PATTERNS:
        if match := pattern.match(text):
            parts = [int(p) for p in match.groups()]
            year, month, day = (parts + [None, None])[:3]
            try:
                dt.date(year, month or 1, day or 1)
            except ValueError:
                return None
            if not 1900 <= year <= 2100:
                return None
            return PartialDate(year, month, day)
    return None


def read_date(reader: Reader, name: str, node: yaml.Node | None, problem: str = "不是一个有效的日期",
              hint: str = "请写成 2022-09-01、2022-09 或 2022 这样的形式") -> PartialDate | None:
    raw = reader.code(name, node)
    date = parse_date(raw) if raw else None
    if raw and date is None:
        reader.error(node, f"{name}“{raw}”{problem}", hint)
    return date


def _year(reader: Reader, name: str, node: yaml.Node) -> int | None:
    date = read_date(reader, name, node, "不是年份", "请写成四位数字，如 2022")
    return date.year if date else None


def read_color(reader: Reader, name: str, node: yaml.Node | None, default: str) -> str:
    raw = reader.code(name, node)
    if not raw:
        return default
    color = colors.parse_hex(unicodedata.normalize("NFKC", raw))
    if color is None:
        reader.error(node, f"{name}“{raw}”不是颜色", '请写成带引号的六位颜色码，如 "#c8102e"')
        return default
    if not raw.isascii():
        reader.warn(node, f"{name}“{raw}”里有全角字符，已按 {color} 处理", f'颜色码请在英文输入法下打，如 "{color}"')
    dark = colors.readable(color)
    if dark != color:
        reader.add(Level.INFO, node, f"{name} {color} 上的白字不够清楚（对比度 "
                   f"{colors.contrast_with_white(color):.1f}），网页上已加深为 {dark}",
                   "如需保持原色，请换一个更深的颜色")
    return dark


_TAG_SEPARATORS = re.compile(r"[,，、\s]+")


def read_tags(reader: Reader, written: str, node: yaml.Node | None) -> tuple[str, ...]:
    """A list, or one line split at commas, 、 and spaces; a list typed in full-width brackets ［党建，教育］ too.
    Each item of a list is split at "，" and "、" as well: ［党建，教育］ typed with half-width brackets."""
    if node is None:
        return ()
    if isinstance(node, yaml.ScalarNode):
        text = reader.text(label("tags", written), node)
        if text[:1] + text[-1:] in ("［］", "［]"):
            reader.warn(node, f"{label('tags', written)}两边的方括号是全角的“［］”，已按列表处理", "列表的方括号用英文 [ ]，如 [党建, 教育]")
            text = text[1:-1]
        return tuple(t for t in _TAG_SEPARATORS.split(text) if t)
    texts = (reader.text(label("tags", written), n) for n in reader.items(written, node))
    return tuple(t for text in texts for t in re.split(r"[，、]+", text.strip()) if t)


def read_cover(reader: Reader, folder: Path, name: str, node: yaml.Node | None) -> str:
    """The cover photo's path in the brand folder; "" when none is given or it is not there (reported)."""
    raw = reader.code(name, node)
    if not raw:
        return ""
    cover, problem, hint = resolve_photo(folder, raw)
    if cover is None:
        reader.error(node, problem, hint, rule="photo-missing")
    return cover or ""


def _people(reader: Reader, name: str, node: yaml.Node | None, item: yaml.Node, photo: str) -> str | None:
    """none, adults or students; None (reported) when missing, empty or not one of them."""
    raw = reader.code(name, node)
    value = PEOPLE.get(normalized(raw)) if raw else None
    if value is None:
        reader.error(item if node is None else node,
                     f"照片 {photo} 的 {name}“{raw}”不是可用的值" if raw else f"照片 {photo} 还没有填写 {name}",
                     "请写 none（无人物）、adults（只有成人）或 students（有学生）")
    return value


def _consent(reader: Reader, name: str, node: yaml.Node) -> bool | None:
    """True or False; None (reported) when the value is neither."""
    value = yamltext.scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, bool):
        return value
    if str(value).strip() in YES:
        return True
    if value is None or str(value).strip() in NO:
        return False
    reader.error(node, f"{name}“{value}”不是是/否", "请写 true（已取得同意）或 false")
    return None


def _photo(reader: Reader, folder: Path, written: str, item: yaml.Node) -> Photo | None:
    """One gallery entry; None when its file cannot be found (reported)."""
    spec = SUBFIELDS["gallery"]
    entry = reader.mapping(item, spec, SUB_ALIASES["gallery"], f"{written}的每一项")
    if "file" not in entry:
        reader.error(item, f"{written}的这一项缺少 file（文件）", "请写 file: photos/照片文件名.jpg")
        return None
    file_key, file_node = entry["file"]
    path, problem, hint = resolve_photo(folder, reader.code(label("file", file_key, spec), file_node))
    if path is None:
        reader.error(file_node, problem, hint, rule="photo-missing")
        return None
    caption = reader.text("caption", entry["caption"][1], 60) if "caption" in entry else ""
    if not caption:
        reader.error(item, f"照片 {path} 没有说明（caption）", "每张照片都要写一句说明，它也是读屏软件读出的替代文字",
                     rule="photo-caption")
    # required: only a teacher who has looked at the photo can say (a Word import leaves it empty)
    people_key, people_node = entry.get("people", ("people" if file_key.isascii() else "人物", None))
    people = _people(reader, label("people", people_key, spec), people_node, item, path)
    consent = _consent(reader, label("consent", entry["consent"][0], spec), entry["consent"][1]) \
        if "consent" in entry else False
    if people == "students" and consent is False:  # a consent that cannot be read is reported as such
        reader.error(item, f"照片 {path} 拍到了学生，但没有写 consent: true",
                     "取得学生和家长同意后写 consent: true；否则请删去这张照片", rule="photo-consent")
    # unknown means "could be students": never published without consent
    return Photo(path, caption, people or "students", bool(consent), yamltext.line_of(item) + reader.offset)


def read_gallery(reader: Reader, folder: Path, written: str, node: yaml.Node | None) -> tuple[Photo, ...]:
    if node is None:
        return ()
    photos = (_photo(reader, folder, written, item) for item in reader.items(written, node))
    return tuple(photo for photo in photos if photo is not None)


Values = dict[str, Any]  # subfield -> its text, or (key as written, node) for the ones converted further


def _require(reader: Reader, values: Values, item: yaml.Node, group: str, *names: str) -> bool:
    missing = [n for n in names if not values.get(n)]
    for name in missing:
        reader.error(item, f"{FIELDS[group][0]}的这一项缺少 {name}（{SUBFIELDS[group][name][0]}）",
                     f"请补上 {name}: …")
    return not missing


def _pillar(reader: Reader, values: Values, item: yaml.Node, brand_color: str) -> Pillar | None:
    if not _require(reader, values, item, "pillars", "name"):
        return None
    given = values.get("color")
    color = read_color(reader, label("color", given[0], SUBFIELDS["pillars"]), given[1], brand_color) \
        if given else brand_color
    return Pillar(values["name"], color, values.get("summary", ""))


def _figure(reader: Reader, values: Values, item: yaml.Node, brand_color: str) -> Figure | None:
    if not _require(reader, values, item, "figures", "value", "label"):
        return None
    year = _year(reader, "year", values["year"][1]) if "year" in values else None
    return Figure(values["value"], values["label"], year)


def _honor(reader: Reader, values: Values, item: yaml.Node, brand_color: str) -> Honor | None:
    if not _require(reader, values, item, "honors", "title"):
        return None
    year = _year(reader, "year", values["year"][1]) if "year" in values else None
    return Honor(values["title"], year, values.get("issuer", ""))


def _milestone(reader: Reader, values: Values, item: yaml.Node, brand_color: str) -> Milestone | None:
    if not _require(reader, values, item, "timeline", "date", "title"):
        return None
    date = read_date(reader, "date", values["date"][1])
    return Milestone(date, values["title"]) if date else None


_URL_SPACE = re.compile(r"[\s\x00-\x1f\x7f<>\"'`\\]")  # never in a URL a browser would follow as written


def web_address(text: str) -> bool:
    """An http(s) address with a host: what a source's url may be (never javascript:, data:, a file)."""
    parts = urlsplit(text)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and not _URL_SPACE.search(text)


def _source(reader: Reader, values: Values, item: yaml.Node, brand_color: str) -> Source | None:
    if not _require(reader, values, item, "sources", "title"):
        return None
    date = read_date(reader, "date", values["date"][1]) if "date" in values else None
    key, node = values.get("url", ("url", None))
    url = reader.text(label("url", key, SUBFIELDS["sources"]), node)
    if url and not web_address(url):
        reader.error(node, f"资料来源“{values['title']}”的网址“{url}”不是以 http:// 或 https:// 开头的网页地址",
                     "请从浏览器地址栏复制完整的网址，如 https://www.example.cn/news/1.html；没有网址就删去这一行")
        return None
    return Source(values["title"], values.get("publisher", ""), date, url)


RECORDS: dict[str, Callable[[Reader, Values, yaml.Node, str], Any]] = {
    "pillars": _pillar, "figures": _figure, "honors": _honor, "timeline": _milestone, "sources": _source,
}


def read_records(reader: Reader, group: str, written: str, node: yaml.Node | None, brand_color: str) -> tuple:
    """The list of small records (pillars, figures, honors, timeline, sources) in ``group``, built by ``RECORDS``."""
    if node is None:
        return ()
    spec = SUBFIELDS[group]
    out = []
    for item in reader.items(written, node):
        if isinstance(item, yaml.ScalarNode) and group == "pillars":  # a pillar may be its name alone
            out.append(Pillar(reader.text(written, item), DEFAULT_COLOR))
            continue
        entry = reader.mapping(item, spec, SUB_ALIASES[group], f"{written}的每一项")
        values = {name: reader.text(label(name, key, spec), value) if name not in ("date", "year", "color", "url")
                  else (key, value) for name, (key, value) in entry.items()}
        record = RECORDS[group](reader, values, item, brand_color)
        if record is not None:
            out.append(record)
    return tuple(out)
