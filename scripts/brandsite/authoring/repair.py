"""``--fix`` for what a teacher's computer did to a brand, where the intent is certain; the original is kept.

- Paragraphs pasted into a UTF-8 profile from a GBK ("ANSI") document are written back in UTF-8
  when every one of them reads as Chinese; the file as it was is kept as ``index.md.bak``.
- A brand folder whose name cannot be a web address (五色行动, "wuse xingdong", ＡＢＣ) is renamed
  to the pinyin of the brand's title, as ``brandsite new`` names a new brand.
"""

from __future__ import annotations

from pathlib import Path

from ..findings import Finding, Level
from ..profile import mixedtext, slugs, textfile
from ..profile.loader import SLUG, brand_folders, folder_name
from ..publish.atomic import write_atomic


def backup_path(path: Path) -> Path:
    """``index.md.bak``, or ``index.md.bak2``, ``.bak3`` … when an earlier repair left one."""
    number = 1
    while (backup := path.with_name(f"{path.name}{textfile.BACKUP_SUFFIX}{number if number > 1 else ''}")).exists():
        number += 1
    return backup


def _not_written(where: str, line: int | None, error: OSError) -> Finding:
    return Finding(where, line, Level.ERROR, f"--fix 没能改动：{error.strerror or error}",
                   "请确认磁盘没有满、文件夹不是只读的、没有别的程序（如 Word）正打开它，再运行一次")


def repair_encoding(index: Path, root: Path) -> Finding | None:
    """Write the GBK paragraphs of the UTF-8 profile ``index`` in UTF-8; what was done, or why not."""
    raw = index.read_bytes()
    bom = textfile.UTF8_BOM if raw.startswith(textfile.UTF8_BOM) else b""
    text = raw[len(bom):]
    runs = None if text.startswith(textfile.UTF16_BOMS) else textfile.foreign_runs(text)
    if not runs:  # UTF-8, or a GBK file: the whole file to save again, which the teacher's editor does (README)
        return None
    where = index.relative_to(root).as_posix()
    if unreadable := next((run for run in runs if not run.chinese), None):
        return Finding(where, unreadable.line, Level.INFO, "这一行有读不出来的文字，--fix 没有改动这个文件", textfile.RETYPE)
    backup = backup_path(index)
    try:
        write_atomic(backup, raw)
        write_atomic(index, bom + mixedtext.repaired(text, runs))  # the file is whole, old or new, whatever stops it
    except OSError as error:
        return _not_written(where, runs[0].line, error)
    lines = "、".join(str(line) for line in sorted({run.line for run in runs}))
    return Finding(where, runs[0].line, Level.INFO,
                   f"已把第 {lines} 行的 {len(runs)} 段 GBK 文字改存为 UTF-8，原文件备份为 {backup.relative_to(root).as_posix()}",
                   "请打开档案核对这几段文字；确认无误后可以删去备份")


def rename_folder(folder: Path, root: Path) -> Finding | None:
    """Rename a brand folder whose name cannot be a web address to its title's pinyin; what was done, or why not."""
    if SLUG.match(folder.name):
        return None
    target = folder.with_name(folder_name(folder / "index.md"))
    where = folder.relative_to(root).as_posix()
    if target.exists() and not target.samefile(folder):
        return Finding(where, None, Level.ERROR, f"没有改名：文件夹 {target.relative_to(root).as_posix()} 已经存在",
                       "请先把其中一个文件夹移走或手动改名")
    try:
        folder.rename(target)
    except OSError as error:
        return _not_written(where, None, error)
    return Finding(target.relative_to(root).as_posix(), None, Level.INFO,
                   f"文件夹“{slugs.shown(folder.name)}”已改名为 {target.name}", f"网址随之变为 brands/{target.name}/")


def repair_brands(brands_dir: Path, root: Path) -> list[Finding]:
    """Every repair of every brand under ``brands_dir``: encodings first, then folder names."""
    done = []
    for folder in brand_folders(brands_dir):
        if (index := folder / "index.md").is_file():
            done += filter(None, [repair_encoding(index, root), rename_folder(folder, root)])
    return done
