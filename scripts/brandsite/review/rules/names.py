"""Names of children next to words about students or hardship: such text must not be public.

jieba's part-of-speech tagger marks person names ``nr``; it also marks many ordinary words so
(师德, 立德, 向阳), so a name must start with a common surname, and it must stand in the same
clause as a sensitive word. Only clauses with such a word are tagged, which keeps this fast.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from ...findings import Finding
from . import Profile

SENSITIVE = re.compile(r"学生|同学|留守儿童|留守|贫困|困难家庭|家庭困难|困难学生|特困|低保|孤儿|单亲|残疾|残障|学困生|患病|重病")
_CLAUSE = re.compile(r"[^，。；！？,;!?\n]+")
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
# ordinary words the tagger calls names
NOT_NAMES = {"向阳", "高尚", "江山", "金牌", "石榴", "白鸽", "龙头", "万家", "方向", "贺卡", "于是", "周到", "黄金",
             "常青", "林立", "程序", "雷锋", "许多", "马上", "何时", "文明", "华夏", "宋体", "孟母", "朱德", "毛泽东",
             "周恩来", "邓小平", "习近平", "江泽民", "胡锦涛", "孔子", "鲁迅", "陶行知", "叶圣陶", "焦裕禄", "黄大年"}


@cache
def _tagger():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


def names_in(clause: str) -> list[str]:
    """Person names the tagger finds in ``clause`` that look like real names."""
    return [word for word, flag in _tagger().cut(clause)
            if flag == "nr" and 2 <= len(word) <= 3 and word[0] in SURNAMES and word not in NOT_NAMES]


def check(profile: Profile) -> list[Finding]:
    findings = []
    for number, line in profile.prose():
        if not SENSITIVE.search(line):
            continue
        for clause in _CLAUSE.findall(line):
            word = SENSITIVE.search(clause)
            if word is None:
                continue
            for name in names_in(clause):
                findings.append(profile.finding(
                    number, "student-name", f"“{name}”像是人名，和“{word.group()}”写在一起",
                    "涉及学生、留守儿童或困难家庭的内容不要写真实姓名，请改成“一名学生”“小王同学”等"))
    return findings
