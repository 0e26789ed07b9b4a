"""`quangba publication`: a print-ready A4 PDF brochure, bilingual or in one language.

Two languages (`vi,en`): each page shows the two versions side by side in facing columns,
section by section (the `##` sections of the two versions are paired when they agree in
number, which the structure checks make the rule). One language: a single-language
brochure of the pages published in that language.

The brochure has a cover (the province's name in the brochure's languages and the
landscape illustration of the home page), a table of contents with page numbers (CSS
`target-counter`), one chapter per published page (title, illustration with its credit,
fact box formatted by Babel for each language, body rendered from Markdown with the site's
extensions), page numbers in the footer and, on the last page, the sources of every page.

With `print_ready=True` (`--print`), the brochure is made for a print shop: bleed and crop
marks, 300 ppi images or a warning naming each image that has fewer pixels, links in the
text's colour, chapters that follow each other (see `office.print_ready`). In every brochure,
dates are in one style per language and reference codes, dates and Korean words do not break.

Rendered by WeasyPrint. Everything comes from local files: fonts are Debian's Noto fonts
by `@font-face` with `file://` addresses (embedded, subset, in the PDF) and the URL
fetcher refuses anything that is not a local file, so nothing is fetched from the network.
Illustrations are re-encoded as JPEG and scaled to the printed size to keep the file small.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import mimetypes
import logging
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from quangba.core import locale
from quangba.core.corpus import Corpus
from quangba.core.errors import QuangbaError
from quangba.core.facts import FactRow, fact_rows
from quangba.core.htmlpolicy import site_policy
from quangba.core.project import Project
from quangba.core.messages import T_
from quangba.core.progress import Progress
from quangba.core.schema import FACTS
from quangba.office import print_ready as press
from quangba.office.events_print import calendar_list_html, event_rows

# Debian's Noto fonts (fonts-noto-core, fonts-noto-cjk). Face 0 of the CJK collection is
# the Japanese one; fontconfig picks the Simplified Chinese or Korean face of the same file
# from the `lang` of the text (`zh-CN`, `ko-KR`), so each script gets its own glyph forms.
NOTO_CORE = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
FONT_FACES: tuple[tuple[str, str, str, Path], ...] = (
    ("QB Sans", "normal", "normal", NOTO_CORE / "NotoSans-Regular.ttf"),
    ("QB Sans", "bold", "normal", NOTO_CORE / "NotoSans-Bold.ttf"),
    ("QB Sans", "normal", "italic", NOTO_CORE / "NotoSans-Italic.ttf"),
    ("QB Sans", "bold", "italic", NOTO_CORE / "NotoSans-BoldItalic.ttf"),
    ("QB CJK", "normal", "normal", NOTO_CJK / "NotoSansCJK-Regular.ttc"),
    ("QB CJK", "bold", "normal", NOTO_CJK / "NotoSansCJK-Bold.ttc"),
    ("QB Lao", "normal", "normal", NOTO_CORE / "NotoSansLao-Regular.ttf"),
    ("QB Lao", "bold", "normal", NOTO_CORE / "NotoSansLao-Bold.ttf"),
)
CJK_LANGS = {"zh", "ja", "ko"}
# The `lang` written on the text, chosen so that fontconfig picks the right CJK face.
TEXT_LANG = {"zh": "zh-CN", "ko": "ko-KR", "ja": "ja-JP"}
FAMILIES = {
    "zh": '"QB CJK", "QB Sans"',
    "ja": '"QB CJK", "QB Sans"',
    "ko": '"QB CJK", "QB Sans"',
    "lo": '"QB Lao", "QB Sans", "QB CJK"',
}
DEFAULT_FAMILY = '"QB Sans", "QB CJK", "QB Lao"'

# The few words of the brochure itself that the site's catalogs do not have.
WORDS: dict[str, dict[str, str]] = {
    "contents": {"vi": "Mục lục", "en": "Contents", "zh": "目录", "ko": "목차", "ja": "目次", "lo": "ສາລະບານ"},
    "general": {"vi": "Giới thiệu chung", "en": "Introduction", "zh": "概况", "ko": "개요", "ja": "概要", "lo": "ພາບລວມ"},
    "not_included": {
        "vi": "Chưa có bản dịch, không in trong ấn phẩm này:",
        "en": "Not yet translated, not included in this edition:",
        "zh": "尚未翻译、未收入本册的页面：",
        "ko": "아직 번역되지 않아 이 책자에 싣지 않은 페이지:",
        "ja": "未翻訳のため本冊子に収録していないページ：",
        "lo": "ຍັງບໍ່ທັນໄດ້ແປ, ບໍ່ໄດ້ພິມໃນສະບັບນີ້:",
    },
    "cited": {"vi": "Trích dẫn ở trang", "en": "Cited on page", "zh": "引用页码", "ko": "인용 쪽", "ja": "引用ページ", "lo": "ອ້າງອີງໃນໜ້າ"},
    "online": {"vi": "Bản trực tuyến", "en": "Online", "zh": "网络版", "ko": "온라인", "ja": "オンライン版", "lo": "ອອນລາຍ"},
}

MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "tables", "md_in_html", "toc")
IMAGE_MAX_SIDE = 1600  # pixels; WeasyPrint then scales to the printed size at PRINT_DPI
PRINT_DPI = 200
JPEG_QUALITY = 80
# For a print shop: a 303-mm cover at 300 ppi is 3,579 pixels wide; images keep their pixels.
PRESS_IMAGE_MAX_SIDE = 3600
PRESS_JPEG_QUALITY = 92
NOT_SHOWN = ("script", "style", "object", "embed", "form", "input", "button", "video", "audio", "iframe")


def _word(name: str, lang: str, **values: Any) -> str:
    table = WORDS[name]
    text = table.get(lang, table["en"])
    return text.format(**values) if values else text


def _nfc(text: Any) -> str:
    return unicodedata.normalize("NFC", str(text))


def _esc(text: Any) -> str:
    return html.escape(_nfc(text), quote=True)


def _kept(text: Any, lang: str) -> str:
    """Escaped text in which reference codes, dates and Korean words do not break."""
    return press.keep_together_html(_esc(text), lang)


def _text_lang(lang: str) -> str:
    return TEXT_LANG.get(lang, lang)


@dataclass
class Version:
    """One language version of a page in the brochure."""

    lang: str
    available: bool
    title: str
    meta: dict[str, Any]
    facts: list[FactRow]
    body: Any = None  # lxml element holding the rendered body, or None
    notice: str = ""


@dataclass
class Chapter:
    key: str
    anchor: str
    section: str
    page_type: str
    meta: dict[str, Any]  # the source's metadata (neutral facts, image, sources)
    versions: list[Version] = field(default_factory=list)
    kickers: list[str] = field(default_factory=list)  # the line above the title, per version
    section_start: bool = False  # the first chapter of its section (a new page in print)


# --------------------------------------------------------------------------- selection


def _order(meta: dict[str, Any]) -> int:
    value = meta.get("order")
    return value if isinstance(value, int) and not isinstance(value, bool) else 10_000


def _ordered_keys(corpus: Corpus, section: str | None) -> list[str]:
    """Published pages in the site's navigation order: top-level pages, then each section
    (by its index page's `order`) with its index first and its pages by `order`."""
    keys = [key for key in corpus.keys() if corpus.is_published(key)]
    sections: dict[str, list[str]] = {}
    for key in keys:
        sections.setdefault(corpus.section_of(key), []).append(key)

    def meta(key: str) -> dict[str, Any]:
        page = corpus.page(corpus.source_language, key)
        return page.meta if page else {}

    def section_rank(name: str) -> tuple[int, int, str]:
        if name == "":
            return (0, 0, "")
        return (1, _order(meta(f"{name}/index.md")), name)

    def page_rank(key: str) -> tuple[int, int, str]:
        is_index = key == "index.md" or key.endswith("/index.md")
        return (0 if is_index else 1, _order(meta(key)), key)

    if section is not None:
        section = section.strip("/")
        if section not in sections or section == "":
            known = ", ".join(sorted(s for s in sections if s)) or "none"
            raise QuangbaError(T_('no published section `{section}` in docs/{source_language}/ (sections: {known})', section=section, source_language=corpus.source_language, known=known))
        return sorted(sections[section], key=page_rank)
    ordered: list[str] = []
    for name in sorted(sections, key=section_rank):
        ordered += sorted(sections[name], key=page_rank)
    return ordered


def _anchor(key: str) -> str:
    stem = key[:-3] if key.endswith(".md") else key
    return "pg-" + (re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower() or "home")


# --------------------------------------------------------------------------- Markdown


class _Renderer:
    """Python-Markdown with the site's extensions and heading anchors, one per language."""

    def __init__(self, project: Project):
        import markdown

        from quangba.core.slugs import slug_function

        slugify, separator = slug_function(project)
        self._policy = site_policy(project)  # the site's HTML policy: the brochure shows what the site shows
        self._md = markdown.Markdown(
            extensions=list(MARKDOWN_EXTENSIONS),
            extension_configs={"toc": {"slugify": slugify, "separator": separator, "permalink": False}},
        )

    def render(self, text: str) -> str:
        self._md.reset()
        return self._policy.clean(self._md.convert(_nfc(text)))


def _fragment(markup: str):
    import lxml.html

    return lxml.html.fragment_fromstring(markup or "", create_parent="div")


# --------------------------------------------------------------------------- addresses


def _docs_file(project: Project, lang: str, key: str, target: str) -> Path | None:
    """The file under docs/ that a relative address in page `lang/key` points to, or None
    when it points outside docs/ (or is not relative)."""
    path = unquote(target)
    if path.startswith("/"):
        joined = posixpath.normpath(path.lstrip("/"))
    else:
        joined = posixpath.normpath(posixpath.join(lang, posixpath.dirname(key), path))
    if joined.startswith("..") or joined.startswith("/"):
        return None
    resolved = (project.docs_dir / joined).resolve()
    try:
        resolved.relative_to(project.docs_dir.resolve())
    except ValueError:
        return None
    return resolved


def _is_external(target: str) -> bool:
    return bool(urlsplit(target).scheme) or target.startswith("//")


class _Links:
    """Rewrites the addresses in a rendered body: images to file:// under docs/, links to
    pages in the brochure to their chapter, other pages to the site's absolute address."""

    def __init__(self, corpus: Corpus, anchors: dict[str, str]):
        self.corpus = corpus
        self.project = corpus.project
        self.anchors = anchors  # key -> chapter anchor
        self.heading_ids: dict[tuple[str, str], dict[str, str]] = {}  # (lang, key) -> old id -> new id

    def rename_ids(self, root, lang: str, key: str, prefix: str) -> None:
        """Give every id of a body a brochure-wide unique ASCII id, remembered for links."""
        mapping: dict[str, str] = {}
        for number, element in enumerate(root.xpath("//*[@id]"), start=1):
            new = f"{prefix}-{number}"
            mapping[element.get("id")] = new
            element.set("id", new)
        self.heading_ids[(lang, key)] = mapping

    def rewrite(self, root, lang: str, key: str, content_lang: str) -> None:
        for element in root.xpath("//*[self::%s]" % " or self::".join(NOT_SHOWN)):
            src = element.get("src") or element.get("data") or ""
            if src.startswith(("https://", "http://")):
                link = element.makeelement("a", {"href": src})
                link.text = src
                element.addprevious(link)
            element.drop_tree()
        for image in root.xpath("//img"):
            src = image.get("src") or ""
            path = None if _is_external(src) else _docs_file(self.project, content_lang, key, src)
            if path is not None and path.is_file():
                image.set("src", path.as_uri())
                continue
            alt = image.get("alt") or ""  # an image from elsewhere is not fetched: its alt text stands
            span = image.makeelement("span", {"class": "missing-image"})
            span.text = f"[{alt}]" if alt else ""
            span.tail = image.tail
            image.getparent().replace(image, span)
        for link in root.xpath("//a[@href]"):
            link.set("href", self._href(link.get("href"), lang, key, content_lang))

    def _href(self, href: str, lang: str, key: str, content_lang: str) -> str:
        if _is_external(href) or href.startswith("mailto:"):
            return href
        path, _, fragment = href.partition("#")
        if not path:  # a heading of the same page
            mapping = self.heading_ids.get((lang, key), {})
            return "#" + mapping.get(unquote(fragment), self.anchors.get(key, ""))
        target = _docs_file(self.project, content_lang, key, path)
        if target is None:
            return self.project.site_url
        relative = target.relative_to(self.project.docs_dir.resolve()).as_posix()
        first, _, rest = relative.partition("/")
        if first in self.project.languages and rest.endswith(".md"):
            if rest in self.anchors:
                mapping = self.heading_ids.get((lang, rest), {})
                return "#" + (mapping.get(unquote(fragment)) or self.anchors[rest])
            address = self.corpus.absolute_url(lang if self.corpus.available(lang, rest) else self.corpus.source_language, rest)
            return address + (f"#{fragment}" if fragment else "")
        return self.project.site_url + relative


# --------------------------------------------------------------------------- fetching


_RASTER = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff")


def _local_fetcher(project: Project, max_side: int = IMAGE_MAX_SIDE):
    """WeasyPrint's fetcher limited to local files (and data: URIs), which re-encodes the
    project's PNG illustrations as JPEG (smaller PDFs; photographs and paintings print the same)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    docs = project.docs_dir.resolve()

    class LocalOnlyFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), fail_on_errors=False)
            self._converted: dict[str, bytes] = {}

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme not in ("file", "data"):
                raise ValueError(f"a publication loads nothing from the network: {url}")
            if scheme == "file":
                path = Path(url2pathname(urlsplit(url).path))
                if path.suffix.lower() in _RASTER and path.is_file():
                    try:
                        path.resolve().relative_to(docs)
                    except ValueError:
                        # Only the project's own pictures go into a publication (SEC010).
                        raise ValueError(f"a publication shows only images under docs/: {path}") from None
                    data = self._clean(path)
                    kind = "image/jpeg" if data[:3] == b"\xff\xd8\xff" else mimetypes.guess_type(path.name)[0] or "image/png"
                    return URLFetcherResponse(f"quangba-image:{path.name}", data, {"Content-Type": kind})
            return super().fetch(url, headers)

        def _clean(self, path: Path) -> bytes:
            """The picture as it goes into the PDF: never its EXIF (GPS, camera), XMP or
            comments (WeasyPrint embeds a JPEG's bytes as they are); lossless illustrations
            re-encoded as JPEG, turned by their orientation, with their colour profile."""
            key = str(path)
            if key not in self._converted:
                from PIL import Image, ImageOps, UnidentifiedImageError

                from quangba.core.imagefile import strip_metadata

                data = strip_metadata(path.read_bytes())
                if path.suffix.lower() not in (".jpg", ".jpeg"):
                    try:
                        with Image.open(io.BytesIO(data)) as image:
                            if not (image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info):
                                icc = image.info.get("icc_profile")
                                image = ImageOps.exif_transpose(image).convert("RGB")
                                image.thumbnail((max_side, max_side))
                                out = io.BytesIO()
                                image.save(out, format="JPEG", quality=92, **({"icc_profile": icc} if icc else {}))
                                data = out.getvalue()
                    except (OSError, UnidentifiedImageError, ValueError):
                        pass  # WeasyPrint says it cannot read it; the check (MED005) said so first
                self._converted[key] = data
            return self._converted[key]

    return LocalOnlyFetcher()


# --------------------------------------------------------------------------- HTML


def _font_css(langs: list[str]) -> str:
    missing_core = not FONT_FACES[0][3].is_file()
    if missing_core:
        raise QuangbaError(T_("{value} not found: install Debian's fonts-noto-core", value=FONT_FACES[0][3]))
    if CJK_LANGS & set(langs) and not FONT_FACES[4][3].is_file():
        raise QuangbaError(T_("{value} not found: install Debian's fonts-noto-cjk", value=FONT_FACES[4][3]))
    # Only the faces the brochure's languages need (loading a CJK collection takes a while);
    # a stray character of another script still finds a local Noto font through fontconfig.
    needed = {"QB Sans"} | ({"QB CJK"} if CJK_LANGS & set(langs) else set()) | ({"QB Lao"} if "lo" in langs else set())
    rules = []
    for family, weight, style, path in FONT_FACES:
        if family in needed and path.is_file():
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
                f"src: url({path.as_uri()}); }}"
            )
    return "\n".join(rules)


STYLE = """
@page {
  size: A4; margin: 20mm 16mm 20mm 16mm;
  @top-left { content: string(section); font-size: 7.5pt; color: #5b6b5f; }
  @top-right { content: string(chapter); font-size: 7.5pt; color: #5b6b5f; }
  @bottom-left { content: %(footer)s; font-size: 7.5pt; color: #5b6b5f; }
  @bottom-right { content: counter(page); font-size: 8.5pt; font-weight: bold; color: #1b5e20; }
}
@page cover { margin: 0; @top-left { content: none } @top-right { content: none }
  @bottom-left { content: none } @bottom-right { content: none } }
@page contents { @top-left { content: none } @top-right { content: none } }
@page sources { @top-left { content: none } @top-right { content: none } }
html { font-family: %(family)s; font-size: %(size)s; line-height: 1.42; color: #1d1d1b; }
body { margin: 0; }
:lang(zh-CN), :lang(ja-JP), :lang(ko-KR) { font-family: "QB CJK", "QB Sans"; line-height: 1.6; }
:lang(zh-CN) .description, :lang(ja-JP) .description, :lang(ko-KR) .description, :lang(zh-CN) em,
:lang(ja-JP) em, :lang(ko-KR) em, :lang(zh-CN).notice, :lang(ja-JP).notice, :lang(ko-KR).notice,
:lang(zh-CN) .notice, :lang(ja-JP) .notice, :lang(ko-KR) .notice { font-style: normal; }
:lang(lo) { font-family: "QB Lao", "QB Sans"; }
h1, h2, h3, h4 { line-height: 1.25; color: #1b5e20; break-after: avoid; }
h1 { font-size: 1.75em; margin: 0 0 .3em; }
h2 { font-size: 1.22em; margin: 1em 0 .35em; }
h3 { font-size: 1.05em; margin: .9em 0 .3em; }
p { margin: 0 0 .55em; orphans: 2; widows: 2; }
ul, ol { margin: 0 0 .6em; padding-left: 1.3em; }
li { margin-bottom: .2em; }
a { color: #1b5e20; text-decoration: none; }
table { border-collapse: collapse; }
.md table { width: 100%%; margin: .4em 0 .8em; font-size: .9em; }
.md th, .md td { border: .5pt solid #b9c7bb; padding: .25em .4em; text-align: left; vertical-align: top; }
.md th { background: #eef4ee; }
.md tr { break-inside: avoid; }
.md img { max-width: 100%%; }
.missing-image { color: #666; font-style: italic; }
.nobr { white-space: nowrap; }
.admonition { border-left: 3pt solid #2e7d32; background: #f1f7f1; padding: .4em .7em; margin: .6em 0; }
.admonition.warning, .admonition.danger, .admonition.caution { border-color: #c62828; background: #fbeeee; }
.admonition-title { font-weight: bold; margin-bottom: .2em; }
.notice { border: .6pt dashed #a0a0a0; padding: .5em .7em; color: #555; font-style: italic; }

/* cover */
.cover { page: cover; height: 297mm; position: relative; background: #f3f7f1; }
.cover-image { display: block; width: 210mm; height: 150mm; object-fit: cover; }
.cover-text { padding: 16mm 18mm 0; }
.cover-name { font-size: 34pt; font-weight: bold; color: #1b5e20; margin: 0 0 2mm; line-height: 1.15; }
.cover-name.other { font-size: 22pt; color: #33691e; }
.cover-tagline { font-size: 11pt; color: #333; margin: 6mm 0 0; max-width: 170mm; }
.cover-tagline + .cover-tagline { margin-top: 2mm; color: #555; }
.cover-foot { position: absolute; left: 18mm; right: 18mm; bottom: 14mm; font-size: 9pt; color: #444;
  border-top: 1pt solid #1b5e20; padding-top: 3mm; }
.cover-foot span { display: block; }

/* contents */
.contents { page: contents; break-before: page; }
.contents { font-size: .95em; }
.contents h1 { font-size: 1.6em; margin-bottom: .4em; }
.contents ol { list-style: none; padding: 0; margin: 0; }
.toc-section { margin-top: .55em; font-weight: bold; color: #33691e; font-size: .92em;
  border-bottom: .5pt solid #c5d3c5; padding-bottom: .1em; }
.toc-entry { padding: .12em 0; break-inside: avoid; line-height: 1.3; }
.toc-entry a { display: block; color: #1d1d1b; }
.toc-entry a::after { content: leader('.') target-counter(attr(href url), page); }
.toc-entry .second { display: block; color: #5b6b5f; font-size: .9em; }
.toc-entry.sub { padding-left: 1.1em; }

/* chapters */
.chapter { break-before: page; }
.kicker { string-set: section content(); font-size: .8em; letter-spacing: .06em; text-transform: uppercase;
  color: #33691e; margin: 0 0 .5em; }
.chapter-title { string-set: chapter content(); }
.cols { width: 100%%; table-layout: fixed; }
.cols > tbody > tr > td { vertical-align: top; padding: 0 0 0 0; }
.cols.two > tbody > tr > td:first-child { padding-right: 5mm; border-right: .5pt solid #c5d3c5; }
.cols.two > tbody > tr > td:last-child { padding-left: 5mm; }
.cols.two > tbody > tr > td > h1 { font-size: 1.45em; }
.cols.two > tbody > tr > td:last-child h1, .cols.two > tbody > tr > td:last-child h2 { color: #33691e; }
.titles td { padding-bottom: 2mm !important; }
h1.untranslated { color: #8a8a8a; font-weight: normal; font-style: italic; }
.description { color: #4a4a4a; font-style: italic; margin-top: .2em; }
figure.illustration { margin: 2mm 0 4mm; break-inside: avoid; }
figure.illustration img { display: block; width: 100%%; max-height: 80mm; object-fit: cover; }
figure.illustration figcaption { font-size: .75em; color: #5b6b5f; margin-top: 1mm; }
figure.illustration figcaption span + span::before { content: " · "; }
.factbox { width: 100%%; margin: 0 0 .8em; font-size: .88em; background: #f1f7f1; border-top: 1.2pt solid #2e7d32; }
.factbox caption { text-align: left; font-weight: bold; color: #1b5e20; padding: .3em .4em .1em; caption-side: top;
  background: #f1f7f1; border-top: 1.2pt solid #2e7d32; }
.factbox th, .factbox td { padding: .2em .4em; text-align: left; vertical-align: top; }
.factbox th { color: #444; font-weight: normal; width: 42%%; }
.factbox td { font-weight: bold; }

/* sources */
.sources { break-before: page; font-size: .82em; }
.sources h1 { font-size: 1.6em; }
.sources { page: sources; }
.source-list { padding-left: 1.6em; }
.source-list li { break-inside: avoid; margin-bottom: .5em; }
.source-title { font-weight: bold; }
.source-url { color: #33691e; overflow-wrap: anywhere; }
.cited { color: #5b6b5f; }
.pageref::after { content: target-counter(attr(href url), page); }
.pageref + .pageref::before { content: ", "; }
.colophon { margin-top: 1.2em; border-top: .5pt solid #c5d3c5; padding-top: .4em; color: #555; }
"""


def _css_string(text: str) -> str:
    """A CSS string literal."""
    return '"' + _nfc(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _province_name(lang: str) -> str:
    catalog = locale.Catalog(lang)
    site_name, province = catalog.get("site_name"), catalog.get("province_name")
    if site_name != province and site_name in province:
        return province[:1].upper() + province[1:]  # `tỉnh Tuyên Quang` -> `Tỉnh Tuyên Quang`
    return site_name


def _image_html(project: Project, chapter: Chapter, langs: list[str]) -> str:
    image = chapter.meta.get("image")
    if not isinstance(image, dict) or not isinstance(image.get("src"), str):
        return ""
    path = (project.docs_dir / image["src"].lstrip("/")).resolve()
    try:
        path.relative_to(project.docs_dir.resolve())
    except ValueError:
        return ""
    if not path.is_file():
        return ""
    alt = next((v.meta.get("image", {}).get("alt") for v in chapter.versions if v.available
                and isinstance(v.meta.get("image"), dict) and v.meta["image"].get("alt")), image.get("alt", ""))
    credit = " · ".join(str(x) for x in (image.get("credit"), image.get("license")) if x)
    parts = []
    for version in chapter.versions:
        meta_image = version.meta.get("image") if isinstance(version.meta.get("image"), dict) else {}
        caption = meta_image.get("caption") if version.available else ""
        text = locale.Catalog(version.lang).get("image.credit", credit=credit) if credit else ""
        if caption:
            text = f"{caption} — {text}" if text else caption
        if text:
            parts.append(f'<span lang="{_text_lang(version.lang)}">{_kept(text, version.lang)}</span>')
    return (
        f'<figure class="illustration"><img src="{path.as_uri()}" alt="{_esc(alt or "")}">'
        f'<figcaption>{"".join(parts)}</figcaption></figure>'
    )


def _factbox_html(version: Version) -> str:
    if not version.facts:
        return ""
    catalog = locale.Catalog(version.lang)
    rows = []
    for row in version.facts:
        value = _kept(row.value, version.lang)
        if row.href:
            value = f'<a href="{_esc(row.href)}">{value}</a>'
        rows.append(f"<tr><th scope=\"row\">{_esc(row.label)}</th><td>{value}</td></tr>")
    return f'<table class="factbox"><caption>{_esc(catalog.get("facts.title"))}</caption>{"".join(rows)}</table>'


def _chunks(body) -> list[str]:
    """The body split before each `##` heading: the pieces the facing columns pair up."""
    import lxml.html

    if body is None:
        return []
    pieces: list[list[str]] = [[html.escape(body.text or "", quote=False)]]
    for child in body:
        if child.tag == "h2":
            pieces.append([])
        pieces[-1].append(lxml.html.tostring(child, encoding="unicode"))
    return ["".join(piece) for piece in pieces]


def _chapter_html(project: Project, chapter: Chapter, langs: list[str]) -> str:
    versions = chapter.versions
    two = len(versions) == 2
    kicker = " · ".join(_esc(k) for k in dict.fromkeys(chapter.kickers))
    start = " section-start" if chapter.section_start else ""
    out = [f'<article class="chapter{start}" id="{chapter.anchor}">', f'<p class="kicker">{kicker}</p>']
    cls = "cols two" if two else "cols one"

    def cell(version: Version, content: str) -> str:
        return f'<td lang="{_text_lang(version.lang)}">{content}</td>'

    titles = []
    first_available = next(v for v in versions if v.available)
    for version in versions:
        title_class = "chapter-title" if version is first_available else ""
        description = version.meta.get("description") if version.available else ""
        desc = f'<p class="description">{_kept(description, version.lang)}</p>' if description else ""
        if version.available:
            titles.append(cell(version, f'<h1 class="{title_class}">{_kept(version.title, version.lang)}</h1>{desc}'))
        else:  # the notice below says it; the source's title is in the other column
            titles.append(cell(version, f'<h1 class="{title_class} untranslated">'
                                        f'{_esc(locale.Catalog(version.lang).get("fallback.title"))}</h1>'))
    out.append(f'<table class="{cls} titles"><tr>{"".join(titles)}</tr></table>')
    out.append(_image_html(project, chapter, langs))
    rows: list[list[str]] = []
    facts = [_factbox_html(v) for v in versions]
    if any(facts):
        rows.append(facts)
    chunked = [_chunks(v.body) if v.available else [f'<p class="notice">{_esc(v.notice)}</p>'] for v in versions]
    if two and all(v.available for v in versions) and len(chunked[0]) == len(chunked[1]):
        rows += [[f'<div class="md">{piece}</div>' for piece in pair] for pair in zip(*chunked)]
    else:
        rows.append([f'<div class="md">{"".join(parts)}</div>' for parts in chunked])
    body_rows = "".join(
        "<tr>" + "".join(cell(v, content) for v, content in zip(versions, row)) + "</tr>" for row in rows
    )
    out.append(f'<table class="{cls} content">{body_rows}</table>')
    out.append("</article>")
    return "\n".join(out)


def _cover_html(project: Project, corpus: Corpus, langs: list[str]) -> str:
    names = list(langs)
    if project.source_language not in names:
        names.append(project.source_language)  # the official name, in Vietnamese, always on the cover
    home = corpus.page(project.source_language, "index.md")
    image_html = ""
    image = home.meta.get("image") if home is not None else None
    if isinstance(image, dict) and isinstance(image.get("src"), str):
        path = (project.docs_dir / image["src"].lstrip("/")).resolve()
        if path.is_file():
            alt = corpus.merged_meta(langs[0], "index.md").get("image", {}).get("alt", "")
            image_html = f'<img class="cover-image" src="{path.as_uri()}" alt="{_esc(alt)}">'
    lines = []
    for index, lang in enumerate(names):
        cls = "cover-name" if index == 0 else "cover-name other"
        lines.append(f'<p class="{cls}" lang="{_text_lang(lang)}">{_esc(_province_name(lang))}</p>')
    taglines = "".join(
        f'<p class="cover-tagline" lang="{_text_lang(lang)}">{_esc(locale.Catalog(lang).get("site_description"))}</p>'
        for lang in langs
    )
    publishers = "".join(
        f'<span lang="{_text_lang(lang)}">{_esc(locale.Catalog(lang).get("publisher"))}</span>' for lang in langs
    )
    year = dt.datetime.now(corpus.time_zone).year
    return (
        f'<section class="cover">{image_html}<div class="cover-text">{"".join(lines)}{taglines}</div>'
        f'<div class="cover-foot">{publishers}<span>{_esc(project.site_url)} · {year}</span></div></section>'
    )


def _contents_html(chapters: list[Chapter], langs: list[str]) -> str:
    heading = " · ".join(_esc(_word("contents", lang)) for lang in langs)
    items = []
    current = None
    for chapter in chapters:
        if chapter.section != current:
            current = chapter.section
            if chapter.section:
                index = next((c for c in chapters if c.key == f"{chapter.section}/index.md"), None)
                names = [v.title for v in index.versions] if index else [chapter.section]
            else:
                names = [_word("general", lang) for lang in langs]
            label = " · ".join(_esc(n) for n in dict.fromkeys(names))
            items.append(f'<li class="toc-section">{label}</li>')
        sub = " sub" if chapter.section and not chapter.key.endswith("index.md") else ""
        first, *rest = [v for v in chapter.versions if v.available]
        second = "".join(f'<span class="second" lang="{_text_lang(v.lang)}">{_kept(v.title, v.lang)}</span>' for v in rest)
        items.append(
            f'<li class="toc-entry{sub}"><a href="#{chapter.anchor}" lang="{_text_lang(first.lang)}">'
            f"{_kept(first.title, first.lang)}</a>{second}</li>"
        )
    return f'<nav class="contents"><h1>{heading}</h1><ol>{"".join(items)}</ol></nav>'


def _sources_html(project: Project, chapters: list[Chapter], langs: list[str], left_out: list[str]) -> str:
    """Every source of every page, once each, with the pages that cite it (their page
    numbers by `target-counter`): one last page instead of the same source twenty times."""
    heading = " · ".join(_esc(locale.Catalog(lang).get("sources.title")) for lang in langs)
    cited = " · ".join(_esc(_word("cited", lang)) for lang in langs)
    sources: dict[str, dict[str, Any]] = {}
    for chapter in chapters:
        for item in chapter.meta.get("sources") or []:
            if not isinstance(item, dict) or not isinstance(item.get("url"), str):
                continue
            entry = sources.setdefault(item["url"], {"title": item.get("title") or item["url"], "chapters": []})
            if chapter.anchor not in entry["chapters"]:
                entry["chapters"].append(chapter.anchor)
    entries = []
    for url, entry in sources.items():
        refs = "".join(f'<a class="pageref" href="#{anchor}"></a>' for anchor in entry["chapters"])
        entries.append(
            f'<li><span class="source-title">{_esc(entry["title"])}</span><br>'
            f'<a class="source-url" href="{_esc(url)}">{_esc(url)}</a><br>'
            f'<span class="cited">{cited}: {refs}</span></li>'
        )
    colophon = [f"{_esc(_word('online', lang))}: {_esc(project.site_url)}" for lang in langs[:1]]
    if left_out:
        colophon.append(f"{_esc(_word('not_included', langs[0]))} " + "; ".join(_esc(t) for t in left_out))
    colophon.append(" · ".join(_esc(locale.Catalog(lang).get("publisher")) for lang in langs))
    return (
        f'<section class="sources" id="sources"><h1>{heading}</h1><ol class="source-list">{"".join(entries)}</ol>'
        f'<div class="colophon">{"<br>".join(colophon)}</div></section>'
    )


# --------------------------------------------------------------------------- assembly


def _kicker(corpus: Corpus, lang: str, key: str, page_type: str) -> str:
    """What kind of page this is (`Di sản`), or the name of its section (`Đầu tư`)."""
    if page_type != "page":
        return locale.Catalog(lang).get(f"types.{page_type}")
    section = corpus.section_of(key)
    if not section:
        return _word("general", lang)
    index = f"{section}/index.md"
    if corpus.page(corpus.source_language, index) is not None:
        return _nfc(corpus.merged_meta(lang, index).get("title", section))
    return section


def _brochure_facts(meta: dict[str, Any], lang: str) -> list[FactRow]:
    """The fact box with its dates in the brochure's one date style for `lang` (the prose's)."""
    facts = meta.get("facts") if isinstance(meta.get("facts"), dict) else {}
    rows = event_rows(meta, lang)  # an event's days and place come first
    for row in fact_rows(meta, lang):
        value = facts.get(row.key)
        if FACTS[row.key].display == "date" and isinstance(value, dt.date):
            row = FactRow(row.key, row.label, press.brochure_date(value, lang), row.href)
        rows.append(row)
    return rows


def _chapters(corpus: Corpus, langs: list[str], section: str | None) -> tuple[list[Chapter], list[str]]:
    """The brochure's chapters and, for a brochure without the source language, the titles of
    the pages left out because they are not translated yet."""
    project = corpus.project
    source = project.source_language
    keys = _ordered_keys(corpus, section)
    bilingual = len(langs) == 2
    chapters: list[Chapter] = []
    left_out: list[str] = []
    for key in keys:
        if not any(corpus.available(lang, key) for lang in langs):
            left_out.append(corpus.merged_meta(source, key).get("title", key))
            continue
        if not bilingual and not corpus.available(langs[0], key):
            left_out.append(corpus.merged_meta(source, key).get("title", key))
            continue
        source_meta = corpus.merged_meta(source, key)
        chapter = Chapter(
            key=key, anchor=_anchor(key), section=corpus.section_of(key),
            page_type=str(source_meta.get("type", "page")), meta=source_meta,
        )
        for lang in langs:
            chapter.kickers.append(_kicker(corpus, lang, key, chapter.page_type))
            available = corpus.available(lang, key)
            meta = corpus.merged_meta(lang, key)
            notice = ""
            if not available:
                catalog = locale.Catalog(lang)
                notice = catalog.get(
                    "fallback.notice",
                    language=locale.language_name_in(lang, lang),
                    source_language=locale.language_name_in(source, lang),
                ) + " " + corpus.absolute_url(source, key)
            chapter.versions.append(Version(
                lang=lang, available=available, title=_nfc(meta.get("title", key)),
                meta=meta, facts=_brochure_facts(meta, lang), notice=notice,
            ))
        chapter.section_start = not chapters or chapters[-1].section != chapter.section
        chapters.append(chapter)
    if not chapters:
        raise QuangbaError(
            T_("nothing to print: no published page in {langs} in section `{section}`", langs=", ".join(langs), section=section)
            if section else T_("nothing to print: no published page in {langs}", langs=", ".join(langs))
        )
    return chapters, [_nfc(t) for t in left_out]


def _render_bodies(corpus: Corpus, chapters: list[Chapter]) -> None:
    renderer = _Renderer(corpus.project)
    links = _Links(corpus, {c.key: c.anchor for c in chapters})
    rendered = []
    for chapter in chapters:
        for version in chapter.versions:
            if not version.available:
                continue
            page = corpus.page(version.lang, chapter.key)
            # the calendar page's list is generated (the site makes it at build time)
            root = _fragment(renderer.render(page.body if page else "") + calendar_list_html(corpus, version.lang, chapter.key))
            links.rename_ids(root, version.lang, chapter.key, f"{chapter.anchor}-{version.lang}")
            rendered.append((chapter, version, root))
    for chapter, version, root in rendered:  # second pass: every heading id is known now
        links.rewrite(root, version.lang, chapter.key, version.lang)
        press.keep_together_tree(root, version.lang)
        version.body = root


def _document_html(corpus: Corpus, langs: list[str], section: str | None, print_ready: bool = False) -> str:
    project = corpus.project
    chapters, left_out = _chapters(corpus, langs, section)
    _render_bodies(corpus, chapters)
    primary = langs[0]
    family = FAMILIES.get(primary, DEFAULT_FAMILY)
    size = "9.4pt" if len(langs) == 2 else "10.5pt"
    title = " · ".join(_province_name(lang) for lang in langs)
    css = _font_css(langs) + STYLE % {"family": family, "size": size, "footer": _css_string(title)}
    if print_ready:
        css += press.print_css()
    description = " · ".join(locale.Catalog(lang).get("site_description") for lang in langs)
    publisher = locale.Catalog(primary).get("publisher")
    parts = [
        "<!doctype html>",
        f'<html lang="{_text_lang(primary)}"><head><meta charset="utf-8">',
        f"<title>{_esc(title)}</title>",
        f'<meta name="author" content="{_esc(publisher)}">',
        f'<meta name="description" content="{_esc(description)}">',
        '<meta name="generator" content="quangba">',
        f"<style>{css}</style></head><body>",
        _cover_html(project, corpus, langs),
        _contents_html(chapters, langs),
    ]
    parts += [_chapter_html(project, chapter, langs) for chapter in chapters]
    parts.append(_sources_html(project, chapters, langs, left_out))
    parts.append("</body></html>")
    return _nfc("\n".join(parts))


def _check_langs(project: Project, langs: list[str]) -> list[str]:
    wanted = [lang.strip() for lang in langs if lang.strip()]
    if not 1 <= len(wanted) <= 2 or len(set(wanted)) != len(wanted):
        raise QuangbaError(T_('--langs takes one language or two different ones (e.g. vi,en), not `{items}`', items=','.join(langs)))
    for lang in wanted:
        if lang not in project.languages:
            raise QuangbaError(T_("unknown language `{lang}`: the site's languages are {items}", lang=lang, items=', '.join(project.languages)))
    return wanted


@dataclass
class Publication:
    """The brochure written, and what a print shop should hear about it."""

    path: Path
    warnings: list[str] = field(default_factory=list)


def make_publication(project: Project, langs: list[str], out: Path, section: str | None = None,
                     print_ready: bool = False) -> Publication:
    """Write the brochure for `langs` (one language, or two side by side) to `out` (PDF);
    `print_ready` makes it for a print shop (bleed, crop marks, 300 ppi: `office.print_ready`)."""
    langs = _check_langs(project, langs)
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise QuangbaError(T_('{out}: the publication is a PDF file; give --out a name ending in .pdf', out=out))
    progress = Progress()
    progress.show(T_("Publication: reading the pages…"))
    corpus = Corpus.load(project)
    document = _document_html(corpus, langs, section, print_ready=print_ready)
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango is missing
        raise QuangbaError(
            T_("WeasyPrint cannot start ({exc}); install the Python package `weasyprint` and Debian's libpango-1.0-0 and libpangoft2-1.0-0", exc=exc)
        ) from exc
    fetcher = _local_fetcher(project, PRESS_IMAGE_MAX_SIDE if print_ready else IMAGE_MAX_SIDE)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    progress.show(T_("Publication: setting the pages and writing {out}…", out=out.name))
    warnings: list[str] = []
    try:
        laid_out = HTML(string=document, base_url=project.docs_dir.resolve().as_uri() + "/", url_fetcher=fetcher).render()
        if print_ready:
            warnings = [image.message(project.root) for image in press.low_resolution_images(laid_out)]
            laid_out.write_pdf(partial, optimize_images=True, jpeg_quality=PRESS_JPEG_QUALITY, dpi=press.PRINT_PPI,
                               finisher=lambda _document, pdf: press.set_bleed_box(pdf))
        else:
            laid_out.write_pdf(partial, optimize_images=True, jpeg_quality=JPEG_QUALITY, dpi=PRINT_DPI)
        partial.replace(out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise QuangbaError(T_('{out}: cannot write the PDF ({exc})', out=out, exc=exc)) from exc
    finally:
        progress.close()
        partial.unlink(missing_ok=True)
    return Publication(out, warnings)
