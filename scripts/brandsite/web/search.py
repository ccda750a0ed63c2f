"""The search dictionary: words jieba must keep whole so Chinese search finds them."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from ..model import Brand


def party_terms() -> list[str]:
    """Party-building terms shipped with the project (data/terms.txt, one per line)."""
    text = files("brandsite").joinpath("data/terms.txt").read_text(encoding="utf-8")
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def brand_terms(brands: list[Brand]) -> list[str]:
    """Brand names, pillar names and tags, split at the separators people leave out when typing."""
    words: set[str] = set()
    for brand in brands:
        for name in (brand.title, *brand.tags, *(p.name for p in brand.pillars)):
            words.update(part for part in _parts(name) if len(part) >= 2)
    return sorted(words)


def _parts(name: str) -> list[str]:
    # "星支部·心服务" is typed as 星支部 or 心服务, and "党建+教学" as 党建 or 教学
    pieces = [name]
    for separator in "·・•+＋、/ ":
        pieces = [p for piece in pieces for p in piece.split(separator)]
    return [name, *(p.strip() for p in pieces)]


def user_dictionary(brands: list[Brand], extra: list[str]) -> list[str]:
    """Every term, longest first, without duplicates."""
    return sorted(set(party_terms()) | set(brand_terms(brands)) | {t.strip() for t in extra if t.strip()},
                  key=lambda t: (-len(t), t))


def term_parts(term: str) -> set[str]:
    """The shorter words inside a dictionary term: 生态 and 行动 inside 绿色生态成长行动."""
    import jieba

    return {part for part in jieba.cut_for_search(term, HMM=False) if len(part) >= 2 and part != term}


def add_term_parts(index: dict, dictionary: list[str]) -> dict:
    """Give every search entry a hidden ``parts`` field with the parts of the terms it contains.

    jieba keeps dictionary terms whole, and Material matches word prefixes only, so without
    this "生态" would not find "绿色生态". The field is indexed but never shown in results.
    One Aho-Corasick automaton finds every term of an entry in a single pass over its text, so
    the step grows with the index's length, not with terms × entries (10,000 brands: 50,000 terms).
    """
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for term in dictionary:
        if parts := term_parts(term):
            automaton.add_word(term, parts)
    if len(automaton):
        automaton.make_automaton()
    for entry in index.get("docs", []):
        text = (entry.get("title", "") + entry.get("text", "")).replace("\u200b", "")
        found = set().union(*(parts for _, parts in automaton.iter(text))) if text and len(automaton) else set()
        if found:
            entry["parts"] = " ".join(sorted(found))
    index.setdefault("config", {}).setdefault("fields", {})["parts"] = {"boost": 1.0}
    return index


def add_term_parts_to_index(path: Path, dictionary: list[str]) -> None:
    """``add_term_parts`` on the search index file MkDocs' search plugin wrote, kept as compact JSON."""
    index = add_term_parts(json.loads(path.read_text(encoding="utf-8")), dictionary)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def teach_jieba(dictionary: list[str], freq: int = 100_000) -> Callable[[], None]:
    """Add the terms to jieba's shared dictionary; returns the function that takes them out again.

    Material's search segments with jieba's one global tokenizer. Undoing after each build keeps
    a second build in the same process (mkdocs serve, tests) cutting exactly like a fresh one.
    """
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.dt
    tokenizer.check_initialized()
    total = tokenizer.total
    before: dict[str, int | None] = {}
    for term in dictionary:
        for end in range(1, len(term) + 1):  # add_word also records every prefix
            before.setdefault(term[:end], tokenizer.FREQ.get(term[:end]))
        tokenizer.add_word(term, freq=freq)

    def undo() -> None:
        for word, old in before.items():
            if old is None:
                tokenizer.FREQ.pop(word, None)
            else:
                tokenizer.FREQ[word] = old
        tokenizer.total = total

    return undo
