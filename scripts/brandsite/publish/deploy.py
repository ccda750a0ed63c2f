"""Copy a built site to a server over SSH: rsync when it is installed, SFTP (paramiko) otherwise.

Only files whose content changed are sent, files gone from the site are deleted, and a dry run
lists every file and folder that would be sent or deleted. Both ways leave a manifest (the
SHA-256 of each file of the site) in the target folder. It is the folder's marker: a deploy
refuses a non-empty folder without it unless told ``force``, so a mistyped ``--to`` cannot wipe
another site. SFTP deletes only files the manifest lists, and only inside the target.

Neither way leaves a half-updated site when the connection drops: rsync holds new files back
until the end (``--delay-updates``, ``--delete-delay``); SFTP uploads into a staging folder and
renames into place at the end, the manifest last.

No password is ever written anywhere: keys, ssh's own prompt, or an environment variable
(``BRANDSITE_DEPLOY_PASSWORD``) handed to ssh through a throwaway askpass helper that answers
password prompts only. A host key not in known_hosts stops the deploy, unless the user passes
``-o StrictHostKeyChecking=accept-new`` after checking the fingerprint.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import shlex
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..findings import Finding, Level

PASSWORD_VARIABLE = "BRANDSITE_DEPLOY_PASSWORD"
MANIFEST = ".brandsite-manifest.json"  # what the last deploy put on the server; marks the folder as ours
STAGING = ".brandsite-upload"  # SFTP: new files wait here until every one has arrived
MANIFEST_LIMIT = 32 * 1024 * 1024  # bytes; a site of 100,000 files has a manifest of about 10 MB
# Appended after the user's -o options: ssh keeps the first value of each, so the user's win.
SSH_DEFAULTS = ("StrictHostKeyChecking=yes", "ConnectTimeout=20", "ServerAliveInterval=15", "ServerAliveCountMax=4")
TIMEOUT = 120  # seconds without any data before a deploy gives up on the server
ACCEPT_NEW = ("accept-new", "no", "off")  # StrictHostKeyChecking values that let a new host key in
FORCE_HINT = ("什么也没有改动；请先确认这个文件夹确实是本网站的，再加 --force 重新上传："
              "清单会重建，旧清单里列出的文件一个也不会被删除")


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

    def where(self, name: str = "") -> str:
        """The target folder, or a file in it, as the place a message is about."""
        folder = f"{self.login}:{self.path.rstrip('/') or '/'}"
        return f"{folder.rstrip('/')}/{name}" if name else folder


@dataclass
class Changes:
    """What a deploy sent or deleted (or would, in a dry run), as site-relative paths; folders end in /."""

    sent: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    def summary(self, dry_run: bool) -> str:
        verb = "将要" if dry_run else "已"
        folders = sum(path.endswith("/") for path in self.deleted)
        lines = [f"  上传 {p}" for p in self.sent] + [f"  删除 {p}" for p in self.deleted]
        head = f"{verb}上传 {len(self.sent)} 个文件，{verb}删除 {len(self.deleted) - folders} 个文件"
        head += f"和 {folders} 个文件夹" if folders else ""
        return "\n".join([head + ("：" if lines else "，服务器上的网站已是最新。")] + lines)


class DeployError(Exception):
    """A deploy stopped: one finding for the teacher, and what it would have changed when that helps."""

    def __init__(self, finding: Finding, changes: Changes | None = None):
        self.finding, self.changes = finding, changes
        super().__init__(str(finding))


Forced = Callable[[Finding, "Changes | None"], None]  # told, before anything changes, what --force overrides


def _error(where: str, message: str, hint: str) -> Finding:
    return Finding(where, None, Level.ERROR, message, hint, rule="deploy")


def _overridden(problem: Finding, consequence: str) -> Finding:
    """The warning shown instead of ``problem`` when --force overrides it."""
    return Finding(problem.path, None, Level.WARNING, f"{problem.message}；因为加了 --force，仍然上传", consequence,
                   rule="deploy")


def not_ours(target: Target, found: str) -> Finding:
    return _error(target.where(), f"这个文件夹里已经有别的东西（{found}），却没有本工具上传时留下的标记 {MANIFEST}，"
                  "可能是 --to 写错了文件夹",
                  "什么也没有改动；请核对 --to 的路径；确定就是要放网站的文件夹时，先加 --dry-run 看清会删除什么，再加 --force")


def unknown_host_key(target: Target, port: int | None, fingerprint: str = "") -> Finding:
    seen = f"（服务器出示的指纹是 {fingerprint}）" if fingerprint else ""
    keyscan = f"ssh-keyscan {f'-p {port} ' if port else ''}{target.host}"
    return _error(target.where(), f"服务器 {target.host} 的主机密钥不在 known_hosts 里{seen}，为防有人冒充服务器，什么也没有上传",
                  f"请运行 {keyscan} | ssh-keygen -lf - 查看指纹，和服务器管理员核对一致后，"
                  "在命令后加上 -o StrictHostKeyChecking=accept-new 再运行一次，以后就会记住它")


def changed_host_key(target: Target) -> Finding:
    return _error(target.where(), f"服务器 {target.host} 的主机密钥和 known_hosts 里记下的不一样，可能有人冒充服务器，什么也没有上传",
                  "请先问服务器管理员密钥是否换过；确实换过时，用 ssh-keygen -R 服务器地址 删掉旧记录，再按第一次连接核对指纹")


def login_refused(target: Target) -> Finding:
    return _error(target.where(), f"服务器拒绝 {target.login} 登录",
                  f"请检查用户名、-i 指定的私钥，或环境变量 {PASSWORD_VARIABLE} 里的密码")


# The manifest.

def safe_entry(path: object) -> bool:
    """A manifest entry that can only name something inside the target: relative, no empty, ``.`` or
    ``..`` parts, no backslash or control character (a file name must not forge a listing line)."""
    return (isinstance(path, str) and 0 < len(path) <= 4096
            and not any(ord(c) < 32 or c in "\\\x7f" for c in path)
            and all(part not in ("", ".", "..") for part in path.split("/")))


def _entry(path: str) -> str:
    """A manifest entry as it is written in the file, escapes and all."""
    return json.dumps(path, ensure_ascii=False)


def parse_manifest(data: bytes, where: str) -> dict[str, str]:
    """The manifest's ``{path: sha256}``; raises DeployError naming what is wrong with it."""
    try:
        manifest = json.loads(data.decode("utf-8")) if len(data) <= MANIFEST_LIMIT else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        manifest = None
    if not isinstance(manifest, dict) or not all(isinstance(sum_, str) for sum_ in manifest.values()):
        raise DeployError(_error(where, "上次上传留下的清单不完整或已损坏（可能上次上传被打断）", FORCE_HINT))
    for path in manifest:
        if not safe_entry(path):
            raise DeployError(_error(where, f"清单里的 {_entry(path)} 指向网站文件夹以外，清单可能被人改过", FORCE_HINT))
    return manifest


