"""Read a teacher's text file whatever their editor saved, and split off its front matter.

Pure functions over bytes and text: no MkDocs, no YAML.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from . import mixedtext

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SAVE_AS_UTF8 = "请用记事本打开，点“另存为”，编码选“UTF-8”后保存"
RETYPE = "请删去这一段，重新输入，或从原文档重新复制后粘贴"
BACKUP_SUFFIX = ".bak"  # brandsite check --fix keeps the file it repairs as index.md.bak

# Characters a teacher cannot see, brought in by WeChat, web pages, Word or two files pasted together,
# with the name a message gives them. Zero-width ones are dropped from the field area; the spaces
# there count as plain spaces.
ZERO_WIDTH = {"\u200b": "零宽空格", "\u200c": "零宽非连接符", "\u200d": "零宽连接符", "\u2060": "零宽不换行符",
              "\ufeff": "字节顺序标记 BOM", "\u00ad": "软连字符"}
WIDE_SPACES = {"\u00a0": "不换行空格", "\u202f": "窄不换行空格", "\u3000": "全角空格"}
# Line breaks to YAML, not to Notepad: the field area drops them, so that its lines are the editor's lines.
LINE_BREAKS = {"\u2028": "行分隔符", "\u2029": "段落分隔符", "\u0085": "控制字符 NEL"}
INVISIBLE = ZERO_WIDTH | WIDE_SPACES | LINE_BREAKS


def char_name(char: str) -> str:
    """How a message names an invisible character: "零宽空格（U+200B）"."""
    return f"{INVISIBLE[char]}（U+{ord(char):04X}）"


@dataclass(frozen=True)
class Decoded:
    text: str  # newlines normalised to "\n", BOM removed
    problem: str = ""  # Chinese note when the file was not plain UTF-8 (the text is still usable)
    fatal: bool = False  # True when the text could not be read at all
    hint: str = ""
    line: int | None = None  # where the problem is, when it is on one line


def _looks_chinese(text: str) -> bool:
    """True when the non-ASCII characters are mostly CJK: a real GBK file, not random bytes."""
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return True
    cjk = sum(1 for c in wide if unicodedata.east_asian_width(c) in "WF")
    return cjk / len(wide) >= 0.9


def _shown(text: str) -> str:
    """``text`` for a message: unreadable bytes and control characters (a terminal obeys ESC) as □."""
    return re.sub("[\ufffd\x00-\x1f\x7f-\x9f]+", "□", text)


def _line_excerpt(raw: bytes, run: mixedtext.Run) -> str:
    """The line of ``run`` as the teacher's editor shows it, unreadable bytes as □, cut near the run."""
    start = raw.rfind(b"\n", 0, run.start) + 1
    before = raw[start:run.start].decode("utf-8", "replace")[-12:]
    after = raw[run.start:].split(b"\n", 1)[0].decode("utf-8", "replace")
    text = _shown(before + after).strip()
    return text if len(text) <= 24 else text[:24] + "…"


def _mixed(raw: bytes, runs: list[mixedtext.Run]) -> Decoded:
    """A UTF-8 file with paragraphs in GBK: read when every one of them reads as Chinese."""
    if unreadable := next((run for run in runs if not run.chinese), None):
        return Decoded("", f"这一行有一段文字既不是 UTF-8 也不是 GBK 编码，读不出来：“{_line_excerpt(raw, unreadable)}”",
                       fatal=True, hint=RETYPE, line=unreadable.line)
    lines = sorted({run.line for run in runs})
    where = "这一行" + (f"和第 {'、'.join(map(str, lines[1:]))} 行" if len(lines) > 1 else "")
    count = f"有 {len(runs)} 段文字" if len(runs) > 1 else "有一段文字"
    first = "，第一段" if len(runs) > 1 else ""
    return Decoded(mixedtext.repaired(raw, runs).decode("utf-8"),
                   f"{where}{count}是 GBK 编码（多半是从别的文档粘贴来的），已按 GBK 读出{first}：“{_shown(runs[0].excerpt)}”",
                   hint=f"运行 brandsite check --fix 把{'它们' if len(runs) > 1 else '它'}改存为 UTF-8（原文件留作 index.md{BACKUP_SUFFIX}），"
                        f"或删去{'这几段' if len(runs) > 1 else '这段'}文字重新输入",
                   line=lines[0])


