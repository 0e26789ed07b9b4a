"""The home page as a landing page: the province in one view, in the reader's language.

What the home page shows besides its own text, computed from the corpus alone (no MkDocs;
the adapter hands it to `theme/home.html` as `quangba_home`):

- its key figures: the home page's own `facts:` (area, population, …), formatted by Babel
  for the reader as the fact boxes are (`13.795,5 km²` / `13,795.5 km²`);
- the sections as cards: each section's index page (title and description in the reader's
  language) with its illustration, or, where the index page has none, that of the first
  page of the section (by `order:`) that has one;
- the next events: the first entries of the calendar page's list (web/calendar.py), so the
  two agree; none at all when no event is to come;
- the latest news, newest first: only items published in the reader's language (a news
  item not translated yet is not announced as that language's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from quangba.core import locale
from quangba.core.corpus import Corpus
from quangba.core.events import build_day
from quangba.core.facts import FactRow, fact_rows
from quangba.web.calendar import CalendarEntry, calendar
from quangba.web.images import ImageVariants, picture_html
from quangba.web.visuals import relative_url

HOME = "index.md"
NEWS_ITEMS = 3
EVENT_ITEMS = 3
# The cards are one column on a phone, two or three on wider screens (quangba.css).
CARD_SIZES = "(min-width: 60em) 22rem, (min-width: 45em) 45vw, 100vw"


@dataclass(frozen=True)
class SectionCard:
    key: str
    url: str  # site-relative, no leading slash
    title: str
    description: str
    lang: str  # the language the title and description are written in
    image: dict[str, str] | None = None  # src (relative to docs/), alt
    picture: str = ""  # the image's responsive <picture> (escaped HTML), when variants exist


@dataclass(frozen=True)
class NewsItem:
    key: str
    url: str
    title: str
    description: str
    date: str  # formatted for the reader
    iso_date: str


@dataclass(frozen=True)
class HomeView:
    lang: str
    figures: list[FactRow]
    sections: list[SectionCard]
    events: list[CalendarEntry]
    news: list[NewsItem]
    strings: dict[str, str] = field(default_factory=dict)
    news_url: str = ""  # the news section's index page, when there is one
    events_url: str = ""  # the events section's index page, when there is one


def home_strings(lang: str) -> dict[str, str]:
    """The home page's own interface strings (`home.*` in the catalogs)."""
    catalog = locale.Catalog(lang)
    keys = ("figures", "sections", "events", "news", "all_news", "all_events")
    return {key: catalog.get(f"home.{key}") for key in keys}


def _source_meta(corpus: Corpus, key: str) -> dict[str, Any]:
    page = corpus.page(corpus.source_language, key)
    return page.meta if page is not None else {}


def _order(corpus: Corpus, key: str) -> tuple[int, str]:
    order = _source_meta(corpus, key).get("order")
    return (order if isinstance(order, int) and not isinstance(order, bool) else 10_000, key)


def _image(corpus: Corpus, lang: str, key: str) -> dict[str, str] | None:
    image = corpus.merged_meta(lang, key).get("image")
    if isinstance(image, dict) and isinstance(image.get("src"), str) and image["src"]:
        return {"src": image["src"].lstrip("/"), "alt": str(image.get("alt", ""))}
    return None


def _section_image(corpus: Corpus, lang: str, index_key: str, published: list[str]) -> dict[str, str] | None:
    """The section's illustration: its index page's, else its first illustrated page's."""
    own = _image(corpus, lang, index_key)
    if own is not None:
        return own
    folder = index_key.rsplit("/", 1)[0] + "/"
    for key in sorted((k for k in published if k.startswith(folder) and k != index_key), key=lambda k: _order(corpus, k)):
        found = _image(corpus, lang, key)
        if found is not None:
            return found
    return None


def section_cards(
    corpus: Corpus, lang: str, picture: Callable[[str, str], str] | None = None
) -> list[SectionCard]:
    """One card per top-level section (a folder with an index page), in `order:`."""
    published = [key for key in corpus.keys() if corpus.is_published(key)]
    indexes = sorted((k for k in published if k.count("/") == 1 and k.endswith("/index.md")), key=lambda k: _order(corpus, k))
    cards = []
    for key in indexes:
        meta = corpus.merged_meta(lang, key)
        image = _section_image(corpus, lang, key, published)
        cards.append(SectionCard(
            key=key,
            url=corpus.url(lang, key),
            title=str(meta.get("title", "")),
            description=str(meta.get("description", "")),
            lang=lang if corpus.available(lang, key) else corpus.source_language,
            image=image,
            # decorative inside the card: the link is named by the title that follows
            picture=picture(image["src"], "") if image and picture else "",
        ))
    return cards


def next_events(corpus: Corpus, lang: str, today: dt.date, limit: int = EVENT_ITEMS) -> list[CalendarEntry]:
    """The first entries of the calendar page's "on or to come" list (web/calendar.py)."""
    return calendar(corpus, lang, today)[0][:limit]


def latest_news(corpus: Corpus, lang: str, limit: int = NEWS_ITEMS) -> list[NewsItem]:
    """The newest news items published in `lang`, newest first (then by key)."""
    found = []
    for key in corpus.keys():
        meta = _source_meta(corpus, key)
        day = meta.get("date")
        if meta.get("type") != "news" or not isinstance(day, dt.date) or not corpus.available(lang, key):
            continue
        found.append((day if not isinstance(day, dt.datetime) else day.date(), key))
    found.sort(key=lambda item: (-item[0].toordinal(), item[1]))
    items = []
    for day, key in found[:limit]:
        meta = corpus.merged_meta(lang, key)
        items.append(NewsItem(
            key=key,
            url=corpus.url(lang, key),
            title=str(meta.get("title", "")),
            description=str(meta.get("description", "")),
            date=locale.long_date(day, lang),
            iso_date=day.isoformat(),
        ))
    return items


def _index_of(corpus: Corpus, section: str) -> str:
    key = f"{section}/index.md"
    return key if section and corpus.is_published(key) else ""


def home_view(
    corpus: Corpus,
    lang: str,
    today: dt.date | None = None,
    variants: dict[str, ImageVariants] | None = None,
    page_url: str = "",
) -> HomeView:
    """Everything the home page shows to a reader of `lang` besides its own text. `today`
    (by default the build day, core/events.build_day) decides which events come next; with
    `variants` (made by the build) the cards get responsive pictures, with addresses relative
    to `page_url`."""
    today = today or build_day(corpus.time_zone)
    picture = None
    if variants:
        def picture(src: str, alt: str) -> str:
            found = variants.get(src)
            return picture_html(found, alt, lambda p: relative_url(p, page_url), sizes=CARD_SIZES) if found else ""
    events = next_events(corpus, lang, today)
    events_section = corpus.section_of(events[0].key) if events else ""
    news_index = _index_of(corpus, "news")
    events_index = _index_of(corpus, events_section)
    return HomeView(
        lang=lang,
        figures=fact_rows(corpus.merged_meta(lang, HOME), lang),
        sections=section_cards(corpus, lang, picture),
        events=events,
        news=latest_news(corpus, lang),
        strings=home_strings(lang),
        news_url=corpus.url(lang, news_index) if news_index else "",
        events_url=corpus.url(lang, events_index) if events_index else "",
    )
