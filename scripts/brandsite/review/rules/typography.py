"""Chinese typography of the story: autocorrect-py for punctuation and width, two small rules of our own.

Spaces: this site writes no space between Chinese and Latin letters or digits (as official
documents and the example brands do), so autocorrect's space rules are off and ``typo-space``
removes such spaces instead.
"""

from __future__ import annotations

import json
import re
from functools import cache

from ...findings import Finding, Level
from ...profile.ime import links_read
from . import Profile

_AUTOCORRECT = {"rules": {name: 0 for name in (
    "space-word", "space-punctuation", "space-bracket", "space-backticks", "space-dash", "spellcheck")}}
# autocorrect reads one line at a time: over a whole story its parser gives up ("call limit") at
# about 600 paragraphs, on one line somewhere above 100,000 characters; no real paragraph is this long.
MAX_LINE = 20_000
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%]) +(?=[{_CJK}])")
_REPEAT = re.compile(r"([。，、；：！？!?])\1+")
_SAFE_REPEAT = "。，、；："
# autocorrect widens only the first of "??" or "?!": the rest of the run follows it
_HALF_RUN = re.compile(r"(?<=[？！])[?!]+")
_WIDE = str.maketrans("?!", "？！")
# inline code (any number of backticks), link targets, HTML tags and bare URLs are never touched
_PROTECTED = re.compile(r"(`+)(?:(?!\1).)+?\1|\]\([^)]*\)|<[^>]+>|https?://\S+")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INDENTED_CODE = re.compile(r"^(?: {4}|\t)")
_INDENT = re.compile(r"^\u3000+")  # teachers indent paragraphs with full-width spaces; autocorrect would narrow them


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


def _story_text(profile: Profile) -> list[tuple[int, str]]:
    """(file line, line) of the story lines that are text: not in a ``` or ~~~ code block (one never
    closed runs to the end), not indented code. Nothing else is checked or fixed."""
    out, fence = [], ""
    for number, line in enumerate(profile.lines[profile.body_line - 1:], profile.body_line):
        if fence:
            if re.fullmatch(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*", line):
                fence = ""
        elif opening := _FENCE.match(line):
            fence = opening[1]
        elif line.strip() and not _INDENTED_CODE.match(line):
            out.append((number, line))
    return out


def _autocorrected(text: str) -> str | None:
    """autocorrect's punctuation and width fixes of one line (runs like "??" widened whole);
    None when the line is too long or too tangled for it."""
    if len(text) > MAX_LINE:
        return None
    try:
        corrected = _autocorrect().format_for(text, "md")
    except ValueError:  # its parser gives up: "call limit reached"
        return None
    return _outside(corrected, lambda s: _HALF_RUN.sub(lambda m: m.group().translate(_WIDE), s))


def _own_fix(line: str) -> str:
    line = _outside(line, lambda s: _SPACE.sub("", s))
    return _outside(line, lambda s: _REPEAT.sub(lambda m: m.group(1) if m.group(1) in _SAFE_REPEAT else m.group(), s))


def _split_indent(line: str) -> tuple[str, str]:
    indent = m.group() if (m := _INDENT.match(line)) else ""
    return indent, line[len(indent):]


def check(profile: Profile) -> list[Finding]:
    findings = []
    for number, line in _story_text(profile):
        # an image or link typed in Chinese mode is checked as the loader reads it (it warns about the typing),
        # so that its target is left alone here and no advice contradicts that warning
        line = links_read(line)
        text = _split_indent(line)[1]
        corrected = _autocorrected(text)
        if corrected is None:
            findings.append(profile.finding(number, "typography", "这一行太长或太复杂，没有检查中文排版",
                                            "请把它分成几段", level=Level.INFO))
        elif corrected != text:
            findings.append(profile.finding(number, "typography", "中文排版不规范", f"改为：{corrected.strip()[:80]}"))
        prose = _PROTECTED.sub("\0", line)
        if _SPACE.search(prose):
            findings.append(profile.finding(number, "typo-space", "中文与英文或数字之间有空格",
                                            "本站统一不加空格，如“2024年”“ABC系统”"))
        for match in _REPEAT.finditer(prose):
            findings.append(profile.finding(number, "typo-repeat", f"标点“{match.group()}”重复", "只保留一个标点"))
    return findings


def fix(profile: Profile) -> str:
    """The profile's text with the safe fixes applied to the story's text lines; the front matter,
    code and every other line are left exactly as they were."""
    lines = list(profile.lines)
    for number, line in _story_text(profile):
        indent, text = _split_indent(line)
        corrected = _autocorrected(text)
        lines[number - 1] = indent + _own_fix(text if corrected is None else corrected)
    return "\n".join(lines)
