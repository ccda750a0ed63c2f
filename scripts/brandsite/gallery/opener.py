"""The one way this package opens a photo: the gallery, the review's photo rules, the PR summary's
thumbnails and the brochure's print images all read pixels through `open_image` (the gallery's libvips
engine, once `open_image` has checked a HEIC, has it decoded by `decode_heif`: the same pillow-heif,
without the copy into Pillow's memory).

The contract: the format is found from the content, not the name (HEIC arrives named .JPG); the
pixel count is checked against the caller's `max_pixels` from the header, before any pixel is
decoded; a truncated file is refused, never padded with grey; every failure is a PhotoError with
a Chinese reason and hint. Pillow's own process-wide switches — its decompression-bomb guard
(`Image.MAX_IMAGE_PIXELS`, whose warning the gallery used to silence) and WeasyPrint's
`LOAD_TRUNCATED_IMAGES` — are set for us only while a photo we opened is in use and put back
after, so neither the result of a call nor the rest of the process depends on what ran first.
"""

from __future__ import annotations

import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pillow_heif
from PIL import Image, ImageFile, UnidentifiedImageError

# HEIC arrives named .JPG: the opener must be registered for every file, not chosen by name.
pillow_heif.register_heif_opener()

# What Pillow and pillow-heif raise on files that are damaged, truncated or not images.
DECODE_ERRORS = (
    OSError,  # includes UnidentifiedImageError and "image file is truncated"
    ValueError,  # "Decompressed data too large", pillow-heif errors
    SyntaxError,  # Pillow's "not a … file" in some plugins
    EOFError,
    struct.error,
    IndexError,
    MemoryError,
)


class PhotoError(Exception):
    """A photo that cannot be published; `message` and `hint` are for the teacher, in Chinese."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self):  # back from a worker process whole: the hint too
        return PhotoError, (self.message, self.hint)


class _PillowSwitches:
    """Pillow's two process-wide switches, ours while any opened photo is in use (on any thread).

    Ours: no bomb guard of Pillow's own (it would refuse a 200 MP phone photo at twice its default
    of 89 Mpx, or allow more after someone raised it; our limit, per call, decides instead) and
    truncated files refused (WeasyPrint allows them for the whole process when it is imported).
    The first photo opened saves the process's values; the last one closed restores them.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._saved: tuple[int | None, bool] = (None, False)  # the process's values, taken by the first user

    @contextmanager
    def ours(self) -> Iterator[None]:
        with self._lock:
            if self._users == 0:
                self._saved = (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES)
                Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = None, False
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = self._saved


_SWITCHES = _PillowSwitches()


@contextmanager
def open_image(path: Path, max_pixels: int) -> Iterator[Image.Image]:
    """The first frame of the photo at `path`, opened by content and checked against `max_pixels`
    from its header; not yet decoded, so that `decode` in the block can still shrink a JPEG.

    Use it as `with open_image(path, limit) as im:`; decode inside the block. Raises PhotoError for
    anything that is not a readable image within the limit.
    """
    with _SWITCHES.ours():
        try:
            im = Image.open(path)
        except UnidentifiedImageError as error:
            raise PhotoError("不是可识别的图片文件", "请确认文件是照片（JPEG、PNG、HEIC 等），并从手机或相机重新导出") from error
        except DECODE_ERRORS as error:
            raise PhotoError("已损坏，无法读取", "请从手机或相机重新导出这张照片") from error
        with im:  # closes the file on the way out; pixels already decoded stay usable
            pixels = im.width * im.height
            if pixels > max_pixels:
                raise too_large(pixels, max_pixels)
            if pixels == 0:
                raise PhotoError("没有像素（宽或高为 0）", "请从手机或相机重新导出这张照片")
            yield im


def image_size(path: Path, max_pixels: int) -> tuple[int, int]:
    """(width, height) as stored, from the header alone; PhotoError as `open_image`."""
    with open_image(path, max_pixels) as im:
        return im.size


def decode(im: Image.Image, needed: tuple[int, int]) -> Image.Image:
    """Load the first frame of an image from `open_image`; a JPEG far larger than `needed` is
    decoded at 1/2, 1/4 or 1/8 scale. A truncated or damaged file raises PhotoError."""
    try:
        if im.format in ("JPEG", "MPO"):
            im.draft(None, needed)  # DCT scaling: never below `needed`
        im.load()
    except DECODE_ERRORS as error:
        raise incomplete() from error
    return im


def decode_heif(path: Path, im: Image.Image) -> pillow_heif.HeifImage | None:
    """The primary image of the HEIC at `path`, which `open_image` opened (and checked) as `im`, decoded by
    pillow-heif itself: its `data` is a view of libheif's pixels, with no copy into Pillow's memory;
    upright as its irot/imir boxes say, 8 bits a sample (10- and 12-bit photos reduced), rows with no
    padding. None when the file now holds another image than `im` (size or mode); a damaged or
    truncated file raises PhotoError."""
    try:
        heif = pillow_heif.open_heif(path, convert_hdr_to_8bit=True, remove_stride=True)
        primary = heif[heif.primary_index]
        if (primary.size, primary.mode) != (im.size, im.mode):
            return None  # never decode more than the opener allowed
        primary.load()
    except (*DECODE_ERRORS, RuntimeError) as error:  # libheif's other failures are RuntimeError
        raise incomplete() from error
    return primary if primary.size == im.size else None


def incomplete() -> PhotoError:
    """The refusal of a truncated or damaged photo, whichever library found it out."""
    return PhotoError("已损坏或不完整（可能复制中断），无法读取", "请从手机或相机重新导出这张照片")


def too_large(pixels: int, max_pixels: int) -> PhotoError:
    """The refusal of a photo of `pixels` over the limit."""
    return PhotoError(
        f"像素过多（{pixels / 1e6:.0f} 百万像素，上限 {max_pixels / 1e6:.0f} 百万像素），可能是恶意文件",
        "请用手机或电脑把照片缩小后再放入 photos/",
    )