def manifest_bytes(sums: dict[str, str]) -> bytes:
    return json.dumps(sums, sort_keys=True, indent=0).encode("utf-8")


def site_sums(site: Path) -> dict[str, str]:
    """SHA-256 of every file, by site-relative path."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def plan(local: dict[str, str], remote: dict[str, str]) -> Changes:
    """Send what is new or different, delete what the last deploy sent and the site no longer has."""
    return Changes(sent=[p for p, s in local.items() if remote.get(p) != s],
                   deleted=sorted(p for p in remote if p not in local))


# rsync.

def parse_itemized(output: str) -> Changes:
    """Changes from ``rsync --itemize-changes`` output: ``<f…`` sent, ``*deleting`` deleted (folders too)."""
    changes = Changes()
    for line in output.splitlines():
        flags, path = line[:11], line[12:]
        if flags.startswith("*deleting"):
            changes.deleted.append(path)
        elif re.match(r"[<>]f", flags) and path != MANIFEST:
            changes.sent.append(path)
    return changes


def holds_others(output: str) -> bool:
    """Whether ``rsync -ii --dry-run`` output shows a target with things in it but without our manifest.

    Doubled ``-i`` lists unchanged files too; ``+++++++++`` marks what the target does not have yet.
    """
    existing = {line[12:] for line in output.splitlines()
                if re.match(r"[<>ch.*][fdLDS*]", line) and "+++++++++" not in line[:11] and line[12:] != "./"}
    return bool(existing) and MANIFEST not in existing


def ssh_command(port: int | None, identity: Path | None, options: list[str]) -> list[str]:
    command = ["ssh"]
    if port:
        command += ["-p", str(port)]
    if identity:
        command += ["-i", str(identity), "-o", "IdentitiesOnly=yes"]
    for option in options:
        command += ["-o", option]
    return command


def rsync_command(sources: list[Path], target: Target, ssh: list[str], dry_run: bool) -> list[str]:
    """Content-compared, deleting, itemizing rsync of the merged ``sources``; new files are put in
    place together at the end, and deletions wait until then too."""
    command = ["rsync", "--recursive", "--links", "--perms", "--chmod=D755,F644", "--checksum", "--delete",
               "--delete-delay", "--delay-updates", "--mkpath", "--itemize-changes", "--itemize-changes",
               f"--timeout={TIMEOUT}", "--protect-args", "-e", shlex.join(ssh)]
    if dry_run:
        command.append("--dry-run")
    return command + [f"{source}/" for source in sources] + [f"{target.login}:{target.path.rstrip('/')}/"]


@contextmanager
def askpass_environment(environ: dict[str, str]) -> Iterator[dict[str, str]]:
    """ssh's environment: with the password variable set, a temporary askpass helper that gives it
    to password prompts and refuses every other question (a host key question answered with the
    password would be asked again forever)."""
    env = dict(environ)
    if not env.get(PASSWORD_VARIABLE):
        yield env
        return
    with tempfile.TemporaryDirectory(prefix="brandsite-askpass-") as folder:
        helper = Path(folder) / "askpass.sh"
        helper.write_text('#!/bin/sh\ncase "$1" in\n'
                          f'  *[Pp]assword:|*[Pp]assword:" ") printf "%s\\n" "${PASSWORD_VARIABLE}" ;;\n'
                          '  *) exit 1 ;;\nesac\n', encoding="utf-8")
        helper.chmod(stat.S_IRWXU)
        env.update(SSH_ASKPASS=str(helper), SSH_ASKPASS_REQUIRE="force")
        yield env


@contextmanager
def _manifest_folder(site: Path) -> Iterator[Path]:
    """A folder holding only the site's manifest, sent along with the site."""
    with tempfile.TemporaryDirectory(prefix="brandsite-manifest-") as folder:
        (Path(folder) / MANIFEST).write_bytes(manifest_bytes(site_sums(site)))
        yield Path(folder)


