"""``brandsite brochure --print-shop --cmyk``: photos in the press's CMYK, text in black ink only, and
the CMYK profile as the PDF's output intent; read back from the PDF with pypdf and poppler."""

from __future__ import annotations

import io
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image, ImageCms
from pypdf import PdfReader

from brandsite.brochure import cmyk
from brochure_pdf import images, render_pages, run
from kit.images import scene, solid
from kit.profiles import photo, profile, write_brand
from sitebuild import copy_project
from test_brochure import brandsite

pytestmark = pytest.mark.xdist_group("brochure")

GREEN = (46, 125, 50)  # one photo of a single colour, to compare with the profile's own conversion


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, str]:
    if not cmyk.DEFAULT_PROFILE.is_file():
        pytest.fail("tools/system-deps.sh makes the FOGRA39 profile the CMYK brochure needs; run it")
    project = copy_project(tmp_path_factory.mktemp("cmyk") / "project", brands=False)
    write_brand(project, "lvye-xianfeng", profile(title="绿叶先锋", color="'#2e7d32'", gallery=[
        photo("photos/green.jpg", "纯色示例照片"), photo("photos/scene.jpg", "校园劳动实践")]),
        {"photos/green.jpg": solid((1600, 1200), GREEN, quality=95), "photos/scene.jpg": scene((1600, 1200), 4)})
    write_brand(project, "hongzhu-guang", profile(title="红烛之光", color="'#b0121b'", organization="第二党支部",
                                                  story="## 品牌介绍\n\n" + "党员教师坚持集体备课，带头上示范课。" * 12 + "\n"))
    code, output = brandsite(project, "brochure", "--print-shop", "--cmyk", "--out", "out/cmyk.pdf")
    assert code == 0, output
    return project / "out" / "cmyk.pdf", output


def test_every_photo_is_cmyk(made):
    rows = images(made[0])
    assert len(rows) == 2 and {row["color"] for row in rows} == {"cmyk"}, rows
    spaces = {x.idnum: x.get_object()["/ColorSpace"] for page in PdfReader(made[0]).pages
              for x in page["/Resources"].get("/XObject", {}).values() if x.get_object().get("/Subtype") == "/Image"}
    assert sorted(spaces.values()) == ["/DeviceCMYK", "/DeviceCMYK"]  # resources are shared between pages


def test_photo_converted_through_the_profile(made, tmp_path):
    """The single-colour photo's inks are what the FOGRA39 profile makes of that green (not a naive
    1 − RGB, which would give no black at all)."""
    run("pdfimages", "-j", made[0], tmp_path / "img")
    expected = ImageCms.applyTransform(Image.new("RGB", (1, 1), GREEN), ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(cmyk.DEFAULT_PROFILE)), "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)).getpixel((0, 0))
    found = [Image.open(jpg).convert("CMYK").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
             for jpg in sorted(tmp_path.glob("img-*.jpg"))]
    assert any(all(abs(a - b) <= 6 for a, b in zip(inks, expected)) for inks in found), (found, expected)
    assert expected[3] > 0 and expected != tuple(255 - c for c in GREEN) + (0,)


def test_output_intent_is_the_cmyk_profile(made):
    intents = PdfReader(made[0]).trailer["/Root"]["/OutputIntents"]
    assert len(intents) == 1 and intents[0]["/S"] == "/GTS_PDFX"
    stream = intents[0]["/DestOutputProfile"].get_object()
    icc = ImageCms.ImageCmsProfile(io.BytesIO(stream.get_data())).profile
    assert stream["/N"] == 4 and icc.xcolor_space.strip() == "CMYK" and icc.device_class == "prtr"
    assert "FOGRA39" in intents[0]["/OutputConditionIdentifier"] == icc.profile_description
    assert "FOGRA39" in made[1]  # the command says which condition it converted to


_OPERATOR = re.compile(rb"/(\w+) cs|([\d. ]+) (scn|sc|rg|g|k)\b|\b(Tj|TJ)\b")


def text_colours(pdf: Path) -> Counter:
    """How many text-showing operators each fill colour (colour space, values) draws, on every page."""
    shown: Counter = Counter()
    for page in PdfReader(pdf).pages:
        space, colour = "/DeviceGray", ("0",)
        for match in _OPERATOR.finditer(page.get_contents().get_data()):
            if match[1]:
                space = "/" + match[1].decode()
            elif match[3]:
                operator = match[3].decode()
                space = {"rg": "/DeviceRGB", "g": "/DeviceGray", "k": "/DeviceCMYK"}.get(operator, space)
                colour = tuple(match[2].decode().split())
            else:
                shown[(space, colour)] += 1
    return shown


def test_text_is_black_ink_only(made):
    """All text in DeviceCMYK; the story's body text (most of it) solid black `0 0 0 1`, and every
    grey (captions, page numbers) black ink only; colour only in the brands' coloured headings."""
    shown = text_colours(made[0])
    assert {space for space, _ in shown} == {"/DeviceCMYK"}, shown
    (body, _), = shown.most_common(1)
    assert body == ("/DeviceCMYK", ("0", "0", "0", "1"))
    greys = [values for _, values in shown if values[:3] == ("0", "0", "0")]
    chromatic = [values for _, values in shown if values[:3] != ("0", "0", "0")]
    assert len(greys) >= 3 and len(chromatic) <= 4, shown  # the cover's gold, the two brand colours, the accent


def test_page_content_has_no_rgb_colour(made):
    for page in PdfReader(made[0]).pages:
        data = page.get_contents().get_data()
        assert not re.search(rb"\b(rg|RG)\b|/DeviceRGB", data)


def test_pages_rendered_for_people_to_look_at(made, artifacts):
    folder = artifacts / "brochure-cmyk"
    assert render_pages(made[0], folder / "cmyk", 60)
    shutil.copy(made[0], folder / "cmyk.pdf")


def test_cmyk_needs_the_print_shop_and_excludes_the_archive(project):
    for args in (["--cmyk"], ["--print-shop", "--cmyk", "--archive"]):
        code, output = brandsite(project, "brochure", *args)
        assert code == 2 and output.startswith("brandsite brochure: 错误: "), output


@pytest.mark.parametrize("given", ["missing.icc", "rgb.icc", "text.icc", None])
def test_unusable_profile_stops_with_a_chinese_error_naming_it(project, monkeypatch, given):
    write_brand(project, "lvye-xianfeng", profile(title="绿叶先锋"))
    (project / "rgb.icc").write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (project / "text.icc").write_text("不是色彩特性文件", encoding="utf-8")
    monkeypatch.setattr(cmyk, "DEFAULT_PROFILE", project / "no-such-dir" / "FOGRA39L-coated.icc")
    args = ["--cmyk-profile", str(project / given)] if given else ["--cmyk"]
    code, output = brandsite(project, "brochure", "--print-shop", *args)
    assert code == 1
    shown = str(project / given) if given else str(cmyk.DEFAULT_PROFILE)
    assert re.match(rf"{re.escape(shown)}: 错误: .*CMYK.* — 请", output), output
    assert ("tools/system-deps.sh" in output) == (given is None)
    assert not list(project.glob("宣传册-*.pdf"))
