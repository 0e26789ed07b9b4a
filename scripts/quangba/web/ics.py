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


def calendar_ics(corpus: Corpus, lang: str, now: dt.datetime) -> bytes:
    """`lang`'s feed. `now` is the DTSTAMP (the build's time, UTC)."""
    catalog = locale.Catalog(lang)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", catalog.get("events.calendar_name", site=catalog.get("site_name")))
    cal.add("x-wr-caldesc", catalog.get("site_description"))
    stamp = now.astimezone(dt.timezone.utc).replace(microsecond=0)
    for key, event in event_keys(corpus):
        if not corpus.available(lang, key):
            continue
        meta = corpus.merged_meta(lang, key)
        entry = VEvent()
        entry.add("uid", event_uid(corpus, key))
        entry.add("dtstamp", stamp)
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
