"""Build every brand's gallery: listed photos → cached variants → a Manifest.

The API the MkDocs plugin, the CLI and the brochure call::

    from brandsite.gallery.build import GalleryOptions, build_gallery

    manifest, findings = build_gallery(brands, Path(".cache/brandsite/gallery"), GalleryOptions())
    for photo in manifest.photos(brand.slug):      # profile order; failed photos left out
        photo.srcset("webp"), photo.srcset("jpeg"), photo.width, photo.height,
        photo.caption, photo.alt, photo.color, photo.preview, photo.largest.url,
        photo.print_variant.path                   # the brochure's 300 dpi JPEG, once made (None before)
    for url, path in manifest.files():             # add each cache file to the site at `url`
        ...
    gallery.progress.summary_line(manifest.stats)  # the closing line in Chinese

`findings` holds one 错误 per listed photo that is missing, damaged, not an image or
over the pixel limit, naming the profile, its line and the photo. Photos showing
students without consent are never rendered; the loader (profile/loader.py) reports them, with
missing captions and unlisted files, so that each problem is reported once.

Photos are rendered largest first, so that no big photo runs alone at the end, on a pool of one worker
per core: processes when libvips renders more photos than there are workers, each with one libvips thread
as in the pyvips benchmark (on the public camera JPEGs, measured about a tenth faster than two threads
sharing one libvips: see BENCHMARKS.md), else threads (Pillow resizes with the GIL released; a few photos
do not pay for starting processes). Workers write their variant files themselves and send back only the
photo's facts. Photos over HUGE_PIXELS are decoded one at a time to bound memory.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import warnings
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..findings import Finding, Level
from ..model import Brand, Photo
from ..profile import photo_rules
from ..profile.slugs import slugify
from ..publish.atomic import write_atomic
from .cache import GalleryCache, PhotoFacts, variant_file, variant_key
from .manifest import GalleryPhoto, Manifest, Variant
from .plan import DEFAULT_MAX_PIXELS, Target, fit, resolve_engine

if TYPE_CHECKING:
    from .opener import PhotoError

# A 50 MP HEIC or PNG decodes to about 600 MB with its working copies; two at once is the limit.
HUGE_PIXELS = 50_000_000

Progress = Callable[[int, int], None]  # (photos done, photos in all)


@dataclass(frozen=True)
class GalleryOptions:
    widths: tuple[int, ...] = (480, 960, 1600, 2400)  # never upscaled: wider ones fall to the photo's width
    webp_quality: int = 80
    webp_method: int = 2  # measured: 2.2x faster than Pillow's 4 for 4.6 % more bytes
    jpeg_quality: int = 82  # baseline: progressive was 5 % smaller but 5x slower to encode
    print_edge: int = 2000  # long edge of the brochure's JPEG: 17 cm at 300 dpi (its largest photo box is 8.2 cm)
    print_quality: int = 90
    prints: bool = False  # make the print JPEGs too: only the brochure (and `gallery --print`) asks for them
    max_pixels: int = DEFAULT_MAX_PIXELS
    workers: int = 0  # 0: one per CPU
    engine: str = "auto"  # plan.ENGINES: libvips when pyvips is installed (measured faster), else Pillow

    def targets(self) -> list[Target]:
        """What to make: the web variants, and the print one when `prints` asks for it."""
        web = [
            target
            for width in sorted(set(self.widths))
            for target in (
                Target("webp", (width, None), self.webp_quality, self.webp_method),
                Target("jpeg", (width, None), self.jpeg_quality),
            )
        ]
        return [*web, self.print_target()] if self.prints else web

    def print_target(self) -> Target:
        return Target("print", (self.print_edge, self.print_edge), self.print_quality)


class GallerySettings(Protocol):
    """The options of mkdocs.yml the gallery is made with (config.BrandsiteConfig, or the command's copy of them)."""

    gallery_widths: list[int]
    gallery_max_pixels: int
    gallery_engine: str


def gallery_options(settings: GallerySettings, web: bool = True, prints: bool = False) -> GalleryOptions:
    """The gallery pipeline's options as mkdocs.yml sets them, for the plugin and the commands alike;
    without `web`, no web variants; with `prints`, the print variants (what the brochure needs)."""
    widths = tuple(settings.gallery_widths) if web else ()
    return GalleryOptions(widths=widths, max_pixels=settings.gallery_max_pixels, prints=prints,
                          engine=settings.gallery_engine)


@dataclass(frozen=True, eq=False)  # compared by identity: the same photo may be listed twice
class _Job:
    brand: Brand
    photo: Photo
    path: Path
    sha: str
    engine: str  # "pillow" or "vips": part of every variant's key, so that the engines' files never mix


def build_gallery(
    brands: list[Brand],
    cache_dir: Path,
    options: GalleryOptions = GalleryOptions(),
    progress: Progress | None = None,
    prune: bool = True,
    shard: str = "",
) -> tuple[Manifest, list[Finding]]:
    """Make (or take from the cache) every variant of every listed photo of `brands`.

    With `prune`, variant files no photo of `brands` needs any more are deleted: pass
    False when building only some of the site's brands into a shared cache, and name the
    `shard` (``2-of-4``) so that its index does not overwrite the other shards'.
    """
    cache = GalleryCache(cache_dir, shard)
    targets = options.targets()
    engine = resolve_engine(options.engine)
    findings: list[Finding] = []
    jobs: list[_Job] = []
    for brand in brands:
        for photo in brand.gallery:
            if not photo_rules.may_publish(photo):
                continue
            path = _source_path(brand, photo)
            if path is None:
                findings.append(_finding(brand, photo, "不存在", "请检查 photos/ 中的文件名（包括大小写和扩展名）是否与这里写的一致"))
            else:
                jobs.append(_Job(brand, photo, path, cache.source_sha(path), engine))

    existing = set(os.listdir(cache.variants))
    pending = [(job, missing) for job in jobs if (missing := _missing_targets(job, cache, targets, existing))]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Corrupt EXIF data", UserWarning)  # the EXIF is dropped anyway
        refused = _render(pending, cache, options, progress)

    manifest = Manifest()
    for brand in brands:
        photos = []
        for job in jobs:
            if job.brand is not brand:
                continue
            facts = cache.facts(job.sha)
            if job in refused or facts is None:
                continue
            if facts.width * facts.height > options.max_pixels:  # cached under a higher limit
                from .opener import too_large

                refused[job] = too_large(facts.width * facts.height, options.max_pixels)
                continue
            photos.append(_gallery_photo(job, facts, cache, targets, options.print_target()))
            manifest.stats.source_bytes += job.path.stat().st_size
            webp = photos[-1].of_format("webp")  # none when only print variants are asked for
            manifest.stats.published_bytes += webp[-1].bytes if webp else 0
        manifest.brands[brand.slug] = tuple(photos)
    findings += [_finding(job.brand, job.photo, e.message, e.hint) for job in jobs if (e := refused.get(job))]
    findings.sort(key=lambda f: (f.path, f.line or 0))

    stats = manifest.stats
    stats.failed = len(findings)
    stats.made = sum(1 for job, _ in pending if job not in refused)
    stats.cached = sum(len(photos) for photos in manifest.brands.values()) - stats.made
    cache.save({job.sha for job in jobs})
    if prune:
        cache.prune({path for _, path in manifest.files()})
    return manifest, findings


def _source_path(brand: Brand, photo: Photo) -> Path | None:
    """The photo's file, if it exists inside the brand folder (a path may not climb out of it)."""
    folder = brand.folder.resolve()
    path = (folder / photo.file).resolve()
    return path if path.is_relative_to(folder) and path.is_file() else None


def _missing_targets(
    job: _Job, cache: GalleryCache, targets: list[Target], existing: set[str]
) -> list[Target]:
    facts = cache.facts(job.sha)
    if facts is None:
        return targets
    return [t for t in targets if cache.variant_path(_key(job, facts, t), t.kind).name not in existing]


def _key(job: _Job, facts: PhotoFacts, target: Target) -> str:
    size = fit((facts.width, facts.height), target.box)
    return variant_key(job.sha, job.engine, target.kind, target.quality, target.method, size)


def _render(
    pending: list[tuple[_Job, list[Target]]],
    cache: GalleryCache,
    options: GalleryOptions,
    progress: Progress | None,
) -> dict[_Job, PhotoError]:
    """Render on a pool made and closed here; returns the photos refused, with why.

    The image libraries (Pillow, pillow-heif, libvips) are imported here, once a photo must be made:
    a run that finds everything in the cache never loads them."""
    refused: dict[_Job, PhotoError] = {}
    if not pending:
        return refused
    from .opener import PhotoError
    # largest first, so that no big photo is left to run alone on one core at the end
    pixels = {job: _pixel_count(job, options.max_pixels) for job, _ in pending}
    pending = sorted(pending, key=lambda item: -pixels[item[0]])
    with _pool(options, len(pending), pending[0][0].engine) as pool:
        futures: dict[Future[PhotoFacts], _Job] = {
            pool.submit(_render_one, _Work(job.path, job.sha, job.engine, tuple(missing), cache.variants,
                                           options.max_pixels, pixels[job] > HUGE_PIXELS)): job
            for job, missing in pending
        }
        try:
            for done, future in enumerate(as_completed(futures), start=1):
                job = futures[future]
                try:
                    cache.remember(job.sha, future.result())
                except PhotoError as error:
                    refused[job] = error
                except BrokenProcessPool as error:  # a worker killed (most often by the system, out of memory)
                    # which worker had which photo is lost with it: name the photos not made, in the order given out
                    unmade = [str(j.path) for f, j in futures.items() if not f.done() or f.exception() is not None]
                    error.add_note(f"照片处理进程意外退出（多半是内存不足），出事的是还没做完的这些照片之一："
                                   f"{'、'.join(unmade[:5])}{' 等' if len(unmade) > 5 else ''}。"
                                   "请关掉其他程序后重新生成，或把特别大的照片缩小后再放入 photos/")
                    raise
                except Exception as error:  # a bug, not a bad photo: stop, saying where
                    error.add_note(f"brandsite gallery: while making {job.path}")
                    raise
                if progress:
                    progress(done, len(futures))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    return refused


def _pixel_count(job: _Job, max_pixels: int) -> int:
    """Width × height from the header; 0 for a file that `render` will refuse, saying why."""
    from .opener import PhotoError, image_size

    try:
        width, height = image_size(job.path, max_pixels)
    except PhotoError:
        return 0
    return width * height


@dataclass(frozen=True)
class _Work:
    """One photo to render, as a worker (thread or process) needs it: no profile, no cache object."""

    path: Path
    sha: str
    engine: str
    targets: tuple[Target, ...]
    variants: Path
    max_pixels: int
    huge: bool


def _pool(options: GalleryOptions, photos: int, engine: str) -> Executor:
    workers = options.workers or os.cpu_count() or 1
    # Forked processes start in milliseconds and load libvips themselves; a process that has loaded it (threads
    # rendered here before, as in `mkdocs serve`) must not fork: the child would wait on libvips' threads, which
    # do not exist in it. Pillow and pillow-heif keep no threads between calls.
    if engine == "vips" and workers > 1 and photos > workers and "pyvips" not in sys.modules:
        context = multiprocessing.get_context("fork")
        try:
            huge = context.Semaphore(1)
        except OSError:  # no shared memory for a semaphore (some containers): threads, as below
            pass
        else:
            return ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(huge, True))
    return ThreadPoolExecutor(workers, initializer=_start_worker, initargs=(threading.Semaphore(1), False))


