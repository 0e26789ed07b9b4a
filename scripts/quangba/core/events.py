"""Events: the days a festival or an event takes place, and which come next.

An event page (`type: event`) gives the days of the edition it describes (`start`, `end`),
whether it comes back (`recurrence`: once, yearly, yearly-lunar) and where (`place`,
translated). The calendar page, the iCalendar feeds and the home page all ask this module
which events come next, so they agree.

A yearly event on the same Gregorian days is projected to its next year when this year's
days are past. A lunar-calendar festival moves in the Gregorian calendar and its next days
are whatever the organisers announce: it is never projected; once its edition is over it is
listed with the past events until the page gives the next edition's days.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Iterable, TypeVar

from quangba.core.errors import QuangbaError
from quangba.core.messages import T_

K = TypeVar("K")

# "Today" for the calendar, the iCalendar feeds and the home page is the build's day in the
# project's time zone. A build can fix it: QUANGBA_TODAY=YYYY-MM-DD (tests, a rebuild of a
# past day), else SOURCE_DATE_EPOCH (reproducible builds: the same input, the same site).
TODAY_ENV = "QUANGBA_TODAY"
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def build_day(zone: dt.tzinfo, environ: Mapping[str, str] | None = None) -> dt.date:
    """The day the calendar counts from: QUANGBA_TODAY, else SOURCE_DATE_EPOCH, else now
    (in `zone`, the project's `time_zone`)."""
    env = os.environ if environ is None else environ
    fixed = env.get(TODAY_ENV, "").strip()
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError as exc:
            raise QuangbaError(T_("{name}={value!r} is not a date (write YYYY-MM-DD)", name=TODAY_ENV, value=fixed)) from exc
    epoch = env.get(SOURCE_DATE_EPOCH, "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), zone).date()
        except (ValueError, OverflowError, OSError) as exc:
            raise QuangbaError(T_("{name}={value!r} is not a number of seconds since 1970", name=SOURCE_DATE_EPOCH, value=epoch)) from exc
    return dt.datetime.now(zone).date()


@dataclass(frozen=True)
class Event:
    """The days of an event page's edition, read from its (source) front matter."""

    start: dt.date
    end: dt.date
    recurrence: str  # once | yearly | yearly-lunar

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> "Event | None":
        """The event a source page describes; None when it is not a valid event page
        (the schema check reports why)."""
        start, end = meta.get("start"), meta.get("end", meta.get("start"))
        if meta.get("type") != "event" or not _is_day(start) or not _is_day(end) or end < start:
            return None
        recurrence = meta.get("recurrence", "once")
        return cls(start, end, recurrence if recurrence in ("once", "yearly", "yearly-lunar") else "once")


@dataclass(frozen=True)
class Occurrence:
    """One edition of an event: its days, and whether they are the page's own (`projected`
    is False) or the same days in a later year."""

    start: dt.date
    end: dt.date
    projected: bool = False


def _is_day(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _same_days_in(year: int, event: Event) -> Occurrence:
    """The event's days moved to `year` (29 February becomes 28 February in a common year)."""
    def move(day: dt.date, to_year: int) -> dt.date:
        try:
            return day.replace(year=to_year)
        except ValueError:
            return day.replace(year=to_year, day=28)
    length = event.end - event.start
    start = move(event.start, year)
    return Occurrence(start, start + length, projected=year != event.start.year)


def next_occurrence(event: Event, today: dt.date) -> Occurrence | None:
    """The edition that is on or comes next on `today`; None when the page's edition is over
    and the next one's days cannot be known from the page."""
    own = Occurrence(event.start, event.end)
    if event.end >= today:
        return own
    if event.recurrence != "yearly":
        return None
    for year in (today.year, today.year + 1):
        occurrence = _same_days_in(year, event)
        if occurrence.end >= today and occurrence.start > event.start:
            return occurrence
    return None


def upcoming(events: Iterable[tuple[K, Event]], today: dt.date, limit: int | None = None) -> list[tuple[K, Occurrence]]:
    """The events that are on or to come, soonest first (then by key, so the order is stable)."""
    found = [(key, occ) for key, event in events if (occ := next_occurrence(event, today)) is not None]
    found.sort(key=lambda item: (item[1].start, item[1].end, str(item[0])))
    return found[:limit] if limit is not None else found


def past(events: Iterable[tuple[K, Event]], today: dt.date) -> list[tuple[K, Event]]:
    """The events whose edition is over and has no known next one, most recent first."""
    gone = [(key, event) for key, event in events if next_occurrence(event, today) is None]
    gone.sort(key=lambda item: (item[1].start, str(item[0])), reverse=True)
    return gone
