"""``brandsite new``: pinyin slugs, the commented template, and profiles that build with --strict as written."""

from __future__ import annotations

import re

import pytest

from brandsite.authoring import scaffold
from brandsite.profile import slugs
from brandsite.profile.loader import load_brand
from kit.cli import run_brandsite
from kit.profiles import write_brand
from sitebuild import ROOT, build_site


@pytest.mark.parametrize("name, slug", [
    ("五色行动", "wuse-xingdong"),
    ("星支部·心服务", "xingzhibu-xinfuwu"),
    ("党建+", "dangjian-jia"),
    ("三棵树·同心圆", "sankeshu-tongxinyuan"),
    ("行知·善美", "xingzhi-shanmei"),
    ("🚩红烛先锋！", "hongzhu-xianfeng"),
    ("“1158”工作法", "1158-gongzuofa"),
    ("！！！", "brand"),
])
def test_slug_is_readable_pinyin(name, slug):
    assert slugs.slugify(name) == slug


def test_slug_is_short_and_unique():
    long = slugs.slugify("北皂学校党支部绿色生态成长行动与长长的名字一起走过很多年")
    assert len(long) <= slugs.MAX_LENGTH and long.startswith("beizao-") and not long.endswith("-")
    assert slugs.unique("wuse-xingdong", ["wuse-xingdong", "wuse-xingdong-2"]) == "wuse-xingdong-3"
    assert slugs.unique("wuse-xingdong", ["sige-ronghe"]) == "wuse-xingdong"


def test_yaml_text_reads_back_exactly(tmp_path):
    """Whatever a teacher types comes back unchanged, however YAML-like it looks."""
    tricky = ["学习: 永远在路上", "#1 先锋", "- 开头", "2018", "yes", "“党旗领航”", 'a "b" \\ c', "以 # 号"]
    for number, text in enumerate(tricky):
        folder = tmp_path / "brands" / f"b{number}"
        index = scaffold.create(folder.parent, folder.name, scaffold.render(
            scaffold.Profile(title="品牌", slogan=text, organization="党支部", school="学校")))
        brand, findings = load_brand(index, tmp_path)
        assert [str(f) for f in findings] == [] and brand.slogan == text


def test_new_with_options_builds_strict(project):
    result = run_brandsite(project, "new", "--title", "五色行动", "--school", "北皂学校",
                           "--organization", "北皂学校党支部", "--slogan", "党旗领航，五色行动铸党魂")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "brands/wuse-xingdong/index.md" in result.stdout
    folder = project / "brands" / "wuse-xingdong"
    assert (folder / "photos" / ".gitkeep").is_file()
    text = (folder / "index.md").read_text(encoding="utf-8")
    for key in ("region", "launched", "color", "summary", "tags", "cover", "pillars", "figures", "honors",
                "timeline", "gallery", "people", "consent"):
        assert f"# {key}:" in text or f"#     {key}:" in text, key  # every optional field as a commented example
    assert "必填" in text
    built = build_site(project, strict=True)
    assert built.warnings == []
    page = built.html("brands/wuse-xingdong/index.html")
    assert "党旗领航，五色行动铸党魂" in page and "北皂学校党支部" in page and "品牌内涵" in page


def test_new_asks_in_chinese_on_standard_input(project):
    (project / "brands" / "wuse-xingdong").mkdir()  # taken: the new brand gets -2
    answers = "五色行动\n北皂学校\n\n北皂学校党支部\n学习: 永远在路上 #1\n"
    result = run_brandsite(project, "new", answers=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    for question in ("品牌名称", "学校", "党组织", "口号", "这一项必须填写"):
        assert question in result.stdout
    (project / "brands" / "wuse-xingdong").rmdir()
    built = build_site(project, strict=True)
    assert built.warnings == []
    assert "学习: 永远在路上 #1" in built.html("brands/wuse-xingdong-2/index.html")


def test_new_stops_cleanly(project):
    unfinished = run_brandsite(project, "new", "--title", "五色行动", answers="北皂学校\n")
    assert unfinished.returncode == 1 and "什么也没有创建" in unfinished.stderr
    assert not (project / "brands" / "wuse-xingdong").exists()
    options = ["--school", "学校", "--organization", "党支部", "--slogan", "口号一句"]
    bad = run_brandsite(project, "new", "--title", "品牌", "--slug", "Wuse Xingdong", *options)
    assert bad.returncode == 1 and "只能用小写英文字母" in bad.stderr
    assert run_brandsite(project, "new", "--title", "品牌", "--slug", "pinpai", *options).returncode == 0
    again = run_brandsite(project, "new", "--title", "品牌", "--slug", "pinpai", *options)
    assert again.returncode == 1 and "已经存在" in again.stderr


def test_teachers_readme_example_is_a_valid_profile(tmp_path):
    """The complete example in brands/README.md (Chinese keys) loads without a single finding."""
    readme = (ROOT / "brands" / "README.md").read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "品牌名称:" in block)
    index = write_brand(tmp_path, "hongzhu-xianfeng", example, {"photos/参观展馆.jpg": b"\xff\xd8\xff"})
    brand, findings = load_brand(index, tmp_path)
    assert [str(f) for f in findings] == []
    assert brand.title == "红烛先锋" and brand.gallery[0].people == "adults" and brand.pillars[0].name == "红烛示范岗"
    assert brand.sources[0].title == "示例市实验小学2022年党建工作总结" and str(brand.sources[0].date) == "2023-01"
