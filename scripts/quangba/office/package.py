"""`quangba export package`: one ZIP per page for Vietnam.vn, the press and partner provinces.

What an editor attaches to an e-mail: for every language in which the page is published,
the article as the site shows it (an HTML fragment with absolute addresses) and the
Markdown as written; the page's images, once, as the original files; and `manifest.json`,
which says what is in the package in a form a partner's system can read (its JSON Schema
is `quangba/schemas/package-1.schema.json`).

The HTML is taken from a real build of the site into a temporary folder (`build_site`,
with the content check on), so a package never shows anything the site does not. The
site-wide steps that do not touch a page's article (social cards, the search index) are
skipped in that build.

Packages are reproducible: entries are sorted, every entry carries the same fixed time,
and the manifest's `generated` is the page's own date (`updated`, else `date`; for a page
with neither, the newest such date of the whole site), so two exports of the same content
are byte-identical.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import mimetypes
import os
import posixpath
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urljoin, urlsplit

from quangba.core.corpus import Corpus
from quangba.core.errors import QuangbaError
from quangba.core.files import package_stem, resolve_in_docs
from quangba.core.imagefile import strip_metadata
from quangba.core.project import Project
from quangba.core.messages import T_

SCHEMA_URL = "https://quangba.tuyenquang.gov.vn/schemas/package-1.json"
SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
IMAGES_DIR = "images"
# For a site where no page carries a date at all: the day the merged province began work.
FALLBACK_DATE = dt.date(2025, 7, 1)
# Already compressed: stored as they are, deflating them again only costs time.
_STORED_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif"}
# Whitespace inside these is content.
_KEEP_WHITESPACE = {"pre", "textarea", "script", "style", "code"}
_VOID_END_TAGS = re.compile(r"</(?:source|track|wbr)>")


def schema_path() -> Path:
    """The manifest's JSON Schema (draft 2020-12), shipped with the package."""
    return Path(__file__).resolve().parent.parent / "schemas" / "package-1.schema.json"


def package_name(key: str) -> str:
    """`heritage/tan-trao.md` -> `heritage__tan-trao.zip` (two pages that would share one
    are an error of the check: SEC012)."""
    return package_stem(key) + ".zip"


# -- which pages -------------------------------------------------------------------------------


def _as_date(value: Any, zone: dt.tzinfo) -> dt.date | None:
    """The calendar day of a date or time in the project's `time_zone` (a time written
    without a zone is in that zone)."""
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=zone)).astimezone(zone).date()
    if isinstance(value, dt.date):
        return value
    return None


def _page_date(meta: dict[str, Any], zone: dt.tzinfo) -> dt.date | None:
    """The day the page last changed: `updated`, else `date`."""
    return _as_date(meta.get("updated"), zone) or _as_date(meta.get("date"), zone)


def selected_keys(corpus: Corpus, since: dt.date | None, langs: list[str]) -> list[str]:
    """Published pages (with `since`: updated or published on or after it) that exist in at
    least one of `langs`."""
    keys = []
    for key in corpus.keys():
        if not corpus.is_published(key):
            continue
        if since is not None:
            when = _page_date(corpus.page(corpus.source_language, key).meta, corpus.time_zone)
            if when is None or when < since:
                continue
        if any(corpus.available(lang, key) for lang in langs):
            keys.append(key)
    return keys


def _languages(project: Project, langs: list[str] | None) -> list[str]:
    if not langs:
        return list(project.languages)
    wanted = [lang.strip() for lang in langs if lang.strip()]
    unknown = [lang for lang in wanted if lang not in project.languages]
    if unknown:
        raise QuangbaError(
            T_('--lang: unknown language(s) {items}; the site has {items2}', items=', '.join(unknown), items2=', '.join(project.languages))
        )
    return [lang for lang in project.languages if lang in wanted]


# -- the article from the built site ----------------------------------------------------------


