"""``brandsite import``: Word reports made here with python-docx become profiles, photos and a report."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from mkdocs.exceptions import Abort
from PIL import Image

from brandsite.authoring import docx_import, docx_read
from brandsite.profile.loader import load_brand
from kit.cli import run_brandsite
from kit.images import solid
from sitebuild import build_site


def picture(color: str, size=(120, 90)) -> io.BytesIO:
    """A photo as python-docx's add_picture takes it."""
    return io.BytesIO(solid(size, color))


def save(document: docx.Document, path: Path) -> Path:
    document.save(path)
    return path


def small_report() -> docx.Document:
    """Headings, paragraphs, a quoted slogan and two pictures with captions (below and above)."""
    d = docx.Document()
    d.add_paragraph("北皂学校党支部“五色行动”党建品牌介绍", style="Title")
    d.add_paragraph("　　北皂学校党支部以党建引领学校发展，品牌口号是“党旗领航，五色行动铸党魂”。")
    d.add_heading("品牌内涵", level=1)
    d.add_paragraph("五种颜色代表五项行动。")
    d.add_heading("红色先锋示范行动", level=2)
    d.add_paragraph("党员教师认领示范岗，带头上公开课。")
    d.add_picture(picture("red"))
    d.add_paragraph("党员教师上示范课")
    d.add_heading("橙色暖心关爱行动", level=2)
    d.add_paragraph("图2：党员教师家访留守儿童")
    d.add_picture(picture("orange"))
    d.add_paragraph("党员与留守儿童结对，定期家访谈心。")
    return d


def work_summary() -> docx.Document:
    """A 工作总结 as schools write them: numbers typed by hand, no heading styles, photos between sections."""
    d = docx.Document()
    d.add_paragraph("示例市第一实验小学党支部2023年“红烛先锋”党建品牌创建工作总结")
    d.add_paragraph("　　2023年，示例市第一实验小学党支部以“红烛先锋”党建品牌创建为抓手，现将工作总结如下。")
    d.add_paragraph("一、基本情况")
    d.add_paragraph("支部现有党员32名，其中专任教师29名。品牌口号：“燃烧自己，照亮他人”。")
    d.add_paragraph("二、主要做法")
    d.add_paragraph("（一）强化政治引领。支部坚持“三会一课”制度，每月开展主题党日活动。")
    d.add_paragraph("1. 理论学习常态化")
    d.add_paragraph("2. 组织生活规范化")
    d.add_picture(picture("red"))
    d.add_picture(picture("blue"))
    d.add_paragraph("图1 主题党日活动现场")
    d.add_paragraph("（二）党员先锋示范")
    d.add_paragraph("1. 党员教师设立示范岗38个，承担公开课46节，带头参加课后服务。")
    d.add_paragraph("图2 党员示范岗授牌")
    d.add_picture(picture("green"))
    d.add_paragraph("三、工作成效")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "数量"
    table.cell(1, 0).text, table.cell(1, 1).text = "示范岗", "38"
    d.add_picture(picture("yellow"))
    d.add_paragraph("（一）党员队伍更加过硬")  # right below a picture, still a heading, not its caption
    d.add_paragraph("四、存在问题和下一步打算")
    d.add_paragraph("下一步，支部将继续深化品牌内涵。")
    return d


def gallery(text: str) -> list[tuple[str, str]]:
    return re.findall(r"- file: (\S+)\n    caption: ([^#\n]*?)\s*(?:#.*)?\n", text)


def fill_people(index: Path, value: str = "adults") -> None:
    text = index.read_text(encoding="utf-8")
    index.write_text(re.sub(r"(?m)^(    people:)[ \t]*#.*$", rf"\1 {value}", text), encoding="utf-8")


def import_report(project: Path, document: Path, slug: str):
    """Run ``brandsite import``; returns its output, the brand folder, the profile's text and its story."""
    result = run_brandsite(project, "import", str(document))
    assert result.returncode == 0, result.stdout + result.stderr
    folder = project / "brands" / slug
    text = (folder / "index.md").read_text(encoding="utf-8")
    return result, folder, text, text.split("\n---\n", 1)[1]


def assert_proposed(text: str, **fields: str) -> None:
    """Each field holds the proposed value and is marked for checking."""
    for name, value in fields.items():
        assert re.search(rf"(?m)^{name}: {value} +# 请核对", text), name


