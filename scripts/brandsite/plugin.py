"""The ``brandsite`` MkDocs plugin: a thin adapter from Brand objects to MkDocs pages.

Each event does one thing and delegates: to the MkDocs-free modules, and to ``nav`` for MkDocs' nav objects.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .brochure.render import BROCHURE, made_from, stale_for_site
from .config import BrandsiteConfig
from .findings import Finding, Level
from .gallery.build import build_gallery, gallery_options
from .gallery.manifest import GalleryPhoto, Manifest
from .gallery.progress import summary_line
from .model import Brand
from .nav import add_listing_pages, page_nav, with_brands
from .profile.loader import load_brands
from .publish import builddate, offsite
from .web import directory, pagefind, pages, robots, safety, search, vendor
from .web.pages import BRAND_CSS, BROKEN_PAGE

# A plain logger under mkdocs' own: warnings count for --strict, and lines keep the one shape
# (`brands/…:7: 错误: …`) without a plugin-name prefix.
log = logging.getLogger("mkdocs.plugins.brandsite")


class BrandsitePlugin(BasePlugin[BrandsiteConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.brands: list[Brand] = []
        self.by_page: dict[str, Brand] = {}
        self.directory = directory.Directory.of([])  # regions, schools and the wall's pages
        self.manifest = Manifest()
        self.covers: dict[str, tuple[int, GalleryPhoto] | None] = {}  # the wall's cards, by slug
        self.terms: list[str] = []  # the search dictionary of this build
        self.env = None
        self.set_epoch = False  # True while this build sets SOURCE_DATE_EPOCH itself
        self.has_brochure = False
        self.pagefind = False  # True: Pagefind searches this site instead of Material's whole index
        self.forget_terms = lambda: None  # takes this build's words out of jieba again
        self.serving = False  # under `mkdocs serve`, profile errors are shown on the pages instead
        self.errors: list[Finding] = []

    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"

    def _report(self, findings: list[Finding]) -> None:
        """Warnings go to the log (``--strict`` makes them fatal); errors stop the build, all at once,
        except while previewing: then they are logged as warnings and the pages show them."""
        for finding in findings:
            if finding.level is Level.WARNING:
                log.warning(str(finding))
            elif finding.level is Level.INFO:
                log.info(str(finding))
        errors = [f for f in findings if f.is_error]
        if errors and not self.serving:
            raise PluginError(f"品牌档案有 {len(errors)} 处错误，网站没有生成：\n" + "\n".join(map(str, errors)))
        self.errors += errors
        for finding in errors:
            log.warning(str(finding))

    def on_config(self, config):
        if not self.config.enabled:
            return
        root = Path(config.config_file_path).parent
        self._load(root)
        if BRAND_CSS not in config.extra_css:
            config.extra_css.append(BRAND_CSS)
        self.pagefind = pagefind.uses_pagefind(len(self.brands), self.config.pagefind_from)
        if self.pagefind:
            pagefind.take_over_search(config)
        self._teach_search_terms()
        self._set_build_date(root)

    def _load(self, root: Path) -> None:
        """Brands and their gallery, reported; the pages and the wall's covers they make."""
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
        self.directory = directory.Directory.of(self.brands)
        self.covers = pages.covers(self.brands, self.manifest)

    def _teach_search_terms(self) -> None:
        """jieba keeps the dictionary's terms whole in Material's index; on_post_build adds their parts."""
        wanted = self.config.search_terms and not self.pagefind  # Pagefind segments Chinese itself
        self.terms = search.user_dictionary(self.brands, self.config.extra_terms) if wanted else []
        if self.terms and importlib.util.find_spec("jieba"):  # else Material does not segment
            self.forget_terms = search.teach_jieba(self.terms)

    def _set_build_date(self, root: Path) -> None:
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
        add_listing_pages(files, config, self.directory)
        for src_uri in pages.broken_pages(self.errors, self.by_page):  # so the page being edited still opens
            files.append(File.generated(config, src_uri, content=BROKEN_PAGE))
        files.append(File.generated(config, BRAND_CSS, content=pages.brands_css(self.brands, self.manifest)))
        files.append(File.generated(config, "robots.txt", content=robots.robots_txt(config.site_url)))
        brochure = self._brochure(Path(config.config_file_path).parent)
        self.has_brochure = brochure is not None
        if brochure:
            files.append(File.generated(config, BROCHURE, abs_src_path=str(brochure)))
        return files

    def _brochure(self, root: Path) -> Path | None:
        """The brochure `brandsite brochure` made, while it was made from these brands and photos."""
        brochure = root / self.config.cache_dir / BROCHURE
        if not brochure.is_file():
            return None
        stale = stale_for_site(brochure, f"{Path(self.config.cache_dir).as_posix()}/{BROCHURE}",
                               made_from(self.brands, self.manifest))
        self._report([stale] if stale else [])
        return None if stale else brochure

    def on_nav(self, nav: Navigation, *, config, files: Files) -> Navigation:
        # on_env comes after pages are rendered: too late for them. One environment for all
        # rebuilds of `mkdocs serve`: Jinja reloads a template when its file changes.
        self.env = self.env or config.theme.get_env()
        if not self.config.enabled or not self.brands:
            return nav
        return with_brands(nav, files, self.directory.regions)

    def on_env(self, env, *, config, files):
        env.globals["pagefind"] = pagefind.FOLDER + "/" if self.pagefind else None  # read by partials/search.html
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config, files) -> str:
        brand = self.by_page.get(page.file.src_uri)
        if brand:
            # Material prints these as HTML, and its search shows tags as HTML too: escape once, here.
            page.meta.update(template="brand.html", title=escape(brand.title),
                             description=escape(brand.summary or brand.slogan), tags=[escape(t) for t in brand.tags])
            return pages.link_story_images(markdown, brand, self.manifest.photos(brand.slug))
        if listing := self.directory.listings.get(page.file.src_uri):
            page.meta.update(listing.meta)
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
        context["covers"] = self.covers
        context["brand_errors"] = self.errors
        context["nav"] = page_nav(nav, page) if self.brands else nav
        context.update(self.directory.context(page.file.src_uri, page.is_homepage))
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
        if self.terms and index.is_file():
            search.add_term_parts_to_index(index, self.terms)
        self.forget_terms()
        vendor.localize_site(site)
        problem = pagefind.index_site(site) if self.pagefind else None
        if problem:
            raise PluginError(f"搜索索引没有生成（Pagefind）：{problem}")
        # a preview is never published; the check costs 0.3 s a rebuild at 100 brands
        found = [] if self.serving else offsite.scan_site(site, frozenset(self.config.allow_external))
        if found:
            raise PluginError(offsite.refusal(found))

    def on_build_error(self, *, error) -> None:
        self._restore_epoch()
        self.forget_terms()

    def _restore_epoch(self) -> None:
        if self.set_epoch:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self.set_epoch = False
