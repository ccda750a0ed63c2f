"""What the gallery build says on a terminal: a progress bar (TTY only) and a closing line."""

from __future__ import annotations

import sys
from typing import TextIO

from .build import Progress
from .manifest import BuildStats


def terminal_progress(stream: TextIO = sys.stderr, width: int = 30) -> Progress | None:
    """A progress callback drawing a bar on `stream`, or None when it is not a terminal (CI, logs)."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        filled = width * done // total
        end = "\n" if done == total else ""
        stream.write(f"\r相册 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        stream.flush()

    return show


def megabytes(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB"


def summary_line(stats: BuildStats) -> str:
    """E.g. 相册：新生成 3 张，取自缓存 92 张，失败 1 张；原图 212.4 MB → 网页图 18.1 MB，节省 194.3 MB"""
    saved = max(0, stats.source_bytes - stats.published_bytes)
    failed = f"，失败 {stats.failed} 张" if stats.failed else ""
    return (
        f"相册：新生成 {stats.made} 张，取自缓存 {stats.cached} 张{failed}；"
        f"原图 {megabytes(stats.source_bytes)} → 网页图 {megabytes(stats.published_bytes)}，"
        f"节省 {megabytes(saved)}"
    )
