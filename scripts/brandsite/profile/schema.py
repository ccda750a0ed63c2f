"""Read and validate brand profiles (``brands/<slug>/index.md``) into Brand objects.

Every consumer takes Brand objects from here, never raw YAML. All problems in all files
are collected as Findings; nothing here raises on bad input or imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import yaml

from ..findings import Finding, Level
from ..model import Brand, Figure, Honor, Milestone, PartialDate, Photo, Pillar
from . import colors, textfile, yamltext
from .photo_rules import unlisted

DEFAULT_COLOR = "#c8102e"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TITLE_MAX = 20
SUMMARY_MAX = 120

# canonical key: (Chinese label used in messages, aliases a teacher may write instead)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "title": ("品牌名称", ("品牌名称", "品牌", "名称")),
    "slogan": ("口号", ("口号", "品牌口号")),
    "organization": ("党组织", ("党组织", "支部", "党支部", "branch")),
    "school": ("学校", ("学校", "单位")),
    "region": ("地区", ("地区", "区域")),
    "launched": ("创建时间", ("创建时间", "创建日期", "启动时间", "founded")),
    "color": ("主题色", ("主题色", "颜色")),
    "summary": ("简介", ("简介", "摘要")),
    "tags": ("标签", ("标签",)),
    "cover": ("封面", ("封面",)),
    "pillars": ("板块", ("板块", "行动", "支柱")),
    "figures": ("数据亮点", ("数据亮点", "数据")),
    "honors": ("荣誉", ("荣誉", "获奖")),
    "timeline": ("大事记", ("大事记", "时间线")),
    "gallery": ("相册", ("相册", "照片", "photos")),
}
REQUIRED = ("title", "slogan", "organization", "school")
SUBFIELDS: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    "pillars": {
        "name": ("名称", ("名称",)),
        "color": ("颜色", ("颜色",)),
        "summary": ("简介", ("简介", "说明")),
    },
    "figures": {
        "value": ("数值", ("数值", "数字")),
        "label": ("说明", ("说明", "名称")),
        "year": ("年份", ("年份",)),
    },
    "honors": {
        "year": ("年份", ("年份",)),
        "title": ("名称", ("名称", "荣誉")),
        "issuer": ("授予单位", ("授予单位", "颁发单位")),
    },
    "timeline": {
        "date": ("日期", ("日期", "时间")),
        "title": ("事件", ("事件", "标题")),
    },
    "gallery": {
        "file": ("文件", ("文件",)),
        "caption": ("说明", ("说明", "图注")),
        "people": ("人物", ("人物",)),
        "consent": ("同意", ("同意", "已同意")),
    },
}
PEOPLE = {"none": "none", "无": "none", "没有": "none", "adults": "adults", "成人": "adults",
          "教师": "adults", "老师": "adults", "students": "students", "学生": "students"}
YES = {"是", "同意", "已同意", "有"}
NO = {"否", "不同意", "没有", "无"}


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def _alias_table(spec: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    table = {_key(name): name for name in spec}
    for name, (_, aliases) in spec.items():
        table.update({_key(alias): name for alias in aliases})
    return table


ALIASES = _alias_table(FIELDS)
SUB_ALIASES = {group: _alias_table(spec) for group, spec in SUBFIELDS.items()}
KNOWN_KEYS = set(ALIASES) | {k for table in SUB_ALIASES.values() for k in table}


@dataclass
class _Reader:
    """Collects findings for one profile, in its file's own line numbers."""

    path: str
    offset: int  # file line of the YAML's first line, minus one
    findings: list[Finding] = field(default_factory=list)

    def add(self, level: Level, node_or_line: yaml.Node | int | None, message: str, hint: str = "",
            rule: str = "schema") -> None:
        if isinstance(node_or_line, yaml.Node):
            line = yamltext.line_of(node_or_line) + self.offset
        else:
            line = node_or_line
        self.findings.append(Finding(self.path, line, level, message, hint, rule))

    def error(self, where, message: str, hint: str = "", rule: str = "schema") -> None:
        self.add(Level.ERROR, where, message, hint, rule)

    def warn(self, where, message: str, hint: str = "", rule: str = "schema") -> None:
        self.add(Level.WARNING, where, message, hint, rule)

    def mapping(self, node: yaml.Node, spec: dict, table: dict[str, str], what: str
                ) -> dict[str, tuple[str, yaml.Node]]:
        """Map canonical field -> (key as written, value node); report unknown and repeated keys."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what}应该是“键: 值”的形式", "请对照 brands/README.md 的示例；冒号用英文冒号并在后面加空格")
            return {}
        seen: dict[str, tuple[str, yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            written = str(key_node.value)
            name = table.get(_key(written))
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

    def text(self, label: str, node: yaml.Node, limit: int | None = None) -> str:
        if isinstance(node, yaml.ScalarNode):
            value = yamltext.scalar(node)
            text = "" if value is None else str(value).strip()
            if limit and len(text) > limit:
                self.warn(node, f"{label}太长（{len(text)} 字）", f"请精简到 {limit} 字以内")
            return text
        self.error(node, f"{label}应该是一段文字，不是列表或多个字段", "请把内容写在冒号后面的同一行")
        return ""

    def items(self, label: str, node: yaml.Node) -> list[yaml.Node]:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if isinstance(node, yaml.ScalarNode) and yamltext.scalar(node) is None:
            return []
        self.error(node, f"{label}应该是一个列表", "每一项单独一行，以“- ”开头，并比上一行多缩进两个空格")
        return []


def label(name: str, written: str, spec=FIELDS) -> str:
    """How a field is named in a message: the key as the teacher wrote it."""
    chinese = spec[name][0]
    return f"{written}（{chinese}）" if written.isascii() else written


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})$"),
    re.compile(r"^(\d{4})[-./](\d{1,2})$"),
    re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$"),
    re.compile(r"^(\d{4})年$"),
    re.compile(r"^(\d{4})年(\d{1,2})月$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)


def parse_date(text: str) -> PartialDate | None:
    """2018, 2018-04, 2018-4-12, 2018.4.12, 2018/04/12, 2018年4月12日; None if impossible."""
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


def _date(reader: _Reader, name: str, node: yaml.Node, problem: str = "不是一个有效的日期",
          hint: str = "请写成 2022-09-01、2022-09 或 2022 这样的形式") -> PartialDate | None:
    raw = reader.text(name, node)
    date = parse_date(raw) if raw else None
    if raw and date is None:
        reader.error(node, f"{name}“{raw}”{problem}", hint)
    return date


def _year(reader: _Reader, name: str, node: yaml.Node) -> int | None:
    date = _date(reader, name, node, "不是年份", "请写成四位数字，如 2022")
    return date.year if date else None


def _color(reader: _Reader, name: str, node: yaml.Node, default: str) -> str:
    raw = reader.text(name, node)
    if not raw:
        return default
    color = colors.parse_hex(raw)
    if color is None:
        reader.error(node, f"{name}“{raw}”不是颜色", '请写成带引号的六位颜色码，如 "#c8102e"')
        return default
    dark = colors.readable(color)
    if dark != color:
        reader.add(Level.INFO, node, f"{name} {color} 上的白字不够清楚（对比度 "
                   f"{colors.contrast_with_white(color):.1f}），网页上已加深为 {dark}",
                   "如需保持原色，请换一个更深的颜色")
    return dark


def _people(reader: _Reader, name: str, node: yaml.Node | None, item: yaml.Node, photo: str) -> str | None:
    """none, adults or students; None (reported) when missing, empty or not one of them."""
    raw = reader.text(name, node) if node is not None else ""
    value = PEOPLE.get(_key(raw)) if raw else None
    if value is None:
        reader.error(item if node is None else node,
                     f"照片 {photo} 的 {name}“{raw}”不是可用的值" if raw else f"照片 {photo} 还没有填写 {name}",
                     "请写 none（无人物）、adults（只有成人）或 students（有学生）")
    return value


def _consent(reader: _Reader, name: str, node: yaml.Node) -> bool:
    value = yamltext.scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, bool):
        return value
    if str(value).strip() in YES:
        return True
    if value is None or str(value).strip() in NO:
        return False
    reader.error(node, f"{name}“{value}”不是是/否", "请写 true（已取得同意）或 false")
    return False


def _linked(folder: Path, path: Path) -> bool:
    """True when ``path`` or a folder on the way to it from ``folder`` is a symbolic link.

    A link can lead anywhere on the computer, so none is published, wherever it points.
    """
    return any(part.is_symlink() for part in (path, *path.parents) if part != folder and part.is_relative_to(folder))


def resolve_photo(folder: Path, written: str) -> tuple[str | None, str, str]:
    """Find the file a profile names; returns (path as on disk, problem, hint).

    Refuses anything that could leave the brand folder before touching the disk.
    """
    text = written.strip()
    outside = "请把照片放进本品牌的 photos 文件夹，并写相对路径，如 photos/活动01.jpg"
    if re.match(r"^[a-zA-Z]:[\\/]|^[\\/]|^~|^[a-z]+:", text) or "%2e" in text.lower() or "%2f" in text.lower():
        return None, f"照片路径“{text}”指向电脑上的其他位置", outside
    text = text.replace("\\", "/")
    normal = posixpath.normpath(text)
    if normal.startswith("..") or "/../" in f"/{text}/":
        return None, f"照片路径“{written.strip()}”跑出了品牌文件夹", outside
    candidate = folder / normal
    if _linked(folder, candidate):
        return None, f"照片“{normal}”是快捷方式（符号链接），不是照片文件本身", \
            "请把照片文件本身复制进本品牌的 photos 文件夹，再删去这个快捷方式"
    if candidate.is_file() and candidate.resolve().is_relative_to(folder.resolve()):
        return normal, "", ""
    wanted = _key(normal).casefold()
    matches = [p.relative_to(folder).as_posix() for p in folder.rglob("*")
               if p.is_file() and not _linked(folder, p) and _key(p.relative_to(folder).as_posix()).casefold() == wanted]
    if len(matches) == 1:
        return None, f"找不到照片“{normal}”", f"是不是 {matches[0]}？（文件名的大小写、全角半角或括号不一致）"
    return None, f"找不到照片“{normal}”", "请检查文件名，或把照片放进本品牌的 photos 文件夹"


def _gallery(reader: _Reader, folder: Path, written: str, node: yaml.Node) -> tuple[Photo, ...]:
    photos: list[Photo] = []
    spec = SUBFIELDS["gallery"]
    for item in reader.items(written, node):
        entry = reader.mapping(item, spec, SUB_ALIASES["gallery"], f"{written}的每一项")
        if "file" not in entry:
            reader.error(item, f"{written}的这一项缺少 file（文件）", "请写 file: photos/照片文件名.jpg")
            continue
        file_key, file_node = entry["file"]
        raw = reader.text(label("file", file_key, spec), file_node)
        path, problem, hint = resolve_photo(folder, raw)
        if path is None:
            reader.error(file_node, problem, hint, rule="photo-missing")
            continue
        caption = reader.text("caption", entry["caption"][1], 60) if "caption" in entry else ""
        if not caption:
            reader.error(item, f"照片 {path} 没有说明（caption）", "每张照片都要写一句说明，它也是读屏软件读出的替代文字",
                         rule="photo-caption")
        # required: only a teacher who has looked at the photo can say (a Word import leaves it empty)
        people_key, people_node = entry.get("people", ("people" if file_key.isascii() else "人物", None))
        people = _people(reader, label("people", people_key, spec), people_node, item, path)
        consent = _consent(reader, label("consent", entry["consent"][0], spec), entry["consent"][1]) \
            if "consent" in entry else False
        if people == "students" and not consent:
            reader.error(item, f"照片 {path} 拍到了学生，但没有写 consent: true",
                         "取得学生和家长同意后写 consent: true；否则请删去这张照片", rule="photo-consent")
        # unknown means "could be students": never published without consent
        photos.append(Photo(path, caption, people or "students", consent, yamltext.line_of(item) + reader.offset))
    return tuple(photos)


def _records(reader: _Reader, group: str, written: str, node: yaml.Node, build):
    """Read a list of small records (pillars, figures …) with ``build(entry, item)``."""
    spec = SUBFIELDS[group]
    out = []
    for item in reader.items(written, node):
        if isinstance(item, yaml.ScalarNode) and group == "pillars":
            out.append(Pillar(reader.text(written, item), DEFAULT_COLOR))
            continue
        entry = reader.mapping(item, spec, SUB_ALIASES[group], f"{written}的每一项")
        values = {name: reader.text(label(name, key, spec), value) if name not in ("date", "year", "color")
                  else (key, value) for name, (key, value) in entry.items()}
        record = build(values, item)
        if record is not None:
            out.append(record)
    return tuple(out)


def _require(reader: _Reader, values: dict, item: yaml.Node, group: str, *names: str) -> bool:
    missing = [n for n in names if not values.get(n)]
    for name in missing:
        reader.error(item, f"{FIELDS[group][0]}的这一项缺少 {name}（{SUBFIELDS[group][name][0]}）",
                     f"请补上 {name}: …")
    return not missing


def _body_checks(reader: _Reader, body: str, first_line: int, folder: Path, published: set[str]) -> str:
    """Warn about what a teacher's editor put in the story; return the story to publish."""
    lines = body.split("\n")
    fenced = False
    for index, line in enumerate(lines):
        number = first_line + index
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
        if line.startswith("\t"):
            lines[index] = line.lstrip("\t")
            reader.warn(number, "这一段以 Tab 开头，网页上会变成代码框，已去掉 Tab",
                        "段首不要按 Tab 键；需要空两格时请用两个全角空格")
        for pattern, what in ((r"<\s*script", "<script> 脚本"), (r"<\s*iframe", "<iframe> 内嵌网页"),
                              (r"<\s*style", "<style> 样式"), (r"\son[a-z]+\s*=", "on… 事件属性"),
                              (r"javascript\s*:", "javascript: 链接")):
            if re.search(pattern, line, re.IGNORECASE):
                reader.warn(number, f"正文里有 {what}，发布时已删除", "请删去这段代码，只写文字和图片", rule="unsafe-html")
        for image in re.findall(r"!\[[^\]]*\]\(\s*(<[^>]+>|[^)]+?)\s*(?:\"[^\"]*\")?\s*\)", line):
            target = unquote(image.strip("<>"))
            path, problem, hint = resolve_photo(folder, target)
            if path is None:
                reader.error(number, problem.replace("照片", "正文里的图片", 1), hint, rule="photo-missing")
            elif path not in published:
                reader.error(number, f"正文里的图片 {path} 没有列在相册里", "只有相册（gallery）里列出并写了说明的照片才会发布，请先把它加进相册",
                             rule="photo-unlisted")
        for target in re.findall(r"(?<!!)\[[^\]]*\]\(\s*<?([^)>\s]+)", line):
            normal = posixpath.normpath(target.replace("\\", "/"))
            if target.startswith("/") or normal.startswith("..") or "%2e" in target.lower():
                reader.error(number, f"链接“{target}”指向品牌文件夹之外", "只能链接本品牌文件夹里的内容或完整的网址",
                             rule="link-outside")
    return "\n".join(lines)


