"""``brandsite gallery``: make every listed photo's web and print variants ahead of a build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config import gallery_options
from ..findings import print_findings
from ..gallery.build import build_gallery
from ..gallery.progress import summary_line, terminal_progress
from .settings import load_project


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("gallery", help="生成相册照片（网页用和印刷用），结果放在缓存里供网站和宣传册使用")
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), help="网站设置文件（默认 mkdocs.yml）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = load_project(args.config_file)
    manifest, gallery_findings = build_gallery(project.brands, project.root / project.settings.cache_dir / "gallery",
                                               gallery_options(project.settings), progress=terminal_progress(sys.stderr))
    findings = project.findings + gallery_findings
    print_findings(findings)
    print(summary_line(manifest.stats))
    return 1 if any(f.is_error for f in findings) else 0
