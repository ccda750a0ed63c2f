"""Options of the ``brandsite`` MkDocs plugin (mkdocs.yml ``plugins: - brandsite: …``)."""

from mkdocs.config.base import Config
from mkdocs.config.config_options import Choice, ListOfItems, Optional, Type

from .gallery.build import GalleryOptions
from .gallery.cache import DEFAULT_CACHE_DIR
from .gallery.plan import DEFAULT_MAX_PIXELS, ENGINES


class BrandsiteConfig(Config):
    enabled = Type(bool, default=True)
    """Turn the plugin off without removing its options."""

    brands_dir = Type(str, default="brands")
    """Folder of brand profiles, relative to mkdocs.yml."""

    edit_uri = Optional(Type(str))
    """Path from `repo_url` to `brands_dir` for "edit this page", e.g. `edit/main/brands/`."""

    cache_dir = Type(str, default=DEFAULT_CACHE_DIR)
    """Where made photos are kept between builds, relative to mkdocs.yml."""

    gallery = Type(bool, default=True)
    """Make web photos (WebP and JPEG, several widths) from the photos each profile lists."""

    gallery_widths = ListOfItems(Type(int), default=list(GalleryOptions.widths))
    """Widths of the web photos in pixels; a photo is never enlarged."""

    gallery_max_pixels = Type(int, default=DEFAULT_MAX_PIXELS)
    """Largest photo accepted, in pixels: a real 200-megapixel phone photo fits, a decompression bomb does not."""

    gallery_engine = Choice(ENGINES, default=GalleryOptions.engine)
    """Who resizes and encodes JPEG, PNG and WebP photos: `vips` (libvips, faster), `pillow`, or `auto` (vips when installed)."""

    search_terms = Type(bool, default=True)
    """Teach jieba the brand, pillar and tag names and the party-building terms, so Material's search finds them whole
    (Pagefind segments Chinese itself)."""

    extra_terms = ListOfItems(Type(str), default=[])
    """More terms for the search dictionary, e.g. a school's own activity names."""

    pagefind_from = Type(int, default=300)
    """From this many brands on, search with Pagefind (downloads only what a query needs; needs a web server,
    not file://); below, Material's whole index (also works from a USB stick). 0: always Pagefind."""

    allow_external = ListOfItems(Type(str), default=[])
    """Hosts pages may load files from (with their subdomains), e.g. `v.qq.com`; empty: the build fails on any."""

    review_ignore = ListOfItems(Type(str), default=[])
    """Rule ids `brandsite review` does not report, e.g. `[typo-space, link-external]` (see README)."""
