"""Search at district scale: Pagefind from `pagefind_from` brands on, Material's whole index below.

One generated site of a few hundred brands (built once for the module, served under a sub-path as
a school's web server does) is searched in chromium as a visitor searches it: by a brand's name, by
part of a pillar's name, with the keyboard; the bytes its first query downloads are counted.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.exceptions import Abort

from brandsite.web import pagefind, search
from kit.browser import first_query, opened, serve
from kit.profiles import profile, value, write_brand
from sitebuild import build_site, copy_project

BRANDS = 300  # the default `pagefind_from`: the smallest site Pagefind searches
FIRST_QUERY_BUDGET = 300_000  # bytes a visitor's first query may download (issue 15)
PREFIX = "dangjian/"
# Made-up names of this test's own, not the example's: school, brand and pillars of brand n.
PLACES = ("东湖", "西山", "南岭", "北港", "青石", "白沙", "金川", "云溪", "松林", "柳塘")
KINDS = ("小学", "中学", "实验学校", "职业学校")
WORDS = ("初心", "薪火", "红帆", "匠心", "春泥", "灯塔", "星光", "红烛", "育苗", "铸魂", "先锋", "同心")
PILLARS = ("课堂育人", "志愿服务", "家校共育", "师德师风", "劳动实践")
# Brands a test looks for: the slug and its profile's own fields.
HOSTILE = '<img src=x onerror=alert(1)>铁军"先锋'
SPECIAL = {
    "hongse-jiyin": dict(title="红色基因·薪火相传", pillars=[("红色基因传承", "#c62828"), ("时代新人培育", "#1565c0")]),
    "tiejun": dict(title=HOSTILE, pillars=[("攻坚克难", "#6d4c41")]),
}


def brand_name(n: int) -> str:
    return WORDS[n % len(WORDS)] + WORDS[(n // len(WORDS) + 1) % len(WORDS)] + f"{n}号"


def district_profile(n: int) -> str:
    place, kind = PLACES[n % len(PLACES)], KINDS[n // len(PLACES) % len(KINDS)]
    pillars = [{"name": f"{PILLARS[(n + k) % len(PILLARS)]}{n}", "color": f"#{(n * 37 + k * 71) % 0x99:02x}3050",
                "summary": "党员教师带头，每周一次。"} for k in range(3)]
    return profile(title=brand_name(n), slogan="党建引领，立德树人", school=f"{place}{kind}", pillars=value(pillars),
                   story="## 品牌介绍\n\n党员教师结对帮扶学生，开展课后服务和主题党日活动。\n")


def special_profile(title: str, pillars: list[tuple[str, str]]) -> str:
    entries = [{"name": name, "color": colour, "summary": "示例说明。"} for name, colour in pillars]
    return profile(title=value(title), slogan="示例口号", school="示例市第一中学", pillars=value(entries),
                   story="## 品牌介绍\n\n示例正文。\n")


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    """A built site of BRANDS brands, with the default options: Pagefind searches it."""
    project = copy_project(tmp_path_factory.mktemp("district") / "project", brands=False)
    for slug, fields in SPECIAL.items():
        write_brand(project, slug, special_profile(**fields))
    for n in range(BRANDS - len(SPECIAL)):
        write_brand(project, f"brand-{n}", district_profile(n))
    built = build_site(project)
    assert [w for w in built.warnings if "brands/tiejun/index.md:2: 警告: title" not in w] == []  # the long hostile name
    return built.site


@pytest.fixture(scope="module")
def district_url(district, tmp_path_factory):
    """The site served under a sub-path, as a school's server publishes it."""
    www = tmp_path_factory.mktemp("www")
    (www / PREFIX.strip("/")).symlink_to(district, target_is_directory=True)
    with serve(www) as base:
        yield base + PREFIX


