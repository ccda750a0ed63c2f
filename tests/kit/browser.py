"""Debian's chromium through Playwright, a local web server for a built site, and a page visitor that
records what went wrong while a page was open."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking switches chromium calls Google's hosts at start-up.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps"]
LOCAL_SCHEMES = ("data:", "blob:", "about:")
# The console's line for a failed request: the page's own requests are in Visit.failed with their URL;
# the browser's own (the favicon.ico it asks for when it shows a bare photo) are not the site's.
_LOAD_FAILED = "Failed to load resource"
# True once every image has loaded or failed (so any onerror has run); a lazy image far from the
# viewport is never fetched and cannot fire.
IMAGES_SETTLED = "() => [...document.images].every(i => i.complete || i.loading === 'lazy')"


@contextmanager
def launch():
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("没有 /usr/bin/chromium：请运行 make test（会用 apt 安装 chromium）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Visit:
    """What a page did while it was open: script errors, alerts (each dismissed), failed requests, and
    every request, to tell those that left the site's origin (any file:// is the site's when opened from disk)."""

    origin: str
    errors: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, url: str) -> "Visit":
        parts = urlsplit(url)
        return cls("file://" if parts.scheme == "file" else f"{parts.scheme}://{parts.netloc}/")

    def watch(self, page) -> None:
        page.on("console", lambda m: m.type == "error" and not m.text.startswith(_LOAD_FAILED) and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda dialog: (self.alerts.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} {r.status}"))

    @property
    def offsite(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.origin, *LOCAL_SCHEMES))]


@contextmanager
def opened(browser, url: str, width: int = 1280, height: int = 900,
           wait_until: str | None = "networkidle") -> Iterator[tuple[object, Visit]]:
    """A fresh page (its own context, service workers blocked) at ``url``, loaded until ``wait_until``,
    and what it did; the page is closed at the end of the block. ``wait_until=None`` leaves it blank,
    watching for ``url``'s origin, for a test that navigates itself."""
    page = browser.new_page(viewport={"width": width, "height": height}, service_workers="block")
    visit = Visit.of(url)
    visit.watch(page)
    try:
        if wait_until:
            page.goto(url, wait_until=wait_until)
        yield page, visit
    finally:
        page.close()


# Where a site's search keeps its files: Material's whole index and worker, Pagefind's bundle and chunks, and the
# worker that runs Pagefind for pagefind-search.js.
SEARCH_FILES = ("/search/", "/workers/search", "/pagefind/", "/assets/javascripts/search-worker.js")
# Keeps, as window.bsFirstResult, a promise of the milliseconds from now until the first search result is in
# the page; it fails after 30 s.
_FIRST_RESULT = """() => { window.bsFirstResult = new Promise((resolve, reject) => {
    const start = performance.now();
    setTimeout(() => reject(new Error('no search result within 30 s')), 30000);
    const seen = () => document.querySelector('.md-search-result__item') && (resolve(performance.now() - start), true);
    if (!seen()) new MutationObserver((_, observer) => seen() && observer.disconnect())
        .observe(document.body, {childList: true, subtree: true});
}); }"""


@dataclass
class FirstQuery:
    """A visitor's first search on a freshly opened page."""

    bytes: int  # bodies of the search's files (also those loaded with the page) and of anything asked after typing
    milliseconds: float  # from typing the query to the first result on screen
    links: list[str]  # the results' links, in order
    files: list[str]  # what those bytes were


def first_query(browser, url: str, query: str, cpu_slowdown: float = 1, width: int = 1280) -> FirstQuery:
    """Open ``url`` (CPU slowed ``cpu_slowdown`` times, as Chromium's DevTools throttling does), type
    ``query`` into the header's search box as a visitor does and wait for the first result."""
    with opened(browser, url, width, wait_until=None) as (page, _):
        if cpu_slowdown != 1:
            page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
        typed = False
        fetched: list[tuple[str, int]] = []

        def finished(request) -> None:
            if typed or any(part in urlsplit(request.url).path for part in SEARCH_FILES):
                length = request.response().headers.get("content-length")  # Chromium reports 0 for a worker's script
                fetched.append((request.url, max(request.sizes()["responseBodySize"], int(length or 0))))

        page.on("requestfinished", finished)
        page.goto(url, wait_until="networkidle")
        icon = "label.md-header__button[for='__search']"  # the magnifier a phone shows instead of the box
        page.click(icon if page.is_visible(icon) else ".md-search__input")
        page.evaluate(_FIRST_RESULT)
        typed = True
        page.fill(".md-search__input", query)
        page.press(".md-search__input", "End")  # Material searches on keyup, which fill() does not send
        milliseconds = page.evaluate("() => window.bsFirstResult")
        links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.getAttribute('href'))")
        page.remove_listener("requestfinished", finished)
    return FirstQuery(sum(size for _, size in fetched), milliseconds, links, [u for u, _ in fetched])
