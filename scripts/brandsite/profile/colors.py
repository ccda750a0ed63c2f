"""Colour checks: a brand colour must stay readable as text and behind white text."""

from __future__ import annotations

import re

HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
MIN_CONTRAST = 4.5  # WCAG AA for normal text


def parse_hex(value: str) -> str | None:
    """Normalise "#C8102E", "c8102e" or "#c12" to "#c8102e"; None if it is not a colour."""
    match = HEX.match(value.strip())
    if not match:
        return None
    digits = match[1].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def _luminance(color: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(color[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(color: str) -> float:
    return 1.05 / (_luminance(color) + 0.05)


def readable(color: str) -> str:
    """Darken ``color`` just enough for white text on it (and it as text on white)."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    factor = 1.0
    darkened = color
    while contrast_with_white(darkened) < MIN_CONTRAST and factor > 0:
        factor -= 0.02
        darkened = "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))
    return darkened
