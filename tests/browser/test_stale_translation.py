"""Vietnamese first, end to end: the office changes Vietnamese pages and a translation is not
there yet; the build goes ahead, counts the backlog per language, and readers are told the
truth in their own language (a stale notice with the date and a link to the original, or,
where the section says so, the original with the fallback notice). One build, one browser."""

from __future__ import annotations

import functools
import http.server
import threading

from projects import run_quangba
from sitehtml import parse

from quangba.core import locale


def _vietnamese_first_project(project) -> None:
    home = project / "docs/vi/index.md"
    home.write_text(home.read_text(encoding="utf-8")
                    .replace("order: 0\n", "order: 0\ndate: 2026-11-01\nupdated: 2026-11-30\n")
                    .replace("Đoạn văn thứ hai.", "Đoạn văn thứ hai, đã sửa."), encoding="utf-8")
    relic = project / "docs/vi/heritage/tan-trao.md"
    relic.write_text(relic.read_text(encoding="utf-8").replace("Đoạn văn.", "Đoạn văn đã sửa."), encoding="utf-8")
    (project / "docs/ja/heritage/tan-trao.md").unlink()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - quangba:\n", "  - quangba:\n      stale_translations: {\"*\": notice, heritage: fallback}\n"), encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


def _serve(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_backlog_builds_and_readers_are_told_the_truth(mini_project, browser):
    _vietnamese_first_project(mini_project)
    result = run_quangba(mini_project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    for expected in ("en: 1 stale", "zh: 2 stale", "ko: 2 stale", "ja: 1 missing, 1 stale"):
        assert expected in lines, result.stdout
    assert "FRS002" not in result.stdout and "COV001" not in result.stdout  # counted, not listed
    site = mini_project / "site"

    # feeds and sitemaps: a stale translation's date is its own (here: the source's first
    # `date`, as the project has no git history), never the day its source was updated
    sitemap = (site / "en/sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.test/en/</loc>\n    <lastmod>2026-11-01</lastmod>" in sitemap
    assert "<loc>https://example.test/</loc>\n    <lastmod>2026-11-30</lastmod>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    # under `fallback`, a stale heritage translation is not announced at all
    assert "heritage/tan-trao" not in (site / "zh/sitemap.xml").read_text(encoding="utf-8")
    assert not parse(site / "heritage/tan-trao/index.html").xpath("//head/link[@hreflang='zh']")

    server = _serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        for lang, date in (("en", "November 30, 2026"), ("ko", "2026년 11월 30일")):
            tab.goto(f"{base}/{lang}/")
            notice = tab.locator(".qb-stale")
            assert notice.is_visible(), lang
            text = notice.inner_text()
            assert locale.Catalog(lang).get("stale.title") in text and date in text, text
            assert tab.locator(".qb-fallback").count() == 0
            assert tab.locator("html").get_attribute("lang") == lang
        link = tab.locator(".qb-stale a")
        assert link.get_attribute("hreflang") == "vi"
        link.click()
        tab.wait_for_url(f"{base}/")
        assert tab.locator("html").get_attribute("lang") == "vi" and tab.locator(".qb-stale").count() == 0

        # fallback policy: the original, in Vietnamese, with the fallback notice in Chinese
        tab.goto(f"{base}/zh/heritage/tan-trao/")
        assert tab.locator(".qb-fallback").is_visible() and tab.locator(".qb-stale").count() == 0
        assert locale.Catalog("zh").get("fallback.title") in tab.locator(".qb-fallback").inner_text()
        assert tab.locator("article [lang='vi'] h1").inner_text().strip() == "Khu di tích Tân Trào"
        # a missing translation: the same fallback notice, in Japanese
        tab.goto(f"{base}/ja/heritage/tan-trao/")
        assert locale.Catalog("ja").get("fallback.title") in tab.locator(".qb-fallback").inner_text()
        # a current translation carries no notice
        tab.goto(f"{base}/en/heritage/")
        assert tab.locator(".qb-stale, .qb-fallback").count() == 0
    finally:
        context.close()
        server.shutdown()
