"""Live preview: `mkdocs serve` shows an edit within seconds, and a profile error on the page itself."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request

import pytest
from mkdocs.exceptions import Abort

from kit import cli
from kit.browser import opened
from kit.profiles import profile, write_brand
from publishing import free_port
from sitebuild import ROOT, build_site, copy_project

PAGE = "dangjian/brands/wuse-xingdong/"  # site_url's path is kept by `mkdocs serve`

BROKEN = profile(title="五色行动", slogan="党旗领航", organization="北皂学校党支部", school="北皂学校",
                 color='"<b>红</b>"', story="正文\n")


def test_serve_shows_profile_errors_on_the_pages(project):
    write_brand(project, "wuse-xingdong", BROKEN)
    built = build_site(project, command="serve")
    page = built.html("brands/wuse-xingdong/index.html")  # the page being edited still opens
    assert "品牌档案有 1 处错误" in page and "brands/wuse-xingdong/index.md:6" in page
    assert "“&lt;b&gt;红&lt;/b&gt;”不是颜色" in page and "<b>红</b>" not in page
    assert "品牌档案有 1 处错误" in built.html("index.html")
    assert any("不是颜色" in w for w in built.warnings)


def test_build_still_stops_on_profile_errors(project, caplog):
    write_brand(project, "wuse-xingdong", BROKEN)
    with pytest.raises(Abort):
        build_site(project)
    assert "网站没有生成" in caplog.text


def test_no_banner_without_errors(example_site):
    assert "bs-errors" not in example_site.html("brands/wuse-xingdong/index.html")
    assert "md-banner" not in example_site.html("index.html")


@pytest.fixture
def served(tmp_path):
    """A copy of the example project under `mkdocs serve` on a free port; yields (project, base URL)."""
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=cli.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:  # polling a port that is not open yet: another process, no event to wait on
            try:
                urllib.request.urlopen(base + PAGE, timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("mkdocs serve 没有启动：\n" + (tmp_path / "serve.log").read_text(encoding="utf-8"))
                time.sleep(0.2)
        yield project, base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def wait_for_text(page, text: str, seconds: float) -> float:
    """Seconds until ``text`` is on the page (livereload reloads it by itself); fails after ``seconds``."""
    from playwright.sync_api import expect

    start = time.monotonic()
    expect(page.locator("body"), f"{seconds} 秒内页面上没有出现“{text}”").to_contain_text(text, timeout=seconds * 1000)
    return time.monotonic() - start


def test_make_serve_prints_the_address_in_chinese():
    dry_run = subprocess.run(["make", "-n", "serve", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "本机预览：请在浏览器打开 http://127.0.0.1:8123/dangjian/" in dry_run.stdout
    assert "mkdocs serve --dev-addr 127.0.0.1:8123" in dry_run.stdout


@pytest.mark.browser
def test_edit_and_error_show_in_the_browser(chromium, served, artifacts):
    from playwright.sync_api import expect

    project, base = served
    index = project / "brands" / "wuse-xingdong" / "index.md"
    original = index.read_text(encoding="utf-8")
    # livereload keeps a request open, so the network is never idle: wait for the page's load event
    with opened(chromium, base + PAGE, wait_until="load") as (page, _):
        assert "党旗领航，五色行动铸党魂" in page.inner_text("body")
        assert page.locator(".bs-errors").count() == 0

        index.write_text(original.replace("党旗领航，五色行动铸党魂", "实时预览的新口号"), encoding="utf-8")
        seconds = wait_for_text(page, "实时预览的新口号", 10)
        # About 1.6 s here (0.5 s file polling + build + reload); 5 s leaves room for a loaded CI machine.
        assert seconds < 5, f"修改后 {seconds:.1f} 秒才显示"

        broken = original.replace("slogan: 党旗领航，五色行动铸党魂\n", "")  # one error: the slogan is missing
        index.write_text(broken, encoding="utf-8")
        wait_for_text(page, "品牌档案有 1 处错误", 10)
        banner = page.inner_text(".bs-errors")
        assert "brands/wuse-xingdong/index.md:" in banner and "—" in banner
        page.screenshot(path=str(artifacts / "serve-profile-error.png"), full_page=False)

        index.write_text(original, encoding="utf-8")
        expect(page.locator(".bs-errors"), "改好后错误提示没有消失").to_have_count(0, timeout=10_000)
        wait_for_text(page, "党旗领航，五色行动铸党魂", 10)  # the page livereload loaded after the fix
        assert page.locator(".bs-errors").count() == 0
