"""One error path for every command: whole finding lines on standard error, exit 1 for errors and 2 for
wrong usage, and a bad mkdocs.yml told in Chinese by every command that reads it — never MkDocs'
English abort line or a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brandsite import cli
from kit.cli import run_brandsite
from kit.images import solid
from kit.profiles import photo, profile, write_brand
from sitebuild import copy_project

READS_MKDOCS_YML = ("gallery", "brochure", "review", "build")
ENGLISH = ("Aborted with", "Config value", "Traceback", "Error", "usage:", "error:")
PLUGIN_LINE = "  - brandsite\n"


@pytest.fixture
def site(tmp_path) -> Path:
    """The example project with one small brand (no photos), so every command has something to do quickly."""
    project = copy_project(tmp_path / "project", brands=False)
    write_brand(project, "hongzhu", profile())
    return project


def plugin_options(project: Path, *lines: str) -> int:
    """Give the brandsite plugin options in mkdocs.yml; the line number of the first option."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count(PLUGIN_LINE) == 1
    options = "".join(f"      {line}\n" for line in lines)
    config.write_text(text.replace(PLUGIN_LINE, "  - brandsite:\n" + options), encoding="utf-8")
    return text[:text.index(PLUGIN_LINE)].count("\n") + 2


def assert_no_english(stdout: str, stderr: str) -> None:
    for word in ENGLISH:
        assert word not in stdout + stderr, stdout + stderr


def wrong_value(site: Path) -> str:
    line = plugin_options(site, "gallery: maybe")
    return f"mkdocs.yml:{line}: 错误: brandsite 插件的选项 gallery 应为“true”或“false” — 请改正这一行，如 gallery: true\n"


def wrong_list_item(site: Path) -> str:
    line = plugin_options(site, "gallery: true", "gallery_widths: [480, wide]")
    return (f"mkdocs.yml:{line + 1}: 错误: brandsite 插件的选项 gallery_widths 应为列表，每一项是整数"
            " — 请改正这一行，如 gallery_widths: [480, 960, 1600, 2400]\n")


def unparsable(site: Path) -> str:
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\nplugins:\n", "\nplugins: [\n"), encoding="utf-8")
    line = text[:text.index("\nplugins:\n")].count("\n") + 3  # YAML notices on the line after the open bracket
    return f"mkdocs.yml:{line}: 错误: 这一行的写法不对，设置读不出来 — 请检查冒号、缩进（只用空格）和括号、引号是否成对\n"


def missing(site: Path) -> str:
    (site / "mkdocs.yml").unlink()
    return ("mkdocs.yml: 错误: 找不到网站设置文件 — 请在项目文件夹（有 mkdocs.yml 的地方）里运行，"
            "或用 --config-file 指明设置文件\n")


@pytest.mark.parametrize("command", READS_MKDOCS_YML)
@pytest.mark.parametrize("break_config", [wrong_value, wrong_list_item, unparsable, missing])
def test_a_bad_mkdocs_yml_is_one_chinese_line(site, command, break_config):
    expected = break_config(site)
    done = run_brandsite(site, command)
    assert (done.returncode, done.stderr) == (1, expected)
    assert_no_english(done.stdout, done.stderr)


@pytest.mark.parametrize("command", READS_MKDOCS_YML)
def test_a_misspelt_option_is_a_warning_and_the_command_goes_on(site, command):
    line = plugin_options(site, "gallery_widht: [480]")
    done = run_brandsite(site, command)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr.splitlines()[0] == (f"mkdocs.yml:{line}: 警告: brandsite 插件没有选项 gallery_widht，这一行不起作用"
                                           " — 是不是 gallery_widths？")
    assert_no_english(done.stdout, done.stderr)


def test_a_misspelt_option_fails_a_strict_build(site):
    line = plugin_options(site, "gallery_widht: [480]")
    done = run_brandsite(site, "build", "--strict")
    assert (done.returncode, done.stderr) == (1, f"mkdocs.yml:{line}: 警告: brandsite 插件没有选项 gallery_widht，这一行不起作用"
                                                  " — 是不是 gallery_widths？\n"
                                                  "mkdocs.yml: 错误: 设置有警告，按 --strict 不能继续 — 请先改正上面的警告\n")
    assert not (site / "site").exists()


def test_check_does_not_read_mkdocs_yml(site):
    (site / "mkdocs.yml").write_text("plugins: [\n", encoding="utf-8")
    done = run_brandsite(site, "check")
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize("args, line", [
    ((), "brandsite: 错误: 没有写命令 — 用法见 brandsite --help"),
    (("publish",), "brandsite: 错误: 没有 publish 这个命令，可用的命令：check、new、import、gallery、review、brochure、"
                   "build、package、deploy — 用法见 brandsite --help"),
    (("check", "--brand", "x", "y"), "brandsite check: 错误: 不认识的参数 y — 用法见 brandsite check --help"),
    (("new", "--slug"), "brandsite new: 错误: 参数 --slug 后面要写一个值 — 用法见 brandsite new --help"),
    (("import",), "brandsite import: 错误: 缺少参数 Word文件 — 用法见 brandsite import --help"),
    (("gallery", "--fast"), "brandsite gallery: 错误: 不认识的参数 --fast — 用法见 brandsite gallery --help"),
    (("review", "--format", "html"), "brandsite review: 错误: 参数 --format 不能是 html，可选：text、json、github、gitlab、markdown"
                                     " — 用法见 brandsite review --help"),
    (("brochure", "--size", "B4"), "brandsite brochure: 错误: 参数 --size 不能是 B4，可选：A4、A5 — 用法见 brandsite brochure --help"),
    (("build", "--s"), "brandsite build: 错误: 参数 --s 不完整，可能是 --site-dir、--strict — 用法见 brandsite build --help"),
    (("package", "-o"), "brandsite package: 错误: 参数 -o/--output 后面要写一个值 — 用法见 brandsite package --help"),
    (("deploy",), "brandsite deploy: 错误: 缺少参数 --to — 用法见 brandsite deploy --help"),
    (("deploy", "--to", "a@b:/c", "--port", "22a"), "brandsite deploy: 错误: 参数 --port 应为整数，不能是 22a"
                                                    " — 用法见 brandsite deploy --help"),
    (("deploy", "--to", "www"), "brandsite deploy: 错误: 参数 --to：目标地址 www 的格式不对 — 请写成 用户名@服务器:/网站/文件夹，"
                                "例如 web@10.0.0.5:/var/www/dangjian"),
], ids=lambda value: " ".join(value) or "(none)" if isinstance(value, tuple) else "")
def test_wrong_usage_is_one_chinese_line_and_exit_2(args, line, capsys):
    assert cli.main(list(args)) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", line + "\n")


def test_check_prints_findings_on_stderr_and_the_count_on_stdout(site, tmp_path):
    write_brand(site, "kong", profile(slogan='""'))
    done = run_brandsite(site, "check")
    assert done.returncode == 1
    assert done.stderr == "brands/kong/index.md:3: 错误: slogan（口号）不能为空 — 请填写口号\n"
    assert done.stdout == "检查了 2 个品牌档案，1 个可以发布：1 处错误，0 条警告或提示。\n"


def test_new_refuses_an_existing_folder_on_stderr(site):
    done = run_brandsite(site, "new", "--title", "红烛", "--school", "示例中学", "--organization", "第一党支部",
                         "--slogan", "燃烧自己", "--slug", "hongzhu")
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "", "brands/hongzhu: 错误: 文件夹 brands/hongzhu 已经存在 — 请换一个 --slug，或不写 --slug 自动生成\n")


