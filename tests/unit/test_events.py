"""The event model: which events come next, and which are over (core/events.py)."""

import datetime as dt

from quangba.core.events import Event, Occurrence, next_occurrence, past, upcoming
from quangba.core.schema import validate_source

D = dt.date


def event(start, end=None, recurrence="once"):
    return Event.from_meta({"type": "event", "start": start, "end": end or start, "recurrence": recurrence})


def test_an_edition_on_or_to_come_is_its_own():
    ev = event(D(2026, 1, 2), D(2026, 1, 3))
    assert next_occurrence(ev, D(2025, 12, 1)) == Occurrence(D(2026, 1, 2), D(2026, 1, 3))
    assert next_occurrence(ev, D(2026, 1, 3)) == Occurrence(D(2026, 1, 2), D(2026, 1, 3))  # last day still on


def test_a_past_once_or_lunar_event_has_no_next_edition():
    assert next_occurrence(event(D(2026, 1, 2), D(2026, 1, 3)), D(2026, 1, 4)) is None
    # Lunar-calendar festivals move: the page's days say nothing of next year's.
    assert next_occurrence(event(D(2026, 9, 24), D(2026, 9, 26), "yearly-lunar"), D(2026, 10, 1)) is None


def test_a_yearly_event_moves_to_its_next_year():
    ev = event(D(2025, 8, 16), D(2025, 8, 17), "yearly")
    assert next_occurrence(ev, D(2026, 3, 1)) == Occurrence(D(2026, 8, 16), D(2026, 8, 17), projected=True)
    assert next_occurrence(ev, D(2026, 8, 18)) == Occurrence(D(2027, 8, 16), D(2027, 8, 17), projected=True)
    leap = event(D(2024, 2, 29), recurrence="yearly")
    assert next_occurrence(leap, D(2025, 1, 1)).start == D(2025, 2, 28)


def test_upcoming_soonest_first_and_past_most_recent_first():
    events = [
        ("b", event(D(2026, 5, 1))),
        ("a", event(D(2026, 2, 1), D(2026, 2, 3))),
        ("old", event(D(2025, 1, 1))),
        ("older", event(D(2024, 1, 1))),
        ("y", event(D(2020, 3, 1), recurrence="yearly")),
    ]
    today = D(2026, 1, 15)
    assert [key for key, _ in upcoming(events, today)] == ["a", "y", "b"]
    assert [key for key, _ in upcoming(events, today, limit=1)] == ["a"]
    assert [key for key, _ in past(events, today)] == ["old", "older"]


def test_not_an_event_or_bad_days_give_none():
    assert Event.from_meta({"type": "news", "start": D(2026, 1, 1)}) is None
    assert Event.from_meta({"type": "event", "start": "tomorrow"}) is None
    assert Event.from_meta({"type": "event", "start": D(2026, 1, 2), "end": D(2026, 1, 1)}) is None


def test_schema_requires_event_fields_and_orders_the_days():
    meta = {"type": "event", "title": "T", "description": "D", "sources": [{"title": "s", "url": "https://x"}]}
    missing = {p.key for p in validate_source(meta) if p.code == "SYN003"}
    assert missing == {"start", "place", "recurrence"}
    meta.update(start=D(2026, 1, 3), end=D(2026, 1, 2), place="Lũng Cú", recurrence="once")
    assert [(p.key, p.code) for p in validate_source(meta)] == [("end", "SYN004")]
    meta["recurrence"] = "monthly"
    assert ("recurrence", "SYN004") in [(p.key, p.code) for p in validate_source(meta)]
