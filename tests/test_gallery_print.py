"""Print variants only on demand: a site build makes web photos; the brochure (or `gallery --print`)
makes the print JPEGs into the same content-addressed cache, and a later site build keeps them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from brandsite.gallery.build import GalleryOptions, build_gallery
from brandsite.model import Brand, Photo
from kit import images
from kit.cli import run_brandsite
from kit.profiles import photo, profile, write_brand

# as by default, the print edge between the web widths: the print JPEG would be the roomiest source of the smaller ones
WEB = GalleryOptions(widths=(160, 640), print_edge=500, workers=2)
PRINTS = GalleryOptions(widths=(160, 640), print_edge=500, prints=True, workers=2)
SIZES = {"photos/横拍.jpg": (800, 600), "photos/IMG_0007.JPG": (600, 900)}


@pytest.fixture
def brand(tmp_path: Path) -> Brand:
    folder = tmp_path / "brands" / "shiyan"
    (folder / "photos").mkdir(parents=True)
    for n, (file, size) in enumerate(SIZES.items()):
        (folder / file).write_bytes(images.scene(size, seed=n + 3))
    gallery = tuple(Photo(file, "示例市第一小学主题党日", line=20 + n) for n, file in enumerate(SIZES))
    return Brand("shiyan", folder / "index.md", "brands/shiyan/index.md", "示例品牌", "示例口号", "示例党支部",
                 "示例市第一小学", "", gallery=gallery)


def cached(cache: Path) -> set[str]:
    return {p.name for p in (cache / "variants").iterdir()}


def test_a_site_build_makes_no_print_jpeg_yet_knows_its_key(brand: Brand, tmp_path: Path) -> None:
    web, _ = build_gallery([brand], tmp_path / "web", WEB)
    printed, _ = build_gallery([brand], tmp_path / "printed", PRINTS)
    print_files = {p.print_variant.path.name for p in printed.photos("shiyan")}
    assert len(print_files) == 2
    assert not print_files & cached(tmp_path / "web")  # nothing of the brochure's made by the site build
    assert cached(tmp_path / "printed") == cached(tmp_path / "web") | print_files
    for plain, full in zip(web.photos("shiyan"), printed.photos("shiyan")):
        assert plain.print_variant is None
        assert plain.print_key == full.print_key == full.print_variant.path.stem
        # the same web files, to the byte: a key names one content, whoever asked for the print JPEG
        assert [(v.url, v.path.read_bytes()) for v in plain.variants] == [(v.url, v.path.read_bytes()) for v in full.variants]
    with Image.open(printed.photos("shiyan")[1].print_variant.path) as im:
        assert im.size == (333, 500)  # the portrait photo's long edge at print_edge


def test_print_jpegs_made_later_join_the_cache_and_a_site_build_keeps_them(brand: Brand, tmp_path: Path,
                                                                          monkeypatch) -> None:
    cache = tmp_path / "cache"
    build_gallery([brand], cache, WEB)
    web_files = cached(cache)
    printed, _ = build_gallery([brand], cache, PRINTS)
    assert (printed.stats.made, len(cached(cache) - web_files)) == (2, 2)  # only the print JPEGs were rendered
    stamps = {p: p.stat().st_mtime_ns for p in (cache / "variants").iterdir()}

    def forbidden(*args, **kwargs):
        raise AssertionError("a site build after the brochure's has nothing to render")

    monkeypatch.setattr("brandsite.gallery.images.render", forbidden)
    again, _ = build_gallery([brand], cache, WEB)  # prunes what no photo needs: never the brochure's JPEGs
    assert {p: p.stat().st_mtime_ns for p in (cache / "variants").iterdir()} == stamps
    assert [p.print_variant for p in again.photos("shiyan")] == [p.print_variant for p in printed.photos("shiyan")]


def print_jpegs(project: Path) -> int:
    """Cached JPEGs whose long edge is the default print edge (the corpus-free photos here are larger)."""
    count = 0
    for path in (project / ".cache" / "brandsite" / "gallery" / "variants").glob("*.jpg"):
        with Image.open(path) as im:
            count += max(im.size) == GalleryOptions().print_edge
    return count


def test_site_build_and_gallery_make_print_jpegs_only_with_print(project: Path) -> None:
    write_brand(project, "hongzhu", profile(gallery=[photo("photos/IMG_5120.jpg", "主题党日"),
                                                     photo("photos/合影.jpg", "党员教师集体备课")]),
                {"photos/IMG_5120.jpg": images.scene((2600, 1950), seed=5),
                 "photos/合影.jpg": images.scene((2100, 2800), seed=6)})
    built = run_brandsite(project, "build")  # the site's plugin renders the web photos
    assert built.returncode == 0, built.stdout + built.stderr
    assert print_jpegs(project) == 0
    plain = run_brandsite(project, "gallery")
    assert plain.returncode == 0, plain.stderr
    assert "取自缓存 2 张" in plain.stdout and print_jpegs(project) == 0
    asked = run_brandsite(project, "gallery", "--print")
    assert asked.returncode == 0, asked.stderr
    assert print_jpegs(project) == 2
    assert "新生成 2 张" in asked.stdout  # the print JPEGs were made for photos whose web ones were cached
