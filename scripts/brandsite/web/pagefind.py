"""Pagefind: a search index in small chunks, so a visitor downloads only what a query needs.

The "extended" Pagefind binary (1.6.0 from tools/pagefind.sh, else PyPI's ``pagefind_bin_extended``
1.5.2; run without network) segments Chinese. It indexes the built site after MkDocs wrote it, inside the
build's staging folder, into ``pagefind/``; ``assets/javascripts/pagefind-search.js`` asks it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FOLDER = "pagefind"
SCRIPT = "assets/javascripts/pagefind-search.js"
# Indexed: the page's article; not the lists of brands on the home, wall, region and school pages (a brand's
# name would find them before the brand's own page; a school's name still finds its page), the filters,
# the school finder, the pager, the wall's further pages' titles (全部品牌（第 N 页）: nothing else is on them,
# and they came first for 品牌), nor the ¶ after each heading.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDED = (".bs-wall", ".bs-wall__title", ".bs-schools__brands", ".bs-regions", ".bs-filter", ".bs-finder", ".bs-pager", ".headerlink")
# Pagefind's own ready-made interfaces: this site shows results in Material's search box instead.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def uses_pagefind(brand_count: int, from_brands: int) -> bool:
    """Pagefind from ``from_brands`` brands on (0: always); below, Material's whole-index search,
    which also works from a USB stick (file://), where Pagefind cannot load its chunks."""
    return brand_count >= from_brands


def take_over_search(config) -> None:
    """For the plugin's on_config: Material's search keeps its box in the header (partials/search.html
    hands it to Pagefind) but indexes nothing: its jieba run on every page and its one whole index are
    what does not scale."""
    material = config.plugins.get("material/search")
    for event in ("page_context", "post_build"):
        config.plugins.events[event] = [m for m in config.plugins.events[event] if getattr(m, "__self__", None) is not material]
    if SCRIPT not in config.extra_javascript:
        config.extra_javascript.append(SCRIPT)


def executable() -> Path:
    """Pagefind 1.6.0's extended binary, which tools/pagefind.sh puts beside the virtualenv's Python; where it
    is absent, PyPI's 1.5.2 (installed with the project): the same index and search, slower for a word found on
    thousands of pages."""
    beside = Path(sys.executable).parent / "pagefind_extended"
    if beside.is_file():
        return beside
    from pagefind_bin_extended import get_executable

    return Path(get_executable())


def command(site: Path) -> list[str]:
    return [str(executable()), "--site", str(site), "--output-subdir", FOLDER, "--root-selector", ROOT_SELECTOR,
            "--exclude-selectors", ", ".join(EXCLUDED), "--force-language", "zh", "--quiet"]


def index_site(site: Path) -> str | None:
    """Index the built ``site`` into ``site/pagefind/``; returns Pagefind's complaint when it failed."""
    try:
        done = subprocess.run(command(site), capture_output=True, text=True, encoding="utf-8", errors="replace",
                              check=False)
    except OSError as exc:
        return str(exc)
    if done.returncode:
        return (done.stderr or done.stdout).strip() or f"exit {done.returncode}"
    for name in UNUSED:
        (site / FOLDER / name).unlink(missing_ok=True)
    return None
