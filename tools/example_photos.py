"""Draw illustrative example photos for a brand, so the example site never borrows real ones.

    python tools/example_photos.py brands/wuse-xingdong "党旗.jpg=红色先锋示范行动=#d7261e" …

Each picture is a simple scene (sky, hills, sun, a banner) in the pillar's colour with its
name and "示例图片" written on it in a CJK font, saved as a 2400x1600 JPEG in
`<brand>/photos/`. A maintainer runs it; the build never does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

SIZE = (2400, 1600)
FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto"))


def cjk_font_path() -> Path | None:
    """A font that has Chinese glyphs: fontconfig's choice for zh-cn, else Noto CJK by path."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", "sans-serif:lang=zh-cn"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    if found and Path(found).is_file():
        return Path(found)
    for folder in FONT_DIRS:
        for candidate in sorted(folder.glob("NotoSansCJK*.tt[cf]")):
            return candidate
    return None


def _mix(colour: tuple[int, int, int], other: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    return tuple(round(a + (b - a) * amount) for a, b in zip(colour, other))  # type: ignore[return-value]


def draw_scene(title: str, colour: str, size: tuple[int, int] = SIZE, font_path: Path | None = None) -> Image.Image:
    """One illustrative picture: a tinted sky, hills, a sun, and a banner with `title`."""
    width, height = size
    accent = ImageColor.getrgb(colour)
    im = Image.new("RGB", size)
    draw = ImageDraw.Draw(im)
    sky_top, sky_bottom = _mix(accent, (255, 255, 255), 0.55), _mix(accent, (255, 255, 255), 0.9)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(sky_top, sky_bottom, y / height))
    draw.ellipse([width * 0.72, height * 0.1, width * 0.86, height * 0.31], fill=(255, 214, 102))
    for index, shade in enumerate((0.25, 0.45)):
        base = height * (0.62 + 0.1 * index)
        draw.polygon([(0, height), (0, base), (width * 0.3, base - height * 0.18), (width * 0.6, base),
                      (width * 0.85, base - height * 0.12), (width, base), (width, height)],
                     fill=_mix(accent, (0, 0, 0), shade))
    banner = (width * 0.08, height * 0.38, width * 0.92, height * 0.58)
    draw.rounded_rectangle(banner, radius=height // 40, fill=(255, 255, 255))
    font_path = font_path or cjk_font_path()
    title_font = _font(font_path, height // 12)
    label_font = _font(font_path, height // 28)
    draw.text((width / 2, (banner[1] + banner[3]) / 2), title, fill=accent, font=title_font, anchor="mm")
    # inside the centred 4:3 part, which is what the brochure keeps of a 3:2 photo
    kept_right = (width + min(width, height * 4 / 3)) / 2
    draw.text((kept_right - width * 0.04, height * 0.95), "示例图片", fill=(255, 255, 255), font=label_font, anchor="rs")
    return im


def _font(path: Path | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size)


def write_example_photos(brand_folder: Path, pictures: list[tuple[str, str, str]]) -> list[Path]:
    """Draw each (file name, caption, colour) into `brand_folder/photos/`; returns the files."""
    folder = brand_folder / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    font_path = cjk_font_path()
    written = []
    for name, caption, colour in pictures:
        path = folder / name
        draw_scene(caption, colour, font_path=font_path).save(path, "JPEG", quality=88)
        written.append(path)
    return written


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        sys.exit('用法：python tools/example_photos.py brands/<slug> "文件名.jpg=图片说明=#颜色" …')
    pictures = [tuple(spec.split("=", 2)) for spec in argv[1:]]
    for path in write_example_photos(Path(argv[0]), pictures):  # type: ignore[arg-type]
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
