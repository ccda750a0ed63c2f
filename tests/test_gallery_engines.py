"""The two engines behind `images.render`: libvips takes the photos it reads as Pillow does and
makes the same files (sizes, bytes within a few per cent, SSIM within 0.5 %); the rest stays with
Pillow; a cache never hands one engine's file to the other. The guarantees themselves (upright,
sRGB, no metadata, refusals) are tested with both engines in test_gallery_pipeline."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from brandsite.gallery import images, plan, vips
from brandsite.gallery.build import GalleryOptions, build_gallery
from brandsite.model import Brand, Photo
from fixtures import make_images as make
from kit.cli import env
from kit.images import ssim
from test_gallery_cache import brand_with

# the site's plan (WebP 80 method 2, JPEG 82, print JPEG 90) at a size a test can afford
PLAN = GalleryOptions(widths=(200, 400, 700), print_edge=900, prints=True).targets()
SIZE = (1200, 800)


def scene(size: tuple[int, int]) -> Image.Image:
    """Something like a photo: smooth gradients, edges and fine noise (a flat test card hides resampling)."""
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w]
    rng = np.random.default_rng(7)
    r = 128 + 100 * np.sin(xx / 37.0) * np.cos(yy / 53.0)
    g = 255 * xx / w
    b = np.where((xx // 90 + yy // 70) % 2, 200, 40)
    pixels = np.stack([r, g, b], -1) + rng.normal(0, 12, (h, w, 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


@pytest.fixture(scope="module")
def photos(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("engines")
    picture = scene(SIZE)
    paths = {"jpeg": folder / "camera.jpg", "png": folder / "screen.png", "webp": folder / "shared.webp",
             "heic": folder / "IMG_0001.HEIC"}
    picture.save(paths["jpeg"], "JPEG", quality=92)
    picture.save(paths["heic"], "HEIF", quality=92)
    picture.save(paths["png"])
    picture.save(paths["webp"], "WEBP", quality=90)
    return paths


@pytest.mark.parametrize("kind", ["jpeg", "png", "webp", "heic"])
def test_vips_makes_the_same_files_as_pillow(photos, kind: str, monkeypatch) -> None:
    used = []
    working = vips.working
    monkeypatch.setattr(vips, "working", lambda *a: used.append(a[2]) or working(*a))
    by_vips = images.render(photos[kind], PLAN, engine="vips")
    assert used, "libvips was not used"
    by_pillow = images.render(photos[kind], PLAN, engine="pillow")
    assert (by_vips.width, by_vips.height) == (by_pillow.width, by_pillow.height)
    for ours, theirs in zip(by_vips.outputs, by_pillow.outputs, strict=True):
        assert (ours.width, ours.height) == (theirs.width, theirs.height)
        assert ours.data != theirs.data  # libvips' own files, not Pillow's
        a, b = Image.open(io.BytesIO(ours.data)), Image.open(io.BytesIO(theirs.data))
        assert (a.format, a.mode, a.size) == (b.format, b.mode, b.size)
        if a.format == "JPEG":
            assert a.layer == b.layer  # 4:2:0 both, also at the print JPEG's quality 90
            assert a.quantization == b.quantization
        assert abs(len(ours.data) / len(theirs.data) - 1) < 0.05, (ours.target, len(ours.data), len(theirs.data))
        original = scene(SIZE).resize(a.size, Image.Resampling.LANCZOS)
        assert ssim(a, original) > ssim(b, original) * 0.995, ours.target


@pytest.mark.parametrize(("maker", "name"), [(make.heic_named_jpg, "IMG_1.JPG"), (make.animated_gif, "a.gif"),
                                             (make.gray16_png, "g.png"), (make.transparent_png, "t.png")])
def test_what_libvips_would_read_otherwise_stays_with_pillow(tmp_path: Path, maker, name: str, monkeypatch) -> None:
    """GIF, 16-bit grey: Pillow; 8-bit RGBA PNG, and HEIC once pillow-heif has decoded it (the wheel's libheif
    has no HEVC decoder): libvips."""
    used = []
    working = vips.working
    monkeypatch.setattr(vips, "working", lambda *a: used.append(a[2]) or working(*a))
    images.render(maker(tmp_path / name), [images.Target("jpeg", (200, None), 82)], engine="vips")
    assert bool(used) == (maker in (make.transparent_png, make.heic_named_jpg))


def test_cache_never_hands_one_engines_file_to_the_other(tmp_path: Path) -> None:
    brand = brand_with(tmp_path, [Photo("photos/a.jpg", "示例图片", line=9)])
    make.photo_jpeg(brand.folder / "photos" / "a.jpg", (500, 300))
    cache = tmp_path / "cache"
    options = GalleryOptions(widths=(100, 200), workers=1)
    files = {}
    for engine in ("pillow", "vips", "pillow"):
        manifest, findings = build_gallery([brand], cache, GalleryOptions(**{**options.__dict__, "engine": engine}),
                                           prune=False)
        assert findings == []
        files.setdefault(engine, {p.name for _, p in manifest.files()})
        assert {p.name for _, p in manifest.files()} == files[engine]
    assert files["pillow"].isdisjoint(files["vips"])
    assert manifest.stats.cached == 1  # back to Pillow: its files were kept and trusted


def test_auto_is_vips_when_pyvips_is_installed(monkeypatch) -> None:
    assert plan.resolve_engine("auto") == "vips"
    monkeypatch.setattr(plan.importlib.util, "find_spec", lambda name: None)
    assert plan.resolve_engine("auto") == "pillow"
    with pytest.raises(ValueError):
        plan.resolve_engine("imagemagick")


_COLD_RUN = """
import json, sys
from pathlib import Path
from brandsite.gallery.build import GalleryOptions, build_gallery
from brandsite.model import Brand, Photo
folder, cache, files = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
brand = Brand("b", folder / "index.md", "brands/b/index.md", "t", "s", "o", "x", "",
              gallery=tuple(Photo(f"photos/{name}", "示例图片", line=n + 1) for n, name in enumerate(files)))
