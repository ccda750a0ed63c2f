"""Review brand profiles: every rule over the brands a change touches, as Findings.

Pure: no MkDocs, no git, no printing. The command (commands/review.py) gathers the options
from mkdocs.yml and git and chooses the output format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding, Level
from ..gallery.plan import DEFAULT_MAX_PIXELS
from ..model import Brand
from ..profile.loader import load_brands
from ..profile.textfile import MAX_BYTES, split_front_matter
from .rules import RULES, Profile, html, names, photos, placeholders, rewriter, typography, wording


@dataclass(frozen=True)
class Options:
    ignore: frozenset[str] = frozenset()  # rule ids silenced in mkdocs.yml review_ignore
    own_hosts: frozenset[str] = frozenset()  # hosts of site_url: links there are not "external"
    wording_file: Path | None = None  # the school's own wording.tsv
    max_pixels: int = DEFAULT_MAX_PIXELS  # gallery_max_pixels: a photo the gallery accepts is readable here too


@dataclass
class Review:
    root: Path
    brands: list[Brand]  # publishable brands among those reviewed
    profiles: list[Profile]  # every reviewed index.md, readable or not by the loader
    findings: list[Finding] = field(default_factory=list)
    options: Options = Options()  # what it was reviewed with (the summary's thumbnails use its pixel limit)

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    def counts(self) -> dict[Level, int]:
        return {level: sum(f.level is level for f in self.findings) for level in Level}


def _slug_of(path: str) -> str | None:
    parts = path.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "brands" else None


def _schema(findings: list[Finding]) -> list[Finding]:
    # review reports unsafe HTML itself, everywhere in the file and as an error
    return [f for f in findings if f.rule != "unsafe-html"]


def check_profile(profile: Profile, matcher: wording.Matcher, options: Options) -> list[Finding]:
    """The text rules: they read the file even when the loader rejected its fields."""
    return (placeholders.check(profile) + matcher.check(profile) + rewriter.check(profile)
            + typography.check(profile) + html.check(profile, options.own_hosts) + names.check(profile))


def review(root: Path, slugs: set[str] | None = None, options: Options = Options(),
           brands_dir: str = "brands") -> Review:
    """Review the brands named by ``slugs`` (all when None) under ``root/brands_dir``."""
    all_brands, schema_findings = load_brands(root / brands_dir, root)
    wanted = (lambda slug: True) if slugs is None else (lambda slug: slug in slugs)
    brands = [b for b in all_brands if wanted(b.slug)]
    result = Review(root, brands, [], options=options)
    found = [f for f in _schema(schema_findings) if _slug_of(f.path) is None or wanted(_slug_of(f.path))]
    matcher = wording.Matcher(wording.load(options.wording_file))
    for index in sorted((root / brands_dir).glob("*/index.md")):
        if not wanted(index.parent.name) or index.stat().st_size > MAX_BYTES:  # too large: refused unread
            continue
        profile = Profile.from_bytes(index.relative_to(root).as_posix(), index.read_bytes())
        if profile is not None:  # an unreadable file is already a schema error
            result.profiles.append(profile)
            found += check_profile(profile, matcher, options)
    found += photos.check(brands, options.max_pixels)
    result.findings = sorted((f for f in found if f.rule not in options.ignore),
                             key=lambda f: (f.path, f.line or 0, f.rule))
    return result


def _not_fixable(profile: Profile, raw: bytes) -> str:
    """Why ``--fix`` must leave this file alone, or ''."""
    if raw.startswith(b"\xef\xbb\xbf") or b"\r" in raw or profile.text.encode("utf-8") != raw:
        return "文件不是不带 BOM、换行为 LF 的 UTF-8"
    if split_front_matter(profile.text).yaml is None:  # where the fields end is unknown: they could be "fixed"
        return "没有认出开头用两行 --- 包起来的字段区"
    return ""


def fix(review_: Review) -> tuple[list[str], list[Finding]]:
    """Apply the safe typography fixes to the reviewed profiles: the files changed, and one
    warning for each file left alone and why."""
    changed, skipped = [], []
    for profile in review_.profiles:
        path = review_.root / profile.path
        raw = path.read_bytes()
        if reason := _not_fixable(profile, raw):
            skipped.append(Finding(profile.path, 1, Level.WARNING, f"{reason}，--fix 没有改动这个文件",
                                   "请先改好 schema 报告的问题，再运行 --fix", "typography"))
            continue
        fixed = typography.fix(profile)
        if fixed != profile.text:
            path.write_bytes(fixed.encode("utf-8"))
            changed.append(profile.path)
    return changed, skipped


def unknown_rules(ignore: list[str]) -> list[str]:
    return [rule for rule in ignore if rule not in RULES]

