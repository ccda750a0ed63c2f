"""Brand objects: what every consumer (site, gallery, brochure, review) reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date a teacher knows to the year, month or day (2018, 2018-04, 2018-04-12)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:  # ISO form, as in the profile
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def chinese(self) -> str:
        """2018年4月12日, for pages and print."""
        text = f"{self.year}年"
        if self.month:
            text += f"{self.month}月"
        if self.day:
            text += f"{self.day}日"
        return text


@dataclass(frozen=True)
class Pillar:
    name: str
    color: str  # "#rrggbb", already darkened enough for text on white
    summary: str = ""


@dataclass(frozen=True)
class Figure:
    value: str
    label: str
    year: int | None = None


@dataclass(frozen=True)
class Honor:
    title: str
    year: int | None = None
    issuer: str = ""


@dataclass(frozen=True)
class Milestone:
    date: PartialDate
    title: str


@dataclass(frozen=True)
class Source:
    """Where a brand's facts come from, so a reviewer can check them: a report, an article, a web page."""

    title: str
    publisher: str = ""
    date: PartialDate | None = None
    url: str = ""  # http(s) only, checked by the reader


@dataclass(frozen=True)
class Photo:
    file: str  # path inside the brand folder as it is on disk, e.g. "photos/IMG_2041.jpg"
    caption: str
    people: str = "none"  # none | adults | students
    consent: bool = False
    line: int | None = None  # line of the entry in index.md


@dataclass(frozen=True)
class Brand:
    slug: str  # folder name, also the URL segment
    source: Path  # absolute path of index.md
    source_name: str  # "brands/<slug>/index.md", as shown in messages
    title: str
    slogan: str
    organization: str
    school: str
    body: str  # Markdown story, front matter removed
    body_line: int = 1  # file line on which the body starts
    region: str = ""
    launched: PartialDate | None = None
    color: str = "#c8102e"
    summary: str = ""
    tags: tuple[str, ...] = ()
    pillars: tuple[Pillar, ...] = ()
    figures: tuple[Figure, ...] = ()
    honors: tuple[Honor, ...] = ()
    timeline: tuple[Milestone, ...] = ()
    gallery: tuple[Photo, ...] = ()
    sources: tuple[Source, ...] = ()
    cover: str = ""  # a gallery file; defaults to the first gallery photo
    keys: dict[str, str] = field(default_factory=dict, compare=False)  # field -> key as written

    @property
    def folder(self) -> Path:
        return self.source.parent

    @property
    def url(self) -> str:
        """Site-relative URL of the brand page."""
        return f"brands/{self.slug}/"

    @property
    def cover_photo(self) -> Photo | None:
        for photo in self.gallery:
            if photo.file == self.cover:
                return photo
        if self.cover:  # a cover outside the gallery shows the brand, never people
            return Photo(self.cover, f"{self.title}封面")
        return self.gallery[0] if self.gallery else None
