"""The site's settings (mkdocs.yml) as the commands need them: one reader for all of them."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from ..config import BrandsiteConfig


def load_site(config_file: Path) -> tuple[MkDocsConfig, BrandsiteConfig]:
    """mkdocs.yml and the brandsite plugin's options (defaults when the plugin is not listed)."""
    config = load_config(str(config_file))
    plugin = config.plugins.get("brandsite")
    if plugin is not None:
        return config, plugin.config
    options = BrandsiteConfig()
    options.load_dict({})
    options.validate()
    return config, options
