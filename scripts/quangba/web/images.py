"""Responsive image variants: AVIF, WebP and a JPEG/PNG fallback at a few widths.

`process_images` turns every raster image under `docs/assets/images/` into variants under
`<site>/assets/images/v/<stem>-<hash8>-<width>.<ext>`. The hash in the name is taken from
the image's bytes and the encoder settings, so the files can be served with a cache
lifetime of forever: a changed image or changed settings give new names.

What every variant gets:
- the EXIF orientation applied to the pixels (a phone photo stands the right way up);
- no metadata at all: no EXIF (so no GPS position), no XMP, no comments, no ICC profile
  (an image with a profile is converted to sRGB first, which is what browsers assume);
- never a width larger than the original.

Encoded variants are kept in a cache folder keyed by the same hash: a rebuild with no
changed image copies files and encodes nothing. Cache misses are encoded on up to two
processes (see `_run_jobs`).

A file that cannot be used (not an image, truncated, a decompression bomb, over the size
limits) is reported as a `QuangbaError` naming the file and what to do, never a traceback
or a hang: the pixel count is checked from the header before anything is decoded.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import html
import io
import json
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps, features

from quangba.core.errors import QuangbaError
from quangba.core.files import inside
from quangba.core.imagefile import RASTER_SUFFIXES, decoding, open_checked, pixel_limit, strip_metadata, too_big_message
from quangba.core.messages import T_

#: Bump when the encoding changes in a way the settings below do not capture.
ENCODER_VERSION = 1
IMAGE_DIR = "assets/images"
VARIANT_DIR = "assets/images/v"
SUFFIXES = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".webp": "webp", ".gif": "gif"}

AVIF = "image/avif"
WEBP = "image/webp"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {AVIF: "avif", WEBP: "webp", JPEG: "jpg", PNG: "png"}

# Two quality profiles: photographs (a JPEG source) and graphics (illustrations, drawings,
# screenshots: a lossless source), whose flat colours and sharp edges show chroma
# subsampling and ringing sooner. AVIF's quality scale sits lower than JPEG's for the same
# look: 60 is about JPEG 80; graphics get 68, which keeps thin lines and small coloured
# strokes of the sample illustrations and is still smaller than WebP 82. AVIF speed 7 is
# half the time of libavif's default 6 for about 3 % more bytes.
QUALITY = {
    "photo": {
        JPEG: {"quality": 80, "subsampling": "4:2:0", "optimize": True, "progressive": True},
        WEBP: {"quality": 78, "method": 5},
        AVIF: {"quality": 60, "speed": 7},
        PNG: {"optimize": True},
    },
    "graphic": {
        JPEG: {"quality": 85, "subsampling": "4:4:4", "optimize": True, "progressive": True},
        WEBP: {"quality": 82, "method": 5},
        AVIF: {"quality": 68, "speed": 7},
        PNG: {"optimize": True},
    },
}
PIL_FORMAT = {AVIF: "AVIF", WEBP: "WEBP", JPEG: "JPEG", PNG: "PNG"}
MAX_WORKERS = 2


@dataclass
class ImageVariants:
    src: str  # site-relative path of the original, e.g. "assets/images/tan-trao.png"
    width: int  # of the original, after EXIF orientation
    height: int
    fallback: str  # site-relative path of the fallback (JPEG, or PNG with transparency), largest width
    # mime type -> [(site-relative path, width)], widths ascending; "image/avif" (when Pillow
    # can write AVIF), "image/webp" and the fallback's type
    sources: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    @property
    def fallback_type(self) -> str:
        return PNG if self.fallback.endswith(".png") else JPEG

    @property
    def fallback_size(self) -> tuple[int, int]:
        """Width and height of the largest variant (the `<img>`'s intrinsic size)."""
        largest = max(w for _, w in self.sources[self.fallback_type])
        return largest, scaled_height(self.width, self.height, largest)


@dataclass
class ImageReport:
    encoded: int = 0  # images encoded in this run (cache misses)
    reused: int = 0  # images whose variants were copied from the cache
    problems: list[str] = field(default_factory=list)  # not fatal: worth telling the editor


# -- helpers ---------------------------------------------------------------------------------


def avif_available() -> bool:
    try:
        return bool(features.check("avif"))
    except Exception:  # pragma: no cover - an old Pillow without the feature name
        return False


def variant_widths(original: int, widths: tuple[int, ...]) -> list[int]:
    """The widths to write for an image `original` pixels wide: never wider than it, and
    the original width itself when it is below the largest wanted width."""
    out = {w for w in widths if 0 < w <= original}
    if widths and original < max(widths):
        out.add(original)
    if not out:
        out.add(original)
    return sorted(out)


def scaled_height(width: int, height: int, new_width: int) -> int:
    return max(1, round(height * new_width / width))


def _safe_stem(stem: str) -> str:
    """An ASCII file-name stem usable unescaped in `srcset` (no spaces, no commas)."""
    text = unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))
    text = text.encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-").lower()
    return text or "image"


