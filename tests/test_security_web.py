"""Hostile profiles on the web site (issue 11, findings 1, 13 and 14).

A contributor's fields and story reach other brands' pages, the home wall and search: none of it
may run, collide with the theme's own elements or be read by MkDocs as page settings.
"""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kit.browser import IMAGES_SETTLED, opened, serve
from kit.cli import run_brandsite
from kit.images import solid
from kit.profiles import profile, value, write_brand
from sitebuild import build_site, copy_project

from brandsite.review.run import review

pytestmark = pytest.mark.xdist_group("security-web")  # one worker builds the hostile site and starts chromium

# Each payload calls alert() with its own number when it runs; `A&B` and `&lt;` must show as typed.
PAYLOADS = (
    '<svg/onload=alert(1)>',
    '"><img src=x onerror=alert(2)>',
    "</title><script>alert(3)</script>",
    '<img src=x"onerror=alert(4)>',
    "'><svg onload=alert(5)>",
)
TAIL = "".join(PAYLOADS) + "A&B&lt;"


def hostile(name: str) -> str:
    return name + TAIL


HOSTILE_FIELDS = {
    "title": hostile("恶意品牌"),
    "slogan": hostile("口号"),
    "organization": hostile("组织党支部"),
    "school": hostile("示范学校"),
    "region": hostile("地区"),
    "summary": hostile("概要"),
    "tags": [hostile("标签"), "A&B"],
    "pillars": [{"name": hostile("板块"), "summary": hostile("板块说明")}],
    "figures": [{"value": hostile("5"), "label": hostile("数字")}],
    "honors": [{"year": 2023, "title": hostile("荣誉"), "issuer": hostile("颁发单位")}],
    "timeline": [{"date": "2021-03", "title": hostile("大事")}],
    "gallery": [{"file": "photos/a.jpg", "caption": hostile("说明"), "people": "none"}],
}


STORY = "## 品牌内涵\n\n党员教师带头上公开课。\n"


def neighbour(title: str, school: str, region: str | None = None) -> str:
    return profile(title=value(title), slogan="党旗领航", organization=value(f"{school}党支部"), school=value(school),
                   region=region and value(region), story=STORY)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project", brands=False)
    fields = {key: value(data) for key, data in HOSTILE_FIELDS.items() if key != "gallery"}
    gallery = f"gallery: {value(HOSTILE_FIELDS['gallery'])}\n"  # one flow line, not profile()'s block entries
    write_brand(project, "evil", profile(story=STORY, raw=gallery, **fields),
                {"photos/a.jpg": solid((1600, 1200), "#8b1a1a", quality=70)})
    write_brand(project, "near", neighbour("近邻品牌", HOSTILE_FIELDS["school"], HOSTILE_FIELDS["region"]))  # the same school
    write_brand(project, "other", neighbour("另一品牌", "好学校"))
    return build_site(project)


class _Scan(HTMLParser):
    """Elements a script could hide in: event attributes and script elements."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.events += [f"<{tag} {name}={value}>" for name, value in attrs if name.startswith("on")]
        self._in_script = tag == "script"

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.scripts.append(data)

    def handle_endtag(self, tag):
        self._in_script = False


def scan(html: str) -> _Scan:
    found = _Scan()
    found.feed(html)
    return found


PAGES = ["brands/evil/index.html", "brands/near/index.html", "brands/other/index.html", "index.html", "404.html",
         "the region's page", "the school's page"]


def hostile_page(site, page: str) -> str:
    """A page's HTML; the hostile region's and school's pages are found by what they list."""
    if not page.startswith("the "):
        return site.html(page)
    pages = sorted(site.site.glob("regions/*/index.html" if "region" in page else "regions/*/*/index.html"))
    return next(html for html in (p.read_text(encoding="utf-8") for p in pages) if 'data-brand="evil"' in html)


@pytest.mark.parametrize("page", PAGES)
def test_hostile_fields_are_text_in_the_built_html(hostile_site, page):
    html = hostile_page(hostile_site, page)
    found = scan(html)
    assert (found.events, found.scripts) == ([], [])
    assert "&amp;amp;" not in html  # escaped once, not twice: A&B shows as A&B


def test_neighbours_nav_shows_the_region_and_school_as_typed(hostile_site):
    html = hostile_site.html("brands/other/index.html")  # every brand page's sidebar lists the regions
    assert "地区&lt;svg/onload=alert(1)&gt;" in html and "A&amp;B&amp;lt;" in html
    html = hostile_site.html("brands/near/index.html")  # a brand page's sidebar lists its school
    assert "示范学校&lt;svg/onload=alert(1)&gt;" in html


def test_school_finder_list_holds_the_names_as_data(hostile_site):
    script = (hostile_site.site / "assets/javascripts/brandsite-schools.js").read_text(encoding="utf-8")
    assert "<" not in script
    schools = json.loads(script.removeprefix("window.brandsiteSchools = ").removesuffix(";\n"))
    assert [HOSTILE_FIELDS["school"], HOSTILE_FIELDS["region"]] in [entry[:2] for entry in schools]


