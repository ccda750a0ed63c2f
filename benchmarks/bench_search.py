"""Search benchmark: the term-parts step of Material's index (one Aho-Corasick pass against testing every
term on every entry), and a visitor's first query on a 300-brand site, Pagefind against Material's whole index."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_site import MKDOCS, ROOT, _project

sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]

from brandsite.web import search  # noqa: E402
from kit.browser import first_query, launch, serve  # noqa: E402

TERM_SIZES = (2_000, 10_000)
BASELINE_UP_TO = 2_000  # the per-term baseline took 160 s at 10,000 brands here: measured once, not every run
SITE_BRANDS = 300
QUERIES = ("立德树人", "党旗领航", "志愿服务")  # words both searches find (Material's finds no brand name with digits, such as 品牌12)
CPU_SLOWDOWN = 4  # Chromium's DevTools "4x slowdown", a mid-range phone
WORDS = "初心 薪火 红帆 匠心 春泥 灯塔 星光 红烛 育苗 铸魂 先锋 同心 课堂 育人 志愿 服务 家校 共育 师德 师风 劳动 实践".split()


def _index(brands: int) -> tuple[dict, list[str]]:
    """A Material-like index: per brand one entry with its name and five pillar names, five story sections."""
    pick = random.Random(brands).choice
    terms, docs = set(), []
    for n in range(brands):
        name, pillars = pick(WORDS) + pick(WORDS) + f"{n}号", [pick(WORDS) + pick(WORDS) + pick(WORDS) for _ in range(5)]
        terms.update([name, *pillars])
        docs.append({"title": name, "text": "口号：党建引领，立德树人。" + "".join(pillars)})
        docs += [{"title": f"{name}{k}", "text": "党员教师结对帮扶学生，开展主题党日活动。" * 3 + pillars[k]} for k in range(5)]
    return {"docs": docs}, sorted(terms, key=lambda t: (-len(t), t))


def _per_term_baseline(index: dict, dictionary: list[str]) -> None:
    """The step as it was before: every term tested against every entry."""
    parts = {term: search.term_parts(term) for term in dictionary}
    for entry in index["docs"]:
        text = entry["title"] + entry["text"]
        found = set().union(*(parts[t] for t in dictionary if t in text))
        if found:
            entry["parts"] = " ".join(sorted(found))


def _seconds(step, brands: int) -> float:
    index, dictionary = _index(brands)
    start = time.perf_counter()
    step(index, dictionary)
    return time.perf_counter() - start


def _first_queries(site: Path) -> tuple[int, float]:
    """Median bytes and milliseconds of each query's first search on a fresh page, CPU slowed 4x."""
    with launch() as browser, serve(site) as url:
        found = [first_query(browser, url, query, cpu_slowdown=CPU_SLOWDOWN) for query in QUERIES]
    return int(statistics.median(f.bytes for f in found)), statistics.median(f.milliseconds for f in found)


def run() -> str:
    import jieba

    jieba.initialize()  # loaded before either timing
    rows = []
    for brands in TERM_SIZES:
        ours = _seconds(search.add_term_parts, brands)
        baseline = f"{_seconds(_per_term_baseline, brands):.2f} s" if brands <= BASELINE_UP_TO else "（未运行：约 160 s）"
        rows.append(f"| {brands} | {ours:.2f} s | {baseline} |")
    with tempfile.TemporaryDirectory() as folder:
        sites = {}
        for mode, option in (("Pagefind（默认）", ""), ("对照：Material 整个索引", "      pagefind_from: 100000\n")):
            project = _project(Path(folder) / f"site-{len(sites)}", SITE_BRANDS, plain=False)
            config = project / "mkdocs.yml"
            config.write_text(config.read_text(encoding="utf-8").replace("  - brandsite\n", f"  - brandsite:\n{option}"
                                                                         if option else "  - brandsite\n"), encoding="utf-8")
            subprocess.run([*MKDOCS, "build", "-q"], cwd=project, check=True)
            sites[mode] = _first_queries(project / "site")
    query_rows = [f"| {mode} | {size / 1000:.0f} KB | {ms:.0f} ms |" for mode, (size, ms) in sites.items()]
    return "\n".join([
        "## 搜索",
        "",
        "Material 搜索索引的“词的组成部分”一步（`search.add_term_parts`），在按生成品牌的样子合成的索引上"
        "（每个品牌 6 段、名称和 5 个板块名进词典）。对照：原来的做法，每个词典词逐段去试。",
        "",
        "| 品牌数 | Aho-Corasick 一遍扫描 | 对照：逐词逐段 |",
        "| --- | --- | --- |",
        *rows,
        "",
        f"{SITE_BRANDS} 个生成品牌的网站，Chromium CPU 减速 {CPU_SLOWDOWN} 倍，打开首页后第一次搜索"
        f"（{'、'.join(QUERIES)}，各开一个新页面，取中位数）：下载的字节（搜索的文件，包括随页面加载的）和从输入到第一条结果的时间。"
        "Material 的时间不含它打开页面时就下载并建立整个索引的时间。用 `tests/kit/browser.py` 的 `first_query()` 测得。",
        "",
        "| 搜索方式 | 下载 | 到第一条结果 |",
        "| --- | --- | --- |",
        *query_rows,
        "",
    ])
