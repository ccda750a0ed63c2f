"""Issue #13, tried again as a new user: variants of each kind of teacher accident that the first tests did not
write, each found wrong (wrong line, wrong cause, or wrong tags published in silence) before it was fixed.

Word's automatic numbering in a field-area list, a fence typed with spaces between the dashes, the ratio colon
"∶", line separators pasted from a web page or a misread Windows "…", Chinese numbering "（一）" in the story,
and a brand folder whose name has a character no one can see.
"""

from __future__ import annotations

import pytest

from brandsite.profile.loader import load_brands
from kit.profiles import loaded, profile, write_brand

WHERE = "brands/hongzhu-xianfeng/index.md"
FENCE = "字段区上下两行都是 ---：请切换到英文输入法重新打这一行"
DROPPED = "这种字符多半是从微信、网页或 Word 复制时带进来的，删掉它再保存，这条提示就不会再出现"
RENAME = "请把文件夹改名为 hongzhu-xianfeng（按品牌名称的拼音），或运行 brandsite check --fix 自动改名"


def numbered(number: str, item: str) -> str:
    return (f"{WHERE}:{{line}}: 警告: 这一行以编号“{number}”开头，字段区的列表不用编号，要用英文减号加空格“- ”，已按列表处理"
            f" — 列表每项写成“- 内容”，如 - {item}（Word 的自动编号复制过来不算）")


# Lines of profile(): 1 ---, 2 title, 3 slogan, 4 organization, 5 school, then the raw lines from 6.
NUMBERED_TAGS = {
    "word-auto-numbering": ("标签:\n  1、党建\n  2、教育\n", ("1、", "2、")),
    "fullwidth-parentheses-unindented": ("tags:\n（1）党建\n（2）教育\n", ("（1）", "（2）")),
    "chinese-numerals": ("tags：\n  一、党建\n  二、教育\n", ("一、", "二、")),
    "circled-numbers": ("tags:\n  ①党建\n  ②教育\n", ("①", "②")),
    "markdown-style-1-dot": ("tags:\n  1. 党建\n  2. 教育\n", ("1.", "2.")),
}


@pytest.mark.parametrize("raw,numbers", NUMBERED_TAGS.values(), ids=NUMBERED_TAGS.keys())
def test_word_numbering_in_a_field_list_is_read_as_the_list_not_as_tags_1_and_2(tmp_path, raw, numbers):
    """Before: "1、党建" under tags was one YAML text, split into the tags 1, 党建, 2, 教育 and published in silence
    (or "（1）" an error blaming the line for having no colon)."""
    brand, findings = loaded(tmp_path, profile(raw=raw))
    colon = [f for f in findings if "中文冒号" in f]
    assert [f for f in findings if f not in colon] == [
        numbered(numbers[0], "党建").format(line=7), numbered(numbers[1], "教育").format(line=8)]
    assert brand.tags == ("党建", "教育")


def test_numbered_records_are_list_items_too_with_their_fields_aligned(tmp_path):
    raw = "板块:\n  1、学习\n  2、实践\nhonors:\n  (1) title: 先进党组织\n      year: 2021\n  (2) title: 示范支部\n"
    brand, findings = loaded(tmp_path, profile(raw=raw))
    assert findings == [numbered("1、", "学习").format(line=7), numbered("2、", "实践").format(line=8),
                        numbered("(1)", "title: 先进党组织").format(line=10),
                        numbered("(2)", "title: 示范支部").format(line=12)]
    assert [p.name for p in brand.pillars] == ["学习", "实践"]
    assert [(h.title, h.year) for h in brand.honors] == [("先进党组织", 2021), ("示范支部", None)]


@pytest.mark.parametrize("raw,expected", [
    ("summary:\n  1、学习理论\n  2、服务师生\n", "1、学习理论 2、服务师生"),  # a text field: its own text, as before
    ("summary: 我们的三件事\n  1、学习\n", "我们的三件事 1、学习"),  # goes on from a value, not under an empty key
], ids=["under-a-text-field", "continuing-a-value"])
def test_numbered_lines_that_are_text_stay_text(tmp_path, raw, expected):
    brand, findings = loaded(tmp_path, profile(raw=raw))
    assert findings == []
    assert brand.summary == expected


