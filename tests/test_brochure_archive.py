"""The tagged brochure (every variant) and the archive copy (``brandsite brochure --archive``, PDF/A-2b).

No PDF/A validator (veraPDF) can be installed here: it is in neither Debian nor PyPI. So these tests
read back with pypdf what ISO 19005-2 level B asks of the file, as veraPDF's rules check it: the XMP
identification (pdfaid:part 2, conformance B), title, creators and dates agreeing with the document
information, an sRGB output intent, every font embedded; and the structure tree a screen reader reads
(ISO 32000 14.7/14.8): headings, figures with alternative text, in reading order.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import ImageCms
from pypdf import PdfReader

from brandsite.profile.loader import load_brands
from brochure_pdf import fonts, render_pages
from kit.images import scene
from kit.profiles import photo, profile, value, write_brand
from sitebuild import copy_project
from test_brochure import brandsite

pytestmark = pytest.mark.xdist_group("brochure")

BUILT = dt.datetime(2023, 9, 15, 8, 30, tzinfo=dt.timezone.utc)  # SOURCE_DATE_EPOCH of the builds
SITE = "党建品牌展示站（示例）"  # site_name of the example mkdocs.yml
# Three brands, two of one organisation: the authors are each organisation once, in brand order.
# Names with characters that XML, HTML and PDF strings treat specially.
BRANDS = {
    "lanhua-xianfeng": {"title": "兰花先锋", "organization": "示例市第二中学党总支 & 团委",
                        "captions": ["党员教师在“先锋课堂”上示范教学", "<社区>志愿服务现场"]},
    "shanquan-qingliu": {"title": "山泉清流", "organization": "示例县教育局机关党委",
                         "captions": ["机关党员走访乡村学校"]},
    "lanhua-erqi": {"title": "兰花二期", "organization": "示例市第二中学党总支 & 团委",
                    "captions": ["青年教师读书分享会"]},
}
NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
      "xmp": "http://ns.adobe.com/xap/1.0/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """The three brands as the archive copy (made first, with no --out) and as the ordinary tagged
    brochure with its flyers."""
    project = copy_project(tmp_path_factory.mktemp("archive") / "project", brands=False)
    for n, (slug, brand) in enumerate(BRANDS.items()):
        files = {f"photos/p{i}.jpg": scene((1200, 900), n * 3 + i) for i in range(len(brand["captions"]))}
        gallery = [photo(file, value(caption)) for file, caption in zip(files, brand["captions"])]
        story = "## 品牌内涵\n\n党员教师带头上示范课。\n\n## 工作成效\n\n结对帮扶，共同进步。\n"
        write_brand(project, slug, profile(title=brand["title"], organization=value(brand["organization"]),
                                           story=story, gallery=gallery), files)
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(BUILT.timestamp()))
    try:
        outputs = {"archive": brandsite(project, "brochure", "--archive")}
        published = (project / ".cache" / "brandsite" / "brochure" / "brochure.pdf").exists()
        outputs["tagged"] = brandsite(project, "brochure", "--flyers", "--out", "out/tagged.pdf")
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH") if old is None else os.environ.update(SOURCE_DATE_EPOCH=old)
    assert all(code == 0 for code, _ in outputs.values()), outputs
    return {"project": project, "archive": project / "宣传册-A4-存档版.pdf", "tagged": project / "out" / "tagged.pdf",
            "flyers": project / "out" / "一页纸.pdf", "output": outputs["archive"][1], "published": published}


def xmp(pdf: Path) -> ET.Element:
    root = PdfReader(pdf).trailer["/Root"]
    return ET.fromstring(re.sub(rb"<\?xpacket[^>]*\?>", b"", root["/Metadata"].get_object().get_data()))


def authors(made) -> list[str]:
    """Each organisation once, in the order of the brochure's brands."""
    return list(dict.fromkeys(b.organization for b in load_brands(made["project"] / "brands", made["project"])[0]))


def test_archive_is_written_beside_the_project_and_never_published(made):
    assert "PDF/A-2b 存档版" in made["output"]
    assert made["archive"].is_file()
    assert not made["published"]  # the site's brochure (in the cache) is the ordinary one


