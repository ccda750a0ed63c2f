"""``brandsite`` command: one subcommand per module, each registering itself with ``add_parser``.

The one error path: a command returns its exit code, or lets one of the project's errors through;
here each becomes findings on standard error (``file:line: 错误: 问题 — 改法``) and exit 1. Wrong
usage is one Chinese line naming the command, and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from typing import NoReturn

from .findings import Finding, FindingsError, Level, print_findings

# Command → its module, which defines add_parser(subparsers) and sets func=run(args) -> exit code. Only
# the chosen command's module is imported: each brings its own libraries (pypinyin, MkDocs, WeasyPrint),
# and loading them all made every command take more than a second to start.
COMMANDS = {"check": "check", "new": "new", "import": "import_docx", "gallery": "gallery", "review": "review",
            "brochure": "brochure", "build": "build", "package": "package", "deploy": "deploy"}

# argparse's own messages (it has no Chinese catalogue), in the words of the rest of the tool.
_USAGE = (
    (r"the following arguments are required: 命令", "没有写命令"),
    (r"the following arguments are required: (.+)", "缺少参数 {0}"),
    (r"argument 命令: invalid choice: (.+) \(choose from (.+)\)", "没有 {0} 这个命令，可用的命令：{1}"),
    (r"argument (\S+): invalid choice: (.+) \(choose from (.+)\)", "参数 {0} 不能是 {1}，可选：{2}"),
    (r"argument (\S+): invalid int value: (.+)", "参数 {0} 应为整数，不能是 {1}"),
    (r"argument (\S+): invalid \S+ value: (.+)", "参数 {0} 的值 {1} 不对"),
    (r"argument (\S+): expected one argument", "参数 {0} 后面要写一个值"),
    (r"argument (\S+): (.+)", "参数 {0}：{1}"),  # a type function's own (Chinese) message
    (r"ambiguous option: (\S+) could match (.+)", "参数 {0} 不完整，可能是 {1}"),
)


class UsageError(Exception):
    """The command line was wrong: one finding naming the command, exit 2."""

    def __init__(self, finding: Finding):
        self.finding = finding
        super().__init__(str(finding))


class Parser(argparse.ArgumentParser):
    """argparse with its error line in the one finding shape, in Chinese, raised instead of exiting."""

    def error(self, message: str) -> NoReturn:
        text = _chinese(message)
        problem, _, hint = text.partition(" — ")
        raise UsageError(Finding(self.prog, None, Level.ERROR, problem, hint or f"用法见 {self.prog} --help"))


def _chinese(message: str) -> str:
    for pattern, template in _USAGE:
        if found := re.fullmatch(pattern, message, re.DOTALL):
            return template.format(*(_listed(group) for group in found.groups()))
    return message


def _listed(text: str) -> str:
    """``'A4', 'A5'`` → ``A4、A5``: argparse quotes the values it lists."""
    return re.sub(r"'([^']*)'", r"\1", text).replace(", ", "、")


def _modules(argv: list[str]) -> list[str]:
    """The command modules the parser needs: the named command's, or all of them for help and wrong usage.

    The top-level parser has no option but --help, so a first word that is a command is the one chosen.
    """
    if argv and argv[0] in COMMANDS:
        return [COMMANDS[argv[0]]]
    return list(COMMANDS.values())


def _stops() -> tuple[type[Exception], ...]:
    """The errors that stop a command with findings. Imported only when something was raised: by then the
    command that raises one has loaded its module anyway, and fontTools (for FontMissing) slows every start."""
    from .brochure.fonts import FontMissing
    from .publish.deploy import DeployError
    from .review.git import GitError

    return FindingsError, DeployError, FontMissing, GitError


def _stopped(error: Exception, command: str) -> list[Finding]:
    """The findings a stopped command leaves; errors that name no file are put on the command itself."""
    from .publish.deploy import DeployError

    if isinstance(error, FindingsError):
        return error.findings
    if isinstance(error, DeployError):
        return [error.finding]
    return [Finding(f"brandsite {command}", None, Level.ERROR, str(error))]


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner is not for teachers
    parser = Parser(prog="brandsite", description="党建品牌展示站的命令行工具")
    subparsers = parser.add_subparsers(title="命令", metavar="命令", dest="command", required=True)
    argv = sys.argv[1:] if argv is None else argv
    for module in _modules(argv):
        importlib.import_module(f"brandsite.commands.{module}").add_parser(subparsers)
    try:
        args, unknown = parser.parse_known_args(argv)
        if unknown:  # reported by the subcommand's parser, so the line names the command
            subparsers.choices[args.command].error(f"不认识的参数 {' '.join(unknown)}")
        return args.func(args)
    except UsageError as error:
        print_findings([error.finding])
        return 2
    except _stops() as error:  # evaluated only once something was raised
        print_findings(_stopped(error, args.command))
        return 1


if __name__ == "__main__":
    sys.exit(main())