@pytest.mark.parametrize("fence,problem", [
    ("— — —", "这一行“— — —”里有中文输入法打出的破折号“—”（U+2014），中间还夹着空格，分隔线要用三个英文减号 ---"),
    ("－　－　－", "这一行“－　－　－”里有全角减号“－”（U+FF0D），中间还夹着空格，分隔线要用三个英文减号 ---"),
    ("- - -", "这一行“- - -”的减号之间有空格，分隔线要用连着的三个英文减号 ---"),
], ids=["em-dashes-with-spaces", "full-width-with-ideographic-spaces", "ascii-with-spaces"])
def test_a_fence_typed_with_spaces_between_its_dashes_is_a_fence(tmp_path, fence, problem):
    """Before: "档案开头缺少字段区" at line 1, for a field area the teacher can see."""
    brand, findings = loaded(tmp_path, profile().replace("---\n", fence + "\n", 1))
    assert findings == [f"{WHERE}:1: 警告: {problem}，已按分隔线处理 — {FENCE}"]
    assert brand.title == "红烛先锋"


def test_a_spaced_dash_line_in_the_story_stays_the_storys(tmp_path):
    brand, findings = loaded(tmp_path, profile(story="## 品牌介绍\n\n正文。\n\n— — —\n\n尾声。\n"))
    assert findings == []
    assert "— — —" in brand.body


@pytest.mark.parametrize("key", ["school", "学校"])
def test_the_ratio_colon_is_named_as_a_chinese_colon(tmp_path, key):
    """Before: "这一行没有英文冒号，像是接着上一行写的"."""
    brand, findings = loaded(tmp_path, profile(school=None, raw=f"{key}∶示例中学\n"))
    assert findings == [f"{WHERE}:5: 警告: “{key}”后面用了中文冒号“∶”，已按英文冒号处理 — 请使用英文冒号 : 并在其后加空格，如 {key}: …"]
    assert brand.school == "示例中学"


@pytest.mark.parametrize("char,name", [("\u2028", "行分隔符（U+2028）"), ("\u2029", "段落分隔符（U+2029）"),
                                       ("\u0085", "控制字符 NEL（U+0085）")],
                         ids=["line-separator", "paragraph-separator", "nel"])
def test_a_line_break_only_yaml_sees_is_named_at_its_own_line(tmp_path, char, name):
    """Before: an error at the next line ("没有英文冒号"), or every later line number one too high."""
    brand, findings = loaded(tmp_path, profile(slogan=f"燃烧自己{char}照亮他人", region="示例市"))
    assert findings == [f"{WHERE}:3: 提示: 这一行有一个看不见的{name}，字段区会把它当成换行，已删去 — {DROPPED}"]
    assert (brand.slogan, brand.region) == ("燃烧自己照亮他人", "示例市")


def test_after_a_line_separator_an_error_is_still_at_its_line(tmp_path):
    _, findings = loaded(tmp_path, profile(slogan="燃烧自己\u2028\u2028", launched="2022-13-45"))
    assert findings == [
        f"{WHERE}:3: 提示: 这一行有 2 个看不见的行分隔符（U+2028），字段区会把它当成换行，已删去 — {DROPPED}",
        f"{WHERE}:6: 错误: launched（创建时间）“2022-13-45”不是一个有效的日期 — 请写成 2022-09-01、2022-09 或 2022 这样的形式"]


def test_chinese_numbering_in_parentheses_in_the_story_keeps_its_lines(tmp_path):
    """Before: "（一）学习" and "（二）实践" ran together into one paragraph on the site, without a word."""
    brand, findings = loaded(tmp_path, profile(story="## 做法\n\n（一）学习理论\n（二）服务师生\n(三)走进社区\n"))
    hint = "要做编号列表请写成“1. 内容”（数字、英文句点、空格），列表前空一行"
    assert findings == [f"{WHERE}:{line}: 提示: 这一行以编号“{number}”开头，网页上会和上下行连成一段，已按分行处理 — {hint}"
                        for line, number in ((9, "（一）"), (10, "（二）"), (11, "(三)"))]
    assert brand.body == "## 做法\n\n（一）学习理论  \n（二）服务师生  \n(三)走进社区\n"


