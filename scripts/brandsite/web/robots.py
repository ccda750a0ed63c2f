"""robots.txt for the configured site_url."""

from __future__ import annotations


def robots_txt(site_url: str | None) -> str:
    """Allow everything and point crawlers at the sitemap; no sitemap line without a site_url."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"
