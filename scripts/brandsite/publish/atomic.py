"""Replace a file or a folder only when its new contents are complete: the one atomic writer.

A file (a gallery variant, the cache index, a print image, the brochure, the zip) is written under
a temporary name next to it and renamed over it: readers see the old file or the new one, never
half of one, and a write that fails removes its temporary file (a killed one leaves a hidden
``.<name>.<random>.tmp``, which nothing reads).

A build writes into a staging folder next to the target (same file system, so renames are atomic);
on success the old folder is renamed away, the new one renamed in, the old one deleted. A build
that fails, or is killed, never touches the target; its leftovers are cleared by the next build.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def written_atomically(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path`` for the caller to write (``im.save``, ``ZipFile``);
    it replaces ``path`` only if the block finishes, and is removed whatever stops it."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` so that ``path`` holds either its old contents or all of ``data``."""
    with written_atomically(path) as temporary:
        temporary.write_bytes(data)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def leftovers(target: Path, kind: str) -> list[tuple[Path, int]]:
    """(folder, pid) of earlier staging ("new") or retired ("old") folders of ``target``."""
    found = []
    for path in target.parent.glob(f".{target.name}.{kind}-*"):
        pid = path.name.rsplit("-", 1)[1]
        if pid.isdigit():
            found.append((path, int(pid)))
    return found


def recover(target: Path) -> None:
    """Clear what a killed build left: put back a retired folder if the target is missing, drop staging."""
    for path, pid in leftovers(target, "old"):
        if _alive(pid) and pid != os.getpid():
            continue
        if not target.exists():
            os.replace(path, target)
        else:
            shutil.rmtree(path)
    for path, pid in leftovers(target, "new"):
        if not _alive(pid) or pid == os.getpid():
            shutil.rmtree(path)


def swap(new: Path, target: Path) -> None:
    """Make ``new`` the ``target``: rename old away, rename new in, delete old."""
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old)


@contextmanager
def replaced_on_success(target: Path) -> Iterator[Path]:
    """Yield an empty staging folder; it becomes ``target`` only if the block finishes without error."""
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    staging = target.parent / f".{target.name}.new-{os.getpid()}"
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap(staging, target)
