"""In a real browser: the language menu leads to the same page, and nothing leaves 127.0.0.1."""

from __future__ import annotations

import time
from urllib.parse import urlsplit


def test_switch_language_from_a_deep_page(page, served_site, artifacts):
    requests, failures, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failures.append(r.url))
    page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))

    page.goto(f"{served_site}/heritage/tan-trao/")
    assert page.locator("html").get_attribute("lang") == "vi"
    # on a phone the menu sits behind the language button
    page.locator(".md-header__option .md-select button").click()
    page.locator(".md-select__link[lang='zh']").click()
    page.wait_for_url(f"{served_site}/zh/heritage/tan-trao/")
    assert page.locator("html").get_attribute("lang") == "zh"
    assert "新潮" in page.locator("article h1").inner_text()
    page.screenshot(path=str(artifacts / "tan-trao-zh.png"), full_page=False)

    page.locator(".md-header__option .md-select button").click()
    page.locator(".md-select__link[lang='ko']").click()
    page.wait_for_url(f"{served_site}/ko/heritage/tan-trao/")
    assert "탄짜오" in page.locator("article h1").inner_text()

    hosts = {urlsplit(url).hostname for url in requests if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, hosts
    assert failures == [], failures
    assert errors == [], errors


def test_home_page_renders_in_every_language(page, served_site, artifacts):
    for prefix in ("", "en/", "zh/", "ko/", "ja/"):
        page.goto(f"{served_site}/{prefix}")
        page.wait_for_load_state("networkidle")
        name = prefix.rstrip("/") or "vi"
        page.screenshot(path=str(artifacts / f"home-{name}.png"), full_page=False)
        assert page.locator("article h1").inner_text().strip()


#: The layout shifts of the page so far (the Layout Instability API, as Lighthouse's CLS).
LAYOUT_SHIFTS = """() => new Promise(resolve => {
  new PerformanceObserver(list => {
    const entries = list.getEntries().filter(e => !e.hadRecentInput);
    resolve({total: entries.reduce((sum, e) => sum + e.value, 0),
             sources: entries.flatMap(e => e.sources.map(s => s.node ? (s.node.className || s.node.nodeName) : "?"))});
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve({total: 0, sources: []}), 500);   // no entry at all: no shift
})"""


def test_home_page_suggests_the_visitors_language_without_redirecting(browser, served_site):
    """The menu names the current language; `/` offers the language the browser asks for in a
    note written in that language, never a redirect, and a dismissal is remembered."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR")
    page = context.new_page()
    try:
        assert page.evaluate("navigator.languages")[0].startswith("ko")
        # the deferred script comes late, as on a slow phone: the note must not wait for it
        page.route("**/quangba-language.js*", lambda route: (time.sleep(0.5), route.continue_()))
        page.goto(f"{served_site}/")
        assert page.url == f"{served_site}/"
        assert page.locator(".md-select > button").inner_text().strip() == "Tiếng Việt"
        note = page.locator("[data-qb-suggest-lang]:visible")
        assert note.count() == 1 and note.get_attribute("lang") == "ko"
        # shown before the first paint: it takes its place without pushing the page down
        shifts = page.evaluate(LAYOUT_SHIFTS)
        assert shifts["total"] < 0.01 and not any("md-container" in s for s in shifts["sources"]), shifts
        assert note.locator("a").get_attribute("href").rstrip("/").endswith("ko")
        note.locator("button").click()
        assert page.locator("[data-qb-suggest]").is_hidden()
        page.reload()
        assert page.locator("[data-qb-suggest-lang]:visible").count() == 0  # remembered
        page.goto(f"{served_site}/ko/")
        assert page.locator(".md-select > button").inner_text().strip() == "한국어"
    finally:
        context.close()
    context = browser.new_context(locale="vi-VN")  # asks for the page's own language: no note
    page = context.new_page()
    try:
        page.goto(f"{served_site}/")
        assert page.locator("[data-qb-suggest-lang]:visible").count() == 0
    finally:
        context.close()
