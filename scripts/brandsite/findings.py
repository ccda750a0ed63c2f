"""One shape for every message a teacher reads: ``file:line: 错误: what — what to do``."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Level(str, Enum):
    """How bad a finding is; the value is the word shown to the teacher."""

    ERROR = "错误"  # stops the build
    WARNING = "警告"  # fails `mkdocs build --strict`
    INFO = "提示"


@dataclass(frozen=True)
class Finding:
    """A problem in a brand's files, located so a teacher can find it."""

    path: str  # relative to the project root, with forward slashes
    line: int | None  # 1-based; None when the finding is about a whole file or a photo
    level: Level
    message: str
    hint: str = ""
    rule: str = "schema"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.level.value}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR


class FindingsError(Exception):
    """Raised with every fatal finding at once, never one at a time; the command line prints them and exits 1."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("\n".join(str(f) for f in findings))


def print_findings(findings: Iterable[Finding]) -> None:
    """Each finding on its own line on standard error: standard output is the command's result."""
    for finding in findings:
        print(finding, file=sys.stderr)
