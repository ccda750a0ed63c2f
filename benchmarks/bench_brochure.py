"""Brochure benchmark: a 40-page A4 brochure with 100 photos of 12 megapixels.

`run()` builds a project of ten brands with ten generated 4000 × 3000 JPEGs each, then runs
`brandsite brochure --print-shop` three times in a subprocess, measuring wall time and the
child's peak memory (os.wait4 rusage): cold (no cache), with the prepared print images cached
(what the gallery cache provides) and with everything cached. Returns a Markdown section.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / ".cache" / "bench" / "brochure"
BRANDS, PHOTOS, SIZE = 10, 10, (4000, 3000)
TARGETS = {"cold": (20, 600), "prepared": (8, None), "cached": (8, None)}  # seconds, MB


def _photo(path: Path, seed: int) -> None:
    im = Image.linear_gradient("L").resize(SIZE).convert("RGB")
    im = Image.blend(im, Image.new("RGB", SIZE, ((seed * 53) % 256, (seed * 97) % 256, (seed * 29) % 256)), 0.5)
    draw = ImageDraw.Draw(im)
    for i in range(12):
        x, y = (seed * 331 + i * 613) % SIZE[0], (seed * 151 + i * 419) % SIZE[1]
        draw.ellipse((x, y, x + 500, y + 500), fill=((i * 40) % 256, 200, (seed * 7) % 256))
    im.save(path, "JPEG", quality=88)


def _project() -> Path:
    """Ten copies of an example brand with ten 12 MP photos each (made once, kept in .cache)."""
    project = WORK / "project"
    project.mkdir(parents=True, exist_ok=True)
    for part in ("mkdocs.yml", "overrides", "docs"):
        target = project / part
        if target.is_dir():
            shutil.rmtree(target)
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy)(ROOT / part, target)
    source = (ROOT / "brands" / "wuse-xingdong" / "index.md").read_text(encoding="utf-8")
    head, _, body = source[4:].partition("\n---\n")
    head = re.sub(r"\ngallery:\n(?:[ \t].*\n?)*", "\n", "\n" + head + "\n").strip("\n")  # its own photos go
    for b in range(BRANDS):
        folder = project / "brands" / f"bench-{b:02d}"
        (folder / "photos").mkdir(parents=True, exist_ok=True)
        for p in range(PHOTOS):
            photo = folder / "photos" / f"IMG_{p:02d}.jpg"
            if not photo.exists():
                _photo(photo, b * PHOTOS + p)
        gallery = "".join(f"  - file: photos/IMG_{p:02d}.jpg\n    caption: 第{p + 1}张活动照片\n    people: none\n"
                          for p in range(PHOTOS))
        title = f"品牌{b + 1:02d}"
        text = head.replace("title: 五色行动", f"title: {title}")
        (folder / "index.md").write_text(f"---\n{text}\ngallery:\n{gallery}---\n{body}", encoding="utf-8")
    return project


def _measure(project: Path) -> tuple[float, float, str]:
    """(seconds, peak MB, output) of one `brandsite brochure --print-shop` in a child process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    command = [sys.executable, "-m", "brandsite.cli", "brochure", "--print-shop", "--out", "out/brochure.pdf"]
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = child.stdout.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(output)
    return seconds, usage.ru_maxrss / 1024, output  # ru_maxrss is in KiB on Linux


def run() -> str:
    from pypdf import PdfReader

    project = _project()
    cache = project / ".cache" / "brandsite" / "brochure"
    shutil.rmtree(cache, ignore_errors=True)
    rows = []
    for name in ("cold", "prepared", "cached"):
        if name == "prepared":  # keep the upright print images, fit every photo to its box again
            for folder in cache.glob("*dpi"):
                shutil.rmtree(folder)
        seconds, megabytes, _ = _measure(project)
        limit_s, limit_mb = TARGETS[name]
        ok = seconds < limit_s and (limit_mb is None or megabytes < limit_mb)
        rows.append(f"| {name} | {seconds:.1f} s | {megabytes:.0f} MB | < {limit_s} s"
                    f"{f' / < {limit_mb} MB' if limit_mb else ''} | {'✓' if ok else '✗'} |")
    pdf = project / "out" / "brochure.pdf"
    pages = len(PdfReader(pdf).pages)
    return "\n".join([
        "## 宣传册（brochure）",
        "",
        f"`brandsite brochure --print-shop`：{BRANDS} 个品牌、{BRANDS * PHOTOS} 张 {SIZE[0]}×{SIZE[1]}（12 MP）照片，"
        f"A4 {pages} 页，PDF {pdf.stat().st_size / 1e6:.1f} MB；{os.cpu_count()} 核。子进程计时，峰值内存取 ru_maxrss。",
        "",
        "| 运行 | 时间 | 峰值内存 | 目标 | |",
        "|---|---|---|---|---|",
        *rows,
        "",
        "cold：没有任何缓存；prepared：已有摆正的印刷用照片（相当于相册缓存），重新按版面尺寸裁切；"
        "cached：版面尺寸的照片也已缓存。",
        "",
    ])


if __name__ == "__main__":
    print(run())
