"""Findings as text for a terminal, JSON for tools, GitHub Actions annotations and a GitLab Code Quality report."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..findings import Finding, Level
from .run import Review

_GITHUB = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}
_GITLAB = {Level.ERROR: "major", Level.WARNING: "minor", Level.INFO: "info"}


def total(review: Review) -> str:
    counts = review.counts()
    return (f"审阅了 {len(review.profiles)} 个品牌档案：{counts[Level.ERROR]} 处错误，"
            f"{counts[Level.WARNING]} 条警告，{counts[Level.INFO]} 条提示。")


def text(review: Review) -> str:
    return "\n".join([f"{f} [{f.rule}]" for f in review.findings] + [total(review)])


def as_dict(finding: Finding) -> dict:
    return {"file": finding.path, "line": finding.line, "level": finding.level.name.lower(),
            "rule": finding.rule, "message": finding.message, "hint": finding.hint}


def json_text(review: Review) -> str:
    counts = review.counts()
    return json.dumps({"profiles": len(review.profiles), "errors": counts[Level.ERROR],
                       "warnings": counts[Level.WARNING], "infos": counts[Level.INFO],
                       "findings": [as_dict(f) for f in review.findings]}, ensure_ascii=False, indent=2)


def _escape(value: str, property_: bool = False) -> str:
    """GitHub's workflow-command escaping (actions/toolkit ``escapeData``/``escapeProperty``)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_ else value


def github_line(finding: Finding) -> str:
    props = [f"file={_escape(finding.path, True)}"]
    if finding.line:
        props.append(f"line={finding.line}")
    props.append(f"title={_escape(finding.rule, True)}")
    message = f"{finding.message} — {finding.hint}" if finding.hint else finding.message
    return f"::{_GITHUB[finding.level]} {','.join(props)}::{_escape(message)}"


def github(review: Review) -> str:
    return "\n".join([github_line(f) for f in review.findings] + [total(review)])


def _line_text(root: Path, finding: Finding) -> bytes:
    """The finding's line without surrounding blanks, as bytes (a profile may be GBK); empty for a whole file."""
    if not finding.line:
        return b""
    try:
        lines = (root / finding.path).read_bytes().split(b"\n")
    except OSError:
        return b""
    return lines[finding.line - 1].strip() if finding.line <= len(lines) else b""


def fingerprint(root: Path, finding: Finding) -> str:
    """Stable while lines move: GitLab compares the merge request's report with the target branch's by it."""
    key = "\0".join([finding.path, finding.rule, finding.message]).encode() + b"\0" + _line_text(root, finding)
    return hashlib.sha256(key).hexdigest()


def gitlab_issue(root: Path, finding: Finding) -> dict:
    """One issue of GitLab's Code Quality report (a subset of the Code Climate spec)."""
    message = f"{finding.message} — {finding.hint}" if finding.hint else finding.message
    return {"description": message, "check_name": finding.rule, "fingerprint": fingerprint(root, finding),
            "severity": _GITLAB[finding.level],
            "location": {"path": finding.path, "lines": {"begin": finding.line or 1}}}


def gitlab(review: Review) -> str:
    return json.dumps([gitlab_issue(review.root, f) for f in review.findings], ensure_ascii=False, indent=2)
