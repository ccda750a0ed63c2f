"""The brochure (宣传册) and the one-page flyers (一页纸): Brand objects → HTML → WeasyPrint → PDF.

No MkDocs here: the site's settings are read from mkdocs.yml as plain YAML, photos come
through a `PrintImages` callable (the gallery's print variants), and every problem comes back
as a Finding.

The site publishes the A4 brochure from the cache only with the record written beside it
(`keep_for_site`): what it was made from. A build whose brands or photos differ leaves it out
(`stale_for_site`), so a photo whose consent was withdrawn never ships in an old brochure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..findings import Finding, Level
from ..gallery.manifest import Manifest
from ..model import Brand
from ..publish.atomic import write_atomic
from ..web.safety import clean_html
from . import output, typeset
from .cmyk import BLACK, Ink
from .fonts import CjkFont, find_cjk_font
from .photos import Box, PrintImages, fit_all
from .qr import qr_svg

BLEED_MM = 3
FLYER_PHOTOS = 3  # a flyer shows the first three listed photos, in one row
TEMPLATES = Path(__file__).parents[1] / "templates" / "brochure"  # package data, outside the theme's custom_dir: never published
RECORD_VERSION = 1
BROCHURE = "brochure.pdf"  # the A4 brochure in the cache (see keep_for_site), published at the site's root


@dataclass(frozen=True)
class Geometry:
    """Page and photo sizes in millimetres; print.css gets them from here, so that each photo
    is prepared for exactly the box it is printed in."""

    name: str
    width: float
    height: float
    margin_top: float
    margin_side: float
    margin_bottom: float
    gap: float  # between photo columns
    qr: float  # width of the QR symbol, quiet zone not counted

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin_side

    def photo(self, columns: int = 2) -> Box:
        """The box of a photo in a grid of `columns`, 4:3."""
        width = (self.content_width - (columns - 1) * self.gap) / columns
        return Box(round(width, 2), round(width * 3 / 4, 2))


SIZES = {  # QR symbols a little over the 20 mm a phone needs at arm's length
    "A4": Geometry("A4", 210, 297, 22, 20, 20, 6, 24),
    "A5": Geometry("A5", 148, 210, 17, 14, 16, 5, 21),
}


@dataclass(frozen=True)
class Site:
    name: str
    url: str  # ends with "/"
    publisher: str  # the school or bureau on the cover
    year: int
    date: dt.datetime | None = None  # the build date, for the PDF's metadata


@dataclass(frozen=True)
class BrochureOptions:
    size: str = "A4"  # A4 | A5
    print_shop: bool = False  # 3 mm bleed, crop marks, 300 dpi photos
    archive: bool = False  # PDF/A-2b for the records office
    ink: Ink | None = None  # photos and colours in this CMYK condition (print shop only), text black ink only
    body_font: str = "Noto Serif CJK SC"
    heading_font: str = "Noto Sans CJK SC"
    templates: Path = TEMPLATES
    cache: Path = Path(".cache/brandsite/brochure")
    workers: int = 0
    # the site's markdown_extensions and mdx_configs, so the story prints as the site renders it
    markdown_extensions: tuple[str, ...] = ("tables",)
    mdx_configs: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False, compare=False)

    @property
    def for_site(self) -> bool:
        """The variant the website publishes: plain A4."""
        return self.size == "A4" and not self.print_shop and not self.archive

    @property
    def dpi(self) -> int:
        """Photos for an office printer or a screen need 150 dpi; a print shop wants 300."""
        return 300 if self.print_shop else 150


@dataclass(frozen=True)
class PrintPhoto:
    src: str  # file: URI of the prepared, box-sized JPEG
    caption: str
    box: Box


@dataclass
class _Story:
    """A brand's story for print: full HTML for the brochure, plain paragraphs for a flyer."""

    html: Markup
    paragraphs: list[str] = field(default_factory=list)


def site_info(site_name: str, site_url: str, publisher: str, brands: list[Brand], year: int,
              date: dt.datetime | None = None) -> Site:
    """The cover's facts: site name and URL from mkdocs.yml, the publisher (`extra.publisher`
    if set, else the one school all brands belong to, else their regions) and the build's year
    (and date, for the PDF's metadata)."""
    if not publisher:
        schools = list(dict.fromkeys(b.school for b in brands))
        regions = list(dict.fromkeys(b.region for b in brands if b.region))
        publisher = schools[0] if len(schools) == 1 else "　".join(regions) or "　".join(schools)
    url = site_url or ""
    return Site(site_name or "党建品牌展示", url if url.endswith("/") else url + "/", publisher, year, date)


