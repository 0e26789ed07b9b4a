"""Pictures as a camera or a photographer's software writes them: EXIF with the GPS position,
the camera, the artist and a maker note, XMP, a comment and a colour profile; and the check
that an output image carries none of it."""

from __future__ import annotations

import io

from PIL import Image, ImageCms

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


def picture(width: int = 64, height: int = 32) -> Image.Image:
    im = Image.new("RGB", (width, height))
    im.putdata([(x * 255 // width, y * 255 // height, 255 - x * 127 // width) for y in range(height) for x in range(width)])
    return im  # smooth, so that JPEG keeps it close


def camera_file(fmt: str = "JPEG", orientation: int = 1, size: tuple[int, int] = (64, 32)) -> bytes:
    out = io.BytesIO()
    options = {
        "JPEG": {"exif": exif_with_position(orientation), "icc_profile": ICC, "comment": b"Nguyen Van A", "xmp": XMP, "quality": 90},
        "PNG": {"exif": exif_with_position(orientation), "icc_profile": ICC},
        "WEBP": {"exif": exif_with_position(orientation), "icc_profile": ICC, "xmp": XMP, "lossless": True},
        "GIF": {"comment": b"Nguyen Van A"},
    }[fmt]
    picture(*size).save(out, fmt, **options)
    return out.getvalue()


def assert_no_metadata(data: bytes, where: str = "") -> Image.Image:
    """Open the image (fully decoded) and check it carries no EXIF, XMP, comment or text."""
    for secret in SECRETS:
        assert secret not in data, (where, secret)
    im = Image.open(io.BytesIO(data))
    im.load()
    assert not im.getexif(), (where, dict(im.getexif()))
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment", "Description"} & set(im.info), (where, sorted(im.info))
    return im