def built_page_file(site_dir: Path, corpus: Corpus, lang: str, key: str) -> Path:
    return site_dir / corpus.url(lang, key) / "index.html"


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def article_element(html_bytes: bytes) -> Any | None:
    """The `<article class="md-content__inner">` of a built page, or None."""
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8")
    root = lxml.html.document_fromstring(html_bytes, parser=parser)
    found = root.xpath("//article[contains(@class,'md-content__inner')]")
    return found[0] if found else None


def _clean(article: Any) -> None:
    """Drop what only makes sense on the site: heading permalinks, Material's edit/view
    buttons, the home page's links to the rest of the site (`qb-site-only`: section cards,
    next events, latest news) and the search engine's markers."""
    for node in article.xpath(f".//a[{_has_class('headerlink')}] | .//a[{_has_class('md-content__button')}]"):
        node.drop_tree()  # keeps the tail text
    for node in article.xpath(f".//*[{_has_class('qb-site-only')}]"):
        node.drop_tree()
    for node in article.iter():
        if not isinstance(node.tag, str):
            continue
        for name in [n for n in node.attrib if n.startswith("data-pagefind")]:
            del node.attrib[name]


def _srcset_absolute(value: str, base: str) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split(None, 1)
        if not parts:
            continue
        parts[0] = urljoin(base, parts[0])
        candidates.append(" ".join(parts))
    return ", ".join(candidates)


def _make_absolute(article: Any, base: str) -> None:
    article.make_links_absolute(base, resolve_base_href=False, handle_failures="ignore")
    for node in article.xpath(".//*[@srcset]"):
        node.set("srcset", _srcset_absolute(node.get("srcset"), base))


def _tidy_whitespace(article: Any) -> None:
    """Template indentation (runs of blank lines) becomes one line break; text is untouched."""

    def tidy(value: str | None) -> str | None:
        if value is not None and "\n" in value and not value.strip():
            return "\n"
        return value

    def walk(node: Any, keep: bool) -> None:
        keep = keep or (isinstance(node.tag, str) and node.tag in _KEEP_WHITESPACE)
        if not keep:
            node.text = tidy(node.text)
        for child in node:
            walk(child, keep)
            if not keep:
                child.tail = tidy(child.tail)

    walk(article, False)


def _inner_html(article: Any) -> str:
    import lxml.html

    parts = [article.text or ""]
    parts += [lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in article]
    return _VOID_END_TAGS.sub("", "".join(parts)).strip() + "\n"


@dataclass
class Article:
    html: str
    images: list[tuple[str, str]] = field(default_factory=list)  # (absolute URL, alt) of <img>/<source>


def article_fragment(html_bytes: bytes, page_url: str, where: str = "") -> Article:
    """The inner HTML of the page's article, cleaned and with absolute addresses, and the
    addresses of the images it shows."""
    article = article_element(html_bytes)
    if article is None:
        raise QuangbaError(T_('{value}: the built page has no <article class="md-content__inner">', value=where or page_url))
    _clean(article)
    _make_absolute(article, page_url)
    _tidy_whitespace(article)
    images: list[tuple[str, str]] = []
    for node in article.xpath(".//img | .//picture/source"):
        alt = node.get("alt", "") if node.tag == "img" else ""
        if node.get("src"):
            images.append((node.get("src"), alt))
        for candidate in (node.get("srcset") or "").split(","):
            parts = candidate.strip().split()
            if parts:
                images.append((parts[0], alt))
    return Article(_inner_html(article), images)


# -- images ------------------------------------------------------------------------------------


@dataclass
class ImageEntry:
    src: str  # relative to docs/, e.g. assets/images/tan-trao.png
    file: str  # inside the ZIP, e.g. images/tan-trao.png
    credit: str | None = None
    license: str | None = None
    alt: dict[str, str] = field(default_factory=dict)


