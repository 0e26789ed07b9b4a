"""Front matter schemas: which fields each page type has, and which of them are translated.

Language-neutral fields (facts, dates, image source and credit, sources) are written once,
in the Vietnamese source. A translation carries only the translated fields and the
`source_hash` of the source version it translates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable
from quangba.core.messages import T_

PAGE_TYPES = ("page", "heritage", "investment", "product", "news", "event")

# What `quangba new` writes for the editor to replace; TXT005 reports any of it left in a page.
PLACEHOLDER = "THAY:"  # "replace": every placeholder the editor must replace starts with it
GUIDANCE_MARK = "HƯỚNG DẪN VIẾT TRANG"  # the body's guidance note, to delete when the page is written
TEMPLATE_SAMPLES = (  # sample values of the optional fields, shown as they are if uncommented and left
    "https://…", "assets/images/ten-anh.jpg", "assets/images/anh-khac.jpg", "tên tác giả hoặc đơn vị",
    "mô tả ngắn những gì có trong ảnh", "chú thích dưới ảnh", "từ khóa một", "từ khóa hai", "tên tác giả",
)

# How an event comes back: `once`; `yearly` on the same Gregorian days; `yearly-lunar` every year
# on the same days of the lunar calendar (Tết, Mid-Autumn), so its Gregorian days move.
RECURRENCES = ("once", "yearly", "yearly-lunar")

DESIGNATIONS = (
    "special-national-relic",
    "national-relic",
    "unesco-intangible-heritage",
    "unesco-global-geopark",
    "national-scenic-landscape",
    "geographical-indication",
    "industrial-park",
    "national-intangible-heritage",  # a festival or practice on the national list (Di sản văn hóa phi vật thể quốc gia)
)


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://"))


@dataclass(frozen=True)
class FactKind:
    """How a neutral fact is validated and shown: its check and its display kind."""

    check: Callable[[Any], bool]
    expected: str
    display: str  # date | number | integer | text | designation | url | area_ha | area_km2


FACTS: dict[str, FactKind] = {
    "designation": FactKind(lambda v: v in DESIGNATIONS, T_("one of {items}", items=", ".join(DESIGNATIONS)), "designation"),
    "decision": FactKind(_is_text, T_('text'), "text"),
    "recognized": FactKind(_is_date, T_('a date (YYYY-MM-DD)'), "date"),
    "year": FactKind(_is_int, T_('a year'), "year"),
    "area_ha": FactKind(_is_number, T_('a number'), "area_ha"),
    "area_km2": FactKind(_is_number, T_('a number'), "area_km2"),
    "population": FactKind(_is_int, T_('a whole number'), "integer"),
    "ethnic_groups": FactKind(_is_int, T_('a whole number'), "integer"),
    "established": FactKind(_is_date, T_('a date (YYYY-MM-DD)'), "date"),
    "gi_number": FactKind(_is_text, T_('text'), "text"),
    "gi_decision": FactKind(_is_text, T_('text'), "text"),
    "gi_date": FactKind(_is_date, T_('a date (YYYY-MM-DD)'), "date"),
    "website": FactKind(_is_url, T_('a web address (https://…)'), "url"),
}


@dataclass(frozen=True)
class Field:
    name: str
    check: Callable[[Any], bool]
    expected: str
    translated: bool = False


def _is_sources(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(s, dict) and _is_text(s.get("title")) and _is_url(s.get("url")) for s in value
    )


def _is_mapping(value: Any) -> bool:
    return isinstance(value, dict)


COMMON_FIELDS = (
    Field("type", lambda v: v in PAGE_TYPES, T_("one of {items}", items=", ".join(PAGE_TYPES))),
    Field("title", _is_text, T_('text'), translated=True),
    Field("description", _is_text, T_('text'), translated=True),
    Field("order", _is_int, T_('a whole number')),
    Field("draft", lambda v: isinstance(v, bool), T_('true or false'), translated=True),
    Field("facts", _is_mapping, T_('a mapping of facts')),
    Field("image", _is_mapping, T_('a mapping with src, credit, license, alt'), translated=True),
    Field("sources", _is_sources, T_('a list of {title, url}')),
    Field("credits", _is_mapping, T_('a mapping of image path to credit')),
    Field("date", _is_date, T_('a date (YYYY-MM-DD)')),
    Field("updated", _is_date, T_('a date (YYYY-MM-DD)')),
    Field("publish_at", _is_date, T_('a date or time (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS+07:00)')),
    Field("tags", lambda v: isinstance(v, list) and all(_is_text(t) for t in v), T_("a list of words"), translated=True),
    Field("source_hash", lambda v: isinstance(v, str), T_('text')),
    # An event (`type: event`, read by core/events.py): the days of the edition the page describes,
    # whether it comes back every year, and where it takes place (translated: each language names it).
    Field("start", _is_date, T_('a date (YYYY-MM-DD)')),
    Field("end", _is_date, T_('a date (YYYY-MM-DD)')),
    Field("recurrence", lambda v: v in RECURRENCES, T_("one of {items}", items=", ".join(RECURRENCES))),
    Field("place", _is_text, T_('text'), translated=True),
)
FIELDS = {f.name: f for f in COMMON_FIELDS}
EVENT_FIELDS = ("start", "end", "recurrence", "place")  # only event pages have them

# Required fields per type, in the source.
REQUIRED = {
    "page": ("type", "title", "description"),
    "heritage": ("type", "title", "description", "sources"),
    "investment": ("type", "title", "description", "sources"),
    "product": ("type", "title", "description", "sources"),
    "news": ("type", "title", "description", "sources", "date"),
    "event": ("type", "title", "description", "sources", "start", "place", "recurrence"),
}
TRANSLATION_REQUIRED = ("title", "description", "source_hash")

# Within `image`, what the source owns and what a translation may carry.
IMAGE_NEUTRAL = ("src", "credit", "license")
IMAGE_TRANSLATED = ("alt", "caption")


@dataclass(frozen=True)
class SchemaProblem:
    key: str  # the top-level key the problem is in (for its line number)
    code: str
    message: str


def _wrong_form(key: str, value: Any, expected: str) -> str:
    """SYN004's message: what the field must be, and for a text that YAML read as a list or
    a mapping, how to write it."""
    if expected == "text" and isinstance(value, list):
        return T_("`{key}` must be one text, but YAML read a list (a line starting with `- `, or a value in `[…]`): "
                  "write the text on the same line, `{key}: …`, in double quotes if it starts with `[`", key=key)
    if expected == "text" and isinstance(value, dict):
        return T_("`{key}` must be one text, but YAML read a group of fields (a `: ` in the value, or indented lines "
                  "under it): write the text on the same line, in double quotes: `{key}: \"…\"`", key=key)
    return T_("`{key}` must be {expected}", key=key, expected=expected)


def validate_source(meta: dict[str, Any]) -> list[SchemaProblem]:
    """Problems in a source page's front matter."""
    problems: list[SchemaProblem] = []
    page_type = meta.get("type")
    if page_type not in PAGE_TYPES:
        expected = FIELDS["type"].expected
        return [SchemaProblem("type", "SYN003", T_('`type` must be {expected} (found {page_type!r})', expected=expected, page_type=page_type))]
    for name in REQUIRED[page_type]:
        if name not in meta:
            problems.append(SchemaProblem(name, "SYN003", T_('missing `{name}` (required for type {page_type})', name=name, page_type=page_type)))
    for key, value in meta.items():
        field = FIELDS.get(key)
        if field is None:
            problems.append(SchemaProblem(key, "SYN002", T_('unknown field `{key}`; allowed: {items}', key=key, items=', '.join(FIELDS))))
        elif key == "source_hash":
            problems.append(SchemaProblem(key, "SYN002", T_('`source_hash` belongs in translations, not in the source')))
        elif not field.check(value):
            problems.append(SchemaProblem(key, "SYN004", _wrong_form(key, value, field.expected)))
    start, end = meta.get("start"), meta.get("end")
    if _is_date(start) and _is_date(end) and end < start:
        problems.append(SchemaProblem("end", "SYN004", T_('`end` ({end}) is before `start` ({start})', end=end.isoformat(), start=start.isoformat())))
    facts = meta.get("facts")
    if isinstance(facts, dict):
        for key, value in facts.items():
            kind = FACTS.get(key)
            if kind is None:
                problems.append(SchemaProblem("facts", "SYN002", T_('unknown fact `{key}`; allowed: {items}', key=key, items=', '.join(FACTS))))
            elif not kind.check(value):
                problems.append(SchemaProblem("facts", "SYN004", T_('fact `{key}` must be {expected}', key=key, expected=kind.expected)))
    image = meta.get("image")
    if isinstance(image, dict):
        for key in ("src", "alt"):  # a missing credit is MED004
            if not _is_text(image.get(key)):
                problems.append(SchemaProblem("image", "SYN003", T_('`image.{key}` is missing', key=key)))
        for key in image:
            if key not in IMAGE_NEUTRAL + IMAGE_TRANSLATED:
                problems.append(SchemaProblem("image", "SYN002", T_('unknown field `image.{key}`', key=key)))
    return problems


