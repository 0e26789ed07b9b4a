"""Image files as they arrive from outside hands: one validation for `check` and `build`, and
the removal of everything in a file that is not the picture.

`validate_image` is what both the check (MED005) and the build's encoder run, so a file that
passes one passes the other: the size limits, the pixel count read from the header before
anything is decoded (decompression bombs), then a full decode (a truncated file fails there).

`strip_metadata` makes the copy of an original that leaves the project (the site's copy, a
content package, the brochure): EXIF (with the GPS position and the camera's maker notes),
XMP, IPTC, comments and text chunks are removed; the colour profile is kept. JPEG, PNG, WebP
and GIF files are cleaned segment by segment, so the pixels stay byte for byte the same; a
picture whose EXIF turns it (orientation 2–8) is turned first and encoded again, because
without its EXIF a viewer would show it sideways.
"""

from __future__ import annotations

import io
import json
import os
import struct
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from PIL import Image, ImageOps, UnidentifiedImageError

from quangba.core.errors import QuangbaError
from quangba.core.messages import T_

FIX = "replace it with a PNG, JPEG or WebP file that opens in an image viewer"
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")


@contextmanager
def pixel_limit(max_pixels: int) -> Iterator[None]:
    """Pillow refuses (DecompressionBombError) or warns (DecompressionBombWarning) on images
    over MAX_IMAGE_PIXELS when it reads the header; both become errors here."""
    from PIL import ImageFile

    previous = Image.MAX_IMAGE_PIXELS
    # WeasyPrint sets LOAD_TRUNCATED_IMAGES for the whole process when it is imported; a
    # truncated picture must still be refused here, never published half-grey.
    previous_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    Image.MAX_IMAGE_PIXELS = max_pixels
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        Image.MAX_IMAGE_PIXELS = previous
        ImageFile.LOAD_TRUNCATED_IMAGES = previous_truncated


def bomb_message(exc: Exception, max_pixels: int) -> str:
    return (
        f"the image claims more pixels than the limit of {max_pixels:,} ({exc}); it may be "
        f"a decompression bomb: {FIX}"
    )


def too_big_message(shown: str, size: int, max_bytes: int) -> str:
    return (
        f"{shown}: the file is {size:,} bytes, over the limit of {max_bytes:,}; "
        "save it smaller (a JPEG of about 2000 pixels wide is plenty for the site)"
    )


def open_checked(path: Path, shown: str, max_pixels: int, max_bytes: int) -> Image.Image:
    """Open (header only) and check the limits; the caller decodes inside `pixel_limit`."""
    size = path.stat().st_size
    if size > max_bytes:
        raise QuangbaError(too_big_message(shown, size, max_bytes))
    try:
        im = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise QuangbaError(f"{shown}: {bomb_message(exc, max_pixels)}") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise QuangbaError(T_('{shown}: not a readable image ({exc}); {FIX}', shown=shown, exc=exc, FIX=FIX)) from None
    width, height = im.size
    if width <= 0 or height <= 0 or width * height > max_pixels:
        im.close()
        raise QuangbaError(
            T_('{shown}: the image is {width}×{height} = {value:,} pixels, over the limit of {max_pixels:,}; scale it down before adding it', shown=shown, width=width, height=height, value=width * height, max_pixels=max_pixels)
        )
    return im


@contextmanager
def decoding(shown: str, max_pixels: int) -> Iterator[None]:
    """Turn whatever a damaged file makes a decoder raise into one QuangbaError."""
    try:
        yield
    except QuangbaError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise QuangbaError(f"{shown}: {bomb_message(exc, max_pixels)}") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise QuangbaError(T_('{shown}: the image data is damaged or truncated ({exc}); {FIX}', shown=shown, exc=exc, FIX=FIX)) from None
    except Exception as exc:  # anything else a damaged file can make a decoder raise
        raise QuangbaError(T_('{shown}: the image could not be decoded ({kind}: {exc}); {FIX}', shown=shown, kind=type(exc).__name__, exc=exc, FIX=FIX)) from None


