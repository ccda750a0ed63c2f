"""Issue #13, point 1: syntax typed with a Chinese input method, Word's autocorrect or a WeChat copy.

Fences typed as "———" or "－－－", headings as "＃＃" or "#标题", list items as "•" or "－", colons as "：",
U+3000 indentation: each is named at its line with a fix; where the intent is plain the brand publishes
as meant. A quote or bracket left open is reported at its own line, not as fields "missing" below it.
Real text that contains "——", "：" or a quote is not reported.
"""

from pathlib import Path

import markdown
import pytest

from brandsite.profile.loader import load_brand
from brandsite.review.run import review
from kit.cli import run_brandsite
from kit.profiles import profile, write_brand

WHERE = "brands/hongzhu-xianfeng/index.md"


def load(tmp_path: Path, text: str):
    brand, findings = load_brand(write_brand(tmp_path, "hongzhu-xianfeng", text), tmp_path)
    return brand, [str(f) for f in findings]


def html(brand) -> str:
    return markdown.markdown(brand.body)


# ---- front-matter fences ----

FENCE = "{}: 警告: 这一行“{}”里有{}，分隔线要用三个英文减号 ---，已按分隔线处理 — 字段区上下两行都是 ---：请切换到英文输入法重新打这一行"
EM, FULL, EN = "中文输入法打出的破折号“—”（U+2014）", "全角减号“－”（U+FF0D）", "Word 自动改成的短破折号“–”（U+2013）"


def fenced(opening: str, closing: str) -> str:
    """profile() with its two fences typed as given (line 1 and line 6)."""
    return opening + profile().removeprefix("---").replace("\n---\n", f"\n{closing}\n", 1)


FENCES = {
    "sogou-shift-minus-both": (fenced("———", "———"), [FENCE.format(f"{WHERE}:1", "———", EM),
                                                      FENCE.format(f"{WHERE}:6", "———", EM)]),
    "fullwidth-mode-both": (fenced("－－－", "－－－"), [FENCE.format(f"{WHERE}:1", "－－－", FULL),
                                                      FENCE.format(f"{WHERE}:6", "－－－", FULL)]),
    "mixed-closing-with-trailing-spaces": (fenced("---", "—-—  "), [FENCE.format(f"{WHERE}:6", "—-—", EM)]),
    "word-en-dashes-and-ideographic-space": (fenced("–––\u3000", "---"), [FENCE.format(f"{WHERE}:1", "–––", EN)]),
    "mixed-em-and-fullwidth": (fenced("—－—", "---"), [FENCE.format(f"{WHERE}:1", "—－—", f"{EM}、{FULL}")]),
    "japanese-long-vowel": (fenced("ーーー", "ーーー"), [
        FENCE.format(f"{WHERE}:1", "ーーー", "日文长音符“ー”（U+30FC）"),
        FENCE.format(f"{WHERE}:6", "ーーー", "日文长音符“ー”（U+30FC）")]),
    "two-em-dashes-word-autocorrect": (fenced("——", "——"), [FENCE.format(f"{WHERE}:1", "——", EM),
                                                            FENCE.format(f"{WHERE}:6", "——", EM)]),
    "four-ascii-dashes": (fenced("----", "---"), [
        f"{WHERE}:1: 警告: 这一行是 4 个减号，分隔线要正好三个英文减号 ---，已按分隔线处理 — 字段区上下两行都是 ---：请切换到英文输入法重新打这一行"]),
}


@pytest.mark.parametrize("text,expected", FENCES.values(), ids=FENCES.keys())
def test_fences_typed_with_an_input_method_are_named_and_the_brand_publishes(tmp_path, text, expected):
    brand, findings = load(tmp_path, text)
    assert findings == expected
    assert (brand.title, brand.school) == ("红烛先锋", "示例中学")
    assert "<h2" in html(brand) and "---" not in brand.body


def test_dash_lines_in_the_story_are_not_fences(tmp_path):
    story = "## 品牌介绍\n\n正文。\n\n———\n\n——摘自校报\n"
    brand, findings = load(tmp_path, profile(story=story))
    assert findings == []
    assert brand.body == story