@pytest.mark.parametrize("folder,named", [
    ("hongzhu\u200bxianfeng", "零宽空格（U+200B）"),
    ("\ufeffhongzhu-xianfeng\u00ad", "字节顺序标记 BOM（U+FEFF）、软连字符（U+00AD）"),
], ids=["zero-width-space", "bom-and-soft-hyphen"])
def test_a_folder_name_with_an_invisible_character_names_it(tmp_path, folder, named):
    """Before: 有符号“\u200b”, an empty pair of quotes to the eye."""
    write_brand(tmp_path, folder, profile())
    brands, findings = load_brands(tmp_path / "brands", tmp_path)
    assert brands == []
    assert [str(f) for f in findings] == [f"brands/{folder}/index.md: 错误: 文件夹名“{folder}”有看不见的{named}，不能用作网址 — {RENAME}"]


def test_numbering_with_a_closing_parenthesis_is_numbering_too(tmp_path):
    """Before: the tags “1）党建” and “2）教育”, published; in the story, the lines ran together."""
    brand, findings = loaded(tmp_path, profile(raw="tags:\n  1）党建\n  2) 教育\n", story="## 做法\n\n1）学习\n2）实践\n"))
    hint = "要做编号列表请写成“1. 内容”（数字、英文句点、空格），列表前空一行"
    assert findings == [numbered("1）", "党建").format(line=7), numbered("2)", "教育").format(line=8),
                        f"{WHERE}:12: 提示: 这一行以编号“1）”开头，网页上会和上下行连成一段，已按分行处理 — {hint}",
                        f"{WHERE}:13: 提示: 这一行以编号“2）”开头，网页上会和上下行连成一段，已按分行处理 — {hint}"]
    assert brand.tags == ("党建", "教育")


@pytest.mark.parametrize("slogan,tag", [("燃烧自己 #照亮他人#", "#照亮他人#"), ("燃烧自己\t#照亮他人", "#照亮他人")],
                         ids=["wechat-topic", "after-a-tab"])
def test_a_hashtag_in_a_value_is_kept_not_dropped_as_a_comment(tmp_path, slogan, tag):
    """Before: the slogan published as "燃烧自己", the rest dropped as a YAML comment without a word."""
    brand, findings = loaded(tmp_path, profile(slogan=slogan))
    assert findings == [f"{WHERE}:3: 警告: “slogan”的值里有“{tag}”，字段区会把 # 和后面的文字当成注释丢掉，已按文字处理 — "
                        f'请给值加上英文引号，如 slogan: "{slogan}"；是注释就在 # 后面空一格']
    assert brand.slogan == slogan


def test_a_comment_written_as_yaml_writes_it_stays_a_comment(tmp_path):
    brand, findings = loaded(tmp_path, profile(slogan="燃烧自己，照亮他人  # 口号不超过 40 字"))
    assert findings == []
    assert brand.slogan == "燃烧自己，照亮他人"


GALLERY = ["  - file: photos/合影.jpg\n    caption: 合影\n    people: none\n"]
TYPE_AGAIN = "符号都用英文：请切换到英文输入法重新打这一行"


@pytest.mark.parametrize("typed,file,read,wide", [
    ("！【合影】（photos/合影.jpg）", "photos/合影.jpg", "![合影](photos/合影.jpg)", "！ 【 】 （ ）"),
    ("![合影]（photos/合影.jpg）", "photos/合影.jpg", "![合影](photos/合影.jpg)", "（ ）"),
    ("![合影](photos/合影.jpg “全体党员合影”)", "photos/合影.jpg", '![合影](photos/合影.jpg "全体党员合影")', "“ ”"),
    ("！【合影】（photos/合影.jpg“合影”）", "photos/合影.jpg", '![合影](photos/合影.jpg "合影")',
     "！ 【 】 （ “ ” ）"),  # as review --fix leaves it
    ("！【合影】（photos/合影（2023年）.jpg）", "photos/合影（2023年）.jpg", "![合影](photos/合影（2023年）.jpg)",
     "！ 【 】 （ ）"),
    ("！【合影】（photos/活动 01.jpg）", "photos/活动 01.jpg", "![合影](<photos/活动 01.jpg>)", "！ 【 】 （ ）"),
], ids=["all-chinese-mode", "parentheses", "word-smart-quotes-around-the-title", "title-without-a-space",
        "brackets-in-the-photos-name", "space-in-the-photos-name"])