def test_import_small_report(project, tmp_path):
    result, folder, text, body = import_report(project, save(small_report(), tmp_path / "报告.docx"), "wuse-xingdong")
    assert_proposed(text, title="五色行动", slogan="党旗领航，五色行动铸党魂", school="北皂学校", organization="北皂学校党支部")
    assert gallery(text) == [("photos/图片01.jpg", "党员教师上示范课"), ("photos/图片02.jpg", "党员教师家访留守儿童")]
    assert sorted(p.name for p in (folder / "photos").iterdir()) == [".gitkeep", "图片01.jpg", "图片02.jpg"]
    assert Image.open(folder / "photos" / "图片02.jpg").getpixel((5, 5))[0] > 200  # orange, the second picture
    headings = re.findall(r"(?m)^#+ .*$", body)
    assert headings == ["## 品牌内涵", "### 红色先锋示范行动", "### 橙色暖心关爱行动"]
    assert "党员与留守儿童结对" in body and "党员教师上示范课" not in body  # captions leave the story
    assert "people" in result.stdout and "请核对" in result.stdout


def test_imported_profile_is_not_published_until_people_is_filled_in(project, tmp_path, caplog):
    assert run_brandsite(project, "import", str(save(small_report(), tmp_path / "报告.docx"))).returncode == 0
    index = project / "brands" / "wuse-xingdong" / "index.md"
    brand, findings = load_brand(index, project)
    assert brand is None
    messages = [str(f) for f in findings if f.is_error]
    assert any("people（人物）" in m for m in messages)
    assert any("photos/图片01.jpg" in m for m in messages)  # the photo is named, by the consent rule
    with pytest.raises(Abort):
        build_site(project, strict=True)
    assert "网站没有生成" in caplog.text and "people（人物）" in caplog.text
    fill_people(index)
    built = build_site(project, strict=True)
    assert built.warnings == []
    page = built.html("brands/wuse-xingdong/index.html")
    assert "党旗领航，五色行动铸党魂" in page and "橙色暖心关爱行动" in page


def test_import_work_summary_keeps_numbered_levels(project, tmp_path):
    document = save(work_summary(), tmp_path / "工作总结.docx")
    result, folder, text, body = import_report(project, document, "hongzhu-xianfeng")
    assert_proposed(text, title="红烛先锋", slogan="燃烧自己，照亮他人", school="示例市第一实验小学",
                    organization="示例市第一实验小学党支部")
    assert re.findall(r"(?m)^#+ .*$", body) == [
        "## 一、基本情况", "## 二、主要做法", "### （一）强化政治引领", "#### 1. 理论学习常态化",
        "#### 2. 组织生活规范化", "### （二）党员先锋示范", "## 三、工作成效", "### （一）党员队伍更加过硬",
        "## 四、存在问题和下一步打算"]
    assert "支部坚持“三会一课”制度" in body  # the rest of a run-in heading stays a paragraph
    assert "<!-- 原文标题：示例市第一实验小学党支部2023年“红烛先锋”党建品牌创建工作总结 -->" in body
    assert body.count("创建工作总结") == 1  # the document's title is not repeated as a paragraph
    assert re.search(r"(?m)^1\. 党员教师设立示范岗38个", body)
    assert gallery(text) == [("photos/图片01.jpg", "主题党日活动现场"), ("photos/图片02.jpg", "主题党日活动现场"),
                             ("photos/图片03.jpg", "党员示范岗授牌"), ("photos/图片04.jpg", '""')]
    assert len(list((folder / "photos").glob("*.jpg"))) == 4
    assert "表格（以“项目”开头）没有导入" in result.stdout
    assert "photos/图片04.jpg 旁边没有找到图注" in result.stdout
    fill_people(folder / "index.md", "none")
    text = (folder / "index.md").read_text(encoding="utf-8").replace('caption: ""', "caption: 工作成效展示")
    (folder / "index.md").write_text(text, encoding="utf-8")
    built = build_site(project, strict=True)
    assert built.warnings == []
    assert "燃烧自己，照亮他人" in built.html("brands/hongzhu-xianfeng/index.html")


def test_old_word_files_get_a_save_as_message(project, tmp_path):
    old = tmp_path / "报告.doc"
    old.write_bytes(docx_read.OLE_MAGIC + b"\0" * 512)
    result = run_brandsite(project, "import", str(old))
    assert result.returncode == 1 and "另存为" in result.stderr and ".docx" in result.stderr
    renamed = tmp_path / "报告.docx"  # an old file renamed by hand
    renamed.write_bytes(old.read_bytes())
    with pytest.raises(docx_import.DocxError, match="另存为"):
        docx_import.convert(renamed.read_bytes())
    not_word = tmp_path / "照片.docx"
    not_word.write_bytes(b"\xff\xd8\xff\xe0 not a document")
    result = run_brandsite(project, "import", str(not_word))
    assert result.returncode == 1 and "不是 Word 文档" in result.stderr
    assert list((project / "brands").iterdir()) == []
