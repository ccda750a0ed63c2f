"""Photo → web and print variants: pure image functions, no MkDocs, no cache.

Each function takes an image (or a file) and returns a new one, in the manner of
Pillow's ImageOps. `render` chains them: open by content (through `gallery.opener`, the one
opener), take the first frame, decode no larger than needed, convert to 8-bit sRGB (not when the
photo already is), resize each web width from the next larger one, put upright, and encode with no
metadata at all. With the engine "vips", an 8-bit JPEG, PNG or WebP is decoded, resized and encoded
by libvips (`gallery.vips`, the same steps) after the opener and this module have read its header,
orientation and colour profile, and a HEIC is decoded by pillow-heif and resized and encoded by
libvips; every other photo, and every photo without pyvips, stays with Pillow.
The cache is `gallery.cache` and the pool of threads or processes lives in `gallery.build`, around this
module, never inside it.
"""

from __future__ import annotations

import base64
import io
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageCms, ImageFilter

from .opener import DECODE_ERRORS, PhotoError, decode, open_image
from .plan import DEFAULT_MAX_PIXELS, Target, fit, resolve_engine

ORIENTATION_TAG = 0x0112
# EXIF orientation → the transposition that makes the photo upright (as ImageOps.exif_transpose).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SWAPS_SIDES = {5, 6, 7, 8}

_SRGB = ImageCms.createProfile("sRGB")
# Every grey level and a 6x6x6 cube of colours: a profile that maps all of them to sRGB unchanged
# (within one level) describes sRGB, whatever it is called.
_PROBE = Image.frombytes("RGB", (256 + 216, 1), bytes(
    [v for level in range(256) for v in (level, level, level)]
    + [v for r in range(0, 256, 51) for g in range(0, 256, 51) for b in range(0, 256, 51) for v in (r, g, b)]))
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class Output:
    target: Target
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class Rendered:
    width: int  # upright intrinsic size
    height: int
    color: str  # dominant colour "#rrggbb", for the placeholder
    preview: str  # tiny blurred WebP as a data: URI
    outputs: tuple[Output, ...]


def orientation(im: Image.Image) -> int:
    """The EXIF/XMP orientation 1–8 (pillow-heif reports 1, having rotated already); 1 if unreadable."""
    try:
        value = im.getexif().get(ORIENTATION_TAG, 1)
    except DECODE_ERRORS:  # a corrupt EXIF block still leaves good pixels
        return 1
    return value if value in _UPRIGHT else 1


def upright_size(size: tuple[int, int], orient: int) -> tuple[int, int]:
    return (size[1], size[0]) if orient in _SWAPS_SIDES else size


def make_upright(im: Image.Image, orient: int) -> Image.Image:
    """Apply the orientation once; the result carries no orientation to apply again."""
    method = _UPRIGHT.get(orient)
    return im.transpose(method) if method is not None else im


def to_8bit(im: Image.Image) -> Image.Image:
    """8-bit L, LA, RGB, RGBA or CMYK (modes that resize well); `info` (the ICC) is kept.

    16-bit grey keeps its tones, palette and colour-key transparency become alpha.
    """
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        return _gray16_to_8bit(im)
    if im.mode == "P" or (im.mode in ("L", "RGB") and "transparency" in im.info):
        return _transparency_to_alpha(im)
    if im.mode not in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return im.convert("RGBA" if im.mode in ("PA", "La", "RGBa") else "L" if im.mode == "1" else "RGB")
    return im


def to_srgb(im: Image.Image) -> Image.Image:
    """8-bit sRGB "RGB" or "RGBA" from an image of `to_8bit`, using its embedded ICC profile.

    The result carries no `info`: nothing of the source may reach an encoder.
    """
    icc = im.info.get("icc_profile")
    if icc:
        im = _convert_profile(im, icc)
    if im.mode not in ("RGB", "RGBA"):
        im = im.convert("RGBA" if im.mode == "LA" else "RGB")
    im.info = {}  # resize and convert copy `info`, the JPEG comment included
    return im


def _gray16_to_8bit(im: Image.Image) -> Image.Image:
    # Scale by bit depth; but exporters that put 8-bit samples in a 16-bit file (max ≤ 255)
    # meant them as 8-bit, and scaling those by 1/257 would turn the photo black.
    low, high = im.getextrema()
    scale = 1.0 if high <= 255 else 255 / 65535
    gray = im.convert("I").point(lambda v: v * scale).convert("L")
    if "transparency" in im.info:  # the key is a 16-bit sample: match it before scaling
        alpha = im.convert("RGBA").getchannel("A")
        return Image.merge("LA", (gray, alpha))
    return gray


