"""Safe YAML for front matter written by hand: located nodes, teacher mistakes, Chinese errors.

PyYAML is used only to scan, parse and compose (never to construct Python objects from
tags), so no tag can run code, an alias bomb is refused before anything expands, and every
value keeps the line it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable
from dataclasses import dataclass

import yaml

from ..findings import Finding, Level
from . import ime, quotes
from .fields import normalized
from .textfile import LINE_BREAKS, WIDE_SPACES, ZERO_WIDTH, char_name


@dataclass(frozen=True)
class Fix:
    """A mistake the loader corrected, to be reported at its line."""

    line: int  # 1-based line inside the YAML text
    message: str
    hint: str
    level: Level = Level.WARNING


_SAFE_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}

_ZW = "".join(ZERO_WIDTH)
_WIDE = "".join(WIDE_SPACES)
# A line of the field area: indentation, a list marker, then the rest (a key and value, or a value).
_LEAD = re.compile(rf"^(?P<indent>[ {_WIDE}{_ZW}]*)(?P<marker>(?:-[\s{_ZW}]+)?)(?P<rest>.*)$")
_BLANK = re.compile(rf"[\s{_ZW}]*")
_DROPPED_HINT = "这种字符多半是从微信、网页或 Word 复制时带进来的，删掉它再保存，这条提示就不会再出现"
_SPACE_HINT = "Word 和一些输入法会换成这种空格：请在英文输入法下重新打这个空格"


class _Seen:
    """The invisible characters found on one line, where they were and what was done: one message for the line."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.hints: list[str] = []

    def note(self, place: str, found: str, spaces: str, keep: str = "") -> str:
        """Report the invisible characters of ``found`` that are not in ``keep``; return ``found`` with those
        dropped when zero-width and turned into ``spaces`` (a plain space, or nothing) when spaces."""
        for char in dict.fromkeys(c for c in found if c in ZERO_WIDTH):
            count = found.count(char)
            self.parts.append(f"{place}有{'一' if count == 1 else f' {count} '}个看不见的{char_name(char)}，已删去")
            self.hints.append(_DROPPED_HINT)
        for char in dict.fromkeys(c for c in found if c in WIDE_SPACES and c not in keep):
            self.parts.append(f"{place}的空格是{char_name(char)}，{'已按半角空格处理' if spaces else '已删去'}")
            self.hints.append(_SPACE_HINT)
        return "".join(spaces if c in WIDE_SPACES and c not in keep else c for c in found if c not in ZERO_WIDTH)

    def breaks(self, line: str) -> str:
        """``line`` without the characters YAML takes for a line break and an editor does not show (U+2028 from a
        web page, U+0085 where a Windows "…" was misread), reported."""
        for char in dict.fromkeys(c for c in line if c in LINE_BREAKS):
            count = line.count(char)
            self.parts.append(f"这一行有{'一' if count == 1 else f' {count} '}个看不见的{char_name(char)}，"
                              "字段区会把它当成换行，已删去")
            self.hints.append(_DROPPED_HINT)
        return "".join(c for c in line if c not in LINE_BREAKS)


