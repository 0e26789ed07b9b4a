"""Languages as people read them: names, dates and numbers from Babel, and our own strings.

Interface strings of our own live in one catalog per language,
`quangba/catalog/<lang>.yml`. A language without a catalog falls back to English strings,
and `missing_catalog_keys` lets a test prove that none is missing.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date, parse_pattern
from babel.numbers import format_decimal

FALLBACK_CATALOG = "en"


@lru_cache(maxsize=None)
def babel_locale(lang: str) -> Locale:
    return Locale.parse(lang.replace("-", "_"))


def language_name(lang: str, in_lang: str | None = None) -> str:
    """The name of `lang`, in its own script by default (`Tiếng Việt`, `中文`, `ລາວ`)."""
    name = babel_locale(lang).get_display_name(babel_locale(in_lang or lang)) or lang
    # Babel writes some names lower-case ("tiếng việt" in some versions): capitalise the first letter.
    return name[:1].upper() + name[1:]


def language_name_in(lang: str, in_lang: str) -> str:
    """The plain language name of `lang` written in `in_lang` (no territory): for sentences."""
    name = babel_locale(in_lang).languages.get(lang.split("-")[0], lang)
    return name


def long_date(value: dt.date, lang: str) -> str:
    """`7 tháng 10, 2020` / `October 7, 2020` / `2020年10月7日`."""
    return format_date(value, "long", locale=babel_locale(lang))


def day_range(start: dt.date, end: dt.date, lang: str) -> str:
    """The days of an event: `2–3 tháng 1, 2026` / `January 2–3, 2026` / `2026年1月2日～3日`;
    one day is its long date. CLDR's interval patterns (Babel), with the month written as the
    language's long date writes it (`tháng 1`, `January`, not `thg 1`, `Jan`), and no spaces
    around the dash between two days of one month."""
    if end <= start:
        return long_date(start, lang)
    loc = babel_locale(lang)
    if start.year != end.year:
        diff = "y"
    elif start.month != end.month:
        diff = "M"
    else:
        diff = "d"
    patterns = loc.interval_formats.get("yMMMd", {}).get(diff)
    if not patterns:
        return f"{long_date(start, lang)} – {long_date(end, lang)}"
    full_month = "MMMM" in loc.date_formats["long"].pattern
    parts = []
    for day, pattern in zip((start, end), patterns):
        if full_month and "MMMM" not in pattern:
            pattern = pattern.replace("MMM", "MMMM")
        parts.append(parse_pattern(pattern).apply(day, loc))
    text = "".join(parts)
    return text.replace("\u2009–\u2009", "–") if diff == "d" else text


def number(value: float | int, lang: str) -> str:
    """`13.795,5` in vi, `13,795.5` in en."""
    return format_decimal(value, locale=babel_locale(lang))


@lru_cache(maxsize=None)
def _load_catalog(lang: str) -> dict[str, Any]:
    ref = resources.files("quangba") / "catalog" / f"{lang}.yml"
    if not ref.is_file():
        return {}
    return yaml.safe_load(ref.read_text(encoding="utf-8")) or {}


def has_catalog(lang: str) -> bool:
    return bool(_load_catalog(lang))


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


@lru_cache(maxsize=None)
def _flat_catalog(lang: str) -> MappingProxyType:
    """`lang`'s strings by dotted key, read once per process (a page asks for several)."""
    return MappingProxyType(_flatten(_load_catalog(lang)))


class Catalog:
    """Our interface strings for one language, falling back to English for a missing key."""

    def __init__(self, lang: str):
        self.lang = lang
        self._own = _flat_catalog(lang)
        self._fallback = _flat_catalog(FALLBACK_CATALOG)

    def get(self, key: str, **values: Any) -> str:
        text = self._own.get(key, self._fallback.get(key, key))
        return str(text).format(**values) if values else str(text)

    def section(self, prefix: str) -> dict[str, Any]:
        """Every key under `prefix.` (own strings over the fallback's)."""
        merged = {k: v for k, v in self._fallback.items() if k.startswith(prefix + ".")}
        merged.update({k: v for k, v in self._own.items() if k.startswith(prefix + ".")})
        return {k[len(prefix) + 1:]: v for k, v in merged.items()}


def missing_catalog_keys(lang: str) -> list[str]:
    """Keys the English catalog has and `lang`'s does not (theme strings aside)."""
    own = _flat_catalog(lang)
    reference = _flat_catalog(FALLBACK_CATALOG)
    return sorted(k for k in reference if k not in own and not k.startswith("theme."))