def rsync_problem(target: Target, port: int | None, returncode: int, stderr: str) -> Finding:
    """What a failed rsync means to a teacher, from ssh's and rsync's own words."""
    if "IDENTIFICATION HAS CHANGED" in stderr:
        return changed_host_key(target)
    if "Host key verification failed" in stderr or "host key is known" in stderr:
        return unknown_host_key(target, port)
    if "Permission denied" in stderr and "publickey" in stderr:
        return login_refused(target)
    last = stderr.strip().splitlines()[-1] if stderr.strip() else f"退出码 {returncode}"
    if returncode in (12, 30, 255):  # ssh failed, or the connection went away during the transfer
        return _error(target.where(), f"连不上服务器，或连接中途断开了（{last}），服务器上的网站没有改动",
                      "请检查服务器地址、端口和网络，然后重新运行同一条命令")
    return _error(target.where(), f"rsync 出错（{last}）", "请按 rsync 的提示检查，然后重新运行同一条命令")


def _run_rsync(command: list[str], env: dict[str, str], target: Target, port: int | None) -> str:
    done = subprocess.run(command, capture_output=True, encoding="utf-8", errors="replace", env=env, check=False)
    if done.returncode != 0:
        raise DeployError(rsync_problem(target, port, done.returncode, done.stderr))
    return done.stdout


