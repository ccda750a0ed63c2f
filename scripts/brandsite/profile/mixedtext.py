"""Find the paragraphs of a UTF-8 file that were pasted from a GBK ("ANSI") document, and repair them.

Pure functions over bytes. A line that is not valid UTF-8 is split into characters read as UTF-8
and characters read as GB18030, choosing the split that reads most like Chinese text: GBK bytes
can happen to form valid UTF-8 (学校 in GBK reads as Cyrillic ѧУ), and UTF-8 bytes read as GBK
give rare characters (鐑涚儧), so each reading is scored by how common its characters are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

_RARE_HANZI = re.compile("[\u3400-\u4dbf\u9fa6-\u9fff\U00020000-\U0003134f]")
_SWITCH = 3.0  # cost of changing encoding inside a line: a paste is one run, not alternating characters
_EXCERPT = 16  # characters of a foreign run shown to the teacher


@cache
def _score(char: str) -> float:
    """How much ``char`` looks like Chinese text: common hanzi and punctuation 2, other hanzi 0.5, else below 0."""
    if char.isascii():
        return 0.0
    try:
        lead, trail = char.encode("gbk")
    except (UnicodeEncodeError, ValueError):
        if _RARE_HANZI.match(char):  # 㐀, 𠀀: hanzi GBK lacks, four bytes in GB18030 (rare names of people and places)
            return 0.5
        return -1.0 if ord(char) < 0xA0 else 0.0  # control characters; else what only UTF-8 has (no-break space, emoji)
    if trail >= 0xA1 and (0xB0 <= lead <= 0xD7 or 0xA1 <= lead <= 0xA3):  # GB2312 level 1, punctuation
        return 2.0
    if lead >= 0xB0 or lead < 0xA1 or trail < 0xA1:  # GB2312 level 2 and GBK's added hanzi
        return 0.5
    return -0.5  # kana, Greek, Cyrillic, pinyin, box drawing: what other encodings read as GBK give


def _weight(char: str, gbk: bool, length: int) -> float:
    """The score of reading ``length`` bytes as ``char``: per byte, so that a UTF-8 hanzi (3 bytes) and
    a GBK one (2) weigh alike. Two UTF-8 bytes (Latin, Greek, Cyrillic, "·") weigh little: in a line
    with GBK in it, such bytes are far more often a GBK hanzi (路 is C2 B7, UTF-8 for "·")."""
    score = _score(char)
    return (min(score, 0.25) if length == 2 and not gbk else score) * length


def _utf8_char(line: bytes, at: int) -> str | None:
    lead = line[at]
    size = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0
    try:
        return line[at:at + size].decode("utf-8") if size and at + size <= len(line) else None
    except UnicodeDecodeError:
        return None


def _gb_char(line: bytes, at: int) -> str | None:
    for size in (2, 4):
        try:
            char = line[at:at + size].decode("gb18030") if at + size <= len(line) else ""
        except UnicodeDecodeError:
            continue
        if len(char) == 1:
            return char
    return None


def _readings(line: bytes) -> list[tuple[int, bool, str]] | None:
    """The best split of ``line`` into (byte offset, read as GB18030, character); None when no split reads it."""
    size = len(line)
    # best[i][g]: (score, previous offset, previous g, char) of the best reading of line[:i] ending in encoding g
    best: list[list[tuple[float, int, int, str] | None]] = [[None, None] for _ in range(size + 1)]
    best[0][0] = (0.0, -1, 0, "")
    for at in range(size):
        for was in (0, 1):
            if best[at][was] is None:
                continue
            score = best[at][was][0]
            if line[at] < 0x80:
                steps = [(was, chr(line[at]), 1)]
            else:
                steps = [(g, char, len(char.encode("gb18030" if g else "utf-8")))
                         for g, char in ((0, _utf8_char(line, at)), (1, _gb_char(line, at))) if char]
            for g, char, length in steps:
                total = score + _weight(char, g, length) - (_SWITCH if g != was and line[at] >= 0x80 else 0)
                slot = best[at + length][g]
                if slot is None or total > slot[0]:
                    best[at + length][g] = (total, at, was, char)
    ends = [(slot[0], g) for g, slot in enumerate(best[size]) if slot]
    if not ends:
        return None
    out, at, g = [], size, max(ends)[1]
    while at > 0:
        _, previous, was, char = best[at][g]
        out.append((previous, bool(g) and ord(char) > 0x7F, char))
        at, g = previous, was
    return out[::-1]


@dataclass(frozen=True)
class Run:
    """A stretch of one line that is not UTF-8."""

    line: int  # 1-based
    start: int  # byte offsets in the file
    end: int
    reading: str  # how it reads as GB18030, "\ufffd" where it cannot
    chinese: bool  # the reading is Chinese text, so it can be written back as UTF-8

    @property
    def excerpt(self) -> str:
        """The start of the reading, for a message."""
        text = self.reading.strip()
        return text if len(text) <= _EXCERPT else text[:_EXCERPT] + "…"


def _looks_chinese(text: str) -> bool:
    """Hanzi and Chinese punctuation only, half of them common: not Big5 or Latin-1 read as GBK."""
    scores = [_score(c) for c in text if not c.isascii()]
    return bool(scores) and min(scores) > 0 and sum(s == 2 for s in scores) * 2 >= len(scores)


def _runs_of_line(number: int, offset: int, line: bytes, readings: list[tuple[int, bool, str]]) -> list[Run]:
    runs: list[list[int]] = []  # [first, last] reading index of each GB18030 run, ASCII between joined
    for index, (_, foreign, char) in enumerate(readings):
        if foreign:
            if runs and all(c.isascii() for _, _, c in readings[runs[-1][1] + 1:index]):
                runs[-1][1] = index
            else:
                runs.append([index, index])
    ends = [at for at, _, _ in readings[1:]] + [len(line)]
    found = []
    for first, last in runs:
        text = "".join(c for _, _, c in readings[first:last + 1])
        found.append(Run(number, offset + readings[first][0], offset + ends[last], text, _looks_chinese(text)))
    return found


def foreign_runs(raw: bytes) -> list[Run] | None:
    """The stretches of ``raw`` that are not UTF-8, line by line, in file order; None when nothing in
    ``raw`` but ASCII reads better as UTF-8 than as GB18030: a GBK file, in which a few lines may
    happen to be valid UTF-8 (学校 in GBK is valid UTF-8 for ѧУ)."""
    runs, offset, utf8 = [], 0, False
    for number, line in enumerate(raw.split(b"\n"), 1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            readings = _readings(line)
            if readings is None:  # bytes neither encoding reads (Latin-1, a broken copy): the whole line
                runs.append(Run(number, offset, offset + len(line), line.decode("gb18030", "replace"), False))
                utf8 = utf8 or any(_score(c) > 0 for c in line.decode("utf-8", "ignore"))
            else:
                runs += _runs_of_line(number, offset, line, readings)
                utf8 = utf8 or any(not foreign and not c.isascii() for _, foreign, c in readings)
        else:
            utf8 = utf8 or sum(map(_score, text)) > sum(map(_score, line.decode("gb18030", "replace")))
        offset += len(line) + 1
    return runs if utf8 else None


def repaired(raw: bytes, runs: list[Run]) -> bytes:
    """``raw`` with every run written in UTF-8; the runs must all read as Chinese text."""
    out, at = [], 0
    for run in runs:
        assert run.chinese
        out += [raw[at:run.start], run.reading.encode("utf-8")]
        at = run.end
    return b"".join(out) + raw[at:]
