"""Helpers for the brochure tests: a profile's gallery replaced, and poppler's view of a PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from kit.profiles import photo


def add_gallery(index: Path, photos: list[tuple[str, str]]) -> None:
    """Make these photos the profile's whole `gallery:` (the example's own photos removed)."""
    head, sep, body = index.read_text(encoding="utf-8")[4:].partition("\n---\n")
    head = re.sub(r"\ngallery:\n(?:[ \t].*\n?)*", "\n", "\n" + head + "\n").strip("\n")
    for old in (index.parent / "photos").glob("shili-*.jpg"):
        old.unlink()
    entries = "".join(photo(file, caption) for file, caption in photos)
    index.write_text(f"---\n{head}\ngallery:\n{entries.rstrip()}{sep}{body}", encoding="utf-8")


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def pages_text(pdf: Path, layout: bool = False) -> list[str]:
    """Text of each page as pdftotext extracts it (pages split at form feeds)."""
    text = run("pdftotext", *(["-layout"] if layout else []), pdf, "-")
    return text.split("\f")[:-1]


def fonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts rows: name, type, emb."""
    lines = run("pdffonts", pdf).splitlines()[2:]
    rows = []
    for line in lines:
        match = re.match(r"(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)", line)
        assert match, line
        rows.append({"name": match[1], "type": match[2], "emb": match[4], "sub": match[5]})
    return rows


def images(pdf: Path) -> list[dict[str, str]]:
    """pdfimages -list rows as dicts (page, width, height, x-ppi, y-ppi …)."""
    lines = run("pdfimages", "-list", pdf).splitlines()
    header = lines[0].split()
    return [dict(zip(header, line.split())) for line in lines[2:]]


def render_pages(pdf: Path, target: Path, dpi: int, first: int | None = None, last: int | None = None) -> list[Path]:
    """PNG of each page (pdftoppm), named <target>-<page>.png."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for old in target.parent.glob(f"{target.name}-*.png"):
        old.unlink()
    run("pdftoppm", "-r", dpi, "-png", *(["-f", first] if first else []), *(["-l", last] if last else []),
        pdf, target)
    return sorted(target.parent.glob(f"{target.name}-*.png"))
