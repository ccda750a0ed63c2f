"""What a change touches, asked of git: changed brands and files, and the files at the base."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """git failed; the message says why, in Chinese."""


def git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=True)
    except FileNotFoundError as error:
        raise GitError("找不到 git 命令：请先安装 git") from error
    except subprocess.CalledProcessError as error:
        detail = error.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git {' '.join(args)} 失败：{detail}"
                       "（CI 里检出时请用 fetch-depth: 0，才能和目标分支比较）") from error
    return done.stdout


def _names(output: bytes) -> set[str]:
    return {line for line in output.decode("utf-8").split("\n") if line}


@dataclass(frozen=True)
class Change:
    base: str  # commit the change is compared with (merge base of REF and HEAD)
    files: frozenset[str]  # changed paths under brands/, committed or not
    base_files: frozenset[str]  # paths under brands/ at the base

    def slugs(self) -> set[str]:
        return {p.split("/")[1] for p in self.files if p.count("/") >= 2}

    def at_base(self, path: str) -> bool:
        return path in self.base_files


def changes(root: Path, ref: str, brands_dir: str = "brands") -> Change:
    """Files under ``brands_dir`` changed since ``ref``: commits (REF...HEAD), staged, unstaged, new."""
    base = git(root, "merge-base", ref, "HEAD").decode().strip()
    quiet = ("-c", "core.quotepath=false")
    files = _names(git(root, *quiet, "diff", "--name-only", "--no-renames", base, "--", brands_dir))
    files |= _names(git(root, *quiet, "ls-files", "--others", "--exclude-standard", "--", brands_dir))
    base_files = _names(git(root, *quiet, "ls-tree", "-r", "--name-only", base, "--", brands_dir))
    return Change(base, frozenset(files), frozenset(base_files))
