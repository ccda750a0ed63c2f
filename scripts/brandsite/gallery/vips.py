"""libvips (pyvips and its binary wheel) for resampling and encoding, behind `images.render`.

`images.render` opens every photo through `gallery.opener` (format by content, the pixel limit from
the header) and decides orientation and colour exactly as for Pillow; only then, for an 8-bit JPEG,
PNG or WebP, it hands the file here, and for an 8-bit HEIC (10-bit ones included: pillow-heif gives
8 bits) the pixels pillow-heif decoded, already upright. These functions mirror the Pillow ones in
`images` (`working` ↔ decode + resize + `to_srgb`, `resize`, `upright`, `encode`, `to_pillow`), so that
the outputs keep the same sizes, qualities, 4:2:0 JPEG, white behind transparency and no metadata.
Measured in BENCHMARKS.md: LANCZOS resizing and WebP encoding are most of the gallery's CPU, and
libvips does both faster. GIF, AVIF, TIFF, CMYK, 16-bit and palette images stay with Pillow.
"""

from __future__ import annotations

from pathlib import Path

import pyvips
from PIL import Image, ImageCms

from .images import Target
from .opener import decode_heif, incomplete

pyvips.cache_set_max(0)  # each photo is read once: libvips' operation cache would only hold memory

# Pillow's view of a photo that libvips reads the same way: 8-bit, no colour key, no palette.
FORMATS = {"JPEG", "PNG", "WEBP"}
# The wheel's libheif has no HEVC decoder: pillow-heif decodes these, libvips takes the pixels.
DECODED_BY_PILLOW = {"HEIF"}
MODES = {"RGB", "RGBA", "L", "LA"}
_WHITE = [255, 255, 255]


def accepts(im: Image.Image) -> bool:
    """Whether this photo (opened by Pillow, not decoded) goes to libvips."""
    return im.format in FORMATS | DECODED_BY_PILLOW and im.mode in MODES and "transparency" not in im.info


def working(path: Path, im: Image.Image, size: tuple[int, int],
            transform: ImageCms.ImageCmsTransform | None) -> pyvips.Image | None:
    """The photo at `path` (`im`, as the opener read its header) at `size`, not yet upright, converted to
    sRGB when `images.srgb_transform` found its profile to need it; opaque alpha dropped.

    A HEIC is decoded by pillow-heif (already upright) and its pixels handed over; any other file is read
    by libvips. None when libvips sees another image than Pillow did (size or sample depth): Pillow then
    renders it. A truncated or damaged file raises the opener's PhotoError.
    """
    try:
        if im.format in DECODED_BY_PILLOW:
            image = _from_heif(path, im, transform)
        else:
            image = _from_file(path.read_bytes(), im.size, size)
        if image is None:
            return None
        if (image.width, image.height) != size:
            image = image.thumbnail_image(size[0], height=size[1], size="force", no_rotate=True)
        if transform is not None:
            image = image.icc_transform("srgb", embedded=True, intent="perceptual")
        if image.interpretation != "srgb":
            image = image.colourspace("srgb")  # grey, as Pillow's path turns it into RGB
        image = image.copy_memory()
    except pyvips.Error as error:
        raise incomplete() from error
    if image.bands == 4 and image[3].min() == 255:
        image = image[:3]
    return image


def _from_file(data: bytes, stored: tuple[int, int], size: tuple[int, int]) -> pyvips.Image | None:
    header = pyvips.Image.new_from_buffer(data, "")
    if (header.width, header.height) != stored or header.format != "uchar":
        return None
    # the loader's own option: thumbnail's `fail_on` does not reach it, and a cut file would pass grey
    if header.get("vips-loader").startswith("jpeg"):  # shrink-on-load by the DCT, as Pillow's draft
        return pyvips.Image.thumbnail_buffer(data, size[0], height=size[1], size="force", no_rotate=True,
                                             option_string="fail_on=truncated")
    # never libwebp's own scaling: it blurs (16 % fewer WebP bytes than Pillow's, softer)
    return pyvips.Image.new_from_buffer(data, "", fail_on="truncated")


def _from_heif(path: Path, im: Image.Image, transform: ImageCms.ImageCmsTransform | None) -> pyvips.Image | None:
    """The HEIC's pixels as pillow-heif decoded them, shared with libvips (no copy), with the ICC profile
    when it is to be converted."""
    heif = decode_heif(path, im)
    if heif is None:
        return None
    bands = len(heif.mode)  # "L", "RGB" or "RGBA", as `accepts` allows
    # pyvips keeps `data` (and so libheif's pixels) referenced by every image made from this one
    image = pyvips.Image.new_from_memory(heif.data, *heif.size, bands, "uchar")
    image = image.copy(interpretation="srgb" if bands >= 3 else "b-w")
    if transform is not None:
        image.set_type(pyvips.GValue.blob_type, "icc-profile-data", im.info["icc_profile"])
    return image


def resize(image: pyvips.Image, size: tuple[int, int]) -> pyvips.Image:
    """`size` exactly (Lanczos 3), not turned (the orientation is applied once, by `upright`), kept in
    memory: it is encoded and may be the source of a smaller one."""
    return image.thumbnail_image(size[0], height=size[1], size="force", no_rotate=True).copy_memory()


def upright(image: pyvips.Image, orient: int) -> pyvips.Image:
    """Apply the EXIF orientation `orient` (1–8) that `images.orientation` read; libvips' own rules."""
    if orient == 1:
        return image
    tagged = image.copy()
    tagged.set_type(pyvips.GValue.gint_type, "orientation", orient)
    return tagged.autorot()


def encode(image: pyvips.Image, target: Target) -> bytes:
    """WebP (alpha kept) or baseline 4:2:0 JPEG (flattened onto white), with no metadata at all."""
    if target.kind == "webp":
        return image.webpsave_buffer(Q=target.quality, effort=target.method, keep="none")
    if image.bands == 4:
        image = image.flatten(background=_WHITE)
    # libvips turns 4:2:0 off from Q 90; Pillow (libjpeg's default) keeps it: the same files either way
    return image.jpegsave_buffer(Q=target.quality, keep="none", subsample_mode="on")


def to_pillow(image: pyvips.Image) -> Image.Image:
    """The (small) image as Pillow's, for the placeholder colour and preview."""
    mode = "RGBA" if image.bands == 4 else "RGB"
    return Image.frombytes(mode, (image.width, image.height), image.cast("uchar").write_to_memory())
