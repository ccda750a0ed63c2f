"""Site benchmark: `mkdocs build` for 10, 100 and 500 generated brands, and the `mkdocs serve`
edit-to-page time at 100 brands, each beside plain Material building the same number of plain pages."""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = [sys.executable, "-m", "mkdocs"]
SIZES = (10, 100, 500)
PER_BRAND_TARGET_MS = 20
SERVE_TARGET_S = 2.0
BUILDS = 3  # each build measured this many times; the median is reported
PROFILE = """---
title: 品牌{n}
slogan: 口号{n}：党旗领航，立德树人
organization: 第{n}党支部
school: 示例第{school}中学
region: 示例{region}区
launched: 2019-09
tags: [立德树人, 志愿服务, 标签{tag}]
pillars:
{pillars}
figures:
  - {{value: "{n}", label: 志愿服务（次）, year: 2023}}
honors:
  - {{year: 2022, title: 先进基层党组织, issuer: 区教育局党委}}
timeline:
  - {{date: 2021-06, title: 开展党史学习教育}}
---
{body}
"""
BODY = "## 品牌内涵\n\n" + "党员教师在岗位上亮身份、作表率，把主题党日和三会一课落到实处。" * 8 + "\n\n## 主要做法\n\n" + \
    "支部组织党员结对帮扶，开展课后服务和家校共育活动。" * 8 + "\n"


def _project(folder: Path, count: int, plain: bool, schools: int = 20, regions: int = 1) -> Path:
    """A site of `count` brands from `schools` schools in `regions` regions, or (plain) of `count`
    ordinary Markdown pages with plain Material."""
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("---\ntemplate: home.html\n---\n首页\n" if not plain else "# 首页\n")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if plain:
        config = config.replace("  - brandsite\n", "").replace("custom_dir: overrides", "custom_dir: overrides/plain")
        (folder / "overrides" / "plain").mkdir()
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    for n in range(count):
        pillars = "\n".join(f'  - {{name: 行动{n}-{p}, color: "#{(n * 37 + p * 71) % 0xaa:02x}2040", summary: 说明}}'
                            for p in range(5))
        text = PROFILE.format(n=n, school=n % schools, region=n % schools % regions, tag=n % 7, pillars=pillars, body=BODY)
        if plain:
            (folder / "docs" / f"page-{n}.md").write_text(text.split("---\n", 2)[2], encoding="utf-8")
        else:
            (folder / "brands" / f"brand-{n}").mkdir(parents=True)
            (folder / "brands" / f"brand-{n}" / "index.md").write_text(text, encoding="utf-8")
    (folder / "brands").mkdir(exist_ok=True)
    return folder


def _build_seconds(project: Path) -> float:
    start = time.perf_counter()
    subprocess.run([*MKDOCS, "build", "-q"], cwd=project, check=True, env=os.environ | {"NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - start


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _seconds(values: list[float]) -> str:
    return "、".join(f"{v:.2f}" for v in values) + f" s（中位数 {statistics.median(values):.2f} s）"


def _edit_seconds(project: Path, source: Path, page: str, edits: int = 3) -> list[float]:
    """Seconds from saving `source` until `mkdocs serve` serves `page` with the new text, for each of `edits`."""
    port = _free_port()
    server = subprocess.Popen([*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                              env=os.environ | {"NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/dangjian/{page}"
    try:
        _wait_for(url, "党员教师")
        text = source.read_text(encoding="utf-8")
        seconds = []
        for edit in range(edits):
            time.sleep(1)  # let the watcher settle
            start = time.perf_counter()
            source.write_text(text.replace("党员教师在岗位上", f"改后的文字{edit}", 1), encoding="utf-8")
            _wait_for(url, f"改后的文字{edit}")
            seconds.append(time.perf_counter() - start)
        return seconds
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(url: str, text: str, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if text in urllib.request.urlopen(url, timeout=5).read().decode("utf-8"):
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{url} never showed {text!r}")


def run() -> str:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for count in SIZES:
            projects = _project(Path(folder) / f"brands-{count}", count, plain=False), \
                _project(Path(folder) / f"plain-{count}", count, plain=True)
            # median of interleaved builds, so that a slow moment of the machine hits both
            times = [[_build_seconds(project) for project in projects] for _ in range(BUILDS)]
            ours, plain = (statistics.median(column) for column in zip(*times))
            rows.append(f"| {count} | {ours:.1f} s | {ours / count * 1000:.0f} ms | {plain:.1f} s | {plain / count * 1000:.0f} ms |")
        serve_ours = _edit_seconds(Path(folder) / "brands-100", Path(folder) / "brands-100/brands/brand-7/index.md",
                                   "brands/brand-7/index.html")
        serve_plain = _edit_seconds(Path(folder) / "plain-100", Path(folder) / "plain-100/docs/page-7.md", "page-7.html")
    per_brand = float(rows[-1].split("|")[3].strip().split()[0])
    return "\n".join([
        "## 网站生成（mkdocs build）",
        "",
        "生成的品牌各有 5 个板块、数据、荣誉、大事记和约 500 字的故事，没有照片（照片见“相册”一节）。"
        f"每个数字是交替运行 {BUILDS} 次的中位数。"
        "对照组：同样数量、同样正文的普通 Markdown 页面，用同一个 Material 主题、不用 brandsite 插件。",
        "",
        "| 品牌数 | brandsite 总时间 | 每个品牌 | 对照：普通页面总时间 | 每页 |",
        "| --- | --- | --- | --- | --- |",
        *rows,
        "",
        f"目标：500 个品牌时每个品牌 {PER_BRAND_TARGET_MS} ms 以内 — {'达标' if per_brand < PER_BRAND_TARGET_MS else '未达标'}"
        f"（{per_brand:.0f} ms，含进程启动和 jieba 词典加载）。",
        "",
        f"`mkdocs serve` 下连续修改一个档案三次，每次到浏览器拿到新页面：100 个品牌 {_seconds(serve_ours)}；"
        f"对照（100 个普通页面改一页）{_seconds(serve_plain)}。目标 {SERVE_TARGET_S:.0f} s 以内 — "
        f"{'达标' if statistics.median(serve_ours) < SERVE_TARGET_S else '未达标'}（按中位数）。",
        "",
    ])
