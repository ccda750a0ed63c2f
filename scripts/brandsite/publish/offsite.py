"""Find every resource a built page would load from another host.

Pure functions over text: ``scan(name, text, allowed)`` for one HTML, CSS or JS file, ``scan_site``
to walk a built site, ``refusal`` for the message that stops its publication. Links a visitor
follows (``<a href>``, ``rel=canonical``, ``alternate`` …) are not loads and are ignored; ``src``,
``srcset``, stylesheets, icons, preloads, CSS ``url()`` and ``@import``, meta refresh and absolute
URLs handed to script loaders are.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from ..findings import Finding, Level

# Link relations whose href the browser fetches (or connects to) by itself.
LOADING_RELS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon",
    "preload", "modulepreload", "prefetch", "prerender", "preconnect", "dns-prefetch", "manifest",
}
# Attributes that load what they name, on any element.
LOADING_ATTRIBUTES = {"src", "poster", "background", "data", "lowsrc", "dynsrc", "formaction"}
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}
# SVG elements whose href or xlink:href is loaded.
SVG_LOADERS = {"image", "use", "feimage", "script"}
# Script CDNs: any literal URL on these hosts in a script is taken as a load.
CDN_HOSTS = {
    "unpkg.com", "cdn.jsdelivr.net", "fastly.jsdelivr.net", "cdnjs.cloudflare.com", "ajax.googleapis.com",
    "fonts.googleapis.com", "fonts.gstatic.com", "code.jquery.com", "maxcdn.bootstrapcdn.com",
    "stackpath.bootstrapcdn.com", "cdn.bootcdn.net", "cdn.bootcss.com", "cdn.staticfile.org",
    "cdn.staticfile.net", "lib.baomitu.com", "cdn.baomitu.com", "polyfill.io", "cdn.polyfill.io",
    "esm.sh", "cdn.skypack.dev", "ga.jspm.io", "use.fontawesome.com", "kit.fontawesome.com",
    "www.googletagmanager.com", "www.google-analytics.com", "hm.baidu.com", "res.wx.qq.com",
}
HTML_SUFFIXES = {".html", ".htm", ".svg", ".xhtml"}
CSS_SUFFIXES = {".css"}
JS_SUFFIXES = {".js", ".mjs"}

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')\s]+)\1\s*\)|@import\s+(["'])([^"']+)\3""", re.I)
_JS_LITERAL = re.compile(r"""(?<!\\)(["'`])((?:https?:)?//[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^"'`\\\s]*)?)\1""")
_JS_LOADER = re.compile(
    r"""(?:\b(?:import|importScripts|fetch|Worker|SharedWorker|EventSource|WebSocket|sendBeacon|loadScript|"""
    r"""getScript|require|_t)\s*\(\s*(?:[\w$.]+\s*,\s*)?|\.(?:src|href|srcset|action)\s*=\s*|\b(?:src|href)\s*:\s*|"""
    r"""setAttribute\(\s*["'](?:src|href)["']\s*,\s*|\.open\(\s*["']\w+["']\s*,\s*)$""")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";\s]+)", re.I)
_NETWORK_PATH = re.compile(r"//[A-Za-z0-9.-]+")  # the "//host" of any absolute URL (an optional scheme is slow to search)
# What stands just before an absolute URL that loads nothing, as Material and our templates write it:
# an XML namespace, the canonical link, the href of a link a visitor follows.
_HARMLESS_BEFORE = re.compile(r'(?:\bxmlns(?::\w+)?="|<link rel="canonical" href="|<a\s(?:[^<>]*\s)?href=")\Z', re.I)


def host(url: str) -> str | None:
    """The host an absolute or protocol-relative URL points at; None for a URL on this site."""
    url = url.strip()
    if url.startswith("//"):
        url = "http:" + url
    elif not re.match(r"(?i)https?://", url):
        return None
    return urlsplit(url).hostname or None


def allowed_host(name: str, allowed: frozenset[str] | set[str]) -> bool:
    """A listed host or any of its subdomains."""
    return any(name == a or name.endswith("." + a) for a in (h.lower().strip(".") for h in allowed))


def _outside(url: str, allowed) -> bool:
    name = host(url)
    return bool(name) and not allowed_host(name.lower(), allowed)


def scan_css(text: str, allowed=frozenset(), first_line: int = 1) -> list[tuple[int, str]]:
    """(line, url) of each ``url()`` and ``@import`` that reaches another host."""
    text = _CSS_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    found = []
    for match in _CSS_URL.finditer(text):
        url = match.group(2) or match.group(4)
        if _outside(url, allowed):
            found.append((first_line + text.count("\n", 0, match.start()), url))
    return found


