"""Copy a built site to a server over SSH: rsync when it is installed, SFTP (paramiko) otherwise.

Only files whose content changed are sent (rsync ``--checksum``; for SFTP a manifest of SHA-256
sums kept on the server), files gone from the site are deleted, and a dry run lists what would
change. No password is ever written anywhere: keys, ssh's own prompt, or an environment variable
(``BRANDSITE_DEPLOY_PASSWORD``) handed to ssh through a throwaway askpass helper.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

PASSWORD_VARIABLE = "BRANDSITE_DEPLOY_PASSWORD"
MANIFEST = ".brandsite-manifest.json"  # SFTP only: what the last deploy put on the server


@dataclass(frozen=True)
class Target:
    user: str | None
    host: str
    path: str

    @classmethod
    def parse(cls, text: str) -> Target:
        """``user@host:/path`` or ``host:/path``; raises ValueError with a Chinese message."""
        match = re.fullmatch(r"(?:([^@\s:]+)@)?([^@\s:/]+|\[[0-9a-fA-F:]+\]):(\S+)", text)
        if not match:
            raise ValueError(f"目标地址 {text} 的格式不对 — 请写成 用户名@服务器:/网站/文件夹，例如 web@10.0.0.5:/var/www/dangjian")
        return cls(match.group(1), match.group(2).strip("[]"), match.group(3))

    @property
    def login(self) -> str:
        return f"{self.user}@{self.host}" if self.user else self.host


@dataclass
class Changes:
    """What a deploy sent or deleted (or would, in a dry run), as site-relative paths."""

    sent: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    def summary(self, dry_run: bool) -> str:
        verb = "将要" if dry_run else "已"
        lines = [f"  上传 {p}" for p in self.sent] + [f"  删除 {p}" for p in self.deleted]
        head = f"{verb}上传 {len(self.sent)} 个文件，{verb}删除 {len(self.deleted)} 个文件"
        return "\n".join([head + ("：" if lines else "，服务器上的网站已是最新。")] + lines)


def parse_itemized(output: str) -> Changes:
    """Changes from ``rsync --itemize-changes`` output (``<f…`` sent, ``*deleting`` deleted)."""
    changes = Changes()
    for line in output.splitlines():
        if line.startswith("*deleting "):
            path = line[len("*deleting "):].strip()
            if not path.endswith("/"):
                changes.deleted.append(path)
        elif re.match(r"[<>]f", line):
            changes.sent.append(line.split(" ", 1)[1])
    return changes


def ssh_command(port: int | None, identity: Path | None, options: list[str]) -> list[str]:
    command = ["ssh"]
    if port:
        command += ["-p", str(port)]
    if identity:
        command += ["-i", str(identity), "-o", "IdentitiesOnly=yes"]
    for option in options:
        command += ["-o", option]
    return command


def rsync_command(site: Path, target: Target, ssh: list[str], dry_run: bool) -> list[str]:
    """Content-compared, deleting, itemizing rsync; new files are put in place together at the end."""
    command = ["rsync", "--recursive", "--links", "--perms", "--chmod=D755,F644", "--checksum", "--delete",
               "--delay-updates", "--mkpath", "--itemize-changes", "--protect-args", "-e", shlex.join(ssh)]
    if dry_run:
        command.append("--dry-run")
    return command + [f"{site}/", f"{target.login}:{target.path.rstrip('/')}/"]


@contextmanager
def askpass_environment(environ: dict[str, str]) -> Iterator[dict[str, str]]:
    """ssh's environment: with the password variable set, a temporary askpass helper that prints it."""
    env = dict(environ)
    if not env.get(PASSWORD_VARIABLE):
        yield env
        return
    with tempfile.TemporaryDirectory(prefix="brandsite-askpass-") as folder:
        helper = Path(folder) / "askpass.sh"
        helper.write_text(f'#!/bin/sh\nprintf "%s\\n" "${PASSWORD_VARIABLE}"\n', encoding="utf-8")
        helper.chmod(stat.S_IRWXU)
        env.update(SSH_ASKPASS=str(helper), SSH_ASKPASS_REQUIRE="force")
        yield env


