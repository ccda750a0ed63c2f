"""Check the Markdown story under a profile's fields: what a teacher's editor put in it, and where it points."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

from ..findings import Level
from . import ime, textfile, unsafe
from .photo_rules import resolve_photo
from .reader import Reader

_FENCES = ("```", "~~~")
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*(<[^>]+>|[^)]+?)\s*(?:\"[^\"]*\")?\s*\)")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)>\s]+)")


def _prose(lines: list[str], first_line: int) -> list[tuple[int, str]]:
    """(file line, text) of the lines outside fenced code; a closing fence counts as prose."""
    out, fenced = [], False
    for index, line in enumerate(lines):
        if line.lstrip().startswith(_FENCES):
            fenced = not fenced
        if not fenced:
            out.append((first_line + index, line))
    return out


def _stripped_html(prose: list[tuple[int, str]]) -> dict[int, list[str]]:
    """What the build strips from the story, by file line: each kind once a line."""
    found: dict[int, list[str]] = {}
    for number, what in dict.fromkeys(unsafe.matches(prose, unsafe.STRIPPED)):
        found.setdefault(number, []).append(what)
    return found


def _check_images(reader: Reader, number: int, line: str, folder: Path, published: set[str]) -> None:
    for image in _IMAGE.findall(line):
        path, problem, hint = resolve_photo(folder, unquote(image.strip("<>")))
        if path is None:
            reader.error(number, problem.replace("照片", "正文里的图片", 1), hint, rule="photo-missing")
        elif path not in published:
            reader.error(number, f"正文里的图片 {path} 没有列在相册里", "只有相册（gallery）里列出并写了说明的照片才会发布，请先把它加进相册",
                         rule="photo-unlisted")


def _chinese(char: str) -> bool:
    """A Chinese character or full-width punctuation; not an emoji (wide too, but symbols joined by U+200D)."""
    return bool(char) and unicodedata.east_asian_width(char) in "WF" and unicodedata.category(char) != "So"


def _zero_width(line: str) -> str:
    """What a message says of the zero-width characters at the start of ``line`` and between Chinese
    characters ("“红烛”之间有看不见的零宽空格（U+200B）…"), or "". Elsewhere (an emoji's joiner) they belong."""
    start, between = "", []
    for match in re.finditer(f"[{''.join(textfile.ZERO_WIDTH)}]+", line):
        before, after = line[match.start() - 1:match.start()], line[match.end():match.end() + 1]
        names = "、".join(map(textfile.char_name, dict.fromkeys(match[0])))
        if match.start() == 0:
            start = f"行首有看不见的{names}，行首的 #、- 等符号会因此不起作用"
        elif _chinese(before) or _chinese(after):
            between.append(f"“{before}{after}”之间有看不见的{names}")
    if between:
        between[-1] += "，网页上看不出来，但搜索这些字时会找不到这里"
    return "；".join(filter(None, [start, "，".join(between)]))


def _check_links(reader: Reader, number: int, line: str) -> None:
    for target in _LINK.findall(line):
        normal = posixpath.normpath(target.replace("\\", "/"))
        if target.startswith("/") or normal.startswith("..") or "%2e" in target.lower():
            reader.error(number, f"链接“{target}”指向品牌文件夹之外", "只能链接本品牌文件夹里的内容或完整的网址",
                         rule="link-outside")


def check_story(reader: Reader, body: str, first_line: int, folder: Path, published: set[str]) -> str:
    """Report what a teacher's editor put in the story, line by line; return the story to publish."""
    if excess := textfile.story_excess(body):
        reader.error(first_line + excess.line - 1, excess.message, excess.hint)
    lines = body.split("\n")
    prose = _prose(lines, first_line)
    stripped = _stripped_html(prose)
    retyped = dict(ime.story(lines, {number - first_line for number, _ in prose}))
    for number, line in prose:
        if typed := retyped.get(number - first_line):
            lines[number - first_line] = typed.text
            reader.add(typed.level, number, typed.message, typed.hint)
        if line.startswith("\t"):
            lines[number - first_line] = line.lstrip("\t")
            reader.warn(number, "这一段以 Tab 开头，网页上会变成代码框，已去掉 Tab",
                        "段首不要按 Tab 键；需要空两格时请用两个全角空格")
        if found := _zero_width(line):
            reader.add(Level.INFO, number, found,
                       "请把光标移到那里删掉它再保存（多半是从微信或网页复制带进来的）")
        for what in stripped.get(number, ()):
            reader.warn(number, f"正文里有 {what}，发布时已删除", "请删去这段代码，只写文字和图片", rule="unsafe-html")
        _check_images(reader, number, lines[number - first_line], folder, published)  # as published
        _check_links(reader, number, lines[number - first_line])
    return "\n".join(lines)
