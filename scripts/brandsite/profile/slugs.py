"""Readable ASCII folder names (URL slugs) from Chinese brand names: 五色行动 → wuse-xingdong.

Pure functions: no MkDocs, no files; the caller passes the names already taken. jieba and pypinyin
are imported only for a name with Chinese in it: loading them (and jieba's dictionary) takes longer
than the rest of `brandsite gallery` on a full cache.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from . import textfile

if TYPE_CHECKING:
    import jieba

MAX_LENGTH = 40
FALLBACK = "brand"
_PLUS = {"+": " 加 ", "＋": " 加 "}  # 党建+ → dangjian-jia, as teachers read it aloud
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def _segments(name: str) -> list[str]:
    """Runs of Han characters, letters and digits; punctuation, spaces and emoji separate them."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(_PLUS.get(c, c) for c in text).lower()
    return [s for s in re.split(r"[^0-9a-z\u3400-\u9fff\uf900-\ufaff]+", text) if s]


@cache
def _tokenizer() -> jieba.Tokenizer:
    """jieba with its stock dictionary only: the site's search terms (whole brand names) must not change slugs."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()


def _words(segment: str) -> list[str]:
    """jieba words of one segment, a single character joined to its neighbour (星+支部 → 星支部)."""
    if not _HAN.search(segment):
        return [segment]  # as jieba would: its dictionary has no all-ASCII word, so it keeps the run whole
    words: list[str] = []
    pending = ""
    for word in _tokenizer().lcut(segment):
        if len(word) == 1 and _HAN.match(word):
            pending += word
            continue
        if pending and _HAN.match(word):
            word, pending = pending + word, ""
        elif pending:
            words.append(pending)
            pending = ""
        words.append(word)
    if pending:
        if words and _HAN.match(words[-1]):
            words[-1] += pending
        else:
            words.append(pending)
    return words


def _ascii(word: str) -> str:
    if _HAN.search(word):
        from pypinyin import lazy_pinyin

        word = "".join(lazy_pinyin(word, errors="ignore"))
    return "".join(_ASCII_WORD.findall(word.lower()))


def slugify(name: str, max_length: int = MAX_LENGTH) -> str:
    """Pinyin words joined by '-', lowercase ASCII, at most ``max_length`` characters."""
    parts = [a for segment in _segments(name) for a in map(_ascii, _words(segment)) if a]
    slug = ""
    for part in parts:
        candidate = f"{slug}-{part}" if slug else part
        if len(candidate) > max_length:
            if not slug:
                slug = part[:max_length]
            break
        slug = candidate
    return slug or FALLBACK


def folder_name(title: str, taken: Iterable[str]) -> str:
    """The folder (web address) name of a brand called ``title``: its pinyin slug, one not ``taken``."""
    return unique(slugify(title), taken)


SHOWN_LENGTH = 20  # characters of a folder name a message quotes
_WIDE = "\uff01-\uff5e\u3001-\u303f"  # full-width letters and brackets, Chinese punctuation
_FOLDER_FAULTS = (("汉字", _HAN), ("空格", re.compile(r"\s")), ("全角字符", re.compile(f"[{_WIDE}]")),
                  ("大写字母", re.compile(r"[A-Z]")))
_SYMBOL = re.compile(f"[^0-9a-zA-Z\\s{_WIDE}\u3400-\u9fff\uf900-\ufaff-]")


def folder_faults(name: str) -> str:
    """Why ``name`` is not a web address, as a message says it: "有汉字、空格", "有符号“_”", "太长（255 字节）"."""
    faults = [word for word, pattern in _FOLDER_FAULTS if pattern.search(name)]
    found = dict.fromkeys(_SYMBOL.findall(name))
    if hidden := [c for c in found if unicodedata.category(c) in ("Cf", "Cc", "Zl", "Zp")]:  # a name pasted from WeChat
        faults.append("看不见的" + "、".join(f"{textfile.INVISIBLE.get(c, '字符')}（U+{ord(c):04X}）" for c in hidden))
    if symbols := "".join(c for c in found if c not in hidden):
        faults.append(f"符号“{symbols[:3]}”")
    size = len(name.encode("utf-8"))
    long = f"太长（{size} 字节）" if size > MAX_LENGTH * 2 else ""
    return "，".join(filter(None, ["有" + "、".join(faults) if faults else "", long])) or "开头、结尾有“-”或连写了“--”"


def shown(name: str) -> str:
    """``name`` cut for a message."""
    return name if len(name) <= SHOWN_LENGTH else name[:SHOWN_LENGTH] + "…"


def unique(slug: str, taken: Iterable[str], max_length: int = MAX_LENGTH) -> str:
    """``slug``, or ``slug-2``, ``slug-3`` … whichever is not taken yet."""
    taken = set(taken)
    if slug not in taken:
        return slug
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = slug[:max_length - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1
