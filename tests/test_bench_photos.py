"""The gallery benchmark's larger photo set and its engine comparison (benchmarks/fetch_photos.py,
benchmarks/gallery_parity.py): the set is rebuilt exactly (hash-checked, names that stay in the
folder), and the table of bytes and SSIM per variant kind says what the files say."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from kit.images import encoded, scene

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import fetch_photos  # noqa: E402
from gallery_parity import Yardstick, kind_of, table  # noqa: E402

HEADER = "file\tsource (github:owner/name@commit:path)\tsha256\tpixels\tcamera\tlicence\n"


def listing(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "photos.tsv"
    path.write_text("# a comment line\n" + HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def clone(tmp_path: Path) -> tuple[Path, str, bytes]:
    """A local repository holding one photo under a path with a space; (clone, commit, bytes)."""
    repo = tmp_path / "upstream"
    data = scene((64, 48), seed=3)
    (repo / "jpg").mkdir(parents=True)
    (repo / "jpg" / "Camera X (1).jpg").write_bytes(data)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "photo"], check=True)
    commit = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    return repo, commit, data


def test_the_set_is_rebuilt_from_a_clone_hash_checked_and_kept(tmp_path: Path, clone):
    repo, commit, data = clone
    row = f"camera-x-1.jpg\tgithub:someone/photos@{commit}:jpg/Camera X (1).jpg\t{hashlib.sha256(data).hexdigest()}\t64x48\tX\tCC0"
    folder = tmp_path / "bench-photos"
    assert fetch_photos.fetch(folder, {"someone/photos": repo}, listing(tmp_path, [row])) == (1, 0)
    assert (folder / "camera-x-1.jpg").read_bytes() == data
    assert fetch_photos.fetch(folder, {}, listing(tmp_path, [row])) == (0, 1)  # already there: no download

    wrong = row.replace(hashlib.sha256(data).hexdigest(), "0" * 64)
    with pytest.raises(SystemExit, match="camera-x-1.jpg: sha256 differs"):
        fetch_photos.fetch(tmp_path / "other", {"someone/photos": repo}, listing(tmp_path, [wrong]))
    assert not list((tmp_path / "other").iterdir())  # nothing half-written


@pytest.mark.parametrize("names", [["../escape.jpg"], ["sub/dir.jpg"], [".hidden.jpg"], ["a.jpg", "a.heic"]])
def test_a_listed_name_stays_a_plain_unique_name(tmp_path: Path, names: list[str]):
    lines = [f"{name}\tgithub:o/n@{'1' * 40}:x/{name}\t{'0' * 64}\t1x1\tX\tCC0" for name in names]
    with pytest.raises(ValueError, match="photos.tsv"):
        fetch_photos.rows(listing(tmp_path, lines))


def test_the_committed_list_names_public_photos_of_5_mp_and_more():
    rows = fetch_photos.rows()
    assert len(rows) >= 40
    assert all(int(w) * int(h) >= 5e6 for w, h in (row.pixels.split("x") for row in rows))
    assert sum(row.file.endswith((".heic", ".heif")) for row in rows) >= 5
    assert all(row.licence and re.fullmatch(r"[0-9a-f]{40}", row.commit) for row in rows)


@pytest.mark.parametrize(("kind", "width", "expected"), [
    ("webp", 480, (480, "webp")), ("jpeg", 1600, (1600, "jpeg")),
    ("webp", 2304, (2400, "webp")),  # a portrait photo narrower than 2,400 px: its own width is its "2400"
    ("jpeg", 1500, (1600, "jpeg")), ("print", 1325, (2000, "print")),
])
def test_an_output_answers_the_planned_variant(kind: str, width: int, expected: tuple[int, str]):
    assert kind_of(kind, width) == expected


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> tuple[Path, Path, Path]:
    """One 2600x1000 photo and two engines' outputs of it: the second made one 960 px WebP smaller
    (a lower quality) and left out the 480 px JPEG."""
    root = tmp_path_factory.mktemp("parity")
    photo = root / "wide-photo.jpg"
    photo.write_bytes(scene((2600, 1000), seed=1))
    a, b = root / "pillow", root / "vips"
    a.mkdir(), b.mkdir()
    with Image.open(photo) as im:
        im.load()
    for width in (480, 960, 1600, 2400, 2000):
        kind_names = ["print"] if width == 2000 else ["webp", "jpeg"]
        small = im.resize((width, round(1000 * width / 2600)), Image.Resampling.LANCZOS)
        for kind in kind_names:
            name = f"wide-photo-{kind}-{width}.{'webp' if kind == 'webp' else 'jpg'}"
            data = encoded(small, "WEBP", lossless=True) if kind == "webp" else encoded(small, "JPEG", quality=82)
            (a / name).write_bytes(data)
            if name == "wide-photo-webp-960.webp":
                data = encoded(small, "WEBP", quality=30)
            if name != "wide-photo-jpeg-480.jpg":
                (b / name).write_bytes(data)
    return photo, a, b


def row(lines: list[str], label: str) -> list[str]:
    return next(line for line in lines if line.startswith(f"| {label} |")).strip("|").split(" | ")


def test_the_yardstick_scores_an_output_made_as_the_reference_one(outputs):
    photo, a, _ = outputs
    scores = Yardstick.of([photo]).scores(sorted(a.iterdir()))
    assert scores["wide-photo-webp-480.webp"] == pytest.approx(1.0)  # lossless: the reference's pixels
    assert scores["wide-photo-webp-2400.webp"] == pytest.approx(1.0)
    assert 0.9 < scores["wide-photo-jpeg-960.jpg"] < 1.0


def test_the_parity_table_gives_bytes_and_ssim_per_kind(outputs):
    photo, a, b = outputs
    lines = table(a, b, Yardstick.of([photo]))
    labels = [line.split(" | ")[0].lstrip("| ") for line in lines[2:] if line.startswith("| ")]
    assert labels == ["480 WebP", "960 JPEG", "960 WebP", "1600 JPEG", "1600 WebP", "2400 JPEG", "2400 WebP",
                      "印刷 JPEG"]  # by width, print last; the 480 px JPEG only one engine made
    same = row(lines, "1600 WebP")
    assert same[1] == "1" and same[4] == "+0.00 %" and same[8] == "+0.000 %"
    changed = row(lines, "960 WebP")
    before, after = (a / "wide-photo-webp-960.webp").stat().st_size, (b / "wide-photo-webp-960.webp").stat().st_size
    assert changed[4] == f"{(after / before - 1) * 100:+.2f} %" and after < before
    assert changed[5] == f"{(after / before - 1) * 100:+.2f} %～{(after / before - 1) * 100:+.2f} %"
    assert float(changed[8].rstrip(" %")) < 0  # a worse copy of the reference
    assert "1 个输出只有一个引擎做了" in lines[-1]
