"""The ``brandsite`` MkDocs plugin: a thin adapter from Brand objects to MkDocs pages.

Each event does one thing and delegates to the MkDocs-free modules.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from mkdocs.utils import get_relative_url

from .brochure.render import BROCHURE, made_from, stale_for_site
from .config import BrandsiteConfig, gallery_options
from .findings import Finding, Level
from .gallery.build import build_gallery
from .gallery.manifest import Manifest
from .gallery.progress import summary_line
from .model import Brand
from .profile.schema import load_brands
from .publish import builddate, offsite
from .web import pages, robots, safety, search, vendor

# A plain logger under mkdocs' own: warnings count for --strict, and lines keep the one shape
# (`brands/…:7: 错误: …`) without a plugin-name prefix.
log = logging.getLogger("mkdocs.plugins.brandsite")

BRAND_CSS = "assets/stylesheets/brands.css"
BROKEN_PAGE = "# 品牌档案有错误\n\n页面顶部列出了错误和改法；改正并保存后，这里会重新显示品牌页面。\n"  # `mkdocs serve` only


def report(findings: list[Finding], logger: logging.Logger | logging.LoggerAdapter) -> None:
    """Warnings go to the log (``--strict`` makes them fatal); errors stop the build, all at once."""
    for finding in findings:
        if finding.level is Level.WARNING:
            logger.warning(str(finding))
        elif finding.level is Level.INFO:
            logger.info(str(finding))
    errors = [f for f in findings if f.is_error]
    if errors:
        raise PluginError(f"品牌档案有 {len(errors)} 处错误，网站没有生成：\n" + "\n".join(map(str, errors)))


def _without_brand_pages(items: list) -> list:
    """The hand-written part of the navigation: MkDocs' automatic entries for brands removed."""
    kept = []
    for item in items:
        if isinstance(item, Section):
            item.children = _without_brand_pages(item.children)
            if item.children:
                kept.append(item)
        elif not (isinstance(item, Page) and item.file.generated_by):
            kept.append(item)
    return kept


def _link(items: list, parent: Section | None = None) -> list[Page]:
    """Set parents and return the pages in reading order, as MkDocs does for its own nav."""
    found = []
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            found += _link(item.children, item)
        elif isinstance(item, Page):
            found.append(item)
    return found