def foreign_runs(raw: bytes) -> list[mixedtext.Run] | None:
    """mixedtext.foreign_runs of a file (BOM removed) small enough to publish; None for a larger one, or
    one with a longer line: the GBK reading and the limits below refuse those, naming the line."""
    small = len(raw) <= WARN_BYTES and max(map(len, raw.split(b"\n"))) <= MAX_LINE_CHARS * 4
    return mixedtext.foreign_runs(raw) if small else None


def decode(raw: bytes) -> Decoded:
    """Decode UTF-8 (with or without BOM, with GBK paragraphs pasted in), UTF-16 with BOM, or GBK/GB18030 ("ANSI")."""
    problem = ""
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM):]
    if raw.startswith(UTF16_BOMS):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            return Decoded("", "文件像是 UTF-16 编码，但内容已损坏", fatal=True, hint=SAVE_AS_UTF8)
        problem = "文件是 UTF-16（“Unicode”）编码，已自动转换"
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            if (runs := foreign_runs(raw)) is not None:
                return _normalised(_mixed(raw, runs))
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                text = ""
            if not text or not _looks_chinese(text):
                return Decoded("", "文件编码不是 UTF-8，无法读取", fatal=True, hint=SAVE_AS_UTF8)
            problem = "文件编码是 GBK（“ANSI”），已自动转换"
    return _normalised(Decoded(text, problem, hint=SAVE_AS_UTF8 if problem else ""))


def _normalised(decoded: Decoded) -> Decoded:
    """Newlines as "\n", no BOM; refused when the text has NUL characters."""
    text = decoded.text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        return Decoded("", "文件里有空字符，不像是文本文件", fatal=True, hint=SAVE_AS_UTF8)
    return replace(decoded, text=text)


@dataclass(frozen=True)
class Split:
    yaml: str | None  # None when the file has no front matter
    body: str
    body_line: int  # 1-based file line where the body starts
    unclosed: bool = False
    # (file line, invisible characters) of a fence line that was read as a fence in spite of them
    marked_fences: tuple[tuple[int, str], ...] = ()


_INVISIBLE_CLASS = "".join(INVISIBLE)
_FENCE = re.compile(rf"^[{''.join(ZERO_WIDTH)}]*(---|\.\.\.)[ \t{_INVISIBLE_CLASS}]*$")


def _marked(number: int, line: str) -> tuple[tuple[int, str], ...]:
    """((number, the invisible characters on ``line``),) when it has any."""
    chars = "".join(dict.fromkeys(c for c in line if c in INVISIBLE))
    return ((number, chars),) if chars else ()


def split_front_matter(text: str) -> Split:
    """Separate the ``---`` block from the Markdown story, keeping line numbers.

    A fence with an invisible character on it (a BOM where two files were pasted together) is
    still a fence; ``marked_fences`` says where, so that the teacher is told.
    """
    lines = text.split("\n")
    if not lines or not (opening := _FENCE.match(lines[0])) or opening[1] != "---":
        return Split(None, text, 1)
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            return Split("\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2,
                         marked_fences=_marked(1, lines[0]) + _marked(index + 1, lines[index]))
    return Split(None, text, 1, unclosed=True)


# Limits no real profile comes near, so that a pasted document or a hostile one gets a clear
# message instead of a crash or a build that takes minutes. Measured: the nine example brands
# are under 5 KB, with lines under 230 characters; the public reports they were written from
# (../shared/seeds) are under 28 KB, with 1,263 characters on their longest line.
WARN_BYTES = 200 * 1024  # a whole report pasted in: warned, the site and its search index grow
MAX_BYTES = 2 * 1024 * 1024  # refused unread: 50 MB took 80 s to build and made a 75 MB search index
MAX_LINE_CHARS = 10_000  # one line of 20,000 "[" and "]" took 98 s to build
# Python-Markdown and its toc extension recurse once or more per level of lists, quotes, HTML
# tags and emphasis, and fail with RecursionError near 300 levels (a list nested 300 deep, 2,000
# "*" around a word). Real stories nest 1 deep, with at most 7 "*" and 1 "[" in a paragraph.
# Paragraphs are counted one by one because emphasis and links never cross one.
MAX_STORY_NESTING = 20  # levels of list, quote (>) and indentation on one line; of HTML tags in the story
MAX_EMPHASIS_MARKS = 200  # "*" and "_" in one paragraph
MAX_LINK_BRACKETS = 100  # "[" in one paragraph: each one unclosed makes Markdown rescan the paragraph