def brand_url(site: Site, brand: Brand) -> str:
    return site.url + brand.url


_HEADING = re.compile(r"<(/?)h([1-5])\b")
_DROP = re.compile(r"<img[^>]*>|</?a\b[^>]*>")
_TAGS = re.compile(r"<[^>]+>")


def _print_markdown(options: BrochureOptions) -> markdown.Markdown:
    """The site's Markdown (attribute lists and all), without the ¶ links `toc` adds to headings."""
    configs = {**options.mdx_configs, "toc": {**options.mdx_configs.get("toc", {}), "permalink": False}}
    return markdown.Markdown(extensions=list(options.markdown_extensions),
                             extension_configs={k: v for k, v in configs.items() if k in options.markdown_extensions})


def story(brand: Brand, options: BrochureOptions = BrochureOptions()) -> _Story:
    """The Markdown story as print HTML: headings one level down (the brand name is the h1
    and sections are h2), no images (photos have their own grid), links as plain text."""
    html = clean_html(_print_markdown(options).convert(brand.body))
    html = _DROP.sub("", _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html))
    paragraphs = [typeset.html_text(p) for p in re.findall(r"<p>(.*?)</p>", html, re.S)]
    return _Story(typeset.cjk_html(html), [p for p in paragraphs if p])


def _environment(options: BrochureOptions) -> Environment:
    env = Environment(loader=FileSystemLoader(str(options.templates)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["cjk"] = typeset.cjk
    env.filters["ink"] = options.ink.color if options.ink else str  # colours as the press's CMYK
    return env


def _fonts(options: BrochureOptions) -> tuple[CjkFont, CjkFont]:
    return find_cjk_font(options.body_font), find_cjk_font(options.heading_font)


def _photos(brands: list[Brand], print_image: PrintImages, box: Box, options: BrochureOptions,
            limit: int | None = None) -> dict[str, list[PrintPhoto]]:
    jobs = [(brand, photo, box) for brand in brands for photo in brand.gallery[:limit]]
    paths = fit_all(jobs, print_image, options.dpi, options.cache / f"{options.dpi}dpi", options.workers, options.ink)
    photos: dict[str, list[PrintPhoto]] = {brand.slug: [] for brand in brands}
    for (brand, photo, _), path in zip(jobs, paths):
        if path:
            photos[brand.slug].append(PrintPhoto(path.resolve().as_uri(), photo.caption, box))
    return photos


def _context(site: Site, options: BrochureOptions, geometry: Geometry, flyer: bool) -> dict:
    body, heading = _fonts(options)
    return {
        "site": site, "page": geometry, "print_shop": options.print_shop, "bleed": BLEED_MM,
        "body_font": body, "heading_font": heading, "flyer": flyer,
        "ink": options.ink, "text_color": BLACK if options.ink else "#1a1a1a",
    }


def _qr(site: Site, brand: Brand, geometry: Geometry, options: BrochureOptions) -> Markup:
    url = brand_url(site, brand)
    dark, light = ("#000", "#fff") if options.ink is None else (BLACK, options.ink.color("#fff"))
    return qr_svg(url, geometry.qr, f"二维码：{brand.title}的网页 {url}", dark, light)


def _write(html: str, base: Path):
    from weasyprint import HTML  # imported late: about 0.5 s, and only the brochure needs it

    return HTML(string=html, base_url=str(base)).render()


def _pdf(document, meta: output.Metadata, options: BrochureOptions) -> bytes:
    return output.apply(document, meta).write_pdf(**output.write_options(options.dpi, options.archive))


def render_brochure(brands: list[Brand], site: Site, print_image: PrintImages,
                    options: BrochureOptions = BrochureOptions()) -> bytes:
    """The whole brochure as PDF bytes: cover, contents, one section per brand."""
    geometry = SIZES[options.size]
    env = _environment(options)
    context = _context(site, options, geometry, flyer=False)
    photos = _photos(brands, print_image, geometry.photo(), options)
    items = [{"brand": b, "url": brand_url(site, b), "qr": _qr(site, b, geometry, options),
              "story": story(b, options).html, "photos": photos[b.slug]} for b in brands]
    html = env.get_template("brochure.html").render(**context, items=items)
    return _pdf(_write(html, options.templates), output.metadata(site.name, brands, site.date), options)


def render_flyers(brands: list[Brand], site: Site, print_image: PrintImages,
                  options: BrochureOptions = BrochureOptions()) -> tuple[bytes, list[Finding]]:
    """One A4 page per brand. A story too long for the page is cut at a sentence, as little
    as the page needs (found by rendering), and reported with a 警告 naming the brand."""
    options = replace(options, size="A4")
    geometry = SIZES["A4"]
    env = _environment(options)
    template = env.get_template("flyer.html")
    context = _context(site, options, geometry, flyer=True)
    photos = _photos(brands, print_image, geometry.photo(FLYER_PHOTOS), options, limit=FLYER_PHOTOS)
    documents, findings = [], []
    for brand in brands:
        item = {"brand": brand, "url": brand_url(site, brand), "qr": _qr(site, brand, geometry, options),
                "photos": photos[brand.slug]}
        paragraphs = story(brand, options).paragraphs

        def render(limit: int):
            text = typeset.cut_paragraphs(paragraphs, limit)
            return _write(template.render(**context, item=item, story=text, cut=limit < total), options.templates)

        total = sum(len(p) for p in paragraphs)
        document = render(total)
        if len(document.pages) > 1:
            document, kept = _longest_fitting(render, typeset.sentence_ends(paragraphs)[:-1])
            if len(document.pages) > 1:  # even without its story the brand needs more room
                document = document.copy(document.pages[:1])
            findings.append(_overflow(brand, kept, total))
        documents.append(document)
    pages = [page for document in documents for page in document.pages]
    meta = output.metadata(f"{site.name} · 一页纸", brands, site.date)  # not the first flyer's own title
    return _pdf(documents[0].copy(pages), meta, options), findings



def _longest_fitting(render, limits: list[int]):
    """Binary search over the places a story may be cut for the longest that keeps the flyer
    on one page; (document, characters kept)."""
    low, high, best = 0, len(limits) - 1, None
    while low <= high:
        middle = (low + high) // 2
        document = render(limits[middle])
        if len(document.pages) == 1:
            best, low = (document, limits[middle]), middle + 1
        else:
            high = middle - 1
    return best or (render(0), 0)


def _overflow(brand: Brand, kept: int, total: int) -> Finding:
    return Finding(brand.source_name, brand.body_line, Level.WARNING,
                   f"「{brand.title}」的一页纸放不下全部正文，只印了前 {kept} 字（共 {total} 字）",
                   "请精简正文，或把最重要的内容写在前面", rule="flyer")


def made_from(brands: list[Brand], manifest: Manifest) -> dict[str, Any]:
    """What a brochure of `brands` is made from: the brands as loaded (their absolute folder left
    out, so a moved project still matches) and each printable photo's content, named by the key of
    its gallery print variant (which hashes the photo's bytes; a site build knows it without making the file)."""
    loaded = "\n".join(repr(replace(b, source=Path(b.source_name))) for b in brands)
    photos = sorted(f"{slug}/{photo.file} {photo.print_key}"
                    for slug, found in manifest.brands.items() for photo in found)
    return {"brands": hashlib.sha256(loaded.encode()).hexdigest(), "photos": photos}


def _record(pdf: bytes, made: dict[str, Any], options: BrochureOptions) -> dict[str, Any]:
    return {"version": RECORD_VERSION, "pdf": hashlib.sha256(pdf).hexdigest(), "size": options.size,
            "print_shop": options.print_shop, **made}


def record_path(pdf: Path) -> Path:
    return pdf.with_suffix(".json")


def keep_for_site(pdf: Path, data: bytes, made: dict[str, Any], options: BrochureOptions) -> None:
    """Write the site's brochure and then its record; the record names the PDF's own digest, so an
    interrupted write or a PDF copied in from elsewhere never passes for this one."""
    write_atomic(pdf, data)
    write_atomic(record_path(pdf), json.dumps(_record(data, made, options), ensure_ascii=False, indent=1).encode())


def stale_for_site(pdf: Path, shown: str, made: dict[str, Any]) -> Finding | None:
    """None when the brochure at `pdf` is the plain A4 one made from exactly `made`; else the
    warning that the build leaves it out (`shown`: its path for the message)."""
    try:
        record = json.loads(record_path(pdf).read_text(encoding="utf-8"))
        data = pdf.read_bytes()
    except (OSError, ValueError):  # no record (made before records existed), unreadable, not JSON
        record, data = None, b""
    if record == _record(data, made, BrochureOptions()):
        return None
    return Finding(shown, None, Level.WARNING, "宣传册是用旧的档案或照片生成的，这次没有发布",
                   "请运行 make site 或 brandsite brochure 重新生成", rule="brochure")
