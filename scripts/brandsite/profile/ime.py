"""Syntax typed with a Chinese input method, Word's autocorrect or a WeChat copy, recognised and named.

A teacher types the front-matter fence, a heading's "#" or a list's "-" in Chinese mode and gets
"———", "＃" or "－"; Word turns list items into "•" lines. Where the intent is plain, the line is
retyped in the syntax it stands for and the teacher is told which character it was; where Markdown
and the teacher's preview would show different things, the teacher is warned. Pure functions over
lines of text: no YAML, no Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from dataclasses import dataclass, replace

from ..findings import Level
from . import textfile
from .fields import normalized

# Characters typed for "-": what a message calls each, and where it comes from.
DASHES = {
    "\u2014": "中文输入法打出的破折号", "\uff0d": "全角减号", "\u2013": "Word 自动改成的短破折号",
    "\u2010": "连字符", "\u2011": "不换行连字符", "\u2012": "数字线", "\u2015": "横线",
    "\u2212": "数学减号", "\ufe63": "小写减号", "\u30fc": "日文长音符", "\u2500": "制表线", "\u2501": "粗制表线",
}
# Characters Word, WPS and WeChat put at the start of a list item (U+F0B7: Word's Symbol-font bullet).
BULLETS = {
    "\u2022": "项目符号", "\u00b7": "间隔号", "\u30fb": "日文中点", "\u25cf": "实心圆点", "\u25cb": "空心圆点",
    "\u25aa": "小方块", "\u25a0": "实心方块", "\u25c6": "实心菱形", "\u25c7": "空心菱形", "\u2023": "三角项目符号",
    "\u2043": "连字项目符号", "\u25e6": "空心项目符号", "\uf0b7": "Word 的项目符号",
}
MARKERS = BULLETS | {c: DASHES[c] for c in "\u2014\uff0d\u2013"}
HASHES = {"\uff03": "全角井号", "\ufe5f": "小写井号"}
_DASH_CLASS = r"\-" + "".join(DASHES)
_GAP = "[ \t\u3000\u00a0]"
_FENCE_LIKE = re.compile(rf"^[{_DASH_CLASS}](?:{_GAP}*[{_DASH_CLASS}])*{_GAP}*$")  # "— — —" too
_MARKED = re.compile(rf"^(?P<indent>[ \u3000]*)(?P<marker>[{''.join(MARKERS)}]){_GAP}*(?P<rest>[^\s{_DASH_CLASS}].*)$")
_STORY_MARKED = re.compile(rf"^(?P<indent>[ \u3000]*)(?P<marker>[{''.join(MARKERS)}]|-(?=[^\s{_DASH_CLASS}])){_GAP}*"
                           rf"(?P<rest>[^\s{_DASH_CLASS}].*)$")
_TIGHT_DASH = re.compile(rf"^(?P<indent>[ \u3000]*)-(?P<rest>[^\s{_DASH_CLASS}].*)$")
_EMPTY_KEY = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[^\s#\-][^:]*):\s*$")
_YAML_ITEM = re.compile(r"^(?P<indent> *)- ")
_HEADING = re.compile(rf"^(?P<indent>[ \u3000\u00a0]*)(?P<hashes>[#{''.join(HASHES)}]{{1,6}})(?P<gap>{_GAP}*)(?P<rest>.*)$")
_MD_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
_ORDERED = re.compile(r"^ {0,3}(\d{1,9})[.)][ \t]")
# How Word and Chinese documents number lines: "1、", "三、", "2．", "3）", "（2）", "（三）", "④".
_NUMBER = r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})[、．]|\d{1,3}[)）]|[（(](?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）]" \
    r"|[\u2460-\u2473]"
_NUMBERED = re.compile(rf"^({_NUMBER})[ \u3000]*\S")
# A field-area list item numbered so: "1. " too, which only Markdown reads as a list.
_NUMBERED_ITEM = re.compile(rf"^(?P<indent>[ \u3000]*)(?P<number>{_NUMBER}|\d{{1,3}}\.(?=[ \t\u3000]))"
                            rf"{_GAP}*(?P<rest>[^\s\d].*)$")
_WIDE_INDENTED = re.compile(r"^[ \u3000\u00a0]*[\u3000\u00a0][ \u3000\u00a0]*(?=(?:[-*+]|\d{1,9}[.)]) )")
_SPACES = re.compile(r"^ {4,}(?=\S)")
_TYPE_AGAIN = "请切换到英文输入法重新打这一行"


@dataclass(frozen=True)
class Retyped:
    """A line typed with an input method: how it is read, and what the teacher is told."""

    text: str  # the line as it is read (unchanged when the teacher is only warned)
    message: str
    hint: str
    level: Level = Level.WARNING


def char_name(char: str) -> str:
    """"中文输入法打出的破折号“—”（U+2014）"."""
    name = (DASHES | BULLETS | HASHES).get(char, "字符")
    return f"{name}“{char}”（U+{ord(char):04X}）"


def _names(chars: str) -> str:
    return "、".join(char_name(c) for c in dict.fromkeys(chars) if not c.isascii() and not c.isspace())


def fence(line: str) -> Retyped | None:
    """A front-matter fence typed as "———", "－－－", "—-—", "— — —" or "----": read as "---"; None for "---" or any
    other line."""
    if not _FENCE_LIKE.match(line) or line.rstrip(" \t\u3000\u00a0") == "---":
        return None
    dashes = line.rstrip(" \t\u3000\u00a0")
    spaced = "，中间还夹着空格" if re.search(_GAP, dashes) else ""
    if not re.sub(_GAP, "", dashes).isascii():
        problem = f"这一行“{dashes}”里有{_names(dashes)}{spaced}，分隔线要用三个英文减号 ---"
    elif spaced:
        problem = f"这一行“{dashes}”的减号之间有空格，分隔线要用连着的三个英文减号 ---"
    else:
        problem = f"这一行是 {len(dashes)} 个减号，分隔线要正好三个英文减号 ---"
    return Retyped("---", problem + "，已按分隔线处理", f"字段区上下两行都是 ---：{_TYPE_AGAIN}")


def _story_like(line: str) -> bool:
    """True for a line that cannot be in the field area: a heading (## or ＃; "# …" may be a YAML comment) or
    text at the margin that is neither a field, a list item nor a comment."""
    return line.startswith(("##", *HASHES)) or bool(
        line[:1].strip() and not re.search("[:：]", line) and not line.startswith(("-", "#", *MARKERS)))


def story_start(lines: list[str]) -> int | None:
    """In a file whose field area is never closed, the index of the line where the story seems to start."""
    return next((index for index in range(1, len(lines)) if _story_like(lines[index])), None)


def fences(text: str) -> tuple[str, list[tuple[int, Retyped]]]:
    """``text`` with its opening fence and the first fence-like line after it, before the story begins, read as
    "---", and (file line, what was retyped) for each; unchanged when the first line is no fence at all."""
    lines = text.split("\n")
    if not lines or not _FENCE_LIKE.match(lines[0]):
        return text, []
    found = []
    for index, line in enumerate(lines):
        if index and not _FENCE_LIKE.match(line):
            if _story_like(line):
                break  # the story has begun: a dash line below it is the story's, the field area is unclosed
            continue
        if retyped := fence(line):
            lines[index] = retyped.text
            found.append((index + 1, retyped))
        if index:
            break
    return "\n".join(lines), found


def split_front_matter(text: str) -> textfile.Split:
    """``textfile.split_front_matter`` with fences typed with an input method read as "---", for the readers of a
    profile's raw lines (the review's rules) that must tell its fields from its story as the loader does."""
    return textfile.split_front_matter(fences(text)[0])


def _under_list(match: re.Match, previous: str, lists: Container[str] | None) -> bool:
    """True when the line of ``match`` is at most as indented as ``previous`` and that is a list's item, or a
    key with nothing after it (one of ``lists`` when given)."""
    above = _EMPTY_KEY.match(previous)
    if above and lists is not None and normalized(above["key"]) not in lists:
        return False
    above = above or _YAML_ITEM.match(previous)
    return bool(above) and len(above["indent"]) <= len(match["indent"].replace("\u3000", " "))


def _next_item(match: re.Match, lines: list[str], index: int) -> bool:
    """True when the line of ``match`` comes after the fields of a list item: the nearest line above it that is
    not more indented is a list item ("- ") just as indented."""
    indent = len(match["indent"].replace("\u3000", " "))
    for above in range(index - 1, -1, -1):
        line = lines[above]
        if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
            return bool(item := _YAML_ITEM.match(line)) and len(item["indent"]) == indent
    return False


def yaml_item(lines: list[str], index: int, lists: Container[str]) -> Retyped | None:
    """Line ``index`` of the field area ``lines`` (those above it as read) when it is a list item typed
    "• 党建", "－ 党建" or "-党建" (under "tags:" or another item), or numbered as Word numbers it, "1、党建" or
    "（2）教育" (under a key of ``lists`` or after another item): read as "- 党建"; None for any other line."""
    line, previous = lines[index], lines[index - 1] if index else ""
    if match := _MARKED.match(line):
        return Retyped(f"{match['indent']}- {match['rest']}",
                       f"这一行以{char_name(match['marker'])}开头，字段区的列表要用英文减号加空格“- ”，已按列表处理",
                       f"列表每项以“- ”开头：{_TYPE_AGAIN}")
    if (match := _NUMBERED_ITEM.match(line)) and (_under_list(match, previous, lists)
                                                  or _next_item(match, lines, index)):
        width = match.start("rest") - match.end("indent")  # kept, so that the item's next lines stay aligned
        return Retyped(f"{match['indent']}-{' ' * max(width - 1, 1)}{match['rest']}",
                       f"这一行以编号“{match['number']}”开头，字段区的列表不用编号，要用英文减号加空格“- ”，已按列表处理",
                       f"列表每项写成“- 内容”，如 - {match['rest']}（Word 的自动编号复制过来不算）")
    if (match := _TIGHT_DASH.match(line)) and _under_list(match, previous, None):
        return Retyped(f"{match['indent']}- {match['rest']}", "列表的“-”后面缺少半角空格，已按列表处理",
                       f"列表每项写成“- 内容”，减号后面加一个空格，如 - {match['rest']}")
    return None


def _heading(line: str) -> Retyped | None:
    match = _HEADING.match(line)
    if not match or not match["rest"].strip() or match["rest"].startswith(("#", *HASHES)):
        return None
    hashes, rest = match["hashes"], match["rest"].strip()
    level = len(hashes)
    named = f"{'一二三四五六'[level - 1]}级标题"
    retyped = f"{'#' * level} {rest}"
    if not hashes.isascii():
        return Retyped(retyped, f"行首的“{hashes}”是{'、'.join(HASHES[c] for c in dict.fromkeys(hashes) if c in HASHES)}，"
                       f"已按{named}处理（预览里这一行是普通文字）",
                       f"标题用英文井号 # 加一个空格，如 {retyped}：{_TYPE_AGAIN}")
    if "\u3000" in match["indent"] or "\u00a0" in match["indent"]:
        return Retyped(retyped, "行首的全角空格让 # 不起作用，已去掉空格按标题处理",
                       f"标题的 # 要写在行首，前面不要空格，如 {retyped}")
    if not match["gap"].isascii():
        return Retyped(retyped, "标题的 # 后面是全角空格，网站上是标题，预览里却是普通文字，已按半角空格处理",
                       f"# 后面的空格请在英文输入法下打，如 {retyped}")
    if not match["gap"] and not match["indent"]:
        return Retyped(line, f"“{hashes}{rest[:12]}”的 # 后面没有空格：网站上这一行是{named}，"
                       "Typora、GitHub 等预览里却是普通文字",
                       f"要做标题就在 # 后面加一个空格，如 {retyped}；不是标题就删去行首的 #")
    return None


def _item(line: str, previous: str, following: str) -> Retyped | None:
    if match := _WIDE_INDENTED.match(line):
        return Retyped(line[len(match[0]):], "行首的全角空格让列表符号不起作用，已去掉空格按列表处理",
                       "列表符号要写在行首，前面不要空格", Level.INFO)
    match = _STORY_MARKED.match(line)
    if not match:
        return None
    marker = match["marker"]
    if marker not in BULLETS and not any(map(_listed, (previous, following))):
        return None  # one line opened by a dash is prose ("—摘自…"); a run of them is a list
    named = "英文减号“-”，后面却没有空格" if marker == "-" else char_name(marker)
    return Retyped(f"- {match['rest']}", f"这一行以{named}开头，已按列表项处理",
                   "Markdown 的列表每项以英文减号加空格“- ”开头，列表前空一行；Word 的项目符号复制过来不算", Level.INFO)


def _listed(line: str) -> bool:
    """True when ``line`` is a list item, in Markdown or typed with a list marker."""
    return bool(_MD_ITEM.match(line) or _STORY_MARKED.match(line))


def _above(read: list[str], index: int) -> Iterator[str]:
    """The lines above line ``index`` as read, nearest first (a retyped line may have gained a blank line)."""
    for above in range(index - 1, -1, -1):
        yield read[above].rsplit("\n", 1)[-1]


def _in_paragraph(read: list[str], index: int) -> bool:
    """True when line ``index`` would continue the paragraph above it in Python-Markdown: the line above is
    text, and no list is open in that paragraph."""
    above = read[index - 1].rsplit("\n", 1)[-1] if index else ""
    if not above.strip() or above.lstrip().startswith("#"):
        return False
    for line in _above(read, index):
        if not line.strip() or line.lstrip().startswith(("#", "```", "~~~")):
            return True
        if _MD_ITEM.match(line):
            return False
    return True


def _starts_list(text: str, previous: str) -> bool:
    """True when ``text`` starts a list or a numbered run, shown apart from the paragraph above it in a
    CommonMark preview (an ordered list only from 1)."""
    if _NUMBERED.match(text):
        return not _NUMBERED.match(previous)
    if match := _ORDERED.match(text):
        return match[1] == "1"
    return bool(_MD_ITEM.match(text))


def _numbered(lines: list[str], index: int) -> Retyped | None:
    """A line of a run numbered as Word and Chinese documents number ("1、", "（2）", "三、", "④"): Markdown joins
    the run into one paragraph, so each line that has another under it ends in a line break."""
    match = _NUMBERED.match(lines[index])
    run = [i for i in (index - 1, index + 1) if 0 <= i < len(lines) and _NUMBERED.match(lines[i])]
    if not match or not run:
        return None
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return Retyped(lines[index] + ("  " if following.strip() else ""),
                   f"这一行以编号“{match[1]}”开头，网页上会和上下行连成一段，已按分行处理",
                   "要做编号列表请写成“1. 内容”（数字、英文句点、空格），列表前空一行", Level.INFO)


def _code_indent(read: list[str], index: int) -> Retyped | None:
    """A paragraph indented with 4 or more spaces, as Word's first-line indent is pasted: Markdown shows it as code.
    Not a line that goes on from the line above, nor one that belongs to the list item above."""
    match = _SPACES.match(read[index])
    if not match or (index and read[index - 1].strip()):
        return None
    above = next((line for line in _above(read, index) if line.strip()), "")
    if _MD_ITEM.match(above) or above.startswith("    "):
        return None
    return Retyped(read[index][len(match[0]):], f"这一段以 {len(match[0])} 个空格开头，网页上会变成代码框，已去掉空格",
                   "段首不要用空格缩进；需要空两格时请用两个全角空格")


def story(lines: list[str], prose: Container[int]) -> list[tuple[int, Retyped]]:
    """(index, how it is read) for each line of the story, among the indexes ``prose`` (not code), that is a
    heading or list item typed with an input method, a numbered line Markdown would run together, a paragraph
    Markdown would show as code for its indentation, a heading
    that Markdown and the teacher's preview read differently, or a list right under a paragraph (a list in
    the preview, text on the site): that one gets the blank line Python-Markdown needs."""
    read = list(lines)
    found = []
    for index, line in enumerate(lines):
        if index not in prose:
            continue
        previous = lines[index - 1] if index else ""
        following = lines[index + 1] if index + 1 < len(lines) else ""
        retyped = _heading(line) or _item(line, previous, following) or _numbered(lines, index) \
            or _code_indent(read, index) or _links(line)
        text = retyped.text if retyped else line
        if _starts_list(text, previous) and _in_paragraph(read, index):
            retyped = replace(retyped, text="\n" + text) if retyped else Retyped(
                "\n" + line, "列表上面没有空行：Typora、GitHub 等预览里是列表，网站上却会和上一段连成一段，已补上空行",
                "列表前空一行", Level.INFO)
        if retyped:
            read[index] = retyped.text
            found.append((index, retyped))
    return found


# An image or link typed in Chinese mode: ！【说明】（photos/合影.jpg “标题”）. Only with a target that is a photo or a
# web address, so that "【主题党日】（2023年）" stays prose. Bounded runs: a line is read in linear time.
_PART = r"[^\t\n（）()“”\"]"  # of a target: photo names have spaces, and brackets as in 合影（2023年）.jpg
_RUN = rf"(?:{_PART}|[（(]{_PART}{{0,50}}[）)]){{0,200}}"
_TARGET = rf"(?:https?://|photos[/／]){_RUN}|{_RUN}\.(?:jpe?g|png|gif|webp)"
_TYPED_LINK = re.compile(rf"(?P<bang>[!！]?)[\[【](?P<text>[^\[\]【】\n]{{0,200}})[\]】][ \u3000]?[（(][ \u3000]{{0,3}}"
                         rf"(?P<target>{_TARGET})(?:[ \u3000]{{0,3}}[“\"＂](?P<title>[^”\"＂\n]{{0,200}})[”\"＂])?"
                         rf"[ \u3000]{{0,3}}[）)]", re.IGNORECASE)
_ASCII_SYNTAX = {"！": "!", "【": "[", "】": "]", "（": "(", "）": ")", "“": '"', "”": '"', "＂": '"', "／": "/"}


def _link(match: re.Match) -> str:
    title = f' "{match["title"]}"' if match["title"] is not None else ""
    target = match["target"].strip().replace("／", "/")
    return f"{match['bang'] and '!'}[{match['text']}]({f'<{target}>' if ' ' in target else target}{title})"


def _syntax(match: re.Match) -> str:
    """The characters of ``match`` that are Markdown's syntax: all but its text, target and title."""
    spans = sorted(match.span(name) for name in ("text", "target", "title") if match[name] is not None)
    cuts = [match.start(), *(edge for span in spans for edge in span), match.end()]
    return "".join(match.string[cuts[i]:cuts[i + 1]] for i in range(0, len(cuts), 2))


