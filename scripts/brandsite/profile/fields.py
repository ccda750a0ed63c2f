"""The fields of a brand profile: their Chinese names, the aliases teachers write, the values they take."""

from __future__ import annotations

import unicodedata

Spec = dict[str, tuple[str, tuple[str, ...]]]  # canonical key -> (Chinese label used in messages, aliases)

DEFAULT_COLOR = "#c8102e"
TITLE_MAX = 20
SUMMARY_MAX = 120

FIELDS: Spec = {
    "title": ("品牌名称", ("品牌名称", "品牌", "名称")),
    "slogan": ("口号", ("口号", "品牌口号")),
    "organization": ("党组织", ("党组织", "支部", "党支部", "branch")),
    "school": ("学校", ("学校", "单位")),
    "region": ("地区", ("地区", "区域")),
    "launched": ("创建时间", ("创建时间", "创建日期", "启动时间", "founded")),
    "color": ("主题色", ("主题色", "颜色")),
    "summary": ("简介", ("简介", "摘要")),
    "tags": ("标签", ("标签",)),
    "cover": ("封面", ("封面",)),
    "pillars": ("板块", ("板块", "行动", "支柱")),
    "figures": ("数据亮点", ("数据亮点", "数据")),
    "honors": ("荣誉", ("荣誉", "获奖")),
    "timeline": ("大事记", ("大事记", "时间线")),
    "gallery": ("相册", ("相册", "照片", "photos")),
    "sources": ("资料来源", ("资料来源", "来源", "出处")),
}
REQUIRED = ("title", "slogan", "organization", "school")
SUBFIELDS: dict[str, Spec] = {
    "pillars": {
        "name": ("名称", ("名称",)),
        "color": ("颜色", ("颜色",)),
        "summary": ("简介", ("简介", "说明")),
    },
    "figures": {
        "value": ("数值", ("数值", "数字")),
        "label": ("说明", ("说明", "名称")),
        "year": ("年份", ("年份",)),
    },
    "honors": {
        "year": ("年份", ("年份",)),
        "title": ("名称", ("名称", "荣誉")),
        "issuer": ("授予单位", ("授予单位", "颁发单位")),
    },
    "timeline": {
        "date": ("日期", ("日期", "时间")),
        "title": ("事件", ("事件", "标题")),
    },
    "gallery": {
        "file": ("文件", ("文件",)),
        "caption": ("说明", ("说明", "图注")),
        "people": ("人物", ("人物",)),
        "consent": ("同意", ("同意", "已同意")),
    },
    "sources": {
        "title": ("标题", ("标题", "名称", "题目")),
        "publisher": ("发布单位", ("发布单位", "发布者", "出版单位", "媒体")),
        "date": ("日期", ("日期", "时间", "发布日期")),
        "url": ("网址", ("网址", "链接")),
    },
}
PEOPLE = {"none": "none", "无": "none", "没有": "none", "adults": "adults", "成人": "adults",
          "教师": "adults", "老师": "adults", "students": "students", "学生": "students",
          "无人物": "none", "只有成人": "adults", "有学生": "students"}  # the last three: as the message names them
YES = {"是", "同意", "已同意", "有"}
NO = {"否", "不同意", "没有", "无"}


def normalized(text: str) -> str:
    """How keys and file names are compared: full-width as half-width, trimmed, in lower case, without the
    characters no one sees (zero-width spaces and joiners, a BOM, a soft hyphen)."""
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFKC", text).strip().lower()


def _alias_table(spec: Spec) -> dict[str, str]:
    table = {normalized(name): name for name in spec}
    for name, (_, aliases) in spec.items():
        table.update({normalized(alias): name for alias in aliases})
    return table


ALIASES = _alias_table(FIELDS)
SUB_ALIASES = {group: _alias_table(spec) for group, spec in SUBFIELDS.items()}
KNOWN_KEYS = set(ALIASES) | {k for table in SUB_ALIASES.values() for k in table}
LIST_KEYS = {key for key, name in ALIASES.items() if name in (*SUBFIELDS, "tags")}  # fields that are lists


def label(name: str, written: str, spec: Spec = FIELDS) -> str:
    """How a field is named in a message: the key as the teacher wrote it."""
    chinese = spec[name][0]
    return f"{written}（{chinese}）" if written.isascii() else written
