"""``brandsite package``: the built site (and brochure, if built into site/) as one dated zip."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..findings import Finding, FindingsError, Level
from ..profile.loader import load_brands
from ..publish import builddate
from ..publish.package import write_zip, zip_name


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("package", help="把生成的网站打包成带日期的 zip，用于上传到学校网站后台")
    parser.add_argument("--site", type=Path, default=Path("site"), help="网站文件夹（默认 site）")
    parser.add_argument("-o", "--output", type=Path, default=Path("."), help="zip 放在哪个文件夹（默认当前文件夹）")
    parser.add_argument("--brands", type=Path, default=Path("brands"), help="品牌文件夹，没有 git 时从档案取日期")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not (args.site / "index.html").is_file():
        raise FindingsError([Finding(f"{args.site.as_posix()}/index.html", None, Level.ERROR, "网站还没有生成",
                                     "请先运行 make site")])
    root = Path.cwd().resolve()
    brands = load_brands((root / args.brands).resolve(), root)[0] if (root / args.brands).is_dir() else []
    epoch = builddate.source_date_epoch(root, brands)
    args.output.mkdir(parents=True, exist_ok=True)
    target = args.output / zip_name(epoch)
    count = write_zip(args.site, target, epoch)
    brochure = "，含宣传册 brochure.pdf" if (args.site / "brochure.pdf").is_file() else ""
    print(f"已打包 {count} 个文件{brochure}：{target}（解压后打开 index.html；上传时保持文件夹结构）")
    return 0
