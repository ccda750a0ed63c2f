"""The brochure and flyers of the example site, checked in the PDF itself (pypdf, poppler)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from brandsite import cli
from brandsite.brochure.render import SIZES, BLEED_MM, site_info
from brandsite.brochure.typeset import CLOSING, OPENING
from brandsite.commands.settings import load_site
from brandsite.profile.loader import load_brands
from brandsite.publish.builddate import source_date_epoch
from brochure_pdf import add_gallery, fonts, images, pages_text, render_pages
from kit.images import scene
from sitebuild import build_site, copy_project

pytestmark = pytest.mark.xdist_group("brochure")

MM = 72 / 25.4  # PDF points per millimetre
CAPTIONS = ["照片说明：党员教师集体学习——交流心得体会", "照片说明：志愿服务走进社区（示例）",
            "照片说明：主题党日活动现场……大家认真聆听", "照片说明：党员示范岗风采", "照片说明：结对帮扶学生家访",
            "照片说明：校园种植园劳动教育"]


@dataclass
class Made:
    project: Path
    pdfs: dict[str, Path] = field(default_factory=dict)
    output: dict[str, str] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)


def brandsite(project: Path, *args: str) -> tuple[int, str]:
    """Run `brandsite …` in `project` and return (exit code, what it printed)."""
    out = io.StringIO()
    cwd = Path.cwd()
    os.chdir(project)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = cli.main(list(args))
    finally:
        os.chdir(cwd)
    return code, out.getvalue()


@pytest.fixture(scope="session")
def made(tmp_path_factory) -> Made:
    """The example site with photos (six for the first brand, three for the others, one a
    portrait stored sideways with an EXIF rotation), built as A4 (+ flyers), A5 and print-shop A4."""
    project = copy_project(tmp_path_factory.mktemp("brochure") / "project")
    for n, index in enumerate(sorted((project / "brands").glob("*/index.md"))):
        photos = []
        for i in range(6 if n == 0 else 3):
            name = f"photos/IMG_{n:02d}{i}.jpg"
            sideways = i == 1
            data = scene((2400, 1800), n * 7 + i, orientation=6 if sideways else 1)
            (index.parent / name).parent.mkdir(exist_ok=True)
            (index.parent / name).write_bytes(data)
            photos.append((name, CAPTIONS[(n + i) % len(CAPTIONS)]))
        add_gallery(index, photos)
    made = Made(project)
    runs = {
        "a4": ["--flyers", "--out", "out/a4.pdf"],
        "a5": ["--size", "A5", "--out", "out/a5.pdf"],
        "shop": ["--print-shop", "--out", "out/shop.pdf"],
    }
    for name, args in runs.items():
        made.codes[name], made.output[name] = brandsite(project, "brochure", *args)
        made.pdfs[name] = project / "out" / f"{name}.pdf"
    made.pdfs["flyers"] = project / "out" / "一页纸.pdf"
    return made


@pytest.fixture(scope="session")
def brands(made):
    found, findings = load_brands(made.project / "brands", made.project)
    assert not [f for f in findings if f.is_error]
    return found


@pytest.fixture(scope="session")
def site(made, brands):
    config, _ = load_site(made.project / "mkdocs.yml")
    year = dt.datetime.fromtimestamp(source_date_epoch(made.project, brands), dt.timezone.utc).year
    return site_info(config.site_name, config.site_url, "", brands, year)


def test_commands_succeed(made):
    assert made.codes == {"a4": 0, "a5": 0, "shop": 0}, made.output


@pytest.mark.parametrize("name, size", [("a4", "A4"), ("a5", "A5"), ("flyers", "A4")])
def test_page_size(made, name, size):
    geometry = SIZES[size]
    for page in PdfReader(made.pdfs[name]).pages:
        assert float(page.mediabox.width) == pytest.approx(geometry.width * MM, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(geometry.height * MM, abs=0.5)


def test_print_shop_adds_bleed_around_the_trimmed_a4_page(made):
    for page in PdfReader(made.pdfs["shop"]).pages:
        assert float(page.mediabox.width) == pytest.approx((210 + 2 * BLEED_MM) * MM, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx((297 + 2 * BLEED_MM) * MM, abs=0.5)
        assert float(page.trimbox.width) == pytest.approx(210 * MM, abs=0.5)
        assert float(page.trimbox.height) == pytest.approx(297 * MM, abs=0.5)


@pytest.mark.parametrize("name", ["a4", "a5", "shop", "flyers"])
def test_every_font_embedded_subset_and_never_type3(made, name):
    rows = fonts(made.pdfs[name])
    assert rows
    assert all(row["emb"] == "yes" and row["sub"] == "yes" for row in rows), rows
    assert not [row for row in rows if "Type 3" in row["type"]]
    assert {re.sub(r"^[A-Z]{6}\+", "", row["name"]) for row in rows} <= {
        "Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold", "Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold"}


@pytest.mark.parametrize("name", ["a4", "a5", "flyers"])
def test_every_brand_name_and_slogan_is_text(made, brands, name):
    text = re.sub(r"\s+", "", "".join(pages_text(made.pdfs[name])))
    for brand in brands:
        assert re.sub(r"\s+", "", brand.title) in text
        assert re.sub(r"\s+", "", brand.slogan) in text


def test_cover_has_site_title_publisher_and_year(made, site):
    cover = re.sub(r"\s+", "", pages_text(made.pdfs["a4"])[0])
    assert re.sub(r"\s+", "", site.name) in cover
    assert f"{site.year}年" in cover


@pytest.mark.parametrize("name", ["a4", "a5", "shop"])
def test_contents_page_numbers_are_where_brands_start(made, brands, name):
    reader = PdfReader(made.pdfs[name])
    starts = {item.title: reader.get_destination_page_number(item) + 1
              for item in reader.outline if not isinstance(item, list)}
    toc_lines = pages_text(made.pdfs[name], layout=True)[1].splitlines()
    texts = pages_text(made.pdfs[name])
    for brand in brands:
        line = next(line for line in toc_lines if line.strip().startswith(brand.title))
        printed = int(re.search(r"(\d+)\s*$", line)[1])
        assert printed == starts[brand.title], brand.title
        assert brand.slogan in texts[printed - 1]  # the brand's first page, with its heading
        assert brand.slogan not in texts[printed - 2]


def brand_pages(pdf: Path, brands) -> dict[str, range]:
    """Each brand's pages (0-based), from its bookmark to the next brand's or the end."""
    reader = PdfReader(pdf)
    starts = sorted((reader.get_destination_page_number(item), item.title) for item in reader.outline
                    if not isinstance(item, list) and item.title in {b.title for b in brands})
    ends = [start for start, _ in starts[1:]] + [len(reader.pages)]
    return {title: range(start, end) for (start, title), end in zip(starts, ends)}


def test_running_header_names_the_brand(made, brands):
    texts = pages_text(made.pdfs["a4"], layout=True)
    for pages in brand_pages(made.pdfs["a4"], brands).values():
        title = texts[pages[0]].strip().split()[0]
        for page in pages:
            assert texts[page].strip().split()[0] == title  # header, top left
            assert re.search(rf"\b{page + 1}\s*$", texts[page].rstrip())  # page number, bottom


@pytest.mark.parametrize("name", ["a4", "a5"])
def test_each_brands_timeline_is_on_its_own_pages_as_on_the_web(made, brands, name):
    """大事记 as the brand page shows it: 2018年4月 then the event, in date order; no entry split
    over two pages, and the heading on the page of the first entry."""
    texts = [re.sub(r"\s+", "", text) for text in pages_text(made.pdfs[name])]
    dated = [brand for brand in brands if brand.timeline]  # a brand whose source gives no dates has none
    assert dated
    for brand in dated:
        pages = brand_pages(made.pdfs[name], brands)[brand.title]
        entries = [m.date.chinese + re.sub(r"\s+", "", m.title) for m in brand.timeline]
        assert any("大事记" + entries[0] in texts[page] for page in pages), brand.title
        assert all(any(entry in texts[page] for page in pages) for entry in entries), brand.title
        shown = "".join(texts[page] for page in pages)
        assert [shown.index(entry) for entry in entries] == sorted(shown.index(entry) for entry in entries)


@pytest.mark.parametrize("name", ["a4", "a5", "shop"])
def test_pdf_author_is_the_organisations_and_title_the_site_name(made, brands, site, name):
    info = PdfReader(made.pdfs[name]).metadata
    assert info.author == ", ".join(dict.fromkeys(brand.organization for brand in brands))
    assert not [brand.region for brand in brands if brand.region and brand.region in info.author]
    assert info.title == site.name


@pytest.mark.parametrize("name, dpi", [("a4", 150), ("shop", 150), ("a5", 200)])
def test_each_qr_code_opens_its_brand_page_and_is_at_least_20mm(made, brands, site, artifacts, name, dpi):
    pngs = render_pages(made.pdfs[name], artifacts / "brochure" / "qr" / name, dpi)
    found: dict[str, float] = {}
    for png in pngs:
        for code in zxingcpp.read_barcodes(Image.open(png)):
            corners = [code.position.top_left, code.position.top_right]
            width_mm = abs(corners[1].x - corners[0].x) / dpi * 25.4
            found[code.text] = width_mm
    assert set(found) == {site.url + brand.url for brand in brands}
    assert min(found.values()) >= 20, found


@pytest.mark.parametrize("name, limit", [("a4", 150), ("a5", 150), ("shop", 300), ("flyers", 150)])
def test_no_image_above_its_dpi_at_printed_size(made, name, limit):
    rows = images(made.pdfs[name])
    assert len(rows) == (6 + 8 * 3 if name != "flyers" else 9 * 3)
    for row in rows:
        assert int(row["x-ppi"]) <= limit and int(row["y-ppi"]) <= limit, row
        assert int(row["x-ppi"]) >= limit - 2, row  # prepared at, not far below, the asked resolution


@pytest.mark.parametrize("name", ["a4", "a5", "shop", "flyers"])
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(made, name):
    for number, page in enumerate(pages_text(made.pdfs[name], layout=True), 1):
        for line in page.splitlines():
            for column in re.split(r"\s{3,}", line.strip()):  # side-by-side boxes come out on one line
                if column:
                    assert column[0] not in CLOSING, (number, line)
                    assert column[-1] not in OPENING, (number, line)


def test_photos_and_cards_are_never_split_across_pages(made, brands):
    """Every caption sits on the page of its photo: a split figure would leave one alone."""
    texts = [re.sub(r"\s+", "", t) for t in pages_text(made.pdfs["a4"])]
    rows = images(made.pdfs["a4"])
    photo_pages = sorted(int(row["page"]) for row in rows)
    caption_pages = sorted(number for number, text in enumerate(texts, 1) for _ in range(text.count("照片说明")))
    assert photo_pages == caption_pages


def test_flyers_one_page_per_brand_and_overflow_names_the_brand(made, brands):
    assert len(PdfReader(made.pdfs["flyers"]).pages) == len(brands)
    warned = [line for line in made.output["a4"].splitlines() if ": 警告: " in line]
    for line in warned:
        assert any(f"「{b.title}」" in line and line.startswith(b.source_name) for b in brands), line


def test_long_story_is_cut_with_a_warning_naming_the_brand(project, brands, artifacts):
    source = next(p for p in (Path(__file__).parents[1] / "brands").glob("*/index.md"))
    folder = project / "brands" / source.parent.name
    shutil.copytree(source.parent, folder)
    story = "党员教师坚持每周集体备课，带头上示范课，把党的教育方针落实到每一堂课中。" * 80
    front_matter = source.read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n"
    (folder / "index.md").write_text(front_matter + story + "\n", encoding="utf-8")  # cut inside this paragraph
    code, output = brandsite(project, "brochure", "--flyers", "--out", "out/brochure.pdf")
    assert code == 0, output
    brand = load_brands(project / "brands", project)[0][0]
    assert f"{brand.source_name}:{brand.body_line}: 警告: 「{brand.title}」的一页纸放不下全部正文" in output
    flyer = project / "out" / "一页纸.pdf"
    assert len(PdfReader(flyer).pages) == 1
    text = re.sub(r"\s+", "", pages_text(flyer)[0])
    assert "……" in text and "全文请扫描" in text
    shutil.copy(flyer, artifacts / "brochure" / "flyer-cut.pdf")
    render_pages(flyer, artifacts / "brochure" / "flyer-cut", 60)


def test_no_cjk_font_stops_with_chinese_install_hint(project):
    shutil.copytree(Path(__file__).parents[1] / "brands" / "wuse-xingdong", project / "brands" / "wuse-xingdong")
    code, output = brandsite(project, "brochure", "--font", "没有这种字体", "--out", "out/brochure.pdf")
    assert code == 1
    assert "找不到中文字体「没有这种字体」" in output and "sudo apt-get install fonts-noto-cjk" in output
    assert not (project / "out" / "brochure.pdf").exists()


def test_pages_rendered_for_people_to_look_at(made, artifacts):
    """Keep every page as PNG in test-artifacts/brochure/ (look at them before a release)."""
    folder = artifacts / "brochure"
    for name in ("a4", "a5", "shop", "flyers"):
        assert render_pages(made.pdfs[name], folder / name, 50)
        shutil.copy(made.pdfs[name], folder / f"{name}.pdf")
    assert render_pages(made.pdfs["a4"], folder / "a4-detail", 150, first=3, last=4)


def test_home_page_links_the_brochure(made):
    built = build_site(made.project)
    assert (built.site / "brochure.pdf").read_bytes() == made.pdfs["a4"].read_bytes()
    assert 'href="brochure.pdf" download>下载宣传册（PDF）</a>' in built.html("index.html")
