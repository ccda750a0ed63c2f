"""Images as bytes, made with Pillow: the one factory of the tests' pictures (fixtures/make_images.py
writes the special cases, such as rotated, leaky or broken files, with these)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

PALETTE = [(200, 16, 46), (31, 95, 168), (46, 125, 50), (179, 71, 0), (138, 101, 0), (90, 60, 140)]


def encoded(im: Image.Image, format: str = "JPEG", **options) -> bytes:
    """``im`` saved as ``format`` with Pillow's save ``options`` (quality, exif, comment …)."""
    out = io.BytesIO()
    im.save(out, format, **options)
    return out.getvalue()


def solid(size: tuple[int, int], colour: str | tuple[int, ...], format: str = "JPEG", mode: str = "RGB",
          **options) -> bytes:
    """A picture of one colour: enough for a layout, a cache or a Word file that only needs *a* photo."""
    return encoded(Image.new(mode, size, colour), format, **options)


def scene(size: tuple[int, int], seed: int, orientation: int = 1) -> bytes:
    """A JPEG that looks like a photo to a layout (sky, ground, shapes), not noise; ``seed`` picks the colours."""
    width, height = size
    im = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    im = Image.blend(im, Image.new("RGB", size, PALETTE[seed % len(PALETTE)]), 0.55)
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, height * 2 // 3, width, height), fill=PALETTE[(seed + 2) % len(PALETTE)])
    for i in range(5):
        x = (seed * 97 + i * width // 5) % width
        draw.ellipse((x, height // 3, x + width // 8, height // 3 + width // 8), fill=(250, 240, 220))
    return encoded(im, "JPEG", quality=85, exif=orientation_exif(orientation))


def orientation_exif(orientation: int) -> bytes:
    """EXIF that says only how the picture is turned (tag 0x0112)."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif.tobytes()


def ssim(a: Image.Image | np.ndarray, b: Image.Image | np.ndarray) -> float:
    """Mean SSIM of two pictures' grey levels (8x8 windows, the usual constants), over the area both cover:
    the one measure of the gallery's tests and benchmark."""
    x, y = (np.asarray(v.convert("L") if isinstance(v, Image.Image) else v, dtype=float) for v in (a, b))
    h, w = (min(x.shape[0], y.shape[0]) // 8) * 8, (min(x.shape[1], y.shape[1]) // 8) * 8

    def windows(v: np.ndarray) -> np.ndarray:
        return v[:h, :w].reshape(h // 8, 8, w // 8, 8).swapaxes(1, 2).reshape(h // 8, w // 8, 64)

    x, y = windows(x), windows(y)
    mx, my, vx, vy = x.mean(-1), y.mean(-1), x.var(-1), y.var(-1)
    cov = ((x - mx[..., None]) * (y - my[..., None])).mean(-1)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    return float((((2 * mx * my + c1) * (2 * cov + c2)) / ((mx**2 + my**2 + c1) * (vx + vy + c2))).mean())
