"""What must never run on the school's site (the list is profile/unsafe.py), and the other hosts a profile links to."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ...findings import Finding
from ...profile.unsafe import matches
from . import Profile, search_lines

_URL = re.compile(r"https?://[^\s)\"'<>，。；）]+", re.IGNORECASE)


def check(profile: Profile, own_hosts: frozenset[str] = frozenset()) -> list[Finding]:
    findings = []
    for line, what in matches(profile.prose()):
        findings.append(profile.finding(line, "unsafe-html", f"有 {what}，发布后会在访问者的浏览器里运行",
                                        "请删去这段代码，只写文字和图片；视频请上传到学校网站后写成普通链接"))
    for line, match in search_lines(profile, _URL):
        host = (urlsplit(match.group()).hostname or "").lower()
        if host and host not in own_hosts:
            findings.append(profile.finding(line, "link-external", f"链接到其他网站 {host}：{match.group()}",
                                            "审阅人请点开确认内容合适、网站可信，且在国内能打开"))
    return sorted(findings, key=lambda f: (f.line or 0, f.rule))
