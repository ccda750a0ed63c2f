"""Pagefind: a search index in small chunks, so a visitor downloads only what a query needs.

The "extended" Pagefind binary (1.6.0 from tools/pagefind.sh, else PyPI's ``pagefind_bin_extended``
1.5.2; run without network) segments Chinese. It indexes the built site after MkDocs wrote it, inside the
build's staging folder, into ``pagefind/``; ``assets/javascripts/pagefind-search.js`` asks it.

A large site's index is cut into parts of about ``pagefind_part_brands`` brands each, one Pagefind
bundle a part, which the browser merges (Pagefind's ``mergeIndex``): for each page it finds, Pagefind's
search looks through every page entry of the words found, so a word on all P pages costs P² in one
bundle and P²/K in K parts. A brand's part is a hash of its folder name (the gallery's shards), the
other pages are in the first part, which alone has Pagefind's script and WebAssembly.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..gallery.shard import Shard

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


def part_count(brand_count: int, part_brands: int) -> int:
    """How many parts the index of ``brand_count`` brands has: one up to ``part_brands`` brands."""
    return max(1, math.ceil(brand_count / max(1, part_brands)))


def part_of(page: str, parts: int) -> int:
    """The part (1 … ``parts``) that indexes the site's file ``page`` (``brands/<slug>/index.html``, …)."""
    folders = page.split("/")
    if parts == 1 or len(folders) < 3 or folders[0] != "brands":
        return 1
    return next(n for n in range(1, parts + 1) if Shard(n, parts).takes(folders[1]))


def further_parts(parts: int) -> list[str]:
    """The bundles of parts 2 … ``parts``, as folders of the first one's (``pagefind/``)."""
    return [f"part-{n}/" for n in range(2, parts + 1)]


def executable() -> Path:
    """Pagefind 1.6.0's extended binary, which tools/pagefind.sh puts beside the virtualenv's Python; where it
    is absent, PyPI's 1.5.2 (installed with the project): the same index and search, slower for a word found on
    thousands of pages."""
    beside = Path(sys.executable).parent / "pagefind_extended"
    if beside.is_file():
        return beside
    from pagefind_bin_extended import get_executable

    return Path(get_executable())


def command(site: Path, output: Path) -> list[str]:
    return [str(executable()), "--site", str(site), "--output-path", str(output), "--root-selector", ROOT_SELECTOR,
            "--exclude-selectors", ", ".join(EXCLUDED), "--force-language", "zh", "--quiet"]


def run(site: Path, output: Path) -> str | None:
    """Index the HTML files under ``site`` into the bundle ``output``; Pagefind's complaint when it failed."""
    try:
        done = subprocess.run(command(site, output), capture_output=True, text=True, encoding="utf-8",
                              errors="replace", check=False)
    except OSError as exc:
        return str(exc)
    if done.returncode:
        return (done.stderr or done.stdout).strip() or f"exit {done.returncode}"
    return None


def split_pages(site: Path, parts: int, into: Path) -> list[Path]:
    """Each part's HTML files, hard-linked (copied where the file system cannot) into a folder of its own
    under ``into`` with the site's paths, so Pagefind gives each part's results the site's URLs."""
    folders = [into / str(n) for n in range(1, parts + 1)]
    for page in sorted(site.rglob("*.html")):  # listed before ``into`` fills
        relative = page.relative_to(site).as_posix()
        target = folders[part_of(relative, parts) - 1] / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(page, target)
        except OSError:
            shutil.copyfile(page, target)
    return folders


def index_site(site: Path, parts: int = 1) -> str | None:
    """Index the built ``site`` into ``site/pagefind/``, its further parts into ``pagefind/part-2/`` …;
    returns Pagefind's complaint when it failed."""
    bundle = site / FOLDER
    outputs = [bundle] + [bundle / part for part in further_parts(parts)]
    if parts == 1:
        problem = run(site, bundle)
    else:
        pages = site / f".{FOLDER}-pages"  # in the build's staging folder, which a failed build drops
        try:
            problem = next(filter(None, map(run, split_pages(site, parts, pages), outputs)), None)
        finally:
            shutil.rmtree(pages, ignore_errors=True)
    if problem:
        return problem
    for output in outputs[1:]:  # the first part's script and WebAssembly search them all
        for file in output.iterdir():
            if file.is_file() and file.name != "pagefind-entry.json" and file.suffix != ".pf_meta":
                file.unlink()
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    return None
