"""What leaves the project carries the picture only: `strip_metadata` removes EXIF (GPS,
camera, maker notes), XMP and comments from JPEG, PNG, WebP and GIF files, keeps the colour
profile and the pixels, and turns a picture its EXIF says to turn before dropping it."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageCms

from quangba.core.imagefile import strip_metadata

ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="21,49.2N"/></rdf:RDF></x:xmpmeta>')
SECRETS = (b"MAKERNOTE-serial-4711", b"21,49.2N", b"Nguyen Van A", b"Canon EOS")


def exif_with_position(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Canon EOS"
    exif[0x013B] = "Nguyen Van A"  # Artist
    exif[0x8825] = {1: "N", 2: (21.0, 49.0, 12.0), 3: "E", 4: (105.0, 12.0, 0.0)}  # GPS
    exif[0x8769] = {0x927C: b"MAKERNOTE-serial-4711"}  # maker note
    return exif


def picture() -> Image.Image:
    im = Image.new("RGB", (64, 32))
    im.putdata([(x * 4, y * 8, 255 - x * 2) for y in range(32) for x in range(64)])  # smooth: JPEG keeps it close
    return im


def encoded(fmt: str, orientation: int = 1) -> bytes:
    out = io.BytesIO()
    options = {
        "JPEG": {"exif": exif_with_position(orientation), "icc_profile": ICC, "comment": b"Nguyen Van A", "xmp": XMP, "quality": 90},
        "PNG": {"exif": exif_with_position(orientation), "icc_profile": ICC},
        "WEBP": {"exif": exif_with_position(orientation), "icc_profile": ICC, "xmp": XMP, "lossless": True},
        "GIF": {"comment": b"Nguyen Van A"},
    }[fmt]
    picture().save(out, fmt, **options)
    return out.getvalue()


def assert_clean(data: bytes, icc: bool = True) -> Image.Image:
    for secret in SECRETS:
        assert secret not in data, secret
    im = Image.open(io.BytesIO(data))
    im.load()
    assert not im.getexif(), dict(im.getexif())
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment"} & set(im.info), sorted(im.info)
    if icc:
        assert im.info.get("icc_profile") == ICC  # the colour profile stays
    return im


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_metadata_goes_and_the_pixels_stay(fmt):
    data = encoded(fmt)
    assert any(secret in data for secret in SECRETS)  # the input really carries them
    cleaned = strip_metadata(data)
    im = assert_clean(cleaned, icc=fmt != "GIF")
    with Image.open(io.BytesIO(data)) as before:
        assert ImageChops.difference(im.convert("RGB"), before.convert("RGB")).getbbox() is None


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_the_orientation_is_applied_before_the_exif_goes(fmt):
    im = assert_clean(strip_metadata(encoded(fmt, orientation=6)))  # 6: turn 90° clockwise to view
    assert im.size == (32, 64)
    expected = picture().transpose(Image.Transpose.ROTATE_270)
    assert max(ImageChops.difference(im.convert("RGB"), expected).getextrema(), key=lambda e: e[1])[1] < 40


def test_what_is_no_known_image_comes_back_unchanged():
    assert strip_metadata(b"not an image at all") == b"not an image at all"
    truncated = encoded("JPEG")[:300]
    assert isinstance(strip_metadata(truncated), bytes)
