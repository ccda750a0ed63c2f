"""Options of the ``brandsite`` MkDocs plugin (mkdocs.yml ``plugins: - brandsite: …``)."""

from mkdocs.config.base import Config
from mkdocs.config.config_options import ListOfItems, Optional, Type


class BrandsiteConfig(Config):
    enabled = Type(bool, default=True)
    """Turn the plugin off without removing its options."""

    brands_dir = Type(str, default="brands")
    """Folder of brand profiles, relative to mkdocs.yml."""

    edit_uri = Optional(Type(str))
    """Path from `repo_url` to `brands_dir` for "edit this page", e.g. `edit/main/brands/`."""

    search_terms = Type(bool, default=True)
    """Teach jieba the brand, pillar and tag names and the party-building terms, so search finds them whole."""

    extra_terms = ListOfItems(Type(str), default=[])
    """More terms for the search dictionary, e.g. a school's own activity names."""

    allow_external = ListOfItems(Type(str), default=[])
    """Hosts pages may load files from (with their subdomains), e.g. `v.qq.com`; empty: the build fails on any."""
