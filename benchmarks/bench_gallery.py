"""Gallery benchmark for `make bench`: a Markdown section for BENCHMARKS.md.

Measures, in one run: photos/second of the pipeline against a naive Pillow pipeline on the
corpus's 8–24 MP photos, SSIM of their 960 px JPEGs against a full-quality reference, the
no-op rerun time of 1,000 cached photos, and the peak memory for a 50 MP photo.
Needs numpy (a test dependency).
"""

from __future__ import annotations

import collections
import csv
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pillow_heif
from PIL import Image, ImageOps

from brandsite.gallery import images as gallery
from brandsite.gallery.build import GalleryOptions, build_gallery
from brandsite.model import Brand, Photo

OPTIONS = GalleryOptions()


def large_photos(corpus: Path) -> list[Path]:
    """The MANIFEST's publishable photos of 8 to 24 megapixels."""
    with (corpus / "images" / "MANIFEST.tsv").open(encoding="utf-8") as stream:
        rows = list(csv.reader(stream, delimiter="\t"))[1:]
    chosen = []
    for row in rows:
        size = row[8].split(";")[0].split()[-1]  # "JPEG RGB 3264x2448; ..." → "3264x2448"
        if "x" in size and row[9].startswith("ok"):
            width, height = map(int, size.split("x"))
            if 8e6 <= width * height <= 24e6:
                chosen.append(corpus / "images" / row[0])
    return chosen


def naive(path: Path) -> dict[tuple[str, int], bytes]:
    """What a first attempt does: open, exif_transpose, resize from full size for every output."""
    outputs = {}
    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im.convert("RGB"))
        for width in OPTIONS.widths:
            size = gallery.fit(im.size, (width, None))
            small = im.resize(size, Image.Resampling.LANCZOS)
            for kind, fmt in (("webp", "WEBP"), ("jpeg", "JPEG")):
                buffer = io.BytesIO()
                small.save(buffer, fmt, quality=OPTIONS.webp_quality if kind == "webp" else OPTIONS.jpeg_quality)
                outputs[kind, size[0]] = buffer.getvalue()
        size = gallery.fit(im.size, (OPTIONS.print_edge, OPTIONS.print_edge))
        buffer = io.BytesIO()
        im.resize(size, Image.Resampling.LANCZOS).save(buffer, "JPEG", quality=OPTIONS.print_quality)
        outputs["print", size[0]] = buffer.getvalue()
    return outputs


def unavoidable_seconds(photos: list[Path]) -> float:
    """One photo after another, the work no pipeline of this quality can skip: decoding, the one
    LANCZOS resampling from full size to the largest width, and encoding every output with our
    settings (the smaller sizes are made outside the clock)."""
    total = 0.0
    for path in photos:
        start = time.perf_counter()
        with Image.open(path) as im:
            im.load()
            full = im.convert("RGB")
        largest = full.resize(gallery.fit(full.size, (max(OPTIONS.widths), None)), Image.Resampling.LANCZOS)
        total += time.perf_counter() - start
        for target in OPTIONS.targets():
            image = largest.resize(gallery.fit(full.size, target.box), Image.Resampling.LANCZOS)
            start = time.perf_counter()
            gallery.encode(image, target)
            total += time.perf_counter() - start
    return total


def naive_one_by_one(photos: list[Path]) -> list[dict]:
    """The naive pipeline as a first script runs it: one photo after another."""
    return [naive(path) for path in photos]


def naive_on_threads(photos: list[Path]) -> list[dict]:
    """The naive pipeline on the same pool of threads as ours, one per core."""
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        return list(pool.map(naive, photos))


