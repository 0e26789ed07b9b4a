"""The outline of a page body: headings, links and images with their line numbers.

Parsed once per page with markdown-it-py (CommonMark plus tables); rules only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt

from quangba.content import Page


@dataclass(frozen=True)
class Link:
    target: str
    line: int
    text: str = ""


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass
class Outline:
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Link] = field(default_factory=list)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def outline(page: Page) -> Outline:
    """Headings, links and images of the page body; lines are lines of the whole file."""
    result = Outline()
    tokens = _parser().parse(page.body)
    offset = page.body_line - 1
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            text = tokens[index + 1].content if index + 1 < len(tokens) else ""
            result.headings.append(Heading(int(token.tag[1]), text, token.map[0] + 1 + offset))
        if token.type != "inline" or not token.map:
            continue
        line = token.map[0] + 1 + offset
        for child in token.children or []:
            if child.type == "link_open":
                result.links.append(Link(str(child.attrs.get("href", "")), line))
            elif child.type == "image":
                result.images.append(Link(str(child.attrs.get("src", "")), line, child.content))
    return result
