"""Events as the site shows them: day ranges per language, the build day, the calendar page's
order, the iCalendar feed (read back with icalendar) and the schema.org Event (web/calendar.py,
web/ics.py, web/jsonld.py). No MkDocs: the built site's own files are tested in
tests/built_site/test_events.py."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import textwrap
from pathlib import Path

import pytest
from icalendar import Calendar
from lxml import html as lxml_html

from quangba.core.corpus import Corpus
from quangba.core.errors import QuangbaError
from quangba.core.events import build_day
from quangba.core.locale import day_range
from quangba.core.project import load_project
from quangba.web.calendar import calendar, calendar_html, event_box
from quangba.web.ics import calendar_ics, event_uid
from quangba.web.jsonld import page_graph

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
D = dt.date
ICT = dt.timezone(dt.timedelta(hours=7))
TRICKY = 'Hội, chợ; đêm \\ "rằm"\ndòng hai <b>'  # every character RFC 5545 escapes, and HTML


def _page(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def _event(root: Path, slug: str, title: str, start: str, end: str, recurrence: str, place: str, en: str | None) -> None:
    _page(root / "docs/vi/events" / f"{slug}.md", f"""
        ---
        type: event
        title: {json.dumps(title, ensure_ascii=False)}
        description: Mô tả {slug}.
        start: {start}
        end: {end}
        recurrence: {recurrence}
        place: {json.dumps(place, ensure_ascii=False)}
        sources:
          - title: Nguồn
            url: https://example.test/{slug}
        ---
        Nội dung.
        """)
    if en is not None:
        _page(root / "docs/en/events" / f"{slug}.md", f"""
            ---
            title: {json.dumps(en)}
            description: About {slug}.
            place: {json.dumps("EN " + place, ensure_ascii=False)}
            ---
            Text.
            """)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    """The mini fixture with four event pages: a lunar festival over, a one-off to come, a
    yearly event whose page's days are past (so it moves to next year), and one on today;
    the one to come is not translated into English."""
    root = tmp_path_factory.mktemp("events") / "project"
    shutil.copytree(FIXTURES / "mini", root)
    _event(root, "lunar", "Lễ hội trăng", "2026-09-25", "2026-09-26", "yearly-lunar", "Phường Minh Xuân", "Moon festival")
    _event(root, "soon", TRICKY, "2027-01-02", "2027-01-03", "once", "Xã Lũng Cú", None)
    _event(root, "yearly", "Ngày hội hằng năm", "2025-12-20", "2025-12-21", "yearly", "Xã Đồng Văn", "Yearly fair")
    _event(root, "today", "Hôm nay", "2026-12-01", "2026-12-10", "once", "Xã Chiêm Hóa", "On today")
    _page(root / "docs/vi/events/index.md", """
        ---
        type: page
        title: Sự kiện
        description: Lịch.
        sources:
          - title: Nguồn
            url: https://example.test/
        ---
        Lịch.
        """)
    return Corpus.load(load_project(root / "mkdocs.yml"))


TODAY = D(2026, 12, 4)


def test_day_ranges_are_written_as_each_language_writes_dates():
    assert day_range(D(2026, 1, 2), D(2026, 1, 3), "vi") == "2–3 tháng 1, 2026"
    assert day_range(D(2026, 1, 2), D(2026, 1, 3), "en") == "January 2–3, 2026"
    assert day_range(D(2026, 1, 2), D(2026, 1, 3), "ja") == "2026年1月2日～3日"
    assert day_range(D(2026, 1, 2), D(2026, 1, 3), "ko") == "2026년 1월 2일~3일"
    assert day_range(D(2026, 1, 2), D(2026, 1, 3), "zh").startswith("2026年1月2日")
    assert day_range(D(2025, 11, 29), D(2025, 12, 31), "en") == "November 29\u2009–\u2009December 31, 2025"
    assert day_range(D(2025, 12, 30), D(2026, 1, 2), "vi") == "30 tháng 12, 2025\u2009–\u20092 tháng 1, 2026"
    assert day_range(D(2026, 2, 24), D(2026, 2, 24), "en") == "February 24, 2026"  # one day: its long date


def test_the_build_day_can_be_fixed_for_tests_and_reproducible_builds():
    assert build_day(ICT, {"QUANGBA_TODAY": "2026-12-04"}) == D(2026, 12, 4)
    # 2026-12-03 20:00 UTC is already 4 December in Viet Nam
    epoch = str(int(dt.datetime(2026, 12, 3, 20, tzinfo=dt.timezone.utc).timestamp()))
    assert build_day(ICT, {"SOURCE_DATE_EPOCH": epoch}) == D(2026, 12, 4)
    assert build_day(ICT, {"QUANGBA_TODAY": "2026-01-01", "SOURCE_DATE_EPOCH": epoch}) == D(2026, 1, 1)
    for bad in ({"QUANGBA_TODAY": "4/12/2026"}, {"SOURCE_DATE_EPOCH": "yesterday"}):
        with pytest.raises(QuangbaError):
            build_day(ICT, bad)


def test_the_calendar_lists_what_is_on_or_to_come_soonest_first_then_the_past(corpus):
    coming, gone = calendar(corpus, "vi", TODAY)
    assert [e.key for e in coming] == ["events/today.md", "events/yearly.md", "events/soon.md"]
    assert [e.key for e in gone] == ["events/lunar.md"]
    yearly = coming[1]
    assert (yearly.start, yearly.end, yearly.projected) == (D(2026, 12, 20), D(2026, 12, 21), True)
    assert yearly.days == "20–21 tháng 12, 2026"


def test_an_untranslated_event_is_listed_from_the_original_and_marked(corpus):
    coming, _ = calendar(corpus, "en", TODAY)
    soon = next(e for e in coming if e.key == "events/soon.md")
    assert (soon.content_lang, soon.title, soon.url) == ("vi", TRICKY, "en/events/soon/")
    page = lxml_html.fromstring(calendar_html(corpus, "en", TODAY, "en/events/"))
    link = page.xpath('//li[@data-event="events/soon.md"]/a')[0]
    assert link.get("hreflang") == "vi" and link.get("lang") == "vi"
    assert link.text == TRICKY  # escaped in the HTML, whole again once parsed
    assert link.get("href") == "../../en/events/soon/"
    assert "(in Vietnamese)" in page.xpath('//li[@data-event="events/soon.md"]')[0].text_content()
    translated = page.xpath('//li[@data-event="events/today.md"]/a')[0]
    assert translated.text == "On today" and translated.get("hreflang") is None
    assert "EN Xã Chiêm Hóa" in page.xpath('//li[@data-event="events/today.md"]')[0].text_content()
    assert page.xpath('//a[@type="text/calendar"]/@href') == ["../../en/events.ics"]
    lists = page.xpath("//ul/@data-list")
    assert lists == ["upcoming", "past"]
    assert "<b>" not in calendar_html(corpus, "vi", TODAY, "events/")


def test_the_event_box_says_when_where_and_how_often(corpus):
    box = event_box(corpus, "en", "events/yearly.md", TODAY)
    assert (box.days, box.place, box.recurrence) == ("December 20–21, 2025", "EN Xã Đồng Văn", "Every year")
    assert box.status == "Coming up" and box.next_days == "Next edition: December 20–21, 2026"
    lunar = event_box(corpus, "vi", "events/lunar.md", TODAY)
    assert (lunar.recurrence, lunar.status, lunar.next_days) == ("Hằng năm, theo âm lịch", "Đã diễn ra", "")
    assert event_box(corpus, "en", "events/today.md", TODAY).status == "On now"
    assert event_box(corpus, "en", "index.md", TODAY) is None


def _ics(corpus: Corpus, lang: str, stamp: dt.datetime | None = dt.datetime(2026, 12, 4, 1, 2, 3, tzinfo=dt.timezone.utc)) -> tuple[bytes, Calendar]:
    raw = calendar_ics(corpus, lang, stamp)
    return raw, Calendar.from_ical(raw)


def test_the_icalendar_feed_reads_back_with_every_event_of_its_language(corpus):
    raw, cal = _ics(corpus, "vi")
    assert str(cal["X-WR-CALNAME"]).endswith("Lịch sự kiện")
    events = {str(e["URL"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {f"https://example.test/events/{s}/" for s in ("lunar", "soon", "yearly", "today")}
    soon = events["https://example.test/events/soon/"]
    assert str(soon["SUMMARY"]) == TRICKY  # `,;\` and the new line come back whole
    assert soon.decoded("DTSTART") == D(2027, 1, 2) and soon.decoded("DTEND") == D(2027, 1, 4)  # DTEND exclusive
    assert b"DTSTART;VALUE=DATE:20270102" in raw
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    assert 'SUMMARY:Hội\\, chợ\\; đêm \\\\ "rằm"\\ndòng hai <b>' in unfolded  # escaped on the wire (RFC 5545 3.3.11)
    assert str(soon["LOCATION"]) == "Xã Lũng Cú"
    assert soon.decoded("DTSTAMP") == dt.datetime(2026, 12, 4, 1, 2, 3, tzinfo=dt.timezone.utc)
    assert str(soon["UID"]) == event_uid(corpus, "events/soon.md")
    assert events["https://example.test/events/yearly/"]["RRULE"]["FREQ"] == ["YEARLY"]
    assert "RRULE" not in events["https://example.test/events/lunar/"]  # lunar days move: no rule
    assert "RRULE" not in soon


def test_a_language_feed_lists_only_its_own_translations(corpus):
    _, cal = _ics(corpus, "en")
    urls = sorted(str(e["URL"]) for e in cal.walk("VEVENT"))
    assert urls == [f"https://example.test/en/events/{s}/" for s in ("lunar", "today", "yearly")]
    uids_en = {str(e["UID"]) for e in cal.walk("VEVENT")}
    uids_vi = {str(e["UID"]) for e in _ics(corpus, "vi")[1].walk("VEVENT")}
    assert uids_en < uids_vi  # the same event has the same UID in every language's feed
    lunar = next(e for e in cal.walk("VEVENT") if str(e["URL"]).endswith("/lunar/"))
    assert (str(lunar["SUMMARY"]), str(lunar["LOCATION"])) == ("Moon festival", "EN Phường Minh Xuân")


def test_without_a_fixed_stamp_two_builds_write_the_same_feed(corpus):
    first, cal = _ics(corpus, "vi", None)
    assert first == _ics(corpus, "vi", None)[0]
    soon = next(e for e in cal.walk("VEVENT") if str(e["URL"]).endswith("/soon/"))
    # no `updated`/`date` on the page: its first day, at midnight in Viet Nam
    assert soon.decoded("DTSTAMP") == dt.datetime(2027, 1, 1, 17, tzinfo=dt.timezone.utc)


def test_the_feed_is_folded_at_75_octets_with_crlf(corpus):
    raw, _ = _ics(corpus, "vi")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long description was folded


def test_json_ld_describes_the_event(corpus):
    graph = page_graph(corpus, "en", "events/yearly.md")["@graph"]
    event = next(node for node in graph if node.get("@type") == "Event")
    assert (event["startDate"], event["endDate"]) == ("2025-12-20", "2025-12-21")
    assert event["location"]["@type"] == "Place" and event["location"]["name"] == "EN Xã Đồng Văn"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["organizer"]["name"] == "Tuyên Quang Provincial People's Committee"
    assert event["name"] == "Yearly fair"


def test_a_translator_gets_the_place_to_translate(corpus):
    """`place` is translated: XLIFF exports it with the title and description."""
    from quangba.translation.xliff import field_units

    units = {unit.field: unit for unit in field_units(corpus.page("vi", "events/lunar.md"))}
    assert {"title", "description", "place"} <= set(units)
    assert units["place"].pieces == ["Phường Minh Xuân"]
