"""The example site and small test sites, built for real, checked as a visitor would check them."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.exceptions import Abort

from brandsite.profile.colors import contrast_with_white
from kit.profiles import profile, write_brand
from sitebuild import ROOT, build_site

BRANDS = sorted(p.parent.name for p in (ROOT / "brands").glob("*/index.md"))


def brand(title: str, school: str) -> str:
    return profile(title=title, slogan="一句口号", school=school, tags="[志愿服务]", story="## 品牌内涵\n\n正文。\n")


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text, of one HTML page."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(
            value in (a.get(name.rstrip("_").replace("_", "-")) or "").split() for name, value in attrs.items())]


def test_build_is_clean_and_strict(example_site):
    assert example_site.warnings == []


@pytest.mark.parametrize("slug", BRANDS)
def test_every_brand_has_a_page_and_a_card(example_site, slug):
    page = Elements(example_site.html(f"brands/{slug}/index.html"))
    assert page.find("article", class_="bs-brand")[0]["data-brand"] == slug
    home = Elements(example_site.html("index.html"))
    cards = [c for c in home.find("li", class_="bs-card") if c["data-brand"] == slug]
    assert len(cards) == 1
    links = [a["href"] for a in home.find("a", class_="bs-card__link")]
    assert f"brands/{slug}/index.html" in links  # file:// needs index.html (Material's offline plugin)


def test_wuse_xingdong_shows_five_pillar_cards_in_five_colours(example_site):
    page = Elements(example_site.html("brands/wuse-xingdong/index.html"))
    pillars = page.find("article", class_="bs-pillar")
    assert [p["data-pillar"] for p in pillars] == ["1", "2", "3", "4", "5"]
    css = (example_site.site / "assets/stylesheets/brands.css").read_text()
    colours = re.findall(r'\[data-brand="wuse-xingdong"\] \[data-pillar="\d"\]\{--bs-pillar:(#[0-9a-f]{6})\}', css)
    assert len(set(colours)) == 5
    assert all(contrast_with_white(c) >= 4.5 for c in colours)
    assert "style=" not in example_site.html("brands/wuse-xingdong/index.html")


def test_brand_page_shows_its_profile(example_site):
    text = "".join(Elements(example_site.html("brands/wuse-xingdong/index.html")).text)
    for expected in ("五色行动", "党旗领航，五色行动铸党魂", "北皂学校党支部", "红色先锋示范行动",
                     "大事记", "2018年4月党支部开始每月举行一次扶贫宣讲大会"):
        assert expected in text
    text = "".join(Elements(example_site.html("brands/sige-ronghe/index.html")).text)  # has figures and honours
    for expected in ("数据亮点", "优秀教师（名）", "所获荣誉", "省级科研先进单位（多次获评）"):
        assert expected in text


def test_page_language_footer_and_filing_numbers(example_site):
    html = example_site.html("index.html")
    assert re.search(r'<html lang="zh"', html)
    page = Elements(html)
    icp = [a for a in page.find("a") if a.get("href") == "https://beian.miit.gov.cn/"]
    police = [a for a in page.find("a") if a.get("href", "").startswith("https://beian.mps.gov.cn/")]
    assert icp and police
    assert "鲁ICP备00000000号-1" in html and "code=37000000000000" in police[0]["href"]
    assert "Material for MkDocs" not in html


def test_navigation_is_grouped_by_school(example_site):
    html = example_site.html("brands/wuse-xingdong/index.html")
    nav = html[html.index('md-nav--primary'):]
    assert nav.index("品牌展示") < nav.index("北皂学校") < nav.index("五色行动")


def test_chinese_heading_anchors_are_readable(example_site):
    page = Elements(example_site.html("brands/wuse-xingdong/index.html"))
    ids = {a.get("id") for _, a in page.tags}
    assert "品牌内涵" in ids and not any(i and re.fullmatch(r"_\d+", i) for i in ids)


LOADING = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "srcset"), ("iframe", "src"),
           ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}


def test_no_html_or_css_file_loads_anything_from_another_host(example_site):
    loads = []
    for path in example_site.site.rglob("*.html"):
        for tag, attrs in Elements(path.read_text(encoding="utf-8")).tags:
            urls = [attrs.get(a) for t, a in LOADING if t == tag]
            if tag == "link" and not {"canonical", "alternate"} & set((attrs.get("rel") or "").split()):
                urls.append(attrs.get("href"))
            loads += [(path.name, u) for u in urls if u and urlsplit(u.split()[0]).netloc]
    for path in example_site.site.rglob("*.css"):
        loads += [(path.name, u) for u in re.findall(r"url\(\s*['\"]?(https?:)?//", path.read_text())]
        loads += [(path.name, u) for u in re.findall(r"@import\s+['\"]?(?:url\()?\s*['\"]?https?://", path.read_text())]
    assert loads == []
    assert "fonts.googleapis.com" not in example_site.html("index.html")


def test_search_index_holds_segmented_brand_terms(example_site):
    index = json.loads((example_site.site / "search/search_index.json").read_text(encoding="utf-8"))
    tokens = {t for doc in index["docs"] for t in re.split(index["config"]["separator"], doc["title"] + " " + doc["text"])}
    for term in ("五色行动", "星支部", "心服务", "红色先锋示范行动", "三会一课", "主题党日", "立德树人"):
        assert term in tokens, term
    wuse = next(d for d in index["docs"] if d["location"] == "brands/wuse-xingdong/index.html#bs-pillars")
    assert "志愿" in wuse["parts"].split() and "parts" in index["config"]["fields"]  # in 绿色志愿服务行动


def test_front_matter_text_is_escaped_and_story_html_is_sanitised(project):
    write_brand(project, "hongzhu", brand('红烛<script>alert("t")</script>', "示例中学")
                + '\n<script>alert("body")</script>\n\n<img src="x" onerror="alert(1)">\n\n'
                  '<iframe src="https://example.com/"></iframe>\n\n[点我](javascript:alert(1))\n\n'
                  '<p style="color:red">红色文字</p>\n')
    write_brand(project, "other", brand("乙", "<b>乙校</b>").replace("[志愿服务]", "['<i>标签</i>']"))
    built = build_site(project)
    for page in ("brands/hongzhu/index.html", "index.html"):
        html = built.html(page)
        assert 'alert("t")</script>' not in html and "&lt;script&gt;" in html
    home = built.html("index.html")
    assert "<b>乙校" not in home and "<i>标签" not in home and 'data-filter-value="&lt;b&gt;乙校&lt;/b&gt;"' in home
    html = built.html("brands/hongzhu/index.html")
    story = html[html.index("bs-story"):html.index("</article>")]
    for bad in ("<script", "onerror", "<iframe", "javascript:", 'style="color'):
        assert bad not in story
    assert "红色文字" in story
    assert any("<script> 脚本" in w for w in built.warnings)


def test_all_errors_of_all_profiles_stop_the_build_together(project, caplog):
    write_brand(project, "a", brand("", "甲校"))
    write_brand(project, "b", brand("乙", "乙校").replace("slogan:", "slogan：").replace(
        "tags: [志愿服务]", "launched: 2022-02-30"))
    (project / "site").mkdir()
    (project / "site" / "old.html").write_text("上一次的网站")
    with pytest.raises(Abort):
        build_site(project)
    message = "\n".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert "2 处错误" in message
    assert "brands/a/index.md:2: 错误: title（品牌名称）不能为空" in message
    assert "brands/b/index.md:6: 错误: launched（创建时间）“2022-02-30”不是一个有效的日期" in message
    assert (project / "site" / "old.html").read_text() == "上一次的网站"


def test_warnings_fail_a_strict_build(project):
    write_brand(project, "a", brand("甲", "甲校").replace("tags:", "colour: red\ntags:"))
    assert any("不认识的字段“colour”" in w for w in build_site(project).warnings)
    with pytest.raises(Abort):
        build_site(project, strict=True)


def test_edit_link_points_at_the_profile(project):
    write_brand(project, "jia", brand("甲", "甲校"))
    config = (project / "mkdocs.yml").read_text().replace(
        "  - brandsite\n", "  - brandsite:\n      edit_uri: edit/main/brands/\n")
    (project / "mkdocs.yml").write_text(config + "repo_url: https://gitee.com/example/dangjian\n")
    html = build_site(project).html("brands/jia/index.html")
    assert 'href="https://gitee.com/example/dangjian/edit/main/brands/jia/index.md"' in html


def test_no_brands_still_builds_a_home_page(project):
    built = build_site(project)
    assert "bs-wall" in built.html("index.html")
