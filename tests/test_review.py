"""``brandsite review``: one broken brand per rule, the example site, a fixture pull request, --fix, --format github."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from brandsite import cli
from brandsite.findings import Finding, Level
from brandsite.review.formats import github_line
from brandsite.review.rules import RULES, Profile, placeholders
from brandsite.review.run import Options, review
from kit.images import solid
from kit.profiles import write_brand
from sitebuild import ROOT, copy_project

FIXTURES = Path(__file__).parent / "fixtures" / "review"


def make_photos(project: Path, spec: Path) -> None:
    """Write the photos a fixture's photos.tsv describes (Pillow, in the test)."""
    for line in spec.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        path, width, height, colour = line.split("\t")
        target = project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if colour == "text":
            target.write_bytes("这不是照片".encode())
        elif colour.startswith("same:"):
            shutil.copy(project / colour[5:], target)
        else:
            target.write_bytes(solid((int(width), int(height)), colour, quality=80))


@pytest.fixture
def broken(project: Path) -> Path:
    """The project with the fixture's broken brands (one rule each) and their photos."""
    shutil.copytree(FIXTURES / "brands", project / "brands", dirs_exist_ok=True)
    make_photos(project, FIXTURES / "photos.tsv")
    return project


def expected() -> set[tuple[str, int | None, str]]:
    rows = set()
    for line in (FIXTURES / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            path, number, rule = line.split("\t")
            rows.add((path, int(number) if number else None, rule))
    return rows


def run_cli(capsys, project: Path, *args: str) -> tuple[int, str]:
    code = cli.main(["review", "--config-file", str(project / "mkdocs.yml"), *args])
    return code, capsys.readouterr().out


def test_each_broken_brand_gives_exactly_its_finding(broken):
    result = review(broken)
    found = {(f.path, f.line, f.rule) for f in result.findings}
    assert found == expected()
    for finding in result.findings:
        assert finding.message and finding.hint, finding
        assert RULES[finding.rule][0] in (None, finding.level), finding


def test_every_rule_has_a_fixture_brand():
    covered = {rule for _, _, rule in expected()}
    assert covered == set(RULES)


def test_example_site_has_no_errors():
    result = review(ROOT)
    assert len(result.profiles) >= 9
    assert [str(f) for f in result.findings if f.is_error] == []


def test_example_site_passes_the_command(capsys):
    code, out = run_cli(capsys, ROOT)
    assert code == 0
    assert out.splitlines()[-1].startswith("审阅了 9 个品牌档案：0 处错误")


def test_exit_code_and_review_ignore(broken, capsys):
    code, out = run_cli(capsys, broken)
    assert code == 1
    assert "brands/placeholder/index.md:9: 错误: 模板占位符“XX中学”没有替换 — 请写上真实的单位或地名 [placeholder]" in out
    config = broken / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - brandsite\n", "  - brandsite:\n      review_ignore: [placeholder, no-such-rule]\n"), encoding="utf-8")
    code, out = run_cli(capsys, broken)
    assert "[placeholder]" not in out and "[wording]" in out


def test_school_extends_the_wording_list(project):
    (project / "wording.tsv").write_text("党建品牌创建活动\t党建品牌创建工作\t学校党支部决定（2024）\n", encoding="utf-8")
    (project / "brands" / "a").mkdir()
    (project / "brands" / "a" / "index.md").write_text(
        "---\ntitle: 甲\nslogan: 乙\norganization: 丙\nschool: 丁\n---\n开展党建品牌创建活动。\n", encoding="utf-8")
    found = review(project, options=Options(wording_file=project / "wording.tsv")).findings
    assert [(f.line, f.rule, f.hint) for f in found] == [(7, "wording", "请写“党建品牌创建工作”（依据：学校党支部决定（2024））")]


@pytest.mark.parametrize("text", ["XX中学", "xx市", "20xx年", "20_年", "x名党员", "***总书记", "某某同志",
                                  "（此处填写）", "共举行了次会议", "累计开展了场活动"])
def test_placeholders_from_real_reports(text):
    profile = Profile("brands/a/index.md", f"---\ntitle: 甲\n---\n正文{text}。\n")
    assert [(f.line, f.rule) for f in placeholders.check(profile)] == [(4, "placeholder")]


@pytest.mark.parametrize("text", ["共有名师工作室3个", "先后次序", "2024年", "XXL号", "共举行了3次会议"])
def test_placeholder_lookalikes_are_fine(text):
    assert placeholders.check(Profile("brands/a/index.md", f"---\n---\n{text}\n")) == []


def test_format_github(broken, capsys):
    code, out = run_cli(capsys, broken, "--format", "github")
    lines = out.splitlines()
    assert code == 1
    assert ("::error file=brands/placeholder/index.md,line=9,title=placeholder::"
            "模板占位符“XX中学”没有替换 — 请写上真实的单位或地名") in lines
    assert ("::warning file=brands/photo-unlisted/index.md,title=photo-unlisted::"
            "照片 photos/extra.jpg 没有列在相册里，不会发布 — 要发布就在 gallery 里加一项并写说明；不发布就把它移出 photos 文件夹") in lines
    assert ("::notice file=brands/link-external/index.md,line=9,title=link-external::"
            "链接到其他网站 news.example.com：https://news.example.com/2024/a.html — "
            "审阅人请点开确认内容合适、网站可信，且在国内能打开") in lines
    assert all(re.match(r"^::(error|warning|notice) file=[^,]+(,line=\d+)?,title=[a-z-]+::", line) for line in lines[:-1])
    assert lines[-1].startswith("审阅了 18 个品牌档案：")


def test_github_escaping():
    finding = Finding("brands/a,b/index.md", 3, Level.WARNING, "100% 完成\n第二行", "改", "typo-space")
    assert github_line(finding) == "::warning file=brands/a%2Cb/index.md,line=3,title=typo-space::100%25 完成%0A第二行 — 改"


def test_format_json(broken, capsys):
    code, out = run_cli(capsys, broken, "--format", "json")
    data = json.loads(out)
    assert data["errors"] == sum(1 for f in data["findings"] if f["level"] == "error") > 0
    assert {(f["file"], f["line"], f["rule"]) for f in data["findings"]} == expected()


def test_fix_applies_safe_typography_fixes(project, capsys):
    front = "---\ntitle: 排版\nslogan: 党旗领航，示范引领\norganization: 示范学校党支部\nschool: 示范学校\ntags: [a, b]\n---\n"
    body = ("党员教师带头上公开课,家长很满意。\n\n全校共有 36 名党员，使用 ABC 系统。。\n\n"
            "得分２０２２分。见[网页](https://a.example.cn/x,y)。\n\n　　段首空两格,保留。\n\n```\nx = 1,2  # 代码 不改\n```\n")
    index = project / "brands" / "fix" / "index.md"
    index.parent.mkdir(parents=True)
    index.write_text(front + body, encoding="utf-8")
    code, out = run_cli(capsys, project, "--fix")
    assert index.read_text(encoding="utf-8") == front + (
        "党员教师带头上公开课，家长很满意。\n\n全校共有36名党员，使用ABC系统。\n\n"
        "得分2022分。见[网页](https://a.example.cn/x,y)。\n\n　　段首空两格，保留。\n\n```\nx = 1,2  # 代码 不改\n```\n")
    assert code == 0
    rules = {f.rule for f in review(project).findings}
    assert not rules & {"typography", "typo-space", "typo-repeat"}


def test_fix_leaves_gbk_files_alone(project, capsys):
    index = project / "brands" / "gbk" / "index.md"
    index.parent.mkdir(parents=True)
    raw = "---\ntitle: 甲\nslogan: 乙\norganization: 丙\nschool: 丁\n---\n好,的。\n".encode("gbk")
    index.write_bytes(raw)
    run_cli(capsys, project, "--fix")
    assert index.read_bytes() == raw


FRONT = "---\ntitle: 排版\nslogan: 党旗领航,示范引领\norganization: 示范学校党支部\nschool: 示范学校\ntags: [a, b]\n---\n"


def fix_cli(capsys, project: Path) -> tuple[int, str]:
    """``brandsite review --fix``: exit code and what it printed on stderr."""
    code = cli.main(["review", "--fix", "--config-file", str(project / "mkdocs.yml")])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("text", [
    "\n" + FRONT + "故事,正文。\n",  # a blank line before the opening ---
    FRONT.replace("\n---\n", "\n") + "故事,正文。\n",  # no closing ---
    FRONT.replace("---", "----") + "故事,正文。\n",  # four dashes
    FRONT.replace("---\n", "  ---\n", 1) + "故事,正文。\n",  # indented opening line
    FRONT.replace("---", "———") + "故事,正文。\n",  # full-width dashes from a Chinese keyboard
], ids=["blank line first", "not closed", "four dashes", "indented", "full-width dashes"])
def test_fix_changes_nothing_when_the_field_area_is_not_recognised(project, capsys, text):
    index = write_brand(project, "fields", text)
    code, err = fix_cli(capsys, project)
    assert index.read_text(encoding="utf-8") == text  # not the slogan's comma, not tags: [a, b]
    assert re.search(r"^brands/fields/index\.md:1: 警告: .*字段区.*--fix.* — .+$", err, re.M), err


def test_fix_leaves_every_kind_of_code_alone(project, capsys):
    code_lines = ["```", "x = 1,2  # 代码,不改", "```", "~~~python", "print('你好,世界')", "```", "仍是代码,不改", "~~~",
                  "", "    缩进的代码,不改", "\t制表符缩进,不改", "", "```", "没有结束的代码块,不改", "后面也是代码,不改。。"]
    story = ["党员,教师。", "行内 `代码,不改` 和 ``两个`反引号,不改`` 之外,要改。", ""] + code_lines
    index = write_brand(project, "code", FRONT + "\n".join(story) + "\n")
    fix_cli(capsys, project)
    lines = index.read_text(encoding="utf-8").split("\n")[7:]
    assert lines[:2] == ["党员，教师。", "行内 `代码,不改` 和 ``两个`反引号,不改`` 之外，要改。"]
    assert lines[3:3 + len(code_lines)] == code_lines
    assert not [f for f in review(project).findings if f.path.endswith("code/index.md") and f.rule.startswith("typo")]


def test_fix_widens_a_run_of_marks_whole_and_warns(project, capsys):
    index = write_brand(project, "marks", FRONT + "你好??\n\n真的吗?!\n\n是吗?？?\n\n好。。\n\nwhat??\n")
    fix_cli(capsys, project)
    assert index.read_text(encoding="utf-8") == FRONT + "你好？？\n\n真的吗？！\n\n是吗？？？\n\n好。\n\nwhat??\n"
    left = [(f.line, f.rule, f.message) for f in review(project).findings if f.path.endswith("marks/index.md")
            and f.rule.startswith("typo")]
    assert left == [(8, "typo-repeat", "标点“？？”重复"), (12, "typo-repeat", "标点“？？？”重复"),
                    (16, "typo-repeat", "标点“??”重复")]  # merging ？？ is the teacher's choice


def test_review_of_a_long_story_never_crashes(project, capsys):
    paragraph = "党员教师带头上公开课,家长很满意。" * 20
    long_line = "党员,教师" * 5_000  # over typography.MAX_LINE; the file stays under the loader's 2 MB
    index = write_brand(project, "long", FRONT + f"{paragraph}\n\n" * 1000 + long_line + "\n")
    assert index.stat().st_size > 600_000
    findings = [f for f in review(project).findings if f.path.endswith("long/index.md")]
    assert sum(f.rule == "typography" and f.level is Level.WARNING for f in findings) == 1000
    assert [(f.line, f.level) for f in findings if f.rule == "typography" and f.level is Level.INFO] == [(2008, Level.INFO)]
    fix_cli(capsys, project)
    fixed = index.read_text(encoding="utf-8").split("\n")
    assert fixed[7] == paragraph.replace(",", "，") and fixed[2007] == long_line  # too long: left as it was


def test_corpus_profiles_never_crash_the_review(tmp_path):
    from conftest import require_corpus

    corpus = require_corpus("profiles")
    project = copy_project(tmp_path / "p", brands=False)
    for number, source in enumerate(sorted(corpus.glob("*.md"))):
        folder = project / "brands" / f"p{number}"
        folder.mkdir()
        shutil.copy(source, folder / "index.md")
    result = review(project)
    assert all(f.rule in RULES for f in result.findings)
    script = next(p for p in result.profiles if "alert(\"title\")" in p.text)
    unsafe = [f.line for f in result.findings if f.path == script.path and f.rule == "unsafe-html"]
    assert unsafe == [2, 10, 26, 28, 30, 34, 36]  # YAML values too; <style> is only stripped at build
    assert all(f.is_error for f in result.findings if f.rule == "unsafe-html")


# --- a fixture pull request in a real git repository -------------------------------------------

def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.cn",
           "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.cn"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def pull_request(tmp_path) -> Path:
    """main: the example site; branch pr: one brand changed, one photo added, one placeholder introduced."""
    repo = copy_project(tmp_path / "repo")
    (repo / ".gitignore").write_text("/site/\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "示例站")
    git(repo, "checkout", "-q", "-b", "pr")
    index = repo / "brands" / "wuse-xingdong" / "index.md"
    text = index.read_text(encoding="utf-8")
    text = text.replace("gallery:\n", "gallery:\n  - file: photos/主题党日.jpg\n    caption: 党员教师参加主题党日\n"
                        "    people: adults\n", 1)
    text += "\n支部还与某某社区合作开展志愿服务。\n"  # the placeholder, appended: no dependence on the story's wording
    index.write_text(text, encoding="utf-8")
    (index.parent / "photos" / "主题党日.jpg").write_bytes(solid((1600, 1200), "#2e7d32", quality=80))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "五色行动：加一张照片")
    return repo


def test_pull_request_summary_line_by_line(pull_request, capsys):
    base = git(pull_request, "rev-parse", "--short=7", "main").strip()
    code, out = run_cli(capsys, pull_request, "--base", "main", "--format", "markdown")
    lines = out.splitlines()
    placeholder_line = next(n for n, line in enumerate(
        (pull_request / "brands/wuse-xingdong/index.md").read_text(encoding="utf-8").splitlines(), 1) if "某某" in line)
    thumb = re.compile(r'^\| <img src="data:image/jpeg;base64,[A-Za-z0-9+/=]+" width="96" alt=""> '
                       r'\| `brands/wuse-xingdong/photos/主题党日.jpg` \| 新增 \|$')
    assert code == 1
    assert lines[:17] == [
        "## 品牌档案审阅（brandsite review）",
        "",
        f"与 `main`（{base}）比较：新增 0 个品牌，修改 1 个，删除 0 个。",
        "",
        "结果：1 处错误，0 条警告，0 条提示；有错误，改正后才能合并。",
        "",
        "### 品牌",
        "",
        "| 品牌 | 变化 |",
        "| --- | --- |",
        "| 五色行动（`wuse-xingdong`） | 修改 |",
        "",
        "### 照片",
        "",
        "| 缩略图 | 照片 | 变化 |",
        "| --- | --- | --- |",
        lines[16],
    ]
    assert thumb.match(lines[16])
    assert lines[17:] == [
        "",
        "### 问题",
        "",
        "#### 五色行动（`wuse-xingdong`） · `brands/wuse-xingdong/index.md`",
        "",
        f"- **错误** 第 {placeholder_line} 行 `placeholder`：模板占位符“某某”没有替换 — 请写上真实的名称，或改写成不需要具体名称的句子",
        "",
        "### 资料来源",
        "",
        "- 五色行动（`wuse-xingdong`）：《学校党建工作创新做法》，范文大全（网络转载）",
        "",
        "### 页面大小",
        "",
        "网站还没有生成（没有 site/ 文件夹），无法计算页面大小：先运行 `mkdocs build` 再审阅。",
    ]


def test_summary_thumbnail_is_a_small_jpeg(pull_request, capsys):
    import base64

    _, out = run_cli(capsys, pull_request, "--base", "main", "--format", "markdown")
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", out).group(1)
    with Image.open(io.BytesIO(base64.b64decode(data))) as image:
        assert image.format == "JPEG" and max(image.size) == 96


def test_summary_page_weight_of_a_built_page(pull_request, capsys):
    page = pull_request / "site" / "brands" / "wuse-xingdong" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<img src="../../assets/a.jpg" srcset="../../assets/a.jpg 1x, ../../assets/b.jpg 2x">' + " " * 1960,
                    encoding="utf-8")
    (pull_request / "site" / "assets").mkdir()
    (pull_request / "site" / "assets" / "a.jpg").write_bytes(b"x" * 1024)
    (pull_request / "site" / "assets" / "b.jpg").write_bytes(b"x" * 2048)
    _, out = run_cli(capsys, pull_request, "--base", "main", "--format", "markdown")
    assert out.splitlines()[-3:] == [
        "| 页面 | 合计 | 网页 | 图片 |",
        "| --- | --- | --- | --- |",
        "| `brands/wuse-xingdong/` | 5.0 KB | 2.0 KB | 3.0 KB（2 个文件） |",
    ]


