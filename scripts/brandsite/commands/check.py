"""``brandsite check``: read every profile and print what is wrong, without building the site."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..findings import print_findings
from ..profile.loader import load_brands


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("check", help="检查全部品牌档案，不生成网站")
    parser.add_argument("--brands", type=Path, default=Path("brands"), help="品牌文件夹（默认 brands）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = Path.cwd()
    brands, findings = load_brands((root / args.brands).resolve(), root.resolve())
    print_findings(findings)
    errors = sum(f.is_error for f in findings)
    profiles = len(list((root / args.brands).glob("*/index.md")))
    print(f"检查了 {profiles} 个品牌档案，{len(brands)} 个可以发布：{errors} 处错误，{len(findings) - errors} 条警告或提示。")
    return 1 if errors else 0
