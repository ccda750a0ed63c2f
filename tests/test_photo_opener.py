"""One way to open a photo: the gallery, `brandsite review`, the PR summary and the brochure agree.

The regression case is a real phone's largest photo, 16320×12240 (199.8 Mpx, under the 210 Mpx
limit but over twice Pillow's own 89 Mpx guard): review once called it unreadable while the gallery
accepted it, and the verdict changed with what had run before in the same process.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from PIL import Image, ImageFile

from brandsite.brochure.photos import Box, fit_to_box
from brandsite.gallery import images, opener
from brandsite.gallery.plan import DEFAULT_MAX_PIXELS
from brandsite.gallery.build import GalleryOptions, build_gallery
from brandsite.review import summary
from brandsite.review.run import Options, review
from kit.cli import run_brandsite
from kit.images import solid
from kit.profiles import photo, profile, write_brand
from sitebuild import copy_project

PHONE = (16320, 12240)  # Samsung S24 Ultra / Xiaomi 200 MP, landscape
PILLOW_DEFAULT = 1024 * 1024 * 1024 // 4 // 3  # Image.MAX_IMAGE_PIXELS in a fresh process: 89 Mpx
TOO_LARGE = ("brands/wuse-xingdong/index.md:7: 错误: 照片 photos/IMG_0001.jpg 像素过多（200 百万像素，上限 100 百万像素），"
             "可能是恶意文件 — 请用手机或电脑把照片缩小后再放入 photos/")


def header_jpeg(size: tuple[int, int]) -> bytes:
    """A JPEG whose frame header declares `size`, with a 16×16 picture's scan behind it: what a reader
    of the header sees as that photo, in 600 bytes instead of tens of MB."""
    data = bytearray(solid((16, 16), "#8a8c90", quality=50))
    at = 2  # after SOI: marker segments, each 0xFF, a type and a big-endian length
    while data[at + 1] not in (0xC0, 0xC1, 0xC2):  # the start of frame
        at += 2 + struct.unpack_from(">H", data, at + 2)[0]
    struct.pack_into(">HH", data, at + 5, size[1], size[0])  # after length and precision: height, width
    return bytes(data)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The example site's settings with one brand whose one photo is a 200 MP phone photo."""
    project = copy_project(tmp_path / "project", brands=False)
    write_brand(project, "wuse-xingdong", profile(gallery=[photo("photos/IMG_0001.jpg", "主题党日全景")]),
                {"photos/IMG_0001.jpg": header_jpeg(PHONE)})
    return project


def limit_gallery(project: Path, max_pixels: int) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - brandsite\n", f"  - brandsite:\n      gallery_max_pixels: {max_pixels}\n", 1),
                      encoding="utf-8")


def lines(found: list) -> list[str]:
    return [str(finding) for finding in found]


def test_review_in_a_fresh_process_accepts_a_200_mp_phone_photo(project: Path) -> None:
    done = run_brandsite(project, "review")
    assert "IMG_0001.jpg" not in done.stdout + done.stderr
    assert done.returncode == 0, done.stdout + done.stderr
    with opener.open_image(project / "brands/wuse-xingdong/photos/IMG_0001.jpg", DEFAULT_MAX_PIXELS) as im:
        assert im.size == PHONE  # and the gallery's opener takes it too


def test_review_applies_the_sites_gallery_max_pixels(project: Path) -> None:
    limit_gallery(project, 100_000_000)
    review_done = run_brandsite(project, "review")
    gallery_done = run_brandsite(project, "gallery")
    assert f"{TOO_LARGE} [photo-unreadable]" in (review_done.stdout + review_done.stderr).splitlines()
    assert TOO_LARGE in (gallery_done.stdout + gallery_done.stderr).splitlines()  # the same words from the gallery
    assert (review_done.returncode, gallery_done.returncode) == (1, 1)


@pytest.mark.parametrize("max_pixels, expected", [(DEFAULT_MAX_PIXELS, []), (100_000_000, [TOO_LARGE])])
def test_the_verdict_does_not_depend_on_what_ran_first(project: Path, monkeypatch, max_pixels, expected) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", PILLOW_DEFAULT)  # as in a fresh process
    before = review(project, options=Options(max_pixels=max_pixels))
    # a gallery build in between, at the default limit (it used to raise Pillow's guard for good)
    build_gallery(before.brands, project / ".cache" / "gallery", GalleryOptions(widths=(100,), print_edge=100))
    after = review(project, options=Options(max_pixels=max_pixels))
    assert lines(before.findings) == lines(after.findings) == expected


def test_the_opener_leaves_pillows_own_switches_as_it_found_them(project: Path, monkeypatch) -> None:
    # Other code in the process (WeasyPrint) keeps Pillow's bomb guard and its own truncation setting.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    big = project / "brands/wuse-xingdong/photos/IMG_0001.jpg"
    assert opener.image_size(big, DEFAULT_MAX_PIXELS) == PHONE
    assert (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES) == (PILLOW_DEFAULT, True)
    with pytest.raises(Image.DecompressionBombError):
        Image.open(big)


READERS = {  # (path, max_pixels) → raises the opener's PhotoError for a photo it refuses
    "gallery": lambda path, limit: images.render(path, [images.Target("jpeg", (100, None), 80)], limit),
    "summary": summary.thumbnail,
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("content, reason", [
    (b"\xff\xd8 not a photo at all", "不是可识别的图片文件"),
    (header_jpeg(PHONE), "像素过多（200 百万像素，上限 100 百万像素），可能是恶意文件"),
])
def test_gallery_and_summary_refuse_with_the_openers_reason(tmp_path: Path, reader: str, content: bytes,
                                                           reason: str) -> None:
    path = tmp_path / "IMG_0001.jpg"
    path.write_bytes(content)
    with pytest.raises(opener.PhotoError) as refused:
        READERS[reader](path, 100_000_000)
    assert refused.value.message == reason


@pytest.mark.parametrize("cut, reason", [(4, "不是可识别的图片文件"), (2, "已损坏或不完整（可能复制中断），无法读取")])
def test_the_brochure_refuses_a_broken_print_image_in_chinese(tmp_path: Path, cut: int, reason: str) -> None:
    whole = solid((800, 600), "#c8102e")
    source = tmp_path / "print.jpg"
    source.write_bytes(whole[: len(whole) // cut] if cut == 2 else b"\xff\xd8 not a photo at all")
    with pytest.raises(opener.PhotoError) as refused:
        fit_to_box(source, Box(40, 30), 300, tmp_path / "cache")
    assert refused.value.message == reason
    assert not list((tmp_path / "cache").glob("*"))  # nothing half-made is left to be taken from the cache