def deploy_rsync(site: Path, target: Target, *, port: int | None = None, identity: Path | None = None,
                 ssh_options: list[str] = (), dry_run: bool = False, force: bool = False,
                 forced: Forced | None = None) -> Changes:
    """Run rsync over ssh: a dry run first, which also tells whether the target is ours; raises DeployError."""
    ssh = ssh_command(port, identity, [*ssh_options, *SSH_DEFAULTS])
    with askpass_environment(dict(os.environ)) as env, _manifest_folder(site) as extra:
        preview = _run_rsync(rsync_command([site, extra], target, ssh, dry_run=True), env, target, port)
        changes = parse_itemized(preview)
        if holds_others(preview):
            problem = not_ours(target, f"上传会删除 {len(changes.deleted)} 个文件和文件夹，见下面的列表")
            if not force:
                raise DeployError(problem, changes)
            if forced:  # a dry run lists them anyway
                forced(_overridden(problem, "下面列出的文件和文件夹都将被删除"), None if dry_run else changes)
        if dry_run:
            return changes
        return parse_itemized(_run_rsync(rsync_command([site, extra], target, ssh, dry_run=False), env, target, port))


# SFTP.

def fingerprint(key) -> str:
    """A host key's SHA256 fingerprint, written as ``ssh-keygen -l`` writes it."""
    return "SHA256:" + base64.b64encode(hashlib.sha256(key.asbytes()).digest()).decode("ascii").rstrip("=")


def _host_key_policy(paramiko, target: Target, port: int | None, accept_new: Path | None):
    """Refuse an unknown host key with the Chinese message, or add it to ``accept_new`` (a known_hosts file)."""

    class Policy(paramiko.MissingHostKeyPolicy):
        def missing_host_key(self, client, hostname, key):
            if accept_new is None:
                raise DeployError(unknown_host_key(target, port, fingerprint(key)))
            accept_new.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            with accept_new.open("a", encoding="utf-8") as known_hosts:
                known_hosts.write(f"{hostname} {key.get_name()} {key.get_base64()}\n")

    return Policy()


def deploy_sftp(site: Path, target: Target, *, port: int | None = None, identity: Path | None = None,
                known_hosts: Path | None = None, accept_new: bool = False, dry_run: bool = False,
                password: str | None = None, force: bool = False, forced: Forced | None = None) -> Changes:
    """The same over SFTP with paramiko, for machines without rsync; raises DeployError."""
    import paramiko  # only this path needs it

    logging.getLogger("paramiko").addHandler(logging.NullHandler())  # its English log lines are not for teachers
    known_hosts_file = known_hosts or Path.home() / ".ssh" / "known_hosts"
    client = paramiko.SSHClient()
    client.load_system_host_keys(str(known_hosts) if known_hosts else None)
    client.set_missing_host_key_policy(_host_key_policy(paramiko, target, port, known_hosts_file if accept_new else None))
    try:
        try:
            client.connect(target.host, port=port or 22, username=target.user, password=password,
                           key_filename=str(identity) if identity else None, allow_agent=identity is None,
                           look_for_keys=identity is None, timeout=20, banner_timeout=20, auth_timeout=TIMEOUT)
        except paramiko.BadHostKeyException as error:
            raise DeployError(changed_host_key(target)) from error
        except paramiko.AuthenticationException as error:
            raise DeployError(login_refused(target)) from error
        except (paramiko.SSHException, EOFError, OSError) as error:
            raise DeployError(_error(target.where(), f"连不上服务器 {target.host}（{error}）",
                                     "请检查服务器地址、端口和网络")) from error
        return _sync_sftp(client, paramiko, site, target, dry_run, force, forced)
    finally:
        client.close()


