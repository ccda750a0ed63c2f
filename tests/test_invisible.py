"""Issue #13, point 2: invisible characters as teachers get them from WeChat, Word and pasted files.

In the field area (keys, around colons, indentation, list markers, the ends of values) they are taken
out and the brand publishes, with a 提示 naming the character and its line; a title that is visibly
there is never "missing". In the story they are named, not removed.
"""

from pathlib import Path

import pytest

from brandsite.profile.loader import load_brand
from kit.cli import run_brandsite
from kit.profiles import profile, write_brand

WHERE = "brands/hongzhu-xianfeng/index.md"
DROPPED = "这种字符多半是从微信、网页或 Word 复制时带进来的，删掉它再保存，这条提示就不会再出现"
SPACE = "Word 和一些输入法会换成这种空格：请在英文输入法下重新打这个空格"
FENCE = "两个文件拼在一起或从网页复制时会带进这种字符：请重新打这一行 ---"
STORY = "请把光标移到那里删掉它再保存（多半是从微信或网页复制带进来的）"
FULLWIDTH_COLON = "“{0}”后面用了中文冒号“：”，已按英文冒号处理 — 请使用英文冒号 : 并在其后加空格，如 {0}: …"


def load(tmp_path: Path, text: str):
    brand, findings = load_brand(write_brand(tmp_path, "hongzhu-xianfeng", text), tmp_path)
    return brand, [str(f) for f in findings]


# Lines of profile(): 1 ---, 2 title, 3 slogan, 4 organization, 5 school, then the fields given, raw, ---.
FIELD_AREA = {
    "wechat-zwsp-after-key": (
        profile(title=None, raw="title\u200b: 红烛先锋\n"),
        [f"{WHERE}:5: 提示: 键“title”后面有一个看不见的零宽空格（U+200B），已删去 — {DROPPED}"]),
    "wechat-zwsp-before-chinese-key": (
        profile(title=None, raw="\u200b品牌名称: 红烛先锋\n"),
        [f"{WHERE}:5: 提示: 行首有一个看不见的零宽空格（U+200B），已删去 — {DROPPED}"]),
    "wechat-zwnj-twice-inside-key": (
        profile().replace("school:", "sch\u200cool\u200c:"),
        [f"{WHERE}:5: 提示: 键“school”里有一个看不见的零宽非连接符（U+200C），已删去；"
         f"键“school”后面有一个看不见的零宽非连接符（U+200C），已删去 — {DROPPED}"]),
    "word-nbsp-after-colon": (
        profile().replace("school: ", "school:\u00a0"),
        [f"{WHERE}:5: 提示: 冒号后面的空格是不换行空格（U+00A0），已按半角空格处理 — {SPACE}"]),
    "word-narrow-nbsp-after-fullwidth-colon": (
        profile(school=None, raw="学校：\u202f示例中学\n"),
        [f"{WHERE}:5: 提示: 冒号后面的空格是窄不换行空格（U+202F），已按半角空格处理 — {SPACE}",
         f"{WHERE}:5: 警告: {FULLWIDTH_COLON.format('学校')}"]),
    "word-nbsp-before-colon-and-word-joiner": (
        profile().replace("title: ", "title\u00a0\u2060: "),
        [f"{WHERE}:2: 提示: 键“title”后面有一个看不见的零宽不换行符（U+2060），已删去；"
         f"键“title”后面的空格是不换行空格（U+00A0），已删去 — {DROPPED}；{SPACE}"]),
    "bom-mid-file-on-a-key": (
        profile().replace("school:", "\ufeffschool:"),
        [f"{WHERE}:5: 提示: 行首有一个看不见的字节顺序标记 BOM（U+FEFF），已删去 — {DROPPED}"]),
    "bom-mid-file-on-the-closing-fence": (
        profile().replace("---\n## ", "\ufeff---\n## "),
        [f"{WHERE}:6: 提示: 分隔线 --- 这一行有看不见的字节顺序标记 BOM（U+FEFF），已按分隔线处理 — {FENCE}"]),
    "soft-hyphen-inside-key": (
        profile().replace("organization:", "organi\u00adzation:"),
        [f"{WHERE}:4: 提示: 键“organization”里有一个看不见的软连字符（U+00AD），已删去 — {DROPPED}"]),
    "ideographic-space-before-colon": (
        profile().replace("title: ", "title\u3000: "),
        [f"{WHERE}:2: 提示: 键“title”后面的空格是全角空格（U+3000），已删去 — {SPACE}"]),
    "ideographic-space-before-fullwidth-colon": (
        profile(title=None, raw="品牌名称\u3000：红烛先锋\n"),
        [f"{WHERE}:5: 提示: 键“品牌名称”后面的空格是全角空格（U+3000），已删去 — {SPACE}",
         f"{WHERE}:5: 警告: {FULLWIDTH_COLON.format('品牌名称')}"]),
    "zwj-at-the-end-of-a-value": (
        profile(title="红烛先锋\u200d"),
        [f"{WHERE}:2: 提示: 值的末尾有一个看不见的零宽连接符（U+200D），已删去 — {DROPPED}"]),
    "zwsp-inside-quotes": (
        profile(school='"\u200b示例中学\u200b\u200b"'),
        [f"{WHERE}:5: 提示: 值的开头有一个看不见的零宽空格（U+200B），已删去；"
         f"值的末尾有 2 个看不见的零宽空格（U+200B），已删去 — {DROPPED}"]),
    "nbsp-indented-list-item": (
        profile(raw="tags:\n\u00a0\u00a0-\u00a0党建\u200b\n"),
        [f"{WHERE}:7: 提示: 行首的空格是不换行空格（U+00A0），已按半角空格处理；“-”后面的空格是不换行空格（U+00A0），"
         f"已按半角空格处理；值的末尾有一个看不见的零宽空格（U+200B），已删去 — {SPACE}；{DROPPED}"]),
}


