"""Template placeholders left in a profile: the mistakes found in real published school reports."""

from __future__ import annotations

import re

from ...findings import Finding
from . import Profile, search_lines

_X = "[XxＸｘ×]"
_UNIT = "中学|小学|学校|幼儿园|大学|学院|省|市|县|区|镇|乡|村|街道|社区|党委|党总支|党支部|支部|公司"
_COUNTED = (r"(?:共|累计|共计|先后)(?:举行|召开|开展|组织|举办|培训|慰问|帮扶|走访|发放|收到|有)?了?"
            r"(?:次|场|名|位|期|批|户)(?!师|校|额|单|誉|义|置|于|评|间|待|要|所|地|景|合|序|籍)")
PATTERNS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(rf"{_X}{{2,}}(?:{_UNIT})"), "请写上真实的单位或地名"),
    (re.compile(r"[12][0-9０-９][XxＸｘ×_＿?？]{1,2}年|[12][0-9０-９]{2}[XxＸｘ×_＿?？]年|(?<![A-Za-z])[XxＸｘ]{2,4}年"), "请写上具体年份"),
    (re.compile(rf"(?<![A-Za-z0-9]){_X}+(?:名|个|次|所|位|项|场|篇|人|户|期|批)"), "请写上具体数字"),
    (re.compile(r"[*＊]{3,}\s*(?:总书记|同志|书记|校长|主任|老师)|[XxＸｘ]{2,}(?:总书记|同志|书记|校长|主任|老师)"),
     "请写上完整、规范的姓名和职务"),
    (re.compile(r"某某"), "请写上真实的名称，或改写成不需要具体名称的句子"),
    (re.compile(r"[（(【\[]\s*(?:此处|这里|请)(?:填写|填入|补充|插入)[^）)】\]]*[）)】\]]|此处填写|待补充|待填写"),
     "请把括号里要求填写的内容写上，并删去括号"),
    (re.compile(_COUNTED), "这里漏写了数字，请补上"),
)


def check(profile: Profile) -> list[Finding]:
    findings = []
    for pattern, hint in PATTERNS:
        for line, match in search_lines(profile, pattern):
            findings.append(profile.finding(line, "placeholder", f"模板占位符“{match.group().strip()}”没有替换", hint))
    return sorted(findings, key=lambda f: f.line or 0)
