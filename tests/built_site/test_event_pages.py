"""The events of the built sample site: each language's calendar page, its events.ics (read
back with icalendar, folded at 75 octets with CRLF), the event pages' box and JSON-LD."""

from __future__ import annotations

import json

import pytest
from icalendar import Calendar
from sitehtml import page_file, parse

from quangba.core.corpus import Corpus
from quangba.core.events import build_day
from quangba.core.project import load_project
from quangba.web.calendar import calendar, event_keys

LANGS = ("vi", "en", "zh", "ko", "ja")


@pytest.fixture(scope="module")
def corpus(sample_site) -> Corpus:
    return Corpus.load(load_project(sample_site.root / "mkdocs.yml"))


def _prefix(lang: str) -> str:
    return "" if lang == "vi" else f"{lang}/"


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_an_icalendar_feed_of_its_events(sample_site, corpus, lang):
    raw = (sample_site.site / _prefix(lang) / "events.ics").read_bytes()
    lines = raw.split(b"\r\n")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines), [line for line in lines if len(line) > 75]
    cal = Calendar.from_ical(raw)
    urls = {str(event["URL"]) for event in cal.walk("VEVENT")}
    expected = {corpus.absolute_url(lang, key) for key, _ in event_keys(corpus) if corpus.available(lang, key)}
    assert urls == expected and len(expected) >= 5
    for event in cal.walk("VEVENT"):
        key = next(k for k, _ in event_keys(corpus) if corpus.absolute_url(lang, k) == str(event["URL"]))
        meta = corpus.merged_meta(lang, key)
        assert str(event["SUMMARY"]) == meta["title"] and str(event["LOCATION"]) == meta["place"]
        assert event.decoded("DTEND") > event.decoded("DTSTART")


@pytest.mark.parametrize("lang", LANGS)
def test_the_calendar_page_lists_upcoming_events_first_then_past_ones(sample_site, corpus, lang):
    doc = parse(page_file(sample_site.site, f"{_prefix(lang)}events/"))
    coming, gone = calendar(corpus, lang, build_day(corpus.time_zone))
    listed = {ul.get("data-list"): [li.get("data-event") for li in ul.xpath("./li")]
              for ul in doc.xpath("//div[@class='qb-calendar']/ul")}
    assert listed.get("upcoming", []) == [entry.key for entry in coming]
    assert listed.get("past", []) == [entry.key for entry in gone]
    assert len(coming) + len(gone) >= 5
    here = page_file(sample_site.site, f"{_prefix(lang)}events/")
    ics = (sample_site.site / _prefix(lang) / "events.ics").resolve()
    feeds = doc.xpath("//head/link[@rel='alternate'][@type='text/calendar']/@href")
    links = doc.xpath("//a[@type='text/calendar']/@href")
    assert len(feeds) == len(links) == 1
    assert (here.parent / feeds[0]).resolve() == (here.parent / links[0]).resolve() == ics


@pytest.mark.parametrize("lang", LANGS)
def test_an_event_page_shows_its_days_and_place_and_says_it_is_an_event(sample_site, corpus, lang):
    key = "events/khau-vai-love-market.md"
    doc = parse(page_file(sample_site.site, corpus.url(lang, key)))
    box = doc.xpath("//aside[contains(@class,'qb-event')]")[0]
    assert corpus.merged_meta(lang, key)["place"] in box.text_content()
    assert box.xpath(".//*[@data-event='days']//dd")[0].text_content().strip()
    graph = [json.loads(s.text) for s in doc.xpath("//script[@type='application/ld+json']")][0]["@graph"]
    event = next(node for node in graph if node.get("@type") == "Event")
    assert (event["startDate"], event["endDate"]) == ("2025-04-22", "2025-04-24")
    assert event["location"]["name"] == corpus.merged_meta(lang, key)["place"]
