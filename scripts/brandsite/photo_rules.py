"""Which photo files may be published: the rules the loader and the gallery share.

The loader reports missing captions, students without consent and unlisted files
(schema.py); the gallery uses these to never publish what it must not.
"""

from __future__ import annotations

from .model import Photo

# Files that operating systems and copy tools leave behind: never photos, never reported.
JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db"})


def is_junk(name: str) -> bool:
    """Hidden files (including macOS "._IMG_0001.JPG" companions) and OS litter."""
    return name.startswith((".", "~$")) or name.lower() in JUNK_NAMES


def may_publish(photo: Photo) -> bool:
    """A photo showing students is published only with `consent: true`."""
    return photo.people != "students" or photo.consent
