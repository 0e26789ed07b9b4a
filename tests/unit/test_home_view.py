"""The home page as a landing page (web/home.py, theme/home.html), on tests/fixtures/home:
key figures from its own facts, section cards, the next events (core/events.py) and the
latest news in the reader's language."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from projects import FIXTURES, build, copy_project
from quangba.core.corpus import Corpus
from quangba.core.project import load_project
from quangba.web.home import home_view

HOME = FIXTURES / "home"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.load(load_project(HOME / "mkdocs.yml"))


def test_figures_come_from_the_home_pages_facts_formatted_per_language(corpus):
    assert [(r.key, r.value) for r in home_view(corpus, "vi", dt.date(2025, 12, 1)).figures] == [
        ("area_km2", "13.795,5 km²"), ("population", "1.865.270")]
    assert [(r.label, r.value) for r in home_view(corpus, "en", dt.date(2025, 12, 1)).figures] == [
        ("Area", "13,795.5 km²"), ("Population", "1,865,270")]


def test_cards_are_the_sections_in_order_in_the_readers_language(corpus):
    cards = home_view(corpus, "en", dt.date(2025, 12, 1)).sections
    assert [(c.key, c.title, c.url) for c in cards] == [
        ("heritage/index.md", "Heritage <&>", "en/heritage/"),
        ("events/index.md", "Events", "en/events/"),
        ("news/index.md", "News", "en/news/"),
    ]
    # the heritage index has no illustration: its card takes its first illustrated page's
    assert cards[0].image == {"src": "assets/images/tan-trao.png", "alt": "A banyan tree by the communal house"}
    assert cards[1].image is None and cards[2].image is None


def test_next_events_soonest_first_with_days_and_place_in_the_readers_language(corpus):
    events = home_view(corpus, "en", dt.date(2025, 12, 1)).events
    # the yearly festival (5–7 Oct 2025) is over: its next edition is the same days in 2026
    assert [(e.title, e.days, e.place, e.start) for e in events] == [
        ("Cherry blossom festival", "January 2–3, 2026", "Lũng Cú commune", dt.date(2026, 1, 2)),
        ("Lantern festival", "October 5–7, 2026", "The provincial centre", dt.date(2026, 10, 5)),
    ]
    assert [e.days for e in home_view(corpus, "vi", dt.date(2025, 12, 1)).events] == [
        "2–3 tháng 1, 2026", "5–7 tháng 10, 2026"]
    # once the one-off festival is over, only the yearly one is to come
    assert [e.key for e in home_view(corpus, "en", dt.date(2026, 1, 4)).events] == ["events/lantern-festival.md"]


def test_latest_news_newest_first_three_and_only_what_the_language_publishes(corpus):
    view = home_view(corpus, "vi", dt.date(2025, 12, 1))
    assert [(n.key, n.date) for n in view.news] == [
        ("news/fourth-item.md", "3 tháng 1, 2026"),
        ("news/fifth-item.md", "25 tháng 11, 2025"),
        ("news/third-item.md", "15 tháng 10, 2025"),
    ]
    # the newest item is not translated: English readers are not told it is English news
    assert [n.title for n in home_view(corpus, "en", dt.date(2025, 12, 1)).news] == [
        "Fifth item", "Third item", "Second item"]
    assert view.news_url == "news/" and view.events_url == "events/"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_built_home_page_with_events_and_without(tmp_path, monkeypatch):
    """The real build: the template shows the next events and the news, escaped; on a day
    after every event there is no events heading at all."""
    project = copy_project(HOME, tmp_path / "project")
    monkeypatch.setenv("QUANGBA_TODAY", "2025-12-01")
    site = build(project).site
    en = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert 'id="qb-events"' in en and "Cherry blossom festival" in _text(en)
    assert "January 2–3, 2026" in en and "13,795.5 km²" in en
    assert "Heritage &lt;&amp;&gt;" in en and "Heritage <&>" not in en
    news = en[en.index('id="qb-news"'):en.index("qb-home__text")]
    assert news.index("Fifth item") < news.index("Third item") < news.index("Second item")
    assert "First item" not in news and "Tin thứ tư" not in news
    vi = (site / "index.html").read_text(encoding="utf-8")
    assert "13.795,5 km²" in vi and "Sự kiện sắp diễn ra" in vi

    (project / "docs" / "vi" / "events" / "lantern-festival.md").write_text(
        (project / "docs" / "vi" / "events" / "lantern-festival.md").read_text(encoding="utf-8")
        .replace("recurrence: yearly", "recurrence: once"), encoding="utf-8")
    monkeypatch.setenv("QUANGBA_TODAY", "2026-02-01")
    site = build(project).site
    for page in (site / "index.html", site / "en" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert "qb-events" not in html and "qb-upcoming" not in html
        assert 'id="qb-news"' in html  # the rest of the page is still there