def test_base_reviews_only_changed_brands_and_uncommitted_work(pull_request, capsys):
    (pull_request / "brands" / "sige-ronghe" / "index.md").write_text(
        (pull_request / "brands" / "sige-ronghe" / "index.md").read_text(encoding="utf-8") + "\n20xx年，继续努力。\n",
        encoding="utf-8")
    _, out = run_cli(capsys, pull_request, "--base", "main")
    paths = {line.split(":")[0] for line in out.splitlines()[:-1]}
    assert paths == {"brands/wuse-xingdong/index.md", "brands/sige-ronghe/index.md"}
    assert out.splitlines()[-1].startswith("审阅了 2 个品牌档案：2 处错误")


def test_summary_lists_removed_brands_and_photos(pull_request, capsys):
    git(pull_request, "rm", "-rq", "brands/zhengzhi-shengri")
    _, out = run_cli(capsys, pull_request, "--base", "main", "--format", "markdown")
    assert "| `zhengzhi-shengri` | 删除 |" in out.splitlines()
    assert "新增 0 个品牌，修改 1 个，删除 1 个。" in out


def test_levels_are_the_three_words():
    assert {level for level, _ in RULES.values()} <= {None, *Level}


def test_readme_lists_every_rule():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 审阅修改（brandsite review）"):]
    listed = re.findall(r"^\| `([a-z-]+)` \|", section, re.MULTILINE)
    assert listed == list(RULES)


