"""``brandsite import 报告.docx``: a new brand from a teacher's Word report, with a report of what needs checking."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from ..authoring import docx_import, scaffold
from ..findings import Finding, Level, print_findings
from .new import check_slug


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("import", help="把 Word 报告（.docx）导入为一个新品牌，照片放进 photos 文件夹")
    parser.add_argument("document", type=Path, metavar="Word文件", help="Word 文件，如 报告.docx")
    parser.add_argument("--slug", help="文件夹名（网址名）；不写就按品牌名称的拼音生成")
    parser.add_argument("--brands", type=Path, default=Path("brands"), help="品牌文件夹（默认 brands）")
    parser.set_defaults(func=run)


def _error(where: Path, problem: str) -> int:
    print_findings([Finding(str(where), None, Level.ERROR, problem)])
    return 1


def run(args: argparse.Namespace) -> int:
    document: Path = args.document
    if not document.is_file():
        return _error(document, "找不到这个文件 — 请检查文件名和所在的文件夹")
    try:
        docx_import.check_file_size(document.stat().st_size)  # before reading it into memory
        imported = docx_import.convert(document.read_bytes())
    except docx_import.DocxError as exc:
        return _error(document, str(exc))
    except OSError as exc:
        return _error(document, f"文件读不出来（{exc.strerror}） — 请确认文件没有被其他程序占用，并且有权限读取")
    profile = imported.profile
    slug = scaffold.choose_slug(args.brands, profile.title or document.stem, args.slug or "")
    if problem := check_slug(args.brands, slug):
        return _error(document, problem)
    try:
        index = scaffold.create(args.brands, slug, scaffold.render(profile), imported.photos)
    except OSError as exc:  # disk full, no permission: leave no half-made brand behind
        if not isinstance(exc, FileExistsError):
            shutil.rmtree(args.brands / slug, ignore_errors=True)
        return _error(args.brands / slug, f"品牌文件夹写不进去（{exc.strerror}） — 请检查磁盘空间和文件夹权限")
    print(f"已从 {document.name} 导入品牌“{profile.title}”：{index.as_posix()}，照片 {len(imported.photos)} 张")
    print("标有“请核对”的字段是从文档里猜的，请逐一核对。")
    if imported.report:
        print("需要手工处理的地方：")
        for line in imported.report:
            print(f"  - {line}")
    return 0
