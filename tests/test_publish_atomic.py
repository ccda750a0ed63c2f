"""A build that fails or is killed leaves the previous site/ (and the cache) as it was."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from brandsite.publish import atomic
from brandsite.publish.deploy import site_sums as digests
from publishing import start as brandsite
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
        time.sleep(0.005)
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
