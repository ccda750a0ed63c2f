"""Issue #13, point 5: `brandsite check` reports every finding of every brand in one run, in file and line
order, so a teacher who fixes an error does not rerun and meet problems that were there all along.

Within a file, findings about the whole file or its photos folder (no line) come first, then the lines
in order, as `brandsite review` prints them.
"""

from pathlib import Path

from kit.cli import run_brandsite
from kit.images import solid
from kit.profiles import photo, profile, write_brand

PHOTO = solid((40, 30), "red")
UNLISTED = "警告: 照片 {} 没有列在相册里，不会发布 — 要发布就在 gallery 里加一项并写说明；不发布就把它移出 photos 文件夹"
CAPTION = "错误: 照片 {} 没有说明（caption） — 每张照片都要写一句说明，它也是读屏软件读出的替代文字"
CONSENT = "错误: 照片 {} 拍到了学生，但没有写 consent: true — 取得学生和家长同意后写 consent: true；否则请删去这张照片"
TAB = "警告: 这一段以 Tab 开头，网页上会变成代码框，已去掉 Tab — 段首不要按 Tab 键；需要空两格时请用两个全角空格"


def check(project: Path) -> list[str]:
    """What `brandsite check` printed: its finding lines, then its summary; it failed, for there are errors."""
    done = run_brandsite(project, "check")
    assert done.returncode == 1, done.stderr
    return done.stderr.splitlines() + done.stdout.splitlines()


def test_missing_slogan_unlisted_photo_and_photo_without_caption(tmp_path):
    # lines: 1 ---, 2 title, 3 organization, 4 school, 5 gallery:, 6 - file: photos/a.jpg, 7 caption: (empty)
    write_brand(tmp_path, "hongzhu", profile(slogan=None, gallery=[photo("photos/a.jpg", "")]),
                {"photos/a.jpg": PHOTO, "photos/b.jpg": PHOTO})
    where = "brands/hongzhu/index.md"
    assert check(tmp_path) == [
        f"{where}: {UNLISTED.format('photos/b.jpg')}",
        f"{where}:1: 错误: 缺少 slogan（口号） — 请在字段区加一行 slogan: …",
        f"{where}:6: {CAPTION.format('photos/a.jpg')}",
        "检查了 1 个品牌档案，0 个可以发布：2 处错误，1 条警告或提示。",
    ]


def test_bad_date_and_student_photo_without_consent_in_line_order(tmp_path):
    # 6 launched, 7 gallery:, 8 the students' photo; the story's Tab line is line 14
    text = profile(launched="2022-13-45", gallery=[photo("photos/班会.jpg", "主题班会", "students")],
                   story="## 品牌介绍\n\n\t每周一次主题班会。\n")
    write_brand(tmp_path, "hongzhu", text, {"photos/班会.jpg": PHOTO, "photos/合影.jpg": PHOTO})
    where = "brands/hongzhu/index.md"
    assert check(tmp_path) == [
        f"{where}: {UNLISTED.format('photos/合影.jpg')}",
        f"{where}:6: 错误: launched（创建时间）“2022-13-45”不是一个有效的日期 — 请写成 2022-09-01、2022-09 或 2022 这样的形式",
        f"{where}:8: {CONSENT.format('photos/班会.jpg')}",
        f"{where}:14: {TAB}",
        "检查了 1 个品牌档案，0 个可以发布：2 处错误，2 条警告或提示。",
    ]


def test_broken_yaml_in_one_field_still_gets_the_photo_and_story_checks(tmp_path):
    """The fields cannot be read; a photo the front matter names is not called unlisted, nor its story image."""
    text = profile(slogan="学习: 永远在路上", gallery=[photo("photos/a.jpg", "升旗仪式")],
                   story="## 品牌介绍\n\n![升旗仪式](photos/a.jpg)\n\n\t正文。\n")
    write_brand(tmp_path, "hongzhu", text, {"photos/a.jpg": PHOTO, "photos/b.jpg": PHOTO})
    where = "brands/hongzhu/index.md"
    assert check(tmp_path) == [
        f"{where}: {UNLISTED.format('photos/b.jpg')}",
        f"{where}:3: 错误: 这一行的值里又出现了“: ” — "
        '请给整个值加上英文引号，如 slogan: "学习: 永远在路上"，或改用中文冒号“：”',
        f"{where}:15: {TAB}",
        "检查了 1 个品牌档案，0 个可以发布：1 处错误，2 条警告或提示。",
    ]


def test_profile_without_front_matter_still_gets_the_photo_and_story_checks(tmp_path):
    write_brand(tmp_path, "hongzhu", "## 品牌介绍\n\n\t正文。\n", {"photos/a.jpg": PHOTO})
    where = "brands/hongzhu/index.md"
    assert check(tmp_path) == [
        f"{where}: {UNLISTED.format('photos/a.jpg')}",
        f"{where}:1: 错误: 档案开头缺少字段区（用两行 --- 包起来的品牌名称、口号等） — "
        "请参照 brands/README.md，在文件最前面加上 --- 和必填字段",
        f"{where}:3: {TAB}",
        "检查了 1 个品牌档案，0 个可以发布：1 处错误，2 条警告或提示。",
    ]


def test_two_brands_each_with_several_problems(tmp_path):
    # hongzhu: 3 slogan empty, 6 full-width colon (fixed), 7 bad colour, 9 photo without caption, 15 link outside
    first = profile(slogan='""', region="示例市", color='"红色"', gallery=[photo("photos/a.jpg", "")],
                    story="## 品牌介绍\n\n[往年材料](../other/index.md)\n").replace("region: ", "region：")
    write_brand(tmp_path, "hongzhu", first, {"photos/a.jpg": PHOTO, "photos/c.jpg": PHOTO, "photos/b.jpg": PHOTO})
    # Hongzhu_2: a folder name that cannot be a web address, a Tab in the fields (line 6), an unlisted photo
    second = profile(raw="\ttags: 党建\n", story="## 品牌介绍\n\n\t正文。\n")
    write_brand(tmp_path, "Hongzhu_2", second, {"photos/x.jpg": PHOTO})
    one, two = "brands/hongzhu/index.md", "brands/Hongzhu_2/index.md"
    assert check(tmp_path) == [
        f"{two}: 错误: 文件夹名“Hongzhu_2”有大写字母、符号“_”，不能用作网址 — "  # fields unreadable: the folder's name
        "请把文件夹改名为 hongzhu-2（按品牌名称的拼音），或运行 brandsite check --fix 自动改名",
        f"{two}: {UNLISTED.format('photos/x.jpg')}",
        f"{two}:6: 错误: 这一行有 Tab 字符 — 请用空格代替 Tab（缩进用两个空格）",
        f"{two}:10: {TAB}",
        f"{one}: {UNLISTED.format('photos/b.jpg')}",
        f"{one}: {UNLISTED.format('photos/c.jpg')}",
        f"{one}:3: 错误: slogan（口号）不能为空 — 请填写口号",
        f"{one}:6: 警告: “region”后面用了中文冒号“：”，已按英文冒号处理 — 请使用英文冒号 : 并在其后加空格，如 region: …",
        f"{one}:7: 错误: color（主题色）“红色”不是颜色 — 请写成带引号的六位颜色码，如 \"#c8102e\"",
        f"{one}:9: {CAPTION.format('photos/a.jpg')}",
        f"{one}:15: 错误: 链接“../other/index.md”指向品牌文件夹之外 — 只能链接本品牌文件夹里的内容或完整的网址",
        "检查了 2 个品牌档案，0 个可以发布：6 处错误，5 条警告或提示。",
    ]