def test_an_image_typed_with_chinese_punctuation_is_an_image(tmp_path, typed, file, read, wide):
    """Before: shown as the text "！【合影】（photos/合影.jpg）" without a word, or an error "找不到正文里的图片"
    for a photo that is there."""
    text = profile(gallery=[f"  - file: {file}\n    caption: 合影\n    people: none\n"], story=f"## 活动\n\n{typed}\n")
    brand, findings = loaded(tmp_path, text.encode(), photos={file: b"x"})
    assert findings == [f"{WHERE}:13: 警告: “{typed}”里的 {wide} 是中文标点，网页上不会显示成图片，已按图片处理 — "
                        f"图片写成 {read}，{TYPE_AGAIN}"]
    assert brand.body == f"## 活动\n\n{read}\n"


def test_a_link_typed_with_chinese_punctuation_is_a_link_and_prose_in_brackets_stays_prose(tmp_path):
    story = "## 报道\n\n详见【市教育局报道】（https://www.example.cn/news/1.html）。\n\n【主题党日】（2023年6月）\n"
    brand, findings = loaded(tmp_path, profile(story=story))
    assert findings == [f"{WHERE}:9: 警告: “【市教育局报道】（https://www.example.cn/news/1.html）”里的 【 】 （ ） 是中文标点，"
                        "网页上不会显示成链接，已按链接处理 — 链接写成 [市教育局报道](https://www.example.cn/news/1.html)，"
                        f"{TYPE_AGAIN}"]
    assert brand.body == story.replace("【市教育局报道】（https://www.example.cn/news/1.html）",
                                       "[市教育局报道](https://www.example.cn/news/1.html)")


@pytest.mark.parametrize("typed,error", [
    ("！【合影】（photos/其他.jpg）", "正文里的图片 photos/其他.jpg 没有列在相册里 — "
                                "只有相册（gallery）里列出并写了说明的照片才会发布，请先把它加进相册"),
    ("【文件】（photos/../../../secret.jpg）", "链接“photos/../../../secret.jpg”指向品牌文件夹之外 — "
                                          "只能链接本品牌文件夹里的内容或完整的网址"),
], ids=["photo-not-in-the-gallery", "link-out-of-the-folder"])
def test_what_a_chinese_typed_image_or_link_becomes_is_checked_as_published(tmp_path, typed, error):
    text = profile(gallery=GALLERY, story=f"## 活动\n\n{typed}\n")
    brand, findings = loaded(tmp_path, text.encode(), photos={"photos/合影.jpg": b"x", "photos/其他.jpg": b"x"})
    assert brand is None
    assert f"{WHERE}:13: 错误: {error}" in findings


@pytest.mark.parametrize("color,problem", [
    ('"#c8102e”', '引号没有配对：这一行的英文双引号 " 没有关上，一直到字段区结束 — 这一行的“””是中文引号，请改成英文 "'),
    ("'#c8102e’", "引号没有配对：这一行的英文单引号 ' 没有关上，一直到字段区结束 — 这一行的“’”是中文引号，请改成英文 '"),
], ids=["double", "single"])
def test_a_quote_closed_by_words_autocorrect_is_named(tmp_path, color, problem):
    """Before: "请在这个值的末尾补上 \"", to a teacher who sees a quote there."""
    _, findings = loaded(tmp_path, profile(color=color))
    assert findings == [f"{WHERE}:6: 错误: {problem}"]


def test_a_chinese_opening_quote_closed_in_english_is_taken_off(tmp_path):
    """Before: color（主题色）““#c8102e"”不是颜色."""
    brand, findings = loaded(tmp_path, profile(color='“#1a5fb4"'))
    assert findings == [f'{WHERE}:6: 警告: color（主题色）两边的 “" 是中文引号，已去掉 — 请把中文引号换成英文引号，如 "#1a5fb4"']
    assert brand.color == "#1a5fb4"


