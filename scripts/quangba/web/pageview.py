"""What a page shows in one language, computed from the corpus alone (no MkDocs).

The MkDocs adapter hands this to the templates as `quangba`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from quangba.core import locale
from quangba.core.corpus import Corpus, translated_text
from quangba.core.glossary import for_project
from quangba.core.facts import FactRow, fact_rows
from quangba.core.settings import settings
from quangba.web.search import latin_search_terms, synonym_search_terms
from quangba.web.sitemap import alternates


@dataclass(frozen=True)
class LanguageLink:
    lang: str
    name: str  # the language's name in its own script
    url: str  # site-relative, no leading slash
    translated: bool  # False: that language serves the source text (fallback)


@dataclass(frozen=True)
class LanguageSuggestion:
    """A note offering another language's home page, written in that language."""

    lang: str
    name: str
    url: str
    text: str
    link: str
    dismiss: str


@dataclass(frozen=True)
class PageView:
    lang: str
    key: str
    content_lang: str  # the language the body is written in
    fallback: bool
    fallback_notice: str
    canonical: str
    noindex: bool
    alternates: list[tuple[str, str]]
    switcher: list[LanguageLink]
    facts: list[FactRow]
    facts_title: str
    image: dict[str, Any] | None
    sources: list[dict[str, str]]
    strings: dict[str, str] = field(default_factory=dict)
    publisher: str = ""  # who publishes the site, in `lang` (the footer)
    contact_url: str = ""  # how to contact them
    suggestions: list[LanguageSuggestion] = field(default_factory=list)
    search_terms: list[str] = field(default_factory=list)  # Latin names and synonyms indexed unseen (web/search.py)
    # a translation older than its source: served with a notice and a link to the original
    stale: bool = False
    stale_notice: str = ""
    stale_link: str = ""  # the link's text, in the reader's language
    source_url: str = ""  # the original's address (site path), for that link
    preview_notice: str = ""  # `quangba serve` only: why this page is not published yet


def switcher(corpus: Corpus, key: str) -> list[LanguageLink]:
    """The language menu: the same page in every language (a fallback where untranslated)."""
    return [
        LanguageLink(
            lang=lang,
            name=locale.language_name(lang),
            url=corpus.url(lang, key),
            translated=corpus.available(lang, key),
        )
        for lang in corpus.project.languages
    ]


def suggestions(corpus: Corpus, lang: str, key: str) -> list[LanguageSuggestion]:
    """On the source language's home page: one note per translated home page, for visitors
    whose browser asks for that language (the theme's script picks one; nothing redirects)."""
    if key != "index.md" or lang != corpus.source_language:
        return []
    notes = []
    for other in corpus.project.languages:
        if other == lang or not corpus.available(other, key):
            continue
        catalog = locale.Catalog(other)
        notes.append(LanguageSuggestion(
            lang=other, name=locale.language_name(other), url=corpus.url(other, key),
            text=catalog.get("suggest.text"), link=catalog.get("suggest.link"), dismiss=catalog.get("suggest.dismiss"),
        ))
    return notes


def _search_terms(corpus: Corpus, lang: str, key: str) -> list[str]:
    page = corpus.page(lang, key)
    if page is None:
        return []
    glossary, text = for_project(corpus.project), translated_text(page)
    return latin_search_terms(glossary, lang, text) + synonym_search_terms(glossary, lang, text)


def interface_strings(lang: str) -> dict[str, str]:
    """The strings templates need, flat (`not_found.title`, …)."""
    catalog = locale.Catalog(lang)
    keys = (
        "site_name", "province_name", "fallback.title", "not_found.title", "not_found.text",
        "not_found.home", "facts.title", "sources.title", "language.label", "language.versions",
        "footer.contact", "palette.dark", "palette.light", "stale.title",
    )
    return {k: catalog.get(k) for k in keys}


def page_view(corpus: Corpus, lang: str, key: str) -> PageView:
    """Everything the templates need to show page `key` to a reader of `lang`."""
    source_lang = corpus.source_language
    fallback = not corpus.available(lang, key)
    content_lang = source_lang if fallback else lang
    catalog = locale.Catalog(lang)
    meta = corpus.merged_meta(lang, key)
    notice = ""
    if fallback:
        notice = catalog.get(
            "fallback.notice",
            language=locale.language_name_in(lang, lang),
            source_language=locale.language_name_in(source_lang, lang),
        )
    stale = not fallback and lang != source_lang and corpus.translation_state(lang, key) == "stale"
    stale_notice = stale_link = ""
    if stale:
        source_name = locale.language_name_in(source_lang, lang)
        updated = corpus.source_updated(key)
        stale_notice = (
            catalog.get("stale.notice", source_language=source_name, date=locale.long_date(updated, lang))
            if updated else catalog.get("stale.notice_undated", source_language=source_name)
        )
        stale_link = catalog.get("stale.link", source_language=source_name)
    preview_notice = _preview_notice(corpus, lang, key, catalog) if corpus.preview else ""
    image = None
    if isinstance(meta.get("image"), dict) and meta["image"].get("src"):
        raw = meta["image"]
        credit = " · ".join(str(x) for x in (raw.get("credit"), raw.get("license")) if x)
        image = {
            "src": str(raw["src"]).lstrip("/"),
            "alt": str(raw.get("alt", "")),
            "caption": str(raw.get("caption", "")),
            "credit": catalog.get("image.credit", credit=credit) if credit else "",
        }
    sources = [s for s in meta.get("sources") or [] if isinstance(s, dict)]
    return PageView(
        lang=lang,
        key=key,
        content_lang=content_lang,
        fallback=fallback,
        fallback_notice=notice,
        canonical=corpus.absolute_url(content_lang, key),
        noindex=fallback or not corpus.is_published(key),
        alternates=alternates(corpus, key),
        switcher=switcher(corpus, key),
        facts=fact_rows(meta, lang),
        facts_title=catalog.get("facts.title"),
        image=image,
        sources=sources,
        strings=interface_strings(lang),
        publisher=settings(corpus.project).publisher_for(lang),
        contact_url=settings(corpus.project).contact_url or "",
        suggestions=suggestions(corpus, lang, key),
        search_terms=_search_terms(corpus, content_lang, key),
        stale=stale,
        stale_notice=stale_notice,
        stale_link=stale_link,
        source_url=urlsplit(corpus.project.site_url).path + corpus.url(source_lang, key),
        preview_notice=preview_notice,
    )


def _preview_notice(corpus: Corpus, lang: str, key: str, catalog: locale.Catalog) -> str:
    """The preview's banner on a page `build` leaves out: a draft, a page scheduled for
    later, or a draft translation."""
    from quangba.core.corpus import publish_time

    source = corpus.page(corpus.source_language, key)
    if source is None:
        return ""
    if source.meta.get("draft", False):
        return catalog.get("preview.draft")
    when = publish_time(source.meta.get("publish_at"))
    if corpus.held_back_reason(key) is not None and when is not None:
        return catalog.get("preview.scheduled", date=locale.long_date(when.date(), lang) + when.strftime(" %H:%M"))
    page = corpus.page(lang, key)
    if lang != corpus.source_language and page is not None and page.meta.get("draft", False):
        return catalog.get("preview.draft_translation")
    return ""
