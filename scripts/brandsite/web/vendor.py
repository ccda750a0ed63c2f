"""Keep Material's own scripts from loading anything from unpkg.com.

Vendored in ``overrides/assets/javascripts/vendor/`` (copied unchanged from the npm registry with
``npm pack``, each with its licence file next to it):

- ``iframe-worker-shim.js``: iframe-worker@1.0.4 ``shim/index.js`` (MIT). Material's ``offline`` plugin
  adds ``https://unpkg.com/iframe-worker/shim`` to ``extra.polyfills`` unless a polyfill whose URL
  contains "iframe-worker" is already listed; mkdocs.yml lists the local copy.
- ``resize-observer-polyfill.js``: resize-observer-polyfill@1.5.1 ``dist/ResizeObserver.js`` (MIT).
  Material's bundle loads it only in browsers without ResizeObserver (none released since 2020).

Material's bundle also loads mermaid from unpkg.com when a page holds a ``.mermaid`` diagram. This
site enables no mermaid fence, so the URL is unreachable; it is still rewritten to a local path
(``vendor/mermaid.min.js``, not shipped) so that a diagram added later fails on the site's own host
instead of calling a CDN.
"""

from __future__ import annotations

import re
from pathlib import Path

VENDOR = "assets/javascripts/vendor/"
IFRAME_WORKER = VENDOR + "iframe-worker-shim.js"

# CDN URL in Material's bundle -> file under the site root. Resolved against __md_scope, the site
# root Material computes on every page, so it works at any prefix and from file://.
LOCAL_COPIES = {
    "https://unpkg.com/resize-observer-polyfill": VENDOR + "resize-observer-polyfill.js",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": VENDOR + "mermaid.min.js",
}

BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")

def localize(script: str) -> str:
    """Material's bundle with each CDN URL replaced by the site's own copy."""
    for url, local in LOCAL_COPIES.items():
        script = script.replace(f'"{url}"', f'new URL("{local}",__md_scope).href')
    return script

def localize_site(site_dir: Path) -> list[Path]:
    """Rewrite Material's bundle(s) in a built site in place; returns the files changed."""
    changed = []
    for path in sorted(site_dir.glob("assets/javascripts/bundle.*.min.js")):
        text = path.read_text(encoding="utf-8")
        new = localize(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed
