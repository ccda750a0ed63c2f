"""Gallery benchmark for `make bench`: a Markdown section for BENCHMARKS.md.

Measures, in the same interleaved rounds, four engines making the same plan (the web widths ×
WebP + JPEG; with BRANDSITE_BENCH_PRINT=1 the print JPEG too) from the same real photos: ours
(`build_gallery` with its Pillow engine and with its vips engine), naive Pillow on one thread per core
and pyvips on one process per core (see
gallery_engines). Each measurement runs in a fresh interpreter: photos/s, CPU seconds, peak memory,
bytes written and SSIM of every output against the photo resized once from full size. Photo sets:
the corpus's phone JPEGs and its phone HEICs (../shared/corpus), and the public camera photos of
benchmarks/photos.tsv, JPEG and HEIC apart, from the folder BRANDSITE_BENCH_PHOTOS names or else
../bench-photos beside the checkout (never committed: `benchmarks/fetch_photos.py` fills it). For each
set, the vips engine's outputs against the Pillow engine's, print JPEG included (gallery_parity).
Then the start-up of `brandsite gallery` on a full cache, the no-op rerun of 1,000 cached photos and
the peak memory for a 50 MP photo.
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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pillow_heif
from fetch_photos import DEFAULT_FOLDER, rows
from gallery_parity import Yardstick, table
from PIL import Image

from brandsite.gallery.build import GalleryOptions, build_gallery
from brandsite.model import Brand, Photo

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = GalleryOptions()
ENGINES = ("ours", "ours-vips", "naive", "pyvips")
LABELS = {
    "ours": "`build_gallery`，Pillow 引擎（本项目，{n} 线程）",
    "ours-vips": "`build_gallery`，vips 引擎（本项目默认；照片多于核数时 {n} 进程）",
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


def folder_photos(folder: Path) -> dict[str, list[Path]]:
    """The folder's JPEG and HEIC photos apart (by content: an MPO is a camera's JPEG too)."""
    sets: dict[str, list[Path]] = {"JPEG": [], "HEIC": []}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in (".jpg", ".jpeg", ".heic", ".heif"):
            with Image.open(path) as im:
                sets["HEIC" if im.format == "HEIF" else "JPEG"].append(path)
    return sets


def listed(folder: Path) -> str:
    """Where the folder's photos come from, when they are photos.tsv's: repositories and licences."""
    present = [row for row in rows() if (folder / row.file).is_file()]
    by_repo: dict[str, list] = {}
    for row in present:
        by_repo.setdefault(row.repo, []).append(row)
    cameras = len({row.camera for row in present})
    return (f"{len(present)} 张来自 `benchmarks/photos.tsv`（{cameras} 种相机/手机；"
            + "；".join(f"{repo} {len(found)} 张，{found[0].licence}" for repo, found in by_repo.items()) + "）。")


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


def compare(name: str, photos: list[Path], rounds: int, prints: bool, yardstick: Yardstick) -> list[str]:
    """The engines on one photo set, interleaved round by round; a Markdown table."""
    runs: dict[str, list[dict]] = {engine: [] for engine in ENGINES}
    written: dict[str, tuple[int, float]] = {}
    for round_ in range(rounds):
        for engine in ENGINES:
            with tempfile.TemporaryDirectory() as tmp:
                runs[engine].append(measure(engine, photos, Path(tmp) / "out", prints))
                if round_ == 0:  # the files are the same every round
                    files = outputs(Path(tmp) / "out")
                    scores = yardstick.scores(files)
                    written[engine] = (sum(f.stat().st_size for f in files), float(np.mean(list(scores.values()))))
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


def parity(name: str, photos: list[Path], yardstick: Yardstick) -> list[str]:
    """Our vips engine's outputs against our Pillow engine's, print JPEG included (gallery_parity)."""
    with tempfile.TemporaryDirectory() as tmp:
        for engine in ("ours", "ours-vips"):
            measure(engine, photos, Path(tmp) / engine, prints=True)
        return [f"\n{name}：本项目 vips 引擎对 Pillow 引擎（同一批照片，含印刷图；差 = vips ÷ Pillow − 1）\n",
                *table(Path(tmp) / "ours", Path(tmp) / "ours-vips", yardstick)]


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


@dataclass
class Startup:
    """Wall and CPU seconds of each run (on a shared machine the CPU is what the command itself costs)."""

    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def text(self) -> str:
        return (f"中位数 {statistics.median(self.seconds):.2f} s（{min(self.seconds):.2f}–{max(self.seconds):.2f} s），"
                f"CPU {statistics.median(self.cpu):.2f} s")


def startup_on_full_cache(runs: int = 9) -> tuple[Startup, Startup, int]:
    """`brandsite gallery` on the example project whose every photo is cached, each run a fresh process
    with the bytecode cached (as an installed copy has it): with mkdocs.yml unchanged since the last run
    (its settings as validated then) and, in the same rounds, just changed (validated again by MkDocs with
    every plugin: what every run cost before); and the photos."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        for part in ("docs", "overrides", "brands"):
            shutil.copytree(ROOT / part, project / part)
        config = project / "mkdocs.yml"
        shutil.copy(ROOT / "mkdocs.yml", config)
        env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "NO_MKDOCS_2_WARNING": "1",
               "PYTHONPYCACHEPREFIX": str(Path(tmp) / "bytecode")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        command = [sys.executable, "-m", "brandsite.cli", "gallery"]
        subprocess.run(command, cwd=project, env=env, check=True, capture_output=True)  # fills the cache
        unchanged, changed = Startup(), Startup()
        for round_ in range(runs):
            with config.open("a", encoding="utf-8") as stream:
                stream.write(f"# {round_}\n")  # other bytes, the same settings
            for measured in (changed, unchanged):
                start, used = time.perf_counter(), _children_cpu()
                done = subprocess.run(command, cwd=project, env=env, check=True, capture_output=True, text=True)
                measured.seconds.append(time.perf_counter() - start)
                measured.cpu.append(_children_cpu() - used)
        photos = int(done.stdout.split("取自缓存 ")[1].split(" 张")[0])
        return unchanged, changed, photos


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
    folder = Path(os.environ.get("BRANDSITE_BENCH_PHOTOS") or DEFAULT_FOLDER)
    if folder.is_dir():
        sets |= {f"公开相机照片（{folder.name}）{kind}": photos for kind, photos in folder_photos(folder).items() if photos}
    lines = ["## 相册（照片处理）\n", f"Pillow {Image.__version__}，pillow-heif {pillow_heif.__version__}。"
             f"每张照片做 {'、'.join(map(str, OPTIONS.widths))} 像素宽的 WebP 和 JPEG（质量 {OPTIONS.webp_quality}/"
             f"{OPTIONS.jpeg_quality}，WebP method {OPTIONS.webp_method}）{'和印刷图' if prints else '（不含印刷图：网站生成不做印刷图）'}；"
             f"四个引擎同一轮里交替运行，每个测量一个新的 Python 进程，取 {rounds} 轮的中位数。"
             "SSIM：每个输出和“原图全尺寸解码、转正、转 sRGB、一次 LANCZOS 缩到同一尺寸”的灰度图比较。"
             "pyvips 的二进制包不能解码 HEVC，HEIC 由 pillow-heif 解码后交给 libvips。"]
    if folder.is_dir():
        lines.append(f"\n公开相机照片：{folder} 里的 " + listed(folder)
                     + "重建同一组照片：`.venv/bin/python benchmarks/fetch_photos.py`（默认放到仓库旁边的 bench-photos/，"
                     "另放时用 BRANDSITE_BENCH_PHOTOS 指明；不提交进仓库）。")
    else:
        lines.append(f"\n没有 {folder}：只测了语料里的照片。更多公开相机照片：`.venv/bin/python benchmarks/fetch_photos.py`。")
    comparisons = []
    for name, photos in sets.items():
        yardstick = Yardstick.of(photos)  # one set's references, shared by its engines, then dropped
        lines += compare(name, photos, rounds, prints, yardstick)
        comparisons += parity(name, photos, yardstick)
    unchanged, changed, cached = startup_on_full_cache()
    first, rerun = noop_rerun()
    lines.append("")
    lines.append(f"- `brandsite gallery` 在缓存已满时（示例站 {cached} 张照片，从启动到结束，{len(unchanged.seconds)} 次，"
                 f"字节码已缓存）：{unchanged.text()}；对照：同一轮里刚改过 mkdocs.yml、设置要由 MkDocs 重新检查时"
                 f"{changed.text()}。")
    lines.append(f"- 1,000 small generated photos: first build {first:.1f} s, no-op rerun {rerun * 1000:.0f} ms.")
    lines.append(f"- Generated 50 MP JPEG (8192x6144) in a fresh process: peak RSS {peak:.0f} MB, {seconds:.1f} s.")
    lines += ["\n### vips 引擎和 Pillow 引擎的输出：每种尺寸的字节和 SSIM\n",
              f"同一张照片两个引擎各做一遍（含 {OPTIONS.print_edge} 像素印刷图），按文件名配对比较；"
              "“逐个文件”给出最小～最大。", *comparisons]
    return "\n".join(lines) + "\n"