@dataclass(frozen=True)
class Excess:
    """Where a profile goes beyond a limit, and what to tell the teacher."""

    line: int  # 1-based line in the text measured
    message: str
    hint: str


def human_size(size: int) -> str:
    """A file size for messages: "600 KB", "3.1 MB"."""
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


def long_line(text: str) -> Excess | None:
    """The first line longer than MAX_LINE_CHARS."""
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE_CHARS:
            return Excess(number, f"这一行有 {len(line)} 个字符，超过上限 {MAX_LINE_CHARS}",
                          "请在句子之间分段，段与段之间空一行")
    return None


# What opens a line: indentation, quote marks and list markers ("> - 1. " …), nested or not.
_PREFIX = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*")
_MARKER = re.compile(r"(?:>|[-*+]|\d{1,9}[.)])[ \t]?")  # with the space that belongs to it
_RULE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")  # *** or - - -: a line, not emphasis
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>")
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
# Closed by their next sibling in HTML, so never nested: unless Markdown parses inside them.
_OPTIONAL_END = frozenset("p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rt rp".split())


def _line_depth(prefix: str) -> int:
    """Quote marks and list markers, plus a level for every 4 columns of indentation."""
    return len(_MARKER.findall(prefix)) + len(_MARKER.sub("", prefix).expandtabs(4)) // 4


def _html_depth(line: str, depth: int) -> tuple[int, int]:
    """(depth after ``line``, deepest point in it), given the depth of open HTML tags before it."""
    deepest = depth
    for match in _TAG.finditer(line):
        closing, name, attributes = match[1], match[2].lower(), match[3]
        if name in _VOID or attributes.rstrip().endswith("/"):
            continue
        if name in _OPTIONAL_END and "markdown" not in attributes:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return depth, deepest


def story_excess(body: str) -> Excess | None:
    """The first place where the Markdown story nests deeper, or marks up more, than Markdown can take."""
    emphasis = brackets = html = 0
    for number, line in enumerate(body.split("\n"), 1):
        prefix = _PREFIX.match(line)[0]
        text = line[len(prefix):]
        if _RULE.match(line):
            emphasis = brackets = 0
            continue
        if _line_depth(prefix) > MAX_STORY_NESTING:
            return Excess(number, f"正文的列表、引用（>）或缩进嵌套超过 {MAX_STORY_NESTING} 层",
                          "请减少行首的缩进和 >、- 符号")
        html, deepest = _html_depth(line, html)
        if deepest > MAX_STORY_NESTING:
            return Excess(number, f"正文里的 HTML 标签嵌套超过 {MAX_STORY_NESTING} 层", "请删去这些 HTML 标签，只写文字和图片")
        if not text.strip() or re.search(r"[-*+\d]", prefix) or text.startswith("#"):
            emphasis = brackets = 0  # a new paragraph, list item or heading
        emphasis += text.count("*") + text.count("_")
        brackets += text.count("[")
        if emphasis > MAX_EMPHASIS_MARKS:
            return Excess(number, f"这一段的强调符号 * 和 _ 超过 {MAX_EMPHASIS_MARKS} 个",
                          "加粗只需在文字两边各写两个 *，如 **重点**；请删去多余的 * 和 _")
        if brackets > MAX_LINK_BRACKETS:
            return Excess(number, f"这一段的方括号 [ 超过 {MAX_LINK_BRACKETS} 个",
                          "英文方括号用于链接和图片，如 [文字](网址)；普通文字请改用中文方括号【】")
    return None
