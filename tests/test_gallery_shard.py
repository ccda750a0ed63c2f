"""`brandsite gallery --shard K/N`: N CI jobs, one cache folder, the same files one job makes, each photo made once."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from brandsite.gallery.shard import Shard, parse_shard
from kit.cli import env, run_brandsite, start_brandsite
from kit.images import scene
from kit.profiles import photo, profile, write_brand
from sitebuild import copy_project

BRANDS = 9
PHOTOS_PER_BRAND = 2
MADE = re.compile(r"相册：新生成 (\d+) 张，取自缓存 (\d+) 张")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A site of nine brands with two small photos each; the widths kept small so that the test is quick."""
    root = copy_project(tmp_path_factory.mktemp("shard") / "site", brands=False)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - brandsite\n", "  - brandsite:\n      gallery_widths: [120, 240]\n", 1),
                      encoding="utf-8")
    for n in range(BRANDS):
        entries = [photo(f"photos/活动 照片【{k}】（2023年）.jpg", f"示例图片 {n}-{k}") for k in range(PHOTOS_PER_BRAND)]
        write_brand(root, f"brand-{n}", profile(title=f"示例品牌{n}", gallery=entries),
                    {f"photos/活动 照片【{k}】（2023年）.jpg": scene((360, 240), seed=n * 10 + k)
                     for k in range(PHOTOS_PER_BRAND)})
    return root


@pytest.fixture(scope="module")
def one_job(project: Path, tmp_path_factory) -> dict[str, bytes]:
    """The variant files that one unsharded `brandsite gallery` makes."""
    whole = fresh(project, tmp_path_factory.mktemp("whole") / "site")
    done = run_brandsite(whole, "gallery")
    assert done.returncode == 0, done.stderr
    assert made(done.stdout) == (BRANDS * PHOTOS_PER_BRAND, 0)
    return variants(whole)


def fresh(project: Path, where: Path) -> Path:
    """A copy of the project with no cache."""
    copy = shutil.copytree(project, where)
    shutil.rmtree(copy / ".cache", ignore_errors=True)
    return copy


def variants(project: Path) -> dict[str, bytes]:
    folder = project / ".cache" / "brandsite" / "gallery" / "variants"
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def made(output: str) -> tuple[int, int]:
    found = MADE.search(output)
    assert found, output
    return int(found[1]), int(found[2])


def run_shards_together(project: Path, shards: list[str]) -> list[str]:
    """Start every shard at once on the project's one cache folder; their outputs when all have finished."""
    running = [start_brandsite(project, "gallery", "--shard", shard) for shard in shards]
    outputs = []
    for process in running:
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output
        outputs.append(output)
    return outputs


def test_shards_together_make_exactly_what_one_job_makes_each_photo_once(project: Path, one_job, tmp_path: Path) -> None:
    sharded = fresh(project, tmp_path / "sharded")
    outputs = run_shards_together(sharded, ["1/3", "2/3", "3/3"])
    counts = [made(output) for output in outputs]
    assert sum(new for new, _ in counts) == BRANDS * PHOTOS_PER_BRAND  # no photo made twice, none left out
    assert all(cached == 0 for _, cached in counts)
    assert sum(int(re.search(r"：(\d+) 个品牌", output)[1]) for output in outputs) == BRANDS
    assert variants(sharded) == one_job  # the same names and the same bytes
    assert not list((sharded / ".cache").rglob("*.tmp"))

    build = run_brandsite(sharded, "build")
    assert build.returncode == 0, build.stderr
    assert made(build.stdout + build.stderr) == (0, BRANDS * PHOTOS_PER_BRAND)  # the merged cache renders nothing
    published = sorted(p.name for p in (sharded / "site" / "brands").rglob("*.webp"))
    assert len(published) == BRANDS * PHOTOS_PER_BRAND * 2  # two widths each, all from the shards' cache
    assert list((sharded / ".cache" / "brandsite" / "gallery").glob("index-*.json")) == []  # folded into index.json


def test_shards_that_meet_on_the_same_photos_leave_only_whole_files(project: Path, one_job, tmp_path: Path) -> None:
    sharded = fresh(project, tmp_path / "meeting")
    run_shards_together(sharded, ["1/2", "1/2", "2/2", "2/2"])  # a retried job running beside the first
    files = variants(sharded)
    assert files == one_job
    for name in files:
        with Image.open(sharded / ".cache" / "brandsite" / "gallery" / "variants" / name) as im:
            im.load()  # a half-written file would fail here
    assert not list((sharded / ".cache").rglob("*.tmp"))


def test_ci_artifacts_copied_into_one_folder_merge() -> None:
    # Each job uploads its own cache folder; the build job downloads them all into one. Their indexes must
    # not share a name, or the last copy would hide the other jobs' photos and the build would redo them.
    names = {Shard(k, 4).name for k in range(1, 5)}
    assert len(names) == 4


def test_the_split_is_stable_and_covers_every_brand_once() -> None:
    slugs = [f"school-{n}-brand" for n in range(2000)]
    for count in (1, 2, 5):
        owners = [[k for k in range(1, count + 1) if Shard(k, count).takes(slug)] for slug in slugs]
        assert all(len(owner) == 1 for owner in owners)
        shares = [sum(1 for owner in owners if owner == [k]) for k in range(1, count + 1)]
        assert min(shares) > 0.9 * len(slugs) / count  # about equal shares
    # the same brand goes to the same job in every process: fixed by sha256, not Python's salted hash()
    here = [Shard(k, 7).takes(slug) for slug in slugs[:50] for k in range(1, 8)]
    code = ("import sys; from brandsite.gallery.shard import Shard; "
            f"print([Shard(k, 7).takes(s) for s in {slugs[:50]!r} for k in range(1, 8)])")
    for seed in ("1", "2"):
        other = subprocess.run([sys.executable, "-c", code], env=env(PYTHONHASHSEED=seed), capture_output=True,
                               text=True, check=True)
        assert other.stdout.strip() == str(here)


@pytest.mark.parametrize("written, message", [
    ("3/2", "第几份应在 1 到 2 之间，不能是 3"),
    ("0/4", "第几份应在 1 到 4 之间，不能是 0"),
    ("2", "应写成“第几份/共几份”，如 2/4，不能是 2"),
    ("1/0", "共几份应在 1 到 256 之间，不能是 0"),
    ("一/二", "应写成“第几份/共几份”，如 2/4，不能是 一/二"),
])
def test_a_wrong_shard_is_a_usage_line(project: Path, written: str, message: str) -> None:
    done = run_brandsite(project, "gallery", "--shard", written)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"brandsite gallery: 错误: 参数 --shard：{message} — 用法见 brandsite gallery --help"]
    with pytest.raises(ValueError):
        parse_shard(written)