_HUGE: contextlib.AbstractContextManager | None = None  # a semaphore: one huge photo at a time, across the pool


def _start_worker(huge: contextlib.AbstractContextManager, own_process: bool) -> None:
    global _HUGE
    _HUGE = huge
    if own_process:
        from . import vips

        vips.pyvips.concurrency_set(1)  # the processes are the parallelism
        warnings.filterwarnings("ignore", "Corrupt EXIF data", UserWarning)  # as build_gallery does for threads


def _render_one(work: _Work) -> PhotoFacts:
    from . import images

    with _HUGE if work.huge and _HUGE is not None else contextlib.nullcontext():  # a huge photo waits for the one before it
        rendered = images.render(work.path, work.targets, work.max_pixels, work.engine)
    written: set[Path] = set()
    for output in rendered.outputs:
        target = output.target
        key = variant_key(work.sha, work.engine, target.kind, target.quality, target.method, (output.width, output.height))
        path = variant_file(work.variants, key, target.kind)
        if path not in written:
            write_atomic(path, output.data)
            written.add(path)
    return PhotoFacts(rendered.width, rendered.height, rendered.color, rendered.preview)


def _gallery_photo(job: _Job, facts: PhotoFacts, cache: GalleryCache, targets: list[Target],
                   print_target: Target) -> GalleryPhoto:
    stem = _url_stem(job.photo.file)

    def variant(target: Target) -> Variant:
        width, height = fit((facts.width, facts.height), target.box)
        key = _key(job, facts, target)
        path = cache.variant_path(key, target.kind)
        label = "print" if target.kind == "print" else str(width)
        url = f"brands/{job.brand.slug}/photos/{stem}-{key[:10]}-{label}{path.suffix}"
        return Variant("webp" if target.kind == "webp" else "jpeg", width, height, path, url, path.stat().st_size)

    web = (variant(t) for t in targets if t.kind != "print")
    variants = {(v.format, v.width): v for v in web}  # widths above the photo's collapse into one
    # the print JPEG is named whether or not it is made: the brochure's record of freshness needs its key,
    # and a build that did not ask for it keeps (never prunes) one the brochure made
    print_key = _key(job, facts, print_target)
    made = cache.variant_path(print_key, print_target.kind).exists()
    return GalleryPhoto(
        file=job.photo.file,
        caption=job.photo.caption,
        alt=job.photo.caption,
        width=facts.width,
        height=facts.height,
        color=facts.color,
        preview=facts.preview,
        variants=tuple(sorted(variants.values(), key=lambda v: (v.width, v.format))),
        print_key=print_key,
        print_variant=variant(print_target) if made else None,
    )


def _url_stem(file: str) -> str:
    """An ASCII name for URLs from the photo's file name ("IMG_2041.JPG" → "img-2041", "风景" → "fengjing")."""
    return slugify(Path(file).stem) or "photo"  # the hash in the URL keeps same-named photos apart


def _finding(brand: Brand, photo: Photo, problem: str, hint: str) -> Finding:
    return Finding(brand.source_name, photo.line, Level.ERROR, f"照片 {photo.file} {problem}", hint, rule="gallery")
