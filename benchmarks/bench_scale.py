"""`make bench-scale`: a district's site of 2,000 and 10,000 generated brands (8 regions, one school per
8 brands), each beside plain Material building the same pages; written to BENCHMARKS-scale.md.

Not part of `make bench` or CI: one run takes most of an hour on two cores. Each build is one
`mkdocs build` process (jieba on); its peak memory is the child's maximum resident set size.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from unittest import mock

import bench_site
from machine import machine

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]  # Pagefind's indexing; the browser helpers of the tests

SIZES = (2000, 10000)
# Plain Material renders every page's link into every page's sidebar: 2,000 pages took 333 s here, so
# 10,000 would take hours (about 25 times as long). Above this the baseline is not built.
PLAIN_LIMIT = 2000
REGIONS = 8
BRANDS_PER_SCHOOL = 8
PER_BRAND_TARGET_MS = 20
HOME_LIMIT_KB = 100
MEMORY_LIMIT_MIB = 2048
FIRST_QUERY_LIMIT_KB = 300
QUERY = "党员"  # a word of every generated story, for brandsite and the plain pages alike
SLOWDOWN = 4  # Chromium's CPU throttling, as for a phone
OUTPUT = ROOT / "BENCHMARKS-scale.md"
# Pagefind's first queries, the same pages indexed by 1.6.0 (the build's) and by PyPI's 1.5.2.
# Three words of every generated page (the slogan and tags), then one brand's name, school and pillar.
QUERIES = ("立德树人", "党旗领航", "志愿服务", "品牌4321", "示例第777中学", "行动9001")
ROUNDS = 3  # each query and index alternately; the median
_PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def build(project: Path) -> tuple[float, float]:
    """Seconds and peak MiB of one `mkdocs build` of ``project``."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, *bench_site.MKDOCS, "build", "-q"], cwd=project,
                          env=os.environ | {"NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, int(done.stdout.split()[-1]) / 1024


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def first_query(site: Path) -> str:
    """What a visitor's first search for QUERY on the home page downloads (tests/kit/browser.first_query),
    and how long until the first result shows with the CPU slowed SLOWDOWN times: the most bytes and the
    median time of ROUNDS fresh pages, as in the table of Pagefind versions."""
    from kit.browser import first_query, launch, serve

    with launch() as browser, serve(site) as url:
        try:
            found = [first_query(browser, url, QUERY, cpu_slowdown=SLOWDOWN) for _ in range(ROUNDS)]
        except Exception as error:  # Material's whole index at 10,000 pages: no result within first_query's wait
            return f"没有结果（{str(error).splitlines()[0][:60]}）"
    seconds = statistics.median(f.milliseconds for f in found) / 1000
    return f"{max(f.bytes for f in found) / 1024:,.0f} KB，{seconds:.2f} s"


def measure(folder: Path, count: int, plain: bool) -> dict:
    project = bench_site._project(folder, count, plain, schools=count // BRANDS_PER_SCHOOL, regions=REGIONS)
    seconds, peak = build(project)
    site = project / "site"
    figures = {"seconds": seconds, "ms": seconds / count * 1000, "peak": peak,
               "site": folder_bytes(site) / 2**20, "home": (site / "index.html").stat().st_size / 1024}
    figures["search"] = first_query(site)
    if (site / "pagefind").is_dir():
        figures["versions"] = pagefind_versions(site, folder)
    return figures


def pagefind_binaries() -> dict[str, Path]:
    """The Pagefind a build runs (1.6.0 from tools/pagefind.sh) and PyPI's (1.5.2), by the version each says."""
    from pagefind_bin_extended import get_executable

    from brandsite.web import pagefind

    binaries = (pagefind.executable(), Path(get_executable()))
    return {subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True).stdout.split()[-1]: binary
            for binary in binaries}


def indexed_copy(site: Path, into: Path, binary: Path) -> tuple[float, str]:
    """A copy of ``site`` (hard links) indexed anew by the Pagefind ``binary``: its seconds and the index's version."""
    from brandsite.web import pagefind

    shutil.copytree(site, into, copy_function=os.link, ignore=shutil.ignore_patterns(pagefind.FOLDER))
    start = time.perf_counter()
    with mock.patch.object(pagefind, "executable", lambda: binary):
        assert pagefind.index_site(into) is None
    seconds = time.perf_counter() - start
    return seconds, json.loads((into / pagefind.FOLDER / "pagefind-entry.json").read_text(encoding="utf-8"))["version"]


def pagefind_versions(site: Path, folder: Path) -> dict:
    """Pagefind's indexing seconds and each of QUERIES' first search (KB, median s) on the home page, the same pages
    indexed by each Pagefind of pagefind_binaries(), measured alternately."""
    from kit.browser import first_query, launch, serve

    binaries = pagefind_binaries()
    copies = {version: folder / f"pagefind-{version}" for version in binaries}
    indexed = {version: indexed_copy(site, copies[version], binary) for version, binary in binaries.items()}
    assert all(made == version for version, (_, made) in indexed.items()), indexed
    found: dict[tuple[str, str], list] = {}
    with launch() as browser:
        for _ in range(ROUNDS):
            for query in QUERIES:
                for version, copy in copies.items():
                    with serve(copy) as url:
                        result = first_query(browser, url, query, cpu_slowdown=SLOWDOWN)
                    found.setdefault((query, version), []).append((result.bytes, result.milliseconds))
    return {"index": {version: seconds for version, (seconds, _) in indexed.items()},
            "queries": {key: (max(b for b, _ in runs) / 1024, statistics.median(ms for _, ms in runs) / 1000)
                        for key, runs in found.items()}}


def versions_table(count: int, figures: dict) -> list[str]:
    """The lines of the comparison of the Pagefind versions at ``count`` brands."""
    versions = list(figures["index"])
    lines = [f"{count:,} 个品牌，同样的页面分别用 Pagefind {' 和 '.join(versions)} 建一个索引，交替测，各 {ROUNDS} 次取中位数；"
             "下载量取最大的一次。Pagefind 建索引：" + "，".join(f"{v} 用 {s:.1f} s" for v, s in figures["index"].items()) + "。", "",
             f"| 第一次搜索（CPU 降速 {SLOWDOWN} 倍） | " + " | ".join(f"Pagefind {v}：下载，出结果" for v in versions) + " |",
             "| --- |" + " --- |" * len(versions)]
    for query in QUERIES:
        cells = [f"{kb:,.0f} KB，{seconds:.2f} s" for kb, seconds in (figures["queries"][query, v] for v in versions)]
        lines.append(f"| {query} | " + " | ".join(cells) + " |")
    return lines + [""]


def row(count: int, ours: dict, plain: dict | None) -> str:
    cells = [f"{count:,}"]
    for figures in (ours, plain):
        if figures is None:
            cells += ["没有测（见下文）"] + [""] * 5
            continue
        cells += [f"{figures['seconds']:.0f} s", f"{figures['ms']:.1f} ms", f"{figures['peak']:,.0f} MiB",
                  f"{figures['site']:,.0f} MB", f"{figures['home']:,.0f} KB", figures["search"]]
    return "| " + " | ".join(cells) + " |"


def run(done: Callable[[str], None] = lambda text: None) -> str:
    """The section; ``done`` gets it so far after each size (the 10,000 builds take long)."""
    rows, verdicts, tables = [], [], []
    for count in SIZES:
        with tempfile.TemporaryDirectory() as folder:
            ours = measure(Path(folder) / "brands", count, plain=False)
            plain = measure(Path(folder) / "plain", count, plain=True) if count <= PLAIN_LIMIT else None
        rows.append(row(count, ours, plain))
        tables += versions_table(count, ours["versions"]) if "versions" in ours else []
        ok = lambda passed: "达标" if passed else "未达标"
        verdicts.append(f"- {count:,} 个品牌：每个品牌 {ours['ms']:.1f} ms（目标 {PER_BRAND_TARGET_MS} ms 以内，"
                        f"{ok(ours['ms'] <= PER_BRAND_TARGET_MS)}）；峰值内存 {ours['peak']:,.0f} MiB"
                        f"（目标 {MEMORY_LIMIT_MIB:,} MiB 以内，{ok(ours['peak'] < MEMORY_LIMIT_MIB)}）；首页 "
                        f"{ours['home']:,.0f} KB（目标 {HOME_LIMIT_KB} KB 以内，{ok(ours['home'] <= HOME_LIMIT_KB)}）；"
                        f"首次搜索 {ours['search']}（目标：下载 {FIRST_QUERY_LIMIT_KB} KB 以内，1 s 内出结果）。")
        done(_section(rows, verdicts, tables))
    return _section(rows, verdicts, tables)


def _section(rows: list[str], verdicts: list[str], tables: list[str]) -> str:
    return "\n".join([
        "## 区县规模（make bench-scale）",
        "",
        f"生成的品牌与“网站生成”一节相同（5 个板块、数据、荣誉、大事记、约 500 字的故事，没有照片），分在 {REGIONS} 个地区，"
        f"每 {BRANDS_PER_SCHOOL} 个品牌一所学校。每个数字是一次 `mkdocs build`（一个进程，jieba 分词开着）；"
        "峰值内存是这个进程的最大常驻内存。对照组：同样数量、同样正文的普通 Markdown 页面，同一个 Material 主题，不用 brandsite 插件。"
        f"首次搜索：chromium 打开首页（CPU 降速 {SLOWDOWN} 倍，像手机），搜索“{QUERY}”：搜索文件和输入后请求的一切共下载多少字节，"
        f"从输入到第一条结果出现用了多久（tests/kit/browser.py 的 first_query；{ROUNDS} 个新页面，时间取中位数，下载取最多的一次）。"
        "所有构建都在 `flock /tmp/brandsite-bench.lock` 下运行，不与其他性能测试重叠。",
        "",
        "| 品牌数 | brandsite 生成 | 每个品牌 | 峰值内存 | 网站大小 | 首页 | 首次搜索：下载，出结果 "
        "| 对照：普通 Material 生成 | 每页 | 峰值内存 | 网站大小 | 首页 | 首次搜索：下载，出结果 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        *verdicts,
        f"- 对照组超过 {PLAIN_LIMIT:,} 页时不生成：普通 Material 把每一页的链接放进每一页的侧边栏，生成时间随页数的平方增长，"
        f"{PLAIN_LIMIT:,} 页已经比 brandsite 慢好几倍，10,000 页要几个小时。",
        "",
        *tables,
    ])


def main() -> None:
    """`python bench_scale.py [SIZE …]`: the sizes given, else SIZES."""
    global SIZES
    SIZES = tuple(int(size) for size in sys.argv[1:]) or SIZES
    stamp = datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M %Z")

    def write(text: str) -> None:
        OUTPUT.write_text(f"# 区县规模性能测试\n\n由 `make bench-scale` 生成：{stamp}。机器：{machine()}。\n\n{text}",
                          encoding="utf-8")
        print(f"已写入 {OUTPUT}", file=sys.stderr)

    run(write)


if __name__ == "__main__":
    main()
