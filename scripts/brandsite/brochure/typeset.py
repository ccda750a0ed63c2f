"""Chinese line breaking and justification for WeasyPrint, which does neither by itself.

WeasyPrint (Pango) breaks before `——` and `……`, and its `text-align: justify` stretches only
spaces (it counts U+0020 and U+00A0). So text is cut into unbreakable groups — a character with
the opening punctuation before it and the closing punctuation after it, held together by WORD
JOINER (U+2060, invisible, not extracted as text) — and the groups are joined by ordinary
spaces. The print stylesheet gives those spaces a negative `word-spacing` equal to the font's
space advance (`CjkFont.space_em`), so they take no room; justification then has a stretch point
between every two characters, and a line may break only between groups.

Measured on WeasyPrint 70: `white-space: nowrap` spans instead of word joiners made lines break
several characters early (a line of 35 characters where 44 fit); word joiners do not.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

# No line starts with these (kinsoku): closing brackets and quotes, sentence and clause marks,
# the middle dot, and the two-em dash and ellipsis that Chinese writes doubled.
CLOSING = set("，。、；：？！）］｝」』》〉】〕〗〙〛”’…—·～%％‰,.;:?!)]}")
# …and no line ends with these.
OPENING = set("（［｛「『《〈【〔〖〘〚“‘([{")
# Runs of these stay together: Latin words, numbers with their signs ("100%", "3.5", "2022")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+\-/#]*")
_SPACE = re.compile(r"\s+")
JOIN = "\u2060"  # WORD JOINER: no line break on either side


def groups(text: str) -> list[str]:
    """Cut `text` into the pieces between which a line may break."""
    out: list[str] = []
    pending_open = ""
    i = 0
    while i < len(text):
        match = _WORD.match(text, i)
        piece = match.group() if match else text[i]
        i += len(piece)
        if piece.isspace():
            continue  # Chinese text has no word spaces; a stray one must not become a gap
        if piece in OPENING:
            pending_open += piece + JOIN
        elif piece in CLOSING and out and not pending_open:
            out[-1] += JOIN + piece
        else:
            out.append(pending_open + piece)
            pending_open = ""
    if pending_open:
        pending_open = pending_open[: -len(JOIN)]
        if out:
            out[-1] += JOIN + pending_open
        else:
            out.append(pending_open)
    return out


def cjk(text: str) -> Markup:
    """Escaped HTML for `text`: unbreakable groups joined by spaces the stylesheet shrinks to nothing."""
    return Markup(" ".join(html.escape(piece, quote=False) for piece in groups(_SPACE.sub(" ", text))))


_TEXT = re.compile(r">([^<]+)<")


def cjk_html(fragment: str) -> Markup:
    """Apply `cjk` to every text node of an HTML fragment (a story rendered from Markdown)."""
    return Markup(_TEXT.sub(lambda m: f">{cjk(html.unescape(m.group(1)))}<", f">{fragment}<")[1:-1])


def html_text(fragment: str) -> str:
    """The plain text of an HTML fragment, whitespace collapsed."""
    return _SPACE.sub(" ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


_SENTENCE_END = re.compile(r"[。！？!?][”’」』）)]*")


def sentence_ends(paragraphs: list[str]) -> list[int]:
    """Offsets, counted over all paragraphs, just after each sentence: where a story may be cut."""
    ends, start = [], 0
    for paragraph in paragraphs:
        ends += [start + m.end() for m in _SENTENCE_END.finditer(paragraph) if m.end() < len(paragraph)]
        start += len(paragraph)
        ends.append(start)
    return ends


def cut_paragraphs(paragraphs: list[str], limit: int) -> list[str]:
    """The paragraphs up to `limit` characters in all; a cut one ends with "……"."""
    kept, left = [], limit
    for paragraph in paragraphs:
        if left <= 0:
            break
        if len(paragraph) > left:
            kept.append(paragraph[:left] + "……")
            break
        kept.append(paragraph)
        left -= len(paragraph)
    return kept
