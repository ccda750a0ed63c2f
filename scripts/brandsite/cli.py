"""``brandsite`` command: one subcommand per module, each registering itself with ``add_parser``."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# Subcommand modules; each defines add_parser(subparsers) and sets func=run(args) -> exit code.
COMMANDS = ("check", "new", "import_docx", "gallery", "review", "brochure", "build", "package", "deploy")


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner is not for teachers
    parser = argparse.ArgumentParser(prog="brandsite", description="党建品牌展示站的命令行工具")
    subparsers = parser.add_subparsers(title="命令", metavar="命令", required=True)
    for name in COMMANDS:
        importlib.import_module(f"brandsite.commands.{name}").add_parser(subparsers)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
