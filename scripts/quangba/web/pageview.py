"""What a page shows in one language, computed from the corpus alone (no MkDocs).

The MkDocs adapter hands this to the templates as `quangba`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quangba.core import locale
from quangba.core.corpus import Corpus
from quangba.core.facts import FactRow, fact_rows
from quangba.core.settings import settings
from quangba.web.sitemap import alternates


@dataclass(frozen=True)
class LanguageLink:
    lang: str
    name: str  # the language's name in its own script
    url: str  # site-relative, no leading slash
    translated: bool  # False: that language serves the source text (fallback)


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


def interface_strings(lang: str) -> dict[str, str]:
    """The strings templates need, flat (`not_found.title`, …)."""
    catalog = locale.Catalog(lang)
    keys = (
        "site_name", "province_name", "fallback.title", "not_found.title", "not_found.text",
        "not_found.home", "facts.title", "sources.title", "language.label", "language.versions",
        "footer.contact", "palette.dark", "palette.light",
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
    )
