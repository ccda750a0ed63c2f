"""Folder and photo names as teachers make them: a brand folder named in Chinese, with spaces,
full-width characters or as long as a name can be gets the exact name to use (its title's pinyin,
as `brandsite new` makes it) and `brandsite check --fix` renames it; photo files and folders with
spaces, full-width brackets, 【】 and （2023年） are published under web-safe addresses.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from brandsite import cli
from brandsite.authoring import repair
from brandsite.findings import Level
from brandsite.profile.loader import load_brands
from kit.images import solid
from kit.profiles import photo, profile, write_brand
from sitebuild import build_site

RENAME = "或运行 brandsite check --fix 自动改名"
LONG = "党建品牌" * 21 + "党"  # 85 characters, 255 bytes: as long as a file name can be on Linux


@pytest.mark.parametrize("folder,title,line", [
    ("五色行动", "五色行动", "文件夹名“五色行动”有汉字，不能用作网址 — 请把文件夹改名为 wuse-xingdong"),
    ("wuse xingdong", "五色行动", "文件夹名“wuse xingdong”有空格，不能用作网址 — 请把文件夹改名为 wuse-xingdong"),
    ("ＡＢＣ", "星支部·心服务", "文件夹名“ＡＢＣ”有全角字符，不能用作网址 — 请把文件夹改名为 xingzhibu-xinfuwu"),
    ("红烛先锋（第一党支部） 副本", "红烛先锋", "文件夹名“红烛先锋（第一党支部） 副本”有汉字、空格、全角字符，不能用作网址 — "
                                      "请把文件夹改名为 hongzhu-xianfeng"),
    ("【2023】党建+", "党建+", "文件夹名“【2023】党建+”有汉字、全角字符、符号“+”，不能用作网址 — 请把文件夹改名为 dangjian-jia"),
    (LONG, "示例市实验小学“七彩童心”党建品牌", f"文件夹名“{LONG[:20]}…”有汉字，太长（255 字节），不能用作网址 — "
                                          "请把文件夹改名为 shili-shishiyan-xiaoxue-qicai-tongxin"),
], ids=["chinese", "spaces", "full-width", "a copy", "brackets and plus", "255 bytes"])
def test_a_folder_name_that_is_not_a_web_address_gets_its_titles_pinyin(tmp_path, folder, title, line):
    write_brand(tmp_path, folder, profile(title=title))
    brands, findings = load_brands(tmp_path / "brands", tmp_path)
    assert brands == []
    assert [str(f) for f in findings] == [f"brands/{folder}/index.md: 错误: {line}（按品牌名称的拼音），{RENAME}"]


def test_the_suggestion_is_a_name_no_other_folder_has(tmp_path):
    write_brand(tmp_path, "wuse-xingdong", profile(title="五色行动"))
    write_brand(tmp_path, "五色行动 - 副本", profile(title="五色行动"))
    _, findings = load_brands(tmp_path / "brands", tmp_path)
    assert [str(f) for f in findings] == ["brands/五色行动 - 副本/index.md: 错误: 文件夹名“五色行动 - 副本”有汉字、空格，"
                                          f"不能用作网址 — 请把文件夹改名为 wuse-xingdong-2（按品牌名称的拼音），{RENAME}"]


def test_check_fix_renames_the_folders_and_says_so(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_brand(tmp_path, "五色行动", profile(title="五色行动"), {"photos/活动 （一）.jpg": b"x"})
    write_brand(tmp_path, "ＡＢＣ 支部", profile(title="星支部·心服务"))
    write_brand(tmp_path, "sige-ronghe", profile(title="四个融合"))
    write_brand(tmp_path, "  五色行动 ", profile(title="五色行动"))  # a second copy, spaces around its name
    assert cli.main(["check", "--fix"]) == 0  # the unlisted photo is only a warning
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "brands/wuse-xingdong: 提示: 文件夹“  五色行动 ”已改名为 wuse-xingdong — 网址随之变为 brands/wuse-xingdong/",
        "brands/wuse-xingdong-2: 提示: 文件夹“五色行动”已改名为 wuse-xingdong-2 — 网址随之变为 brands/wuse-xingdong-2/",
        "brands/xingzhibu-xinfuwu: 提示: 文件夹“ＡＢＣ 支部”已改名为 xingzhibu-xinfuwu — 网址随之变为 brands/xingzhibu-xinfuwu/",
        "brands/wuse-xingdong-2/index.md: 警告: 照片 photos/活动 （一）.jpg 没有列在相册里，不会发布 — "
        "要发布就在 gallery 里加一项并写说明；不发布就把它移出 photos 文件夹",
    ]
    assert captured.out == "检查了 4 个品牌档案，4 个可以发布：0 处错误，1 条警告或提示。\n"
    assert sorted(p.name for p in (tmp_path / "brands").iterdir()) == [
        "sige-ronghe", "wuse-xingdong", "wuse-xingdong-2", "xingzhibu-xinfuwu"]
    assert (tmp_path / "brands/wuse-xingdong-2/photos/活动 （一）.jpg").read_bytes() == b"x"


def test_fix_refuses_to_rename_onto_a_folder_that_exists(tmp_path, monkeypatch):
    folder = write_brand(tmp_path, "五色行动", profile(title="五色行动")).parent
    taken = write_brand(tmp_path, "wuse-xingdong", profile(title="另一个品牌")).parent
    monkeypatch.setattr(repair, "folder_name", lambda index: "wuse-xingdong")  # as if made between check and rename
    finding = repair.rename_folder(folder, tmp_path)
    assert str(finding) == ("brands/五色行动: 错误: 没有改名：文件夹 brands/wuse-xingdong 已经存在 — "
                            "请先把其中一个文件夹移走或手动改名")
    assert folder.is_dir() and (taken / "index.md").read_text(encoding="utf-8").startswith("---\ntitle: 另一个品牌")


# ---- photo names, end to end ----

PHOTOS = {  # file in the brand folder → caption
    "photos/校园活动 01.JPG": "操场上的升旗仪式",
    "photos/主题党日【一】.jpg": "主题党日活动合影",
    "photos/照片 （2023年）/志愿服务（二）.jpeg": "志愿服务走进社区",
    "照片 （2023年）/ＡＢＣ 合影.png": "支部党员合影",
}


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory):
    from sitebuild import copy_project

    project = copy_project(tmp_path_factory.mktemp("names") / "project", brands=False)
    story = ("## 品牌介绍\n\n![升旗](<photos/校园活动 01.JPG>)\n\n"
             "![合影](照片%20（2023年）/ＡＢＣ%20合影.png)\n")
    text = profile(cover='"photos/主题党日【一】.jpg"', gallery=[photo(f'"{f}"', c) for f, c in PHOTOS.items()], story=story)
    images = {file: solid((320, 240), (180, 30 + 40 * n, 40), "PNG" if file.endswith("png") else "JPEG")
              for n, file in enumerate(PHOTOS)}
    write_brand(project, "hongzhu", text, images)
    return build_site(project, strict=True)


def test_photos_with_spaces_and_full_width_brackets_are_published_and_shown(photo_site):
    html = photo_site.html("brands/hongzhu/index.html")
    for caption in PHOTOS.values():
        assert f'alt="{caption}"' in html
    addresses = re.findall(r'(?:src|href)="([^"]*photos/[^"]*)"', html)
    addresses += [a.split(" ")[0] for s in re.findall(r'srcset="([^"]*)"', html) for a in s.split(", ")]
    assert len(addresses) >= 12
    for address in addresses:
        assert re.fullmatch(r"[a-z0-9./-]+\.(jpg|webp)", address), address
        assert (photo_site.site / "brands/hongzhu" / unquote(address)).resolve().is_file(), address
    names = {p.name.split("-")[0] for p in (photo_site.site / "brands/hongzhu/photos").iterdir()}
    assert {"xiaoyuan", "zhuti", "zhiyuan", "abc"} <= names
    assert photo_site.warnings == []


def test_fix_that_cannot_write_says_so_and_leaves_the_folder(tmp_path, monkeypatch):
    folder = write_brand(tmp_path, "五色行动", profile(title="五色行动")).parent

    def refused(self, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(folder), "rename", refused)
    assert str(repair.rename_folder(folder, tmp_path)) == (
        "brands/五色行动: 错误: --fix 没能改动：Permission denied — "
        "请确认磁盘没有满、文件夹不是只读的、没有别的程序（如 Word）正打开它，再运行一次")
    assert folder.is_dir()
