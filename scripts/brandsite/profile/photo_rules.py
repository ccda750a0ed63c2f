"""Which photo files may be published: the rules the loader and the gallery share.

The loader reports missing captions, students without consent and unlisted files
(profile/schema.py); the gallery uses these to never publish what it must not.
"""

from __future__ import annotations

from ..model import Brand, Photo

# Files that operating systems and copy tools leave behind: never photos, never reported.
JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db"})


def is_junk(name: str) -> bool:
    """Hidden files (including macOS "._IMG_0001.JPG" companions) and OS litter."""
    return name.startswith((".", "~$")) or name.lower() in JUNK_NAMES


def may_publish(photo: Photo) -> bool:
    """A photo showing students is published only with `consent: true`."""
    return photo.people != "students" or photo.consent


def unlisted(brand: Brand) -> list[str]:
    """Files in the brand's photos folder ("photos/…") that no gallery entry lists: never published.

    A photos folder that is a symbolic link is not looked into: it may show files from anywhere.
    """
    listed = {p.file for p in brand.gallery}
    photos = brand.folder / "photos"
    if not photos.is_dir() or photos.is_symlink():
        return []
    files = (path.relative_to(brand.folder).as_posix() for path in sorted(photos.rglob("*"))
             if path.is_file() and not is_junk(path.name))
    return [file for file in files if file not in listed]