# ---- the field area: list items, colons, indentation ----

ITEM = "{}: 警告: 这一行以{}开头，字段区的列表要用英文减号加空格“- ”，已按列表处理 — 列表每项以“- ”开头：请切换到英文输入法重新打这一行"
TIGHT = "{}: 警告: 列表的“-”后面缺少半角空格，已按列表处理 — 列表每项写成“- 内容”，减号后面加一个空格，如 - {}"
COLON = "{}: 警告: “{}”后面用了中文冒号“{}”，已按英文冒号处理 — 请使用英文冒号 : 并在其后加空格，如 {}: …"
INDENT = "{}: 警告: 行首用了全角空格缩进，已按半角空格处理 — 请用半角空格缩进（切换到英文输入法再按空格）"

TAGS = {
    "word-bullets": ("tags:\n  • 党建\n  • 教育\n", [ITEM.format(f"{WHERE}:7", "项目符号“•”（U+2022）"),
                                                    ITEM.format(f"{WHERE}:8", "项目符号“•”（U+2022）")]),
    "fullwidth-minus-no-space": ("tags:\n  －党建\n  －教育\n", [ITEM.format(f"{WHERE}:7", FULL),
                                                             ITEM.format(f"{WHERE}:8", FULL)]),
    "middle-dots-at-column-0": ("标签:\n· 党建\n· 教育\n", [ITEM.format(f"{WHERE}:7", "间隔号“·”（U+00B7）"),
                                                        ITEM.format(f"{WHERE}:8", "间隔号“·”（U+00B7）")]),
    "em-dash-and-black-circle": ("tags:\n  — 党建\n  ● 教育\n", [ITEM.format(f"{WHERE}:7", EM),
                                                             ITEM.format(f"{WHERE}:8", "实心圆点“●”（U+25CF）")]),
    "katakana-dot-ideographic-indent": ("tags：\n\u3000\u3000・党建\n\u3000\u3000・教育\n", [
        COLON.format(f"{WHERE}:6", "tags", "：", "tags"),
        ITEM.format(f"{WHERE}:7", "日文中点“・”（U+30FB）"), INDENT.format(f"{WHERE}:7"),
        ITEM.format(f"{WHERE}:8", "日文中点“・”（U+30FB）"), INDENT.format(f"{WHERE}:8")]),
    "ascii-dash-without-space": ("tags:\n  -党建\n  -教育\n", [TIGHT.format(f"{WHERE}:7", "党建"),
                                                           TIGHT.format(f"{WHERE}:8", "教育")]),
}


@pytest.mark.parametrize("raw,expected", TAGS.values(), ids=TAGS.keys())
def test_list_items_typed_with_an_input_method_in_the_field_area(tmp_path, raw, expected):
    brand, findings = load(tmp_path, profile(raw=raw))
    assert findings == expected
    assert brand.tags == ("党建", "教育")


def test_a_gallery_entry_with_a_bullet_and_fullwidth_colons_publishes(tmp_path):
    raw = "相册：\n  • 文件：photos/升旗.jpg\n    说明： 升旗仪式\n    人物:none\n"
    index = write_brand(tmp_path, "hongzhu-xianfeng", profile(raw=raw), {"photos/升旗.jpg": b"jpeg"})
    brand, findings = load_brand(index, tmp_path)
    assert [str(f) for f in findings] == [
        COLON.format(f"{WHERE}:6", "相册", "：", "相册"),
        ITEM.format(f"{WHERE}:7", "项目符号“•”（U+2022）"),
        COLON.format(f"{WHERE}:7", "文件", "：", "文件"),
        COLON.format(f"{WHERE}:8", "说明", "：", "说明"),
        f"{WHERE}:9: 警告: “人物:”后面缺少半角空格，已自动补上 — 冒号后要加一个空格（不能是全角空格或 Tab），如 人物: …",
    ]
    assert [(p.file, p.caption, p.people) for p in brand.gallery] == [("photos/升旗.jpg", "升旗仪式", "none")]