def _links(line: str) -> Retyped | None:
    """A line with an image or link typed with Chinese punctuation (or Word's “” around its title): Markdown
    shows the text as typed, no picture, no link. Read in English punctuation, the teacher warned."""
    typed = [match for match in _TYPED_LINK.finditer(line) if not _syntax(match).isascii()]
    if not typed:
        return None
    first = typed[0]
    what = "图片" if first["bang"] else "链接"
    wide = " ".join(dict.fromkeys(c for match in typed for c in _syntax(match) if c in _ASCII_SYNTAX))
    read = _TYPED_LINK.sub(lambda match: match[0] if _syntax(match).isascii() else _link(match), line)
    shown = first[0] if len(first[0]) <= 60 else first[0][:60] + "…"
    return Retyped(read, f"“{shown}”里的 {wide} 是中文标点，网页上不会显示成{what}，已按{what}处理",
                   f"{what}写成 {_link(first)}，符号都用英文：{_TYPE_AGAIN}")



def links_read(line: str) -> str:
    """``line`` as the loader reads it: images and links typed with Chinese punctuation in Markdown's own."""
    retyped = _links(line)
    return retyped.text if retyped else line

_CJK_QUOTES = {"“": "”\"", "‘": "’'", "「": "」", "『": "』", "＂": "＂\"", "＇": "＇'"}  # opening: closings


def unquoted(text: str) -> str:
    """``text`` without Chinese quotes typed around the whole of it (“#c8102e”, 「2022-09-01」), or a Chinese
    opening quote closed in English, as Word's autocorrect leaves it (“#c8102e")."""
    if len(text) > 2 and text[-1] in _CJK_QUOTES.get(text[0], ""):
        return text[1:-1].strip()
    return text