def _read_text(reader: _Reader, index: Path) -> str | None:
    """The profile's text, or None (the reason reported) when it is too large or long to parse."""
    size = index.stat().st_size
    if size > textfile.MAX_BYTES:
        reader.error(None, f"档案有 {textfile.human_size(size)}，超过上限 {textfile.human_size(textfile.MAX_BYTES)}，没有读取",
                     "品牌档案只写品牌介绍，一般不到 10 KB：请删去整篇粘贴进来的材料")
        return None
    if size > textfile.WARN_BYTES:
        reader.warn(None, f"档案有 {textfile.human_size(size)}，超过 {textfile.human_size(textfile.WARN_BYTES)}，"
                    "比一般的档案大得多，网站生成和搜索都会变慢", "请只保留品牌介绍，不要把长篇材料整篇粘贴进来")
    decoded = textfile.decode(index.read_bytes())
    if decoded.fatal:
        reader.error(None, decoded.problem)
        return None
    if decoded.problem:
        reader.warn(None, decoded.problem)
    if excess := textfile.long_line(decoded.text):
        reader.error(excess.line, excess.message, excess.hint)
        return None
    return decoded.text


def load_brand(index: Path, root: Path) -> tuple[Brand | None, list[Finding]]:
    """Read one ``brands/<slug>/index.md``; the Brand is None when it cannot be published."""
    rel = index.relative_to(root).as_posix()
    folder = index.parent
    slug = folder.name
    reader = _Reader(rel, 1)
    if not SLUG.match(slug):
        reader.error(None, f"文件夹名“{slug}”不能用作网址",
                     "文件夹名只能用小写英文字母、数字和“-”，如 wuse-xingdong（可用 brandsite new 生成）")
    text = _read_text(reader, index)
    if text is None:
        return None, reader.findings
    if not text.strip():
        reader.warn(None, "档案是空文件，已跳过", "请参照 brands/README.md 填写档案")
        return None, reader.findings
    split = textfile.split_front_matter(text)
    if split.unclosed:
        reader.error(1, "开头的 --- 没有对应的结束行", "请在最后一个字段之后单独写一行 ---")
        return None, reader.findings
    if split.yaml is None:
        reader.error(1, "档案开头缺少字段区（用两行 --- 包起来的品牌名称、口号等）",
                     "请参照 brands/README.md，在文件最前面加上 --- 和必填字段")
        return None, reader.findings
    text, fixes = yamltext.normalise(split.yaml, KNOWN_KEYS)
    for fix in fixes:
        reader.warn(fix.line + 1, fix.message, fix.hint)
    root_node, errors = yamltext.compose(text, rel, 1)
    reader.findings.extend(errors)
    if errors:
        return None, reader.findings
    if root_node is None:
        reader.error(1, "字段区是空的", "请填写品牌名称、口号、党组织和学校")
        return None, reader.findings
    fields = reader.mapping(root_node, FIELDS, ALIASES, "档案字段区")
    if not isinstance(root_node, yaml.MappingNode):
        return None, reader.findings
    chinese_keys = sum(not w.isascii() for w, _ in fields.values()) > len(fields) / 2
    for name in REQUIRED:
        written = FIELDS[name][1][0] if chinese_keys else name
        if name not in fields:
            reader.error(1, f"缺少 {label(name, written)}", f"请在字段区加一行 {written}: …")
        elif not reader.text(label(name, fields[name][0]), fields[name][1]):
            reader.error(fields[name][1], f"{label(name, fields[name][0])}不能为空", f"请填写{FIELDS[name][0]}")

    def get(name: str):
        return fields[name] if name in fields else (name, None)

    def text(name: str, limit: int | None = None) -> str:
        written, node = get(name)
        return reader.text(label(name, written), node, limit) if node is not None else ""

    color_key, color_node = get("color")
    brand_color = _color(reader, label("color", color_key), color_node, DEFAULT_COLOR) if color_node else DEFAULT_COLOR
    launched_key, launched_node = get("launched")
    tags_key, tags_node = get("tags")
    tags: tuple[str, ...] = ()
    if tags_node is not None:
        if isinstance(tags_node, yaml.ScalarNode):
            tags = tuple(t for t in re.split(r"[,，、\s]+", reader.text("tags", tags_node)) if t)
        else:
            tags = tuple(t for t in (reader.text(tags_key, n) for n in reader.items(tags_key, tags_node)) if t)

    def pillar(values, item):
        if not _require(reader, values, item, "pillars", "name"):
            return None
        color_value = values.get("color")
        color = _color(reader, label("color", color_value[0], SUBFIELDS["pillars"]), color_value[1], brand_color) \
            if color_value else brand_color
        return Pillar(values["name"], color, values.get("summary", ""))

    def figure(values, item):
        if not _require(reader, values, item, "figures", "value", "label"):
            return None
        year = _year(reader, "year", values["year"][1]) if "year" in values else None
        return Figure(values["value"], values["label"], year)

    def honor(values, item):
        if not _require(reader, values, item, "honors", "title"):
            return None
        year = _year(reader, "year", values["year"][1]) if "year" in values else None
        return Honor(values["title"], year, values.get("issuer", ""))

    def milestone(values, item):
        if not _require(reader, values, item, "timeline", "date", "title"):
            return None
        date = _date(reader, "date", values["date"][1])
        return Milestone(date, values["title"]) if date else None

    records = {}
    for group, build in (("pillars", pillar), ("figures", figure), ("honors", honor), ("timeline", milestone)):
        written, node = get(group)
        records[group] = _records(reader, group, written, node, build) if node is not None else ()
    gallery_key, gallery_node = get("gallery")
    gallery = _gallery(reader, folder, gallery_key, gallery_node) if gallery_node is not None else ()
    cover = ""
    cover_key, cover_node = get("cover")
    if cover_node is not None and (raw := reader.text(label("cover", cover_key), cover_node)):
        cover, problem, hint = resolve_photo(folder, raw)
        if cover is None:
            reader.error(cover_node, problem, hint, rule="photo-missing")
            cover = ""
    launched = _date(reader, label("launched", launched_key), launched_node) if launched_node else None
    brand_texts = {name: text(name, limit) for name, limit in
                   (("title", TITLE_MAX), ("slogan", 40), ("organization", None), ("school", None),
                    ("region", None), ("summary", SUMMARY_MAX))}
    if excess := textfile.story_excess(split.body):
        reader.error(split.body_line + excess.line - 1, excess.message, excess.hint)
    body = _body_checks(reader, split.body, split.body_line, folder, {p.file for p in gallery} | {cover})
    if any(f.is_error for f in reader.findings):
        return None, reader.findings
    brand = Brand(
        slug=slug, source=index, source_name=rel,
        **brand_texts, launched=launched, color=brand_color, tags=tags, pillars=records["pillars"], figures=records["figures"],
        honors=records["honors"], timeline=tuple(sorted(records["timeline"], key=lambda m: m.date)),
        gallery=gallery, cover=cover, body=body, body_line=split.body_line,
        keys={name: written for name, (written, _) in fields.items()},
    )
    return brand, reader.findings


