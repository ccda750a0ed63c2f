"""The engines `bench_gallery` compares, each making the same plan of files from the same photos.

- ours: `build_gallery` as `brandsite gallery` runs it (its thread pool, files in its cache) with
  `engine="pillow"`; ours-vips: the same with `engine="vips"` (libvips behind `images.render`, the
  default when pyvips is installed);
- naive: what a first script does with Pillow, on a pool of one thread per core: open, upright,
  to RGB, resize from full size for every output, save each file with our quality settings;
- pyvips: libvips (the pyvips binary wheel) on a pool of one process per core, one libvips thread
  each: `thumbnail` with shrink-on-load to the largest width (upright, sRGB), each smaller one from
  it, WebP and JPEG saved with the same qualities and effort, no metadata. The wheel's libheif has no
  HEVC decoder, so HEIC is decoded by pillow-heif and handed over as pixels.

`run_engine` runs in a fresh interpreter per measurement (see bench_gallery) and returns its own
wall time, CPU seconds (its threads and its worker processes) and peak memory.
"""

from __future__ import annotations

import os
import resource
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path

from PIL import Image, ImageOps

from brandsite.gallery import images as gallery
from brandsite.gallery.build import GalleryOptions, build_gallery
from brandsite.model import Brand, Photo

EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "print": "jpg"}


def plan(prints: bool) -> GalleryOptions:
    return GalleryOptions(prints=prints, engine="pillow")  # ours-vips asks for libvips itself


def output_name(photo: Path, target: gallery.Target, width: int) -> str:
    return f"{photo.stem}-{target.kind}-{width}.{EXTENSIONS[target.kind]}"


def _naive_one(job: tuple[Path, Path, GalleryOptions]) -> None:
    path, out, options = job
    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im.convert("RGB"))
    for target in options.targets():
        size = gallery.fit(im.size, target.box)
        small = im.resize(size, Image.Resampling.LANCZOS)
        file = out / output_name(path, target, size[0])
        if target.kind == "webp":
            small.save(file, "WEBP", quality=target.quality, method=target.method)
        else:
            small.save(file, "JPEG", quality=target.quality)


def naive(photos: list[Path], out: Path, options: GalleryOptions) -> None:
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        list(pool.map(_naive_one, [(p, out, options) for p in photos]))


def _vips_source(path: Path, width: int):
    """The largest size, upright and sRGB: shrink-on-load, then the colour transform only for a photo
    with an embedded profile (as ours; asking `thumbnail` for sRGB always costs a pass on every photo)."""
    import pyvips

    with Image.open(path) as probe:
        heif = probe.format == "HEIF"
    if heif:  # pillow-heif decodes (already upright), libvips resizes
        with Image.open(path) as im:
            icc = im.info.get("icc_profile")
            rgb = im.convert("RGB")
        image = pyvips.Image.new_from_memory(rgb.tobytes(), rgb.width, rgb.height, 3, "uchar")
        image = image.thumbnail_image(width, height=10_000_000, size="down").copy()
        if icc:
            image.set_type(pyvips.GValue.blob_type, "icc-profile-data", icc)
    else:
        image = pyvips.Image.thumbnail(str(path), width, height=10_000_000, size="down")
    if image.get_typeof("icc-profile-data"):
        image = image.icc_transform("srgb", embedded=True, intent="perceptual")
    return image.cast("uchar")


def _vips_one(job: tuple[Path, Path, GalleryOptions]) -> None:
    path, out, options = job
    targets = sorted(options.targets(), key=lambda t: -t.box[0])
    largest = _vips_source(path, targets[0].box[0]).copy_memory()
    made = {}
    for target in targets:
        width = gallery.fit((largest.width, largest.height), target.box)[0]
        if width not in made:
            made[width] = largest if width == largest.width else largest.thumbnail_image(width, height=10_000_000).copy_memory()
        file = str(out / output_name(path, target, width))
        if target.kind == "webp":
            made[width].webpsave(file, Q=target.quality, effort=target.method, keep="none")
        else:
            made[width].jpegsave(file, Q=target.quality, keep="none")


def _vips_worker_init() -> None:
    import pyvips

    pyvips.concurrency_set(1)  # one libvips thread per process: the processes are the parallelism
    pyvips.cache_set_max(0)


def vips(photos: list[Path], out: Path, options: GalleryOptions) -> None:
    with get_context("fork").Pool(os.cpu_count(), initializer=_vips_worker_init) as pool:
        pool.map(_vips_one, [(p, out, options) for p in photos], chunksize=1)
        pool.close()
        pool.join()


def ours(photos: list[Path], out: Path, options: GalleryOptions) -> None:
    """`build_gallery` into an empty cache; the outputs are then linked into `out` under the plan's names."""
    folder = out / "brand"
    (folder / "photos").mkdir(parents=True)
    for path in photos:
        _link_or_copy(path, folder / "photos" / path.name)
    listed = tuple(Photo(f"photos/{p.name}", "示例图片", line=n + 1) for n, p in enumerate(photos))
    brand = Brand("bench", folder / "index.md", "brands/bench/index.md", "t", "s", "o", "x", "", gallery=listed)
    start = time.perf_counter()
    manifest, findings = build_gallery([brand], out / "cache", options)
    _OURS_SECONDS.append(time.perf_counter() - start)
    assert not findings, findings
    for path, photo in zip(photos, manifest.photos("bench")):
        for variant in photo.variants:
            target = gallery.Target(variant.format, (variant.width, None), 0)
            os.link(variant.path, out / output_name(path, target, variant.width))
        if photo.print_variant:
            target = gallery.Target("print", (0, 0), 0)
            os.link(photo.print_variant.path, out / output_name(path, target, photo.print_variant.width))


def _link_or_copy(source: Path, target: Path) -> None:
    """The photo in the brand folder without writing its bytes again where the file system allows: a copy leaves
    hundreds of MB of dirty pages that the kernel writes back during the timed run, on the same two cores, a
    cost the other engines (which read the photos where they are) never pay."""
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copy(source, target)


def ours_vips(photos: list[Path], out: Path, options: GalleryOptions) -> None:
    ours(photos, out, replace(options, engine="vips"))


_OURS_SECONDS: list[float] = []  # the render alone: copying the photos in is not the pipeline's work
ENGINES = {"ours": ours, "ours-vips": ours_vips, "naive": naive, "pyvips": vips}


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_engine(name: str, photos: list[Path], out: Path, prints: bool) -> dict[str, float]:
    """Run one engine once, in this (fresh) process: seconds, CPU seconds, peak RSS in MB of the
    process and of its largest worker process."""
    out.mkdir(parents=True)
    cpu, start = _cpu_seconds(), time.perf_counter()
    ENGINES[name](photos, out, plan(prints))
    seconds = _OURS_SECONDS[-1] if name.startswith("ours") else time.perf_counter() - start
    hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
    worker_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "cpu": _cpu_seconds() - cpu, "peak_mb": int(hwm.split()[1]) / 1024,
            "worker_mb": worker_kb / 1024}
