"""The site's navigation: the hand-written pages, then "品牌展示" by region and school, as MkDocs nav objects.

An adapter like plugin.py (which calls it from ``on_files``, ``on_nav`` and ``on_page_context``); the grouping
itself is ``web.directory``. Material renders the navigation into every page, so each page gets its own cut
of it (``page_nav``): the regions, and only on the way to the page a region's schools and a school's
brands. No page's sidebar grows with the number of brands.
"""

from __future__ import annotations

from markupsafe import escape
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .web import directory, pages
from .web.directory import Region

BRANDS_SECTION = "品牌展示"


def add_listing_pages(files: Files, config, found: directory.Directory) -> None:
    """The region, school and wall pages (generated, no Markdown in docs/), and the school finder's list."""
    for src_uri in found.listings:
        files.append(File.generated(config, src_uri, content=pages.page_source("")))
    script = directory.finder_script(found.regions, lambda src_uri: files.get_file_from_path(src_uri).url)
    files.append(File.generated(config, directory.FINDER_SCRIPT, content=script))


def with_brands(nav: Navigation, files: Files, regions: list[Region]) -> Navigation:
    """The hand-written navigation, then one section per region, in it one per school; pages linked in that order.

    Each section starts with its own page (all regions, a region's, a school's), which Material's
    ``navigation.indexes`` shows as the section's own link.
    """
    page = lambda src_uri: files.get_file_from_path(src_uri).page
    # Material prints titles as HTML: Markup escapes the names once, and `| e` leaves them so.
    sections = [Section(escape(region.name), [page(region.src_uri), *[
        Section(escape(school.name), [page(school.src_uri), *[page(f"{b.url}index.md") for b in school.brands]])
        for school in region.schools]]) for region in regions]
    items = _without_generated(nav.items) + [Section(BRANDS_SECTION, [page(directory.ALL_REGIONS), *sections])]
    ordered = _link(items)
    for before, current, after in zip([None, *ordered], ordered, [*ordered[1:], None]):
        current.previous_page, current.next_page = before, after
    return Navigation(items, ordered)


def page_nav(nav: Navigation, page: Page) -> Navigation:
    """What ``page``'s sidebar shows of ``nav`` (MkDocs has marked the sections on the way to it active).

    Open: the sections on the way to the page. Closed (a link to their first page, as Material's
    ``navigation.prune`` shows them): the top two levels (the regions) and the sections whose page
    this is (a region page's schools). Other closed sections are left out.
    """
    cut = Navigation(_cut(nav.items, page, keep_closed=True, depth=0), [])
    cut.homepage = nav.homepage
    return cut


def _cut(items: list, page: Page, keep_closed: bool, depth: int) -> list:
    kept = []
    for item in items:
        if not isinstance(item, Section):
            kept.append(item)
        elif item.active:
            opened = Section(item.title, _cut(item.children, page, page.parent is item or depth < 1, depth + 1))
            opened.active = True
            kept.append(opened)
        elif keep_closed:
            kept.append(_closed(item))
    return kept


def _closed(section: Section) -> Section:
    """The section as Material's prune renders it: a link to its first page; only that page kept."""
    first = section.children[0]
    return Section(section.title, [_closed(first) if isinstance(first, Section) else first])


def _without_generated(items: list) -> list:
    """The hand-written part of the navigation: MkDocs' automatic entries for generated pages removed."""
    kept = []
    for item in items:
        if isinstance(item, Section):
            item.children = _without_generated(item.children)
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