def validate_translation(meta: dict[str, Any]) -> list[SchemaProblem]:
    """Problems in a translation's front matter: neutral facts may not be repeated here."""
    problems: list[SchemaProblem] = []
    for name in TRANSLATION_REQUIRED:
        if name not in meta:
            code = "FRS001" if name == "source_hash" else "SYN003"
            problems.append(SchemaProblem(name, code, T_('missing `{name}` (required in a translation)', name=name)))
    for key, value in meta.items():
        field = FIELDS.get(key)
        if field is None:
            problems.append(SchemaProblem(key, "SYN002", T_('unknown field `{key}`', key=key)))
        elif not field.translated and key != "source_hash":
            problems.append(
                SchemaProblem(key, "FCT003", T_('`{key}` is language-neutral: write it once, in the source', key=key))
            )
        elif not field.check(value):
            problems.append(SchemaProblem(key, "SYN004", _wrong_form(key, value, field.expected)))
    image = meta.get("image")
    if isinstance(image, dict):
        for key in image:
            if key in IMAGE_NEUTRAL:
                problems.append(
                    SchemaProblem("image", "FCT003", T_('`image.{key}` is language-neutral: only the source has it', key=key))
                )
            elif key not in IMAGE_TRANSLATED:
                problems.append(SchemaProblem("image", "SYN002", T_('unknown field `image.{key}`', key=key)))
    return problems
