"""A build that fails or is killed leaves the previous site/ (and the cache) as it was; so does a
file write that fails midway, for every writer (gallery, brochure, print images, zip)."""

from __future__ import annotations

import os
import resource
import signal
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image

from brandsite.brochure.photos import Box, fit_to_box
from brandsite.brochure.render import BrochureOptions, keep_for_site
from brandsite.publish import atomic
from brandsite.publish.deploy import site_sums as digests
from brandsite.publish.package import write_zip
from kit.cli import start_brandsite as brandsite
from sitebuild import copy_project


@pytest.fixture
def built_project(tmp_path) -> tuple[Path, dict[str, str]]:
    project = copy_project(tmp_path / "project")
    done = brandsite(project, "build", "--strict")
    output = done.communicate(timeout=300)[0]
    assert done.returncode == 0, output
    (project / ".cache").mkdir(exist_ok=True)
    (project / ".cache" / "kept.txt").write_text("cache", encoding="utf-8")
    return project, digests(project / "site") | {".cache": digests(project / ".cache")["kept.txt"]}


def state(project: Path) -> dict[str, str]:
    return digests(project / "site") | {".cache": digests(project / ".cache")["kept.txt"]}


def test_a_killed_build_leaves_the_old_site_whole(built_project):
    project, before = built_project
    (project / "docs" / "about.md").write_text("# 关于\n\n改过的内容\n", encoding="utf-8")
    build = brandsite(project, "build", "--strict")
    staging = project / f".site.new-{build.pid}"
    deadline = time.monotonic() + 120
    while not (staging.is_dir() and any(staging.rglob("*.html"))):  # it has started writing pages
        assert build.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.005)  # polling: the build is another process, with no event to wait on
    written = sum(1 for _ in staging.rglob("*"))
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=30)
    assert written > 0
    assert state(project) == before
    # The next build clears what the killed one left and publishes the change.
    done = brandsite(project, "build", "--strict")
    assert done.wait(timeout=300) == 0
    assert not list(project.glob(".site.*"))
    assert "改过的内容" in (project / "site" / "about.html").read_text(encoding="utf-8")


def test_a_failed_build_leaves_the_old_site_whole(built_project):
    project, before = built_project
    profile = project / "brands" / "wuse-xingdong" / "index.md"
    profile.write_text(profile.read_text(encoding="utf-8").replace("slogan:", "slogan_removed:", 1), encoding="utf-8")
    done = brandsite(project, "build", "--strict")
    output = done.communicate(timeout=300)[0]
    assert done.returncode == 1
    assert "错误: 网站没有生成，上一次的网站保持不变" in output
    assert "brands/wuse-xingdong/index.md" in output
    assert state(project) == before
    assert not list(project.glob(".site.*"))


def test_a_build_killed_between_the_two_renames_is_repaired(tmp_path):
    target = tmp_path / "site"
    retired = tmp_path / ".site.old-999999999"  # no such process
    retired.mkdir()
    (retired / "index.html").write_text("old", encoding="utf-8")
    with atomic.replaced_on_success(target) as staging:
        assert (target / "index.html").read_text(encoding="utf-8") == "old"  # put back before building
        (staging / "index.html").write_text("new", encoding="utf-8")
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]



FULL_AFTER = 64 * 1024  # bytes a file may grow to before the disk is "full"
Writer = tuple[Callable[[], object], tuple[type, str]]  # the write, and the call that writes the bytes


@contextmanager
def disk_full_after(size: int) -> Iterator[None]:
    """Every write past ``size`` bytes of a file fails, as on a full disk or quota: the write raises
    OSError (EFBIG; CPython ignores SIGXFSZ), whatever writes it (Pillow, ZipFile, Path.write_bytes)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def gallery_variant(out: Path) -> Writer:
    """gallery/build.py and gallery/cache.py: a variant or the cache index (bytes in memory)."""
    variant = out / "0123456789abcdef0123.webp"
    variant.write_bytes(b"RIFF old variant")
    return lambda: atomic.write_atomic(variant, os.urandom(4 * FULL_AFTER)), (Path, "write_bytes")


def site_brochure(out: Path) -> Writer:
    """brochure/render.py keep_for_site: the site's brochure and its record stay the old pair."""
    (out / "brochure.pdf").write_bytes(b"%PDF-1.7 old")
    (out / "brochure.json").write_text('{"pdf": "old"}', encoding="utf-8")
    new = os.urandom(4 * FULL_AFTER)
    return lambda: keep_for_site(out / "brochure.pdf", new, {}, BrochureOptions()), (Path, "write_bytes")


def print_image(out: Path) -> Writer:
    """brochure/photos.py: a photo cut for print, saved by Pillow (it used to leave a .part file)."""
    source = out.parent / "print.jpg"
    Image.merge("RGB", [Image.effect_noise((900, 600), 120) for _ in range(3)]).save(source, quality=95)
    return lambda: fit_to_box(source, Box(50.8, 33.9), 300, out), (Image.Image, "save")  # 600×400 px of noise, 200 KB


def site_zip(out: Path) -> Writer:
    """publish/package.py: the dated zip, written by ZipFile."""
    site = out.parent / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>党建品牌</h1>", encoding="utf-8")
    (site / "photo.jpg").write_bytes(os.urandom(4 * FULL_AFTER))
    (out / "党建品牌展示站-20231114.zip").write_bytes(b"PK old zip")
    return lambda: write_zip(site, out / "党建品牌展示站-20231114.zip", 1700000000), (zipfile.ZipFile, "writestr")


@contextmanager
def ctrl_c_after(owner: type, name: str, monkeypatch) -> Iterator[None]:
    """Ctrl-C arrives just after the writer's first write call (``owner.name``) has put bytes on disk."""
    original = getattr(owner, name)

    def interrupted(self, *args, **kwargs):
        original(self, *args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(owner, name, interrupted)
    with pytest.raises(KeyboardInterrupt):
        yield


@pytest.mark.parametrize("failure", ["disk full", "Ctrl-C"])
@pytest.mark.parametrize("writer", [gallery_variant, site_brochure, print_image, site_zip])
def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, writer, failure):
    out = tmp_path / "out"
    out.mkdir()
    write, (owner, name) = writer(out)
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    if failure == "disk full":
        with disk_full_after(FULL_AFTER), pytest.raises(OSError):
            write()
    else:
        with ctrl_c_after(owner, name, monkeypatch):
            write()
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
