"""Read and validate brand profiles (``brands/<slug>/index.md``) into Brand objects.

Every consumer takes Brand objects from here, never raw YAML. All problems in all files
are collected as Findings; nothing here raises on bad input or imports MkDocs. The field
tables are in fields.py, their conversion in reader.py, the story's checks in story.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..findings import Finding, Level
from ..model import Brand
from . import ime, slugs, textfile, yamltext
from .fields import (ALIASES, DEFAULT_COLOR, FIELDS, KNOWN_KEYS, LIST_KEYS, REQUIRED, SUMMARY_MAX, TITLE_MAX, label,
                     normalized)
from .photo_rules import photo_files
from .reader import RECORDS, Reader, Written, read_color, read_cover, read_date, read_gallery, read_records, read_tags
from .story import check_story

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TEXTS = {"title": TITLE_MAX, "slogan": 40, "organization": None, "school": None, "region": None,
          "summary": SUMMARY_MAX}  # text field -> length above which the teacher is warned


def _read_text(reader: Reader, index: Path) -> str | None:
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
        reader.error(decoded.line, decoded.problem, decoded.hint)
        return None
    if decoded.problem:
        reader.warn(decoded.line, decoded.problem, decoded.hint)
    if excess := textfile.long_line(decoded.text):
        reader.error(excess.line, excess.message, excess.hint)
        return None
    return decoded.text


def _fields(reader: Reader, split: textfile.Split) -> Written | None:
    """The fields as written; None (reported) when there is no front matter or it cannot be read as fields."""
    if split.unclosed:
        lines = split.body.split("\n")
        start = ime.story_start(lines)
        reader.error(1, "开头的 --- 没有对应的结束行", "请在最后一个字段之后单独写一行 ---" if start is None
                     else f"请在第 {start + 1} 行“{lines[start][:20]}”前面单独写一行 ---")
        return None
    if split.yaml is None:
        reader.error(1, "档案开头缺少字段区（用两行 --- 包起来的品牌名称、口号等）",
                     "请参照 brands/README.md，在文件最前面加上 --- 和必填字段")
        return None
    for line, chars in split.marked_fences:
        reader.add(Level.INFO, line, "分隔线 --- 这一行有看不见的" + "、".join(map(textfile.char_name, chars))
                   + "，已按分隔线处理", "两个文件拼在一起或从网页复制时会带进这种字符：请重新打这一行 ---")
    text, fixes = yamltext.normalise(split.yaml, KNOWN_KEYS, LIST_KEYS)
    for fix in fixes:
        reader.add(fix.level, fix.line + 1, fix.message, fix.hint)
    root_node, errors = yamltext.compose(text, reader.path, 1, KNOWN_KEYS)
    reader.findings.extend(errors)
    if errors:
        return None
    if root_node is None:
        reader.error(1, "字段区是空的", "请填写品牌名称、口号、党组织和学校")
        return None
    written = reader.mapping(root_node, FIELDS, ALIASES, "档案字段区")
    return written if isinstance(root_node, yaml.MappingNode) else None


def _check_required(reader: Reader, written: Written) -> None:
    """Report each required field missing or empty, named in the language most keys are written in."""
    chinese_keys = sum(not key.isascii() for key, _ in written.values()) > len(written) / 2
    for name in REQUIRED:
        key = FIELDS[name][1][0] if chinese_keys else name
        if name not in written:
            reader.error(1, f"缺少 {label(name, key)}", f"请在字段区加一行 {key}: …")
        elif not reader.text(label(name, written[name][0]), written[name][1]):
            reader.error(written[name][1], f"{label(name, written[name][0])}不能为空", f"请填写{FIELDS[name][0]}")


def _brand(reader: Reader, index: Path, split: textfile.Split, written: Written) -> tuple[Brand | None, set[str]]:
    """Every field and the story checked; the Brand (None after an error) and the photo files its gallery lists."""
    folder = index.parent
    _check_required(reader, written)
    # every field, given or not: (key as written, node or None), and the name messages use for it
    given = {name: written.get(name, (name, None)) for name in FIELDS}
    named = {name: (label(name, key), node) for name, (key, node) in given.items()}
    color = read_color(reader, *named["color"], DEFAULT_COLOR)
    tags = read_tags(reader, *given["tags"])
    records = {group: read_records(reader, group, *given[group], color) for group in RECORDS}
    gallery = read_gallery(reader, folder, *given["gallery"])
    listed = {p.file for p in gallery}
    cover = read_cover(reader, folder, *named["cover"])
    launched = read_date(reader, *named["launched"])
    texts = {name: reader.text(*named[name], limit) for name, limit in _TEXTS.items()}
    body = check_story(reader, split.body, split.body_line, folder, listed | {cover})
    if any(f.is_error for f in reader.findings):
        return None, listed
    records["timeline"] = tuple(sorted(records["timeline"], key=lambda m: m.date))
    return Brand(slug=folder.name, source=index, source_name=reader.path, **texts, launched=launched, color=color,
                 tags=tags, **records, gallery=gallery, cover=cover, body=body, body_line=split.body_line,
                 keys={name: key for name, (key, _) in written.items()}), listed


def _named(folder: Path, text: str) -> set[str]:
    """The photo files ``text`` names, compared as resolve_photo compares them (case, full-width)."""
    text = normalized(text.replace("\\", "/"))
    return {file for file in photo_files(folder) if normalized(file) in text}


def _unlisted(reader: Reader, folder: Path, listed: set[str]) -> None:
    """Photos in the folder that no gallery entry lists: never published, but reported."""
    for file in photo_files(folder):
        if file not in listed:
            reader.warn(None, f"照片 {file} 没有列在相册里，不会发布",
                        "要发布就在 gallery 里加一项并写说明；不发布就把它移出 photos 文件夹", "photo-unlisted")


def _read_fields(reader: Reader, index: Path) -> tuple[str | None, textfile.Split, Written | None]:
    """The profile's text (None when unreadable), split at its front matter, and its fields (None when
    there are none to read); fences typed with a Chinese IME read as ``---``."""
    text = _read_text(reader, index)
    if not text or not text.strip():
        return text, textfile.split_front_matter(""), None
    text, fences = ime.fences(text)
    for line, fence in fences:
        reader.add(fence.level, line, fence.message, fence.hint)
    split = textfile.split_front_matter(text)
    return text, split, _fields(reader, split)


def _folder_name(folder: Path, written: Written | None) -> str:
    """The folder name ``brandsite new`` would give this brand: its title's pinyin (the folder's, without one)."""
    node = written.get("title", ("", None))[1] if written else None
    title = node.value.strip() if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) else ""
    return slugs.folder_name(title or folder.name, (p.name for p in folder.parent.iterdir() if p != folder))


def folder_name(index: Path) -> str:
    """The folder name a brand's profile ``index`` asks for (see ``_folder_name``)."""
    return _folder_name(index.parent, _read_fields(Reader(index.name, 1), index)[2])


