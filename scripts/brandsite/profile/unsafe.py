"""What must never run on the school's site: one list, used by the loader's story check and the review.

The build strips all of it (web/safety.py); the loader warns the teacher, the review refuses it.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable

Pattern = tuple[re.Pattern, str]  # (what to look for, how a teacher is told about it)

UNSAFE: tuple[Pattern, ...] = (
    (re.compile(r"<\s*script", re.IGNORECASE), "<script> 脚本"),
    (re.compile(r"<\s*iframe", re.IGNORECASE), "<iframe> 内嵌网页"),
    (re.compile(r"<\s*(?:object|embed)\b", re.IGNORECASE), "<object>/<embed> 插件"),
    # An attribute starts after a space, a newline, a slash or a closing quote: <svg/onload=…>,
    # <img src="x"onerror=…>. [^<>] keeps each try within one tag, so long lines stay fast.
    (re.compile(r"<[a-z][^<>]*?[\s/\"'`]on[a-z]+\s*=", re.IGNORECASE), "on… 事件属性"),
    # Browsers drop tabs and newlines inside a link's scheme: java&Tab;script: still runs.
    (re.compile(r"\s*".join("javascript") + r"\s*:", re.IGNORECASE), "javascript: 链接"),
)
# A style cannot run, so the review lets it be; the build strips it too, so the loader says so.
STRIPPED: tuple[Pattern, ...] = (*UNSAFE, (re.compile(r"<\s*style", re.IGNORECASE), "<style> 样式"))

_YAML_ESCAPE = re.compile(r"\\x([0-9a-f]{2})|\\u([0-9a-f]{4})", re.IGNORECASE)


def decoded(text: str) -> str:
    """The text as the browser reads it: YAML's \\x3c and \\u003c escapes, then HTML entities, decoded."""
    return html.unescape(_YAML_ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), text))


def matches(lines: Iterable[tuple[int, str]], patterns: tuple[Pattern, ...] = UNSAFE) -> list[tuple[int, str]]:
    """(line number, what) of every match in the decoded lines, by line; a tag may span lines."""
    numbers, starts, parts, offset = [], [], [], 0
    for number, line in lines:
        text = decoded(line)
        numbers.append(number)
        starts.append(offset)
        parts.append(text)
        offset += len(text) + 1
    prose = "\n".join(parts)
    found = [(numbers[bisect.bisect_right(starts, match.start()) - 1], what)
             for pattern, what in patterns for match in pattern.finditer(prose)]
    return sorted(found, key=lambda item: item[0])  # stable: on one line, in the order of ``patterns``
