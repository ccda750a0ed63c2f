"""The pure image pipeline (brandsite.gallery.images) on images the tests make themselves."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image, ImageCms

from brandsite.gallery import images, opener
from fixtures import make_images as make

JPEG = images.Target("jpeg", (2400, None), 90)
WEBP = images.Target("webp", (2400, None), 90, 2)


@pytest.fixture(params=["pillow", "vips"])
def engine(request) -> str:
    """Every guarantee holds with either engine (libvips declines what it does not read as Pillow does)."""
    return request.param


def decoded(output: images.Output) -> Image.Image:
    im = Image.open(io.BytesIO(output.data))
    im.load()
    return im


@pytest.fixture(params=["JPEG", "HEIF"])
def fmt(request) -> str:
    """Camera JPEG and iPhone HEIC: pillow-heif decodes a HEIC (turned by its irot/imir boxes) and, with the
    vips engine, hands its pixels to libvips; every guarantee holds on that path too."""
    return request.param


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_applied_once(tmp_path: Path, orientation: int, engine: str, fmt: str) -> None:
    path = make.oriented_jpeg(tmp_path / f"o{orientation}.jpg", orientation, fmt)
    # full size, and a size resampled from it: each turned once
    half = images.Target("webp", (make.UPRIGHT[0] // 2, None), 80, 2)
    rendered = images.render(path, [JPEG, WEBP, half], engine=engine)
    assert (rendered.width, rendered.height) == make.UPRIGHT
    for output in rendered.outputs:
        im = decoded(output)
        assert im.size == images.fit(make.UPRIGHT, output.target.box)
        corners = make.corner_colours(im)
        for name, expected in make.QUADRANTS.items():
            assert make.close(corners[name], expected), (name, corners[name])
    # the blurred placeholder shown before the photo arrives is upright too
    preview = Image.open(io.BytesIO(base64.b64decode(rendered.preview.split(",", 1)[1])))
    assert preview.size == (16, 11)
    for name, colour in make.corner_colours(preview).items():
        assert make.close(colour, make.QUADRANTS[name], 60), ("preview", name, colour)


def test_no_metadata_reaches_any_output(tmp_path: Path, engine: str, fmt: str) -> None:
    source = make.leaky_jpeg(tmp_path / "leaky.jpg", fmt)
    assert make.metadata_problems(source.read_bytes())  # the fixture does leak
    targets = [images.Target(kind, (w, None), 80) for kind in ("webp", "jpeg") for w in (100, 400)]
    rendered = images.render(source, [*targets, images.Target("print", (3000, 3000), 90)], engine=engine)
    for output in rendered.outputs:
        assert make.metadata_problems(output.data) == [], output.target
    assert base64.b64decode(rendered.preview.split(",", 1)[1]).find(b"Exif") == -1


def test_colour_profile_is_converted_not_dropped(tmp_path: Path, engine: str, fmt: str) -> None:
    source = make.swapped_profile_jpeg(tmp_path / "gbr.jpg", fmt)
    for output in images.render(source, [JPEG, WEBP], engine=engine).outputs:
        assert make.close(decoded(output).convert("RGB").getpixel((32, 32)), (0, 255, 0), 12)


def test_display_p3_photo_becomes_srgb(tmp_path: Path, engine: str, fmt: str) -> None:
    """iPhones tag their photos Display P3: a muted red there is a stronger red in sRGB (dropped: unchanged)."""
    source = tmp_path / f"IMG_0003.{fmt}"
    Image.new("RGB", (64, 64), (200, 60, 60)).save(source, fmt, quality=95, icc_profile=make.display_p3_profile())
    for output in images.render(source, [JPEG, WEBP], engine=engine).outputs:
        assert make.close(decoded(output).convert("RGB").getpixel((32, 32)), (219, 37, 49), 6), output.target


def test_photo_already_in_srgb_gets_no_colour_transform_pass(tmp_path: Path, monkeypatch, engine: str, fmt: str) -> None:
    source = tmp_path / "srgb.jpg"
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()  # LittleCMS's "sRGB built-in"
    make.quadrants((400, 300)).save(source, fmt, quality=95, icc_profile=profile)
    transformed: list[tuple[int, int]] = []
    apply = ImageCms.applyTransform
    monkeypatch.setattr(ImageCms, "applyTransform", lambda im, *a, **k: transformed.append(im.size) or apply(im, *a, **k))
    monkeypatch.setattr(ImageCms, "profileToProfile", None)  # nor by the other way in
    corners = make.corner_colours(decoded(images.render(source, [JPEG], engine=engine).outputs[0]))
    for name, expected in make.QUADRANTS.items():
        assert make.close(corners[name], expected, 12), (name, corners[name])
    assert (400, 300) not in transformed  # the photo's own pixels never went through LittleCMS


RED, GREEN, BLUE = make.SRGB_PRIMARIES


@pytest.mark.parametrize(("profile", "source_colour", "expected"), [
    (make.rgb_profile("sRGB IEC61966-2.1", (GREEN, BLUE, RED)), (255, 0, 0), lambda p: make.close(p, (0, 255, 0), 12)),
    (make.rgb_profile("sRGB linear", (RED, GREEN, BLUE), gamma=1.0), (128, 128, 128), lambda p: min(p) > 170),
])
def test_a_profile_called_srgb_that_is_not_is_still_converted(tmp_path: Path, profile, source_colour, expected, engine: str) -> None:
    """Only what the profile does decides: the name promises nothing (other primaries; linear tones)."""
    source = tmp_path / "called-srgb.jpg"
    Image.new("RGB", (64, 64), source_colour).save(source, "JPEG", quality=95, icc_profile=profile)
    pixel = decoded(images.render(source, [JPEG], engine=engine).outputs[0]).getpixel((32, 32))
    assert expected(pixel), pixel


def test_heic_named_jpg_is_read_by_content(tmp_path: Path, engine: str) -> None:
    source = make.heic_named_jpg(tmp_path / "IMG_0001.JPG")
    rendered = images.render(source, [JPEG], engine=engine)
    assert (rendered.width, rendered.height) == make.UPRIGHT
    assert make.close(make.corner_colours(decoded(rendered.outputs[0]))["top_left"], make.RED)


@pytest.mark.parametrize(
    "maker, words",
    [
        (make.truncated_jpeg, "不完整"),
        (make.truncated_heic, "不完整"),
        (make.png_bomb, "像素过多"),
        (make.not_an_image, "不是可识别的图片"),
    ],
)
def test_bad_files_are_refused_with_a_chinese_reason(tmp_path: Path, maker, words: str, engine: str) -> None:
    source = maker(tmp_path / "bad.jpg")
    with pytest.raises(images.PhotoError) as refused:
        images.render(source, [JPEG], engine=engine)
    assert words in refused.value.message
    assert refused.value.hint


def test_pixel_limit_is_checked_before_a_heic_is_decoded(tmp_path: Path, monkeypatch, engine: str) -> None:
    source = make.oriented_jpeg(tmp_path / "IMG_0002.HEIC", 6, "HEIF")  # 120 x 80 upright, 80 x 120 stored
    decoded_frames = []
    load = pillow_heif.heif.BaseImage.load  # pillow-heif's one way to decode, for Pillow's plugin and for libvips
    monkeypatch.setattr(pillow_heif.heif.BaseImage, "load", lambda im: decoded_frames.append(im.size) or load(im))
    with pytest.raises(images.PhotoError) as refused:
        images.render(source, [JPEG], max_pixels=120 * 80 - 1, engine=engine)
    assert "像素过多" in refused.value.message
    assert decoded_frames == []
    images.render(source, [JPEG], max_pixels=120 * 80, engine=engine)
    assert decoded_frames  # the probe does see a decode


def test_pixel_limit_is_checked_before_decoding(tmp_path: Path) -> None:
    source = make.photo_jpeg(tmp_path / "big.jpg", (400, 300))
    with pytest.raises(opener.PhotoError):
        opener.image_size(source, max_pixels=100_000)
    assert opener.image_size(source, max_pixels=120_000) == (400, 300)


@pytest.mark.parametrize("fmt", ["PNG", "HEIF"])
def test_transparency_is_kept_in_webp_and_white_in_jpeg(tmp_path: Path, engine: str, fmt: str) -> None:
    source = make.transparent_png(tmp_path / "sticker.png", fmt)
    webp, jpeg = images.render(source, [WEBP, JPEG], engine=engine).outputs
    assert decoded(webp).mode == "RGBA"
    assert decoded(webp).getpixel((10, 25))[3] == 0
    assert make.close(decoded(jpeg).getpixel((10, 25)), (255, 255, 255), 3)
    assert make.close(decoded(jpeg).getpixel((90, 25)), (200, 40, 40), 12)


@pytest.mark.parametrize("top", [65535, 255])
def test_16_bit_grey_keeps_its_tones(tmp_path: Path, top: int, engine: str) -> None:
    # a full-range ramp, and 8-bit samples in a 16-bit file: both must show a ramp, not white or black
    source = make.gray16_png(tmp_path / "ramp.png", top)
    im = decoded(images.render(source, [JPEG], engine=engine).outputs[0]).convert("L")
    assert im.getpixel((2, 10)) < 10
    assert 110 < im.getpixel((128, 10)) < 145
    assert im.getpixel((253, 10)) > 240


def test_grey_heic_becomes_rgb_with_its_tones(tmp_path: Path, engine: str) -> None:
    source = tmp_path / "IMG_0005.HEIC"
    Image.linear_gradient("L").rotate(90).resize((256, 32)).save(source, "HEIF", quality=95)  # dark → light, left → right
    im = decoded(images.render(source, [JPEG], engine=engine).outputs[0])
    assert im.mode == "RGB"
    for x in (4, 128, 251):
        r, g, b = im.getpixel((x, 16))
        assert max(r, g, b) - min(r, g, b) <= 3 and abs(g - x) <= 8, (x, (r, g, b))


@pytest.mark.parametrize("top", [65535, 4095])
def test_10_bit_heic_keeps_its_tones(tmp_path: Path, top: int, engine: str) -> None:
    source = make.heic_10bit(tmp_path / "IMG_0004.HEIC", top)
    im = decoded(images.render(source, [JPEG], engine=engine).outputs[0]).convert("L")
    ramp = [im.getpixel((x, 10)) for x in (2, 128, 253)]
    expected = [round(255 * top / 65535 * x / 255) for x in (2, 128, 253)]
    assert all(abs(a - b) <= 8 for a, b in zip(ramp, expected)), (ramp, expected)


def test_first_frame_of_an_animation(tmp_path: Path, engine: str) -> None:
    source = make.animated_gif(tmp_path / "anim.gif")
    im = decoded(images.render(source, [JPEG], engine=engine).outputs[0])
    assert make.close(im.getpixel((20, 20)), make.RED)


def test_widths_are_never_upscaled(tmp_path: Path, engine: str) -> None:
    source = make.photo_jpeg(tmp_path / "photo.jpg", (1000, 750))
    targets = [images.Target("jpeg", (w, None), 82) for w in (480, 960, 1600, 2400)]
    sizes = [(o.width, o.height) for o in images.render(source, targets, engine=engine).outputs]
    assert sizes == [(480, 360), (960, 720), (1000, 750), (1000, 750)]


def test_large_jpeg_gets_exact_sizes_through_draft(tmp_path: Path, engine: str) -> None:
    source = make.photo_jpeg(tmp_path / "camera.jpg", (4000, 3000))
    targets = [images.Target("webp", (480, None), 80, 2), images.Target("print", (3000, 3000), 90)]
    outputs = images.render(source, targets, engine=engine).outputs
    assert [decoded(o).size for o in outputs] == [(480, 360), (3000, 2250)]
    assert make.close(make.corner_colours(decoded(outputs[0]))["bottom_right"], make.YELLOW)


def test_fit_keeps_aspect_and_never_grows() -> None:
    assert images.fit((4032, 3024), (960, None)) == (960, 720)
    assert images.fit((3024, 4032), (3000, 3000)) == (2250, 3000)
    assert images.fit((80, 80), (480, None)) == (80, 80)
    assert images.fit((2, 1), (1, None)) == (1, 1)


def test_placeholder_colour_and_preview(tmp_path: Path, engine: str) -> None:
    source = tmp_path / "red.png"
    Image.new("RGB", (300, 200), (200, 16, 46)).save(source)
    rendered = images.render(source, [JPEG], engine=engine)
    assert rendered.color == "#c8102e"
    header, data = rendered.preview.split(",", 1)
    assert header == "data:image/webp;base64"
    preview = Image.open(io.BytesIO(base64.b64decode(data)))
    assert max(preview.size) == 16


def test_truncated_photo_is_refused_even_after_weasyprint_is_imported(tmp_path, engine: str) -> None:
    import weasyprint  # noqa: F401  (it turns on Pillow's LOAD_TRUNCATED_IMAGES for the process)

    good = tmp_path / "good.jpg"
    make.photo_jpeg(good, (800, 600))
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(images.PhotoError):
        images.render(cut, [JPEG], engine=engine)
