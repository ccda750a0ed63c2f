"""Hostile and careless profiles (issue 11: findings 7, 10, 11 and the symlink of 14).

Each test writes the profile a teacher or an attacker would, runs `brandsite check`, `review`
or `build` in a subprocess (a crash of libyaml takes the whole process down) and reads what
the teacher reads: the exit code, whole Chinese lines, no traceback, no staging folder left.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from brandsite.profile import textfile, yamltext
from fixtures import make_images as make
from kit.cli import run_brandsite
from kit.profiles import photo, profile, write_brand
from sitebuild import ROOT

SLUG = "hongzhu-xianfeng"
WHERE = f"brands/{SLUG}/index.md"
PEOPLE_HINT = "请写 none（无人物）、adults（只有成人）或 students（有学生）"


def run(project: Path, command: str) -> tuple[int, list[str], float]:
    """(exit code, every output line, seconds) of one brandsite command, as a teacher runs it."""
    start = time.monotonic()
    result = run_brandsite(project, command)
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "Error:" not in output, output[-3000:]
    return result.returncode, output.splitlines(), time.monotonic() - start


def assert_refused(project: Path, command: str, line: str, seconds: float = 30) -> None:
    code, lines, took = run(project, command)
    expected = f"{line} [schema]" if command == "review" else line
    assert code == 1 and expected in lines, "\n".join(lines[-20:])
    assert took < seconds, f"{command} took {took:.0f} s"
    assert not list(project.glob(".site.*")), "a staging folder was left behind"
    assert not (project / "site").exists()


def nesting(line: int, what: str = "field") -> str:
    if what == "field":
        return f"{WHERE}:{line}: 错误: 字段区的括号或缩进嵌套超过 20 层 — 请检查这一行是否多打了 [、{{ 或“- ”；档案的字段最多嵌套三层"
    return f"{WHERE}:{line}: 错误: 正文的列表、引用（>）或缩进嵌套超过 20 层 — 请减少行首的缩进和 >、- 符号"


def too_long(line: int, chars: int) -> str:
    return f"{WHERE}:{line}: 错误: 这一行有 {chars} 个字符，超过上限 10000 — 请在句子之间分段，段与段之间空一行"


EMPHASIS = "这一段的强调符号 * 和 _ 超过 200 个 — 加粗只需在文字两边各写两个 *，如 **重点**；请删去多余的 * 和 _"
BRACKETS = "这一段的方括号 [ 超过 100 个 — 英文方括号用于链接和图片，如 [文字](网址)；普通文字请改用中文方括号【】"
HTML = "正文里的 HTML 标签嵌套超过 20 层 — 请删去这些 HTML 标签，只写文字和图片"


# --- finding 7: nesting and line length ------------------------------------------------------

@pytest.mark.parametrize("command", ["check", "review", "build"])
def test_thirty_thousand_brackets_in_a_field_do_not_crash_any_command(project, command):
    """The issue's steps: libyaml crashed check, review and build, and build left .site.new-*."""
    write_brand(project, SLUG, profile(raw="tags: " + "[" * 30000 + "]" * 30000 + "\n"))
    assert_refused(project, command, too_long(6, 60006))


@pytest.mark.parametrize("fields,line", [
    ("tags: [\n" + " [\n" * 30000 + " ]\n" * 30001, 25),  # one "[" a line: short lines, deep all the same
    ("tags: {a:\n" + " {a:\n" * 30000 + " }\n" * 30001, 25),
    ("tags:\n" + "".join("  " * i + "-\n" for i in range(1, 300)), 26),  # block sequences, one per line
    ("gallery:\n" + "".join("  " * i + "a:\n" for i in range(1, 300)), 26),  # block mappings
    ("tags: " + "[{a: " * 1000 + "\n", 6),
    ("tags:\n  " + "- " * 1000 + "x\n", 7),  # the issue's "- - - -" on one line
], ids=["flow-lists-on-lines", "flow-maps-on-lines", "dashes-on-lines", "mappings", "mixed", "dashes-on-a-line"])
def test_deeply_nested_fields_are_refused_before_yaml_reads_them(project, fields, line):
    write_brand(project, SLUG, profile(raw=fields))
    assert_refused(project, "check", nesting(line), seconds=10)


