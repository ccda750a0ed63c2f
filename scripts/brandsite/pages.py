"""What the site shows of brands, computed without MkDocs: page sources, styles, the wall."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath

from .findings import Finding
from .model import Brand


def brands_css(brands: list[Brand]) -> str:
    """One stylesheet of custom properties: each brand's colour and its pillars' colours.

    Templates only name ``data-brand`` and the pillar's position; no inline styles.
    """
    rules = []
    for brand in brands:
        scope = f'[data-brand="{brand.slug}"]'
        rules.append(f"{scope}{{--bs-accent:{brand.color}}}")
        for number, pillar in enumerate(brand.pillars, 1):
            rules.append(f'{scope} [data-pillar="{number}"]{{--bs-pillar:{pillar.color}}}')
    return "\n".join(rules) + "\n"


@dataclass(frozen=True)
class Facet:
    """One filter button on the home wall."""

    name: str
    count: int


def facets(brands: list[Brand]) -> tuple[list[Facet], list[Facet]]:
    """Schools and tags to filter the wall by, most brands first."""
    schools = Counter(b.school for b in brands)
    tags = Counter(t for b in brands for t in b.tags)
    order = lambda counter: [Facet(n, c) for n, c in sorted(counter.items(), key=lambda i: (-i[1], i[0]))]
    return order(schools), order(tags)


def by_school(brands: list[Brand]) -> dict[str, list[Brand]]:
    """Brands grouped by school, in the order the navigation shows them."""
    groups: dict[str, list[Brand]] = {}
    for brand in sorted(brands, key=lambda b: (b.region, b.school, b.slug)):
        groups.setdefault(brand.school, []).append(brand)
    return groups


def broken_pages(errors: list[Finding], published: dict[str, object]) -> list[str]:
    """Page sources of brands whose profile has errors (``brands/<slug>/index.md``), not already published."""
    pages = []
    for finding in errors:
        path = PurePosixPath(finding.path)
        src_uri = f"brands/{path.parent.name}/index.md"
        if path.name == "index.md" and src_uri not in published and src_uri not in pages:
            pages.append(src_uri)
    return pages
