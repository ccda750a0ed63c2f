#!/usr/bin/env python3
"""Serve a folder on 127.0.0.1 with gzip for text files, as a school's nginx with `gzip on` would.

Usage: tools/serve-gzip.py SITE_DIR PORT [--plain]   (--plain: no compression, like `python -m http.server`)
Used by tools/lighthouse-publish.sh; not needed to publish the site.
"""

import functools
import gzip
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class Handler(SimpleHTTPRequestHandler):
    compress = True

    def log_message(self, format, *args):  # noqa: A002
        return

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wants and path.suffix in TEXT and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        self.wfile.write(body) if self.command != "HEAD" else None
        return None


def main() -> None:
    site, port = sys.argv[1], int(sys.argv[2])
    Handler.compress = "--plain" not in sys.argv
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=site))
    server.serve_forever()


if __name__ == "__main__":
    main()
