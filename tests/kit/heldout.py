"""The held-out set of the rewriter rule (tests/fixtures/rewriter_heldout.tsv) and how it is scored.

The first set was written without looking at the rule's data files, so its first score was the rule's
recall on artefacts it was never shown; the second was written after the tables grew, the third
before the rule drew swaps from the Cilin thesaurus (neither was used to tune anything). Shared by
tests/test_rewriter.py (floors) and benchmarks/bench_rewriter.py (the figures).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from brandsite.review.rules.rewriter import GAP, Hit

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "rewriter_heldout.tsv"  # written before looking
SECOND = HELDOUT.with_name("rewriter_heldout2.tsv")  # written after the tables grew, not used to grow them
THIRD = HELDOUT.with_name("rewriter_heldout3.tsv")  # written before the thesaurus, not used to tune it


@dataclass(frozen=True)
class Row:
    sentence: str
    artefact: str = ""  # the word the rewriter left; "" for a clean sentence
    original: str = ""  # the word it replaced
    expression: str = ""  # the fixed expression as official text writes it

    def at(self) -> int:
        """Where the artefact stands in the sentence."""
        part = next(p for p in self.expression.split(GAP) if self.original in p)
        offset = part.find(self.original)
        start = self.sentence.find(part[:offset] + self.artefact + part[offset + len(self.original):])
        if start < 0:
            raise ValueError(f"{self.sentence}: no “{self.expression}” with “{self.artefact}” in it")
        return start + offset


def rows(path: Path = HELDOUT) -> list[Row]:
    with path.open(encoding="utf-8") as handle:
        return [Row(*cells) for cells in csv.reader(handle, delimiter="\t")
                if cells and not cells[0].startswith("#")]


@dataclass
class Score:
    artefacts: int = 0
    found: int = 0  # artefact sentences flagged at the artefact
    sure: int = 0  # of those, flagged as 警告 rather than 提示
    clean: int = 0
    false_alarms: list[str] = field(default_factory=list)  # every flag not at an artefact
    missed: list[Row] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.artefacts


def score(hits: Callable[[str], list[Hit]], table: list[Row]) -> Score:
    out = Score()
    for row in table:
        found = hits(row.sentence)
        where = row.at() if row.artefact else -1
        at_artefact = [h for h in found if h.at < where + len(row.artefact) and where < h.at + len(h.variant.swapped)]
        out.false_alarms += [row.sentence[h.start:h.end] for h in found if h not in at_artefact]
        if not row.artefact:
            out.clean += 1
            continue
        out.artefacts += 1
        if at_artefact:
            out.found += 1
            out.sure += any(h.variant.level.value == "警告" for h in at_artefact)
        else:
            out.missed.append(row)
    return out