def test_archive_identifies_itself_as_pdfa_2b(made):
    assert PdfReader(made["archive"]).pdf_header == "%PDF-1.7"
    ids = [d for d in xmp(made["archive"]).iter(f"{{{NS['rdf']}}}Description") if d.get(f"{{{NS['pdfaid']}}}part")]
    assert [(d.get(f"{{{NS['pdfaid']}}}part"), d.get(f"{{{NS['pdfaid']}}}conformance")) for d in ids] == [("2", "B")]


def test_archive_metadata_title_authors_and_build_date_agree_with_the_document_info(made):
    meta = xmp(made["archive"])
    info = PdfReader(made["archive"]).metadata
    assert [li.text for li in meta.iterfind(".//dc:title/rdf:Alt/rdf:li", NS)] == [SITE] == [info.title]
    assert [li.text for li in meta.iterfind(".//dc:creator/rdf:Seq/rdf:li", NS)] == authors(made)
    assert info.author == ", ".join(authors(made))
    assert [e.text for e in meta.iterfind(".//xmp:CreateDate", NS)] == ["2023-09-15T08:30:00Z"]
    assert [e.text for e in meta.iterfind(".//xmp:ModifyDate", NS)] == ["2023-09-15T08:30:00Z"]
    assert info.creation_date == info.modification_date == BUILT


def test_archive_output_intent_is_srgb(made):
    intents = PdfReader(made["archive"]).trailer["/Root"]["/OutputIntents"]
    assert len(intents) == 1 and intents[0]["/S"] == "/GTS_PDFA1"
    stream = intents[0]["/DestOutputProfile"].get_object()
    assert stream["/N"] == 3
    icc = ImageCms.ImageCmsProfile(io.BytesIO(stream.get_data())).profile
    assert icc.xcolor_space.strip() == "RGB" and "sRGB" in icc.profile_description


@pytest.mark.parametrize("name", ["archive", "tagged", "flyers"])
def test_every_font_embedded(made, name):
    rows = fonts(made[name])
    assert rows and all(row["emb"] == "yes" for row in rows), rows


def structure(pdf: Path) -> list[tuple[str, str | None]]:
    """(structure type, alternative text) of every element of the structure tree, in its order."""
    found = []

    def walk(node):
        node = node.get_object()
        if "/S" in node:
            found.append((str(node["/S"]), node.get("/Alt")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and ("/S" in kid or "/K" in kid):
                walk(kid)

    walk(PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("name", ["archive", "tagged", "flyers"])
def test_tagged_for_screen_readers(made, name):
    root = PdfReader(made[name]).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and root["/Lang"] == "zh-CN"
    tags = [tag for tag, _ in structure(made[name])]
    if name == "flyers":  # a brand name on each sheet; the story in plain paragraphs
        assert tags.count("/H1") == len(BRANDS) and tags.count("/P") >= 2 * len(BRANDS)
    else:  # the cover's title, then per brand its name, 品牌故事 … and the story's 品牌内涵, 工作成效
        assert tags.count("/H1") == 1 + len(BRANDS)
        assert tags.count("/H2") >= len(BRANDS) and tags.count("/H3") == 2 * len(BRANDS)


@pytest.mark.parametrize("name", ["archive", "tagged"])
def test_figures_read_in_order_with_captions_as_alternative_text(made, name):
    """Each brand's QR code (named for its page) and then its photos (their captions), brand by brand
    in the brochure's order."""
    alts = [alt for tag, alt in structure(made[name]) if tag == "/Figure"]
    expected = []
    for brand in load_brands(made["project"] / "brands", made["project"])[0]:
        expected += [f"二维码：{brand.title}的网页 https://www.example.edu.cn/dangjian/brands/{brand.slug}/",
                     *BRANDS[brand.slug]["captions"]]
    assert alts == expected


def test_flyers_metadata_names_the_site_and_every_organisation(made):
    info = PdfReader(made["flyers"]).metadata
    assert info.title == f"{SITE} · 一页纸"
    assert info.author == ", ".join(authors(made))
    assert info.creation_date == BUILT


def test_pages_rendered_for_people_to_look_at(made, artifacts):
    folder = artifacts / "brochure-archive"
    for name in ("archive", "tagged"):
        assert render_pages(made[name], folder / name, 50)
        shutil.copy(made[name], folder / f"{name}.pdf")
