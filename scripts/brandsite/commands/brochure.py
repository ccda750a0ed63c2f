"""``brandsite brochure``: the print brochure (and with --flyers the one-page flyers) as PDF.

Photos come from the gallery's print variants (made or taken from the cache first). The plain A4
brochure is written to the cache with the record of what it was made from; the next site build
publishes it as site/brochure.pdf only while its brands and photos are still the site's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..brochure.cmyk import load_ink
from ..brochure.render import (
    BROCHURE, SIZES, BrochureOptions, keep_for_site, made_from, render_brochure, render_flyers, site_info,
)
from ..findings import Finding, Level, print_findings
from ..gallery.build import build_gallery, gallery_options
from ..gallery.manifest import Manifest
from ..gallery.progress import terminal_progress
from ..publish import builddate
from ..publish.atomic import write_atomic
from .settings import load_project



def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("brochure", help="生成宣传册 PDF（可选：每个品牌一页纸）")
    parser.add_argument("--size", choices=sorted(SIZES), default="A4", help="纸张大小（默认 A4）")
    parser.add_argument("--print-shop", action="store_true", help="交印刷厂：加 3 毫米出血和裁切线，照片 300 dpi")
    parser.add_argument("--archive", action="store_true",
                        help="存档版：PDF/A-2b（字体全部嵌入、sRGB 输出意图、标题作者日期写进元数据），交档案室长期保存")
    parser.add_argument("--cmyk", action="store_true",
                        help="和 --print-shop 一起用：照片和颜色转成印刷 CMYK（默认 FOGRA39 胶印铜版纸），文字只用黑版")
    parser.add_argument("--cmyk-profile", type=Path, metavar="ICC",
                        help="印刷厂提供的 CMYK 色彩特性文件（.icc，如 Japan Color 2001 Coated），代替默认的 FOGRA39")
    parser.add_argument("--flyers", action="store_true", help="另外生成每个品牌一页 A4 的一页纸（flyers.pdf）")
    parser.add_argument("--out", type=Path, help="另存一份宣传册到这个文件（A5 和印刷厂版默认存为 宣传册-A5.pdf 等）；"
                        "A4 普通版总会放进网站（生成网站后在 site/brochure.pdf）")
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), help="网站设置（默认 mkdocs.yml）")
    parser.add_argument("--font", default=BrochureOptions.body_font, help="正文字体（默认 Noto Serif CJK SC）")
    parser.add_argument("--heading-font", default=BrochureOptions.heading_font, help="标题字体（默认 Noto Sans CJK SC）")
    parser.set_defaults(func=run, usage=parser.error)


def _default_out(root: Path, cache: Path, options: BrochureOptions) -> Path:
    """The cache for the site's plain A4; the project folder for the others, which are never published."""
    if options.for_site:
        return cache / BROCHURE
    kind = "-印刷厂版" if options.print_shop else ""
    kind += "-CMYK" if options.ink else ""
    kind += "-存档版" if options.archive else ""
    return root / f"宣传册-{options.size}{kind}.pdf"


def _check_usage(args: argparse.Namespace) -> None:
    """Combinations that cannot be made: CMYK is for the press only, and an archive copy stays sRGB."""
    if (args.cmyk or args.cmyk_profile) and not args.print_shop:
        args.usage("--cmyk 只用于交印刷厂的版本 — 请同时写 --print-shop")
    if (args.cmyk or args.cmyk_profile) and args.archive:
        args.usage("存档版（--archive）要求 sRGB，不能同时用 --cmyk — 存档版和印刷厂 CMYK 版请分两次生成")


def run(args: argparse.Namespace) -> int:
    _check_usage(args)
    ink = load_ink(args.cmyk_profile) if args.cmyk or args.cmyk_profile else None  # stops before any work
    project = load_project(args.config_file)
    root, config, settings, brands, findings = (project.root, project.config, project.settings,
                                                project.brands, project.findings)
    cache = root / settings.cache_dir
    if settings.gallery:
        # Print variants only, and nothing pruned: the site's web variants stay cached for the next build.
        manifest, gallery_findings = build_gallery(brands, cache / "gallery", gallery_options(settings, web=False, prints=True),
                                                   progress=terminal_progress(sys.stderr), prune=False)
        findings += gallery_findings
    else:  # the site publishes no photos (gallery: false): neither does its brochure
        manifest = Manifest()
    if not brands:
        findings.append(Finding(settings.brands_dir, None, Level.ERROR, "没有可以印刷的品牌档案",
                                "请先改正上面的错误，或用 brandsite new 新建一个品牌"))
    print_findings(findings)
    if any(f.is_error for f in findings):
        print("宣传册没有生成：请先改正上面的错误。", file=sys.stderr)
        return 1
    prints = {(slug, photo.file): photo.print_variant.path for slug, photos in manifest.brands.items()
              for photo in photos if photo.print_variant}  # every one, made above
    options = BrochureOptions(size=args.size, print_shop=args.print_shop, archive=args.archive, ink=ink,
                              body_font=args.font, heading_font=args.heading_font, cache=cache / "brochure",
                              markdown_extensions=tuple(config.markdown_extensions), mdx_configs=config.mdx_configs)
    built = dt.datetime.fromtimestamp(builddate.source_date_epoch(root, brands), dt.timezone.utc)
    site = site_info(config.site_name, config.site_url, str(config.extra.get("publisher") or ""), brands,
                     built.year, built)
    print_image = lambda brand, photo: prints.get((brand.slug, photo.file))  # noqa: E731
    pdf = render_brochure(brands, site, print_image, options)  # FontMissing goes to the command line's error path
    out = root / args.out if args.out else _default_out(root, cache, options)
    out.parent.mkdir(parents=True, exist_ok=True)
    if options.for_site:  # the next site build publishes and links it, while it matches the site
        keep_for_site(cache / BROCHURE, pdf, made_from(brands, manifest), options)
    if out != cache / BROCHURE:
        write_atomic(out, pdf)
    print(f"宣传册：{out.relative_to(root) if out.is_relative_to(root) else out}"
          f"（{len(brands)} 个品牌，{args.size}{'，印刷厂版' if args.print_shop else ''}"
          f"{f'，CMYK（{ink.name}）' if ink else ''}{'，PDF/A-2b 存档版' if args.archive else ''}）"
          + ("；生成网站后在 site/brochure.pdf，首页有下载链接" if options.for_site else ""))
    if args.flyers:
        flyers, warnings = render_flyers(brands, site, print_image, options)
        print_findings(warnings)
        flyer_path = out.with_name("一页纸.pdf")
        write_atomic(flyer_path, flyers)
        print(f"一页纸：{flyer_path.relative_to(root) if flyer_path.is_relative_to(root) else flyer_path}（每个品牌一页 A4）")
    return 0
