"""Galleries on the built site: what is published, how it is marked up, and the lightbox in a browser."""

import re

import pytest
from mkdocs.exceptions import Abort
from PIL import Image

from kit.browser import opened, serve
from kit.images import solid
from kit.profiles import photo, profile, write_brand
from sitebuild import build_site
from test_site import Elements

PROFILE = profile(gallery=[photo("photos/IMG_0001.JPG", "主题党日活动", "adults"), photo("photos/风景.png", "校园一角")],
                  story="## 品牌介绍\n\n![主题党日](photos/IMG_0001.JPG)\n")


def jpeg_with_gps(size=(1200, 800)) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 1
    exif.get_ifd(0x8825).update({1: "N", 2: (30.0, 37.0, 0.0), 3: "E", 4: (119.0, 44.0, 0.0)})
    return solid(size, (200, 30, 40), exif=exif, comment=b"camera note")


def png(size=(640, 480)) -> bytes:
    return solid(size, (20, 120, 60, 255), "PNG", mode="RGBA")


@pytest.fixture
def gallery_site(project):
    write_brand(project, "hongzhu", PROFILE, {"photos/IMG_0001.JPG": jpeg_with_gps(), "photos/风景.png": png(),
                                              "photos/私人照片.jpg": jpeg_with_gps((300, 200)),
                                              "photos/.DS_Store": b"junk"})
    return build_site(project)


def test_only_listed_photos_are_published_and_the_rest_reported(gallery_site):
    published = sorted(p.name for p in (gallery_site.site / "brands/hongzhu/photos").iterdir())
    assert published and all(re.match(r"(img-0001|fengjing)-[0-9a-f]{10}-\d+\.(webp|jpg)$", name) for name in published)
    assert not any("私人照片" in p.name or p.suffix == ".JPG" for p in gallery_site.site.rglob("*"))
    assert [w for w in gallery_site.warnings if "私人照片" in w] == [
        "brands/hongzhu/index.md: 警告: 照片 photos/私人照片.jpg 没有列在相册里，不会发布 — "
        "要发布就在 gallery 里加一项并写说明；不发布就把它移出 photos 文件夹"]


def test_published_photos_carry_no_metadata(gallery_site):
    images = [p for p in gallery_site.site.rglob("*") if p.suffix in (".jpg", ".webp")]
    assert len(images) >= 8
    for path in images:
        data = path.read_bytes()
        with Image.open(path) as image:
            assert not image.getexif() and "icc_profile" not in image.info and "comment" not in image.info
            assert not image.info.get("xmp") and not image.info.get("exif")
        assert b"Exif\x00\x00" not in data and b"camera note" not in data and b"<x:xmpmeta" not in data


def test_gallery_markup_is_responsive_lazy_and_captioned(gallery_site):
    html = gallery_site.html("brands/hongzhu/index.html")
    page = Elements(html)
    images = page.find("img", class_="bs-picture")
    sources = page.find("source")
    assert len(images) == 2 and len(sources) == 2
    for image, source in zip(images, sources):
        assert image["loading"] == "lazy" and image["width"] and image["height"]
        assert image["alt"] in ("主题党日活动", "校园一角")
        assert source["type"] == "image/webp" and source["srcset"].count(" 480w") == 1
        assert image["srcset"].endswith("w") and image["sizes"]
        assert image["data-photo"] in ("1", "2")
    assert (images[0]["width"], images[0]["height"]) == ("1200", "800")
    assert "<figcaption>主题党日活动</figcaption>" in html
    css = (gallery_site.site / "assets/stylesheets/brands.css").read_text()
    assert re.search(r'\[data-brand="hongzhu"\] \[data-photo="1"\]\{background-color:#[0-9a-f]{6};'
                     r'background-image:url\("data:image/webp;base64,', css)


def test_story_images_point_at_the_published_photo(gallery_site):
    story = gallery_site.html("brands/hongzhu/index.html").split('class="bs-story"')[1].split("</section>")[0]
    source = re.search(r'<img alt="主题党日" src="([^"]+)"', story)[1]
    assert re.fullmatch(r"photos/img-0001-[0-9a-f]{10}-1200\.jpg", source)
    assert (gallery_site.site / "brands/hongzhu" / source).is_file()


def test_home_card_shows_the_cover_photo(gallery_site):
    card = gallery_site.html("index.html").split('data-brand="hongzhu"')[1]
    assert re.search(r'src="\./brands/hongzhu/photos/img-0001-[0-9a-f]{10}-480\.jpg"', card)


def test_student_photo_without_consent_stops_the_build(project, caplog):
    write_brand(project, "hongzhu", PROFILE.replace("people: adults", "people: students"),
                {"photos/IMG_0001.JPG": jpeg_with_gps(), "photos/风景.png": png()})
    with pytest.raises(Abort):
        build_site(project)
    assert "brands/hongzhu/index.md:7: 错误: 照片 photos/IMG_0001.JPG 拍到了学生，但没有写 consent: true" in caplog.text


def test_a_broken_photo_stops_the_build_naming_it(project, caplog):
    write_brand(project, "hongzhu", PROFILE, {"photos/IMG_0001.JPG": jpeg_with_gps()[:2000], "photos/风景.png": png()})
    with pytest.raises(Abort):
        build_site(project)
    assert "brands/hongzhu/index.md" in caplog.text and "photos/IMG_0001.JPG" in caplog.text and "错误" in caplog.text


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_lightbox_opens_large_photos_with_keyboard_and_prints_every_photo(chromium, example_site, artifacts):
    with serve(example_site.site) as url, opened(chromium, url + "brands/wuse-xingdong/") as (page, visit):
        page.click("a[data-bs-lightbox] >> nth=0")
        dialog = page.locator("dialog.bs-lightbox")
        assert dialog.is_visible()
        first = page.get_attribute(".bs-lightbox__img", "src")
        assert re.search(r"shili-01-[0-9a-f]{10}-2400\.jpg$", first)
        assert page.inner_text(".bs-lightbox__caption") == "示例图片：红色先锋示范行动"
        page.wait_for_function("document.querySelector('.bs-lightbox__img').naturalWidth > 0")
        page.keyboard.press("ArrowRight")
        assert page.inner_text(".bs-lightbox__caption") == "示例图片：橙色关爱留守儿童行动"
        assert page.inner_text(".bs-lightbox__count") == "第 2 张，共 4 张"
        page.screenshot(path=str(artifacts / "lightbox-1280.png"))
        page.keyboard.press("Escape")
        assert not dialog.is_visible()
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        page.wait_for_function("[...document.querySelectorAll('.bs-picture')].every(i => i.complete && i.naturalWidth > 0)")
    assert (visit.errors, visit.failed, visit.offsite) == ([], [], [])