def deploy_rsync(site: Path, target: Target, *, port: int | None = None, identity: Path | None = None,
                 ssh_options: list[str] = (), dry_run: bool = False) -> Changes:
    """Run rsync over ssh; raises RuntimeError with rsync's own message when it fails."""
    command = rsync_command(site, target, ssh_command(port, identity, list(ssh_options)), dry_run)
    with askpass_environment(dict(os.environ)) as env:
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"rsync 失败（退出码 {done.returncode}）：{done.stderr.strip()}")
    return parse_itemized(done.stdout)


def site_sums(site: Path) -> dict[str, str]:
    """SHA-256 of every file, by site-relative path."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def plan(local: dict[str, str], remote: dict[str, str]) -> Changes:
    """Send what is new or different, delete what the last deploy sent and the site no longer has."""
    return Changes(sent=[p for p, s in local.items() if remote.get(p) != s],
                   deleted=sorted(p for p in remote if p not in local))


def deploy_sftp(site: Path, target: Target, *, port: int | None = None, identity: Path | None = None,
                known_hosts: Path | None = None, dry_run: bool = False, password: str | None = None) -> Changes:
    """The same over SFTP with paramiko, for machines without rsync."""
    import paramiko  # only this path needs it

    client = paramiko.SSHClient()
    client.load_system_host_keys(str(known_hosts) if known_hosts else None)
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    try:
        client.connect(target.host, port=port or 22, username=target.user, password=password,
                       key_filename=str(identity) if identity else None, allow_agent=identity is None,
                       look_for_keys=identity is None)
        return _sync_sftp(client, site, PurePosixPath(target.path), dry_run)
    except paramiko.SSHException as error:
        raise RuntimeError(f"SFTP 连接失败：{error}") from error
    finally:
        client.close()


def _sync_sftp(client, site: Path, root: PurePosixPath, dry_run: bool) -> Changes:
    sftp = client.open_sftp()
    try:
        with sftp.open(str(root / MANIFEST)) as handle:
            remote = json.loads(handle.read().decode("utf-8"))
    except OSError:  # first deploy
        remote = {}
    local = site_sums(site)
    changes = plan(local, remote)
    if dry_run:
        return changes
    for path in changes.sent:
        _makedirs(sftp, (root / path).parent)
        sftp.put(str(site / path), str(root / path))
    for path in changes.deleted:
        try:
            sftp.remove(str(root / path))
        except FileNotFoundError:
            continue
    for folder in sorted({(root / p).parent for p in changes.deleted}, key=lambda f: -len(f.parts)):
        _remove_empty(sftp, folder, root)
    with sftp.open(str(root / MANIFEST), "w") as handle:
        handle.write(json.dumps(local, sort_keys=True, indent=0).encode("utf-8"))
    return changes


def _makedirs(sftp, folder: PurePosixPath) -> None:
    missing = []
    while True:
        try:
            sftp.stat(str(folder))
            break
        except FileNotFoundError:
            missing.append(folder)
            folder = folder.parent
    for path in reversed(missing):
        sftp.mkdir(str(path))


def _remove_empty(sftp, folder: PurePosixPath, root: PurePosixPath) -> None:
    """Remove ``folder`` and its parents up to ``root`` while they are empty."""
    while folder != root and root in folder.parents:
        try:
            if sftp.listdir(str(folder)):
                return
        except FileNotFoundError:  # already removed with an emptied subfolder (brands/x after brands/x/photos)
            return
        sftp.rmdir(str(folder))
        folder = folder.parent


def have_rsync() -> bool:
    return shutil.which("rsync") is not None and shutil.which("ssh") is not None
