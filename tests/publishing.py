"""Helpers of the publishing tests: run the ``brandsite`` command of this checkout in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sitebuild import ROOT


def cli_env(**set_: str | None) -> dict[str, str]:
    """The environment for ``brandsite``: this checkout's package; ``NAME=None`` removes a variable."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "NO_MKDOCS_2_WARNING": "1"}
    for name, value in set_.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def start(cwd: Path, *args: str, **set_: str | None) -> subprocess.Popen:
    """``brandsite ARGS`` started in ``cwd``; stdout and stderr together, as text."""
    return subprocess.Popen([sys.executable, "-m", "brandsite.cli", *args], cwd=cwd, env=cli_env(**set_),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def run(cwd: Path, *args: str, **set_: str | None) -> subprocess.CompletedProcess:
    """``brandsite ARGS`` run to the end (at most five minutes)."""
    return subprocess.run([sys.executable, "-m", "brandsite.cli", *args], cwd=cwd, env=cli_env(**set_),
                          capture_output=True, text=True, timeout=300)
