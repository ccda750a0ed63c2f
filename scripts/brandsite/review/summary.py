"""The pull-request summary a reviewer reads first, as Markdown (GitHub, Gitea, GitLab).

A PR comment is published too: it shows a thumbnail only of a photo the site would publish
(listed, and with consent when it shows students), made by the gallery's own pipeline and opener
under the site's gallery_max_pixels, so it carries no EXIF, GPS, XMP, comment or profile. Every
other photo gets a line saying why not.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..findings import Finding, Level
from ..gallery import images
from ..gallery.build import HUGE_PIXELS
from ..gallery.opener import PhotoError, open_image
from ..profile import photo_rules
from .git import Change
from .run import Review

THUMB = 96
_TARGET = images.Target("jpeg", (THUMB, THUMB), 70)
_DRAFTED = ("JPEG", "MPO")  # formats Pillow decodes at 1/2 … 1/8 scale: cheap however large
_IMAGE = re.compile(r"\.(jpe?g|png|webp|gif|heic|heif|avif|tiff?)$", re.IGNORECASE)
_REFS = re.compile(r"""\s(?:src|srcset)=["']([^"']+)["']""")


def thumbnail(path: Path, max_pixels: int) -> str:
    """A ``data:`` URI of a JPEG at most 96 px square, made as the gallery makes its photos.

    Raises PhotoError for a photo the gallery refuses (over `max_pixels`: the site's limit), and for
    one other than JPEG over HUGE_PIXELS: it would be decoded whole, hundreds of MB for a 96 px picture.
    """
    with open_image(path, max_pixels) as image:  # the header only
        pixels = image.width * image.height
        if image.format not in _DRAFTED and pixels > HUGE_PIXELS:
            raise PhotoError(f"有 {pixels / 1e6:.0f} 百万像素，在摘要里解码太费内存", "请在网站预览里查看")
    data = images.render(path, [_TARGET], max_pixels).outputs[0].data
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class Weight:
    html: int
    images: int
    count: int

    @property
    def total(self) -> int:
        return self.html + self.images


def page_weight(site: Path, slug: str) -> Weight | None:
    """Bytes of a built brand page and the images it loads (every srcset candidate counted)."""
    page = site / "brands" / slug / "index.html"
    if not page.is_file():
        return None
    html = page.read_text(encoding="utf-8")
    files = set()
    for value in _REFS.findall(html):
        for candidate in value.split(","):
            url = unquote(candidate.strip().split(" ")[0].split("#")[0].split("?")[0])
            if url and "://" not in url and not url.startswith(("/", "data:")) and _IMAGE.search(url):
                target = (page.parent / url).resolve()
                if target.is_file() and target.is_relative_to(site.resolve()):
                    files.add(target)
    return Weight(page.stat().st_size, sum(f.stat().st_size for f in files), len(files))


def _size(count: int) -> str:
    return f"{count / 1024:.1f} KB" if count < 1024 * 1024 else f"{count / 1024 / 1024:.2f} MB"


# Characters GitHub, GitLab and Gitee read as Markdown or HTML anywhere in a line: a profile's text in a
# PR comment must show as typed, never as an image, a link, a table cell break or an @mention.
_MARKDOWN = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;", "|": "\\|", "\\": "\\\\",
                           "*": "\\*", "_": "\\_", "`": "\\`", "[": "\\[", "]": "\\]", "~": "\\~"})


def as_text(value: str) -> str:
    """`value` (from a profile, a file name or a finding quoting one) as literal Markdown text."""
    return value.translate(_MARKDOWN)


def _brand_name(review: Review, slug: str) -> str:
    titles = {b.slug: b.title for b in review.brands}
    return f"{as_text(titles[slug])}（`{slug}`）" if slug in titles else f"`{slug}`"


def _finding_line(finding: Finding) -> str:
    where = f"第 {finding.line} 行" if finding.line else "整个文件"
    hint = f" — {as_text(finding.hint)}" if finding.hint else ""
    return f"- **{finding.level.value}** {where} `{finding.rule}`：{as_text(finding.message)}{hint}"


@dataclass(frozen=True)
class Context:
    ref: str | None  # what the user passed as --base
    change: Change | None
    site: Path  # site/ of the project, perhaps not built
    embed: bool = True  # False where data: URIs do not show (GitHub comments): no thumbnails, never a link to an original


def _brand_rows(review: Review, context: Context) -> tuple[list[str], list[str]]:
    change = context.change
    rows, slugs = [], []
    for slug in sorted(change.slugs()):
        index = f"brands/{slug}/index.md"
        now = (review.root / index).is_file()
        kind = "修改" if now and change.at_base(index) else "新增" if now else "删除"
        rows.append(f"| {_brand_name(review, slug)} | {kind} |")
        slugs += [slug] if now else []
    return rows, slugs


def _why_hidden(review: Review, path: str) -> str | None:
    """Why the photo at `path` (relative to the root) is not one the site publishes; None if it is."""
    file = review.root / path
    brand = next((b for b in review.brands if file.is_relative_to(b.folder)), None)
    if brand is None:  # the loader refused the profile (a student photo without consent is one reason)
        return "（品牌档案有错误，现在不能发布，不显示）"
    listed = [photo for photo in brand.gallery if brand.folder / photo.file == file]
    if not listed:
        return "（没有列入相册，不会发布，不显示）"
    if not all(photo_rules.may_publish(photo) for photo in listed):
        return "（有学生但没有 consent: true，不会发布，不显示）"
    if not file.resolve().is_relative_to(brand.folder.resolve()):  # as the gallery, which refuses it
        return "（链接到品牌文件夹以外的文件，不会发布，不显示）"
    return None


def _thumbnail_cell(review: Review, context: Context, path: str) -> str:
    hidden = _why_hidden(review, path)
    if hidden:
        return hidden
    if not context.embed:
        return "（评论里不放照片，请在网站预览里查看）"
    try:
        return f'<img src="{thumbnail(review.root / path, review.options.max_pixels)}" width="{THUMB}" alt="">'
    except PhotoError as error:
        return f"（没有缩略图：照片{error.message} — {error.hint}）"


def _photo_rows(review: Review, context: Context) -> list[str]:
    rows = []
    for path in sorted(p for p in context.change.files if "/photos/" in p and _IMAGE.search(p)):
        now = (review.root / path).is_file()
        if now == context.change.at_base(path):
            continue  # changed in place: neither added nor removed
        # a removed photo is never shown again: its consent may be what was withdrawn
        thumb = _thumbnail_cell(review, context, path) if now else "（已删除，不显示）"
        rows.append(f"| {thumb} | `{path}` | {'新增' if now else '删除'} |")
    return rows


def _source_lines(review: Review, slugs: list[str]) -> list[str]:
    """Each brand's sources, so the reviewer can check the page's facts against them."""
    brands = {b.slug: b for b in review.brands}
    lines = []
    for brand in (brands[slug] for slug in slugs if slug in brands):
        for source in brand.sources:
            parts = [as_text(source.publisher), source.date.chinese if source.date else "",
                     f"`{source.url}`" if source.url else ""]  # a checked URL has no backtick: shown as typed
            lines.append(f"- {_brand_name(review, brand.slug)}：《{as_text(source.title)}》"
                         + "".join(f"，{part}" for part in parts if part))
    return lines or ["没有写资料来源（`sources`）。"]


def markdown(review: Review, context: Context) -> str:
    counts = review.counts()
    lines = ["## 品牌档案审阅（brandsite review）", ""]
    if context.change is not None:
        brand_rows, pages = _brand_rows(review, context)
        kinds = [row.rsplit("|", 2)[1].strip() for row in brand_rows]
        lines += [f"与 `{context.ref}`（{context.change.base[:7]}）比较：新增 {kinds.count('新增')} 个品牌，"
                  f"修改 {kinds.count('修改')} 个，删除 {kinds.count('删除')} 个。", ""]
    else:
        pages = sorted(b.slug for b in review.brands)
        lines += [f"审阅了全部 {len(review.profiles)} 个品牌。", ""]
    verdict = "有错误，改正后才能合并。" if counts[Level.ERROR] else "没有错误。"
    lines += [f"结果：{counts[Level.ERROR]} 处错误，{counts[Level.WARNING]} 条警告，{counts[Level.INFO]} 条提示；{verdict}", ""]
    if context.change is not None:
        lines += ["### 品牌", ""] + (["| 品牌 | 变化 |", "| --- | --- |", *brand_rows] if brand_rows else ["没有品牌变化。"])
        photo_rows = _photo_rows(review, context)
        lines += ["", "### 照片", ""]
        lines += ["| 缩略图 | 照片 | 变化 |", "| --- | --- | --- |", *photo_rows] if photo_rows else ["没有新增或删除照片。"]
        lines += [""]
    lines += ["### 问题", ""]
    groups: dict[str, list[Finding]] = {}
    for finding in review.findings:
        groups.setdefault(finding.path, []).append(finding)
    if not groups:
        lines += ["没有发现问题。", ""]
    for path, found in groups.items():
        slug = path.split("/")[1] if path.startswith("brands/") and path.count("/") >= 2 else None
        lines += [f"#### {_brand_name(review, slug) if slug else '其他'} · `{path}`", "", *map(_finding_line, found), ""]
    lines += ["### 资料来源", "", *_source_lines(review, pages), ""]
    lines += ["### 页面大小", ""]
    if not context.site.is_dir():
        lines += ["网站还没有生成（没有 site/ 文件夹），无法计算页面大小：先运行 `mkdocs build` 再审阅。"]
    elif not pages:
        lines += ["没有需要计算的页面。"]
    else:
        lines += ["| 页面 | 合计 | 网页 | 图片 |", "| --- | --- | --- | --- |"]
        for slug in pages:
            weight = page_weight(context.site, slug)
            lines += [f"| `brands/{slug}/` | 未生成 | | |" if weight is None else
                      f"| `brands/{slug}/` | {_size(weight.total)} | {_size(weight.html)} | "
                      f"{_size(weight.images)}（{weight.count} 个文件） |"]
    return "\n".join(lines) + "\n"
