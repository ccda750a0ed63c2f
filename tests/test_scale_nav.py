"""A district's site: hundreds of brands from many schools in several regions, found region → school → brand.

One generated site of 300 brands is built once for the module: the home page stays small and shows
the first page of the wall, every region and school has a page listing exactly its brands, a brand
page's sidebar shows its region and school only, and in chromium the school finder and "load more"
work (and without JavaScript the links lead to every brand).
"""

from __future__ import annotations

import posixpath
from collections import Counter
from html.parser import HTMLParser

import pytest

from kit.browser import opened, serve
from kit.profiles import profile, value, write_brand
from sitebuild import build_site, copy_project

pytestmark = pytest.mark.xdist_group("scale-nav")  # one worker builds the district site and starts chromium

BRANDS = 300
# Region names as bureaus write them; "" leaves the field out. The same school name in two regions
# ("城关小学") must give two schools.
REGIONS = ("幸福省甲市东城区", "幸福省甲市西城区", "幸福省乙县", "")
SCHOOLS_PER_REGION = 25
HOME_LIMIT = 100_000
HOSTILE_SCHOOL = '<img src=x onerror=alert(1)>实验&lt;学校'  # the last brand's: shown as typed, never run


def school_of(n: int) -> tuple[str, str]:
    """(region, school) of generated brand n: regions in turn, 25 schools each, one 城关小学 in each region."""
    region = REGIONS[n % len(REGIONS)]
    if n == BRANDS - 1:
        return region, HOSTILE_SCHOOL
    number = n // len(REGIONS) % SCHOOLS_PER_REGION
    return region, "城关小学" if number == 0 else f"{region[-3:] or '无名'}第{number}学校"


def slug(n: int) -> str:
    return f"pinpai-{n:03d}"


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("district") / "project", brands=False)
    for n in range(BRANDS):
        region, school = school_of(n)
        fields = {"title": f"品牌{n}号", "slogan": f"口号{n}：立德树人", "school": value(school),
                  "tags": value(["立德树人", f"标签{n % 9}"])}
        if region:
            fields["region"] = region
        write_brand(project, slug(n), profile(**fields))
    return build_site(project, strict=True)


class Page(HTMLParser):
    """Links and marked elements of a page, and the sidebar's labels."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.cards: list[str] = []  # data-brand of each .bs-card
        self.region_brands: list[str] = []  # data-brand of each brand link on a region page
        self.nav_labels: list[str] = []
        self._href = None
        self._text = ""
        self._nav_depth = 0  # <nav> elements open; the sidebar is the one opened at depth 1 with md-nav--primary
        self._in_nav = False
        self._label = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "nav":
            self._nav_depth += 1
            self._in_nav = self._in_nav or "md-nav--primary" in classes
        if tag == "li" and "bs-card" in classes:
            self.cards.append(attrs["data-brand"])
        if tag == "a" and "data-brand" in attrs:
            self.region_brands.append(attrs["data-brand"])
        if tag == "a":
            self._href, self._text = attrs.get("href"), ""
        self._label = self._in_nav and "md-ellipsis" in classes

    def handle_data(self, data):
        self._text += data
        if self._label and data.strip():
            self.nav_labels.append(data.strip())
            self._label = False

    def handle_endtag(self, tag):
        if tag == "nav":
            self._nav_depth -= 1
            self._in_nav = self._in_nav and self._nav_depth > 0
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._text.strip()))
            self._href = None


def expected_groups() -> tuple[dict[str, set[str]], dict[tuple[str, str], set[str]]]:
    regions: dict[str, set[str]] = {}
    schools: dict[tuple[str, str], set[str]] = {}
    for n in range(BRANDS):
        region, school = school_of(n)
        regions.setdefault(region or "其他地区", set()).add(slug(n))
        schools.setdefault((region or "其他地区", school), set()).add(slug(n))
    return regions, schools


def link_to(page: Page, text: str) -> str:
    found = [href for href, label in page.links if label == text]
    assert found, f"no link “{text}”"
    return found[0]


def opened_page(district, base: str, href: str) -> tuple[str, Page]:
    """Follow ``href`` from the page at ``base`` (a site path): the target's site path and its parse."""
    path = posixpath.normpath(posixpath.join(base, href.removesuffix("index.html")))
    path = "" if path == "." else path + "/"
    return path, Page(district.html(path + "index.html"))


def test_home_page_stays_small_and_links_every_region(district):
    html = district.html("index.html")
    assert len(html.encode("utf-8")) < HOME_LIMIT
    home = Page(html)
    assert 0 < len(home.cards) < 50
    regions, _ = expected_groups()
    for region in regions:
        assert any(label.startswith(region) for _, label in home.links), region
    assert "data-bs-finder" in html and 'data-filter-kind="school"' not in html  # no chip per school


def test_region_and_school_pages_list_exactly_their_brands(district):
    home = Page(district.html("index.html"))
    regions, schools = expected_groups()
    for region, brands in regions.items():
        count = len(brands)
        path, page = opened_page(district, "", link_to(home, f"{region}{count}"))
        assert sorted(page.region_brands) == sorted(brands), region
        for (in_region, school), school_brands in schools.items():
            if in_region != region:
                continue
            _, school_page = opened_page(district, path, link_to(page, school))
            assert sorted(school_page.cards) == sorted(school_brands), (region, school)
            assert region in school_page.nav_labels and school in school_page.nav_labels