def _sync_sftp(client, paramiko, site: Path, target: Target, dry_run: bool, force: bool,
               forced: Forced | None) -> Changes:
    """Plan, upload to the staging folder, then switch; a failure says how far the server got."""
    root = PurePosixPath(target.path)
    switching = False
    try:
        sftp = client.open_sftp()
        sftp.get_channel().settimeout(TIMEOUT)
        local = site_sums(site)
        remote, changes = _plan_sftp(sftp, root, target, local, force, forced)
        if dry_run:
            return changes
        _upload(sftp, site, root, changes.sent)
        switching = True
        _switch(sftp, root, changes, local, remote)
        return changes
    except (paramiko.SSHException, EOFError, OSError) as error:
        transport = client.get_transport()
        cause = "与服务器的连接断开了" if transport is None or not transport.is_active() else f"服务器拒绝了操作（{error}）"
        if switching:
            raise DeployError(_error(target.where(), f"{cause}，服务器上的网站只换上了一部分新文件",
                                     "请尽快重新运行同一条命令，会补齐其余的文件")) from error
        raise DeployError(_error(target.where(), f"{cause}，服务器上的网站没有改动",
                                 f"请检查网络后重新运行同一条命令；传了一半的文件在 {STAGING} 里，下次上传时会自动清除")) from error


def _plan_sftp(sftp, root: PurePosixPath, target: Target, local: dict[str, str], force: bool,
               forced: Forced | None) -> tuple[dict[str, str], Changes]:
    """The server's manifest (empty when there is none or --force overrides a bad one) and the changes."""
    try:
        entries = [name for name in sftp.listdir(str(root)) if name != STAGING]
    except FileNotFoundError:  # first deploy into a new folder
        entries = []
    try:
        if MANIFEST in entries:
            remote = parse_manifest(_read(sftp, root / MANIFEST), target.where(MANIFEST))
            changes = plan(local, remote)
            changes.deleted = _deletions(sftp, root, changes.deleted, target.where(MANIFEST))
            return remote, changes
        if entries:
            raise DeployError(not_ours(target, "、".join(sorted(entries)[:5]) + (" 等" if len(entries) > 5 else "")))
    except DeployError as error:
        if not force:
            raise
        if forced:
            forced(_overridden(error.finding, "这个文件夹里原有的文件一个也不会被删除，同名的会被新文件覆盖"), None)
    return {}, plan(local, {})


def _read(sftp, path: PurePosixPath) -> bytes:
    with sftp.open(str(path)) as handle:
        return handle.read(MANIFEST_LIMIT + 1)


def _inside(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip("/") + "/")


def _deletions(sftp, root: PurePosixPath, planned: list[str], where: str) -> list[str]:
    """The planned files that are still there, then the folders that deleting them empties (deepest
    first). The server resolves each file's folder: one reached through a symbolic link that leads
    out of the target raises DeployError naming the manifest entry."""
    real_root = sftp.normalize(str(root))
    real_folders: dict[PurePosixPath, str | None] = {}
    files = []
    for path in planned:
        folder = (root / path).parent
        if folder not in real_folders:
            try:
                real_folders[folder] = sftp.normalize(str(folder))
            except FileNotFoundError:  # already gone, and everything in it
                real_folders[folder] = None
        if real_folders[folder] is None:
            continue
        if not _inside(real_folders[folder], real_root):
            raise DeployError(_error(where, f"清单里的 {_entry(path)} 经过符号链接指向网站文件夹以外，清单可能被人改过", FORCE_HINT))
        with suppress(FileNotFoundError):
            sftp.lstat(str(root / path))
            files.append(path)
    return files + _emptied_folders(sftp, root, files)


