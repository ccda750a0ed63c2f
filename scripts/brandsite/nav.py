"""The site's navigation with a section of brands by school, made of MkDocs' own nav objects.

An adapter like plugin.py (which calls it from ``on_nav``): the grouping itself is ``web.pages.by_school``.
"""

from __future__ import annotations

from markupsafe import escape
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .model import Brand
from .web import pages


def with_brands(nav: Navigation, files: Files, brands: list[Brand]) -> Navigation:
    """The hand-written navigation, then "品牌展示" with one section per school; pages linked in that order."""
    # Material prints titles as HTML: Markup escapes the school once, and `| e` leaves it so.
    schools = [Section(escape(school), [files.get_file_from_path(f"{b.url}index.md").page for b in group])
               for school, group in pages.by_school(brands).items()]
    items = _without_brand_pages(nav.items) + [Section("品牌展示", schools)]
    ordered = _link(items)
    for before, page, after in zip([None, *ordered], ordered, [*ordered[1:], None]):
        page.previous_page, page.next_page = before, after
    return Navigation(items, ordered)


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