@pytest.mark.parametrize("written,on_disk,hint", [
    ("photos/合影.jpg", "photos/合影.jpg.jpg", "是不是 photos/合影.jpg.jpg？（电脑没有显示文件的扩展名，它的完整名字是 合影.jpg.jpg）"),
    ("photos/主题党日（2023年）", "photos/主题党日（2023年）.JPG",
     "是不是 photos/主题党日（2023年）.JPG？（电脑没有显示文件的扩展名，它的完整名字是 主题党日（2023年）.JPG）"),
    ("photos/IMG\u200b_0001.jpg", "photos/IMG_0001.jpg", "是不是 photos/IMG_0001.jpg？（档案里的文件名有看不见的零宽空格（U+200B））"),
    ("photos/合影\u00a001.jpg", "photos/合影 01.jpg", "是不是 photos/合影 01.jpg？（档案里的文件名有看不见的不换行空格（U+00A0））"),
], ids=["hidden-extension-doubled", "written-as-explorer-shows-it", "zero-width-space-from-wechat", "no-break-space"])
def test_a_photo_named_as_the_teacher_sees_it_gets_the_files_real_name(tmp_path, written, on_disk, hint):
    """Before: "请检查文件名", for a name that looks right; or "是不是 photos/合影 01.jpg？" to "photos/合影 01.jpg"."""
    text = profile(gallery=[f"  - file: {written}\n    caption: 合影\n    people: none\n"])
    _, findings = loaded(tmp_path, text, photos={on_disk: b"x"})
    assert f"{WHERE}:7: 错误: 找不到照片“{written}” — {hint}" in findings


@pytest.mark.parametrize("line,key,colon", [
    ("ｓｃｈｏｏｌ：示例中学", "school", "：（full-width mode）"),
    ("School：示例中学", "School", "：（Word capitalises a line's first letter）"),
], ids=["full-width-letters", "capitalised-by-word"])
def test_a_key_typed_in_full_width_or_capitalised_gets_its_colon_fixed(tmp_path, line, key, colon):
    """Before: "这一行没有英文冒号，像是接着上一行写的" (or at the line above) for a line that has a colon."""
    brand, findings = loaded(tmp_path, profile(school=None, raw=line + "\n"))
    assert findings == [f"{WHERE}:5: 警告: “{key}”后面用了中文冒号“：”，已按英文冒号处理 — 请使用英文冒号 : 并在其后加空格，如 {key}: …"]
    assert brand.school == "示例中学"


@pytest.mark.parametrize("written,key,label", [
    ("title（品牌名称）: 红烛先锋", "title", "（品牌名称）"),
    ("品牌名称(title): 红烛先锋", "品牌名称", "(title)"),
], ids=["as-a-message-names-it", "the-other-way-round"])
def test_a_key_copied_with_its_label_is_the_key(tmp_path, written, key, label):
    """Before: "缺少 title（品牌名称）" for a title that is visibly there."""
    brand, findings = loaded(tmp_path, profile(title=None, raw=written + "\n"))
    assert findings == [f"{WHERE}:5: 警告: 字段名“{key}{label}”里的“{label}”是说明，不用写，已按 {key} 处理 — "
                        f"字段名只写 {key}，如 {key}: …"]
    assert brand.title == "红烛先锋"


def test_block_text_that_looks_like_keys_is_text(tmp_path):
    """Before: "school：示例中学" inside a summary written after "|" was rewritten "school: 示例中学", and warned."""
    brand, findings = loaded(tmp_path, profile(raw="summary: |\n  学校（本部）: 示例\n  School：示例\n  school：示例中学\n"))
    assert findings == []
    assert brand.summary == "学校（本部）: 示例\nSchool：示例\nschool：示例中学"


@pytest.mark.parametrize("pasted", ["𠀾老师带领党员走进社区", "党建引领，服务𬌗山镇学校"], ids=["extension-b-name", "extension-c-place"])
def test_a_pasted_gbk_paragraph_with_a_rare_hanzi_is_read_and_repaired(tmp_path, pasted):
    """A hanzi GBK lacks is four bytes in GB18030 (rare names of people and places). Before: "这一行有一段文字既不是
    UTF-8 也不是 GBK 编码，读不出来", and nothing for check --fix to repair."""
    raw = profile().encode().replace("正文。".encode(), pasted.encode("gb18030"))
    brand, findings = loaded(tmp_path, raw)
    assert findings == [f"{WHERE}:9: 警告: 这一行有一段文字是 GBK 编码（多半是从别的文档粘贴来的），已按 GBK 读出：“{pasted}” — "
                        "运行 brandsite check --fix 把它改存为 UTF-8（原文件留作 index.md.bak），或删去这段文字重新输入"]
    assert brand.body == f"## 品牌介绍\n\n{pasted}\n"


