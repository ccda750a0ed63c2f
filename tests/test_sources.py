"""The optional ``sources`` field (资料来源): read and checked like other fields, shown in small print at
the foot of the brand page, listed in the PR summary, and filled from a Word document by ``import``."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import jinja2
import pytest

from brandsite.authoring.docx_import import convert
from brandsite.authoring.scaffold import render
from brandsite.model import PartialDate, Source
from brandsite.profile.loader import load_brand
from brandsite.review import summary
from brandsite.review.run import review
from kit import ROOT
from kit.profiles import profile, write_brand

SLUG = "hongzhu-xianfeng"
# two sources: Chinese keys in block style, then English keys in flow style; the url is on line 11
SOURCES = ("资料来源:\n"
           "  - 标题: 示例区教育局关于党建品牌的通报\n"
           "    发布单位: 示例区教育局\n"
           "    日期: 2021年5月\n"
           "    网址: https://edu.example.cn/tongbao/12.html?from=a&x=1\n"
           "  - {title: 红烛先锋工作总结, date: \"2023-01-09\"}\n")


def _load(tmp_path: Path, raw: str):
    index = write_brand(tmp_path, SLUG, profile(raw=raw))
    return load_brand(index, tmp_path)


def test_sources_are_read_with_chinese_keys_and_dates(tmp_path):
    brand, findings = _load(tmp_path, SOURCES)
    assert not findings
    assert brand.sources == (
        Source("示例区教育局关于党建品牌的通报", "示例区教育局", PartialDate(2021, 5),
               "https://edu.example.cn/tongbao/12.html?from=a&x=1"),
        Source("红烛先锋工作总结", "", PartialDate(2023, 1, 9), ""))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT://%0aalert(1)", "data:text/html,<b>x</b>",
                                 "ftp://files.example.cn/a.doc", "www.example.cn/news.html", "https://",
                                 "http://example.cn/有 空格.html", 'https://a.cn/"onmouseover="x', "file:///etc/passwd"])
def test_a_url_that_is_not_a_web_address_is_an_error_on_its_line(tmp_path, url):
    raw = SOURCES.replace("https://edu.example.cn/tongbao/12.html?from=a&x=1", f"'{url}'")
    brand, findings = _load(tmp_path, raw)
    assert brand is None
    assert [(f.line, f.level.value) for f in findings] == [(10, "错误")]
    assert "不是以 http:// 或 https:// 开头的网页地址" in findings[0].message


def test_a_source_needs_a_title_and_a_real_date(tmp_path):
    _, findings = _load(tmp_path, "sources:\n  - {publisher: 示例区教育局}\n  - {title: 通报, date: 2021年13月}\n")
    assert [(f.line, f.message) for f in findings] == [
        (7, "资料来源的这一项缺少 title（标题）"), (8, "date“2021年13月”不是一个有效的日期")]


def _foot(sources: tuple[Source, ...]) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"))
    brand = type("B", (), {"sources": sources})
    return env.get_template("fragments/brandsite/sources.html").render(brand=brand)


def test_small_print_escapes_what_the_profile_says():
    html = _foot((Source('<script>alert("t")</script>', "<b>局</b>", PartialDate(2021, 5),
                         "https://a.example.cn/?q=1&r=2"),))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in html and "&lt;b&gt;局&lt;/b&gt;" in html
    assert '<a class="bs-sources__link" href="https://a.example.cn/?q=1&amp;r=2" rel="noopener noreferrer">' in html
    assert '<time datetime="2021-05">2021年5月</time>' in html


def test_example_page_shows_its_report_at_the_foot(example_site):
    html = example_site.html("brands/xingzhibu-xinfuwu/index.html")
    foot = re.search(r'<footer class="bs-sources".*?</footer>', html, re.S)[0]
    assert html.rindex("bs-sources") > html.rindex("bs-gallery")  # after every other part of the brand
    assert "<cite>西乡县城北小学2022年工作回眸之党建工作篇</cite>" in foot
    assert 'href="https://www.yizhekk.com/0116254365.html" rel="noopener noreferrer"' in foot


def test_pr_summary_lists_each_brands_sources_as_text(tmp_path):
    write_brand(tmp_path, SLUG, profile(raw="sources:\n  - title: '[点我](https://evil.example/) @admin'\n"
                                            "    publisher: <img src=x onerror=alert(1)>\n"
                                            "    url: https://edu.example.cn/a_b.html\n"))
    text = summary.markdown(review(tmp_path), summary.Context(None, None, tmp_path / "site"))
    section = text.split("### 资料来源")[1].split("###")[0]
    assert ("- 红烛先锋（`hongzhu-xianfeng`）：《\\[点我\\](https://evil.example/) &#64;admin》，"
            "&lt;img src=x onerror=alert(1)&gt;，`https://edu.example.cn/a_b.html`") in section


def test_pr_summary_says_when_no_source_is_given(tmp_path):
    write_brand(tmp_path, SLUG, profile())
    text = summary.markdown(review(tmp_path), summary.Context(None, None, tmp_path / "site"))
    assert "没有写资料来源（`sources`）。" in text.split("### 资料来源")[1]


def _report(title_style: str, core_title: str = "", company: str = "") -> bytes:
    document = docx.Document()
    document.add_paragraph("示例市实验中学党支部“青松先锋”品牌创建工作总结", style=title_style)
    document.add_paragraph("一年来，示例市实验中学党支部以“青松先锋”品牌为抓手开展工作。")
    document.core_properties.title = core_title
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    if company:  # python-docx cannot set app.xml's Company: write it as Word does
        source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
            for item in source.infolist():
                content = source.read(item)
                if item.filename == "docProps/app.xml":
                    content = content.replace(b"<Company/>", f"<Company>{company}</Company>".encode())
                package.writestr(item, content)
        data = target.getvalue()
    return data


def _sources_block(text: str) -> str:
    return re.search(r"^sources:.*?(?=^\S)", text, re.S | re.M)[0]


def test_import_fills_sources_from_the_documents_title():
    imported = convert(_report("Title", company="示例市教育局"))
    block = _sources_block(render(imported.profile))
    assert "- title: 示例市实验中学党支部“青松先锋”品牌创建工作总结" in block
    assert "publisher: 示例市教育局" in block
    assert re.search(r'date: "\d{4}-\d{2}-\d{2}"', block)


def test_import_prefers_the_title_in_the_documents_properties():
    block = _sources_block(render(convert(_report("Heading 1", core_title="2023年党建工作总结（定稿）")).profile))
    assert "- title: \"2023年党建工作总结（定稿）\"" in block and "publisher" not in block
