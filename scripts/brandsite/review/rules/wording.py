"""Standard wording (规范表述) from TSV term lists; rewriters' artefacts are rewriter.py's job."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from ...findings import Finding
from . import Profile


@dataclass(frozen=True)
class Entry:
    wrong: str
    right: str
    source: str


def parse(text: str) -> list[Entry]:
    """One entry a line: wrong<TAB>right<TAB>source; '#' starts a comment."""
    entries = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")] + ["", ""]
        if cells[0] and cells[1]:
            entries.append(Entry(cells[0], cells[1], cells[2]))
    return entries


def load(extra: Path | None = None) -> list[Entry]:
    """The shipped list, extended by the school's own ``wording.tsv`` when it exists."""
    entries = parse(files("brandsite").joinpath("data/wording.tsv").read_text(encoding="utf-8"))
    if extra is not None and extra.is_file():
        entries += parse(extra.read_text(encoding="utf-8-sig"))
    return entries


class Matcher:
    """All wrong forms in one regular expression; a wrong form inside its right form is fine."""

    def __init__(self, entries: list[Entry]):
        self.by_wrong = {e.wrong: e for e in entries}
        self.wrong = re.compile("|".join(map(re.escape, sorted(self.by_wrong, key=len, reverse=True)))) \
            if entries else None
        self.right = {e.wrong: re.compile(re.escape(e.right)) for e in entries}

    def check(self, profile: Profile) -> list[Finding]:
        findings: list[Finding] = []
        if self.wrong is None:
            return findings
        for number, line in profile.prose():
            for match in self.wrong.finditer(line):
                entry = self.by_wrong[match.group()]
                if any(r.start() <= match.start() and match.end() <= r.end()
                       for r in self.right[entry.wrong].finditer(line)):
                    continue
                findings.append(profile.finding(number, "wording", f"“{entry.wrong}”不是规范表述",
                                                f"请写“{entry.right}”（依据：{entry.source}）"))
        return findings
