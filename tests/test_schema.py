"""The loader on profiles as teachers really write them: our own fixtures, then the shared corpus."""

import csv
import re
import shutil
from pathlib import Path

import pytest

from brandsite.findings import Level
from brandsite.profile.loader import load_brand, load_brands
from brandsite.profile.reader import parse_date
from brandsite.model import PartialDate
from conftest import require_corpus
from kit.profiles import profile, write_brand

BASE = profile(school="示例市实验中学", launched="2022-09-01", tags="[党建, 志愿服务]")


def load(tmp_path: Path, text: str | bytes, photos: dict | None = None, slug: str = "hongzhu-xianfeng"):
    index = write_brand(tmp_path, slug, text, photos)
    return load_brand(index, tmp_path)


def lines(findings, level=None):
    return [str(f) for f in findings if level is None or f.level is level]


def test_baseline_loads_without_findings(tmp_path):
    brand, findings = load(tmp_path, BASE)
    assert findings == []
    assert (brand.title, brand.slogan, brand.school) == ("红烛先锋", "燃烧自己，照亮他人", "示例市实验中学")
    assert brand.launched == PartialDate(2022, 9, 1)
    assert brand.tags == ("党建", "志愿服务")
    assert brand.body_line == 9 and brand.body.startswith("## 品牌介绍")


@pytest.mark.parametrize("encode", [
    lambda t: b"\xef\xbb\xbf" + t.encode(),
    lambda t: t.replace("\n", "\r\n").encode(),
    lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(),
], ids=["bom", "crlf", "bom-crlf"])
def test_editor_encodings_read_exactly_like_utf8(tmp_path, encode):
    brand, findings = load(tmp_path, encode(BASE))
    assert findings == []
    assert brand.slogan == "燃烧自己，照亮他人" and not brand.body.endswith("\r")


@pytest.mark.parametrize("codec,word", [("gbk", "GBK"), ("utf-16", "UTF-16")])
def test_gbk_and_utf16_are_read_with_a_warning_to_save_as_utf8(tmp_path, codec, word):
    brand, findings = load(tmp_path, BASE.encode(codec))
    assert brand.title == "红烛先锋"
    assert lines(findings) == [f"brands/hongzhu-xianfeng/index.md: 警告: 文件{'编码' if codec == 'gbk' else ''}是 {word}"
                               + lines(findings)[0].split(word, 1)[1]]
    assert "另存为" in lines(findings)[0] and "UTF-8" in lines(findings)[0]


def test_undecodable_bytes_are_refused_without_mojibake(tmp_path):
    brand, findings = load(tmp_path, b"---\ntitle: \xff\xfe\x00\x81\x82\x83\x84\n---\n" + bytes(range(128, 256)))
    assert brand is None
    assert "编码不是 UTF-8" in lines(findings, Level.ERROR)[0]


def test_fullwidth_colon_and_spaces_are_corrected_and_reported_on_their_lines(tmp_path):
    text = BASE.replace("slogan: ", "口号：").replace("school: ", "school:\u3000").replace("title: ", "title:")
    brand, findings = load(tmp_path, text)
    assert brand.slogan == "燃烧自己，照亮他人" and brand.school == "示例市实验中学" and brand.title == "红烛先锋"
    assert [f.line for f in findings] == [2, 3, 5]
    assert "中文冒号" in lines(findings)[1] and "英文冒号" in lines(findings)[1]


def test_duplicate_keys_name_both_lines(tmp_path):
    brand, findings = load(tmp_path, BASE.replace("school:", "title: 红烛\nschool:"))
    assert brand is None
    assert lines(findings) == ["brands/hongzhu-xianfeng/index.md:5: 错误: title 写了两次（第 2 行的 title 和第 5 行） — "
                               "请删去其中一个，只保留正确的那一个"]


def test_english_and_chinese_key_for_one_field_count_as_duplicates(tmp_path):
    _, findings = load(tmp_path, BASE.replace("school:", "口号: 另一句\nschool:"))
    assert "口号 写了两次" in lines(findings, Level.ERROR)[0]


