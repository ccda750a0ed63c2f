"""How alike two engines' outputs are, for `bench_gallery`: the SSIM yardstick of every output, and the
table of bytes and SSIM per variant kind (480/960/1600/2400 × WebP/JPEG and the print JPEG) of our
gallery's vips engine against its Pillow engine, in total and file by file.

Output files are named as gallery_engines names them: `<photo stem>-<kind>-<width>.<ext>`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from brandsite.gallery import images as gallery
from brandsite.gallery.build import GalleryOptions

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # kit.images.ssim: the tests' one SSIM
from kit.images import ssim  # noqa: E402

OPTIONS = GalleryOptions()
NAMES = {"webp": "WebP", "jpeg": "JPEG", "print": "印刷 JPEG"}


def parts(file: Path) -> tuple[str, str, int]:
    """(photo stem, kind, width) of an output file's name."""
    stem, kind, width = file.stem.rsplit("-", 2)
    return stem, kind, int(width)


@dataclass
class Yardstick:
    """Each photo decoded at full size, upright, sRGB, resized once with LANCZOS to each output's box,
    in grey: what every engine's output is compared with. Kept per (photo, box), so that the engines'
    outputs of one photo share one full-size decode."""

    photos: dict[str, Path]
    _grey: dict[tuple[str, tuple[int, int | None]], np.ndarray] = field(default_factory=dict)

    @classmethod
    def of(cls, photos: Iterable[Path]) -> Yardstick:
        return cls({p.stem: p for p in photos})

    def scores(self, files: Iterable[Path]) -> dict[str, float]:
        """SSIM of each file against its reference, by file name."""
        by_photo: dict[str, list[Path]] = {}
        for file in files:
            by_photo.setdefault(parts(file)[0], []).append(file)
        found = {}
        for stem, made in by_photo.items():
            boxes = {file.name: self._box(file) for file in made}
            self._references(stem, set(boxes.values()))
            for file in made:
                with Image.open(file) as im:
                    found[file.name] = ssim(self._grey[stem, boxes[file.name]], np.asarray(im.convert("L")))
        return found

    @staticmethod
    def _box(file: Path) -> tuple[int, int | None]:
        _, kind, width = parts(file)
        return (OPTIONS.print_edge, OPTIONS.print_edge) if kind == "print" else (width, None)

    def _references(self, stem: str, boxes: set[tuple[int, int | None]]) -> None:
        missing = {box for box in boxes if (stem, box) not in self._grey}
        if not missing:
            return
        with Image.open(self.photos[stem]) as im:
            full = gallery.to_srgb(gallery.to_8bit(ImageOps.exif_transpose(im)))
        for box in missing:
            small = full.resize(gallery.fit(full.size, box), Image.Resampling.LANCZOS)
            self._grey[stem, box] = np.asarray(gallery.flatten(small).convert("L"))


def kind_of(kind: str, width: int) -> tuple[int, str]:
    """The plan's variant an output answers: the smallest planned width at least as wide (a photo
    narrower than 2,400 px gets its own width for "2400"); the print JPEG is one kind."""
    if kind == "print":
        return (OPTIONS.print_edge, kind)
    return (min((w for w in OPTIONS.widths if w >= width), default=max(OPTIONS.widths)), kind)


def _spread(values: list[float]) -> str:
    return f"{min(values):+.2f} %～{max(values):+.2f} %"


def table(pillow: Path, vips: Path, yardstick: Yardstick) -> list[str]:
    """Bytes and SSIM per variant kind, vips engine against Pillow engine (Markdown)."""
    ours = {f.name: f for f in sorted(pillow.iterdir()) if f.is_file()}
    theirs = {f.name: f for f in sorted(vips.iterdir()) if f.is_file()}
    both = sorted(ours.keys() & theirs.keys())
    a, b = yardstick.scores(ours[n] for n in both), yardstick.scores(theirs[n] for n in both)
    kinds: dict[tuple[int, str], list[str]] = {}
    for name in both:
        _, kind, width = parts(Path(name))
        kinds.setdefault(kind_of(kind, width), []).append(name)
    lines = ["| 输出 | 文件数 | Pillow 引擎字节 | vips 引擎字节 | 字节差 | 逐个文件字节差 | SSIM Pillow | SSIM vips | SSIM 差 | 逐个文件 SSIM 差 |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for (width, kind), names in sorted(kinds.items(), key=lambda item: (item[0][1] == "print", item[0])):
        size_a = [ours[n].stat().st_size for n in names]
        size_b = [theirs[n].stat().st_size for n in names]
        score_a, score_b = [a[n] for n in names], [b[n] for n in names]
        label = NAMES[kind] if kind == "print" else f"{width} {NAMES[kind]}"
        lines.append(
            f"| {label} | {len(names)} | {sum(size_a) / 1e6:.2f} MB | {sum(size_b) / 1e6:.2f} MB | "
            f"{(sum(size_b) / sum(size_a) - 1) * 100:+.2f} % | "
            f"{_spread([(y / x - 1) * 100 for x, y in zip(size_a, size_b)])} | "
            f"{np.mean(score_a):.5f} | {np.mean(score_b):.5f} | {(np.mean(score_b) / np.mean(score_a) - 1) * 100:+.3f} % | "
            f"{_spread([(y / x - 1) * 100 for x, y in zip(score_a, score_b)])} |")
    unmatched = len(ours.keys() ^ theirs.keys())
    if unmatched:
        lines.append(f"\n{unmatched} 个输出只有一个引擎做了（宽度不同），没有比较。")
    return lines