manifest, findings = build_gallery([brand], cache, GalleryOptions(widths=(200, 400), workers=2, engine="vips"))
print(json.dumps({"libvips here": "pyvips" in sys.modules, "made": manifest.stats.made,
                  "findings": [f"{f.line} {f.message} {f.hint}" for f in findings]}))
"""


def test_a_cold_run_in_worker_processes_makes_what_threads_make(photos, tmp_path: Path) -> None:
    """More photos than workers in a fresh process: forked processes render them (libvips is loaded there, not in
    the parent); this process has loaded libvips, so it renders on threads. Same files, same refusal of a cut photo."""
    folder = tmp_path / "brand"
    (folder / "photos").mkdir(parents=True)
    names = []
    for kind, path in photos.items():
        names.append(f"{kind}{path.suffix}")
        (folder / "photos" / names[-1]).write_bytes(path.read_bytes())
    names.append("cut.jpg")
    make.truncated_jpeg(folder / "photos" / "cut.jpg")
    done = subprocess.run([sys.executable, "-c", _COLD_RUN, str(folder), str(tmp_path / "processes"), json.dumps(names)],
                          capture_output=True, text=True, check=True, env=env())
    child = json.loads(done.stdout)
    brand = Brand("b", folder / "index.md", "brands/b/index.md", "t", "s", "o", "x", "",
                  gallery=tuple(Photo(f"photos/{name}", "示例图片", line=n + 1) for n, name in enumerate(names)))
    manifest, findings = build_gallery([brand], tmp_path / "threads", GalleryOptions(widths=(200, 400), workers=2, engine="vips"))

    def files(cache: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in (cache / "variants").iterdir()}

    assert child["libvips here"] is False and "pyvips" in sys.modules
    assert child["made"] == manifest.stats.made == len(photos)
    assert child["findings"] == [f"{f.line} {f.message} {f.hint}" for f in findings] != []
    assert "已损坏或不完整" in child["findings"][0] and "重新导出" in child["findings"][0]
    assert files(tmp_path / "processes") == files(tmp_path / "threads") != {}


def test_a_worker_process_killed_stops_the_run_saying_in_chinese_which_photo(photos, tmp_path: Path) -> None:
    """As when the system kills a worker for want of memory: the run stops, naming the photo and what to do."""
    folder = tmp_path / "brand"
    (folder / "photos").mkdir(parents=True)
    names = [f"p{n}.jpg" for n in range(4)]
    for name in names:
        (folder / "photos" / name).write_bytes(photos["jpeg"].read_bytes())
    killed = ("import os; from brandsite.gallery import images; render = images.render; "
              "images.render = lambda path, *a: os._exit(9) if path.name == 'p2.jpg' else render(path, *a)\n")
    done = subprocess.run([sys.executable, "-c", killed + _COLD_RUN, str(folder), str(tmp_path / "cache"), json.dumps(names)],
                          capture_output=True, text=True, env=env())
    assert done.returncode != 0 and "BrokenProcessPool" in done.stderr
    assert "照片处理进程意外退出" in done.stderr and "p2.jpg" in done.stderr and "缩小" in done.stderr
