"""Artefacts of synonym-swapping rewriters ("伪原创"): a span one word swap away from a fixed expression.

Two data files drive it: ``data/fixed_expressions.tsv`` (固定提法 with their source) and
``data/swaps.tsv`` (the swaps such tools make, read in both directions). Every variant of every
expression that one swap makes goes into one Aho-Corasick automaton (pyahocorasick), so a line
is scanned once whatever the size of the lexicon. Nothing here rewrites text: only a person,
with the original document at hand, can tell an artefact from an intended word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import ahocorasick

from ...findings import Finding, Level
from .. import thesaurus
from . import Profile

GAP = "…"  # "按照…要求": up to MAX_GAP characters of the same clause between the parts
MAX_GAP = 30
_CLAUSE_END = re.compile(r"[。；！？!?;\n]")
MIN_VARIANT = 3  # two-character variants are ordinary words far too often
SURE_LENGTH = 7  # a variant this long is unambiguous whatever the swap
WEAK_LENGTH = 6  # a 把握弱 swap makes ordinary wording in short spans: "学校开展", "进一步增强"
DERIVED_LENGTH = 5  # a thesaurus swap in a shorter span is too often ordinary wording: "党员名师"
MAX_GROUP = 30  # Cilin sets larger than this are loose
RARER = 0.8  # a thesaurus swap counts when the new word is at most this often as common as the old one


@dataclass(frozen=True)
class Swap:
    original: str  # what official text writes
    replacement: str  # what a rewriter puts instead
    sure: bool  # 把握高: the replaced wording is rarely meant
    weak: bool  # 把握弱: both words are everyday in official prose; only long variants count
    alone: Level | None  # the replacement is suspect even outside any fixed expression
    derived: bool = False  # from the thesaurus, not the hand table


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
    if swap.derived:  # on the seed reports its one hit is a false alarm ("名师队伍建设"): a hint unless long
        return Level.WARNING if len(variant) >= SURE_LENGTH and not gapped else Level.INFO
    sure = len(variant) >= SURE_LENGTH or (swap.sure and not gapped and len(variant) >= MIN_VARIANT + 1)
    return Level.WARNING if sure else Level.INFO


def derived_swaps(synonym_groups: Iterable[Sequence[str]], words: set[str], frequency: Mapping[str, int],
                  hand: Iterable[Swap] = ()) -> list[Swap]:
    """A swap for each thesaurus synonym of a word some fixed expression holds: same length, rarer.

    Both words have two characters or more and as many: a rewriter puts a word in a word's place
    (教职工 and 教育工作者 are two ways to speak, not a swap). Its pick is typically rarer than the
    word it replaces (包管 for 保证, 凸起 for 突出); a synonym as common as the original (促进 for 推进,
    目标 for 对象) is another normal way to say it. A pair the hand table has keeps the hand table's
    judgement, and a word it calls everyday (把握弱: 增强, 开展) is so in any swap ("进一步增强").
    """
    hand = list(hand)
    known = {pair for swap in hand for pair in ((swap.original, swap.replacement), (swap.replacement, swap.original))}
    everyday = {word for swap in hand if swap.weak for word in (swap.original, swap.replacement)}
    out = []
    for group in synonym_groups:
        if len(group) > MAX_GROUP:  # a loose set: its members are seldom interchangeable
            continue
        long = [w for w in group if len(w) >= 2]
        out += [Swap(word, other, False, other in everyday, None, derived=True)
                for word in long if word in words for other in long
                if len(other) == len(word) and other != word and (word, other) not in known
                and frequency.get(other, 0) < RARER * frequency.get(word, 0)]
    return out


@dataclass(frozen=True)
class Language:
    """What the thesaurus-derived swaps need to know of ordinary Chinese (thesaurus.py gives jieba's)."""

    phrases: Mapping[str, int]  # known words and phrases, > 0 when really used
    words_in: Callable[[str], Collection[tuple[int, str]]]  # (place, word) of the words of a text


NO_LANGUAGE = Language({}, lambda text: ())


def variants(expressions: dict[str, str], swaps: list[Swap], language: Language = NO_LANGUAGE) -> list[Variant]:
    """Every one-swap variant, in both directions of each hand-table swap, that is not itself correct wording.

    A thesaurus-derived swap goes one way (its reverse is another swap), replaces a whole word of
    the expression ("表现在" holds no "现在") and gives way to the hand table where both make the
    same variant.
    """
    correct = {part[start:end] for e in expressions for part in e.split(GAP)  # every piece of correct wording
               for start in range(len(part)) for end in range(start + 1, len(part) + 1)}
    by_word: dict[str, list[tuple[str, Swap]]] = {}
    for swap in sorted(swaps, key=lambda s: s.derived):
        by_word.setdefault(swap.original, []).append((swap.replacement, swap))
        if not swap.derived:
            by_word.setdefault(swap.replacement, []).append((swap.original, swap))
    longest = max(map(len, by_word), default=0)
    out: dict[tuple[str, str], Variant] = {}
    for expression, source in expressions.items():
        head, _, tail = expression.partition(GAP)
        for in_tail, text in ((False, head), (True, tail)):
            whole_words = language.words_in(text)
            for at, meant in _words(text, by_word, longest):
                for swapped, swap in by_word[meant]:
                    if swap.derived and (at, meant) not in whole_words:
                        continue
                    changed = text[:at] + swapped + text[at + len(meant):]
                    new_head, new_tail = (head, changed) if in_tail else (changed, tail)
                    whole = new_head + new_tail
                    shortest = WEAK_LENGTH if swap.weak else DERIVED_LENGTH if swap.derived else MIN_VARIANT
                    if (len(whole) < shortest or changed in correct or (new_head, new_tail) in out
                            or swap.derived and _phrase(changed, at, len(swapped), language.phrases)):
                        continue
                    out[new_head, new_tail] = Variant(new_head, new_tail, source, swapped, meant,
                                                      _level(swap, whole, bool(tail)), at, in_tail)
    return list(out.values())


def _phrase(text: str, at: int, length: int, phrases: Mapping[str, int]) -> bool:
    """Whether a known phrase of three characters or more holds the word at ``at`` and a neighbour: "师资队伍"."""
    return any(phrases.get(text[start:end], 0) > 0 for start in range(at + 1)
               for end in range(max(at + length, start + 3), len(text) + 1) if (start, end) != (at, at + length))


def _words(text: str, words: dict, longest: int) -> list[tuple[int, str]]:
    """Every (place, word) of ``text`` that is a key of ``words``."""
    return [(at, text[at:end]) for at in range(len(text))
            for end in range(at + 1, min(len(text), at + longest) + 1) if text[at:end] in words]


class Detector:
    """All variants, the replacements suspect on their own and the correct expressions in one automaton."""

    def __init__(self, expressions: dict[str, str], swaps: list[Swap], language: Language = NO_LANGUAGE):
        self.automaton = ahocorasick.Automaton()
        keyed: dict[str, tuple[list[Variant], bool]] = {}
        for variant in variants(expressions, swaps, language):
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


def build(expressions: dict[str, str], swaps: list[Swap]) -> Detector:
    """A detector for these tables, with the thesaurus's swaps when it is installed."""
    words = {e[at:end] for e in expressions for at in range(len(e)) for end in range(at + 2, at + 5)}
    groups = thesaurus.synonym_groups()
    if not groups:  # the thesaurus is not installed: the hand table alone
        return Detector(expressions, swaps)
    language = Language(thesaurus.frequencies(), thesaurus.words_in)
    return Detector(expressions, swaps + derived_swaps(groups, words, language.phrases, swaps), language)


@cache
def detector() -> Detector:
    return build(*tables())


def check(profile: Profile) -> list[Finding]:
    return detector().check(profile)