def _settings_signature(widths: tuple[int, ...], avif: bool) -> str:
    return json.dumps(
        {"v": ENCODER_VERSION, "widths": sorted(set(widths)), "avif": avif, "quality": QUALITY},
        sort_keys=True,
    )


def _display(path: Path, project: Path) -> str:
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return path.as_posix()


# One validation for check and build: see quangba.core.imagefile.
_pixel_limit = pixel_limit
_open_checked = open_checked


def _rgb(im: Image.Image, problems: list[str], shown: str) -> Image.Image:
    """Oriented, first-frame, sRGB pixels in RGB or RGBA (RGBA only if some pixel is not
    fully opaque), with no metadata attached."""
    if getattr(im, "n_frames", 1) > 1:
        im.seek(0)
        if im.format != "MPO":  # a camera's JPEG with a preview frame is not an animation
            problems.append(T_('{shown}: an animated image; the site shows its first frame only', shown=shown))
    im.load()
    icc = im.info.get("icc_profile")
    im = ImageOps.exif_transpose(im)
    if im.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):  # 16-bit grey: scale to 8 bits
        im = im.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    elif im.mode == "F":
        im = im.convert("L")
    elif im.mode == "1":
        im = im.convert("L")
    if im.mode in ("P", "PA", "LA", "La", "RGBa"):
        im = im.convert("RGBA")
    elif im.mode not in ("RGB", "RGBA") and not (icc and im.mode in ("L", "CMYK")):
        im = im.convert("RGB")  # YCbCr, LAB, HSV, L without a profile, CMYK without one
    if icc:
        im = _to_srgb(im, icc, problems, shown)
    if im.mode not in ("RGB", "RGBA"):
        im = im.convert("RGB")
    if im.mode == "RGBA" and im.getchannel("A").getextrema()[0] == 255:
        im = im.convert("RGB")
    im.info.clear()
    return im


def _to_srgb(im: Image.Image, icc: bytes, problems: list[str], shown: str) -> Image.Image:
    try:
        from PIL import ImageCms

        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        if im.mode == "RGBA":
            alpha = im.getchannel("A")
            rgb = ImageCms.profileToProfile(im.convert("RGB"), source, target, outputMode="RGB")
            rgb.putalpha(alpha)
            return rgb
        return ImageCms.profileToProfile(im, source, target, outputMode="RGB")
    except Exception as exc:  # a broken or unsupported profile: keep the pixels as they are
        problems.append(T_('{shown}: its colour profile could not be converted to sRGB ({exc}); colours may be off', shown=shown, exc=exc))
        return im.convert("RGBA" if im.mode == "RGBA" else "RGB")


def _encode(im: Image.Image, mime: str, profile: str, avif_threads: int | None = None) -> bytes:
    buf = io.BytesIO()
    image = im
    if mime == JPEG and image.mode != "RGB":
        image = image.convert("RGB")
    image.info.clear()
    options = dict(QUALITY[profile][mime])
    if mime == AVIF and avif_threads:
        options["max_threads"] = avif_threads
    image.save(buf, PIL_FORMAT[mime], **options)
    return buf.getvalue()


