"""What the site shows of events: the box on an event page and the calendar page's list.

Both read core/events.py (which edition comes next), so the event page, the calendar page,
the iCalendar feeds (web/ics.py) and the home page agree. Every text field is escaped here,
where the HTML is made.

A language's calendar lists every published event. An event page not translated into that
language yet is listed with its original title and marked with the original's language
(`lang` and `hreflang` on the link), as the page it leads to is the original with the
fallback notice; the iCalendar feed of that language leaves it out (web/ics.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from quangba.core import locale
from quangba.core.corpus import Corpus
from quangba.core.events import Event, Occurrence, next_occurrence, past, upcoming

CALENDAR_KEY = "events/index.md"  # the section page the generated list is added to
ICS_FILE = "events.ics"  # one per language, at the language's root


@dataclass(frozen=True)
class EventBox:
    """The days, place and recurrence of an event page, written for one language."""

    title: str  # the box's heading ("When and where")
    days_label: str
    days: str  # the page's edition, formatted for the language
    place_label: str
    place: str
    recurrence: str  # "Every year", "Every year, by the lunar calendar", or ""
    status: str  # "Coming up" / "On now" / "Over" (on the build day), or ""
    next_days: str = ""  # a yearly event's next edition when the page's is over


@dataclass(frozen=True)
class CalendarEntry:
    key: str
    title: str
    url: str  # site-relative path of the page in the reader's language (or its fallback)
    days: str
    place: str
    recurrence: str
    start: dt.date
    end: dt.date
    content_lang: str  # the language the page (and title) is written in
    projected: bool = False  # the days are a yearly event's next edition, not the page's own


def event_keys(corpus: Corpus) -> list[tuple[str, Event]]:
    """Every published event page, with its days (from the source's front matter)."""
    found = []
    for key in corpus.keys():
        source = corpus.page(corpus.source_language, key)
        if source is None or not corpus.is_published(key):
            continue
        event = Event.from_meta(source.meta)
        if event is not None:
            found.append((key, event))
    return found


def _recurrence(event: Event, catalog: locale.Catalog) -> str:
    return catalog.get(f"events.recurrence.{event.recurrence}") if event.recurrence != "once" else ""


def _place(corpus: Corpus, lang: str, key: str) -> str:
    place = corpus.merged_meta(lang, key).get("place")
    return str(place) if isinstance(place, str) else ""


def event_box(corpus: Corpus, lang: str, key: str, today: dt.date) -> EventBox | None:
    """The box an event page shows in `lang`; None for any other page."""
    source = corpus.page(corpus.source_language, key)
    event = Event.from_meta(source.meta) if source is not None else None
    if event is None:
        return None
    catalog = locale.Catalog(lang)
    occurrence = next_occurrence(event, today)
    if occurrence is None:
        status = catalog.get("events.status.past")
    elif occurrence.start <= today:
        status = catalog.get("events.status.now")
    else:
        status = catalog.get("events.status.upcoming")
    next_days = ""
    if occurrence is not None and occurrence.projected:
        next_days = catalog.get("events.next", days=locale.day_range(occurrence.start, occurrence.end, lang))
    return EventBox(
        title=catalog.get("events.box_title"),
        days_label=catalog.get("events.days"),
        days=locale.day_range(event.start, event.end, lang),
        place_label=catalog.get("events.place"),
        place=_place(corpus, lang, key),
        recurrence=_recurrence(event, catalog),
        status=status,
        next_days=next_days,
    )


def _entry(corpus: Corpus, lang: str, key: str, event: Event, occurrence: Occurrence, catalog: locale.Catalog) -> CalendarEntry:
    content_lang = lang if corpus.available(lang, key) else corpus.source_language
    title = corpus.merged_meta(lang, key).get("title")
    return CalendarEntry(
        key=key,
        title=str(title) if title else key,
        url=corpus.url(lang, key),
        days=locale.day_range(occurrence.start, occurrence.end, lang),
        place=_place(corpus, lang, key),
        recurrence=_recurrence(event, catalog),
        start=occurrence.start,
        end=occurrence.end,
        content_lang=content_lang,
        projected=occurrence.projected,
    )


def calendar(corpus: Corpus, lang: str, today: dt.date) -> tuple[list[CalendarEntry], list[CalendarEntry]]:
    """The calendar page's two lists in `lang`: what is on or to come (soonest first), then
    the past editions (most recent first)."""
    catalog = locale.Catalog(lang)
    events = event_keys(corpus)
    by_key = dict(events)
    coming = [_entry(corpus, lang, key, by_key[key], occ, catalog) for key, occ in upcoming(events, today)]
    gone = [_entry(corpus, lang, key, event, Occurrence(event.start, event.end), catalog) for key, event in past(events, today)]
    return coming, gone


def _relative(target: str, page_url: str) -> str:
    """`target` (site-relative) as a link from the page at `page_url` (site-relative,
    directory URLs), as MkDocs writes links."""
    depth = len([part for part in page_url.split("/")[:-1]]) if page_url else 0
    return "../" * depth + target if target else ("../" * depth or "./")


def calendar_html(corpus: Corpus, lang: str, today: dt.date, page_url: str) -> str:
    """The generated part of the calendar page: both lists and the link to the language's
    iCalendar feed. `page_url` is the calendar page's own site-relative URL."""
    catalog = locale.Catalog(lang)
    coming, gone = calendar(corpus, lang, today)
    source_name = locale.language_name_in(corpus.source_language, lang)

    def items(entries: list[CalendarEntry]) -> str:
        rows = []
        for entry in entries:
            attrs = ""
            mark = ""
            if entry.content_lang != lang:
                attrs = f' lang="{escape(entry.content_lang)}" hreflang="{escape(entry.content_lang)}"'
                mark = f' <span class="qb-calendar__lang">({escape(catalog.get("events.in_language", language=source_name))})</span>'
            details = [f'<span class="qb-calendar__days">{escape(entry.days)}</span>']
            if entry.place:
                details.append(f'<span class="qb-calendar__place">{escape(entry.place)}</span>')
            if entry.recurrence:
                details.append(f'<span class="qb-calendar__recurrence">{escape(entry.recurrence)}</span>')
            start = f'<time datetime="{entry.start.isoformat()}">'
            rows.append(
                f'<li class="qb-calendar__event" data-event="{escape(entry.key)}">'
                f'{start}{details[0]}</time> '
                f'<a href="{escape(_relative(entry.url, page_url))}"{attrs}>{escape(entry.title)}</a>{mark}'
                + ("".join(f" · {d}" for d in details[1:]))
                + "</li>"
            )
        return "\n".join(rows)

    ics = _relative(corpus.url(lang, "index.md") + ICS_FILE, page_url)
    parts = ['<div class="qb-calendar">']
    parts.append(f'<h2 id="qb-upcoming">{escape(catalog.get("events.upcoming"))}</h2>')
    if coming:
        parts.append(f'<ul class="qb-calendar__list" data-list="upcoming">\n{items(coming)}\n</ul>')
    else:
        parts.append(f'<p class="qb-calendar__empty">{escape(catalog.get("events.none_upcoming"))}</p>')
    if gone:
        parts.append(f'<h2 id="qb-past">{escape(catalog.get("events.past"))}</h2>')
        parts.append(f'<ul class="qb-calendar__list" data-list="past">\n{items(gone)}\n</ul>')
    parts.append(
        f'<p class="qb-calendar__subscribe"><a href="{escape(ics)}" type="text/calendar" download>'
        f'{escape(catalog.get("events.subscribe"))}</a></p>'
    )
    parts.append("</div>")
    return "\n".join(parts)