def load_brand(index: Path, root: Path) -> tuple[Brand | None, list[Finding]]:
    """Read one ``brands/<slug>/index.md``; the Brand is None when it cannot be published.

    Every check that can run does, whatever an earlier one found, so that a teacher sees all the
    profile's problems at once: in line order, those about the whole file or its photos first.
    """
    folder = index.parent
    reader = Reader(index.relative_to(root).as_posix(), 1)
    text, split, written = _read_fields(reader, index)
    if not SLUG.match(folder.name):  # reported first: about the whole brand
        reader.findings.insert(0, Finding(reader.path, None, Level.ERROR,
                                          f"文件夹名“{slugs.shown(folder.name)}”{slugs.folder_faults(folder.name)}，不能用作网址",
                                          f"请把文件夹改名为 {_folder_name(folder, written)}（按品牌名称的拼音），"
                                          "或运行 brandsite check --fix 自动改名"))
    if text is None:
        return None, reader.findings
    if not text.strip():
        reader.warn(None, "档案是空文件，已跳过", "请参照 brands/README.md 填写档案")
        return None, reader.findings
    brand, listed = _brand(reader, index, split, written) if written is not None else (None, set())
    if brand is None:  # a gallery entry that could not be read may name a photo, however spelt: not "unlisted"
        listed |= _named(folder, text if split.unclosed else split.yaml or "")
    if written is None and not split.unclosed:  # unclosed: where the story starts is unknown
        check_story(reader, split.body, split.body_line, folder, listed)
    _unlisted(reader, folder, listed)
    return brand, sorted(reader.findings, key=lambda f: f.line or 0)


def brand_folders(brands_dir: Path) -> list[Path]:
    """The brand folders in ``brands_dir``, in name order; hidden ones are not brands."""
    return sorted(p for p in brands_dir.iterdir() if p.is_dir() and not p.name.startswith("."))


def load_brands(brands_dir: Path, root: Path) -> tuple[list[Brand], list[Finding]]:
    """Read every brand folder; returns the publishable brands and every finding, all at once."""
    brands: list[Brand] = []
    findings: list[Finding] = []
    if not brands_dir.is_dir():
        return brands, [Finding(brands_dir.relative_to(root).as_posix(), None, Level.ERROR,
                                "找不到品牌文件夹", "请新建 brands 文件夹，每个品牌一个子文件夹")]
    for folder in brand_folders(brands_dir):
        index = folder / "index.md"
        if not index.is_file():
            findings.append(Finding(folder.relative_to(root).as_posix(), None, Level.WARNING,
                                    "这个品牌文件夹里没有 index.md，已跳过", "请用 brandsite new 新建品牌"))
            continue
        brand, found = load_brand(index, root)
        findings.extend(found)
        if brand is not None:
            brands.append(brand)
    return brands, findings
