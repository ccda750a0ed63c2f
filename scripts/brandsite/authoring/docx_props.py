"""A Word document's own description of itself: its title, company and creation date.

Read from docProps/core.xml and docProps/app.xml after ``docx_read.read`` has checked every part
(sizes, nesting, entities). Pure: bytes in, DocProps out; a missing or odd part gives empty values.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from .docx_read import clean

_CORE = {"title": "{http://purl.org/dc/elements/1.1/}title", "created": "{http://purl.org/dc/terms/}created"}
_COMPANY = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Company"
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})T")


@dataclass(frozen=True)
class DocProps:
    title: str = ""
    company: str = ""
    created: str = ""  # "2023-06-30"


def _root(package: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    try:
        return ElementTree.fromstring(package.read(name))
    except (KeyError, ElementTree.ParseError):
        return None


def _text(root: ElementTree.Element | None, tag: str) -> str:
    found = root.find(tag) if root is not None else None
    return " ".join(clean(found.text or "").split()) if found is not None else ""


def read_props(data: bytes) -> DocProps:
    """The title, company and creation day the document's properties hold ("" for each one missing)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        core, app = _root(package, "docProps/core.xml"), _root(package, "docProps/app.xml")
    created = _DATE.match(_text(core, _CORE["created"]))
    return DocProps(_text(core, _CORE["title"]), _text(app, _COMPANY), created[1] if created else "")
