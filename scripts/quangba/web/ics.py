"""Per-language iCalendar feeds (RFC 5545): `/events.ics`, `/en/events.ics`, …

Written with the `icalendar` library, which escapes text (`,`, `;`, `\\`, new lines), folds
lines at 75 octets and ends them with CRLF. One VEVENT per event page published in the
language (a page not translated into it is left out: a calendar entry stays in the reader's
calendar with no room for a "not translated yet" notice, and the calendar page lists it,
marked). Its days are the page's own edition as all-day dates (DTEND is the day after the last
day, as RFC 5545 counts); a `yearly` event repeats with RRULE:FREQ=YEARLY, a lunar-calendar one
does not repeat (its Gregorian days move: the next edition is a new page edit).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Calendar, Event as VEvent

from quangba.core import locale
from quangba.core.corpus import Corpus
from quangba.web.calendar import event_keys

PRODID = "-//quangba//Tuyen Quang events//EN"


def event_uid(corpus: Corpus, key: str) -> str:
    """Stable across builds and languages' feeds of the same page: a calendar app that imported
    the English feed recognises the same event in the Chinese one."""
    digest = hashlib.sha256((corpus.project.site_url + key).encode("utf-8")).hexdigest()[:24]
    host = corpus.project.site_url.split("//", 1)[-1].split("/", 1)[0] or "quangba"
    return f"{digest}@{host}"


def _stamp(corpus: Corpus, lang: str, key: str, fallback: dt.date) -> dt.datetime:
    """An event's DTSTAMP when the build does not fix one: the day its page (in `lang`) last
    changed, else its first day, at midnight in the project's zone. Never the build's clock:
    two builds of the same content write the same feed (the parallel and the ProperDocs
    builds are compared with the plain one byte for byte)."""
    day = corpus.modified(lang, key) or fallback
    return dt.datetime(day.year, day.month, day.day, tzinfo=corpus.time_zone).astimezone(dt.timezone.utc)


def calendar_ics(corpus: Corpus, lang: str, stamp: dt.datetime | None = None) -> bytes:
    """`lang`'s feed. `stamp` is every event's DTSTAMP when given (SOURCE_DATE_EPOCH);
    otherwise each event's is the day its page last changed (`_stamp`)."""
    catalog = locale.Catalog(lang)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", catalog.get("events.calendar_name", site=catalog.get("site_name")))
    cal.add("x-wr-caldesc", catalog.get("site_description"))
    for key, event in event_keys(corpus):
        if not corpus.available(lang, key):
            continue
        meta = corpus.merged_meta(lang, key)
        entry = VEvent()
        entry.add("uid", event_uid(corpus, key))
        when = stamp if stamp is not None else _stamp(corpus, lang, key, event.start)
        entry.add("dtstamp", when.astimezone(dt.timezone.utc).replace(microsecond=0))
        entry.add("dtstart", event.start)  # a date: VALUE=DATE
        entry.add("dtend", event.end + dt.timedelta(days=1))  # exclusive
        entry.add("summary", str(meta.get("title", "")))
        if isinstance(meta.get("place"), str) and meta["place"]:
            entry.add("location", meta["place"])
        if isinstance(meta.get("description"), str):
            entry.add("description", meta["description"])
        entry.add("url", corpus.absolute_url(lang, key))
        entry.add("transp", "TRANSPARENT")  # a festival does not make its visitors busy
        if event.recurrence == "yearly":
            entry.add("rrule", {"freq": "yearly"})
        cal.add_component(entry)
    return cal.to_ical()