def test_missing_required_fields_use_the_language_of_the_keys(tmp_path):
    _, findings = load(tmp_path, "---\n品牌名称: 红烛先锋\n学校: 示例中学\n---\n正文\n")
    assert lines(findings, Level.ERROR) == [
        "brands/hongzhu-xianfeng/index.md:1: 错误: 缺少 口号 — 请在字段区加一行 口号: …",
        "brands/hongzhu-xianfeng/index.md:1: 错误: 缺少 党组织 — 请在字段区加一行 党组织: …",
    ]
    _, findings = load(tmp_path, BASE.replace("slogan: 燃烧自己，照亮他人", "slogan: ''"))
    assert lines(findings) == ["brands/hongzhu-xianfeng/index.md:3: 错误: slogan（口号）不能为空 — 请填写口号"]


@pytest.mark.parametrize("text,expected", [
    ("2022年9月", PartialDate(2022, 9)), ("2022.9.1", PartialDate(2022, 9, 1)), ("2022-9-1", PartialDate(2022, 9, 1)),
    ("2022/09/01", PartialDate(2022, 9, 1)), ("2018", PartialDate(2018)), ("2018-04", PartialDate(2018, 4)),
    ("２０２２年９月", PartialDate(2022, 9)), ("2022-09-31", None), ("二〇二二年", None), ("2022-2023学年", None),
])
def test_dates_the_way_teachers_write_them(text, expected):
    assert parse_date(text) == expected


def test_impossible_date_names_field_and_value(tmp_path):
    _, findings = load(tmp_path, BASE.replace("2022-09-01", "2022-09-31"))
    assert lines(findings) == ["brands/hongzhu-xianfeng/index.md:6: 错误: launched（创建时间）“2022-09-31”不是一个有效的日期 — "
                               "请写成 2022-09-01、2022-09 或 2022 这样的形式"]


@pytest.mark.parametrize("text,message,line", [
    ("---\ntitle: 红烛\n", "开头的 --- 没有对应的结束行", 1),
    ("# 只有正文\n", "档案开头缺少字段区", 1),
    ("---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\n", "不支持 YAML 标签", 2),
    ("---\na: &a [红, 红]\nb: [*a, *a]\ntitle: *a\n---\n", "& 锚点或 * 引用", 2),
    (BASE.replace("slogan: 燃烧自己，照亮他人", "slogan: 学习: 永远在路上"), "值里又出现了“: ”", 3),
    (BASE.replace("organization: 第一党支部", "organization: '第一党支部"), "引号没有配对", 4),
    (BASE.replace("tags: [党建, 志愿服务]", 'cover: "C:\\Users\\张老师\\封面.jpg"'), "反斜杠", 7),
    (BASE.replace("tags: [党建, 志愿服务]", "tags:\n\t- 党建"), "Tab", 8),
], ids=["unclosed", "no-front-matter", "python-tag", "alias-bomb", "colon-in-value", "unclosed-quote",
        "windows-path", "tab-indent"])
def test_broken_yaml_is_refused_with_file_line_and_fix(tmp_path, text, message, line):
    brand, findings = load(tmp_path, text)
    assert brand is None
    errors = [f for f in findings if f.is_error]
    assert errors and message in errors[0].message and errors[0].line == line and errors[0].hint


def test_photo_paths_cannot_leave_the_brand_folder(tmp_path):
    jpeg = b"\xff\xd8\xff\xd9"
    text = BASE.replace("tags: [党建, 志愿服务]", """gallery:
  - {file: ../../etc/passwd, caption: 一}
  - {file: /etc/passwd, caption: 二}
  - {file: 'D:\\\\照片\\\\a.jpg', caption: 三}
  - {file: "%2e%2e/%2e%2e/etc/passwd", caption: 四}
  - {file: photos/../../../x.jpg, caption: 五}
  - {file: file:///etc/passwd, caption: 六}
  - {file: photos\\\\ok.jpg, caption: 七, people: none}""")
    brand, findings = load(tmp_path, text, {"photos/ok.jpg": jpeg})
    assert brand is None
    errors = [f for f in findings if f.is_error]
    assert [f.line for f in errors] == [8, 9, 10, 11, 12, 13]
    assert all("photos 文件夹" in f.hint for f in errors)