def test_deep_fields_stop_the_build_with_the_message(project):
    write_brand(project, SLUG, profile(raw="tags: [\n" + " [\n" * 30000 + " ]\n" * 30001))
    assert_refused(project, "build", nesting(25))


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("story,message", [
    ("*" * 2000 + "党建" + "*" * 2000 + "\n", f"{WHERE}:7: 错误: {EMPHASIS}"),
    ("".join("    " * i + "- 一项\n" for i in range(300)), nesting(7 + 20, "story")),
], ids=["2000-stars", "list-300-deep"])
def test_story_that_crashed_the_build_is_refused_by_check_and_build(project, command, story, message):
    """The issue's steps: `check` passed, `build` died of RecursionError."""
    write_brand(project, SLUG, profile(story=story))
    assert_refused(project, command, message)


@pytest.mark.parametrize("story,message", [
    ("_" * 2000 + "党建" + "_" * 2000 + "\n", f"{WHERE}:7: 错误: {EMPHASIS}"),
    ("*重点 " * 1000 + "党建" + " 重点*" * 1000 + "\n", f"{WHERE}:7: 错误: {EMPHASIS}"),
    ("".join("*重点\n" for _ in range(1000)), f"{WHERE}:207: 错误: {EMPHASIS}"),  # one paragraph, many lines
    ("- " * 300 + "一项\n", nesting(7, "story")),
    ("".join("  " * i + "- 一项\n" for i in range(300)), nesting(7 + 40, "story")),
    (">" * 2000 + " 引用\n", nesting(7, "story")),
    ("".join("> " * i + "引用\n\n" for i in range(1, 300)), nesting(7 + 2 * 20, "story")),
    ("<div markdown>\n" * 3000 + "字\n" + "</div>\n" * 3000, f"{WHERE}:27: 错误: {HTML}"),
    ("<span>字\n" * 3000 + "</span>\n" * 3000, f"{WHERE}:27: 错误: {HTML}"),
    ("> " + "    " * 300 + "- 一项\n", nesting(7, "story")),  # a list nested inside a quote
    ("".join("<li markdown>\n" for _ in range(3000)), f"{WHERE}:27: 错误: {HTML}"),
    ("[\n" * 20000 + "]\n" * 20000, f"{WHERE}:107: 错误: {BRACKETS}"),  # one paragraph of brackets
    ("[链接](" * 2000 + "\n", f"{WHERE}:7: 错误: {BRACKETS}"),
    ("[" * 10000 + "]" * 10000 + "\n", too_long(7, 20000)),  # the issue's line: 98 s to build
    ("党" * 30000 + "\n", too_long(7, 30000)),
], ids=["2000-underscores", "nested-stars", "stars-on-lines", "dashes-on-a-line", "list-2-spaces", "2000-quotes",
        "quotes-on-lines", "div-markdown", "spans", "list-in-quote", "li-markdown", "brackets-on-lines", "open-links",
        "brackets-line", "long-line"])
def test_hostile_story_variants_are_refused_with_their_line(project, story, message):
    write_brand(project, SLUG, profile(story=story))
    assert_refused(project, "check", message, seconds=10)


def test_line_of_twenty_thousand_brackets_stops_the_build_at_once(project):
    write_brand(project, SLUG, profile(story="[" * 10000 + "]" * 10000 + "\n"))
    assert_refused(project, "build", too_long(7, 20000), seconds=20)


