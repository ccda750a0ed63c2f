"""``brandsite deploy``: copy site/ to a server over SSH (rsync, or SFTP where rsync is missing)."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from ..findings import Finding, FindingsError, Level, print_findings
from ..publish import deploy


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("deploy", help="通过 SSH 把 site/ 上传到服务器：只传改动的文件，删除已去掉的页面")
    parser.add_argument("--to", required=True, type=_target, metavar="用户@服务器:/路径", help="服务器上的网站文件夹，如 web@10.0.0.5:/var/www/dangjian")
    parser.add_argument("--site", type=Path, default=Path("site"), help="网站文件夹（默认 site）")
    parser.add_argument("--dry-run", action="store_true", help="只列出将要上传和删除的文件，不改动服务器")
    parser.add_argument("--port", type=int, help="SSH 端口（默认 22）")
    parser.add_argument("-i", "--identity", type=Path, help="SSH 私钥文件（默认用 ~/.ssh 里的密钥）")
    parser.add_argument("-o", "--ssh-option", action="append", default=[], metavar="选项=值",
                        help="传给 ssh 的 -o 选项，可重复，如 UserKnownHostsFile=known_hosts")
    parser.add_argument("--force", action="store_true",
                        help="目标文件夹里有别的东西却没有本工具的标记（或标记已损坏）时仍然上传；会先列出将要删除的文件")
    parser.add_argument("--method", choices=("auto", "rsync", "sftp"), default="auto",
                        help="auto：有 rsync 用 rsync，否则用 SFTP")
    parser.set_defaults(func=run)


def _target(text: str) -> deploy.Target:
    try:
        return deploy.Target.parse(text)
    except ValueError as error:  # a usage error: argparse shows this message, not its own
        raise argparse.ArgumentTypeError(str(error)) from error


def _ssh_option(options: list[str], name: str) -> str | None:
    """The value of ``-o name=value``; the first one counts, as in ssh."""
    for option in options:
        key, _, value = option.partition("=")
        if key.strip().lower() == name.lower():
            return value.strip()
    return None


def _forced(warning: Finding, changes: deploy.Changes | None) -> None:
    """Before --force overrides a refusal: the warning, and everything that is going to be deleted."""
    print_findings([warning])
    if changes is not None:
        print(changes.summary(dry_run=True))


def run(args: argparse.Namespace) -> int:
    target: deploy.Target = args.to
    if not (args.site / "index.html").is_file():
        raise FindingsError([Finding(f"{args.site.as_posix()}/index.html", None, Level.ERROR, "网站还没有生成",
                                     "请先运行 make site")])
    method = args.method if args.method != "auto" else ("rsync" if deploy.have_rsync() else "sftp")
    common = dict(port=args.port, identity=args.identity, dry_run=args.dry_run, force=args.force, forced=_forced)
    try:
        if method == "rsync":
            changes = deploy.deploy_rsync(args.site, target, ssh_options=args.ssh_option, **common)
        else:
            password = os.environ.get(deploy.PASSWORD_VARIABLE)
            if password is None and args.identity is None:
                password = getpass.getpass(f"{target.login} 的密码（不会保存）：") or None
            known_hosts = _ssh_option(args.ssh_option, "UserKnownHostsFile")
            checking = _ssh_option(args.ssh_option, "StrictHostKeyChecking") or "yes"
            changes = deploy.deploy_sftp(args.site, target, known_hosts=Path(known_hosts) if known_hosts else None,
                                         accept_new=checking.lower() in deploy.ACCEPT_NEW, password=password, **common)
    except ImportError as error:
        raise FindingsError([Finding("brandsite deploy", None, Level.ERROR, "这台电脑没有 rsync，SFTP 方式又缺少 paramiko",
                                     "请安装 rsync（apt install rsync）或 pip install paramiko")]) from error
    except deploy.DeployError as error:  # what it would have changed here; its finding on the command line's path
        if error.changes is not None:
            print(error.changes.summary(dry_run=True))
        raise
    print(changes.summary(args.dry_run))
    return 0
