"""Per-language feeds: RSS 2.0 with Media RSS, Atom 1.0 and JSON Feed 1.1.

One set for all content and one for news, in each language, with absolute addresses,
ids that survive rebuilds (the page's address), times in Viet Nam time, categories from
the page type and tags, a summary and the full HTML. Written with feedgen; Media RSS's
`media:credit` and `media:description` come from a small feedgen extension of ours,
since feedgen's own media extension cannot write them.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from quangba.core import locale
from quangba.core.settings import settings
from quangba.core.corpus import Corpus

MEDIA_NS = "http://search.yahoo.com/mrss/"
FEED_FILES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
NEWS_FOLDER = "news"


@dataclass(frozen=True)
class FeedImage:
    url: str
    width: int
    height: int
    media_type: str
    credit: str
    description: str
    size: int = 0


@dataclass(frozen=True)
class FeedItem:
    id: str
    url: str
    title: str
    summary: str
    content_html: str
    published: dt.datetime
    updated: dt.datetime
    categories: tuple[str, ...]
    is_news: bool
    image: FeedImage | None = None


class _MediaFeed(BaseExtension):
    def extend_ns(self) -> dict[str, str]:
        return {"media": MEDIA_NS}


class _MediaEntry(BaseEntryExtension):
    """`media:content` with `media:credit` and `media:description` inside it."""

    def __init__(self) -> None:
        self.image: FeedImage | None = None
        self.lang = ""

    def _extend(self, entry: Any) -> Any:
        if self.image is None:
            return entry
        image = self.image
        content = xml_elem(f"{{{MEDIA_NS}}}content", entry)
        content.set("url", image.url)
        content.set("medium", "image")
        content.set("type", image.media_type)
        content.set("width", str(image.width))
        content.set("height", str(image.height))
        content.set("lang", self.lang)
        if image.credit:
            credit = xml_elem(f"{{{MEDIA_NS}}}credit", content)
            credit.set("role", "author")
            credit.text = image.credit
        if image.description:
            description = xml_elem(f"{{{MEDIA_NS}}}description", content)
            description.set("type", "plain")
            description.text = image.description
        return entry

    def extend_rss(self, item: Any) -> Any:
        return self._extend(item)

    def extend_atom(self, entry: Any) -> Any:
        return self._extend(entry)


def _timestamp(value: Any, zone: dt.tzinfo) -> dt.datetime | None:
    """A page's `date` or `updated` as an aware time; written without a zone, it is in the
    project's `time_zone` (Viet Nam time unless the project says otherwise)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, dt.date):
        # Noon in the project's zone: the same calendar day for most readers.
        return dt.datetime(value.year, value.month, value.day, 12, tzinfo=zone)
    return None


def feed_items(corpus: Corpus, lang: str, html_of: dict[str, str], image_of: dict[str, FeedImage]) -> list[FeedItem]:
    """The items of `lang`'s feeds: published pages written in `lang` that carry a date,
    newest first. `html_of` maps page keys to their rendered HTML with absolute URLs."""
    catalog = locale.Catalog(lang)
    items = []
    for key in corpus.keys():
        if not corpus.available(lang, key) or key not in html_of:
            continue
        meta = corpus.merged_meta(lang, key)
        published = _timestamp(meta.get("date"), corpus.time_zone)
        if published is None:
            continue
        # a stale translation's own date, not the day its source was updated
        updated = _timestamp(corpus.modified(lang, key), corpus.time_zone) or published
        page_type = str(meta.get("type", "page"))
        if page_type == "page":
            continue  # home and section pages are not content items
        categories = [catalog.get(f"types.{page_type}")] + [str(t) for t in meta.get("tags") or []]
        url = corpus.absolute_url(lang, key)
        items.append(FeedItem(
            id=url, url=url, title=str(meta.get("title", "")), summary=str(meta.get("description", "")),
            content_html=html_of[key], published=published, updated=max(updated, published),
            categories=tuple(categories), is_news=page_type == "news", image=image_of.get(key),
        ))
    items.sort(key=lambda item: (item.published, item.id), reverse=True)
    return items


def _generator(corpus: Corpus, lang: str, title: str, self_url: str, home_url: str, items: list[FeedItem], rss: bool) -> FeedGenerator:
    catalog = locale.Catalog(lang)
    generator = FeedGenerator()
    generator.register_extension("qbmedia", _MediaFeed, _MediaEntry)
    generator.id(self_url)
    generator.title(title)
    generator.subtitle(catalog.get("site_description"))
    generator.language(lang)
    generator.author({"name": settings(corpus.project).publisher_for(lang)})
    generator.generator("quangba")
    generator.link(href=self_url, rel="self")
    generator.link(href=home_url, rel="alternate")  # last: RSS <link> takes the last alternate
    generator.updated(max((item.updated for item in items), default=dt.datetime(2025, 7, 1, tzinfo=corpus.time_zone)))
    for item in reversed(items):  # feedgen prepends entries
        entry = generator.add_entry()
        entry.id(item.id)
        entry.guid(item.id, permalink=True)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate")
        entry.summary(item.summary)  # Atom: text
        entry.description(html.escape(item.summary, quote=False))  # RSS readers read it as HTML
        entry.content(item.content_html, type="CDATA")
        entry.published(item.published)
        entry.updated(item.updated)
        for category in item.categories:
            entry.category(term=category, label=category)
        if item.image is not None:
            entry.qbmedia.image = item.image
            entry.qbmedia.lang = lang
            if rss:
                # RSS readers show enclosures. Not in Atom: feedgen 1.0.0 drops the `rel` of
                # entry links there, which would turn the enclosure into a second "alternate".
                entry.enclosure(item.image.url, str(item.image.size), item.image.media_type)
    return generator


