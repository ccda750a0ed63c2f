"""`make bench`: run every benchmark section and write BENCHMARKS.md with the machine and date."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from .machine import machine

SECTIONS = ("bench_site", "bench_search", "bench_gallery", "bench_review", "bench_rewriter", "bench_brochure")
OUTPUT = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"


def section(name: str) -> str:
    """One section in a fresh interpreter: peak-memory figures must not inherit another's RSS."""
    done = subprocess.run([sys.executable, "-c", f"import {name}; print({name}.run())"],
                          cwd=Path(__file__).resolve().parent, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{name} 失败：\n{done.stderr}")
    return done.stdout


def main() -> None:
    wanted = sys.argv[1:] or SECTIONS
    parts = [
        "# 性能测试结果",
        "",
        f"由 `make bench` 生成：{datetime.now(timezone.utc).astimezone().strftime('%Y-%m-%d %H:%M %Z')}。",
        f"机器：{machine()}。每个数字旁边是同一次运行里测得的对照（基线）。",
        "",
    ]
    for name in wanted:
        start = time.perf_counter()
        print(f"正在运行 {name} …", file=sys.stderr)
        parts.append(section(name))
        print(f"{name} 用时 {time.perf_counter() - start:.0f} s", file=sys.stderr)
    scale = OUTPUT.with_name("BENCHMARKS-scale.md")  # measured by `make bench-scale` (most of an hour), not here
    if scale.is_file():
        body = scale.read_text(encoding="utf-8").split("\n", 1)[1]
        parts += ["## 区县规模（由 make bench-scale 另行测得，日期见下文）", body.replace("\n## ", "\n### ")]
    lighthouse = OUTPUT.with_name("BENCHMARKS-publish.md")  # measured by tools/lighthouse-publish.sh (npm), not here
    if lighthouse.is_file():
        body = lighthouse.read_text(encoding="utf-8").split("\n", 1)[1]
        parts += ["## 页面重量和 Lighthouse（由 tools/lighthouse-publish.sh 另行测得，日期见下文）", body.replace("\n## ", "\n### ")]
    OUTPUT.write_text("\n".join(parts), encoding="utf-8")
    print(f"已写入 {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
