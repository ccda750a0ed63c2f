"""A dated, byte-for-byte reproducible zip of the built site, for upload to a school CMS."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

from .atomic import written_atomically

NAME = "党建品牌展示站-{date}.zip"
ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can carry


def zip_name(epoch: int) -> str:
    """``党建品牌展示站-YYYYMMDD.zip`` for the build date (UTC)."""
    return NAME.format(date=time.strftime("%Y%m%d", time.gmtime(epoch)))


def entries(site_dir: Path) -> list[tuple[str, Path]]:
    """(name in the zip, file) for every file of the site, sorted; index.html sits at the top."""
    return sorted((p.relative_to(site_dir).as_posix(), p) for p in site_dir.rglob("*") if p.is_file())


def write_zip(site_dir: Path, target: Path, epoch: int) -> int:
    """Write ``target`` (atomically) with fixed times, modes and order; returns the entry count."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    files = entries(site_dir)
    with written_atomically(target) as partial, zipfile.ZipFile(partial, "w") as archive:
        for name, path in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the mode below is read everywhere
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return len(files)
