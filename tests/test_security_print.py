"""Privacy of what is printed and summarised: the published brochure, the brochure's own files,
and the thumbnails of the pull-request summary (issue 11, findings 4, 6, 7 and 14)."""

from __future__ import annotations

import base64
import io
import re
import shutil
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image

from brochure_pdf import images, pages_text
from fixtures import make_images as make
from kit.cli import run_brandsite
from kit.images import solid
from kit.profiles import photo, profile, write_brand
from sitebuild import ROOT, build_site, copy_project
from test_review import git

# the brochure tests share one made brochure: one worker runs them all
one_brochure = pytest.mark.xdist_group("security-print")

STUDENT_CAPTION = "王小明同学在升旗仪式上发言"
STALE = "警告: 宣传册是用旧的档案或照片生成的，这次没有发布 — 请运行 make site 或 brandsite brochure 重新生成"
STORY = """## 品牌介绍 {: #jieshao }

党员教师坚持每周集体备课，带头上示范课。
{: .lead title="导语" }

| 项目 | 次数 |
| --- | --- |
| 主题党日 | 12 |

详见[学校网站](https://www.example.edu.cn/){: .shuju target="_blank" }。
"""
STUDENT = photo("photos/学生.jpg", STUDENT_CAPTION, "students", consent=True)
PROFILE = profile(gallery=[STUDENT, photo("photos/教师.jpg", "党员教师集体备课", "adults")], story=STORY)


def pdf_texts(site: Path) -> dict[str, str]:
    """Every PDF under `site`, by name, with its text as pdftotext reads it (spaces removed)."""
    return {p.relative_to(site).as_posix(): re.sub(r"\s+", "", "".join(pages_text(p))) for p in site.rglob("*.pdf")}


def withdraw(project: Path) -> None:
    """Consent withdrawn: the gallery entry and the photo file both removed."""
    index = project / "brands" / "hongzhu" / "index.md"
    text = index.read_text(encoding="utf-8")
    assert STUDENT in text
    index.write_text(text.replace(STUDENT, ""), encoding="utf-8")
    (project / "brands" / "hongzhu" / "photos" / "学生.jpg").unlink()


@pytest.fixture(scope="module")
def with_brochure(tmp_path_factory) -> Path:
    """A project whose brochure was made while the student photo had consent (the first step)."""
    project = copy_project(tmp_path_factory.mktemp("print") / "project", brands=False)
    write_brand(project, "hongzhu", PROFILE,
                {"photos/学生.jpg": solid((1600, 1200), (30, 90, 200), quality=85), "photos/教师.jpg": solid((1600, 1200), (200, 40, 40), quality=85)})
    done = run_brandsite(project, "brochure")
    assert done.returncode == 0, done.stdout + done.stderr
    cached = project / ".cache" / "brandsite" / "brochure.pdf"
    assert STUDENT_CAPTION in pdf_texts(cached.parent)["brochure.pdf"]  # the photo really was in it
    return project


@pytest.fixture
def printed(with_brochure, tmp_path) -> Path:
    """A copy of that project (cache and brochure included) for one test to change."""
    return Path(shutil.copytree(with_brochure, tmp_path / "project", symlinks=True))


def assert_not_published(site: Path) -> None:
    for name, text in pdf_texts(site).items():
        assert STUDENT_CAPTION not in text, name
    assert not (site / "brochure.pdf").exists()
    assert "下载宣传册" not in (site / "index.html").read_text(encoding="utf-8")


@one_brochure
def test_withdrawn_student_photo_is_not_in_the_published_site_or_package(printed):
    withdraw(printed)
    done = run_brandsite(printed, "build")
    assert done.returncode == 0, done.stdout + done.stderr
    assert_not_published(printed / "site")
    assert f"{Path('.cache/brandsite/brochure.pdf')}: {STALE}" in done.stdout + done.stderr
    packaged = run_brandsite(printed, "package")
    assert packaged.returncode == 0, packaged.stdout + packaged.stderr
    archive = next(printed.glob("*.zip"))
    with zipfile.ZipFile(archive) as zipped:
        assert not [name for name in zipped.namelist() if name.endswith(".pdf")]


@one_brochure
def test_strict_build_stops_on_a_stale_brochure(printed):
    withdraw(printed)
    done = run_brandsite(printed, "build", "--strict")
    assert done.returncode == 1
    assert not (printed / "site" / "brochure.pdf").exists()
    assert STALE in done.stdout + done.stderr


@one_brochure
def test_entry_removed_but_file_kept_drops_the_brochure(printed):
    withdraw(printed)
    (printed / "brands" / "hongzhu" / "photos" / "学生.jpg").write_bytes(solid((1600, 1200), (30, 90, 200), quality=85))
    built = build_site(printed)
    assert_not_published(built.site)
    assert any(STALE in w for w in built.warnings), built.warnings


@one_brochure
def test_photo_replaced_under_the_same_name_drops_the_brochure(printed):
    """The profile is unchanged; only the picture in the file is another one."""
    (printed / "brands" / "hongzhu" / "photos" / "学生.jpg").write_bytes(solid((1600, 1200), (250, 250, 20), quality=85))
    built = build_site(printed)
    assert not (built.site / "brochure.pdf").exists()
    assert any(STALE in w for w in built.warnings), built.warnings


