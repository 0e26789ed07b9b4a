"""Material's interface strings for a language Material does not ship, from our catalog."""

from __future__ import annotations

import json

from quangba.core import locale


def material_language_partial(lang: str) -> str:
    """A `partials/languages/<lang>.html` macro in Material's form, filled from the catalog's
    `theme:` strings (Material falls back to English for any key still missing)."""
    strings = {str(k): str(v) for k, v in locale.Catalog(lang).section("theme").items()}
    strings["language"] = lang
    body = json.dumps(strings, ensure_ascii=False, indent=2)
    return "{% macro t(key) %}{{ " + body + "[key] }}{% endmacro %}\n"
