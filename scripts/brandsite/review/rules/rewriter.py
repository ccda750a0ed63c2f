"""Artefacts of synonym-swapping rewriters ("伪原创"): a span one word swap away from a fixed expression.

Two data files drive it: ``data/fixed_expressions.tsv`` (固定提法 with their source) and
``data/swaps.tsv`` (the swaps such tools make, read in both directions). Every variant of every
expression that one swap makes goes into one Aho-Corasick automaton (pyahocorasick), so a line
is scanned once whatever the size of the lexicon. Nothing here rewrites text: only a person,
with the original document at hand, can tell an artefact from an intended word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import ahocorasick

from ...findings import Finding, Level
from . import Profile

GAP = "…"  # "按照…要求": up to MAX_GAP characters of the same clause between the parts
MAX_GAP = 30
_CLAUSE_END = re.compile(r"[。；！？!?;\n]")
MIN_VARIANT = 3  # two-character variants are ordinary words far too often
SURE_LENGTH = 7  # a variant this long is unambiguous whatever the swap
WEAK_LENGTH = 6  # a 把握弱 swap makes ordinary wording in short spans: "学校开展", "进一步增强"


@dataclass(frozen=True)
class Swap:
    original: str  # what official text writes
    replacement: str  # what a rewriter puts instead
    sure: bool  # 把握高: the replaced wording is rarely meant
    weak: bool  # 把握弱: both words are everyday in official prose; only long variants count
    alone: Level | None  # the replacement is suspect even outside any fixed expression


@dataclass(frozen=True)
class Variant:
    """A fixed expression with one word swapped: ``head`` is what the automaton finds."""

    head: str
    tail: str  # the part after the gap, "" for a contiguous expression
    source: str
    swapped: str  # the word the variant has
    meant: str  # the word the expression has
    level: Level
    offset: int = 0  # where ``swapped`` stands in the head, or in the tail when ``in_tail``
    in_tail: bool = False


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    variant: Variant

    @property
    def at(self) -> int:
        """Where the swapped word stands in the line."""
        v = self.variant
        return self.end - len(v.tail) + v.offset if v.in_tail else self.start + v.offset

    def original(self, line: str) -> str:
        """The span as the fixed expression writes it (the gap's words kept)."""
        return line[self.start:self.at] + self.variant.meant + line[self.at + len(self.variant.swapped):self.end]


def _rows(text: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("\t")] for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def parse_expressions(text: str) -> dict[str, str]:
    """expression<TAB>source, one a line; '#' starts a comment."""
    return {row[0]: (row + [""])[1] for row in _rows(text) if row[0]}


_ALONE = {"不报": None, "提示": Level.INFO, "警告": Level.WARNING}


def parse_swaps(text: str) -> list[Swap]:
    """original<TAB>replacement<TAB>高|低|弱<TAB>不报|提示|警告[<TAB>where seen]."""
    return [Swap(row[0], row[1], row[2] == "高", row[2] == "弱", _ALONE[row[3]]) for row in _rows(text)
            if len(row) >= 4 and row[0] and row[1] and row[3] in _ALONE]


def _level(swap: Swap, variant: str, gapped: bool) -> Level:
    sure = len(variant) >= SURE_LENGTH or (swap.sure and not gapped and len(variant) >= MIN_VARIANT + 1)
    return Level.WARNING if sure else Level.INFO


def variants(expressions: dict[str, str], swaps: list[Swap]) -> list[Variant]:
    """Every one-swap variant, in both directions of each swap, that is not itself correct wording."""
    plain = "\n".join(e.replace(GAP, "\n") for e in expressions)
    out = []
    for expression, source in expressions.items():
        head, _, tail = expression.partition(GAP)
        for swap in swaps:
            for meant, swapped in ((swap.original, swap.replacement), (swap.replacement, swap.original)):
                for in_tail, text in ((False, head), (True, tail)):
                    for at in _places(text, meant):
                        changed = text[:at] + swapped + text[at + len(meant):]
                        new_head, new_tail = (head, changed) if in_tail else (changed, tail)
                        whole = new_head + new_tail
                        if len(whole) < (WEAK_LENGTH if swap.weak else MIN_VARIANT) or changed in plain:
                            continue
                        out.append(Variant(new_head, new_tail, source, swapped, meant,
                                           _level(swap, whole, bool(tail)), at, in_tail))
    return out


def _places(text: str, word: str) -> list[int]:
    places, at = [], text.find(word)
    while at >= 0:
        places.append(at)
        at = text.find(word, at + 1)
    return places


class Detector:
    """All variants, the replacements suspect on their own and the correct expressions in one automaton."""

    def __init__(self, expressions: dict[str, str], swaps: list[Swap]):
        self.automaton = ahocorasick.Automaton()
        keyed: dict[str, tuple[list[Variant], bool]] = {}
        for variant in variants(expressions, swaps):
            keyed.setdefault(variant.head, ([], False))[0].append(variant)
        for swap in swaps:
            if swap.alone is not None:
                keyed.setdefault(swap.replacement, ([], False))[0].append(
                    Variant(swap.replacement, "", "", swap.replacement, swap.original, swap.alone))
        for expression in expressions:
            if GAP not in expression:
                keyed[expression] = (keyed.get(expression, ([], False))[0], True)
        for key, (found, correct) in keyed.items():
            self.automaton.add_word(key, (len(key), found, correct))
        self.automaton.make_automaton()

    def hits(self, line: str) -> list[Hit]:
        """The artefacts in one line: longest first where they overlap, none inside correct wording."""
        correct, found = [], []
        for last, (length, candidates, is_correct) in self.automaton.iter(line):
            start, end = last + 1 - length, last + 1
            if is_correct:
                correct.append((start, end))
            for variant in candidates:
                stop = _tail_end(line, end, variant.tail)
                if stop is not None:
                    found.append(Hit(start, stop, variant))
        found = [h for h in found  # the swapped word is part of correct wording: "学生生长发育"
                 if not any(s < h.at + len(h.variant.swapped) and h.at < e for s, e in correct)]
        found.sort(key=lambda h: (h.start - h.end, h.start))
        kept: list[Hit] = []
        for hit in found:
            if not any(k.start < hit.end and hit.start < k.end for k in kept):
                kept.append(hit)
        return sorted(kept, key=lambda h: h.start)

    def check(self, profile: Profile) -> list[Finding]:
        findings = []
        for number, line in profile.prose():
            seen = set()
            for hit in self.hits(line):
                span, original = line[hit.start:hit.end], hit.original(line)
                if span in seen:  # once a line: "分公司" four times is one thing to check
                    continue
                seen.add(span)
                where = f"（固定提法出处：{hit.variant.source}）" if hit.variant.source else ""
                findings.append(profile.finding(
                    number, "wording-artefact",
                    f"“{span}”像是改写工具替换近义词留下的痕迹，原文多半是“{original}”"
                    f"（“{hit.variant.meant}”被换成了“{hit.variant.swapped}”）",
                    f"请对照原始材料亲手改正，--fix 不会改动{where}", hit.variant.level))
        return findings


def _tail_end(line: str, end: int, tail: str) -> int | None:
    """Where a gapped expression's second part ends, or None when the clause lacks it."""
    if not tail:
        return end
    window = line[end:end + MAX_GAP + len(tail)]
    stop = _CLAUSE_END.search(window)
    at = window.find(tail, 0, stop.start() if stop else len(window))
    return None if at < 0 else end + at + len(tail)


def tables() -> tuple[dict[str, str], list[Swap]]:
    """The fixed expressions and the swaps as the package ships them."""
    data = files("brandsite").joinpath("data")
    return (parse_expressions(data.joinpath("fixed_expressions.tsv").read_text(encoding="utf-8")),
            parse_swaps(data.joinpath("swaps.tsv").read_text(encoding="utf-8")))


@cache
def detector() -> Detector:
    return Detector(*tables())


def check(profile: Profile) -> list[Finding]:
    return detector().check(profile)
