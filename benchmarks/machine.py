"""The machine a benchmark ran on, as BENCHMARKS*.md state it."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}，{os.cpu_count()} 核，{memory:.0f} GiB 内存，{platform.system()} {platform.release()}，Python {platform.python_version()}"
