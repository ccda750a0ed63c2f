"""``brandsite gallery``: make every listed photo's web variants (with --print, the print ones too) ahead of a build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..findings import print_findings
from ..gallery.build import build_gallery, gallery_options
from ..gallery.progress import summary_line, terminal_progress
from ..gallery.shard import Shard, parse_shard
from ..profile.loader import load_brands
from .gallery_settings import load_settings


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("gallery", help="生成相册照片（网页用），结果放在缓存里供网站使用")
    parser.add_argument("--print", action="store_true", dest="prints",
                        help="同时生成宣传册用的印刷图（brandsite brochure 会自动生成，一般不需要）")
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), help="网站设置文件（默认 mkdocs.yml）")
    parser.add_argument("--shard", type=_shard, metavar="K/N",
                        help="只生成第 K 份品牌的照片（品牌按文件夹名稳定地分成 N 份），供 CI 的 N 个并行任务各做一份")
    parser.set_defaults(func=run)


def _shard(text: str) -> Shard:
    try:
        return parse_shard(text)
    except ValueError as error:  # argparse prints an ArgumentTypeError's own words
        raise argparse.ArgumentTypeError(str(error)) from error


def run(args: argparse.Namespace) -> int:
    settings = load_settings(args.config_file)
    root = args.config_file.resolve().parent
    every_brand, findings = load_brands(root / settings.brands_dir, root)
    brands = every_brand
    if args.shard:
        brands = [brand for brand in brands if args.shard.takes(brand.slug)]
        print(f"第 {args.shard.number}/{args.shard.count} 份：{len(brands)} 个品牌（共 {len(every_brand)} 个）")
    manifest, gallery_findings = build_gallery(brands, root / settings.cache_dir / "gallery",
                                               gallery_options(settings, prints=args.prints),
                                               progress=terminal_progress(sys.stderr),
                                               prune=not args.shard, shard=args.shard.name if args.shard else "")
    findings += gallery_findings
    print_findings(findings)
    print(summary_line(manifest.stats))
    return 1 if any(f.is_error for f in findings) else 0
