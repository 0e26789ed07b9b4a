"""Responsive image variants (quangba.web.images): widths, types, orientation, metadata, the
cache, unusable files, and the <picture> markup."""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import lxml.html
import pytest
from PIL import Image, ImageCms, ImageFile

from quangba.web import images
from quangba.core.errors import QuangbaError
from quangba.web.images import ImageVariants, picture_html, process_images, variant_widths

AVIF = images.avif_available()


def gradient(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A smooth picture that encodes quickly but is not a flat colour."""
    w, h = size
    x = Image.linear_gradient("L").resize((w, h))
    y = Image.linear_gradient("L").rotate(90).resize((w, h))
    im = Image.merge("RGB", (x, y, Image.new("L", (w, h), 90)))
    if mode == "RGBA":
        im.putalpha(y)
    return im


def halves(size: tuple[int, int]) -> Image.Image:
    """Left half red, right half blue: shows which way an image was turned."""
    w, h = size
    im = Image.new("RGB", size, (220, 30, 30))
    im.paste((30, 30, 220), (w // 2, 0, w, h))
    return im


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "PhoneModel"  # Model
    exif[0x0131] = "Editor 1.0"  # Software
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (21.0, 49.0, 12.5)
    gps[3] = "E"
    gps[4] = (105.0, 12.0, 7.25)
    return exif


def write_project(root: Path) -> Path:
    """A project with one image of each kind; returns its docs/ folder."""
    docs = root / "docs"
    folder = docs / "assets" / "images"
    folder.mkdir(parents=True)
    gradient((1700, 420)).save(folder / "wide.png")  # wider than the largest width
    gradient((700, 400)).save(folder / "small.jpg", quality=90)  # between two widths
    gradient((300, 200), "RGBA").save(folder / "logo-alpha.png")  # transparent, tiny
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90° clockwise to display
    halves((400, 200)).save(folder / "rotated.jpg", exif=exif, quality=95)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    gradient((500, 300)).save(folder / "gps.jpg", exif=gps_exif(), icc_profile=icc, quality=90)
    frames = [Image.new("RGB", (120, 80), colour) for colour in ((200, 0, 0), (0, 0, 200))]
    frames[0].save(folder / "anim.gif", save_all=True, append_images=frames[1:], duration=100)
    (folder / "readme.txt").write_text("not an image, not in assets")
    return docs


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("images")
    docs = write_project(root / "project")
    variants, report = process_images(docs, root / "site", root / "cache")
    return root, docs, variants, report


def variant_files(site: Path, v: ImageVariants) -> list[tuple[str, Path, int]]:
    return [(mime, site / path, w) for mime, items in v.sources.items() for path, w in items]


# -- widths and types ----------------------------------------------------------------------------


def test_every_image_gets_variants(built):
    root, docs, variants, report = built
    assert sorted(variants) == [
        "assets/images/anim.gif", "assets/images/gps.jpg", "assets/images/logo-alpha.png",
        "assets/images/rotated.jpg", "assets/images/small.jpg", "assets/images/wide.png",
    ]
    assert report.encoded == 6 and report.reused == 0
    assert any("anim.gif" in p and "first frame" in p for p in report.problems)


def test_widths_types_and_names(built):
    root, docs, variants, report = built
    v = variants["assets/images/wide.png"]
    assert (v.src, v.width, v.height) == ("assets/images/wide.png", 1700, 420)
    expected_types = (["image/avif"] if AVIF else []) + ["image/webp", "image/jpeg"]
    assert list(v.sources) == expected_types
    pil_format = {"image/avif": "AVIF", "image/webp": "WEBP", "image/jpeg": "JPEG", "image/png": "PNG"}
    for mime, path, w in variant_files(root / "site", v):
        assert re.fullmatch(r"assets/images/v/wide-[0-9a-f]{8}-\d+\.(avif|webp|jpg)", path.relative_to(root / "site").as_posix())
        assert path.is_file()
        with Image.open(path) as im:
            assert im.format == pil_format[mime]
            assert im.size == (w, round(420 * w / 1700))
    for mime in expected_types:
        assert [w for _, w in v.sources[mime]] == [480, 960, 1600]
    assert v.fallback == v.sources["image/jpeg"][-1][0]
    assert v.fallback.endswith("-1600.jpg")


def test_never_upscaled(built):
    root, docs, variants, report = built
    small = variants["assets/images/small.jpg"]
    assert [w for _, w in small.sources["image/webp"]] == [480, 700]  # the original width added
    alpha = variants["assets/images/logo-alpha.png"]
    assert [w for _, w in alpha.sources["image/webp"]] == [300]
    for v in variants.values():
        for mime, path, w in variant_files(root / "site", v):
            assert w <= v.width
            with Image.open(path) as im:
                assert im.width <= v.width


def test_transparency_keeps_a_png_fallback(built):
    root, docs, variants, report = built
    v = variants["assets/images/logo-alpha.png"]
    assert "image/png" in v.sources and "image/jpeg" not in v.sources
    assert v.fallback.endswith("-300.png")
    with Image.open(root / "site" / v.fallback) as im:
        assert im.mode == "RGBA"
        assert im.getchannel("A").getextrema()[0] < 255
    opaque = variants["assets/images/wide.png"]  # an opaque PNG gets a JPEG fallback
    assert opaque.fallback.endswith(".jpg")


def test_variant_widths_rule():
    assert variant_widths(2000, (480, 960, 1600)) == [480, 960, 1600]
    assert variant_widths(1600, (480, 960, 1600)) == [480, 960, 1600]
    assert variant_widths(1000, (480, 960, 1600)) == [480, 960, 1000]
    assert variant_widths(300, (480, 960, 1600)) == [300]


# -- orientation and metadata ----------------------------------------------------------------------


def test_exif_orientation_applied(built):
    root, docs, variants, report = built
    v = variants["assets/images/rotated.jpg"]
    assert (v.width, v.height) == (200, 400)  # stored 400×200, displayed turned
    with Image.open(docs / "assets/images/rotated.jpg") as original:
        expected = original.copy()
        from PIL import ImageOps

        expected = ImageOps.exif_transpose(expected)
    for mime, path, w in variant_files(root / "site", v):
        with Image.open(path) as im:
            assert im.size == (200, 400)
            assert im.getexif().get(0x0112) in (None, 1)
            rgb = im.convert("RGB")
            for point in ((100, 40), (100, 360)):  # top is red, bottom is blue
                got, want = rgb.getpixel(point), expected.getpixel(point)
                assert all(abs(a - b) < 40 for a, b in zip(got, want)), (path.name, point, got, want)


def test_all_metadata_stripped(built):
    root, docs, variants, report = built
    with Image.open(docs / "assets/images/gps.jpg") as source:  # the test image really has them
        assert source.getexif().get_ifd(0x8825) and "icc_profile" in source.info
    for v in variants.values():
        for mime, path, w in variant_files(root / "site", v):
            data = path.read_bytes()
            assert b"Exif\x00\x00" not in data, path.name
            assert b"PhoneMaker" not in data and b"PhoneModel" not in data, path.name
            with Image.open(path) as im:
                exif = im.getexif()
                assert len(exif) == 0, (path.name, dict(exif))
                assert not exif.get_ifd(0x8825), path.name
                for key in ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment"):
                    assert key not in im.info, (path.name, key)


# -- the cache ---------------------------------------------------------------------------------


def test_second_run_reuses_everything(built, tmp_path):
    root, docs, variants, report = built
    cache = root / "cache"
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    again, report2 = process_images(docs, tmp_path / "site2", cache)
    assert (report2.encoded, report2.reused) == (0, 6)
    assert again == variants
    for v in again.values():
        for mime, path, w in variant_files(tmp_path / "site2", v):
            assert path.read_bytes() == (root / "site" / path.relative_to(tmp_path / "site2")).read_bytes()
    after = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    assert after == before  # nothing re-encoded into the cache


def test_changed_image_gets_a_new_name(tmp_path):
    docs = write_project(tmp_path / "project")
    first = process_images(docs, tmp_path / "site", tmp_path / "cache")[0]["assets/images/small.jpg"]
    gradient((700, 400)).transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(docs / "assets/images/small.jpg")
    variants, report = process_images(docs, tmp_path / "site", tmp_path / "cache")
    assert (report.encoded, report.reused) == (1, 5)
    assert variants["assets/images/small.jpg"].fallback != first.fallback


# -- unusable files: an error naming the file, never a crash, a hang or a decode ---------------------


class Decoded(BaseException):
    """Raised if pixels are decoded; not an Exception, so nothing in images.py can swallow it."""


@pytest.fixture
def no_decoding(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise Decoded(f"{self!r} was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


def one_image(tmp_path: Path, name: str, data: bytes) -> Path:
    docs = tmp_path / "project" / "docs"
    (docs / "assets" / "images").mkdir(parents=True)
    (docs / "assets" / "images" / name).write_bytes(data)
    return docs


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def bomb_png(width: int, height: int) -> bytes:
    """A valid-looking PNG header that claims width×height pixels, with a tiny IDAT."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def png_bytes(size=(300, 300)) -> bytes:
    buf = io.BytesIO()
    gradient(size).save(buf, "PNG")
    return buf.getvalue()


def assert_error_names(exc: pytest.ExceptionInfo, name: str, *words: str) -> str:
    message = str(exc.value)
    assert message.startswith(f"docs/assets/images/{name}: "), message
    for word in words:
        assert word in message, message
    return message


def test_corrupt_file(tmp_path):
    docs = one_image(tmp_path, "broken.jpg", b"this is not an image at all\n" * 10)
    with pytest.raises(QuangbaError) as exc:
        process_images(docs, tmp_path / "site", tmp_path / "cache")
    assert_error_names(exc, "broken.jpg", "not a readable image", "replace it")


def test_truncated_png(tmp_path):
    data = png_bytes((400, 400))
    docs = one_image(tmp_path, "cut.png", data[: len(data) // 2])
    with pytest.raises(QuangbaError) as exc:
        process_images(docs, tmp_path / "site", tmp_path / "cache")
    assert_error_names(exc, "cut.png", "damaged or truncated")
    assert not list((tmp_path / "cache").rglob("manifest.json"))  # nothing half-cached


def test_decompression_bomb_is_refused_from_its_header(tmp_path, no_decoding):
    docs = one_image(tmp_path, "bomb.png", bomb_png(100_000, 100_000))
    with pytest.raises(QuangbaError) as exc:
        process_images(docs, tmp_path / "site", tmp_path / "cache")
    assert_error_names(exc, "bomb.png", "decompression bomb")


def test_image_over_the_pixel_limit(tmp_path, no_decoding):
    docs = one_image(tmp_path, "big.png", png_bytes((300, 300)))
    with pytest.raises(QuangbaError) as exc:
        process_images(docs, tmp_path / "site", tmp_path / "cache", max_pixels=50_000)
    assert_error_names(exc, "big.png", "50,000")


def test_image_over_the_byte_limit(tmp_path, no_decoding):
    docs = one_image(tmp_path, "heavy.png", png_bytes((300, 300)))
    with pytest.raises(QuangbaError) as exc:
        process_images(docs, tmp_path / "site", tmp_path / "cache", max_bytes=100)
    assert_error_names(exc, "heavy.png", "bytes", "over the limit of 100;")


def test_every_bad_file_is_named_at_once(tmp_path):
    docs = write_project(tmp_path / "project")
    folder = docs / "assets" / "images"
    (folder / "a-broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnope")
    (folder / "z-bomb.png").write_bytes(bomb_png(100_000, 100_000))
    with pytest.raises(QuangbaError) as exc:
        process_images(docs, tmp_path / "site", tmp_path / "cache")
    lines = str(exc.value).splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "docs/assets/images/a-broken.png", "docs/assets/images/z-bomb.png"
    ]
    # the good images were still encoded and cached for the next run
    assert len(list((tmp_path / "cache").rglob("manifest.json"))) == 6


# -- <picture> -----------------------------------------------------------------------------------


def test_picture_html(built):
    root, docs, variants, report = built
    v = variants["assets/images/wide.png"]
    alt = 'Đồi chè "Shan tuyết" <sương> & núi'
    markup = picture_html(v, alt, lambda p: "../" + p, loading="eager", css_class="hero")
    picture = lxml.html.fragment_fromstring(markup)
    assert picture.tag == "picture"
    sources = picture.findall("source")
    assert [s.get("type") for s in sources] == (["image/avif"] if AVIF else []) + ["image/webp"]
    for source in sources:
        ext = {"image/avif": "avif", "image/webp": "webp"}[source.get("type")]
        parts = [item.strip().split(" ") for item in source.get("srcset").split(",")]
        assert [w for _, w in parts] == ["480w", "960w", "1600w"]
        assert all(url.startswith("../assets/images/v/wide-") and url.endswith("." + ext) for url, _ in parts)
        assert source.get("sizes") == "(min-width: 76.25em) 42rem, 100vw"
    img = picture.find("img")
    assert img.get("src") == "../" + v.fallback
    assert [item.strip().rsplit(" ", 1)[1] for item in img.get("srcset").split(",")] == ["480w", "960w", "1600w"]
    assert img.get("srcset").endswith(".jpg 1600w")
    assert img.get("sizes") == "(min-width: 76.25em) 42rem, 100vw"
    assert (img.get("width"), img.get("height")) == ("1600", str(round(420 * 1600 / 1700)))
    assert img.get("loading") == "eager" and img.get("decoding") == "async"
    assert img.get("alt") == alt  # escaped in the markup, the same text once parsed
    assert img.get("class") == "hero"
    assert "<sương>" not in markup


def test_picture_html_small_image_and_defaults(built):
    root, docs, variants, report = built
    v = variants["assets/images/logo-alpha.png"]
    img = lxml.html.fragment_fromstring(picture_html(v, "", lambda p: "/" + p)).find("img")
    assert img.get("loading") == "lazy" and img.get("alt") == ""
    assert (img.get("width"), img.get("height")) == ("300", "200")
    assert img.get("src").endswith("-300.png") and img.get("class") is None


def test_truncated_png_is_refused_even_after_weasyprint_is_imported(tmp_path):
    import weasyprint  # noqa: F401 - it sets ImageFile.LOAD_TRUNCATED_IMAGES for the process

    test_truncated_png(tmp_path)
