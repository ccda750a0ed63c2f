"""What the gallery makes of a photo, decided without opening it: the outputs (`Target`), their sizes
(`fit`), the engine that makes them and the pixel limit.

Pure and free of image libraries: a run that finds every output in the cache names them from these
and never loads Pillow, pillow-heif or libvips (`gallery.images` and `gallery.opener` do).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

# 210 Mpx: the largest phone sensors (Samsung/Xiaomi 200 MP, 16320x12240 = 199.8 Mpx) pass
# with a margin; the 280 Mpx synthetic JPEG and 4 Gpx GIF bombs do not. Measured cost of a
# real 200 MP HEIC: 4.7 s and 1.6 GB, so `gallery.build` decodes such photos one at a time.
DEFAULT_MAX_PIXELS = 210_000_000
ENGINES = ("auto", "pillow", "vips")  # auto: vips when pyvips is installed


@dataclass(frozen=True)
class Target:
    """One output to make: `kind` is "webp", "jpeg" or "print"; `box` bounds the upright size.

    Web variants are bounded by width only (box = (width, None)); the print variant by
    its long edge (box = (edge, edge)).
    """

    kind: str
    box: tuple[int, int | None]
    quality: int
    method: int = 0  # WebP effort, 0 (fast) … 6 (small)


def fit(size: tuple[int, int], box: tuple[int, int | None]) -> tuple[int, int]:
    """The size that fits `box` (width, optional height) keeping the aspect, never larger than `size`."""
    width, height = size
    scale = min(1.0, box[0] / width, (box[1] / height) if box[1] else 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def resolve_engine(engine: str) -> str:
    """"pillow" or "vips" for an engine of ENGINES: "auto" is libvips when pyvips is installed
    (found, not imported: loading libvips is for when a photo must be made)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown gallery engine {engine!r}: one of {', '.join(ENGINES)}")
    if engine == "auto":
        return "vips" if importlib.util.find_spec("pyvips") else "pillow"
    return engine
