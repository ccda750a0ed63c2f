"""Photos for print: each cut to its printed box at a given dpi, never more pixels than that.

The brochure asks a `PrintImages` callable for each listed photo's prepared image — upright,
sRGB, without metadata: the gallery's print variant (`photo.print_variant.path`). It is opened
with the gallery's opener (format, pixel limit, truncation, Chinese errors), the only one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from ..findings import Finding, FindingsError, Level
from ..gallery.opener import PhotoError, decode, open_image
from ..gallery.plan import DEFAULT_MAX_PIXELS
from ..model import Brand, Photo
from ..publish.atomic import written_atomically
from .cmyk import Ink

MM_PER_INCH = 25.4
JPEG_QUALITY = 88

PrintImages = Callable[[Brand, Photo], "Path | None"]


@dataclass(frozen=True)
class Box:
    """A photo's printed size in millimetres."""

    width_mm: float
    height_mm: float

    def pixels(self, dpi: int) -> tuple[int, int]:
        """Pixel size at `dpi`, rounded down so the image never exceeds it."""
        return (int(self.width_mm / MM_PER_INCH * dpi), int(self.height_mm / MM_PER_INCH * dpi))


def _cache_key(source: Path, *parts: object) -> str:
    stat = source.stat()
    text = "|".join(map(str, (source.resolve(), stat.st_size, stat.st_mtime_ns, *parts)))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _save_jpeg(im: Image.Image, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    with written_atomically(target) as partial:
        im.save(partial, "JPEG", quality=JPEG_QUALITY)  # no exif=, no icc_profile=: nothing but pixels
    return target


def fit_to_box(source: Path, box: Box, dpi: int, cache: Path, ink: Ink | None = None) -> Path:
    """`source` (upright sRGB) cut to the box's shape and sized to `dpi` of it, in the press's
    CMYK when `ink` is given; cached by source size, mtime, box and profile. A smaller source is
    cropped but never enlarged. Raises the opener's PhotoError for a damaged source."""
    width, height = box.pixels(dpi)
    target = cache / f"{_cache_key(source, width, height, JPEG_QUALITY, *([ink.digest] if ink else []))}.jpg"
    if target.exists():
        return target
    # the print variant has at most the gallery's print_edge² pixels: the default limit never decides
    with open_image(source, DEFAULT_MAX_PIXELS) as im:
        im = decode(im, (width, height)).convert("RGB")  # JPEG decodes at 1/2 … 1/8 scale when that suffices
        scale = min(1.0, max(width / im.width, height / im.height))
        if scale < 1.0:
            size = (round(width / scale), round(height / scale))
        else:  # too small for the box at this dpi: crop to its shape at the source's own size
            ratio = width / height
            size = (min(im.width, round(im.height * ratio)), min(im.height, round(im.width / ratio)))
            size = (min(size[0], round(size[1] * ratio)), min(size[1], round(size[0] / ratio)))
            width, height = size
        fitted = ImageOps.fit(im, (width, height), Image.Resampling.LANCZOS, centering=(0.5, 0.4))
        return _save_jpeg(ink.photo(fitted) if ink else fitted, target)


def fit_all(jobs: list[tuple[Brand, Photo, Box]], print_image: PrintImages, dpi: int, cache: Path,
            workers: int = 0, ink: Ink | None = None) -> list[Path | None]:
    """Prepared image of each (brand, photo), fitted to its box, on a thread pool (Pillow
    releases the GIL while decoding, resizing and encoding); None for a photo with no image."""

    def one(job: tuple[Brand, Photo, Box]) -> Path | None:
        brand, photo, box = job
        prepared = print_image(brand, photo)
        try:
            return fit_to_box(prepared, box, dpi, cache, ink) if prepared else None
        except PhotoError as error:  # a damaged print copy in the cache: name the teacher's photo, not the copy
            raise FindingsError([Finding(brand.source_name, photo.line, Level.ERROR,
                                         f"照片 {photo.file} 的印刷图{error.message}",
                                         "请删除 .cache/brandsite 文件夹后重新运行 brandsite brochure")]) from error

    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2) as pool:
        return list(pool.map(one, jobs))
