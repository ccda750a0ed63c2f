"""What the site shows of brands, computed without MkDocs: page sources, styles, the wall."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote

from ..findings import Finding
from ..gallery.manifest import GalleryPhoto, Manifest
from ..model import Brand


# MkDocs reads a page's first lines as its settings when they look like `key: value` or a `---`
# block (mkdocs/utils/meta.py: get_data). An empty block in front is read instead, and MkDocs
# stops there: the story, even one starting "2023: …" or with a second `---` block, stays story.
_NO_SETTINGS = "---\n{}\n---\n"
BRAND_CSS = "assets/stylesheets/brands.css"  # the site's path of brands_css()
# What a brand page shows under `mkdocs serve` while its profile has errors (broken_pages)
BROKEN_PAGE = "# 品牌档案有错误\n\n页面顶部列出了错误和改法；改正并保存后，这里会重新显示品牌页面。\n"


def page_source(story: str) -> str:
    """The Markdown MkDocs gets for a brand page: the story only, never page settings."""
    return _NO_SETTINGS + story


def brands_css(brands: list[Brand], manifest: Manifest) -> str:
    """One stylesheet of custom properties: brand and pillar colours, photo placeholders.

    Templates only name ``data-brand``, the pillar's position and the photo; no inline styles.
    """
    rules = []
    for brand in brands:
        scope = f'[data-brand="{brand.slug}"]'
        rules.append(f"{scope}{{--bs-accent:{brand.color}}}")
        for number, pillar in enumerate(brand.pillars, 1):
            rules.append(f'{scope} [data-pillar="{number}"]{{--bs-pillar:{pillar.color}}}')
        for number, photo in enumerate(manifest.photos(brand.slug), 1):
            rules.append(f'{scope} [data-photo="{number}"]'
                         f'{{background-color:{photo.color};background-image:url("{photo.preview}")}}')
    return "\n".join(rules) + "\n"


def cover(brand: Brand, photos: tuple[GalleryPhoto, ...]) -> tuple[int, GalleryPhoto] | None:
    """(position, photo) shown on the brand's card: the profile's cover, else the first photo."""
    wanted = brand.cover_photo.file if brand.cover_photo else None
    numbered = list(enumerate(photos, 1))
    return next((item for item in numbered if item[1].file == wanted), numbered[0] if numbered else None)


def covers(brands: list[Brand], manifest: Manifest) -> dict[str, tuple[int, GalleryPhoto] | None]:
    """Each brand's cover (see ``cover``) by slug: the wall's cards, the same for every page of a build."""
    return {brand.slug: cover(brand, manifest.photos(brand.slug)) for brand in brands}


_IMAGE = re.compile(r"(!\[[^\]]*\]\()\s*(<[^>]+>|[^)]+?)(\s*(?:\"[^\"]*\")?\s*\))")


def link_story_images(markdown: str, brand: Brand, photos: tuple[GalleryPhoto, ...]) -> str:
    """Point the story's images at their published web photo instead of the original file."""
    published = {p.file: p for p in photos}
    prefix = brand.url

    def replace(match: re.Match) -> str:
        target = posixpath.normpath(unquote(match[2].strip("<>")).replace("\\", "/"))
        photo = published.get(target)
        if photo is None:
            return match[0]
        return f"{match[1]}{posixpath.relpath(photo.of_format('jpeg')[-1].url, prefix)}{match[3]}"

    return _IMAGE.sub(replace, markdown)


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


def broken_pages(errors: list[Finding], published: dict[str, object]) -> list[str]:
    """Page sources of brands whose profile has errors (``brands/<slug>/index.md``), not already published."""
    pages = []
    for finding in errors:
        path = PurePosixPath(finding.path)
        src_uri = f"brands/{path.parent.name}/index.md"
        if path.name == "index.md" and src_uri not in published and src_uri not in pages:
            pages.append(src_uri)
    return pages
