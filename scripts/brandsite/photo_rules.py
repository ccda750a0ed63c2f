"""Which photos may be published: consent, captions, and files nobody listed.

Pure checks over Brand objects and the brand folder, for the loader, the plugin and the
review; they return Findings and never open an image.
"""

from __future__ import annotations

from .findings import Finding, Level
from .model import Brand, Photo

# Files that operating systems and copy tools leave behind: never photos, never reported.
JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db"})


def is_junk(name: str) -> bool:
    """Hidden files (including macOS "._IMG_0001.JPG" companions) and OS litter."""
    return name.startswith(".") or name.lower() in JUNK_NAMES


def may_publish(photo: Photo) -> bool:
    """A photo showing students is published only with `consent: true`."""
    return photo.people != "students" or photo.consent


def check_consent(brand: Brand) -> list[Finding]:
    return [
        Finding(
            brand.source_name,
            photo.line,
            Level.ERROR,
            f"照片 {photo.file} 标注了 people: students（有学生），但没有 consent: true",
            "取得学生及家长同意后写上 consent: true，否则请从 gallery 中删除这张照片",
            rule="gallery-consent",
        )
        for photo in brand.gallery
        if not may_publish(photo)
    ]


def check_captions(brand: Brand) -> list[Finding]:
    return [
        Finding(
            brand.source_name,
            photo.line,
            Level.ERROR,
            f"照片 {photo.file} 缺少 caption（图片说明）",
            "请写一句说明照片内容的话，例如 caption: 党员教师参观下丁家精神展馆",
            rule="gallery-caption",
        )
        for photo in brand.gallery
        if not photo.caption.strip()
    ]


def unlisted_photos(brand: Brand) -> list[Finding]:
    """Files in `photos/` that no gallery entry lists: reported, never published."""
    folder = brand.folder / "photos"
    if not folder.is_dir():
        return []
    listed = {photo.file for photo in brand.gallery}
    return [
        Finding(
            f"brands/{brand.slug}/photos/{path.name}",
            None,
            Level.WARNING,
            f"照片 photos/{path.name} 没有列在 {brand.source_name} 的 gallery 中，不会发布",
            "需要发布就在 gallery 中添加一项（file 与 caption），不需要就删除这个文件",
            rule="gallery-unlisted",
        )
        for path in sorted(folder.iterdir())
        if path.is_file() and not is_junk(path.name) and f"photos/{path.name}" not in listed
    ]


def check_photos(brand: Brand) -> list[Finding]:
    """Every rule of this module for one brand."""
    return check_consent(brand) + check_captions(brand) + unlisted_photos(brand)