def _rstrip_blank(text: str) -> str:
    """``text`` without the spaces and zero-width characters at its end (a loop: a regex would be quadratic
    on a long run of spaces)."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in ZERO_WIDTH):
        end -= 1
    return text[:end]


_HANZI = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"  # and Chinese punctuation, full-width forms
# Zero-width characters beside a hanzi: a WeChat copy's, never an emoji's joiner (👩‍🏫 keeps its U+200D)
_BESIDE_HANZI = re.compile(f"(?<=[{_HANZI}])[{_ZW}]+|[{_ZW}]+(?=[{_HANZI}])")


def _value(seen: _Seen, value: str) -> str:
    """``value`` without zero-width characters at its ends (inside its quotes too) and beside its hanzi; visible
    text unchanged."""
    stripped = value.rstrip()
    opening = stripped[:1] if stripped[:1] in "\"'" else ""
    closing = stripped[-1:] if len(stripped) > len(opening) and stripped[-1:] in "\"'" else ""
    inner = stripped[len(opening):len(stripped) - len(closing)]
    text = inner.lstrip(_ZW)
    head = inner[:len(inner) - len(text)]
    tail = text[len(text.rstrip(_ZW)):]
    text = text[:len(text) - len(tail)]
    head = seen.note("值的开头", head, "")
    if middle := "".join(_BESIDE_HANZI.findall(text)):
        seen.note("值的中间", middle, "")
        text = _BESIDE_HANZI.sub("", text)
    return opening + head + text + seen.note("值的末尾", tail, "") + closing + value[len(stripped):]


def _invisible(line: str, keys: set[str]) -> tuple[str, _Seen]:
    """``line`` with the invisible characters of its field area taken out: in the indentation and list
    marker, in and after a known key and after its colon, and at the ends of the value. Full-width spaces
    in the indentation and after the colon are left for ``normalise``, which has its own messages for them."""
    seen = _Seen()
    line = seen.breaks(line)
    lead = _LEAD.match(line)
    indent = seen.note("行首", lead["indent"], " ", keep="\u3000")
    marker = seen.note("“-”后面", lead["marker"], " ")
    rest = lead["rest"]
    colon = re.search(f"[:{_WIDE_COLONS}]", rest)
    written = _rstrip_blank(rest[:colon.start()]) if colon else ""
    key = "".join(c for c in written if c not in ZERO_WIDTH)
    if not colon or normalized(key) not in keys:
        return indent + marker + _value(seen, rest), seen
    seen.note(f"键“{key}”里", written, " ")
    gap = seen.note(f"键“{key}”后面", rest[len(written):colon.start()], "")
    value = rest[colon.end():]
    blank = _BLANK.match(value)[0]
    after = seen.note("冒号后面", blank, " ", keep="\u3000")
    key = unicodedata.normalize("NFKC", key)  # ｔｉｔｌｅ typed in full-width mode: the key it is
    return indent + marker + key + gap + colon[0] + after + _value(seen, value[len(blank):]), seen


_WIDE_COLONS = "：﹕︰∶"  # full-width, small, vertical and ratio colons, as IMEs, Word and PDFs give them
# "title（品牌名称）:" as a message or the README names a field: the key, its label, what follows
_LABELLED = re.compile(rf"^(?P<lead>[ \u3000]*(?:-\s+)?)(?P<key>[^\s:：（(]+)[ \u3000]*(?P<label>[（(][^（）()\n]{{1,20}}[)）])"
                       rf"(?P<rest>[ \u3000]*[:{_WIDE_COLONS}].*)$")
_BLOCK_START = re.compile(r"^(?P<indent> *)(?:- +)?[^\s#][^:]*:[ \t]+[|>][-+0-9]*[ \t]*$")


def _in_block(line: str, block: int | None) -> bool:
    """True when ``line`` is in the block text of a key indented ``block`` spaces (None: no block is open)."""
    return block is not None and (not line.strip() or len(line) - len(line.lstrip(" ")) > block)


def _block(line: str, block: int | None) -> int | None:
    """The indentation of the key whose block text (after | or >) ``line`` starts or is in; None outside one."""
    if _in_block(line, block):
        return block
    start = _BLOCK_START.match(line)
    return len(start["indent"]) if start else None


_BLOCK_TEXT = re.compile(r"^[|>][-+0-9]*(?:\s+#.*)?$")  # summary: | starts a block of text
_ANCHOR = re.compile(r"^[&*][A-Za-z0-9_-]+(?:\s|$)")  # &name or *name: refused later, never taken as text
_TAG = re.compile(r"^![!A-Za-z<]")  # !!python/…: refused later


def _misread(value: str) -> str:
    """What YAML would make of a value that starts with one of its symbols, where a teacher meant text
    (#党建引领#, *重点*, @全体党员, `党建`); "" when it reads as written or is YAML on purpose."""
    first = value[0]
    if first == "#":  # "# …" with a space is a comment on purpose
        return "字段区会把 # 后面的内容当成注释丢掉" if value[1:2].strip() else ""
    if first in "@`%" or (first in "|>" and not _BLOCK_TEXT.match(value)) \
            or (first in "&*" and not _ANCHOR.match(value)) or (first == "!" and not _TAG.match(value)):
        return f"字段区会把 {first} 当成特殊符号而读不出这一行"
    return ""


_HASHTAG = re.compile(r"[ \t]#[^\s#]{1,12}#?")  # 口号 #党建引领#: a topic as WeChat writes it; "# …" is a comment
_EMPHASIS = re.compile(r"^(\*{1,3}|_{1,3})(?P<inner>[^*_\s].*?)\1$")  # **党建引领**, typed as in the story


def _as_text(lead: str, key: str, value: str) -> tuple[str, list[tuple[str, str]]]:
    """The line ``lead key: value`` with its value quoted when YAML would misread it or the teacher wrapped it in
    Markdown emphasis (taken off: a field is never bold), and (message, hint) for each change."""
    found = []
    if emphasis := _EMPHASIS.match(value):
        value = emphasis["inner"]
        found.append((f"“{key}”的值两边的 {emphasis[1]} 是正文里加粗、倾斜用的符号，字段里不起作用，已去掉",
                      "字段里只写文字；要加粗请写在正文里"))
    if problem := _misread(value):
        found.append((f"“{key}”的值以 {value[0]} 开头，{problem}，已按文字处理", f'请给值加上英文引号，如 {key}: "{value}"'))
    elif value[0] not in "\"'[{" and (tag := _HASHTAG.search(value)):
        found.append((f"“{key}”的值里有“{tag[0].strip()}”，字段区会把 # 和后面的文字当成注释丢掉，已按文字处理",
                      f'请给值加上英文引号，如 {key}: "{value}"；是注释就在 # 后面空一格'))
    if not found:
        return f"{lead}{key}: {value}", found
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{lead}{key}: "{quoted}"', found


def normalise(text: str, known_keys: Iterable[str], list_keys: Container[str]) -> tuple[str, list[Fix]]:
    """Undo the mistakes Chinese input methods, WeChat and Word make in YAML, line by line.

    Only lines whose key is a known field get their key and colon touched, so a value that
    happens to contain "：" is never turned into a key; only lines under a key of ``list_keys``
    or a list item are read as numbered list items.
    """
    known = set(known_keys)
    keys = "|".join(sorted((re.escape(k) for k in known), key=len, reverse=True))
    # keys as Word writes them too: "Title" at the start of a line
    fullwidth_colon = re.compile(rf"^(\s*(?:-\s+)?)({keys})\s*([{_WIDE_COLONS}])[\s\u3000]*(.*)$", re.IGNORECASE)
    doubled_colon = re.compile(rf"^(\s*(?:-\s+)?)({keys})\s*[:{_WIDE_COLONS}]\s*[:{_WIDE_COLONS}][\s\u3000]*(.*)$",
                               re.IGNORECASE)
    tight_colon = re.compile(rf"^(\s*(?:-\s+)?)({keys}):(?:[\u3000\t]+|(?=[^\s/]))(.*)$", re.IGNORECASE)
    valued = re.compile(rf"^(\s*(?:-\s+)?)({keys}): +(\S.*?)\s*$", re.IGNORECASE)
    fixes: list[Fix] = []
    lines = text.split("\n")
    block: int | None = None  # indentation of the key whose block text (| or >) the lines are in
    for number, line in enumerate(lines, 1):
        line, seen = _invisible(line, known)
        if seen.parts:
            fixes.append(Fix(number, "；".join(seen.parts), "；".join(dict.fromkeys(seen.hints)), Level.INFO))
        inside = _in_block(line, block)  # a line of block text (after | or >): text, whatever it looks like
        block = _block(line, block)
        if not inside and (labelled := _LABELLED.match(line)) and normalized(labelled["key"]) in known:
            line = labelled["lead"] + labelled["key"] + labelled["rest"]
            fixes.append(Fix(number, f"字段名“{labelled['key']}{labelled['label']}”里的“{labelled['label']}”是说明，不用写，"
                                     f"已按 {labelled['key']} 处理", f"字段名只写 {labelled['key']}，如 {labelled['key']}: …"))
        lines[number - 1] = line
        if not inside and (item := ime.yaml_item(lines, number - 1, list_keys)):
            line = item.text
            fixes.append(Fix(number, item.message, item.hint, item.level))
        indent = re.match(r"^[ \u3000]*", line).group(0)
        if "\u3000" in indent:
            line = indent.replace("\u3000", " ") + line[len(indent):]
            fixes.append(Fix(number, "行首用了全角空格缩进，已按半角空格处理",
                             "请用半角空格缩进（切换到英文输入法再按空格）"))
        if inside:
            pass
        elif match := doubled_colon.match(line):
            line = f"{match[1]}{match[2]}: {match[3]}"
            fixes.append(Fix(number, f"“{match[2]}”后面有两个冒号，已按一个处理", f"冒号只写一个，如 {match[2]}: …"))
        elif match := fullwidth_colon.match(line):
            line = f"{match[1]}{match[2]}: {match[4]}"
            fixes.append(Fix(number, f"“{match[2]}”后面用了中文冒号“{match[3]}”，已按英文冒号处理",
                             f"请使用英文冒号 : 并在其后加空格，如 {match[2]}: …"))
        elif match := tight_colon.match(line):
            line = f"{match[1]}{match[2]}: {match[3]}"
            fixes.append(Fix(number, f"“{match[2]}:”后面缺少半角空格，已自动补上",
                             f"冒号后要加一个空格（不能是全角空格或 Tab），如 {match[2]}: …"))
        if not inside and (match := valued.match(line)):
            line, found = _as_text(match[1], match[2], match[3])
            fixes += [Fix(number, message, hint) for message, hint in found]
        lines[number - 1] = line
    return "\n".join(lines), fixes


_KEYED = re.compile(r"^( *(?:- +)?)([^\s#:][^:]*):(?: |$)")  # a "key: value" or "key:" line: (lead, key)


def _explain(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str, str]:
    """Turn a PyYAML error into (line, message, hint) a teacher can act on."""
    problem = error.problem or ""
    context = error.context or ""
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "'\\t'" in problem or "\\t" in problem:
        return line, "这一行有 Tab 字符", "请用空格代替 Tab（缩进用两个空格）"
    if "escape" in problem:
        return line, "双引号里的反斜杠 \\ 被当成了转义符", \
            "照片请放进 photos 文件夹并写相对路径，如 photos/封面.jpg；路径里用 / 而不是 \\"
    if "quoted scalar" in context and error.context_mark:
        line = error.context_mark.line + 1
        return line, "引号没有配对：这一行开了引号却没有关上", "请在这个值的末尾补上同样的引号，或者去掉引号"
    if "mapping values are not allowed" in problem:
        key, _, value = text.partition(": ")
        if ": " in value:
            if ime.unquoted(value.strip()) != value.strip():
                return line, f"这一行的值里又出现了“: ”，中文引号 {value.strip()[0]}{value.strip()[-1]} 包不住它", \
                    f'请把中文引号换成英文引号，如 {key.strip()}: "{ime.unquoted(value.strip())}"'
            return line, "这一行的值里又出现了“: ”", '请给整个值加上英文引号，如 slogan: "学习: 永远在路上"，或改用中文冒号“：”'
        previous = lines[line - 2] if line >= 2 else ""
        above = _KEYED.match(previous)
        if above and len(text) - len(text.lstrip(" ")) > len(above[1]):
            return line, "这一行比上一行缩进得多，被当成了上一行的值的接续", \
                f"同一项里的字段要对齐：“{text.strip().split(':')[0]}”前面的空格要和上一行的“{above[2]}”一样多"
        return max(line - 1, 1), f"上一行“{previous.strip()}”不是“键: 值”的格式", "冒号后要加一个空格"
    if "could not find expected ':'" in problem:
        if error.context_mark:
            line = error.context_mark.line + 1
            text = lines[line - 1] if 0 < line <= len(lines) else ""
        previous = (lines[line - 2] if line >= 2 else "").strip()
        if previous.endswith(":"):
            return line, f"这一行没有英文冒号：它是不是上一行“{previous}”的值？", \
                f"值要和字段名写在同一行，如 {previous} {text.strip()}"
        if _KEYED.match(previous):
            return line, "这一行没有英文冒号，像是接着上一行写的", \
                "接着上一行的内容请接到上一行末尾，或在行首空两格；新的字段写成“键: 值”"
        return line, "这一行缺少英文冒号", "每个字段写成“键: 值”，冒号用英文冒号并在后面加空格"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return line, "这一行的缩进和上下文对不齐", "同一级的内容要用同样多的空格缩进；列表项以“- ”开头"
    return line, f"YAML 格式错误（{problem or context}）", "请对照 brands/README.md 里的示例检查这一行"


# libyaml when installed: the same events and marks, several times faster. A file with a YAML
# error is read again by the pure-Python loader, so the messages explained above stay the same.
_FAST = getattr(yaml, "CSafeLoader", None)

# Real profiles nest 3 deep (gallery, an entry, its fields) and put brackets 1 deep (tags: [a, b]).
# Composing recurses once per level: libyaml's composer crashed the whole process on 30,000 "["
# (a segmentation fault, no message), PyYAML's raises RecursionError below 1,000.
MAX_NESTING = 20
_OPEN = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken,
         yaml.FlowSequenceStartToken)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def too_deep(text: str) -> int | None:
    """The 1-based line where nesting passes MAX_NESTING, or None.

    Only scans (scanning does not recurse) and stops at that line, so a hostile file costs
    no more than its first levels.
    """
    depth = 0
    try:
        for token in yaml.scan(text, Loader=_FAST or yaml.SafeLoader):
            if isinstance(token, _OPEN):
                depth += 1
                if depth > MAX_NESTING:
                    return token.start_mark.line + 1
            elif isinstance(token, _CLOSE):
                depth -= 1
    except yaml.YAMLError:
        return None  # not deep where it stopped; compose() explains the error
    return None