@pytest.mark.parametrize("text,expected", FIELD_AREA.values(), ids=FIELD_AREA.keys())
def test_invisible_characters_in_the_field_area_are_taken_out_and_named_at_their_line(tmp_path, text, expected):
    brand, findings = load(tmp_path, text)
    assert findings == expected
    assert (brand.title, brand.school, brand.organization) == ("红烛先锋", "示例中学", "第一党支部")


def test_a_list_item_keeps_its_visible_text(tmp_path):
    brand, _ = load(tmp_path, FIELD_AREA["nbsp-indented-list-item"][0])
    assert brand.tags == ("党建",)


def test_joiners_inside_a_value_are_kept_for_emoji(tmp_path):
    brand, findings = load(tmp_path, profile(slogan="燃烧自己，照亮他人👩\u200d🏫"))
    assert findings == []
    assert brand.slogan == "燃烧自己，照亮他人👩\u200d🏫"


def test_zero_width_characters_in_the_story_are_named_not_removed(tmp_path):
    story = "## 品牌介绍\n\n红烛\u200b先锋，\u200b照亮\u2060他人。\n\n老师们👩\u200d🏫在一起。\n\ufeff## 活动\n"
    brand, findings = load(tmp_path, profile(story=story))
    assert findings == [
        f"{WHERE}:9: 提示: “烛先”之间有看不见的零宽空格（U+200B），“，照”之间有看不见的零宽空格（U+200B），"
        f"“亮他”之间有看不见的零宽不换行符（U+2060），网页上看不出来，但搜索这些字时会找不到这里 — {STORY}",
        f"{WHERE}:12: 提示: 行首有看不见的字节顺序标记 BOM（U+FEFF），行首的 #、- 等符号会因此不起作用 — {STORY}",
    ]
    assert brand.body == story


def test_brandsite_check_publishes_brands_pasted_from_wechat_and_word(tmp_path):
    write_brand(tmp_path, "hongzhu-xianfeng", FIELD_AREA["wechat-zwsp-after-key"][0])
    write_brand(tmp_path, "lanse-xianfeng", profile(title="蓝色先锋").replace("school: ", "school:\u00a0"))
    done = run_brandsite(tmp_path, "check")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"{WHERE}:5: 提示: 键“title”后面有一个看不见的零宽空格（U+200B），已删去 — {DROPPED}",
        f"brands/lanse-xianfeng/index.md:5: 提示: 冒号后面的空格是不换行空格（U+00A0），已按半角空格处理 — {SPACE}",
    ]
    assert done.stdout.splitlines() == ["检查了 2 个品牌档案，2 个可以发布：0 处错误，2 条警告或提示。"]
