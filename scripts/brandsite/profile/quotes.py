"""Quotes and brackets a teacher opened in the field area and never closed, found before YAML reads them.

YAML lets a quoted value or a [list] run on over the next lines, so `slogan: "党建引领` takes the
fields below it as its own text and the teacher is told those fields are missing, or gets an error
at a line far below. Here the opening line is found, with the fields it swallowed. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

from .fields import normalized

# The value of a line: after "key: " and any "- ", or the whole line after "- ".
_VALUE = re.compile(r"^ *(?:- +)*(?:(?P<key>[^\s\"'\[{#][^:]*?) *:(?: +|$))?(?P<value>.*)$")
_KEY = re.compile(r"^[ \u3000]*(?:- +)?(?P<key>[^\s:：\"'\[{#][^:：]*?)[ \u3000]*[:：]")
_PAIRS = {"[": "]", "{": "}"}
_CLOSING = {**_PAIRS, '"': '"', "'": "'"}
# Typed in Chinese mode or put by Word's autocorrect: YAML does not see the list or the quote close.
_WIDE_CLOSING = {"[": "］", "{": "｝", '"': "”＂", "'": "’＇"}
_NAMES = {'"': ("引号", "英文双引号 \""), "'": ("引号", "英文单引号 '"), "[": ("方括号", "方括号 ["),
          "{": ("花括号", "花括号 {")}  # the kind of pair, the character named
_HINTS = {'"': "请在这个值的末尾补上 \"，或者去掉开头的 \"（中文内容一般不用加引号）",
          "'": "请在这个值的末尾补上 '，或者去掉开头的 '（中文内容一般不用加引号）",
          "[": "请在列表末尾补上 ]，如 tags: [党建, 教育]；或者每项单独一行，以“- ”开头",
          "{": "请补上 }，或者去掉 {（字段区一般用不到花括号）"}


@dataclass(frozen=True)
class Unclosed:
    line: int  # 1-based line inside the YAML text
    message: str
    hint: str


def _end(lines: list[str], start: int, column: int) -> tuple[int | None, str]:
    """The index of the line where the quote or bracket at ``column`` of ``lines[start]`` is closed (None when it
    never is), and the quote still open at the end ("" when none).

    One pass over the characters, as YAML reads them: "\\" escapes in double quotes, '' in single
    quotes, quotes inside brackets only where a value starts.
    """
    depth, quote, escaped, last = 0, "", False, "["
    for index in range(start, len(lines)):
        line = lines[index]
        position = column if index == start else 0
        while position < len(line):
            char = line[position]
            if quote == '"':
                escaped, quote = (False, quote) if escaped else (char == "\\", "" if char == '"' else quote)
            elif quote == "'":
                if char == "'" and line[position + 1:position + 2] == "'":
                    position += 1
                elif char == "'":
                    quote = ""
            elif char in "\"'" and last in "[{,:":
                quote = char
            elif char in _PAIRS:
                depth += 1
            elif char in _PAIRS.values():
                depth -= 1
            if not quote and depth <= 0:
                return index, ""
            if not char.isspace():
                last = char
            position += 1
    return None, quote


def _report(index: int, line: str, opening: str, key: str | None, swallowed: list[str]) -> Unclosed:
    what = f" {key} 的值" if key else "这一项"
    taken = "、".join(swallowed[:3]) + (" 等" if len(swallowed) > 3 else "")
    after = f"，下面的 {taken} 都被当成了{what}" if swallowed else "，一直到字段区结束"
    closing = next((c for c in _WIDE_CLOSING[opening] if c in line), "")
    kind = "中文引号" if opening in "\"'" else "全角的"
    hint = f"这一行的“{closing}”是{kind}，请改成英文 {_CLOSING[opening]}" if closing else _HINTS[opening]
    return Unclosed(index + 1, f"{_NAMES[opening][0]}没有配对：这一行的{_NAMES[opening][1]} 没有关上{after}", hint)


def _key(line: str, keys: Container[str]) -> str | None:
    match = _KEY.match(line)
    return match["key"] if match and normalized(match["key"]) in keys else None


def unclosed(text: str, keys: Container[str]) -> Unclosed | None:
    """The first line whose quote or bracket runs on over the line of a field in ``keys`` or to the end."""
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        match = _VALUE.match(lines[index])
        opening = match["value"][:1]
        end, quote = _end(lines, index, match.start("value")) if opening in _NAMES else (index, "")
        if end is None or end > index:
            swallowed = [key for line in lines[index + 1:end] if (key := _key(line, keys))]
            if end is None or swallowed:
                return _report(index, lines[index], quote or opening, match["key"], swallowed)
        index = max(index, end or 0) + 1  # past a value written over several lines on purpose
    return None