def test_preview_escapes_the_school_too(tmp_path):
    """`mkdocs serve` builds the pages the same way: the school is text there as well."""
    project = copy_project(tmp_path / "project", brands=False)
    write_brand(project, "evil", neighbour("品牌", HOSTILE_FIELDS["school"]))
    write_brand(project, "other", neighbour("另一品牌", "好学校"))
    built = build_site(project, command="serve")
    assert scan(built.html("brands/other/index.html")).events == []


# --- in a real browser ---------------------------------------------------------------------------

def nav_labels(page) -> list[str]:
    return page.eval_on_selector_all(".md-nav--primary .md-ellipsis", "els => els.map(e => e.textContent.trim())")


@pytest.mark.browser
@pytest.mark.parametrize("path", ["brands/near/", "brands/other/", "brands/evil/", "", "404.html"])
def test_nothing_from_the_hostile_profile_runs_in_a_browser(chromium, hostile_site, path):
    with serve(hostile_site.site) as url, opened(chromium, url + path) as (page, seen):
        labels = nav_labels(page)
    assert seen.alerts == []
    if path.startswith("brands/"):  # the home page shows only the top level
        assert HOSTILE_FIELDS["region"] in labels
    if path == "brands/near/":  # the same school: its section lists the hostile brand
        assert HOSTILE_FIELDS["school"] in labels and HOSTILE_FIELDS["title"] in labels


@pytest.mark.browser
def test_hostile_brand_page_shows_every_field_literally(chromium, hostile_site):
    with serve(hostile_site.site) as url, opened(chromium, url + "brands/evil/") as (page, seen):
        title = page.title()
        description = page.get_attribute("meta[name=description]", "content")
        hero = page.inner_text(".bs-hero__title")
        topic = page.eval_on_selector_all(".md-header__topic .md-ellipsis", "els => els.map(e => e.textContent.trim())")
        text = page.inner_text("article")
    assert seen.alerts == []
    assert title == HOSTILE_FIELDS["title"] + " - 党建品牌展示站（示例）"
    assert description == HOSTILE_FIELDS["summary"]
    assert hero == HOSTILE_FIELDS["title"] and HOSTILE_FIELDS["title"] in topic
    for shown in (HOSTILE_FIELDS["slogan"], HOSTILE_FIELDS["region"], HOSTILE_FIELDS["tags"][0],
                  HOSTILE_FIELDS["pillars"][0]["name"], HOSTILE_FIELDS["honors"][0]["issuer"],
                  HOSTILE_FIELDS["timeline"][0]["title"], HOSTILE_FIELDS["gallery"][0]["caption"]):
        assert shown in text


def search(page, query: str) -> list[str]:
    page.click(".md-search__input")
    page.fill(".md-search__input", query)
    page.press(".md-search__input", "End")  # Material searches on keyup, which fill() does not send
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    return page.eval_on_selector_all(".md-search-result__item",
                                     "els => els.map(e => e.textContent.replace(/\\u200b/g, ''))")


@pytest.mark.browser
def test_search_results_show_the_hostile_brand_as_text(chromium, hostile_site):
    with serve(hostile_site.site) as url, opened(chromium, url + "brands/other/") as (page, seen):
        results = search(page, "恶意品牌")
        page.wait_for_function(IMAGES_SETTLED)  # an onerror would have fired once the results' images failed
    assert seen.alerts == []
    assert any(HOSTILE_FIELDS["title"] in result for result in results), results
    assert any(HOSTILE_FIELDS["tags"][0] in result for result in results), results


@pytest.mark.browser
def test_search_highlight_on_the_hostile_page_keeps_text_as_text(chromium, hostile_site):
    """A search result opens the page with ?h=…, and Material marks the term in the page's text."""
    with serve(hostile_site.site) as url, opened(chromium, url + "brands/evil/?h=onload") as (page, seen):
        marks = page.eval_on_selector_all("article mark", "els => els.length")
        page.wait_for_function(IMAGES_SETTLED)  # the marked text's images, had it made any, have loaded or failed
    assert seen.alerts == [] and marks > 0


# --- the review catches what the site escapes -----------------------------------------------------

