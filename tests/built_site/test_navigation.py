"""Navigation stays whole: a page not translated yet sits in its own section (with that
language's section label), and the footer's previous/next follow `order:` as the
navigation does."""

from __future__ import annotations

import posixpath

from sitehtml import page_file, parse


def _top_level(doc) -> list[str]:
    items = doc.xpath("//nav[contains(@class,'md-nav--primary')]/ul/li")
    return [" ".join(li.xpath("string(./*[contains(@class,'md-nav__link')])").split()) for li in items]


def test_an_untranslated_page_sits_in_its_own_section(mini_site):
    # en/heritage/tan-trao is served from the Vietnamese original: one "Heritage" section,
    # holding the section's index and that page
    for url in ("en/", "en/heritage/", "en/heritage/tan-trao/"):
        doc = parse(page_file(mini_site.site, url))
        assert _top_level(doc) == ["Mini home", "Heritage"], (url, _top_level(doc))
    doc = parse(page_file(mini_site.site, "en/heritage/"))
    section = doc.xpath("//nav[contains(@class,'md-nav--primary')]/ul/li[2]")[0]
    assert section.xpath(".//a[contains(@href,'tan-trao')]"), "the untranslated page is in the section"


def _resolve(url: str, href: str) -> str:
    """A link's target as a site-relative directory URL (`en/heritage/`, `` for the root)."""
    path = posixpath.normpath(posixpath.join(url, href))
    return "" if path == "." else path + "/"


def test_previous_and_next_follow_the_navigation_order(sample_site):
    for home in ("", "en/", "zh/"):
        url, seen = home, []
        while url is not None and url not in seen:
            seen.append(url)
            doc = parse(page_file(sample_site.site, url))
            nav = [_resolve(url, a.get("href")) for a in doc.xpath(
                "//nav[contains(@class,'md-nav--primary')]//a[contains(@class,'md-nav__link')][not(starts-with(@href,'#'))]")]
            following = doc.xpath("//a[contains(@class,'md-footer__link--next')]/@href")
            url = _resolve(url, following[0]) if following else None
            if url is not None and url in nav and seen[-1] in nav:
                # within what the navigation shows, the next page comes after this one
                assert nav.index(url) > nav.index(seen[-1]), (seen[-1], url, nav)
        assert url is None, f"previous/next loop at {url}"
        # every page of the language is reached, in order, exactly once
        assert len(seen) == len(set(seen)) and len(seen) >= 20, seen
