"""``brandsite review``: what must be fixed before a change is published."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..authoring.repair import repair_encoding
from ..findings import Finding, Level, print_findings
from ..review import formats, git, summary
from ..review.run import Options, fix, review, unknown_rules
from .settings import load_site

FORMATS = ("text", "json", "github", "gitlab", "markdown")


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("review", help="审阅品牌档案的修改：占位符、规范表述、排版、照片、安全、学生姓名")
    parser.add_argument("--base", metavar="REF", help="只审阅自 REF（如 origin/main）以来改动的品牌，并与它比较")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text（默认）、json、github（GitHub Actions 注释）、gitlab（GitLab 代码质量报告）或 markdown（合并请求摘要）")
    parser.add_argument("--fix", action="store_true", help="自动改正可以安全改正的排版问题，再审阅一次")
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), help="网站设置文件（默认 mkdocs.yml）")
    parser.add_argument("--raw-url", default="",
                        help="摘要贴到不显示内嵌图片的地方（如 GitHub 评论）时写上：不放缩略图；原图带 EXIF/GPS，从不链接")
    parser.set_defaults(func=run)


def _options(config_file: Path) -> tuple[Options, str, Path, list[str]]:
    """Options from mkdocs.yml: review_ignore, the site's own host, gallery_max_pixels, brands_dir and site_dir."""
    config, plugin = load_site(config_file)
    ignore = list(plugin.review_ignore)
    brands_dir = plugin.brands_dir
    host = urlsplit(config.site_url or "").hostname
    root = config_file.resolve().parent
    options = Options(frozenset(ignore), frozenset([host] if host else []), root / "wording.tsv",
                      plugin.gallery_max_pixels)
    return options, brands_dir, Path(config.site_dir), unknown_rules(ignore)


def run(args: argparse.Namespace) -> int:
    options, brands_dir, site, unknown = _options(args.config_file)
    print_findings(Finding(args.config_file.as_posix(), None, Level.WARNING, f"review_ignore 里的“{rule}”不是审阅规则",
                           "规则见 README 的规则表") for rule in unknown)
    root = args.config_file.resolve().parent
    change = git.changes(root, args.base, brands_dir) if args.base else None  # a GitError stops the command
    slugs = change.slugs() if change else None
    result = review(root, slugs, options, brands_dir)
    if args.fix:
        repaired = [f for f in (repair_encoding(root / p.path, root) for p in result.profiles) if f]
        print_findings(repaired)
        result = review(root, slugs, options, brands_dir) if repaired else result
        changed, skipped = fix(result)
        for path in changed:
            print(f"{path}: 已自动改正排版", file=sys.stderr)
        print_findings(skipped)
        result = review(root, slugs, options, brands_dir) if changed else result
    if args.format == "markdown":
        context = summary.Context(args.base, change, site, embed=not args.raw_url)
        print(summary.markdown(result, context), end="")
    elif args.format == "json":
        print(formats.json_text(result))
    elif args.format == "github":
        print(formats.github(result))
    elif args.format == "gitlab":
        print(formats.gitlab(result))
    else:
        print(formats.text(result))
    return 1 if result.errors else 0
