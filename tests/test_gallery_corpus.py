"""Every file of ../shared/corpus/images against the last column of its MANIFEST.tsv.

The corpus stays outside the repository; without it these tests are skipped.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageCms

from brandsite.gallery import images
from brandsite.gallery.build import GalleryOptions
from brandsite.profile import photo_rules
from fixtures import make_images as make

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
IMAGES = CORPUS / "images"
OPTIONS = GalleryOptions()
REFERENCE_BOX = 1600  # the MANIFEST's "ok -> WxH" is the reference pipeline's 1600 px bound

# The 200 MP photo the reference refused at Pillow's default limit: our limit admits it on
# purpose (its last column allows either), so it must come out upright at 12240x16320.
ADMITTED = {"bomb/samsung_s24ultra_200mp.heic": (12240, 16320)}

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (IMAGES / "MANIFEST.tsv").is_file(), reason="../shared/corpus is not checked out"),
]


def manifest_rows() -> list[dict[str, str]]:
    if not (IMAGES / "MANIFEST.tsv").is_file():
        return []
    with (IMAGES / "MANIFEST.tsv").open(encoding="utf-8") as stream:
        rows = list(csv.reader(stream, delimiter="\t"))[1:]  # below the header
    return [{"file": row[0], "expected": row[9], "must": row[10]} for row in rows]


ROWS = manifest_rows()
_rendered: dict[str, images.Rendered] = {}


def render(file: str) -> images.Rendered:
    """Each corpus file is rendered once per session with the default options."""
    if file not in _rendered:
        _rendered[file] = images.render(IMAGES / file, OPTIONS.targets(), OPTIONS.max_pixels)
    return _rendered[file]


def decoded(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_manifest_row(row: dict[str, str]) -> None:
    file, expected = row["file"], row["expected"]
    if expected.startswith("skipped"):
        assert photo_rules.is_junk(Path(file).name)
    elif expected.startswith("refused") and file not in ADMITTED:
        with pytest.raises(images.PhotoError) as refused:
            render(file)
        assert refused.value.message and refused.value.hint
    else:
        check_ok(file, expected)


def check_ok(file: str, expected: str) -> None:
    rendered = render(file)
    if file in ADMITTED:
        assert (rendered.width, rendered.height) == ADMITTED[file]
    else:
        width, height = map(int, re.search(r"ok -> (\d+)x(\d+)", expected).groups())
        # the largest web variant, fitted to the reference's 1600 px box, is the reference size
        assert images.fit((rendered.width, rendered.height), (REFERENCE_BOX, REFERENCE_BOX)) == (width, height)
    web = [o for o in rendered.outputs if o.target.kind != "print"]
    largest = max(web, key=lambda o: o.width)
    assert largest.width == min(max(OPTIONS.widths), rendered.width)
    for output in rendered.outputs:
        im = decoded(output.data)
        assert im.size == (output.width, output.height)
        assert im.mode in ("RGB", "RGBA") if output.target.kind == "webp" else im.mode == "RGB"
        assert make.metadata_problems(output.data) == [], (file, output.target)


ORIENTED = [r["file"] for r in ROWS if re.match(r"orientation/(Landscape|Portrait)_\d\.jpg", r["file"])]


@pytest.mark.parametrize("file", ORIENTED)
def test_orientation_matches_the_upright_reference(file: str) -> None:
    reference_file = re.sub(r"_\d\.jpg$", "_1.jpg", file)
    with Image.open(IMAGES / reference_file) as reference:
        reference = reference.convert("RGB")
    output = next(o for o in render(file).outputs if o.target.kind == "jpeg" and o.width == 480)
    got = np.asarray(decoded(output.data).convert("L"), dtype=float)
    want = np.asarray(reference.resize((output.width, output.height), Image.Resampling.LANCZOS).convert("L"), dtype=float)
    assert np.abs(got - want).mean() < 6, "not upright like the _1 reference"


def jpeg_pixels(file: str, width: int | None = None) -> np.ndarray:
    outputs = [o for o in render(file).outputs if o.target.kind == "jpeg"]
    output = next(o for o in outputs if o.width == width) if width else outputs[0]
    return np.asarray(decoded(output.data).convert("RGB"), dtype=float)


def srgb_reference(file: str, size: tuple[int, int]) -> np.ndarray:
    """The file converted with LittleCMS directly from its own profile, at the output's size."""
    with Image.open(IMAGES / file) as im:
        im.load()
        icc = ImageCms.ImageCmsProfile(io.BytesIO(im.info["icc_profile"]))
        converted = ImageCms.profileToProfile(im, icc, ImageCms.createProfile("sRGB"), outputMode="RGB")
    return np.asarray(converted.resize(size, Image.Resampling.LANCZOS), dtype=float)