def scan_js(text: str, allowed=frozenset(), first_line: int = 1) -> list[tuple[int, str]]:
    """(line, url) of literal absolute URLs a script loads: any on a known CDN, others passed to a loader."""
    found = []
    for match in _JS_LITERAL.finditer(text):
        url = match.group(2)
        name = host(url)
        if not name or allowed_host(name.lower(), allowed):
            continue
        before = text[max(0, match.start() - 60):match.start()]
        if name.lower() in CDN_HOSTS or _JS_LOADER.search(before):
            found.append((first_line + text.count("\n", 0, match.start()), url))
    return found


class _PageScanner(HTMLParser):
    def __init__(self, allowed) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.found: list[tuple[int, str]] = []
        self._block: str | None = None  # "style" or "script" while inside one
        self._block_line = 0

    def _check(self, url: str | None) -> None:
        if url and _outside(url, self.allowed):
            self.found.append((self.getpos()[0], url.strip()))

    def handle_starttag(self, tag, attrs):
        values = {name.lower(): value or "" for name, value in attrs}
        for name, value in values.items():
            if name in LOADING_ATTRIBUTES and not (tag == "object" and name != "data"):
                self._check(value)
            elif name in SRCSET_ATTRIBUTES:
                for candidate in value.split(","):
                    self._check(candidate.strip().split(" ")[0])
            elif name == "style":
                self.found += [(self.getpos()[0], url) for _, url in scan_css(value, self.allowed)]
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels & LOADING_RELS:
            self._check(values.get("href"))
        if tag in SVG_LOADERS:
            self._check(values.get("href") or values.get("xlink:href"))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            match = _REFRESH_URL.search(values.get("content", ""))
            self._check(match.group(1) if match else None)
        if tag in ("style", "script") and "src" not in values:
            self._block, self._block_line = tag, self.getpos()[0]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._block = None

    def handle_endtag(self, tag):
        if tag == self._block:
            self._block = None

    def handle_data(self, data):
        if self._block == "style":
            self.found += scan_css(data, self.allowed, self.getpos()[0])
        elif self._block == "script":
            self.found += scan_js(data, self.allowed, self.getpos()[0])


def scan_html(text: str, allowed=frozenset()) -> list[tuple[int, str]]:
    """(line, url) of everything an HTML (or SVG) document loads from another host."""
    if not _may_load_offsite(text, allowed):
        return []
    scanner = _PageScanner(allowed)
    scanner.feed(text)
    scanner.close()
    return scanner.found


def _may_load_offsite(text: str, allowed) -> bool:
    """False when every absolute URL on another host stands where it loads nothing (see
    _HARMLESS_BEFORE): the parser, a fifth of a 500-brand build, is then skipped. A CDN host
    anywhere still means a parse, as `scan_js` takes a CDN URL in any script string for a load."""
    for match in _NETWORK_PATH.finditer(text):
        if not _outside(match.group(), allowed):
            continue
        if host(match.group()).lower() in CDN_HOSTS:
            return True
        start = match.start()
        start -= next((len(scheme) for scheme in ("https:", "http:") if text.endswith(scheme, 0, start)), 0)
        if not _HARMLESS_BEFORE.search(text, max(0, start - 400), start):
            return True
    return False


def scan(name: str, text: str, allowed=frozenset()) -> list[Finding]:
    """Findings for one file of a built site, chosen by its suffix; other files are not read."""
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES:
        hits = scan_html(text, allowed)
    elif suffix in CSS_SUFFIXES:
        hits = scan_css(text, allowed)
    elif suffix in JS_SUFFIXES:
        hits = scan_js(text, allowed)
    else:
        return []
    return [Finding(name, line, Level.ERROR, f"从其他网站加载 {url}",
                    f"请把文件放进网站，或在 mkdocs.yml 的 brandsite 选项 allow_external 中加入 {host(url)}",
                    rule="offsite") for line, url in hits]


def scan_site(site_dir: Path, allowed=frozenset(), prefix: str = "site/") -> list[Finding]:
    """Every offsite load in the HTML, CSS and JS files under ``site_dir``, in path order."""
    findings = []
    suffixes = HTML_SUFFIXES | CSS_SUFFIXES | JS_SUFFIXES
    for path in sorted(p for p in site_dir.rglob("*") if p.suffix.lower() in suffixes and p.is_file()):
        text = path.read_text(encoding="utf-8", errors="replace")
        findings += scan(prefix + path.relative_to(site_dir).as_posix(), text, allowed)
    return findings


def refusal(found: list[Finding]) -> str:
    """Why a site with offsite loads is not published: one line on the harm, then every finding."""
    return (f"网站有 {len(found)} 处从其他网站加载文件，在校园网、离线或境外资源不通时会打不开，网站没有发布：\n"
            + "\n".join(map(str, found)))