@one_brochure
@pytest.mark.parametrize("how", ["other-pdf", "no-record", "record-edited"])
def test_a_brochure_without_its_own_record_is_not_published(printed, how):
    cache = printed / ".cache" / "brandsite"
    if how == "other-pdf":  # e.g. copied in from another project; the record is of the old one
        (cache / "brochure.pdf").write_bytes((cache / "brochure.pdf").read_bytes() + b"\n% another\n")
    else:
        record = next(p for p in cache.iterdir() if p.name.startswith("brochure") and p.suffix == ".json")
        if how == "no-record":
            record.unlink()
        else:
            record.write_text("{not json", encoding="utf-8")
    built = build_site(printed)
    assert not (built.site / "brochure.pdf").exists()
    assert any(STALE in w for w in built.warnings), built.warnings


@one_brochure
def test_make_site_after_withdrawal_publishes_a_fresh_brochure(printed):
    """`make site` runs the brochure and then the strict build: it still passes."""
    withdraw(printed)
    assert run_brandsite(printed, "brochure").returncode == 0
    done = run_brandsite(printed, "build", "--strict")
    assert done.returncode == 0, done.stdout + done.stderr
    texts = pdf_texts(printed / "site")
    assert list(texts) == ["brochure.pdf"] and "党员教师集体备课" in texts["brochure.pdf"]
    assert STUDENT_CAPTION not in texts["brochure.pdf"]
    assert len(images(printed / "site" / "brochure.pdf")) == 1  # the teachers' photo only


@one_brochure
def test_other_sizes_never_replace_the_site_brochure(printed):
    cached = printed / ".cache" / "brandsite" / "brochure.pdf"
    before = cached.read_bytes()
    done = run_brandsite(printed, "brochure", "--size", "A5")
    assert done.returncode == 0, done.stdout + done.stderr
    assert cached.read_bytes() == before
    built = build_site(printed, strict=True)
    assert (built.site / "brochure.pdf").read_bytes() == before


@one_brochure
def test_a_site_without_gallery_gets_a_brochure_without_photos(printed):
    """The site publishes no photos with `gallery: false`; `make site` still passes and prints none."""
    config = printed / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - brandsite\n", "  - brandsite:\n      gallery: false\n"),
                      encoding="utf-8")
    assert run_brandsite(printed, "brochure").returncode == 0
    built = build_site(printed, strict=True)
    assert not images(built.site / "brochure.pdf")
    assert STUDENT_CAPTION not in pdf_texts(built.site)["brochure.pdf"]


# --- finding 14: the brochure reads Markdown as the site does, and its files are not published ------------


@one_brochure
def test_attribute_lists_do_not_appear_in_the_brochure(with_brochure):
    text = pdf_texts(with_brochure / ".cache" / "brandsite")["brochure.pdf"]
    assert "品牌介绍" in text and "主题党日" in text and "详见学校网站。" in text
    assert "{:" not in text and ".lead" not in text and "#jieshao" not in text and ".shuju" not in text


@one_brochure
def test_brochure_templates_and_print_css_are_not_published(printed):
    built = build_site(printed, strict=True)
    assert (built.site / "brochure.pdf").is_file()
    assert not (built.site / "brochure").exists() and not list(built.site.rglob("print.css"))
    assert not (ROOT / "overrides" / "brochure").exists()  # not in Material's custom_dir at all


# --- findings 6 and 7: the pull-request summary shows only what the site would publish ------------------

def summary_profile(*gallery: str, title: str = "绿色生态园") -> str:
    return profile(title=title, slogan="一花一草皆育人", school="示例小学", gallery=gallery, story="学校带领学生种花种菜。\n")