@pytest.mark.parametrize("raw,key,colon", [("学校﹕示例中学\n", "学校", "﹕"), ("school ： 示例中学\n", "school", "："),
                                           ("单位︰示例中学\n", "单位", "︰")], ids=["small", "spaced", "vertical"])
def test_colons_typed_with_an_input_method_are_named(tmp_path, raw, key, colon):
    brand, findings = load(tmp_path, profile(school=None, raw=raw))
    assert findings == [COLON.format(f"{WHERE}:5", key, colon, key)]
    assert brand.school == "示例中学"


def test_text_with_dashes_colons_and_bullets_in_values_is_not_reported(tmp_path):
    brand, findings = load(tmp_path, profile(
        slogan="党建引领：立德树人", raw="summary: |\n  • 每月一次主题党日\n  -每周一次学习\nregion: 示例市——东区\n"))
    assert findings == []
    assert (brand.slogan, brand.region) == ("党建引领：立德树人", "示例市——东区")
    assert brand.summary == "• 每月一次主题党日\n-每周一次学习"


# ---- values YAML would lose or misread: "#" and Chinese quotes ----

HASH = "{}: 警告: “{}”的值以 # 开头，字段区会把 # 后面的内容当成注释丢掉，已按文字处理 — 请给值加上英文引号，如 {}: \"{}\""
SYMBOL = "{}: 警告: “{}”的值以 {} 开头，字段区会把 {} 当成特殊符号而读不出这一行，已按文字处理 — 请给值加上英文引号，如 {}: \"{}\""


def test_a_value_starting_with_a_hash_is_kept_not_dropped_as_a_comment(tmp_path):
    brand, findings = load(tmp_path, profile(slogan="#党建引领#", raw="color: #1a5fb4\nregion: # 可不填\n"))
    assert findings == [HASH.format(f"{WHERE}:3", "slogan", "slogan", "#党建引领#"),
                        HASH.format(f"{WHERE}:6", "color", "color", "#1a5fb4")]
    assert (brand.slogan, brand.color, brand.region) == ("#党建引领#", "#1a5fb4", "")


@pytest.mark.parametrize("slogan", ["*红烛*先锋", "&党建 育人", "@全体党员 立德树人", "`党建`引领",
                                    "%100 投入", "!党建引领", "> 党建引领", "| 党建 | 引领 |", '*"照亮"\\他人'])
def test_a_value_starting_with_a_yaml_symbol_is_read_as_the_text_typed(tmp_path, slogan):
    brand, findings = load(tmp_path, profile(slogan=slogan))
    assert findings == [SYMBOL.format(f"{WHERE}:3", "slogan", slogan[0], slogan[0], "slogan", slogan)]
    assert brand.slogan == slogan


EMPHASIS = "{}: 警告: “{}”的值两边的 {} 是正文里加粗、倾斜用的符号，字段里不起作用，已去掉 — 字段里只写文字；要加粗请写在正文里"


def test_markdown_emphasis_around_a_field_is_taken_off(tmp_path):
    brand, findings = load(tmp_path, profile(title="__红烛先锋__", slogan="**燃烧自己，照亮他人**", school="*示例中学*"))
    assert findings == [EMPHASIS.format(f"{WHERE}:2", "title", "__"), EMPHASIS.format(f"{WHERE}:3", "slogan", "**"),
                        EMPHASIS.format(f"{WHERE}:5", "school", "*")]
    assert (brand.title, brand.slogan, brand.school) == ("红烛先锋", "燃烧自己，照亮他人", "示例中学")


def test_tags_in_fullwidth_brackets_or_with_chinese_commas_are_separate_tags(tmp_path):
    brand, findings = load(tmp_path, profile(raw="tags: ［党建，教育、 志愿服务］\n"))
    assert findings == [f"{WHERE}:6: 警告: tags（标签）两边的方括号是全角的“［］”，已按列表处理 — 列表的方括号用英文 [ ]，如 [党建, 教育]"]
    assert brand.tags == ("党建", "教育", "志愿服务")
    brand, findings = load(tmp_path, profile(raw="tags: [党建，教育, 志愿服务]\n"))
    assert (findings, brand.tags) == ([], ("党建", "教育", "志愿服务"))


