"""How a rendered brochure becomes PDF bytes: its metadata and the PDF variant.

Every brochure and flyer sheet is a tagged PDF (headings, reading order, photos' captions as
alternative text) so that a screen reader can read it; `--archive` makes it PDF/A-2b (fonts
embedded, sRGB output intent, XMP metadata) for the records office. The CMYK print variant gets
its output intent from the @color-profile rule of print.css (see cmyk.py), not from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..model import Brand

ARCHIVE_VARIANT = "pdf/a-2b"


@dataclass(frozen=True)
class Metadata:
    """Title, authors and date of a PDF: the same in the document information and the XMP."""

    title: str
    authors: tuple[str, ...]
    date: dt.datetime | None  # the build date (publish/builddate.py), never the clock


def metadata(title: str, brands: list[Brand], date: dt.datetime | None) -> Metadata:
    """The brochure's authors are the organisations that made the brands, each once, in order."""
    return Metadata(title, tuple(dict.fromkeys(b.organization for b in brands)), date)


def apply(document: Any, meta: Metadata) -> Any:
    """Set `meta` on a WeasyPrint document (whatever its HTML said) and return the document."""
    document.metadata.title = meta.title
    document.metadata.authors = list(meta.authors)
    if meta.date is not None:
        stamp = meta.date.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        document.metadata.created = document.metadata.modified = stamp
    return document


def write_options(dpi: int, archive: bool) -> dict[str, Any]:
    """WeasyPrint's write_pdf options: tagged always, PDF/A-2b when archived."""
    return {"dpi": dpi, "pdf_tags": True, **({"pdf_variant": ARCHIVE_VARIANT} if archive else {})}