def compose(text: str, path: str, offset: int, keys: Container[str] = ()) -> tuple[yaml.Node | None, list[Finding]]:
    """Parse YAML into a node tree; file line = YAML line + offset.

    Refuses deep nesting, anchors, aliases and non-standard tags before building anything. A quote or
    bracket left open over the line of a field in ``keys`` is reported at its own line.
    """

    def error(line: int, message: str, hint: str) -> Finding:
        return Finding(path, line + offset, Level.ERROR, message, hint)

    if deep := too_deep(text):
        return None, [error(deep, f"字段区的括号或缩进嵌套超过 {MAX_NESTING} 层",
                            "请检查这一行是否多打了 [、{ 或“- ”；档案的字段最多嵌套三层")]
    if unclosed := quotes.unclosed(text, keys):
        return None, [error(unclosed.line, unclosed.message, unclosed.hint)]

    def checked(loader) -> tuple[yaml.Node | None, list[Finding]]:
        for event in yaml.parse(text, Loader=loader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return None, [error(line, "档案里用了 YAML 的 & 锚点或 * 引用", "请把内容直接写出来，不要用 & 和 *")]
            tag = getattr(event, "tag", None)
            if tag and tag != "!" and tag not in _SAFE_TAGS:
                return None, [error(line, f"不支持 YAML 标签 {tag}", "请删掉以 ! 开头的标签，只写普通文字")]
        return yaml.compose(text, Loader=loader), []

    def explained() -> tuple[yaml.Node | None, list[Finding]]:
        try:
            return checked(yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            line, message, hint = _explain(exc, text.split("\n"))
            return None, [error(line, message, hint)]
        except yaml.YAMLError as exc:
            return None, [error(1, f"YAML 格式错误（{exc}）", "请对照 brands/README.md 里的示例检查")]

    if _FAST is None:
        return explained()
    try:
        return checked(_FAST)
    except yaml.YAMLError:
        return explained()


def line_of(node: yaml.Node) -> int:
    """1-based line inside the YAML text."""
    return node.start_mark.line + 1


def scalar(node: yaml.Node) -> object:
    """The Python value of a scalar node: str, int, float, bool or None (dates stay text)."""
    tag = node.tag.rsplit(":", 1)[-1]
    raw = node.value
    if tag == "null":
        return None
    if tag == "bool":
        return raw.lower() in ("true", "yes", "on", "y")
    if tag == "int":
        try:
            return int(raw.replace("_", ""), 0)
        except ValueError:
            return raw
    if tag == "float":
        try:
            return float(raw.replace("_", ""))
        except ValueError:
            return raw
    return raw