def test_the_regions_address_lists_every_region_and_opens_the_brands_section(district):
    # /regions/ is what a visitor gets who shortens a region's address, and the sidebar's 品牌展示 link
    regions, _ = expected_groups()
    page = Page(district.html("regions/index.html"))
    for region, brands in regions.items():
        path, region_page = opened_page(district, "regions/", link_to(page, f"{region}{len(brands)}"))
        assert sorted(region_page.region_brands) == sorted(brands), region
    home = Page(district.html("index.html"))
    assert link_to(home, "品牌展示").removesuffix("index.html").endswith("regions/")

def test_the_wall_pages_show_every_brand_once(district):
    seen, path, page = [], "", Page(district.html("index.html"))
    while True:
        seen += page.cards
        nexts = [href for href, label in page.links if label == "下一页"]
        if not nexts:
            break
        path, page = opened_page(district, path, nexts[0])
    assert Counter(seen) == Counter(slug(n) for n in range(BRANDS))


def test_brand_page_sidebar_shows_its_region_and_school_not_all_schools(district):
    region, school = school_of(57)
    page = Page(district.html(f"brands/{slug(57)}/index.html"))
    labels = page.nav_labels
    assert region in labels and school in labels and "品牌57号" in labels
    other_schools = {s for (_, s) in expected_groups()[1]} - {school}
    assert not other_schools & set(labels)
    siblings = {f"品牌{n}号" for n in range(BRANDS) if school_of(n) == (region, school)}
    assert siblings <= set(labels)
    assert len(labels) < 20  # the regions, the school's brands, the page's own headings


# --- in a real browser ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def district_url(district):
    with serve(district.site) as url:
        yield url


def find_schools(page, text: str) -> list[str]:
    """Type ``text`` into the school finder; the names of the schools it lists."""
    page.fill("[data-bs-finder-input]", text)
    page.wait_for_selector("[data-bs-finder-results] a")
    return page.eval_on_selector_all("[data-bs-finder-results] a", "els => els.map(e => e.textContent)")


@pytest.mark.browser
def test_school_finder_lists_matching_schools_as_links(chromium, district_url):
    with opened(chromium, district_url) as (page, visit):
        found = find_schools(page, "城关")
        status = page.inner_text("[data-bs-finder-status]")
        page.fill("[data-bs-finder-input]", "乙县")  # part of a region's name finds its schools
        page.wait_for_function("document.querySelector('[data-bs-finder-status]').textContent.includes('25')")
        page.fill("[data-bs-finder-input]", "城关")
        page.click("[data-bs-finder-results] a >> nth=1")
        page.wait_for_selector(".bs-wall")
        heading = page.inner_text("article h1")
    assert found == ["城关小学"] * len(REGIONS) and str(len(REGIONS)) in status
    assert heading == "城关小学"
    assert (visit.errors, visit.failed, visit.offsite) == ([], [], [])


@pytest.mark.browser
def test_school_finder_shows_a_hostile_name_as_text(chromium, district_url):
    with opened(chromium, district_url) as (page, visit):
        found = find_schools(page, "onerror")
        page.wait_for_timeout(200)
    assert found == [HOSTILE_SCHOOL] and visit.alerts == []


@pytest.mark.browser
def test_load_more_adds_the_next_cards_with_working_links(chromium, district_url):
    with opened(chromium, district_url) as (page, visit):
        before = page.eval_on_selector_all(".bs-wall > .bs-card", "els => els.length")
        page.click("[data-bs-more]")
        page.wait_for_function(f"document.querySelectorAll('.bs-wall > .bs-card').length > {before}")
        after = page.eval_on_selector_all(".bs-wall > .bs-card", "els => els.map(e => e.dataset.brand)")
        url = page.url
        page.click(f".bs-card[data-brand='{after[-1]}'] a")
        page.wait_for_load_state()
        hero = page.inner_text(".bs-hero__title")
    assert url == district_url and len(after) == 2 * before and len(set(after)) == len(after)
    assert hero == f"品牌{int(after[-1].split('-')[1])}号"
    assert (visit.errors, visit.failed, visit.offsite) == ([], [], [])


@pytest.mark.browser
def test_from_a_usb_stick_the_finder_works_and_next_page_opens_the_page(chromium, district):
    home = (district.site / "index.html").as_uri()
    with opened(chromium, home) as (page, visit):
        found = find_schools(page, "城关")
        page.click("[data-bs-more]")
        page.wait_for_load_state()
        url = page.url
        cards = page.eval_on_selector_all(".bs-wall > .bs-card", "els => els.map(e => e.dataset.brand)")
    assert found == ["城关小学"] * len(REGIONS)
    assert url == (district.site / "wall/2/index.html").as_uri() and len(cards) == 24
    assert (visit.errors, visit.offsite) == ([], [])