def _emptied_folders(sftp, root: PurePosixPath, files: list[str]) -> list[str]:
    gone = set(files)
    folders = {str(parent) for path in files for parent in PurePosixPath(path).parents if str(parent) != "."}
    emptied = []
    for folder in sorted(folders, key=lambda f: (-f.count("/"), f)):
        if all(f"{folder}/{name}" in gone for name in sftp.listdir(str(root / folder))):
            gone.add(folder)
            emptied.append(folder + "/")
    return emptied


def _upload(sftp, site: Path, root: PurePosixPath, sent: list[str]) -> None:
    """Every new or changed file into the staging folder; the site itself is untouched."""
    staging = root / STAGING
    _clear(sftp, staging)  # what an interrupted deploy left
    made: set[PurePosixPath] = set()
    for path in sent:
        _makedirs(sftp, (staging / path).parent, made)
        sftp.put(str(site / path), str(staging / path), confirm=True)


def _switch(sftp, root: PurePosixPath, changes: Changes, local: dict[str, str], remote: dict[str, str]) -> None:
    """Rename the staged files into place, delete, then write the manifest.

    A manifest listing old and new files goes first, so a deploy stopped halfway still knows every
    file it may have put there; the new files' empty sums make the next deploy send them again.
    """
    staging = root / STAGING
    _write_manifest(sftp, root, {**remote, **dict.fromkeys(changes.sent, "")})
    made: set[PurePosixPath] = set()
    for path in changes.sent:
        _makedirs(sftp, (root / path).parent, made)
        _replace(sftp, staging / path, root / path)
    for path in changes.deleted:
        if path.endswith("/"):
            sftp.rmdir(str(root / path))
        else:
            sftp.remove(str(root / path))
    _write_manifest(sftp, root, local)
    _clear(sftp, staging)


def _write_manifest(sftp, root: PurePosixPath, sums: dict[str, str]) -> None:
    """Write the manifest whole or not at all: into the staging folder, then renamed over the old one."""
    staging = root / STAGING
    _makedirs(sftp, staging, set())
    with sftp.open(str(staging / MANIFEST), "w") as handle:
        handle.write(manifest_bytes(sums))
    _replace(sftp, staging / MANIFEST, root / MANIFEST)


def _replace(sftp, source: PurePosixPath, target: PurePosixPath) -> None:
    """Rename ``source`` over ``target``: atomic with OpenSSH's posix-rename, else remove then rename."""
    try:
        sftp.posix_rename(str(source), str(target))
        return
    except OSError as error:
        if error.errno is not None:  # no such file, permission denied: a real failure, not a missing extension
            raise
    with suppress(FileNotFoundError):
        sftp.remove(str(target))
    sftp.rename(str(source), str(target))


def _makedirs(sftp, folder: PurePosixPath, made: set[PurePosixPath]) -> None:
    """Create ``folder`` and its missing parents; ``made`` remembers the folders known to exist."""
    missing = []
    while folder not in made:
        try:
            sftp.stat(str(folder))
        except FileNotFoundError:
            missing.append(folder)
            folder = folder.parent
            continue
        made.add(folder)
        break
    for path in reversed(missing):
        sftp.mkdir(str(path))
    made.update(missing)


def _clear(sftp, folder: PurePosixPath) -> None:
    """Remove ``folder`` and everything in it, never following a symbolic link out of it."""
    try:
        mode = sftp.lstat(str(folder)).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(mode):
        sftp.remove(str(folder))
        return
    for entry in sftp.listdir_attr(str(folder)):
        if stat.S_ISDIR(entry.st_mode):
            _clear(sftp, folder / entry.filename)
        else:
            sftp.remove(str(folder / entry.filename))
    sftp.rmdir(str(folder))


def have_rsync() -> bool:
    return shutil.which("rsync") is not None and shutil.which("ssh") is not None
