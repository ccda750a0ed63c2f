"""Profiles as a teacher writes them: front matter from keyword fields, gallery entries, then the story."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

# The four required fields, on lines 2 to 5; the next field is on line 6.
REQUIRED = {"title": "红烛先锋", "slogan": "燃烧自己，照亮他人", "organization": "第一党支部", "school": "示例中学"}
STORY = "## 品牌介绍\n\n正文。\n"


def profile(*, story: str = STORY, gallery: Iterable[str] = (), raw: str = "", **fields: str | None) -> str:
    """The text of ``index.md``: the required fields (each may be replaced in its place, or left out with
    ``None``), then the others in the order given, one line ``key: value`` each with ``value`` written as
    YAML text; then ``gallery:`` with the entries ``gallery`` (see ``photo``); then ``raw``, front-matter
    lines exactly as typed (Chinese keys, broken YAML); then the story."""
    front = {**REQUIRED, **fields}
    lines = "".join(f"{key}: {value}\n" for key, value in front.items() if value is not None)
    if entries := "".join(gallery):
        lines += "gallery:\n" + entries
    return f"---\n{lines}{raw}---\n{story}"


def photo(file: str, caption: str, people: str = "none", consent: bool = False) -> str:
    """One gallery entry in block style (four or five lines)."""
    return (f"  - file: {file}\n    caption: {caption}\n    people: {people}\n"
            + ("    consent: true\n" if consent else ""))


def value(data: object) -> str:
    """``data`` as one line of YAML, quoted where YAML needs it: for fields given as Python values."""
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=True, sort_keys=False,
                          width=10_000).removesuffix("\n...\n").strip()


def write_brand(project: Path, slug: str, text: str | bytes, photos: dict[str, bytes] | None = None) -> Path:
    """``brands/<slug>/index.md`` holding ``text`` (bytes as given), an empty ``photos/``, and ``photos``
    (path in the brand folder → bytes); returns the profile's path."""
    folder = project / "brands" / slug
    (folder / "photos").mkdir(parents=True, exist_ok=True)
    index = folder / "index.md"
    index.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    for name, data in (photos or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return index


def loaded(project: Path, text: str | bytes, photos: dict[str, bytes] | None = None, slug: str = "hongzhu-xianfeng"):
    """The Brand (None when it cannot be published) of the profile ``text`` written as ``brands/<slug>/index.md``
    in ``project`` with ``photos`` (see ``write_brand``), and its findings as the lines a teacher reads."""
    from brandsite.profile.loader import load_brand

    brand, findings = load_brand(write_brand(project, slug, text, photos), project)
    return brand, [str(f) for f in findings]
