"""What leaves the project carries the picture only: `strip_metadata` removes EXIF (GPS,
camera, maker notes), XMP and comments from JPEG, PNG, WebP and GIF files, keeps the colour
profile and the pixels, and turns a picture its EXIF says to turn before dropping it."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops
from photos import ICC, SECRETS, assert_no_metadata, camera_file, picture

from quangba.core.imagefile import strip_metadata


def assert_clean(data: bytes, icc: bool = True) -> Image.Image:
    im = assert_no_metadata(data)
    if icc:
        assert im.info.get("icc_profile") == ICC  # the colour profile stays
    return im


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_metadata_goes_and_the_pixels_stay(fmt):
    data = camera_file(fmt)
    assert any(secret in data for secret in SECRETS)  # the input really carries them
    cleaned = strip_metadata(data)
    im = assert_clean(cleaned, icc=fmt != "GIF")
    with Image.open(io.BytesIO(data)) as before:
        assert ImageChops.difference(im.convert("RGB"), before.convert("RGB")).getbbox() is None


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_the_orientation_is_applied_before_the_exif_goes(fmt):
    im = assert_clean(strip_metadata(camera_file(fmt, orientation=6)))  # 6: turn 90° clockwise to view
    assert im.size == (32, 64)
    expected = picture().transpose(Image.Transpose.ROTATE_270)
    assert max(ImageChops.difference(im.convert("RGB"), expected).getextrema(), key=lambda e: e[1])[1] < 40


def test_what_is_no_known_image_comes_back_unchanged():
    assert strip_metadata(b"not an image at all") == b"not an image at all"
    truncated = camera_file("JPEG")[:300]
    assert isinstance(strip_metadata(truncated), bytes)
