"""Find the installed CJK font family the brochure names, or stop with a message a teacher can act on."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import lru_cache

from fontTools.ttLib import TTFont

INSTALL_HINT = "请先安装中文字体：sudo apt-get install fonts-noto-cjk"


class FontMissing(Exception):
    """No usable Simplified-Chinese font: the PDF would show empty boxes."""


@dataclass(frozen=True)
class CjkFont:
    family: str
    file: str
    space_em: float  # advance of U+0020 in em: what typeset's joining spaces must give back
    weights: tuple[int, ...]  # installed weights, e.g. (400, 700)


def _fc(*args: str) -> str:
    try:
        return subprocess.run(["fc-list", *args], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise FontMissing(f"无法查询已安装的字体（{error}）。{INSTALL_HINT}") from error


@lru_cache(maxsize=8)
def find_cjk_font(family: str) -> CjkFont:
    """The installed face of `family` that covers Simplified Chinese; raises FontMissing."""
    listing = _fc(f"{family}:lang=zh-cn", "file", "index", "weight")
    faces = []
    for line in listing.splitlines():
        file, _, rest = line.partition(": ")
        fields = dict(part.split("=", 1) for part in rest.rstrip(":").split(":") if "=" in part)
        faces.append((file, int(fields.get("index", "0")), int(fields.get("weight", "80"))))
    if not faces:
        others = sorted({f.split(":")[0].split(",")[0] for f in _fc(":lang=zh-cn", "family").splitlines() if f})
        found = f"本机已有的中文字体：{'、'.join(others)}。" if others else "本机没有任何中文字体。"
        raise FontMissing(f"找不到中文字体「{family}」，宣传册无法排版（否则 PDF 里的汉字会变成空白方框）。{found}{INSTALL_HINT}")
    regular = min(faces, key=lambda face: abs(face[2] - 80))  # fontconfig weight 80 = CSS 400
    font = TTFont(regular[0], fontNumber=regular[1], lazy=True)
    space = font["hmtx"][font.getBestCmap()[0x20]][0] / font["head"].unitsPerEm
    css = sorted({400 if w <= 100 else 700 for _, _, w in faces})  # fontconfig 80/200 → CSS 400/700
    return CjkFont(family, regular[0], round(space, 4), tuple(css))
