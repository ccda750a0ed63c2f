"""build_gallery: the cache, the manifest, the findings and the privacy rules."""

from __future__ import annotations

import contextlib
import io
import threading
from pathlib import Path

import pytest

from brandsite.gallery import images as gallery, build, cache as gallery_cache
from brandsite.gallery.build import GalleryOptions, build_gallery
from brandsite.gallery.progress import summary_line, terminal_progress
from brandsite.model import Brand, Photo
from fixtures import make_images as make

SMALL = GalleryOptions(widths=(100, 200), print_edge=300, prints=True, workers=2)


def brand_with(root: Path, photos: list[Photo], slug: str = "wuse-xingdong") -> Brand:
    folder = root / "brands" / slug
    (folder / "photos").mkdir(parents=True, exist_ok=True)
    return Brand(
        slug=slug,
        source=folder / "index.md",
        source_name=f"brands/{slug}/index.md",
        title="五色行动",
        slogan="党旗领航",
        organization="北皂学校党支部",
        school="北皂学校",
        body="",
        gallery=tuple(photos),
    )


@pytest.fixture
def site(tmp_path: Path) -> tuple[Brand, Path]:
    photos = [Photo(f"photos/IMG_{n}.jpg", f"示例图片 {n}", line=10 + n) for n in range(3)]
    brand = brand_with(tmp_path, photos)
    for n in range(3):
        make.photo_jpeg(brand.folder / "photos" / f"IMG_{n}.jpg", (400 + n * 10, 300))
    return brand, tmp_path / ".cache" / "brandsite" / "gallery"


def test_manifest_lists_photos_in_profile_order_with_variants(site) -> None:
    brand, cache = site
    manifest, findings = build_gallery([brand], cache, SMALL)
    assert findings == []
    photos = manifest.photos(brand.slug)
    assert [p.file for p in photos] == [p.file for p in brand.gallery]
    first = photos[0]
    assert (first.width, first.height, first.alt) == (400, 300, "示例图片 0")
    assert [(v.format, v.width, v.height) for v in first.variants] == [
        ("jpeg", 100, 75), ("webp", 100, 75), ("jpeg", 200, 150), ("webp", 200, 150)]
    assert (first.print_variant.width, first.print_variant.height) == (300, 225)
    assert first.srcset("webp").startswith("brands/wuse-xingdong/photos/img-0-")
    assert first.srcset("webp").endswith("-200.webp 200w")
    for url, path in manifest.files():
        assert path.is_file() and path.parent == cache / "variants"
        assert url.startswith("brands/wuse-xingdong/photos/img-")
        assert make.metadata_problems(path.read_bytes()) == []
    assert first.color.startswith("#") and first.preview.startswith("data:image/webp;base64,")


def test_second_run_does_no_image_work_and_hashes_nothing(site, monkeypatch) -> None:
    brand, cache = site
    first, _ = build_gallery([brand], cache, SMALL)
    assert (first.stats.made, first.stats.cached) == (3, 0)

    def forbidden(*args, **kwargs):
        raise AssertionError("no image work or hashing on a no-op rerun")

    monkeypatch.setattr(gallery, "render", forbidden)
    monkeypatch.setattr(gallery_cache, "file_sha256", forbidden)
    again, findings = build_gallery([brand], cache, SMALL)
    assert findings == []
    assert (again.stats.made, again.stats.cached) == (0, 3)
    assert again.brands == first.brands


def test_changed_option_redoes_only_what_it_affects(site, monkeypatch) -> None:
    brand, cache = site
    build_gallery([brand], cache, SMALL)
    kinds: list[str] = []
    real_render = gallery.render

    def spy(path, targets, *options):
        targets = list(targets)
        kinds.extend(t.kind for t in targets)
        return real_render(path, targets, *options)

    monkeypatch.setattr(gallery, "render", spy)
    manifest, _ = build_gallery([brand], cache, GalleryOptions(widths=(100, 200), print_edge=300, webp_quality=60))
    assert set(kinds) == {"webp"}
    assert len(list((cache / "variants").iterdir())) == len(list(manifest.files()))  # old WebPs pruned


def test_unused_variants_and_leftover_temporaries_are_removed(site) -> None:
    brand, cache = site
    build_gallery([brand], cache, SMALL)
    leftover = cache / "variants" / "0123456789abcdef0123.webp.deadbeef.tmp"
    leftover.write_bytes(b"half a file")
    fewer = brand_with(brand.folder.parents[1], list(brand.gallery[:1]))
    manifest, _ = build_gallery([fewer], cache, SMALL)
    assert {p for p in (cache / "variants").iterdir()} == {path for _, path in manifest.files()}


def test_changed_photo_is_rehashed_and_redone(site) -> None:
    brand, cache = site
    before, _ = build_gallery([brand], cache, SMALL)
    make.photo_jpeg(brand.folder / "photos" / "IMG_1.jpg", (500, 250))
    after, _ = build_gallery([brand], cache, SMALL)
    assert (after.stats.made, after.stats.cached) == (1, 2)
    assert (after.photos(brand.slug)[1].width, after.photos(brand.slug)[1].height) == (500, 250)
    assert after.photos(brand.slug)[0] == before.photos(brand.slug)[0]


