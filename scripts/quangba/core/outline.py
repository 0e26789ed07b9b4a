"""The outline of a page body, parsed once: what the rules compare across languages.

Parsed with pyromark (pulldown-cmark: CommonMark plus tables and heading attributes,
events with byte ranges), about 25 times faster than a pure-Python parser. MkDocs renders
with Python-Markdown; where the two differ on constructs the site uses, this module bridges
them: admonitions (`!!! note "Title"` with an indented body) are recognised here, and a test
compares the outline with the HTML Python-Markdown renders for every sample page.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

import pyromark

from quangba.core.content import Page

_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
_ADMONITION = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]*(?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')
_SUPPRESS = re.compile(r"<!--\s*quangba:\s*(ignore-start|ignore-end|ignore)\b([^>]*)-->")


@dataclass(frozen=True)
class Link:
    target: str
    line: int
    text: str = ""
    column: int = 1


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int
    explicit_id: str | None = None


@dataclass(frozen=True)
class Block:
    """A piece of translatable text: a paragraph, heading, list item, table cell or
    admonition title, with inline markup removed."""

    kind: str
    text: str
    line: int
    column: int = 1


@dataclass(frozen=True)
class Table:
    rows: int
    columns: int
    line: int


@dataclass(frozen=True)
class CodeBlock:
    info: str
    text: str
    line: int


@dataclass(frozen=True)
class Admonition:
    kind: str
    title: str | None
    line: int


@dataclass
class Outline:
    headings: list[Heading] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    lists: list[int] = field(default_factory=list)  # item count of each list, document order
    list_lines: list[int] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    admonitions: list[Admonition] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Link] = field(default_factory=list)
    html: list[Link] = field(default_factory=list)  # raw HTML with its line
    suppressed: dict[int, set[str]] = field(default_factory=dict)  # line -> codes ("*" = all)
    # the text that was parsed (the body, admonitions dedented, same lines) and the byte
    # ranges in it of code spans and code blocks: what Markdown never reads as HTML
    parsed_text: str = ""
    code_ranges: list[tuple[int, int]] = field(default_factory=list)

    def is_suppressed(self, line: int, code: str) -> bool:
        codes = self.suppressed.get(line)
        return bool(codes) and ("*" in codes or any(code.startswith(c) for c in codes))


def _strip_admonitions(lines: list[str], first_line: int, outline: Outline) -> list[str]:
    """Blank admonition openers and dedent their bodies, so the body parses as Markdown
    at the same line numbers; record each admonition."""
    out = list(lines)
    index = 0
    while index < len(out):
        match = _ADMONITION.match(out[index])
        if not match:
            index += 1
            continue
        indent = len(match.group("indent").expandtabs(4))
        outline.admonitions.append(Admonition(match.group("kind"), match.group("title"), first_line + index))
        if match.group("title"):
            column = out[index].index('"') + 2
            outline.blocks.append(Block("admonition", match.group("title"), first_line + index, column))
        out[index] = ""
        body = index + 1
        while body < len(out):
            text = out[body]
            if text.strip() == "":
                body += 1
                continue
            if len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip()) < indent + 4:
                break
            out[body] = text.expandtabs(4)[4:]
            body += 1
        index += 1  # nested admonitions are handled as the scan reaches them
    return out


def _suppressions(lines: list[str], first_line: int) -> dict[int, set[str]]:
    """`<!-- quangba: ignore CODE -->` covers its own line and the next; `ignore-start` …
    `ignore-end` covers a block."""
    result: dict[int, set[str]] = {}
    open_block: set[str] | None = None
    for offset, text in enumerate(lines):
        line = first_line + offset
        if open_block is not None:
            result.setdefault(line, set()).update(open_block)
        for match in _SUPPRESS.finditer(text):
            codes = set(match.group(2).replace(",", " ").split()) or {"*"}
            if match.group(1) == "ignore":
                result.setdefault(line, set()).update(codes)
                result.setdefault(line + 1, set()).update(codes)
            elif match.group(1) == "ignore-start":
                open_block = codes
            else:
                open_block = None
    return result


class _Positions:
    """Byte offsets of the parsed text to (line, column) of the file."""

    def __init__(self, text: str, first_line: int):
        self.data = text.encode("utf-8")
        self.starts = [0]
        for index, byte in enumerate(self.data):
            if byte == 10:
                self.starts.append(index + 1)
        self.first_line = first_line

    def at(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        column = len(self.data[self.starts[index]:offset].decode("utf-8", "replace")) + 1
        return self.first_line + index, column


def outline(page: Page) -> Outline:
    """The outline of `page`'s body; lines and columns are those of the whole file."""
    cached = getattr(page, "_outline", None)
    if cached is not None:
        return cached
    result = Outline()
    lines = page.body.split("\n")
    result.suppressed = _suppressions(lines, page.body_line)
    text = "\n".join(_strip_admonitions(lines, page.body_line, result))
    positions = _Positions(text, page.body_line)
    result.parsed_text = text
    _walk(pyromark.events_with_range(text, options=_OPTIONS), positions, result)
    page._outline = result  # type: ignore[attr-defined]
    return result


