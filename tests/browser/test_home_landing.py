"""The home page as a landing page, in a real browser, in every language, at 390 px (a phone)
and 1280 px (a desktop): nothing scrolls sideways, the section cards are one column on the
phone and two or more on the desktop, the key figures are written as the page's language
writes numbers, every target is 24 px or spaced (WCAG 2.5.8), and every link of the page
leads to a page of the built site (200)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin, urlsplit

from test_phone_layout import OVERFLOW, TARGETS

from quangba.core import locale

LANGS = ("vi", "en", "zh", "ko", "ja")
WIDTHS = (390, 1280)

LAYOUT = """
() => {
  const cards = [...document.querySelectorAll("article .qb-card")].map(c => c.getBoundingClientRect());
  const columns = new Set(cards.map(r => Math.round(r.left))).size;
  const figures = [...document.querySelectorAll("article .qb-figure")].map(f => [f.dataset.fact, f.querySelector("dd").textContent.trim()]);
  const links = [...document.querySelectorAll("article a[href]")].map(a => a.href);
  return {cards: cards.length, columns, figures, lang: document.documentElement.lang, links};
}
"""


def _expected_figures(lang: str) -> list[list[str]]:
    catalog = locale.Catalog(lang)
    return [["area_km2", catalog.get("units.km2", value=locale.number(13795.5, lang))],
            ["population", locale.number(1865270, lang)],
            ["established", locale.long_date(dt.date(2025, 7, 1), lang)]]


def test_home_page_is_a_landing_page_on_a_phone_and_a_desktop(browser, served_site):
    problems: list[str] = []
    checked: set[str] = set()
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      is_mobile=width < 500, has_touch=width < 500)
        page = context.new_page()
        try:
            for lang in LANGS:
                path = "/" if lang == "vi" else f"/{lang}/"
                page.goto(served_site + path, wait_until="load")
                where = f"{path} at {width} px"
                overflow = page.evaluate(OVERFLOW)
                if overflow["scroll"] > 0:
                    problems.append(f"{where} scrolls sideways by {overflow['scroll']} px: {overflow['wide']}")
                layout = page.evaluate(LAYOUT)
                if layout["lang"] != lang:
                    problems.append(f"{where}: <html lang={layout['lang']}>")
                if layout["cards"] < 4:
                    problems.append(f"{where}: {layout['cards']} section cards")
                if width < 500 and layout["columns"] != 1:
                    problems.append(f"{where}: cards in {layout['columns']} columns on a phone")
                if width >= 1280 and layout["columns"] < 2:
                    problems.append(f"{where}: cards in one column on a desktop")
                if layout["figures"] != _expected_figures(lang):
                    problems.append(f"{where}: figures {layout['figures']}, expected {_expected_figures(lang)}")
                problems += [f"{where}: target under 24 × 24 px without spacing: {b}" for b in page.evaluate(TARGETS, "article")["bad"]]
                for link in layout["links"]:
                    parts = urlsplit(link)
                    if parts.netloc == urlsplit(served_site).netloc:
                        checked.add(urljoin(link, parts.path))
            for link in sorted(checked):
                status = page.request.get(link).status
                if status != 200:
                    problems.append(f"{link}: HTTP {status}")
        finally:
            context.close()
    assert len(checked) >= 5 * 5, sorted(checked)  # cards and news of five languages
    assert not problems, "\n".join(problems[:40])