def huge_png(path: Path, side: int = 13000) -> Path:
    """A PNG of side × side RGB pixels that is a few hundred KB on disk: rows streamed through zlib."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(9)
    row = b"\x00" + b"\x80" * (side * 3)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return path


@pytest.fixture
def photo_pr(tmp_path) -> Path:
    """main: one brand with one photo; pr: photos added (publishable or not), the old one deleted, and
    a new brand with a student photo without consent (the loader refuses that profile)."""
    repo = copy_project(tmp_path / "repo", brands=False)
    (repo / ".gitignore").write_text("/site/\n/.cache/\n", encoding="utf-8")
    index = write_brand(repo, "lvse", summary_profile(photo("photos/old.jpg", "旧照片")), {"photos/old.jpg": solid((800, 600), (9, 9, 9), quality=85)})
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "示例")
    git(repo, "checkout", "-q", "-b", "pr")
    photos = index.parent / "photos"
    make.leaky_jpeg(photos / "consented.jpg")
    make.leaky_jpeg(photos / "unlisted.jpg")
    make.swapped_profile_jpeg(photos / "profiled.jpg")
    make.oriented_jpeg(photos / "sideways.jpg", 6)
    make.not_an_image(photos / "broken.jpg")
    (photos / "linked.jpg").symlink_to(make.leaky_jpeg(tmp_path / "outside-the-repo.jpg"))
    (photos / "old.jpg").unlink()
    index.write_text(summary_profile(photo("photos/consented.jpg", "学生劳动", "students", consent=True),
                                     photo("photos/profiled.jpg", "校园一角"), photo("photos/sideways.jpg", "竖拍"),
                                     photo("photos/broken.jpg", "下载失败的网页")),
                     encoding="utf-8")
    write_brand(repo, "hong", summary_profile(photo("photos/no-consent.jpg", "学生种菜", "students"), title="红色种子"))
    make.leaky_jpeg(repo / "brands" / "hong" / "photos" / "no-consent.jpg")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "加照片")
    return repo


def summary(repo: Path, *args: str) -> str:
    done = run_brandsite(repo, "review", "--base", "main", "--format", "markdown", *args)
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def photo_rows(markdown: str) -> dict[str, str]:
    """Photo file name → its thumbnail cell."""
    rows = re.findall(r"^\| (.*?) \| `brands/\w+/photos/([^`]+)` \| (?:新增|删除) \|$", markdown, re.MULTILINE)
    return {name: cell for cell, name in rows}


def decoded(cell: str) -> bytes:
    match = re.fullmatch(r'<img src="data:image/jpeg;base64,([A-Za-z0-9+/=]+)" width="96" alt="">', cell)
    assert match, cell
    return base64.b64decode(match[1])


def test_summary_thumbnails_only_publishable_photos(photo_pr):
    rows = photo_rows(summary(photo_pr))
    assert set(rows) == {"consented.jpg", "no-consent.jpg", "unlisted.jpg", "profiled.jpg", "sideways.jpg", "old.jpg",
                         "broken.jpg", "linked.jpg"}
    for name in ("no-consent.jpg", "unlisted.jpg", "old.jpg", "broken.jpg", "linked.jpg"):
        assert "<img" not in rows[name] and "data:" not in rows[name], rows[name]
    assert "品牌档案有错误" in rows["no-consent.jpg"]
    assert "没有列入相册" in rows["unlisted.jpg"]
    assert "已删除" in rows["old.jpg"]
    assert rows["broken.jpg"] == "（没有缩略图：照片不是可识别的图片文件 — 请确认文件是照片（JPEG、PNG、HEIC 等），并从手机或相机重新导出）"


def test_summary_thumbnails_carry_no_metadata_and_keep_colours(photo_pr):
    rows = photo_rows(summary(photo_pr))
    leaky = decoded(rows["consented.jpg"])
    assert make.metadata_problems(leaky) == []
    assert b"taken at home" not in leaky and b"PhoneMaker" not in leaky
    with Image.open(io.BytesIO(leaky)) as image:
        assert image.format == "JPEG" and max(image.size) == 96
    with Image.open(io.BytesIO(decoded(rows["profiled.jpg"]))) as image:  # converted, not just stripped
        assert make.close(image.convert("RGB").getpixel((10, 10)), (0, 255, 0), 60)
    with Image.open(io.BytesIO(decoded(rows["sideways.jpg"]))) as image:
        assert image.width > image.height
        assert all(make.close(c, make.QUADRANTS[k], 40) for k, c in make.corner_colours(image).items())


def test_summary_with_raw_url_never_links_an_original(photo_pr):
    markdown = summary(photo_pr, "--raw-url", "https://github.com/xuexiao/dangjian/raw/abc123/")
    assert "github.com" not in markdown and "<img" not in markdown
    assert set(photo_rows(markdown)) == {"consented.jpg", "no-consent.jpg", "unlisted.jpg", "profiled.jpg",
                                         "sideways.jpg", "old.jpg", "broken.jpg", "linked.jpg"}


def peak_summary(repo: Path) -> tuple[str, int]:
    """(summary, peak resident MB) of `brandsite review --format markdown` in its own process."""
    done = run_brandsite(repo, "review", "--base", "main", "--format", "markdown", timeout=120, measure_peak=True)
    assert "Traceback" not in done.stderr and done.peak_mb is not None, done.stderr
    return done.stdout, done.peak_mb


@pytest.mark.parametrize("listed", [True, False])
def test_summary_of_a_13000_pixel_square_png_stays_small(photo_pr, listed):
    index = photo_pr / "brands" / "lvse" / "index.md"
    huge_png(index.parent / "photos" / "huge.png")
    assert (index.parent / "photos" / "huge.png").stat().st_size < 1_000_000
    if listed:
        text = index.read_text(encoding="utf-8")
        index.write_text(text.replace("---\n学校", photo("photos/huge.png", "全景", "adults") + "---\n学校"),
                         encoding="utf-8")
    markdown, peak = peak_summary(photo_pr)
    assert peak < 400, f"{peak} MB"  # about 240 MB without it; decoding it would take 507 MB more
    cell = photo_rows(markdown)["huge.png"]
    assert "<img" not in cell
    if listed:
        assert "像素" in cell, cell  # says why there is no thumbnail
