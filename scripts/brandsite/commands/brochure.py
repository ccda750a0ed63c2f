"""``brandsite brochure``: the print brochure (and with --flyers the one-page flyers) as PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..brochure import SIZES, BrochureOptions, read_site, render_brochure, render_flyers
from ..cjkfont import FontMissing
from ..print_images import local_print_image
from ..schema import load_brands


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("brochure", help="生成宣传册 PDF（可选：每个品牌一页纸）")
    parser.add_argument("--size", choices=sorted(SIZES), default="A4", help="纸张大小（默认 A4）")
    parser.add_argument("--print-shop", action="store_true", help="交印刷厂：加 3 毫米出血和裁切线，照片 300 dpi")
    parser.add_argument("--flyers", action="store_true", help="另外生成每个品牌一页 A4 的一页纸（flyers.pdf）")
    parser.add_argument("--out", type=Path, default=Path("site/brochure.pdf"), help="宣传册文件（默认 site/brochure.pdf）")
    parser.add_argument("--brands", type=Path, default=Path("brands"), help="品牌文件夹（默认 brands）")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="网站设置（默认 mkdocs.yml）")
    parser.add_argument("--font", default=BrochureOptions.body_font, help="正文字体（默认 Noto Serif CJK SC）")
    parser.add_argument("--heading-font", default=BrochureOptions.heading_font, help="标题字体（默认 Noto Sans CJK SC）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = Path.cwd().resolve()
    brands, findings = load_brands((root / args.brands).resolve(), root)
    for finding in findings:
        print(finding)
    if any(f.is_error for f in findings) or not brands:
        print("宣传册没有生成：请先改正上面的错误。" if brands else "没有可以印刷的品牌档案。", file=sys.stderr)
        return 1
    options = BrochureOptions(size=args.size, print_shop=args.print_shop, body_font=args.font,
                              heading_font=args.heading_font, templates=root / "overrides" / "brochure",
                              cache=root / ".cache" / "brandsite" / "brochure")
    site = read_site(root / args.config, brands)
    print_image = local_print_image(options.cache / "prepared")
    try:
        pdf = render_brochure(brands, site, print_image, options)
        out = root / args.out
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pdf)
        print(f"宣传册：{args.out}（{len(brands)} 个品牌，{args.size}{'，印刷厂版' if args.print_shop else ''}）")
        if args.flyers:
            flyers, warnings = render_flyers(brands, site, print_image, options)
            for finding in warnings:
                print(finding)
            flyer_path = out.with_name("flyers.pdf")
            flyer_path.write_bytes(flyers)
            print(f"一页纸：{flyer_path.relative_to(root) if flyer_path.is_relative_to(root) else flyer_path}（每个品牌一页 A4）")
    except FontMissing as error:
        print(f"错误: {error}", file=sys.stderr)
        return 1
    return 0
