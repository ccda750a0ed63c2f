"""Benchmark: ``brandsite review`` over 500 generated brands (target: under 10 s).

``run()`` returns a Markdown section for BENCHMARKS.md; the runner of ``make bench`` calls it.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

BRANDS = 500
TARGET_S = 10.0
PARAGRAPH = ("党支部坚持把党建工作和教育教学深度融合，党员教师带头上示范课，结对帮扶学习困难学生，"
             "每月开展主题党日活动，组织志愿服务走进社区，推动“三会一课”制度落到实处。")
EXTRA = ("留守儿童王小明在党员教师的帮助下进步明显。", "共举行了次会议，XX中学派人参加。",
         "全校共有 36 名党员,大家都来了。。", "详见[报道](https://news.example.com/a.html)。", "")


def _jpeg(seed: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (seed * 37 % 256, seed * 91 % 256, seed * 13 % 256)).save(out, "JPEG", quality=70)
    return out.getvalue()


def generate(root: Path, count: int = BRANDS) -> int:
    """A project of ``count`` brands: ten paragraphs, five pillars and two photos each; returns bytes of text."""
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text("site_name: 基准测试\nsite_url: https://www.example.edu.cn/dangjian/\n"
                                     "plugins:\n  - brandsite\n", encoding="utf-8")
    written = 0
    for number in range(count):
        folder = root / "brands" / f"brand-{number:04d}"
        (folder / "photos").mkdir(parents=True)
        pillars = "".join(f"  - name: 行动{p}\n    summary: 党员教师认领示范岗，带头承担急难任务。\n" for p in range(5))
        gallery = "".join(f"  - file: photos/p{p}.jpg\n    caption: 主题党日活动{p}\n    people: adults\n" for p in range(2))
        body = "\n\n".join(PARAGRAPH + EXTRA[(number + p) % len(EXTRA)] for p in range(10))
        text = (f"---\ntitle: 品牌{number}\nslogan: 党旗领航，示范引领\norganization: 第{number}党支部\n"
                f"school: 示范学校{number}\ntags: [主题党日, 志愿服务]\npillars:\n{pillars}gallery:\n{gallery}---\n"
                f"## 品牌内涵\n\n{body}\n")
        (folder / "index.md").write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
        for p in range(2):
            (folder / "photos" / f"p{p}.jpg").write_bytes(_jpeg(number * 2 + p))
    return written


def _command(root: Path) -> tuple[float, str]:
    package = Path(__file__).resolve().parents[1] / "scripts"
    env = {**os.environ, "PYTHONPATH": f"{package}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
           "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "brandsite.cli", "review", "--config-file", str(root / "mkdocs.yml")],
                          cwd=root, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr)
    return elapsed, done.stdout.strip().splitlines()[-1]


def run() -> str:
    from brandsite.review.run import review
    from brandsite.profile.loader import load_brands

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        size = generate(root)
        command_s, last_line = _command(root)
        start = time.perf_counter()
        load_brands(root / "brands", root)
        schema_s = time.perf_counter() - start
        start = time.perf_counter()
        result = review(root)
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        review(root)
        warm_s = time.perf_counter() - start
    verdict = "达标" if command_s < TARGET_S else "未达标"
    return "\n".join([
        "## brandsite review：500 个品牌",
        "",
        f"生成 {BRANDS} 个品牌（每个 10 段正文、5 个板块、2 张 1600×1200 照片，正文共 {size / 1024 / 1024:.1f} MB），"
        f"在 {os.cpu_count()} 核机器上用 Python {sys.version.split()[0]} 测得：",
        "",
        "| 测量 | 时间 |",
        "| --- | --- |",
        f"| `brandsite review` 命令，新进程（含读取 mkdocs.yml、加载 jieba 词典） | {command_s:.2f} s |",
        f"| 其中只读取档案（profile.loader.load_brands） | {schema_s:.2f} s |",
        f"| `review()` 第一次（本进程） | {first_s:.2f} s |",
        f"| `review()` 再次（jieba、autocorrect 已加载） | {warm_s:.2f} s，每个品牌 {warm_s / BRANDS * 1000:.1f} ms |",
        "",
        f"目标 {TARGET_S:.0f} s 以内：{verdict}。发现 {len(result.findings)} 条问题；命令的最后一行：{last_line}",
        "",
    ])


if __name__ == "__main__":
    print(run())
