"""A missing translation is served honestly: a notice, noindex, and never announced."""

from __future__ import annotations

from lxml import etree
from sitehtml import head_alternates, parse, switcher_links

from quangba.core import locale

UNTRANSLATED = "en/heritage/tan-trao/index.html"


def test_fallback_page_has_a_notice_in_the_visitors_language(mini_site):
    doc = parse(mini_site.site / UNTRANSLATED)
    notice = doc.xpath("//*[contains(@class,'qb-fallback')]")
    assert len(notice) == 1
    text = " ".join(notice[0].text_content().split())
    assert "English" in text and "Vietnamese" in text
    assert locale.Catalog("en").get("fallback.title") in text
    # the interface is English, the text is marked as the Vietnamese it is
    assert doc.get("lang") == "en"
    assert doc.xpath("//article//*[@lang='vi']//h1")[0].text_content().strip() == "Khu di tích Tân Trào"


def test_fallback_page_is_noindex_with_the_original_as_canonical(mini_site):
    doc = parse(mini_site.site / UNTRANSLATED)
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert doc.xpath("//link[@rel='canonical']/@href") == ["https://example.test/heritage/tan-trao/"]


def test_fallback_is_never_announced_as_english(mini_site):
    url = "https://example.test/en/heritage/tan-trao/"
    for path in mini_site.site.rglob("*.html"):
        doc = parse(path)
        alternates = head_alternates(doc)
        assert url not in alternates.values(), path
        if "tan-trao" in str(path):
            assert "en" not in alternates, path
            for a in switcher_links(doc):
                if a.get("lang") == "en":
                    assert a.get("hreflang") is None, path
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for sitemap in mini_site.site.rglob("sitemap.xml"):
        tree = etree.parse(str(sitemap))
        assert url not in tree.xpath("//s:loc/text()", namespaces=ns)
        assert url not in tree.xpath("//x:link/@href", namespaces=ns)


def test_translated_pages_are_not_marked_as_fallback(mini_site):
    doc = parse(mini_site.site / "zh/heritage/tan-trao/index.html")
    assert not doc.xpath("//*[contains(@class,'qb-fallback')]")
    assert not doc.xpath("//meta[@name='robots']")
