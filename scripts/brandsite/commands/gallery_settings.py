"""The settings `brandsite gallery` reads from mkdocs.yml, without loading MkDocs while the file is unchanged.

Validating mkdocs.yml (`commands.settings`) imports MkDocs, Material and every plugin, theme and
Markdown extension the file names: measured, 0.25 s of the 0.6 s `brandsite gallery` took on a full
cache. After a validation that had nothing to say, the values the gallery uses are kept in
``<cache_dir>/settings.json`` under the sha256 of mkdocs.yml and of the options' declarations
(config.py); a later run whose files are byte for byte the same takes them from there. Anything else —
a changed or unreadable file, one whose settings depend on more than its bytes (``INHERIT`` of another
file, ``!ENV``), a validation with warnings — is validated again, with the messages of every command.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import yaml

from ..findings import print_findings
from ..gallery.cache import DEFAULT_CACHE_DIR
from ..publish.atomic import write_atomic
from .yamlnodes import walk

SAVED = "settings.json"
_DECLARED = Path(__file__).resolve().parents[1] / "config.py"  # the options' types and defaults
_OUTSIDE = (b"INHERIT", b"!ENV")  # the settings depend on another file, or on the environment


@dataclass(frozen=True)
class Settings:
    """The brandsite options `brandsite gallery` reads (config.BrandsiteConfig, names and values as there)."""

    brands_dir: str
    cache_dir: str
    gallery_widths: list[int]
    gallery_max_pixels: int
    gallery_engine: str


@dataclass(frozen=True)
class _Saved:
    path: Path  # <cache_dir>/settings.json, cache_dir as mkdocs.yml writes it
    key: str  # of mkdocs.yml's bytes and config.py's


def load_settings(config_file: Path) -> Settings:
    """mkdocs.yml's settings for the gallery: as validated last time while the file is unchanged, else
    validated now (warnings printed, errors raised as FindingsError, as `commands.settings` does)."""
    saved = _saved_at(config_file)
    if saved and (settings := _read(saved)):
        return settings
    from .settings import check_site, plugins_but_search  # MkDocs and every plugin: only from here on

    _, options, findings = check_site(config_file, plugins=plugins_but_search(config_file))
    print_findings(findings)
    settings = Settings(**{field.name: options[field.name] for field in fields(Settings)})
    if saved and not findings and saved.path == config_file.resolve().parent / settings.cache_dir / SAVED:
        with contextlib.suppress(OSError):  # a cache that cannot be written is the gallery's to report
            saved.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(saved.path, json.dumps({"key": saved.key, "settings": asdict(settings)}).encode("utf-8"))
    return settings


def _saved_at(config_file: Path) -> _Saved | None:
    """Where the settings of this mkdocs.yml would be kept, and under what key; None when they cannot be."""
    try:
        data = config_file.read_bytes()
        declared = _DECLARED.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if any(word in data for word in _OUTSIDE):
        return None
    cache_dir = _cache_dir(text)
    if cache_dir is None:
        return None
    key = hashlib.sha256(hashlib.sha256(data).digest() + hashlib.sha256(declared).digest()).hexdigest()
    return _Saved(config_file.resolve().parent / cache_dir / SAVED, key)


def _cache_dir(text: str) -> str | None:
    """`cache_dir` as written (the default when it is not); None when it is not plain text."""
    found = walk(text, ("plugins", "brandsite", "cache_dir"))
    if len(found) < 3:
        return DEFAULT_CACHE_DIR
    node = found[-1][0]
    return node.value if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str" else None


def _read(saved: _Saved) -> Settings | None:
    """The settings kept under `saved.key`; None when there are none, or from another file or version."""
    try:
        data = json.loads(saved.path.read_text(encoding="utf-8"))
        return Settings(**data["settings"]) if data["key"] == saved.key else None
    except (OSError, ValueError, TypeError, KeyError):
        return None