class ImageIndex:
    """Which original file (relative to docs/) a site address shows: the original itself,
    or one of its responsive variants."""

    def __init__(self, corpus: Corpus, site_dir: Path):
        from quangba.web.visuals import make_variants

        self.project = corpus.project
        # The build made the variants already: this only hashes the originals again and
        # finds every variant in place, so it copies nothing.
        self.variants = make_variants(corpus, site_dir)
        self.original_of: dict[str, str] = {}
        for src, found in self.variants.items():
            self.original_of[found.fallback] = src
            for items in found.sources.values():
                for path, _ in items:
                    self.original_of[path] = src

    def source_of(self, url: str) -> str | None:
        """The docs-relative original behind an absolute address on the site, or None when
        the address is elsewhere or shows no file of the site's own assets."""
        site = self.project.site_url
        if not url.startswith(site):
            return None
        path = posixpath.normpath(unquote(urlsplit(url[len(site):]).path)).lstrip("/")
        if path in self.original_of:
            return self.original_of[path]
        if path.startswith("assets/") and (self.project.docs_dir / path).is_file():
            return path
        return None

    def size(self, src: str) -> tuple[int | None, int | None]:
        found = self.variants.get(src)
        if found is not None:
            return found.width, found.height
        try:
            from PIL import Image, ImageOps

            with Image.open(self.project.docs_dir / src) as img:
                return ImageOps.exif_transpose(img).size
        except Exception:  # noqa: BLE001 - a vector image or a format Pillow cannot read
            return None, None


def _zip_image_name(src: str, taken: set[str]) -> str:
    rel = src[len("assets/images/"):] if src.startswith("assets/images/") else posixpath.basename(src)
    name = f"{IMAGES_DIR}/{rel}"
    stem, suffix = posixpath.splitext(name)
    number = 2
    while name in taken:
        name = f"{stem}-{number}{suffix}"
        number += 1
    taken.add(name)
    return name


def _credit_of(meta: dict[str, Any], src: str) -> tuple[str | None, str | None]:
    image = meta.get("image")
    if isinstance(image, dict) and isinstance(image.get("src"), str) and image["src"].lstrip("/") == src:
        credit, licence = image.get("credit"), image.get("license")
        return (str(credit) if credit else None), (str(licence) if licence else None)
    credits = meta.get("credits")
    if isinstance(credits, dict):
        value = credits.get(src, credits.get("/" + src))
        if isinstance(value, dict):
            credit, licence = value.get("credit"), value.get("license")
            return (str(credit) if credit else None), (str(licence) if licence else None)
        if value:
            return str(value), None
    return None, None


# -- the manifest ------------------------------------------------------------------------------


def _json_value(value: Any, zone: dt.tzinfo) -> Any:
    """A front-matter value as JSON; a time written without a zone is in the project's `time_zone`."""
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=zone)).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json_value(v, zone) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v, zone) for v in value]
    return value


def _iso_or_none(value: Any, zone: dt.tzinfo) -> str | None:
    return _json_value(value, zone) if isinstance(value, dt.date) else None


def site_as_of(corpus: Corpus) -> dt.date:
    """The newest `updated` or `date` of any published page: the date of an undated page's package."""
    dates = [
        when for key in corpus.keys()
        if corpus.is_published(key) and (when := _page_date(corpus.page(corpus.source_language, key).meta, corpus.time_zone))
    ]
    return max(dates, default=FALLBACK_DATE)


def _generated(meta: dict[str, Any], fallback: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """When the package was made: the page's `updated` or `date` in the project's `time_zone`."""
    for name in ("updated", "date"):
        value = meta.get(name)
        if isinstance(value, dt.datetime):
            return (value if value.tzinfo else value.replace(tzinfo=zone)).astimezone(zone)
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day, tzinfo=zone)
    return dt.datetime(fallback.year, fallback.month, fallback.day, tzinfo=zone)