def test_story_at_every_limit_still_builds(project):
    """The limits sit far below what Markdown can take: a story right at each one is published."""
    story = ("".join("    " * i + "- 一项\n" for i in range(textfile.MAX_STORY_NESTING)) + "\n"
             + "*" * (textfile.MAX_EMPHASIS_MARKS // 2) + "党建" + "*" * (textfile.MAX_EMPHASIS_MARKS // 2) + "\n\n"
             + "[" * textfile.MAX_LINK_BRACKETS + "链接\n\n"
             + "<div markdown>\n" * textfile.MAX_STORY_NESTING + "字\n" + "</div>\n" * textfile.MAX_STORY_NESTING
             + "\n" + "党" * textfile.MAX_LINE_CHARS + "\n")
    note = "note: " + "[" * (yamltext.MAX_NESTING - 1) + "党建" + "]" * (yamltext.MAX_NESTING - 1) + "\n"
    write_brand(project, SLUG, profile(raw=note, story=story))  # an unknown field: only a warning
    code, lines, _ = run(project, "build")
    assert code == 0, "\n".join(lines[-20:])
    assert (project / "site" / "brands" / SLUG / "index.html").is_file()


def _real_profiles() -> list[Path]:
    shared = ROOT.parent / "shared"
    return sorted([*ROOT.glob("brands/*/index.md"), *shared.glob("corpus/profiles/*.md"), *shared.glob("seeds/*.txt")])


def test_real_profiles_stay_under_a_fifth_of_every_limit(monkeypatch):
    """The margin: the example brands, the corpus and the public reports reach under 1/5 of each limit."""
    for name in ("MAX_LINE_CHARS", "MAX_STORY_NESTING", "MAX_EMPHASIS_MARKS", "MAX_LINK_BRACKETS"):
        monkeypatch.setattr(textfile, name, getattr(textfile, name) // 5)
    monkeypatch.setattr(yamltext, "MAX_NESTING", yamltext.MAX_NESTING // 5)
    profiles = _real_profiles()
    assert len(profiles) >= 9
    for path in profiles:
        assert path.stat().st_size < textfile.WARN_BYTES / 5, path
        decoded = textfile.decode(path.read_bytes())
        split = textfile.split_front_matter(decoded.text)
        assert textfile.long_line(decoded.text) is None, path
        assert textfile.story_excess(split.body) is None, path
        assert split.yaml is None or yamltext.too_deep(split.yaml) is None, path


# --- finding 10: size ------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["check", "review", "build"])
def test_fifty_megabyte_profile_is_refused_unread(project, command):
    index = write_brand(project, SLUG, profile())
    paragraph = ("党支部组织党员教师开展主题党日活动。" * 20 + "\n\n").encode()
    with index.open("ab") as handle:
        handle.write(paragraph * (50 * 1024 * 1024 // len(paragraph)))
    assert_refused(project, command, f"{WHERE}: 错误: 档案有 50.0 MB，超过上限 2.0 MB，没有读取 — "
                                     "品牌档案只写品牌介绍，一般不到 10 KB：请删去整篇粘贴进来的材料", seconds=15)


def test_six_hundred_kilobyte_story_is_warned_and_still_reviewed_and_built(project):
    paragraph = "党支部组织党员教师开展主题党日活动，围绕立德树人根本任务，推进党建与教育教学深度融合。" * 8
    story = "## 品牌介绍\n\n" + (paragraph + "\n\n") * (600 * 1024 // len((paragraph + "\n\n").encode()))
    write_brand(project, SLUG, profile(story=story))
    warning = (f"{WHERE}: 警告: 档案有 600 KB，超过 200 KB，比一般的档案大得多，网站生成和搜索都会变慢 — "
               "请只保留品牌介绍，不要把长篇材料整篇粘贴进来")
    code, lines, _ = run(project, "check")
    assert code == 0 and warning in lines
    code, lines, _ = run(project, "review")
    assert code == 0 and f"{warning} [schema]" in lines
    code, lines, _ = run(project, "build")
    assert code == 0 and (project / "site" / "brands" / SLUG / "index.html").is_file()


# --- finding 11: people, and unlisted copies of published photos ------------------------------

def _photo(project: Path, name: str, slug: str = SLUG, size=(1600, 1200)) -> Path:
    path = project / "brands" / slug / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return make.photo_jpeg(path, size)


def test_photo_without_people_is_not_published(project):
    write_brand(project, SLUG, profile(raw="gallery:\n  - file: photos/课堂.jpg\n    caption: 党员教师上示范课\n"))
    _photo(project, "photos/课堂.jpg")
    line = f"{WHERE}:7: 错误: 照片 photos/课堂.jpg 还没有填写 people（人物） — {PEOPLE_HINT}"
    assert_refused(project, "check", line)
    assert_refused(project, "build", line)


def test_photo_with_chinese_keys_and_no_people_names_the_chinese_key(project):
    write_brand(project, SLUG, profile(raw="相册:\n  - {文件: photos/课堂.jpg, 说明: 党员教师上示范课}\n"))
    _photo(project, "photos/课堂.jpg")
    assert_refused(project, "check", f"{WHERE}:7: 错误: 照片 photos/课堂.jpg 还没有填写 人物 — {PEOPLE_HINT}")


def _duplicate_line(file: str, first: str, slug: str = SLUG) -> str:
    return (f"brands/{slug}/index.md: 警告: 照片 {file} 没有列在相册里，但和已发布的 {first} 是同一张，它的内容会发布 — "
            f"如果这张照片不能发布，请把 {first} 也从相册里删去；否则删去多余的 {file} [photo-duplicate]")


def test_unlisted_copy_of_a_published_photo_is_reported_as_a_duplicate(project):
    write_brand(project, SLUG, profile(gallery=[photo("photos/合影.jpg", "党员教师合影", "adults")]))
    published = _photo(project, "photos/合影.jpg")
    shutil.copy(published, published.with_name("学生合影.jpg"))  # "not listed, so not published"
    other = write_brand(project, "qita-pinpai", profile())
    shutil.copy(published, other.parent / "photos" / "副本.jpg")
    different = published.with_name("另一张.jpg")  # same size, other bytes: never read in full
    different.write_bytes(bytes(reversed(published.read_bytes())))
    code, lines, _ = run(project, "review")
    assert code == 0
    found = [line for line in lines if "[photo-duplicate]" in line]
    assert found == [_duplicate_line("photos/学生合影.jpg", f"brands/{SLUG}/photos/合影.jpg"),
                     _duplicate_line("photos/副本.jpg", f"brands/{SLUG}/photos/合影.jpg", "qita-pinpai")]


# --- finding 14: symbolic links in photos/ ----------------------------------------------------

LINK_HINT = "请把照片文件本身复制进本品牌的 photos 文件夹，再删去这个快捷方式"


def _link_line(line: int, file: str, problem: str = "照片") -> str:
    return f"{WHERE}:{line}: 错误: {problem}“{file}”是快捷方式（符号链接），不是照片文件本身 — {LINK_HINT}"


@pytest.mark.parametrize("target", ["outside", "inside"])
def test_symlinked_photo_is_refused_with_its_own_message(project, tmp_path, target):
    index = write_brand(project, SLUG, profile(gallery=[photo("photos/link.jpg", "党员教师合影", "adults")]))
    real = _photo(project, "photos/real.jpg") if target == "inside" else make.photo_jpeg(tmp_path / "secret.jpg", (1600, 1200))
    os.symlink(real, index.parent / "photos" / "link.jpg")
    code, lines, _ = run(project, "check")
    assert code == 1 and _link_line(7, "photos/link.jpg") in lines
    assert not any("是不是" in line for line in lines)


def test_symlinked_photos_folder_cover_and_story_image_are_refused(project, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    make.photo_jpeg(outside / "a.jpg", (1600, 1200))
    (outside / "private.txt").write_text("不该出现在审阅里", encoding="utf-8")
    index = write_brand(project, SLUG, profile(cover="photos/a.jpg", gallery=[photo("photos/a.jpg", "合影", "adults")],
                                               story="## 品牌介绍\n\n![合影](photos/a.jpg)\n"))
    (index.parent / "photos").rmdir()
    os.symlink(outside, index.parent / "photos")
    code, lines, _ = run(project, "review")
    assert code == 1
    assert [line for line in lines if "快捷方式" in line] == [
        f"{_link_line(6, 'photos/a.jpg')} [photo-missing]",
        f"{_link_line(8, 'photos/a.jpg')} [photo-missing]",
        f"{_link_line(14, 'photos/a.jpg', '正文里的图片')} [photo-missing]"]
    assert not any("private.txt" in line for line in lines)
