"""Findings as text for a terminal, JSON for tools, and GitHub Actions annotations."""

from __future__ import annotations

import json

from ..findings import Finding, Level
from .run import Review

_GITHUB = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}


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
