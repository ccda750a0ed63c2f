"""``brandsite gallery``: make every listed photo's web and print variants ahead of a build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..gallery_build import GalleryOptions, build_gallery
from ..gallery_terminal import summary_line, terminal_progress
from ..schema import load_brands


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("gallery", help="生成相册照片（网页用和印刷用），结果放在缓存里供网站和宣传册使用")
    parser.add_argument("--brands", type=Path, default=Path("brands"), help="品牌文件夹（默认 brands）")
    parser.add_argument("--cache", type=Path, default=Path(".cache/brandsite"), help="缓存文件夹（默认 .cache/brandsite）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = Path.cwd().resolve()
    brands, findings = load_brands((root / args.brands).resolve(), root)
    manifest, gallery_findings = build_gallery(brands, root / args.cache / "gallery", GalleryOptions(),
                                               progress=terminal_progress(sys.stderr))
    findings += gallery_findings
    for finding in findings:
        print(finding)
    print(summary_line(manifest.stats))
    return 1 if any(f.is_error for f in findings) else 0
