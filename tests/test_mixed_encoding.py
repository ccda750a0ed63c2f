"""A UTF-8 profile with text pasted from a GBK ("ANSI") document: the first such line named, what it
reads as shown, and `brandsite check --fix` / `review --fix` writing it back as UTF-8 with a backup.

Each profile below is UTF-8 with some of its text encoded otherwise, as a paste from an old Word or
WPS document saved as "ANSI" leaves it; the text is our own, about a fictional school.
"""

from __future__ import annotations

import random
import re

import pytest

from brandsite import cli
from brandsite.authoring import repair
from brandsite.findings import Level
from brandsite.profile.loader import load_brand
from kit import ROOT
from kit.profiles import profile, write_brand

WHERE = "brands/hongzhu/index.md"
STORY = ("## 品牌介绍\n\n示例市第九小学党支部坚持立德树人。\n\n"  # lines 7-9
         "党员教师结对帮扶，每周开展一次学习交流活动。\n\n"  # line 11
         "支部把“红烛”精神写进了课堂，\n也写进了家访的路上。\n\n结尾一段。\n")  # lines 13, 14, 16
TEXT = profile(story=STORY)
FIX_HINT = "运行 brandsite check --fix 把它改存为 UTF-8（原文件留作 index.md.bak），或删去这段文字重新输入"
FIX_HINT_MANY = "运行 brandsite check --fix 把它们改存为 UTF-8（原文件留作 index.md.bak），或删去这几段文字重新输入"
PASTED = "（多半是从别的文档粘贴来的），已按 GBK 读出"
RETYPE = "请删去这一段，重新输入，或从原文档重新复制后粘贴"


def pasted(text: str, *parts: str, codec: str = "gbk") -> bytes:
    """``text`` in UTF-8 with each of ``parts`` (a piece of it) in ``codec``."""
    raw = text.encode("utf-8")
    for part in parts:
        assert part.encode("utf-8") in raw, part
        raw = raw.replace(part.encode("utf-8"), part.encode(codec))
    return raw


def load(tmp_path, raw: bytes):
    return load_brand(write_brand(tmp_path, "hongzhu", raw), tmp_path)


# (what was pasted in GBK, the message) — one paragraph, several, one word, a field, a run across a line end
CASES = {
    "one paragraph": (["党员教师结对帮扶，每周开展一次学习交流活动。"],
                      f"{WHERE}:11: 警告: 这一行有一段文字是 GBK 编码{PASTED}：“党员教师结对帮扶，每周开展一次学…” — {FIX_HINT}"),
    "several paragraphs": (["示例市第九小学党支部坚持立德树人。", "党员教师结对帮扶", "结尾一段。"],
                           f"{WHERE}:9: 警告: 这一行和第 11、16 行有 3 段文字是 GBK 编码{PASTED}，第一段：“示例市第九小学党支部坚持立德树人…”"
                           f" — {FIX_HINT_MANY}"),
    "one word": (["立德树人"], f"{WHERE}:9: 警告: 这一行有一段文字是 GBK 编码{PASTED}：“立德树人” — {FIX_HINT}"),
    "in the fields": (["燃烧自己"], f"{WHERE}:3: 警告: 这一行有一段文字是 GBK 编码{PASTED}：“燃烧自己” — {FIX_HINT}"),
    "across a line end": (["写进了课堂，\n也写进了"],
                          f"{WHERE}:13: 警告: 这一行和第 14 行有 2 段文字是 GBK 编码{PASTED}，第一段：“写进了课堂，” — {FIX_HINT_MANY}"),
}


@pytest.mark.parametrize("case", CASES)
def test_pasted_gbk_is_read_and_its_first_line_named(tmp_path, case):
    parts, message = CASES[case]
    brand, findings = load(tmp_path, pasted(TEXT, *parts))
    assert [str(f) for f in findings] == [message]
    assert brand is not None and brand.body == STORY and brand.slogan == "燃烧自己，照亮他人"


def test_a_chinese_key_pasted_in_gbk_is_read_as_that_key(tmp_path):
    brand, findings = load(tmp_path, pasted(profile(raw="标签: [党建, 志愿服务]\n", story=STORY), "标签"))
    assert [str(f) for f in findings] == [f"{WHERE}:6: 警告: 这一行有一段文字是 GBK 编码{PASTED}：“标签” — {FIX_HINT}"]
    assert brand.tags == ("党建", "志愿服务")