def coarse(pixels: np.ndarray, block: int = 8) -> np.ndarray:
    if min(pixels.shape[:2]) < block:
        return pixels
    h, w = (pixels.shape[0] // block) * block, (pixels.shape[1] // block) * block
    return pixels[:h, :w].reshape(h // block, block, w // block, block, -1).mean(axis=(1, 3))


@pytest.mark.parametrize(
    "file",
    ["icc/p3_gamma22_red.jpg", "icc/rgb_to_gbr_profile.jpg", "icc/adobe_rgb_canon.jpg",
     "icc/icc_400kb_7chunks_progressive.jpg", "grayscale/gray_gamma22_icc.jpg", "icc/prophoto_1px.png"],
)
def test_colour_profiles_are_converted_to_srgb(file: str) -> None:
    got = jpeg_pixels(file)
    want = srgb_reference(file, (got.shape[1], got.shape[0]))
    # compared on 8x8-pixel averages: JPEG noise and resampling detail are not colour
    got, want = coarse(got), coarse(want)
    assert np.abs(got - want).mean() < 3
    if file in ("icc/p3_gamma22_red.jpg", "icc/rgb_to_gbr_profile.jpg"):  # saturated: dropping the profile shows
        with Image.open(IMAGES / file) as im:
            naive = coarse(np.asarray(im.convert("RGB").resize(tuple(jpeg_pixels(file).shape[1::-1])), dtype=float))
            assert np.abs(naive - want).mean() > 2 * np.abs(got - want).mean()


def test_colour_swapping_profile_puts_red_where_the_label_says() -> None:
    # the test card prints "RED" at the top centre over the red sector
    pixels = jpeg_pixels("icc/rgb_to_gbr_profile.jpg", 480)
    r, g, b = pixels[20, 240]
    assert r > 200 and g < 120 and b < 120


def test_cmyk_without_profile_is_not_inverted() -> None:
    # red lettering on black: inverted Adobe CMYK would give cyan on white
    pixels = jpeg_pixels("cmyk/cmyk_adobe_noicc.jpg")
    assert pixels.mean() < 80
    red = (pixels[..., 0] > 200) & (pixels[..., 1] < 60) & (pixels[..., 2] < 60)
    assert red.mean() > 0.05


@pytest.mark.parametrize(
    "file",
    ["transparency/fully_transparent.png", "transparency/rgba_black_under_alpha.png",
     "transparency/palette_trns.png", "transparency/rgb_trns_colorkey.png", "png16/rgb16_trns.png",
     "animated/dispose_bg_transparent_10f.gif", "wrong_extension/png_saved_as.jpg"],
)
def test_transparent_areas_are_white_in_jpeg_and_clear_in_webp(file: str) -> None:
    outputs = render(file).outputs
    webp = decoded(next(o for o in outputs if o.target.kind == "webp").data).convert("RGBA")
    alpha = np.asarray(webp, dtype=float)[..., 3]
    clear = alpha == 0
    assert clear.any(), "transparency lost in WebP"
    jpeg = jpeg_pixels(file)
    assert jpeg[clear].mean() > 245, "transparent area not white in JPEG"


def test_16_bit_grey_keeps_tones() -> None:
    with Image.open(IMAGES / "png16/gray16_I16.png") as im:
        want = np.asarray(im, dtype=float) / 257
    got = jpeg_pixels("png16/gray16_I16.png")[..., 0]
    assert np.abs(got - want).mean() < 3


def test_16_bit_grey_with_8_bit_samples_is_not_black() -> None:
    with Image.open(IMAGES / "png16/gray16_trns_I16.png") as im:
        samples = np.asarray(im, dtype=float)
    got = jpeg_pixels("png16/gray16_trns_I16.png")[..., 0]
    opaque = samples != 255  # the tRNS key
    assert np.abs(got[opaque] - samples[opaque]).mean() < 3
    assert got[~opaque].mean() > 250  # the tRNS key's pixels: transparent, so white