@pytest.mark.parametrize("raw,field,quotes,value", [
    ("color: “#1a5fb4”\n", "color（主题色）", "“”", "#1a5fb4"),
    ("launched: 「2022-09-01」\n", "launched（创建时间）", "「」", "2022-09-01"),
    ("创建时间: ‘2022年9月’\n", "创建时间", "‘’", "2022年9月"),
], ids=["curly-colour", "corner-date", "single-curly-chinese-key"])
def test_chinese_quotes_typed_as_yaml_quotes_around_a_code_are_taken_off(tmp_path, raw, field, quotes, value):
    brand, findings = load(tmp_path, profile(raw=raw))
    assert findings == [f"{WHERE}:6: 警告: {field}两边的 {quotes} 是中文引号，已去掉 — 请把中文引号换成英文引号，如 \"{value}\""]
    assert brand.color == "#1a5fb4" or brand.launched.year == 2022


def test_chinese_quotes_in_a_title_are_text(tmp_path):
    brand, findings = load(tmp_path, profile(title="“红烛先锋”", slogan="「燃烧自己，照亮他人」"))
    assert findings == []
    assert (brand.title, brand.slogan) == ("“红烛先锋”", "「燃烧自己，照亮他人」")


def test_chinese_quotes_around_a_colon_in_a_value_are_named(tmp_path):
    _, findings = load(tmp_path, profile(slogan="“学习: 永远在路上”"))
    assert findings == [f"{WHERE}:3: 错误: 这一行的值里又出现了“: ”，中文引号 “” 包不住它 — "
                        "请把中文引号换成英文引号，如 slogan: \"学习: 永远在路上\""]


# ---- quotes and brackets left open ----

DOUBLE = "请在这个值的末尾补上 \"，或者去掉开头的 \"（中文内容一般不用加引号）"
SINGLE = "请在这个值的末尾补上 '，或者去掉开头的 '（中文内容一般不用加引号）"
SQUARE = "请在列表末尾补上 ]，如 tags: [党建, 教育]；或者每项单独一行，以“- ”开头"
UNCLOSED = {
    "slogan-double-quote": (profile(slogan='"党建引领'), [
        f"{WHERE}:3: 错误: 引号没有配对：这一行的英文双引号 \" 没有关上，下面的 organization、school 都被当成了 slogan 的值 — {DOUBLE}"]),
    "closed-by-the-colour-quote-below": (profile(slogan='"党建引领', raw='color: "#c8102e"\n'), [
        f"{WHERE}:3: 错误: 引号没有配对：这一行的英文双引号 \" 没有关上，下面的 organization、school 都被当成了 slogan 的值 — {DOUBLE}"]),
    "title-single-quote": (profile(title="'红烛先锋", raw="region: 示例市\n"), [
        f"{WHERE}:2: 错误: 引号没有配对：这一行的英文单引号 ' 没有关上，下面的 slogan、organization、school 等 都被当成了 title 的值 — {SINGLE}"]),
    "chinese-keys": (profile(title=None, slogan=None, organization=None, school=None,
                             raw='品牌名称: 红烛先锋\n口号: "燃烧自己\n支部: 第一党支部\n学校: 示例中学\n'), [
        f"{WHERE}:3: 错误: 引号没有配对：这一行的英文双引号 \" 没有关上，下面的 支部、学校 都被当成了 口号 的值 — {DOUBLE}"]),
    "last-field": (profile(school='"示例中学'), [
        f"{WHERE}:5: 错误: 引号没有配对：这一行的英文双引号 \" 没有关上，一直到字段区结束 — {DOUBLE}"]),
    "tags-bracket-then-a-field": (profile(raw="tags: [党建, 教育\nregion: 示例市\n"), [
        f"{WHERE}:6: 错误: 方括号没有配对：这一行的方括号 [ 没有关上，下面的 region 都被当成了 tags 的值 — {SQUARE}"]),
    "tags-bracket-last": (profile(raw="tags: [党建, 教育\n"), [
        f"{WHERE}:6: 错误: 方括号没有配对：这一行的方括号 [ 没有关上，一直到字段区结束 — {SQUARE}"]),
    "quote-inside-a-bracket": (profile(raw="tags: ['党建, 教育]\n"), [
        f"{WHERE}:6: 错误: 引号没有配对：这一行的英文单引号 ' 没有关上，一直到字段区结束 — {SINGLE}"]),
    "fullwidth-closing-bracket": (profile(raw="tags: [党建, 教育］\nregion: 示例市\n"), [
        f"{WHERE}:6: 错误: 方括号没有配对：这一行的方括号 [ 没有关上，下面的 region 都被当成了 tags 的值 — 这一行的“］”是全角的，请改成英文 ]"]),
    "brace": (profile(raw="cover: {photos/封面.jpg\n"), [
        f"{WHERE}:6: 错误: 花括号没有配对：这一行的花括号 {{ 没有关上，一直到字段区结束 — 请补上 }}，或者去掉 {{（字段区一般用不到花括号）"]),
}