def _transparency_to_alpha(im: Image.Image) -> Image.Image:
    key = im.info.get("transparency")
    if key is None:  # a palette image without transparency
        return im.convert("RGB")
    if im.mode == "RGB" and isinstance(key, tuple) and max(key) > 255:
        # a 16-bit PNG's colour key on pixels Pillow has reduced to their high byte
        im.info["transparency"] = tuple(v >> 8 for v in key)
    return im.convert("RGBA")


def srgb_transform(icc: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """LittleCMS's transform from the profile `icc` to sRGB for "RGB" or "L" pixels; None when there
    is nothing to do: an empty or broken profile, one of another colour space, or one that is sRGB."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        # outputMode "RGB" is what lets a grey or CMYK profile convert at all
        transform = ImageCms.buildTransform(source, _SRGB, mode, "RGB")
    except (OSError, ImageCms.PyCMSError):
        return None  # leave as decoded
    if mode == "RGB" and _changes_nothing(transform):
        return None  # already sRGB (as Google's and Samsung's phones tag theirs): no full pass for nothing
    return transform


def colour_mode(mode: str) -> str:
    """The mode of an image's colour channels, alpha aside (what its profile describes)."""
    return "L" if mode == "LA" else "RGB" if mode == "RGBA" else mode


def _convert_profile(im: Image.Image, icc: bytes) -> Image.Image:
    if im.mode not in ("RGB", "RGBA", "L", "CMYK", "LA"):
        return im
    transform = srgb_transform(icc, colour_mode(im.mode))
    if transform is None:
        return im
    alpha = im.getchannel("A") if im.mode in ("LA", "RGBA") else None
    colour = im.convert(colour_mode(im.mode)) if colour_mode(im.mode) != im.mode else im
    try:
        converted = ImageCms.applyTransform(colour, transform)
    except ImageCms.PyCMSError:
        return im
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _changes_nothing(transform: ImageCms.ImageCmsTransform) -> bool:
    """True when `transform` leaves every probe colour within one level of itself."""
    probe = ImageCms.applyTransform(_PROBE, transform)
    return max(abs(a - b) for a, b in zip(probe.tobytes(), _PROBE.tobytes())) <= 1


def drop_opaque_alpha(im: Image.Image) -> Image.Image:
    """An RGBA image whose alpha is all 255 becomes RGB (smaller WebP, no flatten needed)."""
    if im.mode == "RGBA" and im.getchannel("A").getextrema() == (255, 255):
        return im.convert("RGB")
    return im


def flatten(im: Image.Image, background: tuple[int, int, int] = WHITE) -> Image.Image:
    """RGB with transparent areas composited onto `background` (white: the page and the paper)."""
    if im.mode != "RGBA":
        return im if im.mode == "RGB" else im.convert("RGB")
    base = Image.new("RGB", im.size, background)
    base.paste(im, mask=im.getchannel("A"))
    return base


def encode(im: Image.Image, target: Target) -> bytes:
    """WebP (alpha kept) or baseline JPEG (flattened), with no EXIF, XMP, ICC or comment."""
    if target.kind == "webp":
        buffer = io.BytesIO()
        im.save(buffer, "WEBP", quality=target.quality, method=target.method)
        return buffer.getvalue()
    im = flatten(im)
    im.info = {}  # JPEG writes im.info["comment"] unless told otherwise
    # Pillow holds the GIL while encoding into memory but not into a file: the other photo's thread runs meanwhile
    with tempfile.TemporaryFile() as stream:
        im.save(stream, "JPEG", quality=target.quality)
        stream.seek(0)
        return stream.read()


def dominant_color(im: Image.Image) -> str:
    """The most common of a few colours of the (flattened) photo, as "#rrggbb"."""
    small = flatten(im).resize((32, 32), Image.Resampling.BOX)
    quantized = small.quantize(colors=5, method=Image.Quantize.MEDIANCUT)
    _, index = max(quantized.getcolors())
    palette = quantized.getpalette() or []
    r, g, b = palette[index * 3 : index * 3 + 3]
    return f"#{r:02x}{g:02x}{b:02x}"


def blurred_preview(im: Image.Image, width: int = 16) -> str:
    """A `width`-pixel blurred WebP of the photo as a data: URI (a few hundred bytes)."""
    small = flatten(im).resize(fit(im.size, (width, width)), Image.Resampling.BOX)
    small = small.filter(ImageFilter.GaussianBlur(0.6))
    small.info = {}
    buffer = io.BytesIO()
    small.save(buffer, "WEBP", quality=40)
    return "data:image/webp;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@dataclass(frozen=True)
class _Engine:
    """One library's operations on its own images (Pillow's, or libvips' in `gallery.vips`)."""

    resize: Callable[[Any, tuple[int, int]], Any]
    upright: Callable[[Any, int], Any]
    encode: Callable[[Any, Target], bytes]
    to_pillow: Callable[[Any], Image.Image]


_PILLOW = _Engine(lambda im, size: im.resize(size, Image.Resampling.LANCZOS), make_upright, encode, lambda im: im)


def render(path: Path, targets: Iterable[Target], max_pixels: int = DEFAULT_MAX_PIXELS,
           engine: str = "pillow") -> Rendered:
    """Make every target from the photo at `path`, decoding it once.

    The largest output is resampled from the full photo, each smaller one from the smallest
    web size made so far that is at least twice its size (see `_resampled`), and everything is
    turned upright only when encoded, once small. `engine` is one of plan.ENGINES. Raises PhotoError
    (the opener's) for a bad file.
    """
    targets = list(targets)
    with open_image(path, max_pixels) as im:
        orient = orientation(im)
        upright = upright_size(im.size, orient)
        sizes = [fit(upright, t.box) for t in targets]
        largest = max(sizes, default=upright, key=_area)
        stored_largest = upright_size(largest, orient)
        first, ops = _working(path, im, stored_largest, resolve_engine(engine))
    made = [first]

    outputs: dict[int, Output] = {}
    encoded: dict[tuple[str, int, int, tuple[int, int]], bytes] = {}  # widths above the photo's collapse
    for index in sorted(range(len(targets)), key=lambda i: -_area(sizes[i])):  # largest first
        target, size = targets[index], sizes[index]
        # before rotating: fewer pixels to move. The print JPEG is never a source for a web size, so that
        # a web variant's bytes do not depend on whether the print one was asked for (same key, same file)
        image = _resampled(made, upright_size(size, orient), ops.resize, keep=target.kind != "print")
        same = (target.kind, target.quality, target.method, size)
        if same not in encoded:
            encoded[same] = ops.encode(ops.upright(image, orient), target)
        outputs[index] = Output(target, size[0], size[1], encoded[same])
    smallest = ops.to_pillow(ops.upright(min(made, key=lambda m: m.width * m.height), orient))
    return Rendered(
        upright[0],
        upright[1],
        dominant_color(smallest),
        blurred_preview(smallest),
        tuple(outputs[i] for i in range(len(targets))),
    )


def _working(path: Path, im: Image.Image, size: tuple[int, int], engine: str) -> tuple[Any, _Engine]:
    """The opened photo decoded at `size` (as stored), 8-bit sRGB, and the engine to carry on with."""
    if engine == "vips":
        from . import vips  # loads libvips: only when asked for

        if vips.accepts(im):
            transform = srgb_transform(im.info["icc_profile"], colour_mode(im.mode)) if im.info.get("icc_profile") else None
            image = vips.working(path, im, size, transform)
            if image is not None:
                return image, _Engine(vips.resize, vips.upright, vips.encode, vips.to_pillow)
    working = to_8bit(decode(im, size))
    # shrink before the colour transform: a 200 MP photo then costs LittleCMS a few Mpx
    if working.size != size:
        working = working.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return drop_opaque_alpha(to_srgb(working)), _PILLOW


def _resampled(made: list[Any], size: tuple[int, int], resize: Callable[[Any, tuple[int, int]], Any],
               keep: bool = True) -> Any:
    """`size` made with `resize` (LANCZOS) from the smallest of `made` at least twice as large (else the
    first), and with `keep` added to `made`.

    Pillow's reasoning for `reducing_gap`: from twice the size or more, one more step is
    indistinguishable from resampling the full photo. Measured on the corpus's phone photos, a
    cascade through every width (2400 → 1600 → 960 → 480) would save a tenth of the resizing but
    change the 960 px files by up to 1.8 % of their bytes (SSIM within 0.1 %): not taken.
    """
    for image in made:
        if (image.width, image.height) == size:
            return image
    roomy = [m for m in made if m.width >= 2 * size[0] and m.height >= 2 * size[1]]
    source = min(roomy, key=lambda m: m.width * m.height) if roomy else made[0]
    image = resize(source, size)
    if keep:
        made.append(image)
    return image


def _area(size: tuple[int, int]) -> int:
    return size[0] * size[1]
