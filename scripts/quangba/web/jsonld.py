"""schema.org structured data for every page, by type, linking the language versions.

Each page gets one JSON-LD graph: the page itself (a WebPage, or the NewsArticle for news)
with `inLanguage` and `workTranslation` / `translationOfWork` between language versions,
and the thing it is about: the province (AdministrativeArea) on the home page, a
TouristAttraction (and LandmarksOrHistoricalBuildings for relic sites) for heritage, a
Product with its origin and geographical-indication number for products. The publisher is
the provincial People's Committee, a GovernmentOrganization.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from quangba.core import locale
from quangba.core.settings import settings
from quangba.core.corpus import Corpus

RELIC_DESIGNATIONS = {"special-national-relic", "national-relic"}


def _iso(value: Any, zone: dt.tzinfo) -> str | None:
    """A date as written; a time written without a zone is in the project's `time_zone`."""
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=zone)).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def _organization(corpus: Corpus, lang: str) -> dict[str, Any]:
    site = corpus.project.site_url
    return {
        "@type": "GovernmentOrganization",
        "@id": f"{site}#publisher",
        "name": settings(corpus.project).publisher_for(lang),
        "url": site,
        "logo": {"@type": "ImageObject", "url": f"{site}assets/favicon.png"},
    }


def _province(corpus: Corpus, lang: str) -> dict[str, Any]:
    site = corpus.project.site_url
    return {
        "@type": "AdministrativeArea",
        "@id": f"{site}#province",
        "name": locale.Catalog(lang).get("province_name"),
        "containedInPlace": {"@type": "Country", "name": locale.babel_locale(lang).territories.get("VN", "Viet Nam")},
    }


def _image(corpus: Corpus, meta: dict[str, Any]) -> dict[str, Any] | None:
    image = meta.get("image")
    if not isinstance(image, dict) or not isinstance(image.get("src"), str):
        return None
    credit = " · ".join(str(x) for x in (image.get("credit"), image.get("license")) if x)
    node = {"@type": "ImageObject", "url": corpus.project.site_url + image["src"].lstrip("/"), "caption": str(image.get("alt", ""))}
    if credit:
        node["creditText"] = credit
    return node


def _translations(corpus: Corpus, lang: str, key: str) -> dict[str, Any]:
    source = corpus.source_language
    if lang == source:
        others = [other for other in corpus.languages_of(key) if other != source]
        return {"workTranslation": [{"@id": corpus.absolute_url(other, key), "inLanguage": other} for other in others]} if others else {}
    return {"translationOfWork": {"@id": corpus.absolute_url(source, key), "inLanguage": source}}


def _facts_properties(corpus: Corpus, lang: str, facts: dict[str, Any]) -> list[dict[str, Any]]:
    from quangba.core.facts import fact_rows

    return [
        {"@type": "PropertyValue", "propertyID": row.key, "name": row.label, "value": row.value}
        for row in fact_rows({"facts": facts}, lang)
    ]


def _event(corpus: Corpus, lang: str, meta: dict[str, Any], url: str, publisher: dict[str, Any],
           province: dict[str, Any]) -> dict[str, Any]:
    """A schema.org Event for an event page: the days of the edition the page describes, the
    place (as the reader's language names it) in the province, organised by the publisher."""
    from quangba.core.events import Event

    event = Event.from_meta(meta)
    node: dict[str, Any] = {
        "@type": "Event", "@id": f"{url}#subject", "name": meta.get("title", ""),
        "description": meta.get("description", ""), "url": url,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "organizer": {"@type": "GovernmentOrganization", "@id": publisher["@id"], "name": publisher["name"], "url": publisher["url"]},
    }
    if event is not None:
        node["startDate"] = event.start.isoformat()
        node["endDate"] = event.end.isoformat()
    place = meta.get("place")
    node["location"] = {
        "@type": "Place",
        "name": str(place) if isinstance(place, str) and place else province["name"],
        "containedInPlace": {"@id": province["@id"]},
        "address": {"@type": "PostalAddress", "addressRegion": province["name"], "addressCountry": "VN"},
    }
    return node


