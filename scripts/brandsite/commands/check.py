"""``brandsite check``: read every profile and print what is wrong, without building the site."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..authoring.repair import repair_brands
from ..findings import print_findings
from ..profile.loader import load_brands


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("check", help="检查全部品牌档案，不生成网站")
    parser.add_argument("--brands", type=Path, default=Path("brands"), help="品牌文件夹（默认 brands）")
    parser.add_argument("--fix", action="store_true",
                        help="先自动修复：从别的文档粘贴来的 GBK 文字改存为 UTF-8（留 .bak 备份），不能用作网址的文件夹名改成品牌名称的拼音")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = Path.cwd()
    if args.fix and (root / args.brands).is_dir():
        print_findings(repair_brands((root / args.brands).resolve(), root.resolve()))
    brands, findings = load_brands((root / args.brands).resolve(), root.resolve())
    print_findings(findings)
    errors = sum(f.is_error for f in findings)
    profiles = len(list((root / args.brands).glob("*/index.md")))
    print(f"检查了 {profiles} 个品牌档案，{len(brands)} 个可以发布：{errors} 处错误，{len(findings) - errors} 条警告或提示。")
    return 1 if errors else 0