def test_wrong_case_or_width_photo_name_suggests_the_real_file(tmp_path):
    text = BASE.replace("tags: [党建, 志愿服务]", "gallery:\n  - {file: photos/ＩＭＧ_0001.jpg, caption: 主题党日}")
    _, findings = load(tmp_path, text, {"photos/IMG_0001.JPG": b"x"})
    assert lines(findings, Level.ERROR) == [
        "brands/hongzhu-xianfeng/index.md:8: 错误: 找不到照片“photos/ＩＭＧ_0001.jpg” — 是不是 photos/IMG_0001.JPG？"
        "（文件名的大小写、全角半角或括号不一致）"]


def test_students_need_consent_and_every_photo_a_caption(tmp_path):
    text = BASE.replace("tags: [党建, 志愿服务]", """gallery:
  - file: photos/a.jpg
    caption: 课堂
    people: 学生
  - file: photos/b.jpg
    people: adults
  - file: photos/c.jpg
    caption: 开学典礼
    people: students
    consent: 是""")
    brand, findings = load(tmp_path, text, {f"photos/{n}.jpg": b"x" for n in "abc"})
    assert brand is None
    assert [(f.line, f.rule) for f in findings] == [(8, "photo-consent"), (11, "photo-caption")]
    assert "consent: true" in str(findings[0])


@pytest.mark.parametrize("entry,line", [
    ("  - file: photos/a.jpg\n    caption: 课堂", 8),
    ("  - file: photos/a.jpg\n    caption: 课堂\n    people:", 10),
    ("  - {file: photos/a.jpg, caption: 课堂, consent: true}", 8),
], ids=["missing", "empty", "flow-with-consent"])
def test_every_photo_must_say_who_is_in_it(tmp_path, entry, line):
    brand, findings = load(tmp_path, BASE.replace("tags: [党建, 志愿服务]", "gallery:\n" + entry), {"photos/a.jpg": b"x"})
    assert brand is None
    assert lines(findings) == [f"brands/hongzhu-xianfeng/index.md:{line}: 错误: 照片 photos/a.jpg 还没有填写 people（人物） — "
                               "请写 none（无人物）、adults（只有成人）或 students（有学生）"]


def test_chinese_keyed_photo_without_people_names_the_chinese_key(tmp_path):
    text = BASE.replace("tags: [党建, 志愿服务]", "相册:\n  - 文件: photos/a.jpg\n    说明: 课堂")
    brand, findings = load(tmp_path, text, {"photos/a.jpg": b"x"})
    assert lines(findings) == ["brands/hongzhu-xianfeng/index.md:8: 错误: 照片 photos/a.jpg 还没有填写 人物 — "
                               "请写 none（无人物）、adults（只有成人）或 students（有学生）"]


def test_unlisted_photos_are_reported_and_junk_ignored(tmp_path):
    write_brand(tmp_path, "a", BASE, {"photos/IMG_1.jpg": b"x", "photos/.DS_Store": b"x", "photos/._IMG_1.jpg": b"x",
                                      "photos/Thumbs.db": b"x"})
    brands, findings = load_brands(tmp_path / "brands", tmp_path)
    assert len(brands) == 1
    assert lines(findings) == ["brands/a/index.md: 警告: 照片 photos/IMG_1.jpg 没有列在相册里，不会发布 — "
                               "要发布就在 gallery 里加一项并写说明；不发布就把它移出 photos 文件夹"]


def test_all_files_are_checked_before_anything_is_reported(tmp_path):
    write_brand(tmp_path, "a", BASE.replace("slogan: 燃烧自己，照亮他人\n", ""))
    write_brand(tmp_path, "b", BASE.replace("2022-09-01", "2022-13-01"))
    write_brand(tmp_path, "Bad_Name", BASE)
    brands, findings = load_brands(tmp_path / "brands", tmp_path)
    assert brands == []
    assert sorted(f.path for f in findings if f.is_error) == \
        ["brands/Bad_Name/index.md", "brands/a/index.md", "brands/b/index.md"]