@pytest.mark.parametrize("text,expected", UNCLOSED.values(), ids=UNCLOSED.keys())
def test_an_unclosed_quote_or_bracket_is_reported_at_its_own_line(tmp_path, text, expected):
    brand, findings = load(tmp_path, text)
    assert findings == expected
    assert brand is None


def test_quotes_that_close_are_not_reported(tmp_path):
    brand, findings = load(tmp_path, profile(slogan='党建"引领"未来', raw='summary: "我们的品牌\n  面向全体党员"\n'
                                             "tags: ['党建', \"教育\"]\nregion: 'It''s 示例市'\n"))
    assert findings == []
    assert (brand.slogan, brand.summary, brand.tags, brand.region) == (
        '党建"引领"未来', "我们的品牌 面向全体党员", ("党建", "教育"), "It's 示例市")


# ---- the story: headings and list items ----

STORY_ITEM = "{}: 提示: 这一行以{}开头，已按列表项处理 — Markdown 的列表每项以英文减号加空格“- ”开头，列表前空一行；Word 的项目符号复制过来不算"
FULL_HASH = "{}: 警告: 行首的“{}”是全角井号，已按{}处理（预览里这一行是普通文字） — 标题用英文井号 # 加一个空格，如 {}：请切换到英文输入法重新打这一行"
TIGHT_HASH = ("{}: 警告: “{}”的 # 后面没有空格：网站上这一行是{}，Typora、GitHub 等预览里却是普通文字 — "
              "要做标题就在 # 后面加一个空格，如 {}；不是标题就删去行首的 #")
# the story starts on line 7
HEADINGS = {
    "no-space": ("#品牌介绍\n\n正文。\n", [TIGHT_HASH.format(f"{WHERE}:7", "#品牌介绍", "一级标题", "# 品牌介绍")],
                 "<h1>品牌介绍</h1>"),
    "no-space-level-3": ("正文。\n\n###党日活动\n", [TIGHT_HASH.format(f"{WHERE}:9", "###党日活动", "三级标题", "### 党日活动")],
                         "<h3>党日活动</h3>"),
    "fullwidth-two": ("＃＃ 主要活动\n\n正文。\n", [FULL_HASH.format(f"{WHERE}:7", "＃＃", "二级标题", "## 主要活动")],
                      "<h2>主要活动</h2>"),
    "fullwidth-no-space": ("正文。\n＃成效\n", [FULL_HASH.format(f"{WHERE}:8", "＃", "一级标题", "# 成效")], "<h1>成效</h1>"),
    "mixed-width": ("#＃ 特色\n", [FULL_HASH.format(f"{WHERE}:7", "#＃", "二级标题", "## 特色")], "<h2>特色</h2>"),
    "ideographic-space-after-the-hashes": ("##\u3000主要活动\n", [
        f"{WHERE}:7: 警告: 标题的 # 后面是全角空格，网站上是标题，预览里却是普通文字，已按半角空格处理 — # 后面的空格请在英文输入法下打，如 ## 主要活动"],
        "<h2>主要活动</h2>"),
    "ideographic-indent": ("\u3000\u3000## 特色做法\n", [
        f"{WHERE}:7: 警告: 行首的全角空格让 # 不起作用，已去掉空格按标题处理 — 标题的 # 要写在行首，前面不要空格，如 ## 特色做法"],
        "<h2>特色做法</h2>"),
}