def _language_entry(corpus: Corpus, lang: str, key: str) -> dict[str, Any]:
    from quangba.core.facts import fact_rows

    meta = corpus.merged_meta(lang, key)
    source_meta = corpus.page(corpus.source_language, key).meta
    entry: dict[str, Any] = {
        "lang": lang,
        "title": str(meta.get("title", "")),
        "description": str(meta.get("description", "")),
        "url": corpus.absolute_url(lang, key),
        "html": f"{lang}/page.html",
        "markdown": f"{lang}/page.md",
        "published": _iso_or_none(source_meta.get("date"), corpus.time_zone),
        "updated": _iso_or_none(source_meta.get("updated"), corpus.time_zone),
        "tags": [str(tag) for tag in meta.get("tags") or []],
        "fact_box": [
            {"name": row.key, "label": row.label, "value": row.value, **({"url": row.href} if row.href else {})}
            for row in fact_rows(meta, lang)
        ],
    }
    if lang != corpus.source_language:
        translation = corpus.page(lang, key)
        recorded = translation.meta.get("source_hash")
        entry["source_hash"] = str(recorded) if recorded is not None else None
        entry["current"] = corpus.translation_state(lang, key) == "current"
        if not entry["current"]:
            # a stale translation's date is its own, not the date its source was updated
            entry["updated"] = _iso_or_none(corpus.modified(lang, key), corpus.time_zone)
    return entry


# -- writing -----------------------------------------------------------------------------------


