"""Which file a profile's photo path names, and which photo files may be published: the rules the
loader and the gallery share.

The loader reports missing captions, students without consent and unlisted files
(profile/loader.py); the gallery uses these to never publish what it must not.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from ..model import Brand, Photo
from . import textfile
from .fields import normalized

# Files that operating systems and copy tools leave behind: never photos, never reported.
JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db"})


def is_junk(name: str) -> bool:
    """Hidden files (including macOS "._IMG_0001.JPG" companions) and OS litter."""
    return name.startswith((".", "~$")) or name.lower() in JUNK_NAMES


def may_publish(photo: Photo) -> bool:
    """A photo showing students is published only with `consent: true`."""
    return photo.people != "students" or photo.consent


def photo_files(folder: Path) -> list[str]:
    """The files in a brand folder's photos folder ("photos/…"), sorted, without junk.

    A photos folder that is a symbolic link is not looked into: it may show files from anywhere.
    """
    photos = folder / "photos"
    if not photos.is_dir() or photos.is_symlink():
        return []
    return [path.relative_to(folder).as_posix() for path in sorted(photos.rglob("*"))
            if path.is_file() and not is_junk(path.name)]


def unlisted(brand: Brand) -> list[str]:
    """Files in the brand's photos folder that no gallery entry lists: never published."""
    listed = {p.file for p in brand.gallery}
    return [file for file in photo_files(brand.folder) if file not in listed]


def _linked(folder: Path, path: Path) -> bool:
    """True when ``path`` or a folder on the way to it from ``folder`` is a symbolic link.

    A link can lead anywhere on the computer, so none is published, wherever it points.
    """
    return any(part.is_symlink() for part in (path, *path.parents) if part != folder and part.is_relative_to(folder))


def resolve_photo(folder: Path, written: str) -> tuple[str | None, str, str]:
    """Find the file a profile names; returns (path as on disk, problem, hint).

    Refuses anything that could leave the brand folder before touching the disk.
    """
    text = written.strip()
    outside = "请把照片放进本品牌的 photos 文件夹，并写相对路径，如 photos/活动01.jpg"
    if re.match(r"^[a-zA-Z]:[\\/]|^[\\/]|^~|^[a-z]+:", text) or "%2e" in text.lower() or "%2f" in text.lower():
        return None, f"照片路径“{text}”指向电脑上的其他位置", outside
    text = text.replace("\\", "/")
    normal = posixpath.normpath(text)
    if normal.startswith("..") or "/../" in f"/{text}/":
        return None, f"照片路径“{written.strip()}”跑出了品牌文件夹", outside
    candidate = folder / normal
    if _linked(folder, candidate):
        return None, f"照片“{normal}”是快捷方式（符号链接），不是照片文件本身", \
            "请把照片文件本身复制进本品牌的 photos 文件夹，再删去这个快捷方式"
    if candidate.is_file() and candidate.resolve().is_relative_to(folder.resolve()):
        return normal, "", ""
    files = {p.relative_to(folder).as_posix(): normalized(p.relative_to(folder).as_posix()).casefold()
             for p in folder.rglob("*") if p.is_file() and not _linked(folder, p)}
    wanted = normalized(normal).casefold()
    if len(matches := [file for file, name in files.items() if name == wanted]) == 1:
        return None, f"找不到照片“{normal}”", f"是不是 {matches[0]}？（{_difference(normal)}）"
    # Windows hides ".jpg": the teacher writes the name as shown, or names a file "合影.jpg" that is "合影.jpg.jpg"
    if len(matches := [file for file, name in files.items() if name.startswith(wanted)
                       and _EXTENSION.fullmatch(name[len(wanted):])]) == 1:
        return None, f"找不到照片“{normal}”", (f"是不是 {matches[0]}？（电脑没有显示文件的扩展名，"
                                           f"它的完整名字是 {posixpath.basename(matches[0])}）")
    return None, f"找不到照片“{normal}”", "请检查文件名，或把照片放进本品牌的 photos 文件夹"


_EXTENSION = re.compile(r"\.(?:jpe?g|png|gif|webp|heic|tiff?|bmp)")


def _difference(written: str) -> str:
    """What differs between a photo's name as written and a file's name that is the same to the eye."""
    hidden = [c for c in dict.fromkeys(written) if c in textfile.INVISIBLE]
    if hidden:
        return "档案里的文件名有看不见的" + "、".join(map(textfile.char_name, hidden))
    return "文件名的大小写、全角半角或括号不一致"
