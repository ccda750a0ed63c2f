"""Read a teacher's text file whatever their editor saved, and split off its front matter.

Pure functions over bytes and text: no MkDocs, no YAML.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SAVE_AS_UTF8 = "请用记事本打开，点“另存为”，编码选“UTF-8”后保存"


@dataclass(frozen=True)
class Decoded:
    text: str  # newlines normalised to "\n", BOM removed
    problem: str = ""  # Chinese note when the file was not plain UTF-8 (the text is still usable)
    fatal: bool = False  # True when the text could not be read at all


def _looks_chinese(text: str) -> bool:
    """True when the non-ASCII characters are mostly CJK: a real GBK file, not random bytes."""
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return True
    cjk = sum(1 for c in wide if unicodedata.east_asian_width(c) in "WF")
    return cjk / len(wide) >= 0.9


def decode(raw: bytes) -> Decoded:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 ("ANSI")."""
    problem = ""
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM):]
    if raw.startswith(UTF16_BOMS):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            return Decoded("", f"文件像是 UTF-16 编码，但内容已损坏 — {SAVE_AS_UTF8}", fatal=True)
        problem = f"文件是 UTF-16（“Unicode”）编码，已自动转换 — {SAVE_AS_UTF8}"
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                text = ""
            if not text or not _looks_chinese(text):
                return Decoded("", f"文件编码不是 UTF-8，无法读取 — {SAVE_AS_UTF8}", fatal=True)
            problem = f"文件编码是 GBK（“ANSI”），已自动转换 — {SAVE_AS_UTF8}"
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        return Decoded("", f"文件里有空字符，不像是文本文件 — {SAVE_AS_UTF8}", fatal=True)
    return Decoded(text, problem)


@dataclass(frozen=True)
class Split:
    yaml: str | None  # None when the file has no front matter
    body: str
    body_line: int  # 1-based file line where the body starts
    unclosed: bool = False


_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


def split_front_matter(text: str) -> Split:
    """Separate the ``---`` block from the Markdown story, keeping line numbers."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Split(None, text, 1)
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            return Split("\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2)
    return Split(None, text, 1, unclosed=True)