def _zip_time(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """ZIP times are local, without a zone, and start in 1980."""
    if when.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (when.year, when.month, when.day, when.hour, when.minute, when.second - when.second % 2)


def write_zip(path: Path, entries: dict[str, bytes], when: dt.datetime) -> None:
    """A reproducible ZIP: sorted entries, one fixed time, fixed permissions; written beside
    `path` and moved into place, so a reader never sees half a file."""
    stamp = _zip_time(when)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for name in sorted(entries):
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.create_system = 3  # Unix, so the permissions below are read
                info.external_attr = 0o100644 << 16
                stored = posixpath.splitext(name)[1].lower() in _STORED_SUFFIXES
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                archive.writestr(info, entries[name], compresslevel=None if stored else 9)
        os.replace(partial, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def build_package(corpus: Corpus, key: str, langs: list[str], site_dir: Path, images: ImageIndex,
                  as_of: dt.date) -> tuple[dict[str, bytes], dt.datetime]:
    """The files of one page's package (name -> bytes) and its time."""
    project = corpus.project
    source = corpus.page(corpus.source_language, key)
    meta = source.meta
    entries: dict[str, bytes] = {}
    found: dict[str, ImageEntry] = {}
    taken: set[str] = set()

    def add_image(src: str) -> ImageEntry | None:
        src = src.lstrip("/")
        if src not in found:
            path = resolve_in_docs(project.docs_dir, src)  # never a file outside docs/ (SEC010)
            if path is None or not path.is_file():
                return None
            credit, licence = _credit_of(meta, src)
            found[src] = ImageEntry(src, _zip_image_name(src, taken), credit, licence)
        return found[src]

    hero = meta.get("image") if isinstance(meta.get("image"), dict) else {}
    if isinstance(hero.get("src"), str):
        add_image(hero["src"])
    languages = []
    for lang in langs:
        if not corpus.available(lang, key):
            continue
        url = corpus.absolute_url(lang, key)
        built = built_page_file(site_dir, corpus, lang, key)
        try:
            html = built.read_bytes()
        except OSError as exc:
            raise QuangbaError(T_('{relpath}: the build wrote no page for it ({strerror})', relpath=project.relpath(corpus.page(lang, key).path), strerror=exc.strerror)) from exc
        article = article_fragment(html, url, where=project.relpath(corpus.page(lang, key).path))
        entries[f"{lang}/page.html"] = article.html.encode("utf-8")
        entries[f"{lang}/page.md"] = corpus.page(lang, key).text.encode("utf-8")
        lang_hero = corpus.merged_meta(lang, key).get("image")
        if isinstance(lang_hero, dict) and isinstance(lang_hero.get("src"), str):
            entry = add_image(lang_hero["src"])
            if entry is not None and lang_hero.get("alt"):
                entry.alt.setdefault(lang, str(lang_hero["alt"]))
        for address, alt in article.images:
            src = images.source_of(address)
            entry = add_image(src) if src else None
            if entry is not None and alt:
                entry.alt.setdefault(lang, alt)
        languages.append(_language_entry(corpus, lang, key))

    manifest_images = []
    for entry in found.values():
        # The original, without EXIF (GPS, camera), XMP or comments: core.imagefile.
        entries[entry.file] = strip_metadata((project.docs_dir / entry.src).read_bytes())
        width, height = images.size(entry.src)
        manifest_images.append({
            "file": entry.file,
            "url": project.site_url + entry.src,
            "width": width,
            "height": height,
            "media_type": mimetypes.guess_type(entry.src)[0] or "application/octet-stream",
            "credit": entry.credit,
            "license": entry.license,
            "alt": {lang: entry.alt[lang] for lang in langs if lang in entry.alt},
        })
    generated = _generated(meta, as_of, corpus.time_zone)
    facts = meta.get("facts") if isinstance(meta.get("facts"), dict) else {}
    manifest = {
        "schema": SCHEMA_URL,
        "version": SCHEMA_VERSION,
        "key": key,
        "type": str(meta.get("type", "page")),
        "generated": generated.isoformat(),
        "source_language": corpus.source_language,
        "site_url": project.site_url,
        "languages": languages,
        "facts": _json_value(facts, corpus.time_zone),
        "images": manifest_images,
        "sources": [
            {"title": str(s.get("title", "")), "url": str(s.get("url", ""))}
            for s in meta.get("sources") or [] if isinstance(s, dict)
        ],
    }
    entries[MANIFEST] = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return entries, generated


@contextlib.contextmanager
def _without_site_wide_steps() -> Iterator[None]:
    """Social cards and the search index are made once the whole site is built; they never
    change a page's article, so the export's build leaves them out (a third of its time)."""
    from quangba.web.finish import DEFER_FINISH

    old = os.environ.get(DEFER_FINISH)
    os.environ[DEFER_FINISH] = "1"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(DEFER_FINISH, None)
        else:
            os.environ[DEFER_FINISH] = old


def _build(project: Project, site_dir: Path) -> None:
    from quangba.ops.build import BuildFailed, build_site
    from quangba.core.findings import Severity

    try:
        with _without_site_wide_steps():
            # One process: the parallel build would add the site-wide steps back.
            build_site(project, site_dir, check=True, jobs=1)
    except BuildFailed as exc:
        errors = [f.as_text() for f in exc.findings if f.severity == Severity.ERROR]
        raise BuildFailed("\n".join(errors + [f"no package written: {exc}"]), exc.findings) from exc


def export_packages(project: Project, out: Path, since: dt.date | None = None,
                    langs: list[str] | None = None) -> list[Path]:
    """Write one ZIP per published page (with `since`: changed on or after that day) into
    `out`, holding the `langs` (default: every language) in which it is published. Returns
    the files written, in page order. The site is built (and checked) first, into a
    temporary folder; nothing is built when no page is selected."""
    wanted = _languages(project, langs)
    corpus = Corpus.load(project)
    keys = selected_keys(corpus, since, wanted)
    if not keys:
        return []
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="quangba-package-") as temp:
        site_dir = Path(temp) / "site"
        _build(project, site_dir)
        corpus = Corpus.load(project)  # as the build saw it
        images = ImageIndex(corpus, site_dir)
        as_of = site_as_of(corpus)
        for key in selected_keys(corpus, since, wanted):
            entries, when = build_package(corpus, key, wanted, site_dir, images, as_of)
            target = out / package_name(key)
            write_zip(target, entries, when)
            written.append(target)
    return written
