"""example_photos draws publishable pictures into a brand folder (here a temporary one)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from brandsite.gallery import images
from example_photos import cjk_font_path, draw_scene, write_example_photos


def test_writes_one_jpeg_per_picture(tmp_path: Path) -> None:
    brand = tmp_path / "brands" / "wuse-xingdong"
    written = write_example_photos(brand, [("red.jpg", "红色先锋示范行动", "#d7261e"), ("green.jpg", "绿色生态", "#2e7d32")])
    assert [p.name for p in written] == ["red.jpg", "green.jpg"]
    for path in written:
        with Image.open(path) as im:
            assert (im.format, im.size) == ("JPEG", (2400, 1600))
        assert images.render(path, [images.Target("jpeg", (480, None), 82)]).width == 2400


def test_scene_is_tinted_by_the_pillar_colour() -> None:
    im = draw_scene("党建+", "#1565c0", size=(240, 160))
    r, g, b = im.getpixel((5, 5))  # the sky
    assert b > r and b > g


def test_the_label_survives_the_brochures_4_3_crop() -> None:
    im = draw_scene("党建+", "#1565c0")  # 2400x1600; the brochure keeps the middle 2133 px
    kept = (2400 - 2133) // 2

    def white_pixels(box):
        return sum(1 for p in im.crop(box).get_flattened_data() if min(p) > 230)

    assert white_pixels((2400 - kept - 400, 1450, 2400 - kept, 1560)) > 100  # "示例图片" is in the kept part
    assert white_pixels((2400 - kept, 1400, 2400, 1600)) == 0  # and none of it is cut off


def test_the_installed_noto_cjk_font_is_found() -> None:
    """tools/system-deps.sh installs fonts-noto-cjk; the brochure needs it as well."""
    if shutil.which("fc-list") is None:
        pytest.skip("没有 fontconfig（fc-list）：请运行 tools/system-deps.sh")
    chinese = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=True).stdout
    if "NotoSansCJK" not in chinese:
        pytest.skip("fontconfig 找不到 Noto CJK 字体：请运行 tools/system-deps.sh 安装 fonts-noto-cjk")
    font = cjk_font_path()
    assert font is not None and font.is_file()
    assert f"{font}: " in chinese  # fontconfig lists it among the fonts with Chinese glyphs