def unlisted_photos(brand: Brand) -> list[Finding]:
    """Photos in the folder that no gallery entry lists: never published, but reported."""
    return [Finding(brand.source_name, None, Level.WARNING, f"照片 {file} 没有列在相册里，不会发布",
                    "要发布就在 gallery 里加一项并写说明；不发布就把它移出 photos 文件夹", "photo-unlisted")
            for file in unlisted(brand)]


def load_brands(brands_dir: Path, root: Path) -> tuple[list[Brand], list[Finding]]:
    """Read every brand folder; returns the publishable brands and every finding, all at once."""
    brands: list[Brand] = []
    findings: list[Finding] = []
    if not brands_dir.is_dir():
        return brands, [Finding(brands_dir.relative_to(root).as_posix(), None, Level.ERROR,
                                "找不到品牌文件夹", "请新建 brands 文件夹，每个品牌一个子文件夹")]
    for folder in sorted(p for p in brands_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        index = folder / "index.md"
        if not index.is_file():
            findings.append(Finding(folder.relative_to(root).as_posix(), None, Level.WARNING,
                                    "这个品牌文件夹里没有 index.md，已跳过", "请用 brandsite new 新建品牌"))
            continue
        brand, found = load_brand(index, root)
        findings.extend(found)
        if brand is not None:
            brands.append(brand)
            findings.extend(unlisted_photos(brand))
    return brands, findings
