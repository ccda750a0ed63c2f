"""The one date a build is made on, so two builds of the same sources are byte-identical.

SOURCE_DATE_EPOCH when set (https://reproducible-builds.org/specs/source-date-epoch/); otherwise the
time of the last git commit of the project; otherwise the newest date written in the profiles.
Never the clock: MkDocs would otherwise put today into sitemap.xml and sitemap.xml.gz.
"""

from __future__ import annotations

import calendar
import os
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..model import Brand, PartialDate


def from_git(root: Path) -> int | None:
    """Commit time of HEAD of the repository holding ``root``; None outside git or without commits."""
    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True,
                              text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    value = done.stdout.strip()
    return int(value) if done.returncode == 0 and value.isdigit() else None


def _epoch(date: PartialDate) -> int:
    return calendar.timegm((date.year, date.month or 1, date.day or 1, 0, 0, 0))


def from_profiles(brands: Iterable[Brand]) -> int:
    """Newest launch, milestone or honour date in the profiles; 0 when they hold none."""
    dates = []
    for brand in brands:
        dates += [brand.launched] if brand.launched else []
        dates += [m.date for m in brand.timeline]
        dates += [PartialDate(h.year) for h in brand.honors if h.year]
        dates += [PartialDate(f.year) for f in brand.figures if f.year]
    return max(map(_epoch, dates), default=0)


def source_date_epoch(root: Path, brands: Iterable[Brand], environ: Mapping[str, str] = os.environ) -> int:
    """Seconds since 1970 for this build, by the rule in the module docstring."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return int(value)
    commit = from_git(root)
    return commit if commit is not None else from_profiles(brands)