def test_bad_photos_become_findings_naming_profile_line_and_photo(tmp_path: Path) -> None:
    photos = [
        Photo("photos/good.jpg", "好", line=7),
        Photo("photos/bad.jpg", "坏", line=9),
        Photo("photos/gone.jpg", "无", line=11),
        Photo("../../../etc/passwd", "越界", line=13),
        Photo("photos/bomb.png", "炸弹", line=15),
    ]
    brand = brand_with(tmp_path, photos)
    make.photo_jpeg(brand.folder / "photos" / "good.jpg", (120, 90))
    make.truncated_jpeg(brand.folder / "photos" / "bad.jpg")
    make.png_bomb(brand.folder / "photos" / "bomb.png")
    manifest, findings = build_gallery([brand], tmp_path / "cache", SMALL)
    assert [p.file for p in manifest.photos(brand.slug)] == ["photos/good.jpg"]
    lines = [str(f) for f in findings]
    assert lines[0].startswith("brands/wuse-xingdong/index.md:9: 错误: 照片 photos/bad.jpg 已损坏或不完整")
    assert lines[1].startswith("brands/wuse-xingdong/index.md:11: 错误: 照片 photos/gone.jpg 不存在 — ")
    assert lines[2].startswith("brands/wuse-xingdong/index.md:13: 错误: 照片 ../../../etc/passwd 不存在")
    assert lines[3].startswith("brands/wuse-xingdong/index.md:15: 错误: 照片 photos/bomb.png 像素过多")
    assert manifest.stats.failed == 4
    assert "失败 4 张" in summary_line(manifest.stats)


def test_photo_over_a_lowered_limit_is_refused_even_from_cache(site) -> None:
    brand, cache = site
    build_gallery([brand], cache, SMALL)
    manifest, findings = build_gallery([brand], cache, GalleryOptions(widths=(100, 200), print_edge=300, max_pixels=122_000))
    assert [p.file for p in manifest.photos(brand.slug)] == ["photos/IMG_0.jpg"]
    assert len(findings) == 2 and "像素过多" in findings[0].message


def test_a_bug_in_a_worker_is_raised_not_swallowed(site, monkeypatch) -> None:
    brand, cache = site

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(gallery, "render", broken)
    with pytest.raises(RuntimeError, match="bug"):
        build_gallery([brand], cache, SMALL)


def test_students_without_consent_are_never_published(tmp_path: Path) -> None:
    photos = [
        Photo("photos/a.jpg", "升旗仪式", people="students", consent=False, line=5),
        Photo("photos/b.jpg", "主题党日", people="students", consent=True, line=8),
    ]
    brand = brand_with(tmp_path, photos)
    for name in ("a", "b"):
        make.photo_jpeg(brand.folder / "photos" / f"{name}.jpg", (120, 90))
    manifest, findings = build_gallery([brand], tmp_path / "cache", SMALL)
    assert [p.file for p in manifest.photos(brand.slug)] == ["photos/b.jpg"]
    assert findings == []  # the loader reports consent, once


def test_progress_only_on_a_terminal() -> None:
    assert terminal_progress(io.StringIO()) is None

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    show = terminal_progress(screen, width=10)
    assert show is not None
    show(5, 10)
    show(10, 10)
    assert screen.getvalue().endswith("[##########] 10/10\n")


def rendering_watched(monkeypatch, pair_timeout: float | None = None) -> tuple[list[str], list[int]]:
    """Wrap gallery.render: the photo names in the order rendered, and the most rendering at once.

    With ``pair_timeout`` each render first waits for a second one to start: two renders that may run
    together meet at once; a render that must run alone waits out the timeout once, and breaks the
    barrier for every later one.
    """
    order: list[str] = []
    running, most = [0], [0]
    lock = threading.Lock()
    pair = threading.Barrier(2, timeout=pair_timeout) if pair_timeout else None
    real_render = gallery.render

    def watched(path, targets, *options):
        with lock:
            order.append(path.name)
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            if pair:
                with contextlib.suppress(threading.BrokenBarrierError):  # no second render came: it ran alone
                    pair.wait()
            return real_render(path, targets, *options)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(gallery, "render", watched)
    return order, most


def test_huge_photos_are_decoded_one_at_a_time(tmp_path: Path, monkeypatch) -> None:
    photos = [Photo(f"photos/{n}.jpg", "图", line=n) for n in range(4)]
    brand = brand_with(tmp_path, photos)
    for n in range(4):
        make.photo_jpeg(brand.folder / "photos" / f"{n}.jpg", (60, 40))
    _, most = rendering_watched(monkeypatch, pair_timeout=2)
    build_gallery([brand], tmp_path / "cache", SMALL)
    assert most == [2]  # ordinary photos share the two workers
    monkeypatch.setattr(build, "HUGE_PIXELS", 1)  # now every photo counts as huge
    _, most = rendering_watched(monkeypatch, pair_timeout=2)
    manifest, findings = build_gallery([brand], tmp_path / "cache2", SMALL)
    assert findings == [] and len(manifest.photos(brand.slug)) == 4
    assert most == [1]


def test_largest_photos_are_rendered_first(tmp_path: Path, monkeypatch) -> None:
    sizes = {"small.jpg": (120, 90), "large.jpg": (900, 600), "middle.jpg": (400, 300)}
    brand = brand_with(tmp_path, [Photo(f"photos/{name}", "图", line=n) for n, name in enumerate(sizes)])
    for name, size in sizes.items():
        make.photo_jpeg(brand.folder / "photos" / name, size)
    order, _ = rendering_watched(monkeypatch)
    build_gallery([brand], tmp_path / "cache", GalleryOptions(widths=(100,), print_edge=300, workers=1))
    assert order == ["large.jpg", "middle.jpg", "small.jpg"]