def test_windows_line_endings_and_bom_keep_their_line_numbers(tmp_path):
    raw = b"\xef\xbb\xbf" + pasted(TEXT.replace("\n", "\r\n"), "结尾一段。")
    brand, findings = load(tmp_path, raw)
    assert [str(f) for f in findings] == [f"{WHERE}:16: 警告: 这一行有一段文字是 GBK 编码{PASTED}：“结尾一段。” — {FIX_HINT}"]
    assert brand.body == STORY


def test_gbk_that_happens_to_be_valid_utf8_is_still_found(tmp_path):
    # 学校 in GBK is D1 A7 D0 A3, valid UTF-8 for "ѧУ": the line is read by what reads as Chinese
    brand, findings = load(tmp_path, pasted(profile(story="## 品牌介绍\n\n全体党员走进学校社区。\n"), "走进学校社区"))
    assert [str(f) for f in findings] == [f"{WHERE}:9: 警告: 这一行有一段文字是 GBK 编码{PASTED}：“走进学校社区” — {FIX_HINT}"]
    assert "走进学校社区" in brand.body


@pytest.mark.parametrize("raw,line,shown", [
    (pasted(TEXT.replace("结尾一段。", "Café crème"), "Café crème", codec="latin-1"), 16, "Caf□ cr□me"),
    (pasted(TEXT.replace("党员教师", "黨員活動中心"), "黨員活動中心", codec="big5"), 11, "□"),
    (TEXT.encode().replace("燃烧自己".encode(), b"\xff\xfe\x80"), 3, "□"),
], ids=["latin-1", "big5", "broken bytes"])
def test_bytes_that_are_not_gbk_either_are_an_error_at_their_line(tmp_path, raw, line, shown):
    brand, findings = load(tmp_path, raw)
    assert brand is None
    [finding] = findings
    assert str(finding).startswith(f"{WHERE}:{line}: 错误: 这一行有一段文字既不是 UTF-8 也不是 GBK 编码，读不出来：“")
    assert str(finding).endswith(f"” — {RETYPE}") and shown in finding.message


def test_control_characters_in_what_is_quoted_are_not_sent_to_the_terminal(tmp_path):
    story = "## 品牌介绍\n\n开头\x1b[2J党员\x1b]0;x\x07教师结对帮扶\n"
    _, findings = load(tmp_path, profile(story="").encode() + pasted(story, "党员\x1b]0;x\x07教师结对"))
    assert [str(f) for f in findings] == [f"{WHERE}:9: 警告: 这一行有一段文字是 GBK 编码{PASTED}：“党员□]0;x□教师结对” — {FIX_HINT}"]
    _, findings = load(tmp_path, profile(story="").encode() + story.encode().replace("帮扶".encode(), b"\xff\x1b[31m"))
    assert [str(f) for f in findings] == [f"{WHERE}:9: 错误: 这一行有一段文字既不是 UTF-8 也不是 GBK 编码，读不出来："
                                          f"“开头□[2J党员□]0;x□教师结对□[31m” — {RETYPE}"]


def test_a_gbk_file_is_still_read_whole_with_todays_warning(tmp_path):
    brand, findings = load(tmp_path, TEXT.encode("gbk"))
    assert [str(f) for f in findings] == [f"{WHERE}: 警告: 文件编码是 GBK（“ANSI”），已自动转换 — "
                                          "请用记事本打开，点“另存为”，编码选“UTF-8”后保存"]
    assert brand.body == STORY


# ---- --fix ----

def check(capsys, *args: str) -> tuple[int, list[str]]:
    code = cli.main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.err.splitlines() + captured.out.splitlines()