def test_zero_width_characters_inside_a_value_beside_hanzi_are_taken_out_and_named(tmp_path):
    """Before: the title published as "红烛\\u200b先锋", not found by a search for 红烛先锋, and no word about it."""
    brand, findings = loaded(tmp_path, profile(title="\u200b红烛\u200b先\u2060锋", slogan="燃烧自己，照亮他人👩\u200d🏫"))
    assert findings == [f"{WHERE}:2: 提示: 冒号后面有一个看不见的零宽空格（U+200B），已删去；值的中间有一个看不见的零宽空格（U+200B），已删去；"
                        f"值的中间有一个看不见的零宽不换行符（U+2060），已删去 — {DROPPED}"]
    assert (brand.title, brand.slogan) == ("红烛先锋", "燃烧自己，照亮他人👩\u200d🏫")


def test_a_photo_name_with_a_zero_width_space_between_hanzi_is_the_photo(tmp_path):
    text = profile(gallery=["  - file: photos/合\u200b影.jpg\n    caption: 合影\n    people: none\n"])
    brand, findings = loaded(tmp_path, text, photos={"photos/合影.jpg": b"x"})
    assert findings == [f"{WHERE}:7: 提示: 值的中间有一个看不见的零宽空格（U+200B），已删去 — {DROPPED}"]
    assert [p.file for p in brand.gallery] == ["photos/合影.jpg"]


@pytest.mark.parametrize("color", ["＃c8102e", '"#ｃ８１０２ｅ"'], ids=["full-width-hash", "full-width-digits"])
def test_a_colour_typed_in_full_width_is_the_colour(tmp_path, color):
    """Before: "不是颜色" for a colour code typed in Chinese mode."""
    brand, findings = loaded(tmp_path, profile(color=color))
    shown = color.strip('"')
    assert findings == [f'{WHERE}:6: 警告: color（主题色）“{shown}”里有全角字符，已按 #c8102e 处理 — 颜色码请在英文输入法下打，如 "#c8102e"']
    assert brand.color == "#c8102e"


@pytest.mark.parametrize("written,year,month,day", [
    ("2022—09—01", 2022, 9, 1), ("2021―3", 2021, 3, None), ("2022年9月1号", 2022, 9, 1)],
    ids=["ime-dashes", "horizontal-bar", "hao-for-ri"])
def test_dates_as_an_input_method_or_speech_writes_them(tmp_path, written, year, month, day):
    """Before: "不是一个有效的日期"."""
    brand, findings = loaded(tmp_path, profile(launched=written))
    assert findings == []
    assert (brand.launched.year, brand.launched.month, brand.launched.day) == (year, month, day)


@pytest.mark.parametrize("written,value", [("无人物", "none"), ("只有成人", "adults")])
def test_people_written_as_the_message_names_the_values(tmp_path, written, value):
    """The message says "请写 none（无人物）、adults（只有成人）或 students（有学生）": a teacher copies the words."""
    brand, findings = loaded(tmp_path, profile(gallery=[f"  - file: photos/a.jpg\n    caption: 合影\n    people: {written}\n"]),
                             photos={"photos/a.jpg": b"x"})
    assert findings == []
    assert [p.people for p in brand.gallery] == [value]


def test_a_consent_that_cannot_be_read_is_not_also_called_missing(tmp_path):
    """Before: also "拍到了学生，但没有写 consent: true" for a consent the teacher wrote."""
    text = profile(gallery=["  - file: photos/a.jpg\n    caption: 合影\n    people: students\n    consent: 是的\n"])
    brand, findings = loaded(tmp_path, text, photos={"photos/a.jpg": b"x"})
    assert brand is None
    assert findings == [f"{WHERE}:10: 错误: consent（同意）“是的”不是是/否 — 请写 true（已取得同意）或 false"]