# -- one image: the work a worker does on a cache miss -----------------------------------------


def _encode_image(
    path: str, shown: str, stem: str, hash8: str, entry_dir: str,
    widths: tuple[int, ...], avif: bool, max_pixels: int, max_bytes: int,
    avif_threads: int | None = None,
) -> dict:
    """Decode one image and write its variants and manifest into `entry_dir` (a fresh
    folder of the cache). Returns the manifest. Raises QuangbaError for an unusable file."""
    problems: list[str] = []
    source = Path(path)
    with _pixel_limit(max_pixels):
        im = _open_checked(source, shown, max_pixels, max_bytes)
        with decoding(shown, max_pixels), im:
            profile = "photo" if im.format in ("JPEG", "MPO") else "graphic"
            pixels = _rgb(im, problems, shown)
    width, height = pixels.size
    alpha = pixels.mode == "RGBA"
    fallback = PNG if alpha else JPEG
    types = ([AVIF] if avif else []) + [WEBP, fallback]
    out_dir = Path(entry_dir)
    files: dict[str, list[tuple[str, int]]] = {t: [] for t in types}
    for w in variant_widths(width, widths):
        resized = pixels if w == width else pixels.resize(
            (w, scaled_height(width, height, w)), Image.Resampling.LANCZOS, reducing_gap=3.0
        )
        for mime in types:
            name = f"{stem}-{hash8}-{w}.{EXTENSIONS[mime]}"
            (out_dir / name).write_bytes(_encode(resized, mime, profile, avif_threads))
            files[mime].append((name, w))
    manifest = {
        "width": width, "height": height, "pixels": width * height,
        "fallback": fallback, "files": files, "problems": problems,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return manifest


def _encode_into_cache(job: dict) -> dict:
    """Encode into a temporary folder beside the cache entry, then rename it into place, so
    an interrupted build never leaves half an entry."""
    entry = Path(job["entry_dir"])
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=entry.parent))
    try:
        manifest = _encode_image(
            job["path"], job["shown"], job["stem"], job["hash8"], str(tmp), job["widths"],
            job["avif"], job["max_pixels"], job["max_bytes"], job.get("avif_threads"),
        )
        if entry.exists() and _read_manifest(entry) is not None:
            return manifest  # another process finished the same entry first: same content
        if entry.exists():
            shutil.rmtree(entry, ignore_errors=True)  # a broken leftover
        try:
            os.replace(tmp, entry)
        except OSError:
            # Another process renamed its copy into place between our check and our rename;
            # the entry is content-addressed, so theirs is as good as ours.
            if _read_manifest(entry) is None:
                raise
        return manifest
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _read_manifest(entry: Path) -> dict | None:
    try:
        manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    names = [name for items in manifest.get("files", {}).values() for name, _ in items]
    if not names or not all((entry / name).is_file() for name in names):
        return None
    return manifest


def _run_jobs(jobs: list[dict]) -> list[dict | QuangbaError]:
    """Encode the cache misses: on two forked processes when there are several images, two
    cores and it is safe to fork (Linux, no other thread running: `mkdocs serve`'s watcher
    threads rule it out), else here, where libavif still uses the cores for AVIF.

    Not "spawn" or "forkserver": both re-run the caller's main script in the children,
    which rebuilds the site all over again from any script without a __main__ guard."""
    workers = min(MAX_WORKERS, len(jobs), os.cpu_count() or 1)
    if workers > 1 and sys.platform.startswith("linux") and threading.active_count() == 1:
        try:
            context = multiprocessing.get_context("fork")
            with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                futures = [pool.submit(_job_result, dict(job, avif_threads=1)) for job in jobs]
                return [future.result() for future in futures]
        except (OSError, ValueError, concurrent.futures.process.BrokenProcessPool):
            pass  # no processes here (a sandbox, no /dev/shm, a worker killed): do it in this one
    return [_job_result(job) for job in jobs]


