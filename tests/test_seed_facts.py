"""The example brands taken from ../shared/seeds state their reports' facts (issue #14).

tests/fixtures/seed_facts.tsv lists, for each seed brand, facts as the brand page states them and
where they stand in the report, so a reader can check one against the other.
"""

import colorsys
import csv
import re

import pytest
from PIL import ImageColor

from brandsite.profile.loader import load_brands
from test_site import Elements
from kit import ROOT

FACTS = [row for row in csv.reader((ROOT / "tests/fixtures/seed_facts.tsv").open(encoding="utf-8"), delimiter="\t")
         if row and not row[0].startswith("#")]

# 002_cb2c9dfd98e915d3.txt: 北皂学校's "五色行动", in the report's order, each named after its colour
WUSE_ACTIONS = ["红色先锋示范行动", "橙色关爱留守儿童行动", "蓝色岗位争先行动", "绿色志愿服务行动", "紫色精准扶贫行动"]
HUES = {"红": (345, 15), "橙": (15, 45), "蓝": (190, 250), "绿": (80, 160), "紫": (260, 310)}  # degrees


def page_text(example_site, slug: str) -> str:
    return "".join(Elements(example_site.html(f"brands/{slug}/index.html")).text)


def hue(colour: str) -> float:
    red, green, blue = (channel / 255 for channel in ImageColor.getrgb(colour))
    return colorsys.rgb_to_hsv(red, green, blue)[0] * 360


def in_range(degrees: float, low: int, high: int) -> bool:
    return low <= degrees < high if low < high else degrees >= low or degrees < high  # red wraps round 0


@pytest.mark.parametrize("slug, fact, source, where", FACTS, ids=[f"{row[0]}-{row[1][:12]}" for row in FACTS])
def test_seed_fact_is_on_the_brand_page(example_site, slug, fact, source, where):
    assert fact in page_text(example_site, slug), f"{source}（{where}）"


SEED_BRANDS = {"wuse-xingdong", "sige-ronghe", "sanhong-gongcheng",  # 002
               "xingzhibu-xinfuwu", "dangjian-jia", "zhengzhi-shengri"}  # 003, 000, 004


def test_every_seed_brand_has_facts_listed():
    assert {row[0] for row in FACTS} == SEED_BRANDS


def test_wuse_xingdong_shows_the_reports_five_actions_in_their_colours(example_site):
    html = example_site.html("brands/wuse-xingdong/index.html")
    cards = re.findall(r'<article class="bs-pillar" data-pillar="(\d)">\s*<h3 class="bs-pillar__name">(.*?)</h3>', html)
    assert [name for _, name in cards] == WUSE_ACTIONS
    css = (example_site.site / "assets/stylesheets/brands.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r'\[data-brand="wuse-xingdong"\] \[data-pillar="(\d)"\]\{--bs-pillar:(#[0-9a-f]{6})\}', css))
    for number, name in cards:
        assert in_range(hue(colours[number]), *HUES[name[0]]), f"{name}: {colours[number]}"


def test_brands_without_a_report_are_at_a_fictional_school():
    brands, _ = load_brands(ROOT / "brands", ROOT)
    assert len(brands) > len(SEED_BRANDS)
    for brand in brands:
        if brand.slug not in SEED_BRANDS:
            assert brand.school.startswith("示例") and brand.region.startswith("示例"), brand.slug


def test_seed_brand_pages_name_their_report_in_small_print(example_site):
    for slug in SEED_BRANDS:
        foot = re.search(r'<footer class="bs-sources".*?</footer>', example_site.html(f"brands/{slug}/index.html"), re.S)
        assert foot and "<cite>" in foot[0], slug