# Each line of a profile, and whether the review must flag it: every way a browser would still run it.
UNSAFE_LINES = [
    ("---", False),
    ("title: 脚本", False),
    ("slogan: <img/src/onerror=alert(1)>", True),
    ("organization: >", False),
    ("  示范学校党支部<img src=x", True),  # a folded value: the attribute on the next line
    ("  onerror=alert(1)>", False),
    ("school: 示范学校<svg/onload=alert(1)>", True),
    ("region: '<img src=x\"onerror=alert(1)>'", True),
    ('summary: "<img src=x on&#x6c;oad=alert(1)>"', True),
    ("tags: [\"<a href='&#106;avascript:alert(1)'>x</a>\", A&B]", True),
    ("pillars:", False),
    ("  - name: '<a href=\"java&Tab;script:alert(1)\">x</a>'", True),
    ("honors:", False),
    ('  - {title: "\\x3csvg onload=alert(1)>"}', True),  # a YAML escape
    ("timeline:", False),
    ("  - {date: \"2021\", title: '<body onpageshow =alert(1)>'}", True),
    ("---", False),
    ("<svg/onload=alert(1)>", True),
    ("", False),
    ("<img src=x", True),
    ("onerror=alert(1)>", False),
    ('<a href="java&Tab;script:alert(1)">点我</a>', True),
    ("[点我](&#106;avascript:alert(1))", True),
    ('<a href="javascript&colon;alert(1)">点我</a>', True),
    ('<a href="jav&#x09;ascript:alert(1)">点我</a>', True),
    ("<details open ontoggle=alert(1)>展开</details>", True),
    ('<p title="x"\tonclick\t=alert(1)>段落</p>', True),
    ("<img src=x onerror&#61;alert(1)>", True),
    ("```html", False),
    ("<svg onload=alert(1)>", False),  # shown as code, never run
    ("```", False),
    ("我们的 online 课堂：Note: onload 事件只在网页里有，A&B。", False),
    ('<abbr title="中国共产党">中共</abbr>，javascript 课程。', False),
]


def test_review_catches_every_obfuscated_script(project):
    write_brand(project, "unsafe", "\n".join(text for text, _ in UNSAFE_LINES) + "\n")
    found = sorted(f.line for f in review(project).findings if f.rule == "unsafe-html")
    assert found == [number for number, (_, flag) in enumerate(UNSAFE_LINES, 1) if flag]


def test_review_of_a_script_in_the_school_name_fails(project):
    write_brand(project, "evil", neighbour("品牌", "示范学校<svg/onload=alert(1)>"))
    result = run_brandsite(project, "review")
    assert result.returncode == 1
    assert "brands/evil/index.md:5: 错误: 有 on… 事件属性" in result.stdout + result.stderr


# --- finding 13: the story reaches MkDocs as story only --------------------------------------------

def story_site(project: Path, story: str):
    write_brand(project, "story", profile(title="故事", slogan="党旗领航", organization="示范学校党支部", school="示范学校",
                                          story=story))
    return build_site(project)


def article(built) -> str:
    return built.html("brands/story/index.html").split('class="bs-story"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("first", ["2023: 我们成立了党员先锋队。", "Note: 本页内容经支部审核。",
                                   "tags: 不是标签", "Title: 我们的故事\n    第二行"])
def test_story_starting_like_metadata_keeps_its_first_lines(project, first):
    built = story_site(project, first + "\n\n党员教师带头上公开课。\n")
    shown = article(built)
    assert first.split("\n")[0] in shown and "党员教师带头上公开课" in shown


SECOND_BLOCK = """---
hide: [navigation, toc]
search: {exclude: true}
subtitle: <img src=x onerror=alert(1)>
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
---

党员教师带头上公开课。
"""


def test_a_second_field_block_in_the_story_is_shown_not_obeyed(project):
    started = time.monotonic()
    built = story_site(project, SECOND_BLOCK)
    html = built.html("brands/story/index.html")
    shown = article(built)
    index = (built.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert time.monotonic() - started < 30
    assert 'data-md-type="navigation" hidden' not in html and 'data-md-type="toc" hidden' not in html
    assert "brands/story/" in index  # still searchable
    assert "hide: [navigation, toc]" in shown and "[*a, *a" in shown  # the teacher sees what was typed
    assert scan(html).events == []
    assert "<img src=x" not in html


# --- finding 14: the story's raw ids and classes do not collide with the theme's -------------------

COLLIDING_STORY = """## 品牌内涵

<a id="__search" class="md-search__input">搜索</a>

<div class="md-header" id="__drawer">红色横幅</div>

<h2 id="bs-pillars" class="bs-photo__link">重复的标题</h2>

一段文字。
{: #__toc .md-sidebar }

!!! note "提示"
    提示框照常显示。
"""


def test_story_ids_and_classes_do_not_collide_with_the_theme(project):
    built = story_site(project, COLLIDING_STORY)
    html = built.html("brands/story/index.html")
    shown = article(built)
    for reserved in ('id="__search"', 'id="__drawer"', 'id="__toc"', 'id="bs-pillars"'):
        assert reserved not in shown
    assert not re.search(r'class="[^"]*\b(md-|bs-)', shown)
    assert html.count('id="__search"') == 1 and html.count('id="__drawer"') == 1
    assert 'id="品牌内涵"' in shown and 'class="headerlink"' in shown  # the toc's anchors stay
    assert 'class="admonition note"' in shown and 'class="admonition-title"' in shown


@pytest.mark.browser
def test_story_ids_and_classes_leave_search_and_header_working(chromium, project):
    write_brand(project, "other", neighbour("另一品牌", "好学校"))
    built = story_site(project, COLLIDING_STORY)
    with serve(built.site) as url, opened(chromium, url + "brands/story/") as (page, seen):
        headers = page.eval_on_selector_all(".md-header", "els => els.length")
        results = search(page, "另一品牌")
    assert seen.alerts == [] and headers == 1
    assert any("另一品牌" in result for result in results), results

