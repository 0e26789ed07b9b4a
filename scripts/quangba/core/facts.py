"""The fact box: a page's neutral facts as (label, value) rows in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quangba.core import locale
from quangba.core.schema import FACTS


@dataclass(frozen=True)
class FactRow:
    key: str
    label: str
    value: str
    href: str = ""


def format_fact(key: str, value: Any, lang: str, catalog: locale.Catalog) -> FactRow | None:
    """One fact formatted for `lang`; None for unknown keys or values of the wrong type."""
    kind = FACTS.get(key)
    if kind is None or not kind.check(value):
        return None
    label = catalog.get(f"facts.{key}")
    display = kind.display
    if display == "date":
        text = locale.long_date(value, lang)
    elif display == "area_ha":
        text = catalog.get("units.ha", value=locale.number(value, lang))
    elif display == "area_km2":
        text = catalog.get("units.km2", value=locale.number(value, lang))
    elif display == "integer":
        text = locale.number(value, lang)
    elif display == "designation":
        text = catalog.get(f"designation.{value}")
    elif display == "url":
        return FactRow(key, label, value.split("://", 1)[-1].rstrip("/"), href=value)
    else:  # text and years are shown as written
        text = str(value)
    return FactRow(key, label, text)


def fact_rows(meta: dict[str, Any], lang: str) -> list[FactRow]:
    """The rows of a page's fact box, in the schema's order."""
    facts = meta.get("facts")
    if not isinstance(facts, dict):
        return []
    catalog = locale.Catalog(lang)
    rows = [format_fact(key, facts[key], lang, catalog) for key in FACTS if key in facts]
    return [row for row in rows if row is not None]
