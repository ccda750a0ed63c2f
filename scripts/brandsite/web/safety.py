"""Keep what a teacher pasted from a WeChat article from running on the school's site."""

from __future__ import annotations

import re

import nh3

# What Python-Markdown, pymdown-extensions and Material produce for a story; nothing that runs.
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "picture", "pre", "q", "s", "small", "source", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
_ATTRIBUTES = {
    "*": {"title", "lang"},
    "a": {"href", "class"},
    "div": {"class"},
    "p": {"class"},
    "details": {"class"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "source": {"srcset", "sizes", "type", "media"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "ol": {"start"},
    **{h: {"id"} for h in ("h1", "h2", "h3", "h4", "h5", "h6")},  # the table of contents links to them
}
# Only the classes Markdown gives a story (permalinks, admonitions, details): a teacher's own
# class="md-header" or "bs-photo__link" would take the theme's or the gallery's looks and scripts.
_KINDS = {
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check",
    "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing",
    "danger", "error", "bug", "example", "quote", "cite", "inline", "end",
}
_CLASSES = {"a": {"headerlink"}, "div": {"admonition", *_KINDS}, "p": {"admonition-title"}, "details": _KINDS}
# Material's ids (__search, __drawer, __toc…) and the brand page's (bs-pillars…), whoever wrote them.
_RESERVED_ID = re.compile(r"__|md-|bs-", re.IGNORECASE)


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "class":
        return " ".join(c for c in value.split() if c in _CLASSES.get(tag, ())) or None
    return None if name == "id" and _RESERVED_ID.match(value) else value


def clean_html(html: str) -> str:
    """Drop scripts, frames, styles, event handlers, javascript: links and the theme's ids and classes."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, attribute_filter=_keep_attribute,
                     url_schemes={"http", "https", "mailto", "tel"}, link_rel=None, strip_comments=True)
