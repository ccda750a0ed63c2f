"""Build a real site in a temporary folder, as mkdocs' own build tests do, and keep its log."""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

from kit import ROOT  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "brands")


@dataclass
class Built:
    project: Path
    site: Path
    warnings: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)

    def html(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def copy_project(target: Path, brands: bool = True) -> Path:
    """A copy of the example project; without brands/ when the test brings its own."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if part == "brands" and not brands:
            (target / "brands").mkdir(exist_ok=True)
        elif source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy(source, target / part)
    return target


def build_site(project: Path, strict: bool = False, command: str = "build", **overrides) -> Built:
    """Run a real ``mkdocs build`` of ``project``; raises what MkDocs raises.

    ``command="serve"`` builds as each rebuild of ``mkdocs serve`` does.
    """
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=strict, **overrides)
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config.plugins.on_startup(command=command, dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)
    built = Built(project, Path(config.site_dir))
    built.warnings = [r.getMessage() for r in handler.records if r.levelno >= logging.WARNING]
    built.infos = [r.getMessage() for r in handler.records if r.levelno == logging.INFO]
    return built