def brandsite_gallery(folder: Path, cache: Path) -> dict[str, Path]:
    """`build_gallery` as `brandsite gallery` runs it, into an empty cache: 960 px JPEG per photo."""
    shutil.rmtree(cache, ignore_errors=True)
    photos = tuple(Photo(f"photos/{p.name}", "示例图片", line=n + 1) for n, p in enumerate(sorted((folder / "photos").iterdir())))
    brand = Brand("bench", folder / "index.md", "brands/bench/index.md", "t", "s", "o", "x", "", gallery=photos)
    manifest, findings = build_gallery([brand], cache, OPTIONS)
    assert not findings, findings
    return {p.file: next(v.path for v in p.variants if (v.format, v.width) == ("jpeg", 960)) for p in manifest.photos("bench")}


def timed(run) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM of two greyscale images (8x8 windows, the usual constants)."""
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    h, w = (min(a.shape[0], b.shape[0]) // 8) * 8, (min(a.shape[1], b.shape[1]) // 8) * 8

    def windows(x: np.ndarray) -> np.ndarray:
        return x[:h, :w].reshape(h // 8, 8, w // 8, 8).swapaxes(1, 2).reshape(h // 8, w // 8, 64)

    x, y = windows(a.astype(float)), windows(b.astype(float))
    mx, my = x.mean(-1), y.mean(-1)
    vx, vy = x.var(-1), y.var(-1)
    cov = ((x - mx[..., None]) * (y - my[..., None])).mean(-1)
    return float((((2 * mx * my + c1) * (2 * cov + c2)) / ((mx**2 + my**2 + c1) * (vx + vy + c2))).mean())


def reference_960(path: Path) -> np.ndarray:
    """Full-size decode, upright, sRGB, resized once with LANCZOS: the quality yardstick."""
    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im)
        im = gallery.to_srgb(gallery.to_8bit(im))
        return np.asarray(gallery.flatten(im.resize(gallery.fit(im.size, (960, None)), Image.Resampling.LANCZOS)).convert("L"))


def grey(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("L"))


def noop_rerun(count: int = 1000) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "brands" / "bench"
        (folder / "photos").mkdir(parents=True)
        for n in range(count):
            Image.new("RGB", (64, 48), (n % 256, 90, 160)).save(folder / "photos" / f"{n}.jpg")
        photos = tuple(Photo(f"photos/{n}.jpg", "示例图片", line=n + 1) for n in range(count))
        brand = Brand("bench", folder / "index.md", "brands/bench/index.md", "t", "s", "o", "x", "", gallery=photos)
        cache = Path(tmp) / "cache"
        start = time.perf_counter()
        build_gallery([brand], cache, OPTIONS)
        first = time.perf_counter() - start
        start = time.perf_counter()
        manifest, _ = build_gallery([brand], cache, OPTIONS)
        assert manifest.stats.cached == count
        return first, time.perf_counter() - start


def peak_memory_50mp() -> tuple[float, float]:
    """Render a generated 50 MP JPEG in a fresh process; its peak RSS in MB and seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "50mp.jpg"
        rng = np.random.default_rng(0)
        tile = rng.integers(0, 255, size=(512, 512, 3), dtype=np.uint8)
        Image.fromarray(np.tile(tile, (16, 17, 1))[:6144, :8192]).save(source, quality=90)
        code = (
            "import sys, time; from pathlib import Path;"
            "from brandsite.gallery import images as gallery; from brandsite.gallery.build import GalleryOptions;"
            "t = time.perf_counter(); gallery.render(Path(sys.argv[1]), GalleryOptions().targets());"
            # VmHWM, not ru_maxrss: Linux carries the parent's peak into a child's ru_maxrss across exec
            "hwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM'));"
            "print(int(hwm.split()[1]) / 1024, time.perf_counter() - t)"
        )
        out = subprocess.run([sys.executable, "-c", code, str(source)], check=True, capture_output=True, text=True)
        peak, seconds = map(float, out.stdout.split())
        return peak, seconds


