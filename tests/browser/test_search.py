"""In a real browser: the header search box finds pages with Pagefind, in the visitor's language.

The sample site is built once (`sample_site`); if that build has no search index yet, a copy of
it is indexed here with `quangba.web.search.index_site`. Every test also checks that no request
leaves 127.0.0.1, that none fails and that the console stays free of errors.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from quangba.core.errors import QuangbaError
from quangba.web.search import index_site

LANGS = ("vi", "en", "zh", "ko", "ja")
PREFIX = {lang: "" if lang == "vi" else f"{lang}/" for lang in LANGS}
MOBILE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="session")
def search_site(sample_site, tmp_path_factory):
    """The built sample site with its Pagefind index (indexed here if the build did not)."""
    site = sample_site.site
    if not (site / "pagefind" / "pagefind-entry.json").is_file():
        copy = tmp_path_factory.mktemp("search") / "site"
        shutil.copytree(site, copy)
        index_site(copy)
        site = copy
    return site


@pytest.fixture(scope="session")
def search_url(search_site):
    handler = functools.partial(_QuietHandler, directory=str(search_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class Watch:
    """What the page asked for, what failed and what it logged as an error."""

    def __init__(self, page):
        self.requests: list[str] = []
        self.failures: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        # A request the browser itself cancels because the page moved on (net::ERR_ABORTED,
        # e.g. the favicon of a page left at once) is no failure of the site.
        page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and self.failures.append(f"{r.failure} {r.url}"))
        page.on("response", lambda r: r.status >= 400 and self.failures.append(f"{r.status} {r.url}"))
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def assert_clean(self):
        hosts = {urlsplit(url).hostname for url in self.requests if not url.startswith(("data:", "blob:"))}
        assert hosts == {"127.0.0.1"}, hosts
        assert self.failures == [], self.failures
        assert self.errors == [], self.errors


def _context(browser, viewport):
    return browser.new_context(viewport=viewport, device_scale_factor=1)


@pytest.fixture
def phone(browser):
    context = _context(browser, MOBILE)
    tab = context.new_page()
    watch = Watch(tab)
    yield tab
    context.close()
    watch.assert_clean()


@pytest.fixture
def desktop(browser):
    context = _context(browser, DESKTOP)
    tab = context.new_page()
    watch = Watch(tab)
    yield tab
    context.close()
    watch.assert_clean()


def open_search(page):
    """Open the header search the way a visitor does: the magnifier on a phone, the box on a desktop."""
    if page.viewport_size["width"] < 960:
        page.locator("header label.md-header__button[for='__search']").click()
    else:
        page.locator(".md-search__input").click()
    expect(page.locator("#__search")).to_be_checked()
    expect(page.locator(".md-search__input")).to_be_focused()


def type_query(page, query: str):
    page.locator(".md-search__input").press_sequentially(query, delay=20)


def result_links(page) -> list[str]:
    """The page links of the results (not their sections), as paths."""
    hrefs = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "els => els.map(a => a.getAttribute('href'))")
    return [unquote(h) for h in hrefs]


def search(page, base: str, lang: str, query: str) -> list[str]:
    page.goto(f"{base}/{PREFIX[lang]}")
    assert page.locator("html").get_attribute("lang") == lang
    open_search(page)
    type_query(page, query)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    return result_links(page)


def assert_in_language(lang: str, links: list[str]):
    others = tuple(f"/{other}/" for other in LANGS if other not in ("vi", lang))
    for link in links:
        if lang == "vi":
            assert not link.startswith(others), link
        else:
            assert link.startswith(f"/{lang}/"), link


CASES = [
    ("vi", "Kim Bình", "heritage/kim-binh/", "Kim Bình"),
    ("vi", "thắng cảnh", "heritage/na-hang-lam-binh/", "Na Hang"),
    ("vi", "tan trao", "heritage/tan-trao/", "Tân Trào"),        # without diacritics
    ("en", "geopark", "heritage/dong-van-karst-plateau-geopark/", "Geopark"),
    ("zh", "遗迹", "heritage/kim-binh/", "金平"),                 # inside 特殊历史遗迹区
    ("ja", "ジオパーク", "heritage/dong-van-karst-plateau-geopark/", "ジオパーク"),
    ("ko", "유적", "heritage/kim-binh/", "김빈"),
]


@pytest.mark.parametrize(("lang", "query", "target", "title"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_header_search_finds_the_page(phone, search_url, lang, query, target, title):
    links = search(phone, search_url, lang, query)
    expected = f"/{PREFIX[lang]}{target}"
    assert expected in links, links
    assert_in_language(lang, links)
    phone.locator(f".md-search-result__item > a.md-search-result__link[href='{expected}']").click()
    phone.wait_for_url(f"{search_url}{expected}")
    assert phone.locator("html").get_attribute("lang") == lang
    assert title in phone.locator("article h1").inner_text()
    expect(phone.locator("#__search")).not_to_be_checked()


def test_results_stay_in_the_visitors_language(phone, search_url):
    # "Kim Bình" is written in every language's pages; each language finds only its own.
    for lang in LANGS:
        links = search(phone, search_url, lang, "Kim Bình")
        assert links, lang
        assert_in_language(lang, links)
    # a Chinese word is not found from the English site, though Chinese pages have it
    phone.goto(f"{search_url}/en/")
    open_search(phone)
    type_query(phone, "遗迹")
    expect(phone.locator(".md-search-result__meta")).to_have_text("No matching documents")
    assert phone.locator(".md-search-result__item").count() == 0


def test_sections_of_a_page_are_results_too(desktop, search_url):
    desktop.goto(f"{search_url}/en/")
    open_search(desktop)
    type_query(desktop, "geopark")
    expect(desktop.locator(".md-search-result__item").first).to_be_visible()
    sections = desktop.locator(".md-search-result__item a.md-search-result__link h2")
    assert sections.count() >= 1
    # the hits are marked in the excerpts
    assert desktop.locator(".md-search-result__item mark").count() >= 1
    assert "¶" not in desktop.locator(".md-search-result").inner_text()


def test_keyboard_drives_the_search(desktop, search_url):
    page = desktop
    page.goto(f"{search_url}/ja/")
    page.keyboard.press("/")                         # Material's shortcut focuses the box
    expect(page.locator(".md-search__input")).to_be_focused()
    expect(page.locator("#__search")).to_be_checked()
    type_query(page, "ジオパーク")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.keyboard.press("ArrowDown")                 # into the results
    first = page.locator(".md-search-result__link").first
    expect(first).to_be_focused()
    page.keyboard.press("ArrowUp")                   # back to the box
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.press("Escape")                    # closes
    expect(page.locator("#__search")).not_to_be_checked()
    expect(page.locator(".md-search__input")).not_to_be_focused()
    page.locator(".md-search__input").focus()        # focus opens it again, results kept
    expect(page.locator("#__search")).to_be_checked()
    page.keyboard.press("Enter")                     # Enter goes to the best result
    page.wait_for_url(f"{search_url}/ja/heritage/dong-van-karst-plateau-geopark/")
    assert "ジオパーク" in page.locator("article h1").inner_text()


def test_search_box_opens_and_closes_on_a_phone(phone, search_url):
    phone.goto(f"{search_url}/ko/")
    open_search(phone)
    expect(phone.locator(".md-search__inner")).to_be_visible()
    type_query(phone, "유적")
    expect(phone.locator(".md-search-result__item").first).to_be_visible()
    phone.locator(".md-search__form button[type='reset']").click()
    expect(phone.locator(".md-search__input")).to_have_value("")
    expect(phone.locator(".md-search-result__item")).to_have_count(0)
    expect(phone.locator(".md-search__input")).to_be_focused()
    phone.locator(".md-search__form label[for='__search']").click()   # the back arrow
    expect(phone.locator("#__search")).not_to_be_checked()


def test_link_with_a_query_opens_the_results(phone, search_url):
    phone.goto(f"{search_url}/?q=tan+trao")
    expect(phone.locator("#__search")).to_be_checked()
    expect(phone.locator(".md-search-result__item").first).to_be_visible()
    assert "/heritage/tan-trao/" in result_links(phone)


def test_index_has_each_language_and_leaves_fallbacks_out(mini_site, tmp_path):
    """The mini fixture leaves heritage/tan-trao untranslated in English: the page served from
    the Vietnamese original under /en/ is not indexed, and the 404s are not either."""
    site = tmp_path / "site"
    shutil.copytree(mini_site.site, site)
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    report = index_site(site)
    assert report.languages == {"en": 2, "ja": 3, "ko": 3, "vi": 3, "zh": 3}
    assert report.seconds > 0
    assert (site / "pagefind" / "pagefind.js").is_file()
    for lang in LANGS:
        assert list((site / "pagefind").glob(f"pagefind.{lang}_*.pf_meta")), lang


def test_index_failure_is_reported(tmp_path):
    with pytest.raises(QuangbaError, match="Pagefind"):
        index_site(tmp_path)               # no HTML at all
    with pytest.raises(QuangbaError):
        index_site(tmp_path / "missing")


def test_latin_terms_are_found_on_every_site(phone, search_url):
    # Results follow the typing (U, UN, …): wait for those of the whole query.
    def results_include(path):
        expect(phone.locator(f".md-search-result__item > a.md-search-result__link[href='{path}']")).to_have_count(1)

    # The Chinese, Korean and Japanese pages write UNESCO in their own script; OCOP as is.
    for lang in ("zh", "ko", "ja"):
        search(phone, search_url, lang, "UNESCO")
        results_include(f"/{lang}/heritage/dong-van-karst-plateau-geopark/")
        assert_in_language(lang, result_links(phone))
    search(phone, search_url, "ko", "OCOP")
    results_include("/ko/products/")
    # Index names stay in Latin letters in every language (PCI, PAR INDEX, PAPI, SIPAS).
    for lang in LANGS:
        search(phone, search_url, lang, "PCI")
        results_include(f"/{PREFIX[lang]}investment/indices/")
        assert_in_language(lang, result_links(phone))


def ranked(page, base: str, lang: str, query: str) -> list[str]:
    """The result links of `query` typed at once (one input event, so one search: the order
    seen is the order of the whole query's results, not of a prefix typed on the way)."""
    page.goto(f"{base}/{PREFIX[lang]}")
    open_search(page)
    page.locator(".md-search__input").fill(query)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    links = result_links(page)
    assert_in_language(lang, links)
    return links


def test_an_exact_word_ranks_above_a_longer_one(phone, search_url):
    """Pagefind reads the last word of a query as a prefix: "trà" also matches Trào, which
    Tân Trào says eight times, while the tea pages say chè and never trà. The glossary's
    synonyms index the tea pages under trà too, and the search puts the pages that have the
    word as typed first, then those that have it without its diacritics (kiểm "tra"), then
    those with only a longer word."""
    links = ranked(phone, search_url, "vi", "trà")
    tea, products, how_to_invest = (links.index(p) for p in (
        "/products/na-hang-shan-tuyet-tea/", "/products/", "/investment/how-to-invest/"))
    # Tân Trào, with only the longer word, comes after them, or below the first screen of results
    tan_trao = links.index("/heritage/tan-trao/") if "/heritage/tan-trao/" in links else len(links)
    assert tea == 0 and products < how_to_invest < tan_trao, links
    # the tea pages say chè: still first for it
    assert ranked(phone, search_url, "vi", "chè")[0] in ("/products/na-hang-shan-tuyet-tea/", "/products/ha-giang-shan-tuyet-tea/")
    # "đá" (stone) is the karst plateau's word; Tân Trào and Kim Bình only have longer words (đánh, đại)
    links = ranked(phone, search_url, "vi", "đá")
    assert links[0] == "/heritage/dong-van-karst-plateau-geopark/", links
    # English: the geopark has "part"; Kim Bình only "Party", which Pagefind ranked first
    links = ranked(phone, search_url, "en", "part")
    assert links.index("/en/heritage/dong-van-karst-plateau-geopark/") < links.index("/en/heritage/kim-binh/"), links
