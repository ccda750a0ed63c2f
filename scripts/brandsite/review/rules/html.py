"""What must never run on the school's site, and the other hosts a profile links to."""

from __future__ import annotations

import bisect
import html
import re
from urllib.parse import urlsplit

from ...findings import Finding
from . import Profile, search_lines

UNSAFE: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"<\s*script", re.IGNORECASE), "<script> 脚本"),
    (re.compile(r"<\s*iframe", re.IGNORECASE), "<iframe> 内嵌网页"),
    (re.compile(r"<\s*(?:object|embed)\b", re.IGNORECASE), "<object>/<embed> 插件"),
    # An attribute starts after a space, a newline, a slash or a closing quote: <svg/onload=…>,
    # <img src="x"onerror=…>. [^<>] keeps each try within one tag, so long lines stay fast.
    (re.compile(r"<[a-z][^<>]*?[\s/\"'`]on[a-z]+\s*=", re.IGNORECASE), "on… 事件属性"),
    # Browsers drop tabs and newlines inside a link's scheme: java&Tab;script: still runs.
    (re.compile(r"\s*".join("javascript") + r"\s*:", re.IGNORECASE), "javascript: 链接"),
)
_URL = re.compile(r"https?://[^\s)\"'<>，。；）]+", re.IGNORECASE)
_YAML_ESCAPE = re.compile(r"\\x([0-9a-f]{2})|\\u([0-9a-f]{4})", re.IGNORECASE)


def _decoded(text: str) -> str:
    """The text as the browser reads it: YAML's \\x3c and \\u003c escapes, then HTML entities, decoded."""
    return html.unescape(_YAML_ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), text))


def _unsafe_matches(profile: Profile) -> list[tuple[int, str]]:
    """(file line, what) of each unsafe match in the decoded prose; a tag may span lines."""
    numbers, starts, parts, offset = [], [], [], 0
    for number, line in profile.prose():
        text = _decoded(line)
        numbers.append(number)
        starts.append(offset)
        parts.append(text)
        offset += len(text) + 1
    prose = "\n".join(parts)
    return [(numbers[bisect.bisect_right(starts, match.start()) - 1], what)
            for pattern, what in UNSAFE for match in pattern.finditer(prose)]


def check(profile: Profile, own_hosts: frozenset[str] = frozenset()) -> list[Finding]:
    findings = []
    for line, what in _unsafe_matches(profile):
        findings.append(profile.finding(line, "unsafe-html", f"有 {what}，发布后会在访问者的浏览器里运行",
                                        "请删去这段代码，只写文字和图片；视频请上传到学校网站后写成普通链接"))
    for line, match in search_lines(profile, _URL):
        host = (urlsplit(match.group()).hostname or "").lower()
        if host and host not in own_hosts:
            findings.append(profile.finding(line, "link-external", f"链接到其他网站 {host}：{match.group()}",
                                            "审阅人请点开确认内容合适、网站可信，且在国内能打开"))
    return sorted(findings, key=lambda f: (f.line or 0, f.rule))