def validate_image(path: Path, shown: str, max_pixels: int, max_bytes: int) -> tuple[int, int]:
    """Check an image file as the build will use it; returns its (width, height) as stored.
    Raises QuangbaError (starting with `shown`) for a file the build would refuse."""
    with pixel_limit(max_pixels):
        im = open_checked(path, shown, max_pixels, max_bytes)
        with decoding(shown, max_pixels), im:
            size = im.size
            for frame in range(getattr(im, "n_frames", 1) if im.format == "GIF" else 1):
                im.seek(frame)
                im.load()
    return size


class ValidationCache:
    """Results of `validate_image` by file (size, modification time and limits), so that a
    check does not decode every picture each time it runs."""

    def __init__(self, folder: Path):
        self.file = folder / "image-checks-v1.json"
        try:
            self.entries: dict[str, list] = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        self.changed = False

    def problem(self, path: Path, shown: str, max_pixels: int, max_bytes: int) -> str | None:
        """The error `validate_image` gives for this file, or None when it is usable."""
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns, max_pixels, max_bytes]
        entry = self.entries.get(str(path))
        if entry is not None and entry[:4] == stamp:
            return entry[4]
        try:
            validate_image(path, shown, max_pixels, max_bytes)
            problem = None
        except QuangbaError as exc:
            problem = str(exc)
        self.entries[str(path)] = [*stamp, problem]
        self.changed = True
        return problem

    def save(self) -> None:
        if not self.changed:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            partial = self.file.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps(self.entries), encoding="utf-8")
            os.replace(partial, self.file)
        except OSError:
            pass  # a read-only checkout still checks, only slower


# -- metadata ------------------------------------------------------------------------------------

_ORIENTATION = 0x0112


def strip_metadata(data: bytes) -> bytes:
    """The same picture without EXIF, XMP, IPTC, comments or text; the colour profile kept.
    Bytes that are no JPEG, PNG, WebP or GIF come back as they are (the validation refuses
    those before anything is published)."""
    if data[:3] == b"\xff\xd8\xff":
        cleaned, orientation = _jpeg(data)
    elif data[:8] == b"\x89PNG\r\n\x1a\n":
        cleaned, orientation = _png(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        cleaned, orientation = _webp(data)
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        return _gif(data)
    else:
        return data
    if orientation not in (None, 1):
        return _turned(data)
    return cleaned


def _exif_orientation(exif: bytes) -> int | None:
    """The orientation tag of an EXIF block (with or without its `Exif\\0\\0` header)."""
    try:
        info = Image.Exif()
        info.load(exif)
        value = info.get(_ORIENTATION)
    except Exception:  # noqa: BLE001 - damaged EXIF: treat the picture as upright
        return None
    return int(value) if isinstance(value, int) else None


# JPEG: keep the JFIF header (APP0), the colour profile (APP2 ICC_PROFILE) and Adobe's colour
# transform (APP14, without it CMYK files change colour); drop APP1 (EXIF, XMP), APP13 (IPTC),
# every other APPn and comments; nothing after the end of the image (a camera's second JPEG).
_KEEP_APP = {0xE0, 0xEE}


def _jpeg(data: bytes) -> tuple[bytes, int | None]:
    out = bytearray(b"\xff\xd8")
    orientation = None
    pos, end = 2, len(data)
    while pos + 2 <= end:
        if data[pos] != 0xFF:
            return data, orientation  # not where a marker should be: leave it to the validation
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:  # end of image
            out += b"\xff\xd9"
            return bytes(out), orientation
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[pos:pos + 2]
            pos += 2
            continue
        if pos + 4 > end:
            break
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        segment = data[pos:pos + 2 + length]
        payload = segment[4:]
        if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
            orientation = _exif_orientation(payload) or orientation
        keep = not (0xE0 <= marker <= 0xEF or marker == 0xFE) or marker in _KEEP_APP
        if marker == 0xE2 and payload.startswith(b"ICC_PROFILE\x00"):
            keep = True
        if keep:
            out += segment
        pos += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            scan = pos
            while True:
                pos = data.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= end:
                    pos = end
                    break
                if data[pos + 1] == 0x00 or 0xD0 <= data[pos + 1] <= 0xD7:  # stuffed byte, restart
                    pos += 2
                    continue
                break
            out += data[scan:pos]
    return bytes(out), orientation  # truncated: the validation says so


# PNG: drop EXIF and every text chunk (tEXt, zTXt, iTXt: XMP and comments live there) and the
# time stamp; keep the rest, iCCP (the colour profile) included.
_PNG_DROP = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}