def test_a_district_site_has_pagefind_chunks_and_no_whole_index(district):
    assert (district / "pagefind" / "pagefind.js").is_file()
    assert len(list((district / "pagefind").rglob("*.pf_index"))) > 1  # chunks, not one file
    assert not (district / "search" / "search_index.json").exists()
    assert not (district / "pagefind" / "pagefind-ui.js").exists()  # Pagefind's own interface is not used
    html = (district / "brands" / "hongse-jiyin" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="bs-search"' in html and 'data-bs-pagefind="../../pagefind/"' in html


def test_the_index_comes_from_pagefind_1_6(district):
    """tools/pagefind.sh's binary (`make test` installs it), whose search grows linearly with a word's pages."""
    entry = json.loads((district / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == "1.6.0"


def page_of(link: str) -> str:
    """The page a result links to, with the site's sub-path, whether the link ends in …/ or …/index.html."""
    return urlsplit(link).path.removesuffix("index.html").strip("/")


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("query, slug", [("红色基因·薪火相传", "hongse-jiyin"), ("红色基因薪火相传", "hongse-jiyin"),
                                         (brand_name(4), "brand-4"), (brand_name(157), "brand-157")])
def test_search_finds_a_brand_by_its_name_within_the_budget(chromium, district_url, query, slug):
    found = first_query(chromium, district_url, query)
    assert f"{PREFIX}brands/{slug}" in [page_of(link) for link in found.links[:3]], found.links
    assert all(link.startswith("/" + PREFIX) for link in found.links)  # the site's sub-path kept
    assert 0 < found.bytes <= FIRST_QUERY_BUDGET, found.files
    assert all(urlsplit(url).path.startswith(f"/{PREFIX}") for url in found.files), found.files  # under the sub-path


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_walls_further_pages_are_not_results(chromium, district_url):
    # 全部品牌（第 2 页） and on hold only cards of brands found on their own pages; they came first for 品牌
    found = first_query(chromium, district_url, "品牌")
    pages = [page_of(link) for link in found.links]
    assert pages and not [page for page in pages if "/wall/" in f"/{page}/"], pages

@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("query, slug", [("基因", "hongse-jiyin"), ("新人", "hongse-jiyin"), ("攻坚", "tiejun")])
def test_search_finds_a_brand_by_part_of_a_pillar_name(chromium, district_url, query, slug):
    found = first_query(chromium, district_url, query, width=360)  # a phone: the magnifier opens the box
    assert f"{PREFIX}brands/{slug}" in [page_of(link) for link in found.links], found.links


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_a_hostile_brand_name_shows_as_text_in_the_results(chromium, district_url):
    with opened(chromium, district_url + "brands/hongse-jiyin/") as (page, visit):
        page.keyboard.press("s")  # Material's shortcut opens the search box
        focused = page.evaluate("document.activeElement.classList.contains('md-search__input')")
        page.keyboard.type("攻坚克难")
        page.wait_for_selector(".md-search-result__item")
        titles = page.eval_on_selector_all(".md-search-result__article h1", "els => els.map(e => e.textContent)")
        images = page.eval_on_selector_all(".md-search-result img", "els => els.length")
        page.keyboard.press("Escape")
        closed = page.evaluate("!document.getElementById('__search').checked")
    assert focused and closed
    assert HOSTILE in titles and images == 0
    assert visit.alerts == [] and visit.errors == [] and visit.offsite == []


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_first_result_shows_before_the_others_have_loaded(chromium, district_url):
    """A word on every page: the first result's fragment arrives, the other nine are held back."""
    let_through, held = [], []
    with opened(chromium, district_url) as (page, visit):
        def fragment(route) -> None:
            if let_through:
                held.append(route)
            else:
                let_through.append(route.request.url)
                route.continue_()
        page.route("**/pagefind/fragment/**", fragment)
        page.keyboard.press("/")
        page.keyboard.insert_text("党员教师")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        shown = page.eval_on_selector_all(".md-search-result__item", "els => els.length")
        for route in held:
            route.continue_()
        page.wait_for_function("document.querySelectorAll('.md-search-result__item').length === 10")
    assert shown == 1 and len(held) == 9
    assert visit.errors == []


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_pagefind_runs_in_the_sites_worker_which_sends_only_the_results_shown(chromium, district_url):
    """Pagefind's own worker would hand the page every page found (here 300, at a district 10,000); the site's
    worker keeps them and sends ten at a time, the next ten when the list is scrolled to its end."""
    with opened(chromium, district_url) as (page, visit):
        page.keyboard.press("/")
        page.keyboard.insert_text("党员教师")  # on every generated brand page
        page.wait_for_function("document.querySelectorAll('.md-search-result__item').length === 10")
        page.eval_on_selector(".md-search__scrollwrap", "el => el.scrollTop = el.scrollHeight")
        page.wait_for_function("document.querySelectorAll('.md-search-result__item').length === 20")
        meta = page.inner_text(".md-search-result__meta")
        workers = [urlsplit(worker.url).path for worker in page.workers]
    assert workers == [f"/{PREFIX}assets/javascripts/search-worker.js"]
    assert not any("pagefind-worker" in url for url in visit.requests)
    assert int("".join(filter(str.isdigit, meta))) >= BRANDS - len(SPECIAL)
    assert visit.errors == []


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("lacking", ["workers", "module workers"])
def test_without_module_workers_pagefind_answers_in_the_page(chromium, district_url, lacking):
    with opened(chromium, district_url) as (page, visit):
        if lacking == "workers":
            page.add_init_script("delete window.Worker")
            page.reload()
        else:  # an older browser fails to run the module as a worker: seen here as the worker's script failing
            failed = []
            def once(route) -> None:
                if failed:
                    route.continue_()
                else:
                    failed.append(route.request.url)
                    route.fulfill(status=404)
            page.route("**/search-worker.js", once)
        page.keyboard.press("/")
        page.keyboard.insert_text(brand_name(157))
        page.wait_for_selector(".md-search-result__item")
        links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.getAttribute('href'))")
        workers = page.workers
    assert f"{PREFIX}brands/brand-157" in [page_of(link) for link in links[:3]], links
    assert workers == [] or lacking == "module workers"
    assert [e for e in visit.errors if "404" not in e] == []


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_pinyin_being_composed_is_not_searched_and_the_chosen_characters_are(chromium, district_url):
    with opened(chromium, district_url) as (page, visit):
        page.keyboard.press("/")
        ime = page.context.new_cdp_session(page)
        for pinyin in ("x", "xin", "xinhuo"):  # what an input method shows while the word is spelled
            ime.send("Input.imeSetComposition", {"text": pinyin, "selectionStart": len(pinyin), "selectionEnd": len(pinyin)})
        page.wait_for_timeout(1000)  # long enough for a search of the pinyin to have asked for the index
        while_composing = [url for url in visit.requests if "/pagefind/index/" in url]
        ime.send("Input.insertText", {"text": "薪火"})
        page.wait_for_selector(".md-search-result__item")
        meta = page.inner_text(".md-search-result__meta")
    assert while_composing == [] and any("/pagefind/index/" in url for url in visit.requests)
    assert meta != "" and visit.errors == []


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_from_a_usb_stick_a_district_site_says_how_to_search(chromium, district):
    with opened(chromium, (district / "index.html").as_uri()) as (page, visit):
        page.keyboard.press("/")
        page.keyboard.type("薪火")
        page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('U 盘')")
        message = page.inner_text(".md-search-result__meta")
    assert "python3 -m http.server" in message
    assert visit.errors == [] and not any("/pagefind/" in url for url in visit.requests)


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_a_small_site_keeps_materials_whole_index_that_works_from_a_usb_stick(chromium, example_site):
    assert not (example_site.site / "pagefind").exists()
    found = first_query(chromium, (example_site.site / "index.html").as_uri(), "五色行动")
    assert any(page_of(link).endswith("/brands/wuse-xingdong") for link in found.links), found.links
    assert any("search_index" in url for url in found.files)


def test_below_the_threshold_material_searches_and_from_it_pagefind():
    assert not pagefind.uses_pagefind(299, 300) and pagefind.uses_pagefind(300, 300)
    assert pagefind.uses_pagefind(1, 0)


def test_a_failed_pagefind_stops_the_build_with_one_chinese_line(project, monkeypatch, caplog):
    write_brand(project, "hongse", special_profile(**SPECIAL["hongse-jiyin"]))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - brandsite\n", "  - brandsite: {pagefind_from: 0}\n"),
                      encoding="utf-8")
    monkeypatch.setattr(pagefind, "command", lambda site: ["false"])
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(project)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == ["搜索索引没有生成（Pagefind）：exit 1"]


def test_each_entry_gets_the_parts_of_the_terms_it_holds():
    index = {"docs": [{"title": "绿色生态成长行动", "text": "党员教师带头"},
                      {"title": "首页", "text": "学校的红色基因传承和绿色生态"},
                      {"title": "其他", "text": "没有词典里的词"}]}
    parts = search.add_term_parts(index, ["绿色生态成长行动", "红色基因传承", "绿色生态"])
    entries = {entry["title"]: set(entry.get("parts", "").split()) for entry in parts["docs"]}
    assert {"生态", "行动", "成长"} <= entries["绿色生态成长行动"]
    assert {"基因", "传承", "生态"} <= entries["首页"]
    assert "parts" not in parts["docs"][2]
    assert json.dumps(parts["config"]["fields"]["parts"]) == '{"boost": 1.0}'
