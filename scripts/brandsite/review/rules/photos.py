"""Photo checks beyond the loader's: unreadable, too small for print, the same photo twice.

Photos are opened as the gallery opens them (`gallery.opener`: the same formats, the site's
gallery_max_pixels, the same Chinese reasons), reading only the header; duplicates are found by
content hash, also between a published photo and an unlisted one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ...findings import Finding
from ...gallery.opener import PhotoError, image_size
from ...gallery.plan import DEFAULT_MAX_PIXELS
from ...model import Brand
from ...profile.photo_rules import unlisted
from . import RULES

PRINT_LONG_EDGE = 1200  # px: a brochure photo about 10 cm wide at 300 dpi


def digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _finding(brand: Brand, line: int | None, rule: str, message: str, hint: str) -> Finding:
    return Finding(brand.source_name, line, RULES[rule][0], message, hint, rule)


def published(brand: Brand) -> list[tuple[str, int | None]]:
    """(file in the brand folder, line) of each photo the brand publishes, cover included."""
    photos = [(p.file, p.line) for p in brand.gallery]
    if brand.cover and brand.cover not in {p.file for p in brand.gallery}:
        photos.append((brand.cover, None))
    return photos


def _unlisted_copies(brands: list[Brand], seen: dict[str, str]) -> list[Finding]:
    """Unlisted photos with the bytes of a published one: "not published" would not be true.

    Only files of a published photo's size are read, so large unlisted folders cost a stat each.
    """
    sizes = {(brand.folder / file).stat().st_size for brand in brands for file, _ in published(brand)}
    findings = []
    for brand in brands:
        for file in unlisted(brand):
            path = brand.folder / file
            if path.is_symlink() or path.stat().st_size not in sizes:
                continue
            first = seen.get(digest(path))
            if first is not None:
                findings.append(_finding(brand, None, "photo-duplicate",
                                         f"照片 {file} 没有列在相册里，但和已发布的 {first} 是同一张，它的内容会发布",
                                         f"如果这张照片不能发布，请把 {first} 也从相册里删去；否则删去多余的 {file}"))
    return findings


def check(brands: list[Brand], max_pixels: int = DEFAULT_MAX_PIXELS,
          long_edge: int = PRINT_LONG_EDGE) -> list[Finding]:
    """`max_pixels` is the site's gallery_max_pixels: review refuses exactly the photos the gallery refuses."""
    findings = []
    seen: dict[str, str] = {}  # content hash -> first "brands/<slug>/photos/…"
    for brand in brands:
        for file, line in published(brand):
            path = brand.folder / file
            shown = f"{Path(brand.source_name).parent.as_posix()}/{file}"
            try:
                size = image_size(path, max_pixels)
            except PhotoError as error:
                findings.append(_finding(brand, line, "photo-unreadable", f"照片 {file} {error.message}", error.hint))
                continue
            if max(size) < long_edge:
                findings.append(_finding(brand, line, "photo-small", f"照片 {file} 只有 {size[0]}×{size[1]} 像素",
                                         f"印刷宣传册需要长边至少 {long_edge} 像素：请换用原图（不要用微信里转发的图片）"))
            first = seen.setdefault(digest(path), shown)
            if first != shown:
                findings.append(_finding(brand, line, "photo-duplicate", f"照片 {file} 和 {first} 是同一张",
                                         "请删去其中一张，或换一张不同的照片"))
    return findings + _unlisted_copies(brands, seen)
