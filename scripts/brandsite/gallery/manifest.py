"""What a gallery build hands to the site templates and the brochure: photos and their files."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Variant:
    format: str  # "webp" or "jpeg"
    width: int
    height: int
    path: Path  # the file in the cache
    url: str  # site-relative, e.g. "brands/<slug>/photos/<name>-<hash>-960.webp"
    bytes: int


@dataclass(frozen=True)
class GalleryPhoto:
    file: str  # as listed in the profile, e.g. "photos/IMG_2041.jpg"
    caption: str
    alt: str  # the caption: every photo has one
    width: int  # upright size of the original
    height: int
    color: str  # dominant colour "#rrggbb", shown until the photo loads
    preview: str  # tiny blurred WebP as a data: URI
    variants: tuple[Variant, ...]  # web sizes, ascending width, WebP and JPEG for each
    print_key: str  # names the print JPEG, made or not: what the brochure's record of freshness lists
    print_variant: Variant | None  # JPEG, long edge ≤ GalleryOptions.print_edge, for the brochure; once made

    def of_format(self, format: str) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.format == format)

    def srcset(self, format: str, prefix: str = "") -> str:
        """`srcset` value for a <source>/<img>; `prefix` makes the URLs relative to a page."""
        return ", ".join(f"{prefix}{v.url} {v.width}w" for v in self.of_format(format))

    @property
    def largest(self) -> Variant:
        """The JPEG a lightbox opens and every browser can show."""
        return self.of_format("jpeg")[-1]


@dataclass
class BuildStats:
    made: int = 0  # photos with at least one variant rendered in this run
    cached: int = 0  # photos taken wholly from the cache
    failed: int = 0
    source_bytes: int = 0  # originals of the published photos
    published_bytes: int = 0  # their largest WebP variants: what a visitor would download instead


@dataclass
class Manifest:
    brands: dict[str, tuple[GalleryPhoto, ...]] = field(default_factory=dict)  # slug → profile order
    stats: BuildStats = field(default_factory=BuildStats)

    def photos(self, slug: str) -> tuple[GalleryPhoto, ...]:
        return self.brands.get(slug, ())

    def files(self) -> Iterator[tuple[str, Path]]:
        """(site URL, cache file) of every variant the cache keeps, print variants included once made."""
        for photos in self.brands.values():
            for photo in photos:
                for variant in (*photo.variants, *filter(None, [photo.print_variant])):
                    yield variant.url, variant.path

    def web_files(self) -> Iterator[tuple[str, Path]]:
        """(site URL, cache file) of the variants the website shows; print ones stay in the cache."""
        for photos in self.brands.values():
            for photo in photos:
                for variant in photo.variants:
                    yield variant.url, variant.path