def test_unknown_base_is_explained(pull_request, capsys):
    code = cli.main(["review", "--config-file", str(pull_request / "mkdocs.yml"), "--base", "origin/没有这个分支"])
    assert code == 1
    assert "fetch-depth: 0" in capsys.readouterr().err


def test_unknown_ignored_rule_is_reported(project, capsys):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - brandsite\n", "  - brandsite:\n      review_ignore: [no-such-rule]\n"), encoding="utf-8")
    cli.main(["review", "--config-file", str(config)])
    assert "review_ignore 里的“no-such-rule”不是审阅规则" in capsys.readouterr().err


def test_summary_shows_a_hostile_title_and_finding_as_text(pull_request, capsys):
    index = pull_request / "brands" / "wuse-xingdong" / "index.md"
    text = index.read_text(encoding="utf-8")
    hostile = "五色<img src=https://evil.example/p.png>|@admin [点我](javascript:x)"
    index.write_text(text.replace("title: 五色行动", f"title: '{hostile}'", 1), encoding="utf-8")
    _, out = run_cli(capsys, pull_request, "--base", "main", "--format", "markdown")
    assert "<img src=https://evil.example" not in out and "@admin" not in out and "[点我](" not in out
    assert r"| 五色&lt;img src=https://evil.example/p.png&gt;\|&#64;admin \[点我\](javascript:x)（`wuse-xingdong`） | 修改 |" \
        in out.splitlines()


@pytest.mark.parametrize("line", [
    "！【支部合影】（photos/合影.jpg “主题党日”）",
    "详见【学校网站】（https://example.org/a b） 的报道。",
    "![合影](photos/合影（2023年）.jpg “主题党日”)",
])
def test_typography_reads_a_chinese_typed_image_as_the_loader_does(line):
    # The loader warns that the image was typed in Chinese and reads it as an image; review's typography
    # advice must not contradict that (e.g. "remove the space before “") nor touch the photo's name.
    from brandsite.review.rules import typography

    profile = Profile("brands/a/index.md", f"---\ntitle: 甲\n---\n{line}\n")
    assert [(f.rule, f.hint) for f in typography.check(profile)] == []
