"""Gallery benchmark for `make bench`: a Markdown section for BENCHMARKS.md.

Measures, in the same interleaved rounds, four engines making the same plan (the web widths ×
WebP + JPEG; with BRANDSITE_BENCH_PRINT=1 the print JPEG too) from the same real photos: ours
(`build_gallery` with its Pillow engine and with its vips engine), naive Pillow on one thread per core
and pyvips on one process per core (see
gallery_engines). Each measurement runs in a fresh interpreter: photos/s, CPU seconds, peak memory,
bytes written and SSIM of every output against the photo resized once from full size. Photo sets:
the corpus's phone JPEGs and its phone HEICs (../shared/corpus), and any folder of JPEG/HEIC
photos named by BRANDSITE_BENCH_PHOTOS (never committed: put public photos whose licence allows
it there, e.g. /tmp/bench-photos). Then the start-up of `brandsite gallery` on a full cache, the
no-op rerun of 1,000 cached photos and the peak memory for a 50 MP photo.
Needs numpy (a test dependency) and pyvips (the bench extra). `make bench` runs under
`flock /tmp/brandsite-bench.lock` so that measurements of several checkouts never overlap.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pillow_heif
from PIL import Image, ImageOps

from brandsite.gallery import images as gallery
from brandsite.gallery.build import GalleryOptions, build_gallery
from brandsite.model import Brand, Photo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # kit.images.ssim: the tests' one SSIM
from kit.images import ssim  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = GalleryOptions()
ENGINES = ("ours", "ours-vips", "naive", "pyvips")
LABELS = {
    "ours": "`build_gallery`，Pillow 引擎（本项目，{n} 线程）",
    "ours-vips": "`build_gallery`，vips 引擎（本项目默认，{n} 线程）",
    "naive": "naive Pillow（{n} 线程）",
    "pyvips": "pyvips {vips}（{n} 进程）",
}


def phone_photos(corpus: Path) -> dict[str, list[Path]]:
    """The MANIFEST's publishable photos from a phone or camera (its make named) of at least 2 MP,
    JPEG and HEIC apart, each content once."""
    with (corpus / "images" / "MANIFEST.tsv").open(encoding="utf-8") as stream:
        rows = list(csv.reader(stream, delimiter="\t"))[1:]
    sets: dict[str, list[Path]] = {"JPEG": [], "HEIC": []}
    seen = set()
    for row in rows:
        kind, _, size, *_ = row[8].split(";")[0].split() + ["", "", ""]  # "JPEG RGB 3264x2448; ..."
        if "x" in size and "camera=" in row[8] and row[9].startswith("ok") and row[7] not in seen:
            width, height = map(int, size.split("x"))
            name = "HEIC" if kind == "HEIF" else kind
            if name in sets and 2e6 <= width * height <= 24e6:
                sets[name].append(corpus / "images" / row[0])
                seen.add(row[7])
    return sets


def folder_photos(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".heic", ".heif"))


def measure(engine: str, photos: list[Path], out: Path, prints: bool) -> dict[str, float]:
    """One engine, once, in a fresh interpreter (no memory or warm caches carried over)."""
    code = ("import json, sys; from pathlib import Path; import gallery_engines as g;"
            "a = json.loads(sys.argv[1]);"
            "print(json.dumps(g.run_engine(a['engine'], [Path(p) for p in a['photos']], Path(a['out']), a['prints'])))")
    args = json.dumps({"engine": engine, "photos": [str(p) for p in photos], "out": str(out), "prints": prints})
    done = subprocess.run([sys.executable, "-c", code, args], cwd=Path(__file__).parent, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


def outputs(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_file())


def reference(photo: Path, box: tuple[int, int | None], cache: dict) -> np.ndarray:
    """The photo decoded at full size, upright, sRGB, resized once with LANCZOS to fit `box`: the yardstick."""
    if photo not in cache:
        with Image.open(photo) as im:
            im = ImageOps.exif_transpose(im)
            cache[photo] = gallery.to_srgb(gallery.to_8bit(im))
    full = cache[photo]
    small = full.resize(gallery.fit(full.size, box), Image.Resampling.LANCZOS)
    return np.asarray(gallery.flatten(small).convert("L"))


def quality(out: Path, photos: list[Path]) -> float:
    """Mean SSIM of every output file of `out` against its reference."""
    by_stem, scores, full = {p.stem: p for p in photos}, [], {}
    for file in outputs(out):
        stem, kind, width = file.stem.rsplit("-", 2)
        with Image.open(file) as im:
            made = np.asarray(im.convert("L"))
        box = (OPTIONS.print_edge, OPTIONS.print_edge) if kind == "print" else (int(width), None)
        scores.append(ssim(reference(by_stem[stem], box, full), made))
    return float(np.mean(scores))


def compare(name: str, photos: list[Path], rounds: int, prints: bool) -> list[str]:
    """The engines on one photo set, interleaved round by round; a Markdown table."""
    runs: dict[str, list[dict]] = {engine: [] for engine in ENGINES}
    written: dict[str, tuple[int, float]] = {}
    for round_ in range(rounds):
        for engine in ENGINES:
            with tempfile.TemporaryDirectory() as tmp:
                runs[engine].append(measure(engine, photos, Path(tmp) / "out", prints))
                if round_ == 0:  # the files are the same every round
                    files = outputs(Path(tmp) / "out")
                    written[engine] = (sum(f.stat().st_size for f in files), quality(Path(tmp) / "out", photos))
    megapixels = sum(Image.open(p).width * Image.open(p).height for p in photos) / 1e6
    vips = _pyvips_version()
    lines = [f"\n### {name}：{len(photos)} 张，共 {megapixels:.0f} 百万像素\n",
             "| 引擎 | 张/秒 | 相对 naive | CPU 秒 | 峰值内存 MB（主进程 / 最大子进程） | 输出字节 | SSIM（全部输出平均） |",
             "|---|---|---|---|---|---|---|"]
    rate = {e: len(photos) / statistics.median(r["seconds"] for r in runs[e]) for e in ENGINES}
    for engine in ENGINES:
        cpu = statistics.median(r["cpu"] for r in runs[engine])
        peak = max(r["peak_mb"] for r in runs[engine])
        worker = max(r["worker_mb"] for r in runs[engine])
        size, score = written[engine]
        label = LABELS[engine].format(n=os.cpu_count(), vips=vips)
        lines.append(f"| {label} | {rate[engine]:.2f} | {rate[engine] / rate['naive']:.2f}x | {cpu:.1f} | "
                     f"{peak:.0f}{f' / {worker:.0f}' if worker else ''} | {size / 1e6:.2f} MB | {score:.5f} |")
    return lines


def _pyvips_version() -> str:
    import pyvips

    return f"{pyvips.__version__}（libvips {pyvips.version(0)}.{pyvips.version(1)}.{pyvips.version(2)}）"


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


def startup_on_full_cache(runs: int = 5) -> tuple[float, float, int]:
    """`brandsite gallery` on the example project whose every photo is cached: median wall and CPU
    seconds (on a shared machine the CPU is what the command itself costs), and the photos."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        for part in ("docs", "overrides", "brands"):
            shutil.copytree(ROOT / part, project / part)
        shutil.copy(ROOT / "mkdocs.yml", project)
        env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "brandsite.cli", "gallery"]
        subprocess.run(command, cwd=project, env=env, check=True, capture_output=True)  # fills the cache
        seconds, cpu = [], []
        for _ in range(runs):
            start, used = time.perf_counter(), _children_cpu()
            done = subprocess.run(command, cwd=project, env=env, check=True, capture_output=True, text=True)
            seconds.append(time.perf_counter() - start)
            cpu.append(_children_cpu() - used)
        photos = int(done.stdout.split("取自缓存 ")[1].split(" 张")[0])
        return statistics.median(seconds), statistics.median(cpu), photos


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(rounds: int = 3) -> str:
    corpus = ROOT.parent / "shared" / "corpus"
    if not (corpus / "images").is_dir():
        return "## 相册\n\n没有 ../shared/corpus：相册基准需要语料里的真实手机照片，本次跳过。\n"
    peak, seconds = peak_memory_50mp()  # first, while this process is still small
    prints = os.environ.get("BRANDSITE_BENCH_PRINT") == "1"
    sets = {f"语料里的手机 {kind} 照片": photos for kind, photos in phone_photos(corpus).items()}
    extra = os.environ.get("BRANDSITE_BENCH_PHOTOS")
    if extra:
        sets[f"{extra} 里的照片"] = folder_photos(Path(extra))
    lines = ["## 相册（照片处理）\n", f"Pillow {Image.__version__}，pillow-heif {pillow_heif.__version__}。"
             f"每张照片做 {'、'.join(map(str, OPTIONS.widths))} 像素宽的 WebP 和 JPEG（质量 {OPTIONS.webp_quality}/"
             f"{OPTIONS.jpeg_quality}，WebP method {OPTIONS.webp_method}）{'和印刷图' if prints else '（不含印刷图：网站生成不做印刷图）'}；"
             f"四个引擎同一轮里交替运行，每个测量一个新的 Python 进程，取 {rounds} 轮的中位数。"
             "SSIM：每个输出和“原图全尺寸解码、转正、转 sRGB、一次 LANCZOS 缩到同一尺寸”的灰度图比较。"
             "pyvips 的二进制包不能解码 HEVC，HEIC 由 pillow-heif 解码后交给 libvips。"]
    for name, photos in sets.items():
        lines += compare(name, photos, rounds, prints)
    start, start_cpu, cached = startup_on_full_cache()
    first, rerun = noop_rerun()
    lines.append("")
    lines.append(f"- `brandsite gallery` 在缓存已满时（示例站 {cached} 张照片，从启动到结束，中位数，5 次）："
                 f"{start:.2f} s，其中 CPU {start_cpu:.2f} s。")
    lines.append(f"- 1,000 small generated photos: first build {first:.1f} s, no-op rerun {rerun * 1000:.0f} ms.")
    lines.append(f"- Generated 50 MP JPEG (8192x6144) in a fresh process: peak RSS {peak:.0f} MB, {seconds:.1f} s.")
    return "\n".join(lines) + "\n"
