"""QR codes as one-path SVG: WeasyPrint drops a qrcode SVG whose elements carry a second `fill`."""

from __future__ import annotations

import qrcode
from markupsafe import Markup, escape

QUIET = 4  # modules of white border the QR standard asks for


def qr_svg(data: str, symbol_mm: float, title: str, dark: str = "#000", light: str = "#fff") -> Markup:
    """An SVG of `data` whose symbol (quiet zone not counted) is `symbol_mm` wide, however many
    modules the data needs; dark modules are one `<path>` in `dark` on a `light` square. `title`
    is what a screen reader says of it (the tagged PDF's alternative text)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix) + 2 * QUIET
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start + QUIET} {y + QUIET}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    side = round(symbol_mm * size / len(matrix), 2)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{side}mm" height="{side}mm" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><title>{escape(title)}</title>'
        f'<rect width="{size}" height="{size}" fill="{escape(light)}"/>'
        f'<path d="{"".join(runs)}" fill="{escape(dark)}"/></svg>'
    )
