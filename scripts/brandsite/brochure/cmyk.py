"""CMYK for an offset press: photos and colours converted from sRGB with the press's ICC profile.

The default profile is FOGRA39 (offset on coated paper, ISO 12647-2), which tools/cmyk-profile.sh
makes once per machine from the FOGRA39L characterisation data of Debian's icc-profiles-free. A
print shop that proofs to another condition (Japan Color 2001 Coated, say) hands over its own
profile, given with --cmyk-profile. Text and other greys print with black ink only: a grey made of
four inks would show colour fringes wherever the plates are slightly out of register.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from PIL import Image, ImageCms

from ..findings import Finding, FindingsError, Level
from ..profile.colors import parse_hex

DEFAULT_PROFILE = Path("/usr/local/share/color/icc/brandsite/FOGRA39L-coated.icc")  # tools/system-deps.sh
BLACK = "device-cmyk(0 0 0 1)"


@dataclass(frozen=True)
class Ink:
    """The press's CMYK condition: its profile file, what it calls itself, and a digest for cache keys."""

    profile: Path
    name: str
    digest: str
    _data: bytes = field(repr=False, compare=False)

    @cached_property
    def _transform(self) -> ImageCms.ImageCmsTransform:
        target = ImageCms.ImageCmsProfile(io.BytesIO(self._data))  # the bytes the digest names
        return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), target, "RGB", "CMYK",
                                       renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)

    def photo(self, im: Image.Image) -> Image.Image:
        """An sRGB photo as the press's CMYK."""
        return ImageCms.applyTransform(im.convert("RGB"), self._transform)

    def color(self, value: str) -> str:
        """A CSS colour (#rgb or #rrggbb, as profiles and print.css write them; anything else is
        returned unchanged) as `device-cmyk()`: a neutral grey with black ink only, any other
        colour through the profile."""
        color = parse_hex(value) if value.lstrip().startswith("#") else None
        if not color:
            return value
        rgb = tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))
        if len(set(rgb)) == 1:
            return f"device-cmyk(0 0 0 {round(1 - rgb[0] / 255, 3)})"
        inks = self.photo(Image.new("RGB", (1, 1), rgb)).getpixel((0, 0))
        return "device-cmyk({})".format(" ".join(str(round(v / 255, 3)) for v in inks))


def load_ink(path: Path | None = None) -> Ink:
    """The CMYK output profile at `path` (DEFAULT_PROFILE when None); raises FindingsError naming
    the file and what to do when it is absent, unreadable or not a CMYK printer profile."""
    profile = path or DEFAULT_PROFILE
    fix = ("请用 --cmyk-profile 指定印刷厂提供的 .icc 文件" if path else
           "请先运行 sudo bash tools/system-deps.sh（安装 icc-profiles-free 和 argyll，生成 FOGRA39 特性文件），"
           "或用 --cmyk-profile 指定印刷厂提供的 .icc 文件")

    def stop(message: str) -> FindingsError:
        return FindingsError([Finding(str(profile), None, Level.ERROR, message, fix)])

    try:
        data = profile.read_bytes()
    except OSError as error:
        raise stop("找不到印刷用的 CMYK 色彩特性文件，宣传册不能转成 CMYK") from error
    try:
        opened = ImageCms.ImageCmsProfile(io.BytesIO(data)).profile
    except (OSError, ImageCms.PyCMSError) as error:
        raise stop("这个文件不是 ICC 色彩特性文件，宣传册不能转成 CMYK") from error
    if opened.xcolor_space.strip() != "CMYK" or opened.device_class != "prtr":
        raise stop(f"这个色彩特性文件不是印刷用的 CMYK（它是 {opened.xcolor_space.strip()}），宣传册不能转成 CMYK")
    name = opened.profile_description or profile.stem
    return Ink(profile.resolve(), name, hashlib.sha256(data).hexdigest()[:16], data)
