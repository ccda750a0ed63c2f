"""The external-resource check: what counts as a load, and the build failing on one."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import Abort

from brandsite.publish import offsite
from brandsite.web.vendor import localize
from sitebuild import build_site


def urls(hits):
    return [url for _, url in hits]


def test_html_loads_are_found_and_links_are_not():
    page = """<html><head>
<link rel="stylesheet" href="https://cdn.jsdelivr.net/x.css">
<link rel="icon" href="//img.example.com/favicon.ico">
<link rel="preload" as="font" href="https://fonts.gstatic.com/a.woff2">
<link rel="modulepreload" href="https://esm.sh/m.js">
<link rel="manifest" href="https://other.example.org/site.webmanifest">
<link rel="canonical" href="https://www.example.edu.cn/dangjian/">
<link rel="alternate" hreflang="en" href="https://en.example.edu.cn/">
<meta http-equiv="refresh" content="0; url=https://elsewhere.example.com/">
<script src="https://unpkg.com/lib"></script>
<style>body { background: url("https://img.example.net/bg.png") } @import 'https://x.example/y.css';</style>
</head><body>
<a href="https://www.12377.cn/">举报</a>
<img src="photos/a.jpg" srcset="https://pic.example.cn/a-480.jpg 480w, photos/a-960.jpg 960w">
<div style="background-image:url(https://pic.example.cn/b.png)"></div>
<script>var s=document.createElement("script");s.src="https://hm.example.com/hm.js";</script>
<video poster="https://v.example.com/p.jpg"></video>
</body></html>"""
    found = offsite.scan_html(page)
    assert urls(found) == [
        "https://cdn.jsdelivr.net/x.css", "//img.example.com/favicon.ico", "https://fonts.gstatic.com/a.woff2",
        "https://esm.sh/m.js", "https://other.example.org/site.webmanifest", "https://elsewhere.example.com/",
        "https://unpkg.com/lib", "https://img.example.net/bg.png", "https://x.example/y.css",
        "https://pic.example.cn/a-480.jpg", "https://pic.example.cn/b.png", "https://hm.example.com/hm.js",
        "https://v.example.com/p.jpg",
    ]
    assert [line for line, _ in found][:2] == [2, 3]


HARMLESS = """<link rel="canonical" href="https://www.example.edu.cn/dangjian/">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><path d="M0 0"/></svg>
<a href="https://beian.miit.gov.cn/" target="_blank">鲁ICP备00000000号-1</a>
<a class="md-source" title="源码" href="//gitee.com/school/dangjian">源码</a>"""


def test_a_page_of_links_and_namespaces_only_is_not_parsed(monkeypatch):
    def no_parser(*args):
        raise AssertionError("parsed a page that can load nothing from elsewhere")

    monkeypatch.setattr(offsite, "_PageScanner", no_parser)
    assert offsite.scan_html(HARMLESS) == []


@pytest.mark.parametrize("load, url", [
    ('<a style="background:url(https://pic.example.cn/b.png)" href="https://www.gov.cn/">政府网</a>',
     "https://pic.example.cn/b.png"),
    ("<script>var t='<a href=\"https://unpkg.com/x\">';</script>", "https://unpkg.com/x"),
    ('<img alt="xmlns" src="https://pic.example.cn/a.jpg">', "https://pic.example.cn/a.jpg"),
    ('<a href="/about.html"><img src="//pic.example.cn/c.jpg"></a>', "//pic.example.cn/c.jpg"),
])
def test_a_load_beside_harmless_links_is_still_found(load, url):
    assert urls(offsite.scan_html(HARMLESS + load)) == [url]


def test_css_urls_imports_and_comments():
    css = '/* url(https://commented.example/x.png) */\n@import url("https://fonts.googleapis.com/css?family=Roboto");\n' \
          'a{background:url(../img/a.png)}\nb{background:url( https://pic.example.cn/b.png )}'
    assert offsite.scan_css(css) == [(2, "https://fonts.googleapis.com/css?family=Roboto"),
                                      (4, "https://pic.example.cn/b.png")]


def test_js_cdn_literals_and_loader_arguments_but_not_plain_links():
    js = 'const a="https://unpkg.com/resize-observer-polyfill";\nfetch("https://api.example.com/data");\n' \
         'importScripts("//w.example.com/worker.js");\nconst link="https://www.gov.cn/";\n' \
         'var t="<a href=\\"https://unpkg.com/x\\">";'
    assert urls(offsite.scan_js(js)) == ["https://unpkg.com/resize-observer-polyfill",
                                          "https://api.example.com/data", "//w.example.com/worker.js"]


def test_allowed_hosts_and_their_subdomains_pass():
    page = '<iframe src="https://v.qq.com/x"></iframe><img src="https://img.v.qq.com/a.jpg"><img src="https://qq.com.evil.cn/a.jpg">'
    assert urls(offsite.scan_html(page, {"v.qq.com"})) == ["https://qq.com.evil.cn/a.jpg"]


def test_finding_names_file_line_and_the_switch():
    (finding,) = offsite.scan("site/index.html", '\n<script src="https://unpkg.com/a"></script>')
    assert str(finding) == ("site/index.html:2: 错误: 从其他网站加载 https://unpkg.com/a — 请把文件放进网站，"
                            "或在 mkdocs.yml 的 brandsite 选项 allow_external 中加入 unpkg.com")


def test_material_bundle_is_localized():
    bundle = '_t("https://unpkg.com/resize-observer-polyfill");_t("https://unpkg.com/mermaid@11/dist/mermaid.min.js")'
    assert offsite.scan_js(localize(bundle)) == []
    assert 'new URL("assets/javascripts/vendor/resize-observer-polyfill.js",__md_scope).href' in localize(bundle)


def test_example_site_loads_nothing_from_elsewhere(example_site):
    assert offsite.scan_site(example_site.site) == []
    assert (example_site.site / "assets/javascripts/vendor/iframe-worker-shim.js").is_file()
    robots = (example_site.site / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://www.example.edu.cn/dangjian/sitemap.xml" in robots
    assert "页面不存在" in example_site.html("404.html")
    assert 'href="/dangjian/index.html">返回首页' in example_site.html("404.html")


def test_build_fails_on_an_external_script_and_allow_external_lets_it_through(project, caplog):
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + '\n<script src="https://cdn.example.com/x.js"></script>\n',
                     encoding="utf-8")
    with pytest.raises(Abort):
        build_site(project)
    (message,) = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert message.startswith("网站有 1 处从其他网站加载文件")
    assert "site/about.html:" in message and "https://cdn.example.com/x.js" in message
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  - brandsite\n", "  - brandsite:\n      allow_external: [cdn.example.com]\n"),
                   encoding="utf-8")
    build_site(project)