def page_graph(corpus: Corpus, lang: str, key: str) -> dict[str, Any]:
    """The JSON-LD graph of page `key` in `lang` (a language version that really exists)."""
    meta = corpus.merged_meta(lang, key)
    url = corpus.absolute_url(lang, key)
    page_type = meta.get("type", "page")
    facts = meta.get("facts") if isinstance(meta.get("facts"), dict) else {}
    image = _image(corpus, meta)
    publisher = _organization(corpus, lang)
    graph: list[dict[str, Any]] = [publisher]
    main: dict[str, Any] = {
        "@id": url,
        "url": url,
        "name": meta.get("title", ""),
        "description": meta.get("description", ""),
        "inLanguage": lang,
        "publisher": {"@id": publisher["@id"]},
        **_translations(corpus, lang, key),
    }
    if image:
        main["image"] = image
    if page_type == "news":
        main.update({
            "@type": "NewsArticle",
            "headline": meta.get("title", ""),
            "datePublished": _iso(meta.get("date"), corpus.time_zone),
            # a stale translation's own date, not its source's update (Corpus.modified)
            "dateModified": _iso(corpus.modified(lang, key), corpus.time_zone),
            "author": {"@id": publisher["@id"]},
            "mainEntityOfPage": url,
        })
        graph.append(main)
        return {"@context": "https://schema.org", "@graph": graph}
    main["@type"] = "WebPage"
    if _iso(meta.get("date"), corpus.time_zone):
        main["datePublished"] = _iso(meta.get("date"), corpus.time_zone)
    subject: dict[str, Any] | None = None
    province = _province(corpus, lang)
    if key == "index.md":
        subject = {**province, "url": url, "description": meta.get("description", "")}
    elif page_type == "heritage":
        types = ["TouristAttraction"]
        if facts.get("designation") in RELIC_DESIGNATIONS:
            types.append("LandmarksOrHistoricalBuildings")
        subject = {"@type": types, "@id": f"{url}#subject", "name": meta.get("title", ""),
                   "description": meta.get("description", ""), "url": url,
                   "containedInPlace": {"@id": province["@id"]}}
        coordinates = facts.get("coordinates")
        if isinstance(coordinates, dict) and {"lat", "lon"} <= set(coordinates):
            subject["geo"] = {"@type": "GeoCoordinates", "latitude": coordinates["lat"], "longitude": coordinates["lon"]}
        graph.append(province)
    elif page_type == "product":
        subject = {"@type": "Product", "@id": f"{url}#subject", "name": meta.get("title", ""),
                   "description": meta.get("description", ""), "url": url,
                   "countryOfOrigin": province["containedInPlace"],
                   "areaServed": {"@id": province["@id"]}}
        graph.append(province)
    elif page_type == "event":
        subject = _event(corpus, lang, meta, url, publisher, province)
        graph.append(province)
    if subject is not None:
        if image:
            subject["image"] = image
        properties = _facts_properties(corpus, lang, facts)
        if properties:
            subject["additionalProperty"] = properties
        if page_type == "product" and facts.get("gi_number"):
            subject["identifier"] = {"@type": "PropertyValue", "propertyID": "geographical-indication",
                                     "name": locale.Catalog(lang).get("facts.gi_number"), "value": str(facts["gi_number"])}
        main["mainEntity"] = {"@id": subject["@id"]}
        graph.append(subject)
    graph.append(main)
    return {"@context": "https://schema.org", "@graph": graph}


def page_jsonld(corpus: Corpus, lang: str, key: str) -> str:
    """The graph as text safe inside `<script type="application/ld+json">`."""
    return json.dumps(page_graph(corpus, lang, key), ensure_ascii=False, indent=1).replace("</", "<\\/")