def test_check_fix_writes_the_pasted_text_as_utf8_and_keeps_the_original(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    original = pasted(TEXT.replace("\n", "\r\n"), "党员教师结对帮扶", "结尾一段。")
    index = write_brand(project, "hongzhu", original)
    unreadable = write_brand(project, "qita", TEXT.encode().replace("结尾".encode(), "Café".encode("latin-1")))
    code, out = check(capsys, "--fix")
    assert out == [
        f"{WHERE}:11: 提示: 已把第 11、16 行的 2 段 GBK 文字改存为 UTF-8，原文件备份为 {WHERE}.bak — 请打开档案核对这几段文字；确认无误后可以删去备份",
        f"brands/qita/index.md:16: 提示: 这一行有读不出来的文字，--fix 没有改动这个文件 — {RETYPE}",
        f"brands/qita/index.md:16: 错误: 这一行有一段文字既不是 UTF-8 也不是 GBK 编码，读不出来：“Caf□一段。” — {RETYPE}",
        "检查了 2 个品牌档案，1 个可以发布：1 处错误，0 条警告或提示。",
    ]
    assert code == 1
    assert index.read_bytes() == TEXT.replace("\n", "\r\n").encode()  # only the pasted runs changed
    assert (project / f"{WHERE}.bak").read_bytes() == original
    assert unreadable.read_bytes() == TEXT.encode().replace("结尾".encode(), "Café".encode("latin-1"))
    assert not (unreadable.parent / "index.md.bak").exists()
    index.write_bytes(original)  # pasted again: the first backup is kept
    check(capsys, "--fix")
    assert (project / f"{WHERE}.bak2").read_bytes() == original and index.read_bytes() == TEXT.replace("\n", "\r\n").encode()


def test_check_without_fix_changes_nothing(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    original = pasted(TEXT, "立德树人")
    index = write_brand(project, "hongzhu", original)
    code, out = check(capsys)
    assert code == 0 and out[0] == CASES["one word"][1]
    assert index.read_bytes() == original and not (index.parent / "index.md.bak").exists()


def test_review_fix_repairs_the_encoding_before_the_typography(project, capsys):
    original = pasted(TEXT.replace("结尾一段。", "结尾一段,就这样。"), "党员教师结对帮扶")
    index = write_brand(project, "hongzhu", original)
    cli.main(["review", "--fix", "--config-file", str(project / "mkdocs.yml")])
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [
        f"{WHERE}:11: 提示: 已把第 11 行的 1 段 GBK 文字改存为 UTF-8，原文件备份为 {WHERE}.bak — 请打开档案核对这几段文字；确认无误后可以删去备份",
        f"{WHERE}: 已自动改正排版",
    ]
    assert index.read_text(encoding="utf-8") == TEXT.replace("结尾一段。", "结尾一段，就这样。")
    assert (project / f"{WHERE}.bak").read_bytes() == original


def test_any_piece_of_a_real_report_pasted_in_gbk_is_found_exactly(tmp_path):
    """Pieces of 1 to 40 characters from the seed reports, pasted in GBK into a line of another: each is
    found and read back exactly, whatever bytes it happens to start or end with. (A piece whose GBK bytes
    happen to be valid UTF-8, like 头 alone, is UTF-8 to every program: the editor shows "ͷ" too. Right
    beside a UTF-8 "·" or other two-byte character, both readings are as good: GBK is chosen, see README.)"""
    seeds = ROOT.parent / "shared" / "seeds"
    sentences = [line for path in sorted(seeds.glob("*.txt")) for line in path.read_text(encoding="utf-8").split("\n")
                 if len(line) > 20 and line.encode("gbk", "replace") == line.encode("gbk", "ignore")]
    if not sentences:
        pytest.skip("../shared/seeds 不存在")
    chooser = random.Random(13)
    checked = 0
    for _ in range(150):
        host, source = (s[:200] for s in chooser.sample(sentences, 2))
        start = chooser.randrange(len(source) - 1)
        piece = source[start:start + chooser.randint(1, 40)]
        at = chooser.randrange(len(host))
        story = f"## 品牌介绍\n\n{host[:at]}{piece}{host[at:]}\n"
        raw = profile(story="").encode() + pasted(story, piece)
        beside = host[at - 1:at + 1] if at else host[:1]
        if raw.decode("utf-8", "replace") != raw.decode("utf-8", "ignore") and not re.search("[\u0080-\u07ff]", beside):
            checked += 1
            brand, findings = load(tmp_path, raw)
            assert brand is not None and brand.body == story, (host, piece)
            assert [(f.line, f.level) for f in findings] == [(9, Level.WARNING)], [str(f) for f in findings]
    assert checked > 120


def test_fix_that_cannot_write_leaves_the_file_whole(project, monkeypatch):
    original = pasted(TEXT, "立德树人")
    index = write_brand(project, "hongzhu", original)

    def full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(repair, "write_atomic", full)
    assert str(repair.repair_encoding(index, project)) == (
        f"{WHERE}:9: 错误: --fix 没能改动：No space left on device — "
        "请确认磁盘没有满、文件夹不是只读的、没有别的程序（如 Word）正打开它，再运行一次")
    assert index.read_bytes() == original
