"""Each page's navigation, cut to a window of its own section.

With `navigation.prune`, Material renders the links of the sections a page is in and the
top level, nothing else. That is still every page of the page's own section: a section of
N news items puts N links into each of its N pages, so the build's time and the HTML grow
with the square of the section (measured: at 1,000 pages a language, the navigation took
a quarter of the build). Here a page gets a navigation of its own (MkDocs' public
`on_page_context`: the template's `nav`), in which each section on the way to the page keeps
its index page, the `window` pages nearest the page (in the navigation's order) and a link
to the index page, which names how many pages the section has. The shared navigation is
never changed: sections are copied, pages are the same objects (so "active" is the same).
Previous/next links, sitemaps and feeds still reach every page.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page


def _is_index(item: Any) -> bool:
    return isinstance(item, Page) and item.file.name == "index"


def _cut(children: list[Any], window: int, more: Callable[[int], str]) -> list[Any]:
    index = children[0] if children and _is_index(children[0]) else None
    rest = children[1:] if index is not None else list(children)
    if len(rest) <= window:
        return children
    here = next((i for i, item in enumerate(rest) if getattr(item, "active", False)), 0)
    start = max(0, min(here - window // 2, len(rest) - window))
    kept = rest[start:start + window]
    if index is None:
        return kept
    return [index, *kept, Link(more(len(rest)), index.url)]


def _windowed(items: list[Any], window: int, more: Callable[[int], str]) -> list[Any]:
    out = []
    for item in items:
        if isinstance(item, Section) and item.active:
            section = copy.copy(item)
            section.children = _cut(_windowed(item.children, window, more), window, more)
            out.append(section)
        else:
            out.append(item)
    return out


def page_nav(nav: Navigation, window: int, more: Callable[[int], str]) -> Navigation:
    """The navigation the active page shows: `nav` itself when no section on the way to the
    page has more than `window` pages, else a copy with those sections cut."""
    if not any(isinstance(item, Section) and item.active and _too_big(item, window) for item in nav.items):
        return nav
    own = copy.copy(nav)
    own.items = _windowed(nav.items, window, more)
    return own


def _too_big(section: Section, window: int) -> bool:
    children = section.children or []
    count = len(children) - (1 if children and _is_index(children[0]) else 0)
    if count > window:
        return True
    return any(isinstance(c, Section) and c.active and _too_big(c, window) for c in children)
