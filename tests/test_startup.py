"""Fixed costs of a command: `brandsite gallery` on a full cache loads no library it does not use.

A teacher adding today's photos waits for start-up more than for rendering; jieba's dictionary and
pypinyin are needed only to spell Chinese names in ASCII, WeasyPrint only for the brochure, Pillow and
libvips only when a photo must be made, MkDocs and its plugins only when mkdocs.yml changed since the
last run. What that fast start skips must still be noticed: every change below is.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from kit import images
from kit.cli import env, run_brandsite
from kit.profiles import photo, profile, write_brand
from test_errors import missing, plugin_options, unparsable, wrong_list_item, wrong_value

# What a user would notice as slowness when loaded for nothing: a second each for jieba's dictionary and
# MkDocs with its plugins and Markdown extensions, a tenth or more for each of the others.
SLOW = ("jieba", "pypinyin", "weasyprint", "pyvips", "PIL", "pillow_heif", "mkdocs", "material")

# `brandsite gallery` in a fresh interpreter, then what it loaded of the slow libraries. The jieba module
# (with pkg_resources, 0.2 s) would come with Material's search plugin, which the gallery leaves out;
# its dictionary (0.6 s to load) is what a name in Chinese needs.
_PROBE = f"""import gc, sys
from brandsite import cli
code = cli.main(["gallery"])
loaded = [name for name in {SLOW!r} if name in sys.modules]
jieba = sys.modules.get("jieba")
if jieba and any(isinstance(o, jieba.Tokenizer) and o.initialized for o in gc.get_objects()):
    loaded.append("jieba dictionary")
print(",".join(loaded))
sys.exit(code)
"""


def loaded_by_gallery(project: Path) -> set[str]:
    """What a second `brandsite gallery` (every photo already in the cache) loads of the slow libraries."""
    first = run_brandsite(project, "gallery")
    assert first.returncode == 0, first.stderr
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=project, env=env(), capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert "取自缓存 1 张" in done.stdout  # the cache was full: nothing was rendered
    return set(filter(None, done.stdout.split("\n")[-2].split(",")))


@pytest.mark.parametrize(("file", "needed"), [
    ("photos/IMG_2041.jpg", set()),
    ("photos/升旗仪式.jpg", {"jieba", "jieba dictionary", "pypinyin"}),  # its URL name is spelled in pinyin, word by word
])
def test_gallery_loads_only_what_the_photo_names_need(project: Path, file: str, needed: set[str]) -> None:
    write_brand(project, "hongzhu", profile(gallery=[photo(file, "升旗仪式")]),
                {file: images.scene((320, 240), seed=1)})
    assert loaded_by_gallery(project) == needed


def gallery(project: Path, made: int, cached: int, code: int = 0) -> str:
    """Run `brandsite gallery`; its standard error, after checking what it says it made and took from the cache."""
    done = run_brandsite(project, "gallery")
    assert done.returncode == code, done.stdout + done.stderr
    assert f"新生成 {made} 张，取自缓存 {cached} 张" in done.stdout, done.stdout + done.stderr
    return done.stderr


def widths(project: Path) -> set[int]:
    return {Image.open(path).width for path in (project / ".cache/brandsite/gallery/variants").iterdir()}


def test_a_run_on_a_full_cache_still_notices_every_change(project: Path) -> None:
    entries = [photo("photos/IMG_0101.jpg", "主题党日"), photo("photos/IMG_0102.jpg", "志愿服务")]
    write_brand(project, "hongzhu", profile(gallery=entries),
                {"photos/IMG_0101.jpg": images.scene((640, 480), seed=1), "photos/IMG_0102.jpg": images.scene((480, 640), seed=2)})
    gallery(project, made=2, cached=0)
    gallery(project, made=0, cached=2)
    assert widths(project) == {480, 640}  # 480 wide, and each photo's own width for the wider sizes

    plugin_options(project, "gallery_widths: [200, 320]")  # a gallery option in mkdocs.yml
    gallery(project, made=2, cached=0)
    assert widths(project) == {200, 320}
    gallery(project, made=0, cached=2)

    (project / "brands/hongzhu/photos/IMG_0101.jpg").write_bytes(images.scene((640, 480), seed=3))  # a new photo, same name
    gallery(project, made=1, cached=1)

    write_brand(project, "lvye", profile(title="绿野行动", gallery=[photo("photos/IMG_0301.jpg", "植树")]),
                {"photos/IMG_0301.jpg": images.scene((400, 300), seed=4)})  # a new brand
    gallery(project, made=1, cached=2)

    (project / "brands/lvye/photos/IMG_0301.jpg").unlink()  # listed, but gone
    assert "brands/lvye/index.md:" in gallery(project, made=0, cached=2, code=1)

    students = [entries[0], photo("photos/IMG_0102.jpg", "志愿服务", people="students")]  # no consent
    write_brand(project, "hongzhu", profile(gallery=students))
    assert re.search(r"brands/hongzhu/index\.md:\d+: 错误: 照片 photos/IMG_0102\.jpg 拍到了学生",
                     gallery(project, made=0, cached=0, code=1))


@pytest.mark.parametrize("break_config", [wrong_value, wrong_list_item, unparsable, missing])
def test_a_bad_mkdocs_yml_after_a_good_run_is_one_chinese_line(project: Path, break_config) -> None:
    write_brand(project, "hongzhu", profile())
    gallery(project, made=0, cached=0)
    expected = break_config(project)
    done = run_brandsite(project, "gallery")
    assert (done.returncode, done.stderr) == (1, expected)


def test_a_misspelt_option_after_a_good_run_is_still_a_warning(project: Path) -> None:
    write_brand(project, "hongzhu", profile())
    gallery(project, made=0, cached=0)
    line = plugin_options(project, "gallery_widht: [480]")
    for _ in range(2):  # each time: settings with a warning are never taken as read before
        assert gallery(project, made=0, cached=0).splitlines()[0] == (
            f"mkdocs.yml:{line}: 警告: brandsite 插件没有选项 gallery_widht，这一行不起作用 — 是不是 gallery_widths？")


def test_settings_inherited_from_another_file_are_read_each_time(project: Path) -> None:
    write_brand(project, "hongzhu", profile(gallery=[photo("photos/IMG_0101.jpg", "主题党日")]),
                {"photos/IMG_0101.jpg": images.scene((640, 480), seed=1)})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - brandsite\n", "  - brandsite:\n      gallery_widths: [200]\n"),
                      encoding="utf-8")
    (project / "site.yml").write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    for width in (200, 300):
        done = run_brandsite(project, "gallery", "--config-file", "site.yml")
        assert done.returncode == 0, done.stderr
        assert "新生成 1 张" in done.stdout and widths(project) == {width}
        config.write_text(config.read_text(encoding="utf-8").replace("[200]", "[300]"), encoding="utf-8")
