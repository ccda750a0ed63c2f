"""Where a visitor finds a brand among thousands: regions, their schools, and the wall in pages.

Pure functions over Brand objects, without MkDocs: each region and each school gets a page
(``regions/<region>/index.md``, ``regions/<region>/<school>/index.md``) that lists its brands, and
the wall of cards is cut into pages (the home page shows the first) so that no page grows with the
number of brands.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import escape

from ..model import Brand
from ..profile import slugs

NO_REGION = "其他地区"  # where brands without a `region` (地区) are listed
ALL_REGIONS = "regions/index.md"  # the page of every region: the brands section's own page, and /regions/
WALL_PAGE = 24  # cards on the home page and on each further page of the wall
FINDER_SCRIPT = "assets/javascripts/brandsite-schools.js"  # the school finder's list, loaded on first use


class _Page:
    url: str  # site-relative, as Brand.url

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md"


@dataclass(frozen=True)
class School(_Page):
    name: str
    url: str  # regions/<region>/<school>/
    brands: tuple[Brand, ...]
    region: str
    region_url: str


@dataclass(frozen=True)
class Region(_Page):
    name: str
    url: str  # regions/<region>/
    schools: tuple[School, ...]

    @property
    def brand_count(self) -> int:
        return sum(len(school.brands) for school in self.schools)


@dataclass(frozen=True)
class WallPage(_Page):
    """One page of the wall: number 1 is the home page's part, the others are pages of their own."""

    number: int
    url: str  # "" for the home page's part
    brands: tuple[Brand, ...]


@dataclass(frozen=True)
class Listing:
    """A generated page that lists brands: its template, title and what it lists."""

    template: str
    title: str
    item: AllRegions | Region | School | WallPage

    @property
    def meta(self) -> dict:
        """The page's settings: template, title (as HTML, as Material prints it); the wall's pages repeat
        cards, so search leaves them out and finds each brand on its own page."""
        return {"template": self.template, "title": escape(self.title),
                "search": {"exclude": isinstance(self.item, WallPage)}}


@dataclass(frozen=True)
class Directory:
    """All of a build's listings: the regions with their schools, the wall's pages, their pages by source."""

    regions: list[Region]
    walls: list[WallPage]
    listings: dict[str, Listing]

    @classmethod
    def of(cls, brands: list[Brand]) -> Directory:
        found, walls = regions(brands), wall_pages(brands)
        return cls(found, walls, listings(found, walls))

    def context(self, src_uri: str, is_homepage: bool) -> dict:
        """What a page's template gets: every region and wall page, and what this page lists (the home
        page the wall's first page)."""
        listing = self.listings.get(src_uri)
        return {"regions": self.regions, "walls": self.walls,
                "listing": listing.item if listing else self.walls[0] if is_homepage else None}


def region_of(brand: Brand) -> str:
    return brand.region or NO_REGION


def regions(brands: list[Brand]) -> list[Region]:
    """Regions by name (brands without one last), their schools by name, each school's brands by slug."""
    grouped: dict[str, dict[str, list[Brand]]] = {}
    for brand in sorted(brands, key=lambda b: b.slug):
        grouped.setdefault(region_of(brand), {}).setdefault(brand.school, []).append(brand)
    region_slugs: set[str] = set()
    found = []
    for name in sorted(grouped, key=lambda r: (r == NO_REGION, r)):
        folder = f"regions/{_unique(slugs.slugify(name), region_slugs)}"
        school_slugs: set[str] = set()
        schools = tuple(School(school, f"{folder}/{_unique(slugs.slugify(school), school_slugs)}/", tuple(group),
                               name, f"{folder}/") for school, group in sorted(grouped[name].items()))
        found.append(Region(name, f"{folder}/", schools))
    return found


def _unique(slug: str, taken: set[str]) -> str:
    """``slug`` or its first free ``slug-2``…; taken then holds it."""
    slug = slug if slug not in taken else slugs.unique(slug, taken)
    taken.add(slug)
    return slug


def wall_pages(brands: list[Brand], size: int = WALL_PAGE) -> list[WallPage]:
    """The wall in pages of ``size`` cards, in the order of ``brands``; always at least the home page's."""
    pages = [WallPage(1, "", tuple(brands[:size]))]
    for number, start in enumerate(range(size, len(brands), size), 2):
        pages.append(WallPage(number, f"wall/{number}/", tuple(brands[start:start + size])))
    return pages


@dataclass(frozen=True)
class AllRegions(_Page):
    """The page listing every region, at ``regions/``: what a visitor finds who shortens a region's address."""

    url: str = "regions/"


def listings(regions: list[Region], walls: list[WallPage]) -> dict[str, Listing]:
    """Every generated listing page by its page source: all regions, each region, school, the wall's pages
    after the first."""
    found = {ALL_REGIONS: Listing("regions.html", "全部地区", AllRegions())} if regions else {}
    for region in regions:
        found[region.src_uri] = Listing("region.html", region.name, region)
        found |= {school.src_uri: Listing("school.html", school.name, school) for school in region.schools}
    found |= {wall.src_uri: Listing("wall.html", f"全部品牌（第 {wall.number} 页）", wall) for wall in walls[1:]}
    return found


def finder_script(regions: list[Region], url_of: Callable[[str], str]) -> str:
    """JavaScript that hands the home page's school finder every school: name, region, page, brands.

    ``url_of`` turns a page source into the page's URL as the site links it.

    A script rather than JSON so that it also loads from ``file://``; JSON escapes every ``<`` and
    quote of a school's name, and the finder shows names as text only.
    """
    schools = [[school.name, region.name, url_of(school.src_uri), len(school.brands)]
               for region in regions for school in region.schools]
    text = json.dumps(schools, ensure_ascii=False, separators=(",", ":"))
    return "window.brandsiteSchools = " + text.replace("<", "\\u003c") + ";\n"
