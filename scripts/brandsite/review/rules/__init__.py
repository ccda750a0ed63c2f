"""Review rules: pure checks over a profile's text or a Brand, each returning Findings.

``RULES`` is the table a school reads (README) and silences from (mkdocs.yml ``review_ignore``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ...findings import Finding, Level
from ...profile.ime import split_front_matter
from ...profile.textfile import decode

# rule id -> (level, what it finds); schema rules keep the level the loader gives them
RULES: dict[str, tuple[Level | None, str]] = {
    "schema": (None, "档案字段、编码、YAML 写法：品牌档案读取器报告的一切"),
    "photo-missing": (Level.ERROR, "相册或正文里的照片找不到（给出只差大小写或全角半角的文件名）"),
    "photo-unlisted": (Level.WARNING, "photos 文件夹里有照片但相册没有列出（不会发布）"),
    "photo-caption": (Level.ERROR, "照片没有说明（caption）"),
    "photo-consent": (Level.ERROR, "照片拍到学生但没有 consent: true"),
    "link-outside": (Level.ERROR, "链接指向品牌文件夹之外"),
    "photo-duplicate": (Level.WARNING, "两张照片内容完全相同"),
    "photo-small": (Level.WARNING, "照片长边不足 1200 像素，印刷宣传册会模糊"),
    "photo-unreadable": (Level.ERROR, "照片文件打不开（损坏、不是图片或像素超过上限）"),
    "placeholder": (Level.ERROR, "模板占位符没有替换：XX中学、xx市、20xx年、x名、***总书记、某某、（此处填写）、漏写数字的“共举行了次会议”"),
    "wording": (Level.WARNING, "不规范的表述（规范表述表 data/wording.tsv 和仓库根目录的 wording.tsv）"),
    "wording-artefact": (None, "改写工具替换近义词留下的痕迹：离一个固定提法只差一次替换的说法，如“政治表面学习”"
                               "（原文多半是“政治理论学习”）；把握高是警告，把握低是提示"),
    "typography": (Level.WARNING, "中文里的半角标点、全角数字和字母等（autocorrect 检查，--fix 可自动改）"),
    "typo-space": (Level.WARNING, "中文与英文、数字之间多了空格（本站统一不加空格，--fix 可自动改）"),
    "typo-repeat": (Level.WARNING, "重复的标点，如“。。”“！！”（--fix 只合并重复的句号、逗号、顿号、分号、冒号）"),
    "unsafe-html": (Level.ERROR, "正文或字段里有 <script>、<iframe>、on… 事件属性或 javascript: 链接"),
    "link-external": (Level.INFO, "指向其他网站的链接，请审阅人逐个点开确认"),
    "student-name": (Level.WARNING, "人名出现在“学生”“留守儿童”“困难家庭”等词旁边，可能泄露未成年人信息"),
}


@dataclass(frozen=True)
class Profile:
    """A profile's text as lines, readable even when the loader rejected its fields."""

    path: str  # "brands/<slug>/index.md"
    text: str

    @classmethod
    def from_bytes(cls, path: str, raw: bytes) -> Profile | None:
        decoded = decode(raw)
        return None if decoded.fatal else cls(path, decoded.text)

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @cached_property
    def body_line(self) -> int:
        return split_front_matter(self.text).body_line

    def prose(self) -> list[tuple[int, str]]:
        """(file line, text) of every line outside fenced code blocks."""
        out, fenced = [], False
        for number, line in enumerate(self.lines, 1):
            if number >= self.body_line and line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
                continue
            if not fenced:
                out.append((number, line))
        return out

    def finding(self, line: int | None, rule: str, message: str, hint: str = "",
                level: Level | None = None) -> Finding:
        return Finding(self.path, line, level or RULES[rule][0], message, hint, rule)


def search_lines(profile: Profile, pattern: re.Pattern) -> list[tuple[int, re.Match]]:
    """Every match of ``pattern`` in the profile's prose, with its file line."""
    return [(number, match) for number, line in profile.prose() for match in pattern.finditer(line)]
