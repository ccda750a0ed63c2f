"""Two builds of the same sources, in different folders and at different times, are byte-identical."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys

from brandsite.model import Brand, Milestone, PartialDate
from brandsite.publish import builddate
from brandsite.publish.deploy import site_sums as digests
from kit import cli
from sitebuild import build_site, copy_project


def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    """In-process (a rebuild, as `mkdocs serve` does) and in another process with another hash seed."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build_site(copy_project(tmp_path / "one" / "project"), strict=True)
    again = build_site(copy_project(tmp_path / "two" / "project"), strict=True)
    elsewhere = copy_project(tmp_path / "another-place" / "p")
    for path in elsewhere.rglob("*"):  # other file times
        os.utime(path, (1_000_000_000, 1_000_000_000))
    env = cli.env(PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=elsewhere, env=env, check=True)
    expected = digests(first.site)
    for other in (again.site, elsewhere / "site"):
        got = digests(other)
        assert got.keys() == expected.keys()
        assert [name for name in expected if expected[name] != got[name]] == []
    assert "SOURCE_DATE_EPOCH" not in os.environ  # the plugin puts the environment back


def test_sitemap_dates_come_from_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    built = build_site(copy_project(tmp_path / "project"), strict=True)
    sitemap = built.html("sitemap.xml")
    assert sitemap.count("<lastmod>2023-11-14</lastmod>") == sitemap.count("<url>") > 1
    with gzip.open(built.site / "sitemap.xml.gz") as zipped:
        assert zipped.read().decode("utf-8") == sitemap
    assert (built.site / "sitemap.xml.gz").read_bytes()[4:8] == (1699920000).to_bytes(4, "little")


def test_build_date_without_the_variable_is_git_or_the_profiles(tmp_path):
    brand = Brand(slug="a", source=tmp_path / "a/index.md", source_name="brands/a/index.md", title="t",
                  slogan="s", organization="o", school="x", body="", launched=PartialDate(2018, 4),
                  timeline=(Milestone(PartialDate(2022, 9, 3), "m"),))
    assert builddate.source_date_epoch(tmp_path, [brand], environ={}) == 1662163200  # 2022-09-03
    assert builddate.source_date_epoch(tmp_path, [brand], environ={"SOURCE_DATE_EPOCH": "5"}) == 5
    assert builddate.source_date_epoch(tmp_path, [], environ={}) == 0