def _job_result(job: dict) -> dict | QuangbaError:
    try:
        return _encode_into_cache(job)
    except QuangbaError as exc:
        return exc


# -- the whole folder --------------------------------------------------------------------------


def find_images(docs_dir: Path) -> list[Path]:
    """The raster images under docs/assets/images/ that are the project's own (a link to a
    file outside the project is not one: see quangba.core.files)."""
    root = docs_dir / IMAGE_DIR
    if not root.is_dir():
        return []
    found = [
        p for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
        and inside(p, docs_dir.parent)
    ]
    return sorted(found, key=lambda p: p.as_posix())


def process_images(
    docs_dir: Path,
    site_dir: Path,
    cache_dir: Path,
    widths: tuple[int, ...] = (480, 960, 1600),
    max_pixels: int = 40_000_000,
    max_bytes: int = 15_000_000,
    withheld: frozenset[str] | set[str] = frozenset(),
) -> tuple[dict[str, ImageVariants], ImageReport]:
    """Write the variants of every image under `docs_dir/assets/images` into `site_dir`.

    Returns the variants by the original's site-relative path ("assets/images/x.png") and
    a report. Raises QuangbaError (one line per unusable file, each starting with the file's
    path relative to the project) when any image cannot be used; nothing is half-written
    into the cache in that case.
    """
    docs_dir, site_dir, cache_dir = Path(docs_dir), Path(site_dir), Path(cache_dir)
    project = docs_dir.parent
    avif = avif_available()
    signature = _settings_signature(tuple(widths), avif)
    report = ImageReport()
    if not avif:
        report.problems.append("Pillow cannot write AVIF here: only WebP and JPEG/PNG variants are made")
    out_dir = site_dir / VARIANT_DIR
    errors: list[str] = []
    planned: list[tuple[str, Path, Path, str, str]] = []  # (src, path, entry, stem, hash8)
    jobs: list[dict] = []
    queued: set[str] = set()
    for path in find_images(docs_dir):
        shown = _display(path, project)
        src = path.relative_to(docs_dir).as_posix()
        if src in withheld:  # shown only by pages not published yet: no variants before them
            continue
        try:
            size = path.stat().st_size
            if size > max_bytes:  # before reading the whole file to hash it
                raise QuangbaError(too_big_message(shown, size, max_bytes))
            data = path.read_bytes()
        except QuangbaError as exc:
            errors.append(str(exc))
            continue
        except OSError as exc:
            errors.append(T_('{shown}: cannot be read ({value})', shown=shown, value=exc.strerror or exc))
            continue
        digest = hashlib.sha256(data + b"\0" + signature.encode()).hexdigest()
        stem, hash8 = _safe_stem(path.stem), digest[:8]
        entry = cache_dir / digest[:2] / f"{digest}-{stem}"  # the names inside carry the stem
        planned.append((src, path, entry, stem, hash8))
        if _read_manifest(entry) is None and str(entry) not in queued:
            queued.add(str(entry))  # the same file twice (two folders) is encoded once
            jobs.append({
                "path": str(path), "shown": shown, "stem": stem, "hash8": hash8,
                "entry_dir": str(entry), "widths": tuple(widths), "avif": avif,
                "max_pixels": max_pixels, "max_bytes": max_bytes,
            })
    encoded = {job["entry_dir"] for job in jobs}
    for job, result in zip(jobs, _run_jobs(jobs)):
        if isinstance(result, QuangbaError):
            errors.append(str(result))
            encoded.discard(job["entry_dir"])
    if errors:
        raise QuangbaError("\n".join(errors))

    variants: dict[str, ImageVariants] = {}
    out_dir.mkdir(parents=True, exist_ok=True)
    for src, path, entry, stem, hash8 in planned:
        manifest = _read_manifest(entry)
        if manifest is None:  # pragma: no cover - the cache folder vanished under us
            raise QuangbaError(T_('{display}: its variants could not be written to {cache_dir}', display=_display(path, project), cache_dir=cache_dir))
        if manifest["pixels"] > max_pixels:  # the limit was lowered since it was cached
            raise QuangbaError(
                T_('{display}: the image is {value}×{value2} = {value3:,} pixels, over the limit of {max_pixels:,}; scale it down', display=_display(path, project), value=manifest['width'], value2=manifest['height'], value3=manifest['pixels'], max_pixels=max_pixels)
            )
        sources: dict[str, list[tuple[str, int]]] = {}
        for mime, items in manifest["files"].items():
            sources[mime] = []
            for name, w in items:
                target = out_dir / name
                if not _same_file(entry / name, target):
                    shutil.copyfile(entry / name, target)
                sources[mime].append((f"{VARIANT_DIR}/{name}", int(w)))
        largest = sources[manifest["fallback"]][-1][0]
        variants[src] = ImageVariants(
            src=src, width=manifest["width"], height=manifest["height"],
            fallback=largest, sources=sources,
        )
        report.problems.extend(manifest.get("problems", []))
        if str(entry) in encoded:
            encoded.discard(str(entry))  # a second copy of the same file was not encoded again
            report.encoded += 1
        else:
            report.reused += 1
    return variants, report