def test_light_colours_are_darkened_for_white_text(tmp_path):
    text = BASE.replace("tags:", 'color: "#FFD700"\npillars:\n  - {name: 黄色行动, color: "#ff0"}\ntags:')
    brand, findings = load(tmp_path, text)
    from brandsite.profile.colors import contrast_with_white
    assert contrast_with_white(brand.color) >= 4.5 and contrast_with_white(brand.pillars[0].color) >= 4.5
    assert [f.level for f in findings] == [Level.INFO, Level.INFO] and "已加深为" in findings[0].message


def test_story_scripts_are_warned_of_as_the_review_finds_them(tmp_path):
    """An attribute after a slash or a quote, a scheme hidden in an entity: the build strips them, the teacher is told."""
    story = ('## 品牌介绍\n\n<svg/onload=alert(1)>\n\n[点我](&#106;avascript:alert(1))\n\n'
             '<img src="x"onerror="alert(1)">\n')
    brand, findings = load(tmp_path, BASE.replace("## 品牌介绍\n\n正文。\n", story))
    where, hint = "brands/hongzhu-xianfeng/index.md", "请删去这段代码，只写文字和图片"
    assert lines(findings) == [f"{where}:11: 警告: 正文里有 on… 事件属性，发布时已删除 — {hint}",
                               f"{where}:13: 警告: 正文里有 javascript: 链接，发布时已删除 — {hint}",
                               f"{where}:15: 警告: 正文里有 on… 事件属性，发布时已删除 — {hint}"]
    assert brand is not None


# ---- the shared corpus: each profile gets what its MANIFEST.tsv asks for ----

# file -> (publishable, substrings that must appear in the findings, in order)
EXPECTED = {
    "t00_baseline_en_keys.md": (True, []),
    "t01_baseline_zh_keys.md": (True, []),
    "t02_fullwidth_colon_some_keys.md": (True, [":4: 警告: “支部”后面用了中文冒号", ":5: 警告: “口号”后面用了中文冒号"]),
    "t03_fullwidth_colon_all_keys.md": (False, [":2: 警告: “品牌名称”后面用了中文冒号", "请使用英文冒号 : 并在其后加空格"]),
    "t04_no_space_after_colon.md": (True, [":2: 警告: “title:”后面缺少半角空格", ":5: 警告: “slogan:”后面缺少半角空格"]),
    "t05_ideographic_space_after_colon.md": (True, [":2: 警告: “title:”后面缺少半角空格"]),
    "t06_ideographic_space_indent.md": (True, [":9: 警告: 行首用了全角空格缩进"]),
    "t07_tabs.md": (False, [":9: 错误: 这一行有 Tab 字符"]),
    "t08_utf8_bom.md": (True, []),
    "t09_crlf.md": (True, []),
    "t10_bom_crlf_notepad.md": (True, []),
    "t11_gbk_ansi.md": (True, ["警告: 文件编码是 GBK", "另存为"]),
    "t13_utf16le_bom.md": (True, ["警告: 文件是 UTF-16", "另存为"]),
    "t14_duplicate_keys.md": (False, [":4: 错误: title 写了两次（第 2 行", ":15: 错误: photos 写了两次（第 9 行"]),
    "t15_chinese_dates.md": (True, ["不认识的字段“activity_date”"]),
    "t16_invalid_date.md": (False, [":6: 错误: founded（创建时间）“2022-09-31”不是一个有效的日期"]),
    "t17_unclosed_front_matter.md": (False, [":1: 错误: 开头的 --- 没有对应的结束行"]),
    "t19_emoji.md": (True, []),
    "t20_very_long_title.md": (True, [":2: 警告: title（品牌名称）太长（204 字）"]),
    "t21_photo_ref_wrong_case.md": (False, [":9: 错误: 找不到照片“photos/IMG_0001.jpg” — 是不是 photos/IMG_0001.JPG？",
                                            ":26: 错误: 找不到正文里的图片“photos/ＩＭＧ＿０００１.JPG” — 是不是 photos/IMG_0001.JPG？"]),
    "t22_photo_ref_chinese_names.md": (False, [":11: 错误: 找不到照片“照片 (2023年)/校园活动 01.JPG” — 是不是 照片 （2023年）/"]),
    "t23_path_traversal.md": (False, [":7: 错误: 照片路径“../../etc/passwd”跑出了品牌文件夹",
                                      ":9: 错误: 照片路径“/etc/passwd”指向电脑上的其他位置",
                                      ":11: 错误: 照片路径“照片/../../../../etc/hosts”跑出了品牌文件夹",
                                      ":32: 错误: 链接“../../../.ssh/id_rsa”指向品牌文件夹之外"]),
    "t24_raw_html_script.md": (True, [":26: 警告: 正文里有 <script> 脚本，发布时已删除", ":30: 警告: 正文里有 <iframe>",
                                      ":32: 警告: 正文里有 <style>", ":34: 警告: 正文里有 javascript: 链接"]),
    "t26_colon_in_value.md": (False, [":5: 错误: 这一行的值里又出现了“: ”"]),
    "t27_quotes.md": (False, [":4: 错误: 引号没有配对"]),
    "t28_windows_paths.md": (False, [":7: 错误: 双引号里的反斜杠"]),
    "t29_empty.md": (False, ["警告: 档案是空文件，已跳过"]),
    "t30_front_matter_only.md": (True, []),
    "t31_no_front_matter.md": (False, [":1: 错误: 档案开头缺少字段区"]),
    "t35_hostile_python_tag.md": (False, [":2: 错误: 不支持 YAML 标签"]),
    "t36_hostile_alias_bomb.md": (False, [":2: 错误: 档案里用了 YAML 的 & 锚点或 * 引用"]),
    "红烛先锋（第一党支部） 品牌介绍.md": (True, []),
    "  前后有空格的文件名 .md": (True, []),
    "第一党支部【2023】“先锋”说明.md": (True, []),
}


