"""Run this checkout's ``brandsite`` command in a subprocess, as a teacher runs it from a terminal."""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kit import ROOT

# Runs the command and then reports the process's peak resident memory on its last stderr line. VmHWM,
# not ru_maxrss: Linux carries ru_maxrss over from the parent (pytest) across exec.
_MEASURED = """import re, sys
from brandsite import cli
code = cli.main(sys.argv[1:])
sys.stdout.flush()
hwm = re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read())[1]
print("VmHWM", hwm, file=sys.stderr)
sys.exit(code)
"""
_PEAK_LINE = re.compile(r"VmHWM (\d+)\n\Z")


@dataclass
class Done:
    """What a finished ``brandsite`` printed and returned; ``peak_mb`` when it was measured."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    peak_mb: int | None = None


def env(**set_: str | None) -> dict[str, str]:
    """The environment for ``brandsite``: this checkout's package first; ``NAME=None`` removes a variable."""
    paths = [str(ROOT / "scripts"), os.environ.get("PYTHONPATH", "")]
    result = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths)), "NO_MKDOCS_2_WARNING": "1"}
    for name, value in set_.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = value
    return result


def start_brandsite(cwd: Path, *args: str, **set_: str | None) -> subprocess.Popen:
    """``brandsite ARGS`` started in ``cwd``, for a test that acts while it runs; stdout and stderr together."""
    return subprocess.Popen([sys.executable, "-m", "brandsite.cli", *args], cwd=cwd, env=env(**set_),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")


def run_brandsite(cwd: Path, *args: str, answers: str = "", timeout: float = 300, memory_limit: int | None = None,
        measure_peak: bool = False, **set_: str | None) -> Done:
    """``brandsite ARGS`` run to the end in ``cwd``, ``answers`` typed on standard input.

    It runs in its own process group, killed with all its children (ssh, rsync) after ``timeout``
    seconds: a hang fails the test with the output so far instead of blocking the run (subprocess.run's
    own timeout would wait for the pipes a surviving grandchild still holds open). ``memory_limit``
    caps its address space in bytes; ``measure_peak`` fills ``Done.peak_mb``.
    """
    program = ["-c", _MEASURED] if measure_peak else ["-m", "brandsite.cli"]
    limit = (lambda: resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))) if memory_limit else None
    process = subprocess.Popen([sys.executable, *program, *args], cwd=cwd, env=env(**set_), text=True, encoding="utf-8",
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True, preexec_fn=limit)
    try:
        stdout, stderr = process.communicate(answers, timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        raise AssertionError(f"brandsite {' '.join(args)} still running after {timeout} s:\n{stdout}\n{stderr}")
    done = Done(["brandsite", *args], process.returncode, stdout, stderr)
    if measure_peak and (peak := _PEAK_LINE.search(stderr)):
        done.stderr, done.peak_mb = stderr[:peak.start()], int(peak[1]) // 1024
    return done