def test_new_unfinished_input_is_a_finding(site):
    done = run_brandsite(site, "new", "--title", "红烛", answers="示例中学\n")
    assert done.returncode == 1
    assert done.stderr == "brands: 错误: 没有完成输入，什么也没有创建 — 请重新运行，四项都要填写\n"


def test_import_of_a_missing_file(site):
    done = run_brandsite(site, "import", "报告.docx")
    assert (done.returncode, done.stderr) == (1, "报告.docx: 错误: 找不到这个文件 — 请检查文件名和所在的文件夹\n")


@pytest.mark.parametrize("command", ["package", "deploy --to web@127.0.0.1:/var/www"])
def test_publishing_an_unbuilt_site(site, command):
    done = run_brandsite(site, *command.split())
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "site/index.html: 错误: 网站还没有生成 — 请先运行 make site\n")


def test_brochure_without_brands(site):
    shutil.rmtree(site / "brands" / "hongzhu")
    done = run_brandsite(site, "brochure")
    assert done.returncode == 1
    assert done.stderr == ("brands: 错误: 没有可以印刷的品牌档案 — 请先改正上面的错误，或用 brandsite new 新建一个品牌\n"
                           "宣传册没有生成：请先改正上面的错误。\n")


def test_review_with_an_unknown_base_names_the_command(site):
    done = run_brandsite(site, "review", "--base", "main")
    assert done.returncode == 1
    assert done.stderr.startswith("brandsite review: 错误: git ")
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_damaged_print_copy_in_the_cache_names_the_teachers_photo(site):
    write_brand(site, "hongzhu", profile(gallery=[photo("photos/a.jpg", "升旗仪式")]),
                {"photos/a.jpg": solid((1600, 1200), "#c8102e")})
    assert run_brandsite(site, "brochure").returncode == 0
    shutil.rmtree(site / ".cache" / "brandsite" / "brochure")  # the fitted copies: made again from the print copy
    copies = list((site / ".cache" / "brandsite" / "gallery").rglob("*.jpg"))  # print copies only: no site was built
    assert copies
    for copy in copies:
        copy.write_bytes(copy.read_bytes()[:2000])  # a copy cut short, as by a full disk
    done = run_brandsite(site, "brochure")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == ("brands/hongzhu/index.md:7: 错误: 照片 photos/a.jpg 的印刷图已损坏或不完整（可能复制中断），无法读取"
                                            " — 请删除 .cache/brandsite 文件夹后重新运行 brandsite brochure")
    assert "Traceback" not in done.stderr