MANIFEST = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "profiles" / "MANIFEST.tsv"


def corpus_profiles() -> list[str]:
    """The profile files MANIFEST.tsv lists; none where the shared corpus is absent."""
    if not MANIFEST.is_file():
        return []
    with MANIFEST.open(encoding="utf-8") as handle:
        rows = [r["file"].removeprefix("profiles/") for r in csv.DictReader(handle, delimiter="\t")]
    return [name for name in rows if name.endswith(".md")]


def test_expectations_cover_every_corpus_profile():
    if not MANIFEST.is_file():
        pytest.skip("../shared/corpus 不存在：语料用例需要共享测试语料")
    assert set(corpus_profiles()) == set(EXPECTED)


@pytest.mark.corpus
@pytest.mark.parametrize("name", corpus_profiles() or [pytest.param(None, marks=pytest.mark.skip(
    reason="../shared/corpus 不存在：语料用例需要共享测试语料"))])
def test_corpus_profile(tmp_path, name):
    corpus = require_corpus("profiles")
    folder = tmp_path / "brands" / "case"
    for part in ("photos", "照片 （2023年）"):
        shutil.copytree(corpus / part, folder / part)
    shutil.copy(corpus / name, folder / "index.md")
    brand, findings = load_brand(folder / "index.md", tmp_path)
    publishable, expected = EXPECTED[name]
    # the corpus predates required `people`: its photos are read, then refused for that alone
    people = [f for f in findings if re.search(r"还没有填写 (people（人物）|人物)$", f.message)]
    assert (brand is not None) == (publishable and not people), "\n".join(map(str, findings))
    text = "\n".join(map(str, findings))
    position = 0
    for fragment in expected:
        found = text.find(fragment, position)
        assert found >= 0, f"missing {fragment!r} in:\n{text}"
        position = found
    assert all(f.path == "brands/case/index.md" for f in findings)
    if publishable:
        assert brand is None or ("红烛先锋" in brand.title and brand.school == "示例市实验中学")
        assert all(not f.is_error for f in findings if f not in people)
    else:
        assert any(f.is_error or "空文件" in f.message for f in findings)
    if not expected:
        assert findings == people
