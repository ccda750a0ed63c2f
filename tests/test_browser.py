"""The example site in a real browser, at a phone's width and a desktop's."""

from urllib.parse import urlsplit

import pytest

from kit.browser import opened, serve
from kit.profiles import profile, write_brand
from sitebuild import build_site

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WIDTHS = {"phone": 360, "desktop": 1280}


@pytest.fixture(scope="module")
def site_url(example_site):
    with serve(example_site.site) as url:
        yield url


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("path", ["", "brands/wuse-xingdong/"], ids=["home", "wuse-xingdong"])
def test_page_loads_cleanly_and_fits_the_screen(chromium, site_url, artifacts, path, width):
    with opened(chromium, site_url + path, width) as (page, visit):
        name = (path.strip("/").replace("/", "-") or "home") + f"-{width}.png"
        page.screenshot(path=str(artifacts / name), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert (visit.errors, visit.failed, visit.offsite) == ([], [], [])
    assert overflow <= 0


def test_five_pillar_cards_have_five_colours(chromium, site_url):
    with opened(chromium, site_url + "brands/wuse-xingdong/") as (page, _):
        colours = page.eval_on_selector_all(".bs-pillar", "els => els.map(e => getComputedStyle(e).borderTopColor)")
        titles = page.eval_on_selector_all(".bs-pillar__name", "els => els.map(e => getComputedStyle(e).color)")
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
    with opened(chromium, site_url, width) as (page, visit):
        links = search(page, "五色行动")
    assert any(page_of(link) == "brands/wuse-xingdong" for link in links), links
    assert visit.offsite == [] and visit.errors == []


def test_filter_by_school_shows_only_that_school(chromium, site_url):
    with opened(chromium, site_url) as (page, _):
        page.click("button[data-filter-kind='school'][data-filter-value='北皂学校']")
        visible = page.eval_on_selector_all(".bs-card:not([hidden])", "els => els.map(e => e.dataset.brand)")
        status = page.inner_text("[data-bs-filter-status]")
        page.click("button[data-filter-kind='tag'][data-filter-value='一校一品']")
        none_left = page.eval_on_selector_all(".bs-card:not([hidden])", "els => els.length")
    assert visible == ["wuse-xingdong"] and status.startswith("显示 1 个品牌")
    assert none_left == 0


def test_part_of_a_dictionary_term_finds_it(chromium, project):
    write_brand(project, "lvse", profile(title="绿色生态园", slogan="一花一草皆育人", school="示例小学",
                                         story="学校带领学生种花种菜。\n"))
    built = build_site(project)
    with serve(built.site) as url:
        with opened(chromium, url) as (page, _):
            links = search(page, "生态")
    assert any(page_of(link) == "brands/lvse" for link in links), links