@pytest.mark.parametrize("story,expected,heading", HEADINGS.values(), ids=HEADINGS.keys())
def test_headings_typed_with_an_input_method_or_without_a_space(tmp_path, story, expected, heading):
    brand, findings = load(tmp_path, profile(story=story))
    assert findings == expected
    assert heading in html(brand)


BULLET = "项目符号“•”（U+2022）"
LISTS = {
    "word-bullets-after-a-paragraph": ("我们的活动有：\n• 主题党日\n•\t志愿服务\n",
                                       [STORY_ITEM.format(f"{WHERE}:8", BULLET), STORY_ITEM.format(f"{WHERE}:9", BULLET)]),
    "word-symbol-font-bullets": ("\uf0b7\t主题党日\n\uf0b7\t志愿服务\n", [
        STORY_ITEM.format(f"{WHERE}:7", "Word 的项目符号“\uf0b7”（U+F0B7）"),
        STORY_ITEM.format(f"{WHERE}:8", "Word 的项目符号“\uf0b7”（U+F0B7）")]),
    "black-circles-and-katakana-dots": ("● 主题党日\n・志愿服务\n", [
        STORY_ITEM.format(f"{WHERE}:7", "实心圆点“●”（U+25CF）"), STORY_ITEM.format(f"{WHERE}:8", "日文中点“・”（U+30FB）")]),
    "em-dashes-in-a-run": ("— 主题党日\n— 志愿服务\n", [STORY_ITEM.format(f"{WHERE}:7", EM), STORY_ITEM.format(f"{WHERE}:8", EM)]),
    "fullwidth-minus-in-a-run": ("－主题党日\n－志愿服务\n", [STORY_ITEM.format(f"{WHERE}:7", FULL),
                                                         STORY_ITEM.format(f"{WHERE}:8", FULL)]),
    "ascii-dash-without-space-in-a-run": ("-主题党日\n-志愿服务\n", [
        STORY_ITEM.format(f"{WHERE}:7", "英文减号“-”，后面却没有空格"), STORY_ITEM.format(f"{WHERE}:8", "英文减号“-”，后面却没有空格")]),
    "ideographic-indent-before-dashes": ("\u3000\u3000- 主题党日\n\u3000\u3000- 志愿服务\n", [
        f"{WHERE}:{n}: 提示: 行首的全角空格让列表符号不起作用，已去掉空格按列表处理 — 列表符号要写在行首，前面不要空格" for n in (7, 8)]),
}


@pytest.mark.parametrize("story,expected", LISTS.values(), ids=LISTS.keys())
def test_list_items_typed_in_word_or_with_an_input_method_become_a_list(tmp_path, story, expected):
    brand, findings = load(tmp_path, profile(story=story))
    assert findings == expected
    assert "<li>主题党日</li>\n<li>志愿服务</li>" in html(brand)


def test_prose_that_starts_with_a_dash_or_a_hash_sign_stays_prose(tmp_path):
    story = ("## 品牌介绍\n\n\u3000\u3000正文第一段。\n\n——摘自校报\n\n—摘自《示例市教育》\n\n-5℃ 的清晨，党员们已在校门口。\n\n"
             "```\n#include\n• 代码\n```\n")
    brand, findings = load(tmp_path, profile(story=story))
    assert findings == []
    assert brand.body == story


def test_brandsite_check_publishes_a_profile_typed_in_chinese_mode(tmp_path):
    text = fenced("———", "———").replace("school: ", "school：").replace("## 品牌介绍", "＃＃ 品牌介绍")
    write_brand(tmp_path, "hongzhu-xianfeng", text)
    done = run_brandsite(tmp_path, "check")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        FENCE.format(f"{WHERE}:1", "———", EM), COLON.format(f"{WHERE}:5", "school", "：", "school"),
        FENCE.format(f"{WHERE}:6", "———", EM), FULL_HASH.format(f"{WHERE}:7", "＃＃", "二级标题", "## 品牌介绍")]