def run(rounds: int = 3) -> str:
    corpus = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    if not (corpus / "images").is_dir():
        return "## 相册\n\n没有 ../shared/corpus：相册基准需要语料里的真实相机照片，本次跳过。\n"
    peak, seconds = peak_memory_50mp()  # first, while this process is still small
    photos = large_photos(corpus)
    megapixels = sum(Image.open(p).width * Image.open(p).height for p in photos) / 1e6
    formats = collections.Counter(Image.open(p).format for p in photos)
    kinds = ", ".join(f"{n} {name}" for name, n in sorted(formats.items()))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "brands" / "bench"
        (folder / "photos").mkdir(parents=True)
        for path in photos:
            shutil.copy(path, folder / "photos" / path.name)
        times: dict[str, list[float]] = {"one": [], "threads": [], "ours": [], "floor": []}
        for _ in range(rounds):  # interleaved, so that a slow moment of the machine hits all three
            seconds_one, naive_out = timed(lambda: naive_one_by_one(photos))
            times["one"].append(seconds_one)
            times["threads"].append(timed(lambda: naive_on_threads(photos))[0])
            seconds_ours, ours = timed(lambda: brandsite_gallery(folder, Path(tmp) / "cache"))
            times["ours"].append(seconds_ours)
            times["floor"].append(unavoidable_seconds(photos))
        naive_ssim, our_ssim = [], []
        for path, outputs in zip(photos, naive_out):
            reference = reference_960(path)
            naive_ssim.append(ssim(reference, grey(outputs["jpeg", 960])))
            our_ssim.append(ssim(reference, grey(ours[f"photos/{path.name}"].read_bytes())))
    rate = {name: len(photos) / statistics.median(values) for name, values in times.items()}
    first, rerun = noop_rerun()
    workers = os.cpu_count()
    lines = ["## 相册（照片处理）\n", f"Pillow {Image.__version__}，pillow-heif {pillow_heif.__version__}。\n"]
    lines.append(f"{len(photos)} corpus photos of 8–24 MP ({megapixels:.0f} MP in all; {kinds}), each to "
                 f"{len(OPTIONS.widths)} widths × WebP + JPEG and a print JPEG. Median of {rounds} interleaved rounds.\n")
    lines.append("| pipeline | runs on | photos/s | SSIM of the 960 px JPEG (mean) |")
    lines.append("|---|---|---|---|")
    lines.append(f"| naive (open, exif_transpose, resize from full size, save) | one photo after another | {rate['one']:.2f} | {np.mean(naive_ssim):.5f} |")
    lines.append(f"| naive, the same | a pool of {workers} threads | {rate['threads']:.2f} | the same |")
    lines.append(f"| `build_gallery` (`brandsite gallery`, empty cache, files written) | its pool of {workers} threads | {rate['ours']:.2f} | {np.mean(our_ssim):.5f} |")
    lines.append(f"\nSpeed-up: {rate['ours'] / rate['one']:.1f}x the naive pipeline as written; "
                 f"{rate['ours'] / rate['threads']:.1f}x when the naive one is given the same {workers} threads.\n")
    ceiling = statistics.median(times["one"]) / statistics.median(times["floor"])
    lines.append(f"The work no pipeline of this quality can skip (decoding, one LANCZOS resampling from full size to "
                 f"{max(OPTIONS.widths)} px, encoding every output with our settings) takes "
                 f"{statistics.median(times['floor']):.2f} s one photo after another, against the naive pipeline's "
                 f"{statistics.median(times['one']):.2f} s: one photo after another, no pipeline at this quality can be more than "
                 f"{ceiling:.1f}x faster than the naive one.\n")
    lines.append("SSIM is measured against each photo decoded at full size, converted to sRGB and resized once with LANCZOS.\n")
    lines.append(f"- 1,000 small generated photos: first build {first:.1f} s, no-op rerun {rerun * 1000:.0f} ms.")
    lines.append(f"- Generated 50 MP JPEG (8192x6144) in a fresh process: peak RSS {peak:.0f} MB, {seconds:.1f} s.")
    return "\n".join(lines) + "\n"