class BrandsitePlugin(BasePlugin[BrandsiteConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.brands: list[Brand] = []
        self.by_page: dict[str, Brand] = {}
        self.manifest = Manifest()
        self.env = None
        self.set_epoch = False  # True while this build sets SOURCE_DATE_EPOCH itself
        self.has_brochure = False
        self.forget_terms = lambda: None  # takes this build's words out of jieba again
        self.serving = False  # under `mkdocs serve`, profile errors are shown on the pages instead
        self.errors: list[Finding] = []

    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"

    def _report(self, findings: list[Finding]) -> None:
        """Stop the build on errors, except while previewing: then the pages show them."""
        errors = [f for f in findings if f.is_error] if self.serving else []
        self.errors += errors
        report([f for f in findings if f not in errors], log)
        for finding in errors:
            log.warning(str(finding))

    def on_config(self, config):
        if not self.config.enabled:
            return
        root = Path(config.config_file_path).parent
        self.brands, findings = load_brands(root / self.config.brands_dir, root)
        self.errors = []
        self.manifest = Manifest()  # MkDocs reuses the plugin in one process: no photos of the last build
        self._report(findings)
        if self.config.gallery:
            self.manifest, findings = build_gallery(self.brands, root / self.config.cache_dir / "gallery",
                                                    gallery_options(self.config))
            self._report(findings)
            log.info(summary_line(self.manifest.stats))
        self.by_page = {f"{b.url}index.md": b for b in self.brands}
        if BRAND_CSS not in config.extra_css:
            config.extra_css.append(BRAND_CSS)
        if self.config.search_terms and importlib.util.find_spec("jieba"):  # else Material does not segment
            self.forget_terms = search.teach_jieba(search.user_dictionary(self.brands, self.config.extra_terms))
        if "SOURCE_DATE_EPOCH" not in os.environ:  # MkDocs reads it for sitemap dates and gzip
            os.environ["SOURCE_DATE_EPOCH"] = str(builddate.source_date_epoch(root, self.brands))
            self.set_epoch = True

    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled:
            return files
        for src_uri, brand in self.by_page.items():
            files.append(File.generated(config, src_uri, content=pages.page_source(brand.body)))
        for url, path in self.manifest.web_files():
            files.append(File.generated(config, url, abs_src_path=str(path)))
        for src_uri in pages.broken_pages(self.errors, self.by_page):  # so the page being edited still opens
            files.append(File.generated(config, src_uri, content=BROKEN_PAGE))
        files.append(File.generated(config, BRAND_CSS, content=pages.brands_css(self.brands, self.manifest)))
        files.append(File.generated(config, "robots.txt", content=robots.robots_txt(config.site_url)))
        brochure = Path(config.config_file_path).parent / self.config.cache_dir / BROCHURE
        # made by `brandsite brochure`; published and linked only while made from these brands and photos
        stale = stale_for_site(brochure, f"{Path(self.config.cache_dir).as_posix()}/{BROCHURE}",
                               made_from(self.brands, self.manifest)) if brochure.is_file() else None
        self._report([stale] if stale else [])
        self.has_brochure = brochure.is_file() and not stale
        if self.has_brochure:
            files.append(File.generated(config, BROCHURE, abs_src_path=str(brochure)))
        return files

    def on_nav(self, nav: Navigation, *, config, files: Files) -> Navigation:
        # on_env comes after pages are rendered: too late for them. One environment for all
        # rebuilds of `mkdocs serve`: Jinja reloads a template when its file changes.
        self.env = self.env or config.theme.get_env()
        if not self.config.enabled or not self.brands:
            return nav
        # Material prints titles as HTML: Markup escapes the school once, and `| e` leaves it so.
        schools = [Section(escape(school), [files.get_file_from_path(f"{b.url}index.md").page for b in group])
                   for school, group in pages.by_school(self.brands).items()]
        items = _without_brand_pages(nav.items) + [Section("品牌展示", schools)]
        ordered = _link(items)
        for before, page, after in zip([None, *ordered], ordered, [*ordered[1:], None]):
            page.previous_page, page.next_page = before, after
        return Navigation(items, ordered)

    def on_page_markdown(self, markdown: str, *, page: Page, config, files) -> str:
        brand = self.by_page.get(page.file.src_uri)
        if brand:
            # Material prints these as HTML, and its search shows tags as HTML too: escape once, here.
            page.meta.update(template="brand.html", title=escape(brand.title),
                             description=escape(brand.summary or brand.slogan), tags=[escape(t) for t in brand.tags])
            return pages.link_story_images(markdown, brand, self.manifest.photos(brand.slug))
        return markdown

    def on_page_content(self, html: str, *, page: Page, config, files) -> str:
        brand = self.by_page.get(page.file.src_uri)
        if not brand:
            return html
        # Rendered here, not in the page template, so search indexes pillars, figures and honours too.
        template = self.env.get_template("fragments/brandsite/article.html")
        return template.render(brand=brand, story=safety.clean_html(html), page=page, config=config,
                               photos=self.manifest.photos(brand.slug), base=get_relative_url(".", page.url) + "/")

    def on_page_context(self, context, *, page: Page, config, nav):
        brand = self.by_page.get(page.file.src_uri)
        context["brands"] = self.brands
        context["brand"] = brand
        context["covers"] = {b.slug: pages.cover(b, self.manifest.photos(b.slug)) for b in self.brands}
        context["brand_errors"] = self.errors
        if page.is_homepage:
            context["schools"], context["tags"] = pages.facets(self.brands)
            context["brochure"] = BROCHURE if self.has_brochure else None
        if brand and config.repo_url and self.config.edit_uri:
            page.edit_url = config.repo_url.rstrip("/") + "/" + self.config.edit_uri.strip("/") + \
                f"/{brand.slug}/index.md"
        return context

    def on_post_build(self, *, config) -> None:
        self._restore_epoch()
        if not self.config.enabled:
            return
        site = Path(config.site_dir)
        index = site / "search" / "search_index.json"  # before `offline` copies it into search_index.js
        if self.config.search_terms and index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            search.add_term_parts(data, search.user_dictionary(self.brands, self.config.extra_terms))
            index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        self.forget_terms()
        vendor.localize_site(site)
        if self.serving:  # a preview is never published; the check costs 0.3 s a rebuild at 100 brands
            return
        found = offsite.scan_site(site, frozenset(self.config.allow_external))
        if found:
            raise PluginError(f"网站有 {len(found)} 处从其他网站加载文件，在校园网、离线或境外资源不通时会打不开，"
                              "网站没有发布：\n" + "\n".join(map(str, found)))

    def on_build_error(self, *, error) -> None:
        self._restore_epoch()
        self.forget_terms()

    def _restore_epoch(self) -> None:
        if self.set_epoch:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self.set_epoch = False
