"""Chinese line breaking and justification, measured on pages WeasyPrint renders."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from weasyprint import HTML

from brandsite.brochure.fonts import FontMissing, find_cjk_font
from brandsite.brochure.qr import qr_svg
from brandsite.brochure.typeset import CLOSING, JOIN, cjk, cut_paragraphs, groups, sentence_ends
from brochure_pdf import run

FAMILY = "Noto Serif CJK SC"
# 21 characters, then a dash: in a 21-em column Pango breaks before the dash.
DASHED = "党员教师认领示范岗和示范班带头上公开课并且——带头承担急难险重任务，把“双培养”落到实处……五色行动常做常新。" * 3


def lines(pdf: bytes, tmp_path) -> list[tuple[str, float, float]]:
    """(text, xMin, xMax) of each rendered line: pdftotext -bbox-layout words grouped by their
    top (its own <line>s split a printed line at wide justified gaps)."""
    path = tmp_path / "t.pdf"
    path.write_bytes(pdf)
    xml = run("pdftotext", "-bbox-layout", path, "-")
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    rows: dict[int, list[tuple[float, float, str]]] = {}
    for word in root.iter("word"):
        top = round(float(word.get("yMin")))
        rows.setdefault(top, []).append((float(word.get("xMin")), float(word.get("xMax")), word.text or ""))
    found = []
    for top in sorted(rows):
        words = sorted(rows[top])
        found.append(("".join(w[2] for w in words), words[0][0], max(w[1] for w in words)))
    return found


def paragraph(html: str, justify_space: float | None, align: str = "justify") -> bytes:
    spacing = f"word-spacing: -{justify_space}em;" if justify_space else ""
    return HTML(string=f"""<html lang="zh-CN"><style>
        @page {{ size: 120mm 200mm; margin: 10mm; }}
        body {{ margin: 0; font: 10pt "{FAMILY}"; }}
        p {{ width: 21em; text-align: {align}; {spacing} }}
        </style><p>{html}</p></html>""").write_pdf()


def test_groups_keep_punctuation_with_its_character():
    assert groups("分工——又“同一个”目标……让100%党旗（飘）起来。") == [
        "分", f"工{JOIN}—{JOIN}—", "又", f"“{JOIN}同", "一", f"个{JOIN}”", "目", f"标{JOIN}…{JOIN}…", "让",
        f"100{JOIN}%", "党", "旗", f"（{JOIN}飘{JOIN}）", "起", f"来{JOIN}。"]
    assert str(cjk("A&B")) == "A &amp; B"


def test_weasyprint_alone_starts_a_line_with_a_dash(tmp_path):
    """The trap DESIGN.md names, reproduced: without typeset, a line begins with ——."""
    starts = [text[0] for text, _, _ in lines(paragraph(DASHED, None), tmp_path)]
    assert "—" in starts


def test_no_line_starts_with_closing_punctuation_after_typeset(tmp_path):
    font = find_cjk_font(FAMILY)
    rendered = lines(paragraph(cjk(DASHED), font.space_em), tmp_path)
    assert len(rendered) > 3
    for text, _, _ in rendered:
        assert text[0] not in CLOSING, text


def test_justified_chinese_lines_end_flush_with_the_column(tmp_path):
    font = find_cjk_font(FAMILY)
    rendered = lines(paragraph(cjk(DASHED), font.space_em), tmp_path)
    right = max(x for _, _, x in rendered)
    assert all(abs(x - right) < 0.6 for _, _, x in rendered[:-1]), rendered  # 0.6 pt
    # the same line breaks without the stretch: kinsoku leaves lines short by up to two characters
    ragged = lines(paragraph(cjk(DASHED), font.space_em, align="left"), tmp_path)
    assert any(right - x > 5 for _, _, x in ragged[:-1]), ragged


def test_missing_font_is_a_chinese_message_with_the_install_command():
    with pytest.raises(FontMissing, match="sudo apt-get install fonts-noto-cjk"):
        find_cjk_font("Nonexistent Font SC")


def test_installed_font_reports_its_weights_and_space():
    font = find_cjk_font(FAMILY)
    assert font.weights == (400, 700)
    assert 0.2 < font.space_em < 0.3


def test_story_cut_at_sentences():
    paragraphs = ["第一句。第二句！", "第三句。"]
    assert sentence_ends(paragraphs) == [4, 8, 12]
    assert cut_paragraphs(paragraphs, 4) == ["第一句。……"]
    assert cut_paragraphs(paragraphs, 12) == paragraphs


def test_qr_svg_has_one_fill_per_element_and_a_size_in_mm():
    svg = str(qr_svg("https://www.example.edu.cn/dangjian/brands/wuse-xingdong/", 22, '二维码："<示例>" & 网页'))
    assert svg.count("<path") == 1 and svg.count("fill=") == 2  # the white square and the modules
    assert "<title>二维码：&#34;&lt;示例&gt;&#34; &amp; 网页</title>" in svg  # the tagged PDF's alt text, escaped
    side = float(re.search(r'width="([\d.]+)mm"', svg)[1])
    assert 22 < side < 22 * 1.3
