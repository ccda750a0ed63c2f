"""``brandsite build``: ``mkdocs build`` that replaces site/ only when the whole site was built."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.exceptions import MkDocsException

from ..findings import Finding, FindingsError, Level
from ..publish.atomic import replaced_on_success
from .settings import load_site


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("build", help="生成网站：全部成功才替换 site/，失败时保留上一次的网站")
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="网站设置文件（默认 mkdocs.yml）")
    parser.add_argument("-d", "--site-dir", type=Path, help="输出文件夹（默认 mkdocs.yml 里的 site_dir，即 site）")
    parser.add_argument("-s", "--strict", action="store_true", help="有警告也算失败（make site 这样运行）")
    parser.set_defaults(func=run)


def _show_log() -> None:
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def _shown(folder: Path) -> str:
    """The site folder as the teacher would type it: relative to where the command runs, when it is below."""
    return folder.relative_to(Path.cwd()).as_posix() if folder.is_relative_to(Path.cwd()) else folder.as_posix()


def run(args: argparse.Namespace) -> int:
    _show_log()
    config, _ = load_site(args.config_file, strict=args.strict)
    target = args.site_dir or Path(config.site_dir)
    try:
        with replaced_on_success(target) as staging:
            config.site_dir = str(staging)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
    except (MkDocsException, OSError) as error:  # MkDocs has logged the build's own errors above
        cause = f"（{error.strerror}：{error.filename}）" if isinstance(error, OSError) else ""
        fix = "请先改正上面的错误和警告（--strict）" if args.strict else "请先改正上面的错误"
        raise FindingsError([Finding(_shown(target), None, Level.ERROR, f"网站没有生成，上一次的网站保持不变{cause}",
                                     fix)]) from error
    print(f"网站已生成到 {target}")
    return 0
