"""The example site in a real browser, at a phone's width and a desktop's."""

from urllib.parse import urlsplit

import pytest

from browser import Visit, launch, serve
from conftest import write_brand
from sitebuild import build_site

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WIDTHS = {"phone": 360, "desktop": 1280}


@pytest.fixture(scope="module")
def site_url(example_site):
    with serve(example_site.site) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    with launch() as browser:
        yield browser


def open_page(chromium, url: str, width: int):
    page = chromium.new_page(viewport={"width": width, "height": 900})
    visit = Visit(urlsplit(url).netloc)
    visit.watch(page)
    page.goto(url, wait_until="networkidle")
    return page, visit


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("path", ["", "brands/wuse-xingdong/"], ids=["home", "wuse-xingdong"])
def test_page_loads_cleanly_and_fits_the_screen(chromium, site_url, artifacts, path, width):
    page, visit = open_page(chromium, site_url + path, width)
    name = (path.strip("/").replace("/", "-") or "home") + f"-{width}.png"
    page.screenshot(path=str(artifacts / name), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.close()
    assert (visit.errors, visit.failed, visit.offsite) == ([], [], [])
    assert overflow <= 0


def test_five_pillar_cards_have_five_colours(chromium, site_url):
    page, _ = open_page(chromium, site_url + "brands/wuse-xingdong/", 1280)
    colours = page.eval_on_selector_all(".bs-pillar", "els => els.map(e => getComputedStyle(e).borderTopColor)")
    titles = page.eval_on_selector_all(".bs-pillar__name", "els => els.map(e => getComputedStyle(e).color)")
    page.close()
    assert len(colours) == 5 and len(set(colours)) == 5
    assert titles == colours


def page_of(link: str) -> str:
    """The page a result links to, whether the site uses …/ or …/index.html links."""
    return urlsplit(link).path.removesuffix("index.html").strip("/")


def search(page, query: str) -> list[str]:
    icon = "label.md-header__button[for='__search']"  # the magnifier a phone shows instead of the box
    page.click(icon if page.is_visible(icon) else ".md-search__input")
    page.fill(".md-search__input", query)
    page.press(".md-search__input", "End")  # Material searches on keyup, which fill() does not send
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    return page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.getAttribute('href'))")


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_site_search_finds_a_brand_by_its_name(chromium, site_url, width):
    page, visit = open_page(chromium, site_url, width)
    links = search(page, "五色行动")
    page.close()
    assert any(page_of(link) == "brands/wuse-xingdong" for link in links), links
    assert visit.offsite == [] and visit.errors == []


def test_filter_by_school_shows_only_that_school(chromium, site_url):
    page, _ = open_page(chromium, site_url, 1280)
    page.click("button[data-filter-kind='school'][data-filter-value='北皂学校']")
    visible = page.eval_on_selector_all(".bs-card:not([hidden])", "els => els.map(e => e.dataset.brand)")
    status = page.inner_text("[data-bs-filter-status]")
    page.click("button[data-filter-kind='tag'][data-filter-value='一校一品']")
    none_left = page.eval_on_selector_all(".bs-card:not([hidden])", "els => els.length")
    page.close()
    assert visible == ["wuse-xingdong"] and status.startswith("显示 1 个品牌")
    assert none_left == 0


def test_part_of_a_dictionary_term_finds_it(chromium, project):
    write_brand(project, "lvse", """---
title: 绿色生态园
slogan: 一花一草皆育人
organization: 第一党支部
school: 示例小学
---
学校带领学生种花种菜。
""")
    built = build_site(project)
    with serve(built.site) as url:
        page, _ = open_page(chromium, url, 1280)
        links = search(page, "生态")
        page.close()
    assert any(page_of(link) == "brands/lvse" for link in links), links