def _png(data: bytes) -> tuple[bytes, int | None]:
    out = bytearray(data[:8])
    orientation = None
    pos = 8
    while pos + 12 <= len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        chunk = data[pos:pos + 12 + length]
        if kind == b"eXIf":
            orientation = _exif_orientation(chunk[8:8 + length]) or orientation
        if kind not in _PNG_DROP:
            out += chunk
        pos += 12 + length
        if kind == b"IEND":
            break
    return bytes(out), orientation


def _webp(data: bytes) -> tuple[bytes, int | None]:
    chunks = bytearray()
    orientation = None
    pos = 12
    while pos + 8 <= len(data):
        kind = data[pos:pos + 4]
        size = struct.unpack("<I", data[pos + 4:pos + 8])[0]
        chunk = data[pos:pos + 8 + size + (size & 1)]
        if kind == b"EXIF":
            body = chunk[8:8 + size]
            orientation = _exif_orientation(body) or orientation
        elif kind == b"XMP ":
            pass
        elif kind == b"VP8X":
            flags = chunk[8] & ~0x0C  # no EXIF (0x08), no XMP (0x04) any more
            chunks += chunk[:8] + bytes([flags]) + chunk[9:]
        else:
            chunks += chunk
        pos += 8 + size + (size & 1)
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WEBP" + bytes(chunks), orientation


# GIF: drop comment extensions and application extensions other than the looping ones
# (XMP travels in an application extension).
_GIF_KEEP_APPS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")


def _gif(data: bytes) -> bytes:
    try:
        return _gif_blocks(data)
    except IndexError:
        return data  # truncated: the validation says so


def _gif_blocks(data: bytes) -> bytes:
    def sub_blocks(pos: int) -> int:
        while data[pos] != 0:
            pos += data[pos] + 1
        return pos + 1

    flags = data[10]
    pos = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    out = bytearray(data[:pos])
    while pos < len(data):
        kind = data[pos]
        if kind == 0x3B:  # trailer
            out.append(0x3B)
            break
        if kind == 0x21:
            label = data[pos + 1]
            end = sub_blocks(pos + 2)
            drop = label == 0xFE or label == 0xFF and data[pos + 3:pos + 14] not in _GIF_KEEP_APPS
            if not drop:
                out += data[pos:end]
            pos = end
        elif kind == 0x2C:
            flags = data[pos + 9]
            start = pos
            pos += 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
            end = sub_blocks(pos + 1)  # LZW minimum code size, then the data
            out += data[start:end]
            pos = end
        else:
            return data
    return bytes(out)


def _turned(data: bytes) -> bytes:
    """Apply the EXIF orientation to the pixels and encode again, keeping the colour profile."""
    with Image.open(io.BytesIO(data)) as im:
        icc = im.info.get("icc_profile")
        fmt = im.format
        lossless = fmt == "WEBP" and b"VP8L" in data[12:64]
        turned = ImageOps.exif_transpose(im)
        turned.info.clear()
        out = io.BytesIO()
        options: dict = {"icc_profile": icc} if icc else {}
        if fmt in ("JPEG", "MPO"):
            fmt = "JPEG"
            options.update(quality=92)
        elif fmt == "WEBP":
            options.update(lossless=True) if lossless else options.update(quality=90)
        turned.save(out, fmt, **options)
        return out.getvalue()