def _same_file(a: Path, b: Path) -> bool:
    """True when `b` already holds `a`'s bytes (names carry a content hash, so the size is
    enough to tell a complete copy from an interrupted one)."""
    try:
        return b.stat().st_size == a.stat().st_size
    except OSError:
        return False


# -- HTML ------------------------------------------------------------------------------------


def picture_html(
    variants: ImageVariants,
    alt: str,
    url_of: Callable[[str], str],
    sizes: str = "(min-width: 76.25em) 42rem, 100vw",
    loading: str = "lazy",
    css_class: str = "",
) -> str:
    """A `<picture>` with AVIF and WebP `<source>`s and an `<img>` fallback carrying width,
    height (the largest variant's, so the browser reserves the right box), srcset, sizes,
    loading, decoding="async" and the alt text. `css_class` goes on the `<img>`.

    Void elements are written `<source … />`, as Python-Markdown writes `<img … />`: lxml's
    HTML parser does not know `<source>` is void and would otherwise nest what follows."""
    esc = lambda s: html.escape(s, quote=True)  # noqa: E731

    def srcset(mime: str) -> str:
        return ", ".join(f"{url_of(path)} {w}w" for path, w in variants.sources[mime])

    parts = ["<picture>"]
    for mime in (AVIF, WEBP):
        if variants.sources.get(mime):
            parts.append(f'<source type="{mime}" srcset="{esc(srcset(mime))}" sizes="{esc(sizes)}" />')
    width, height = variants.fallback_size
    klass = f' class="{esc(css_class)}"' if css_class else ""
    parts.append(
        f'<img src="{esc(url_of(variants.fallback))}" srcset="{esc(srcset(variants.fallback_type))}" '
        f'sizes="{esc(sizes)}" width="{width}" height="{height}" loading="{esc(loading)}" '
        f'decoding="async" alt="{esc(alt)}"{klass} />'
    )
    parts.append("</picture>")
    return "".join(parts)


# -- the originals -------------------------------------------------------------------------------

CARDS_SUBDIR = "assets/cards"  # quangba.web.visuals.CARDS_DIR (which imports this module)


def clean_site_images(site_dir: Path) -> int:
    """Remove the metadata (EXIF with the GPS position, XMP, comments) from every original
    image the generator copied into the site, in place; the variants and social cards are
    written clean already. Returns how many files changed."""
    site_dir = Path(site_dir)
    skip = (site_dir / VARIANT_DIR, site_dir / CARDS_SUBDIR)
    changed = 0
    for path in sorted(site_dir.rglob("*")):
        if path.suffix.lower() not in RASTER_SUFFIXES or not path.is_file() or any(path.is_relative_to(s) for s in skip):
            continue
        data = path.read_bytes()
        cleaned = strip_metadata(data)
        if cleaned != data:
            partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            partial.write_bytes(cleaned)
            os.replace(partial, path)
            changed += 1
    return changed
