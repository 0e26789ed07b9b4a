"""Events in the printed brochure: an event page's days and place in its fact box, and the
calendar page's list (the site generates it at build time; print needs it too, or the page
would announce a calendar that is not there). Dates in the brochure's one style per language
(print_ready.brochure_date), never the site's Babel long dates."""

from __future__ import annotations

from html import escape
from typing import Any

from quangba.core import locale
from quangba.core.corpus import Corpus
from quangba.core.events import Event, build_day
from quangba.core.facts import FactRow
from quangba.office import print_ready as press
from quangba.web.calendar import CALENDAR_KEY, calendar


def _days(start: Any, end: Any, lang: str) -> str:
    first = press.brochure_date(start, lang)
    return first if end == start else f"{first} – {press.brochure_date(end, lang)}"


def event_rows(meta: dict[str, Any], lang: str) -> list[FactRow]:
    """The days (and how often) and the place of an event page, as fact-box rows."""
    event = Event.from_meta(meta)
    if event is None:
        return []
    catalog = locale.Catalog(lang)
    days = _days(event.start, event.end, lang)
    if event.recurrence != "once":
        days += f" · {catalog.get(f'events.recurrence.{event.recurrence}')}"
    rows = [FactRow("event_days", catalog.get("events.days"), days)]
    if isinstance(meta.get("place"), str) and meta["place"]:
        rows.append(FactRow("event_place", catalog.get("events.place"), meta["place"]))
    return rows


def calendar_list_html(corpus: Corpus, lang: str, key: str) -> str:
    """The calendar page's list for print (no links: the chapters are in the brochure), or ''
    for any other page."""
    if key != CALENDAR_KEY:
        return ""
    catalog = locale.Catalog(lang)
    coming, gone = calendar(corpus, lang, build_day(corpus.time_zone))
    parts = []
    for heading, entries in ((catalog.get("events.upcoming"), coming), (catalog.get("events.past"), gone)):
        if not entries and entries is gone:
            continue
        parts.append(f"<h2>{escape(heading)}</h2>")
        if not entries:
            parts.append(f"<p>{escape(catalog.get('events.none_upcoming'))}</p>")
            continue
        items = []
        for entry in entries:
            text = " · ".join(escape(x) for x in (_days(entry.start, entry.end, lang), entry.title, entry.place) if x)
            items.append(f"<li>{text}</li>")
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts)