def _json_feed(lang: str, title: str, description: str, self_url: str, home_url: str, items: list[FeedItem], publisher: str) -> str:
    data: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": home_url,
        "feed_url": self_url,
        "description": description,
        "language": lang,
        "authors": [{"name": publisher}],
        "items": [],
    }
    for item in items:
        entry: dict[str, Any] = {
            "id": item.id,
            "url": item.url,
            "title": item.title,
            "summary": item.summary,
            "content_html": item.content_html,
            "date_published": item.published.isoformat(),
            "date_modified": item.updated.isoformat(),
            "tags": list(item.categories),
            "language": lang,
        }
        if item.image is not None:
            entry["image"] = item.image.url
            entry["attachments"] = [{"url": item.image.url, "mime_type": item.image.media_type, "title": item.image.description}]
        data["items"].append(entry)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_feeds(corpus: Corpus, lang: str, out_dir: Path, items: list[FeedItem], length: int) -> None:
    """Write `lang`'s feeds (all content, and news) under `out_dir` (the language's root)."""
    catalog = locale.Catalog(lang)
    prefix = corpus.url(lang, "index.md")
    home = corpus.project.site_url + prefix
    for folder, subset, title in (
        ("", items, catalog.get("feeds.all", site=catalog.get("site_name"))),
        (NEWS_FOLDER, [i for i in items if i.is_news], catalog.get("feeds.news", site=catalog.get("site_name"))),
    ):
        subset = subset[:length]
        base = f"{prefix}{folder}/" if folder else prefix
        target = out_dir / folder if folder else out_dir
        target.mkdir(parents=True, exist_ok=True)
        rss_url = corpus.project.site_url + base + FEED_FILES["rss"]
        atom_url = corpus.project.site_url + base + FEED_FILES["atom"]
        json_url = corpus.project.site_url + base + FEED_FILES["json"]
        _generator(corpus, lang, title, rss_url, home, subset, rss=True).rss_file(str(target / FEED_FILES["rss"]), pretty=True)
        _generator(corpus, lang, title, atom_url, home, subset, rss=False).atom_file(str(target / FEED_FILES["atom"]), pretty=True)
        (target / FEED_FILES["json"]).write_text(
            _json_feed(lang, title, catalog.get("site_description"), json_url, home, subset, settings(corpus.project).publisher_for(lang)),
            encoding="utf-8",
        )


def feed_links(corpus: Corpus, lang: str) -> list[tuple[str, str, str]]:
    """(mime type, title, site-relative url) of `lang`'s feeds, for `<link rel=alternate>`."""
    catalog = locale.Catalog(lang)
    prefix = corpus.url(lang, "index.md")
    links = []
    for folder, name in (("", "feeds.all"), (NEWS_FOLDER, "feeds.news")):
        title = catalog.get(name, site=catalog.get("site_name"))
        base = f"{prefix}{folder}/" if folder else prefix
        links += [
            ("application/rss+xml", f"{title} (RSS)", base + FEED_FILES["rss"]),
            ("application/atom+xml", f"{title} (Atom)", base + FEED_FILES["atom"]),
            ("application/feed+json", f"{title} (JSON Feed)", base + FEED_FILES["json"]),
        ]
    return links


def absolute_html(html: str, base_url: str) -> str:
    """The page's HTML for a feed: every address absolute, permalink anchors dropped."""
    import lxml.html

    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for anchor in root.xpath("//a[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]"):
        anchor.drop_tree()
    root.make_links_absolute(base_url, resolve_base_href=False)
    return (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def feed_image(corpus: Corpus, lang: str, key: str) -> FeedImage | None:
    """The page's illustration as a feed image, with its size, credit and alt text."""
    import mimetypes

    from PIL import Image, UnidentifiedImageError

    meta = corpus.merged_meta(lang, key)
    image = meta.get("image")
    if not isinstance(image, dict) or not isinstance(image.get("src"), str):
        return None
    src = image["src"].lstrip("/")
    path = corpus.project.docs_dir / src
    try:
        with Image.open(path) as img:
            width, height = img.size
    except (OSError, UnidentifiedImageError):
        return None
    credit = " · ".join(str(x) for x in (image.get("credit"), image.get("license")) if x)
    return FeedImage(
        url=corpus.project.site_url + src, width=width, height=height,
        media_type=mimetypes.guess_type(src)[0] or "application/octet-stream",
        credit=credit, description=str(image.get("alt", "")), size=path.stat().st_size,
    )