NO_BLANK = ("{}: 提示: 列表上面没有空行：Typora、GitHub 等预览里是列表，网站上却会和上一段连成一段，已补上空行 — 列表前空一行")


@pytest.mark.parametrize("story,item", [("我们的活动有：\n- 主题党日\n- 志愿服务\n", "<ul>"),
                                        ("我们的活动有：\n* 主题党日\n* 志愿服务\n", "<ul>"),
                                        ("## 品牌介绍\n我们的活动有：\n1. 主题党日\n2. 志愿服务\n", "<ol>")],
                         ids=["dash", "star", "ordered"])
def test_a_list_right_under_a_paragraph_is_a_list_as_in_the_preview(tmp_path, story, item):
    brand, findings = load(tmp_path, profile(story=story))
    line = 8 if story.startswith("##") else 7
    assert findings == [NO_BLANK.format(f"{WHERE}:{line + 1}")]
    assert f"<p>我们的活动有：</p>\n{item}\n<li>主题党日</li>\n<li>志愿服务</li>" in html(brand)


NUMBERED = "{}: 提示: 这一行以编号“{}”开头，网页上会和上下行连成一段，已按分行处理 — 要做编号列表请写成“1. 内容”（数字、英文句点、空格），列表前空一行"


@pytest.mark.parametrize("first,second", [("1、", "2、"), ("（1）", "（2）"), ("一、", "二、"), ("①", "②"), ("1．", "2．")])
def test_lines_numbered_as_in_word_stay_on_their_own_lines(tmp_path, first, second):
    brand, findings = load(tmp_path, profile(story=f"我们的活动有：\n{first}主题党日\n{second}志愿服务\n"))
    assert findings == [NUMBERED.format(f"{WHERE}:8", first), NUMBERED.format(f"{WHERE}:9", second)]
    assert f"<p>我们的活动有：</p>\n<p>{first}主题党日<br />\n{second}志愿服务</p>" in html(brand)


def test_numbers_and_lists_that_markdown_and_previews_read_alike_are_not_reported(tmp_path):
    story = ("## 品牌介绍\n\n2022.9 支部成立，\n3. 这一行不是列表的开头。\n\n1、只有一行编号的段落。\n\n"
             "- 主题党日\n接着写的一句。\n- 志愿服务\n\n## 成效\n- 党员示范岗\n")
    brand, findings = load(tmp_path, profile(story=story))
    assert findings == []
    assert brand.body == story


# ---- YAML errors named by their cause, at the line the teacher must change ----

CAUSES = {
    "summary-wrapped-onto-a-new-line": (profile(raw="summary: 我们的品牌\n立足课堂：服务学生\n"), [
        f"{WHERE}:7: 错误: 这一行没有英文冒号，像是接着上一行写的 — 接着上一行的内容请接到上一行末尾，或在行首空两格；新的字段写成“键: 值”"]),
    "value-under-its-key": (profile(title=None, raw="title:\n红烛先锋\n"), [
        f"{WHERE}:6: 错误: 这一行没有英文冒号：它是不是上一行“title:”的值？ — 值要和字段名写在同一行，如 title: 红烛先锋"]),
    "value-under-a-chinese-key": (profile(slogan=None, raw="口号:\n燃烧自己，照亮他人\n"), [
        f"{WHERE}:6: 错误: 这一行没有英文冒号：它是不是上一行“口号:”的值？ — 值要和字段名写在同一行，如 口号: 燃烧自己，照亮他人"]),
    "gallery-field-indented-too-far": (profile(raw="gallery:\n  - file: photos/a.jpg\n      caption: 升旗仪式\n"), [
        f"{WHERE}:8: 错误: 这一行比上一行缩进得多，被当成了上一行的值的接续 — 同一项里的字段要对齐：“caption”前面的空格要和上一行的“file”一样多"]),
    "pillar-field-indented-too-far": (profile(raw="pillars:\n  - name: 红色领航\n     summary: 每月一次\n"), [
        f"{WHERE}:8: 错误: 这一行比上一行缩进得多，被当成了上一行的值的接续 — 同一项里的字段要对齐：“summary”前面的空格要和上一行的“name”一样多"]),
}


