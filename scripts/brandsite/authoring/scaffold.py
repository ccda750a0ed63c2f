"""Write a new brand folder from the profile template (``data/profile.md.j2``).

Shared by ``brandsite new`` and ``brandsite import``; no MkDocs, no prompts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..profile import slugs

TEMPLATE = Path(__file__).parents[1] / "data" / "profile.md.j2"
CHECK = "请核对（这是从文档里猜的）。"
NEW_STORY = """\
## 品牌内涵

（请在这里写品牌名称的由来和含义。）

## 主要做法

（请在这里写支部是怎样做的，可以分几段，每段一个小标题，用“### ”开头。）

## 工作成效

（请在这里写取得的成效和下一步打算。）
"""

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9+.~]")
_SPECIAL_WORDS = re.compile(r"^(true|false|yes|no|on|off|y|n|null)$", re.IGNORECASE)


def yaml_text(value: object) -> str:
    """A YAML scalar that reads back as exactly ``value``: plain when safe, else double-quoted."""
    text = str(value)
    if (_PLAIN.match(text) and not _SPECIAL_WORDS.match(text) and ": " not in text and " #" not in text
            and "\n" not in text and not text.endswith((":", " ")) and "\t" not in text):
        return text
    return json.dumps(text, ensure_ascii=False)


@dataclass
class GalleryEntry:
    file: str  # "photos/图片01.jpg"
    caption: str = ""
    caption_check: bool = False  # the caption was guessed: ask the teacher to check it


@dataclass
class SourceEntry:
    """The document a profile was made from, as its ``sources`` entry."""

    title: str
    publisher: str = ""
    date: str = ""  # "2023-06-30"


@dataclass
class Profile:
    """What goes into a new index.md; ``checks`` names fields guessed from a document."""

    title: str
    slogan: str
    organization: str
    school: str
    region: str = ""
    launched: str = ""
    summary: str = ""
    body: str = NEW_STORY
    gallery: list[GalleryEntry] = field(default_factory=list)
    sources: list[SourceEntry] = field(default_factory=list)
    checks: set[str] = field(default_factory=set)


def render(profile: Profile) -> str:
    """The index.md text of ``profile``; every optional field appears, commented out when empty."""
    env = jinja2.Environment(keep_trailing_newline=True, autoescape=False, undefined=jinja2.StrictUndefined)
    env.filters["yaml"] = yaml_text
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    values = {name: getattr(profile, name) for name in profile.__dataclass_fields__ if name != "checks"}
    return template.render(**values, check=lambda name: CHECK if name in profile.checks else "")


def choose_slug(brands_dir: Path, title: str, wanted: str = "") -> str:
    """``wanted`` as given, or a pinyin slug of ``title`` that no folder in ``brands_dir`` uses."""
    if wanted:
        return wanted
    taken = [p.name for p in brands_dir.iterdir()] if brands_dir.is_dir() else []
    return slugs.folder_name(title, taken)


def create(brands_dir: Path, slug: str, text: str, photos: dict[str, bytes] | None = None) -> Path:
    """Make ``brands/<slug>/`` with index.md and photos/; refuses to touch an existing folder."""
    folder = brands_dir / slug
    if folder.exists():
        raise FileExistsError(folder)
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / ".gitkeep").write_bytes(b"")
    for name, data in (photos or {}).items():
        (folder / "photos" / name).write_bytes(data)
    index = folder / "index.md"
    index.write_text(text, encoding="utf-8", newline="\n")
    return index