_TEXT_CONTAINERS = {"Paragraph", "Heading", "Item", "TableCell"}


def _walk(events: Any, positions: _Positions, result: Outline) -> None:
    stack: list[dict[str, Any]] = []  # open containers collecting text
    list_stack: list[int] = []  # index into result.lists of each open list
    table: dict[str, Any] | None = None
    code: dict[str, Any] | None = None
    link_stack: list[dict[str, Any]] = []

    def add_text(value: str) -> None:
        if stack:
            stack[-1]["text"].append(value)
        for link in link_stack:
            link["text"].append(value)

    for event, span in events:
        start = span["start"]
        if isinstance(event, str):  # SoftBreak, HardBreak, Rule
            if event in ("SoftBreak", "HardBreak"):
                add_text(" ")
            continue
        if "Start" in event:
            tag = event["Start"]
            name = tag if isinstance(tag, str) else next(iter(tag))
            value = None if isinstance(tag, str) else tag[name]
            line, column = positions.at(start)
            if name in _TEXT_CONTAINERS:
                kind = {"Paragraph": "paragraph", "Heading": "heading", "Item": "item", "TableCell": "cell"}[name]
                entry = {"kind": kind, "text": [], "line": line, "column": column}
                if name == "Heading":
                    entry["level"] = int(value["level"][1])
                    entry["id"] = value.get("id")
                if name == "Item" and list_stack:
                    result.lists[list_stack[-1]] += 1
                stack.append(entry)
            elif name == "List":
                result.lists.append(0)
                result.list_lines.append(line)
                list_stack.append(len(result.lists) - 1)
            elif name == "Table":
                table = {"rows": 0, "columns": len(value) if isinstance(value, (list, tuple)) else 0, "line": line}
            elif name in ("TableHead", "TableRow") and table is not None:
                table["rows"] += 1
            elif name == "CodeBlock":
                result.code_ranges.append((start, span["end"]))
                info = value.get("Fenced", "") if isinstance(value, dict) else ""
                code = {"info": info, "text": [], "line": line}
            elif name in ("Link", "Image"):
                link_stack.append({"kind": name, "target": value.get("dest_url", ""), "line": line, "column": column, "text": []})
            continue
        if "End" in event:
            tag = event["End"]
            name = tag if isinstance(tag, str) else next(iter(tag))
            if name in _TEXT_CONTAINERS and stack:
                entry = stack.pop()
                body = " ".join("".join(entry["text"]).split())
                if name == "Item" and stack:
                    pass
                if entry["kind"] == "heading":
                    result.headings.append(Heading(entry["level"], body, entry["line"], entry.get("id")))
                if body:
                    result.blocks.append(Block(entry["kind"], body, entry["line"], entry["column"]))
                if stack and name != "Item":
                    stack[-1]["text"].append(" ")
            elif name == "List" and list_stack:
                list_stack.pop()
            elif name == "Table" and table is not None:
                result.tables.append(Table(table["rows"], table["columns"], table["line"]))
                table = None
            elif name == "CodeBlock" and code is not None:
                result.code_blocks.append(CodeBlock(code["info"], "".join(code["text"]), code["line"]))
                code = None
            elif name in ("Link", "Image") and link_stack:
                link = link_stack.pop()
                item = Link(link["target"], link["line"], " ".join("".join(link["text"]).split()), link["column"])
                (result.images if name == "Image" else result.links).append(item)
            continue
        if "Text" in event:
            if code is not None:
                code["text"].append(event["Text"])
            else:
                add_text(event["Text"])
        elif "Code" in event:
            result.code_ranges.append((start, span["end"]))
            for link in link_stack:
                link["text"].append(event["Code"])
        elif "Html" in event or "InlineHtml" in event:
            html = event.get("Html") or event.get("InlineHtml")
            line, column = positions.at(start)
            result.html.append(Link(html, line, html, column))
