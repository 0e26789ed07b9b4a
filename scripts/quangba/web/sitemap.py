"""Sitemaps with hreflang alternates, from the corpus alone.

Only language versions that really exist are listed and announced; a page served from the
Vietnamese original under `/en/` (a fallback) is in no sitemap. `x-default` is the source.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from quangba.core.corpus import Corpus

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_INDEX = "sitemap-index.xml"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def alternates(corpus: Corpus, key: str) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) for every real language version of a page, then x-default."""
    langs = corpus.languages_of(key)
    links = [(lang, corpus.absolute_url(lang, key)) for lang in langs]
    if corpus.available(corpus.source_language, key):
        links.append(("x-default", corpus.absolute_url(corpus.source_language, key)))
    return links


def _url_entry(corpus: Corpus, lang: str, key: str) -> str:
    lines = [f"  <url>\n    <loc>{escape(corpus.absolute_url(lang, key))}</loc>"]
    lastmod = corpus.modified(lang, key)  # a stale translation's own date
    if lastmod:
        lines.append(f"    <lastmod>{lastmod.isoformat()}</lastmod>")
    for hreflang, href in alternates(corpus, key):
        lines.append(f'    <xhtml:link rel="alternate" hreflang="{hreflang}" href={quoteattr(href)}/>')
    lines.append("  </url>")
    return "\n".join(lines)


def sitemap_xml(corpus: Corpus, langs: list[str] | None = None) -> str:
    """A `<urlset>` of the published pages in `langs` (all languages by default)."""
    entries = []
    for lang in langs or list(corpus.project.languages):
        for key in sorted(corpus.pages.get(lang, {})):
            if corpus.available(lang, key):
                entries.append(_url_entry(corpus, lang, key))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">\n' + "\n".join(entries) + "\n</urlset>\n"
    )


def sitemap_url(corpus: Corpus, lang: str) -> str:
    return corpus.project.site_url + corpus.url(lang, "index.md") + "sitemap.xml"


def sitemap_index_xml(corpus: Corpus) -> str:
    """The index of the per-language sitemaps (`/sitemap.xml` is the source language's)."""
    entries = "".join(
        f"  <sitemap><loc>{escape(sitemap_url(corpus, lang))}</loc></sitemap>\n" for lang in corpus.project.languages
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n{entries}</sitemapindex>\n'


def robots_txt(corpus: Corpus) -> str:
    site = corpus.project.site_url
    return f"User-agent: *\nDisallow: /quangba-status/\n\nSitemap: {site}{SITEMAP_INDEX}\n"