@pytest.mark.parametrize("text,expected", CAUSES.values(), ids=CAUSES.keys())
def test_yaml_errors_name_their_cause(tmp_path, text, expected):
    brand, findings = load(tmp_path, text)
    assert (brand, findings) == (None, expected)


@pytest.mark.parametrize("raw", ["region:: 示例市\n", "region：: 示例市\n", "地区：：示例市\n"])
def test_a_doubled_colon_is_read_as_one(tmp_path, raw):
    brand, findings = load(tmp_path, profile(raw=raw))
    key = raw.split(":")[0].split("：")[0]
    assert findings == [f"{WHERE}:6: 警告: “{key}”后面有两个冒号，已按一个处理 — 冒号只写一个，如 {key}: …"]
    assert brand.region == "示例市"


@pytest.mark.parametrize("story,line,start", [("## 品牌介绍\n\n正文。\n", 6, "## 品牌介绍"),
                                              ("\n红烛先锋是示例中学的党建品牌。\n", 7, "红烛先锋是示例中学的党建品牌。"),
                                              ("＃ 品牌介绍\n", 6, "＃ 品牌介绍"),
                                              ("## 品牌介绍\n\n正文。\n\n———\n\n第二部分。\n", 6, "## 品牌介绍")],
                         ids=["heading", "prose", "fullwidth-hash", "dash-line-in-the-story"])
def test_a_field_area_never_closed_says_where_to_close_it(tmp_path, story, line, start):
    _, findings = load(tmp_path, "---\n" + profile(story=story).replace("---\n", "", 2))
    assert findings == [f"{WHERE}:1: 错误: 开头的 --- 没有对应的结束行 — 请在第 {line} 行“{start}”前面单独写一行 ---"]


def test_brandsite_review_tells_fields_from_story_when_the_fences_are_typed_in_chinese_mode(tmp_path):
    """The review's typography rules read the story only: "地区:示例市" is a field, not a sentence to fix."""
    text = "－－－" + profile(raw="地区:示例市\n").removeprefix("---").replace("\n---\n", "\n－－－\n", 1)
    write_brand(tmp_path, "hongzhu-xianfeng", text)
    assert [(str(f), f.rule) for f in review(tmp_path).findings] == [
        (FENCE.format(f"{WHERE}:1", "－－－", FULL), "schema"),
        (f"{WHERE}:6: 警告: “地区:”后面缺少半角空格，已自动补上 — 冒号后要加一个空格（不能是全角空格或 Tab），如 地区: …", "schema"),
        (FENCE.format(f"{WHERE}:7", "－－－", FULL), "schema")]


@pytest.mark.parametrize("spaces", [4, 6, 8])
def test_a_paragraph_indented_with_spaces_is_text_not_code(tmp_path, spaces):
    brand, findings = load(tmp_path, profile(story=f"## 品牌介绍\n\n{' ' * spaces}红烛先锋是示例中学的党建品牌。\n"))
    assert findings == [f"{WHERE}:9: 警告: 这一段以 {spaces} 个空格开头，网页上会变成代码框，已去掉空格 — "
                        "段首不要用空格缩进；需要空两格时请用两个全角空格"]
    assert "<p>红烛先锋是示例中学的党建品牌。</p>" in html(brand) and "<code>" not in html(brand)


def test_indentation_that_markdown_reads_as_text_or_as_part_of_a_list_is_left_alone(tmp_path):
    story = "## 品牌介绍\n\n  两个空格的段落。\n正文第一行\n    接着的一行。\n\n- 主题党日\n\n    这一项的第二段。\n"
    brand, findings = load(tmp_path, profile(story=story))
    assert findings == []
    assert brand.body == story
