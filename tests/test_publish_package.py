"""`brandsite package`: a dated zip with the same bytes every time."""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

from brandsite.publish.package import write_zip, zip_name
from kit.cli import Done, run_brandsite


def package(cwd: Path, *args: str, epoch: str | None = "1700000000") -> Done:
    return run_brandsite(cwd, "package", *args, SOURCE_DATE_EPOCH=epoch)


def test_zip_name_is_dated():
    assert zip_name(1700000000) == "党建品牌展示站-20231114.zip"


def test_package_holds_the_site_and_brochure_and_is_reproducible(example_site, tmp_path):
    site = tmp_path / "site"
    subprocess.run(["cp", "-a", str(example_site.site), str(site)], check=True)
    (site / "brochure.pdf").write_bytes(b"%PDF-1.7 stand-in")
    done = package(tmp_path, "-o", "out")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "含宣传册 brochure.pdf" in done.stdout
    made = tmp_path / "out" / "党建品牌展示站-20231114.zip"
    with zipfile.ZipFile(made) as archive:
        names = archive.namelist()
        assert names == sorted(names) and "index.html" in names and "brochure.pdf" in names
        assert "brands/wuse-xingdong/index.html" in names
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert archive.read("index.html") == (site / "index.html").read_bytes()
    first = made.read_bytes()
    for path in site.rglob("*"):  # other file times must not matter
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert package(tmp_path, "-o", "out").returncode == 0
    assert made.read_bytes() == first


def test_package_without_a_site_says_what_to_do(tmp_path):
    done = package(tmp_path)
    assert done.returncode == 1
    assert done.stderr == "site/index.html: 错误: 网站还没有生成 — 请先运行 make site\n"


def test_zip_before_1980_is_clamped(tmp_path):
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "index.html").write_text("x", encoding="utf-8")
    assert write_zip(tmp_path / "s", tmp_path / "a.zip", 0) == 1
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)
