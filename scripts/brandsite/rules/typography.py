"""Chinese typography of the story: autocorrect-py for punctuation and width, two small rules of our own.

Spaces: this site writes no space between Chinese and Latin letters or digits (as official
documents and the example brands do), so autocorrect's space rules are off and ``typo-space``
removes such spaces instead.
"""

from __future__ import annotations

import json
import re
from functools import cache

from ..findings import Finding
from . import Profile

_AUTOCORRECT = {"rules": {name: 0 for name in (
    "space-word", "space-punctuation", "space-bracket", "space-backticks", "space-dash", "spellcheck")}}
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%]) +(?=[{_CJK}])")
_REPEAT = re.compile(r"([。，、；：！？!?])\1+")
_SAFE_REPEAT = "。，、；："
# inline code, link targets, HTML tags and bare URLs are never touched
_PROTECTED = re.compile(r"`[^`]*`|\]\([^)]*\)|<[^>]+>|https?://\S+")


@cache
def _autocorrect():
    import autocorrect_py

    autocorrect_py.load_config(json.dumps(_AUTOCORRECT))
    return autocorrect_py


def _outside(line: str, change) -> str:
    """Apply ``change`` to the parts of ``line`` that are prose, not code or addresses."""
    parts, last = [], 0
    for match in _PROTECTED.finditer(line):
        parts += [change(line[last:match.start()]), match.group()]
        last = match.end()
    return "".join(parts + [change(line[last:])])


def _own_fix(line: str) -> str:
    line = _outside(line, lambda s: _SPACE.sub("", s))
    return _outside(line, lambda s: _REPEAT.sub(lambda m: m.group(1) if m.group(1) in _SAFE_REPEAT else m.group(), s))


_INDENT = re.compile(r"^\u3000+")


def _body(profile: Profile) -> tuple[list[str], str]:
    """The story without the full-width spaces teachers indent paragraphs with (autocorrect would
    turn them half-width), and those indents to put back."""
    lines = profile.lines[profile.body_line - 1:]
    indents = [m.group() if (m := _INDENT.match(line)) else "" for line in lines]
    return indents, "\n".join(line[len(indent):] for line, indent in zip(lines, indents))


def check(profile: Profile) -> list[Finding]:
    findings = []
    offset = profile.body_line - 1
    for result in _autocorrect().lint_for(_body(profile)[1], "md").lines:
        findings.append(profile.finding(result.line + offset, "typography", "中文排版不规范",
                                        f"改为：{result.new.strip()[:80]}"))
    for number, line in profile.prose():
        if number < profile.body_line:
            continue
        prose = _PROTECTED.sub("\0", line)
        if _SPACE.search(prose):
            findings.append(profile.finding(number, "typo-space", "中文与英文或数字之间有空格",
                                            "本站统一不加空格，如“2024年”“ABC系统”"))
        for match in _REPEAT.finditer(prose):
            findings.append(profile.finding(number, "typo-repeat", f"标点“{match.group()}”重复", "只保留一个标点"))
    return findings


def fix(profile: Profile) -> str:
    """The profile's text with the safe fixes applied; the front matter is left exactly as it was."""
    head = profile.lines[:profile.body_line - 1]
    indents, text = _body(profile)
    body = _autocorrect().format_for(text, "md").split("\n")
    prose = {number - profile.body_line for number, _ in profile.prose() if number >= profile.body_line}
    return "\n".join(head + [indent + (_own_fix(line) if index in prose else line)
                             for index, (indent, line) in enumerate(zip(indents, body))])
