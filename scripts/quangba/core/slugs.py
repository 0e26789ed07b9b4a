"""Heading anchors exactly as the build makes them: the toc extension's slug function from
mkdocs.yml (pymdownx.slugs or Python-Markdown's default) and its de-duplication."""

from __future__ import annotations

import importlib
import re
from typing import Callable

from markdown.extensions.toc import slugify as default_slugify

from quangba.core.project import Project, Tagged

Slugify = Callable[[str, str], str]
_COUNTED = re.compile(r"^(.*)_([0-9]+)$")


def _toc_options(project: Project) -> dict:
    for entry in project.markdown_extensions:
        if isinstance(entry, dict) and "toc" in entry:
            return dict(entry["toc"] or {})
    return {}


def slug_function(project: Project) -> tuple[Slugify, str]:
    """The build's slugify and separator."""
    options = _toc_options(project)
    separator = str(options.get("separator", "-"))
    value = options.get("slugify")
    if isinstance(value, Tagged) and value.tag.startswith("python/"):
        kind, _, dotted = value.tag.partition(":")
        module, _, name = dotted.rpartition(".")
        target = getattr(importlib.import_module(module), name)
        if kind == "python/object/apply":
            kwds = value.value.get("kwds", {}) if isinstance(value.value, dict) else {}
            args = value.value.get("args", []) if isinstance(value.value, dict) else list(value.value or [])
            return target(*args, **kwds), separator
        return target, separator
    return default_slugify, separator


def unique_ids(texts: list[str], slugify: Slugify, separator: str, taken: set[str] | None = None) -> list[str]:
    """The ids the toc extension gives these headings, in order (`x`, `x_1`, …)."""
    ids = set(taken or ())
    result = []
    for text in texts:
        anchor = slugify(text, separator)
        while anchor in ids or not anchor:
            match = _COUNTED.match(anchor)
            anchor = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{anchor}_1"
        ids.add(anchor)
        result.append(anchor)
    return result
