"""Segmenting a page into translation units: its translated front-matter fields, then the
blocks of its Markdown body (headings, paragraphs, list items, table cells, admonition
titles), each as text and inline codes that stand for the Markdown around the text."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Iterable

import pyromark

from quangba.core.content import Page

_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
_ADMONITION = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]*(?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')

_TEXT_BLOCKS = {"Paragraph": "paragraph", "Heading": "heading", "Item": "item", "TableCell": "cell"}
# inline containers: their delimiters are a <bpt>/<ept> pair, their content is translated
_PAIRED = {"Emphasis": "italic", "Strong": "bold", "Strikethrough": "x-md-strike", "Link": "link", "Image": "x-md-image"}
_LEAVES = {"Text", "Code", "InlineHtml", "InlineMath", "DisplayMath", "FootnoteReference", "TaskListMarker"}
_ID_PREFIX = {"heading": "h", "paragraph": "p", "item": "li", "admonition": "adm"}
_FIELDS = ("title", "description", "image.alt", "image.caption")


@dataclass
class Code:
    """An inline code: `bpt`/`ept` (a pair shares its id) or `ph`, with the Markdown it
    stands for."""

    kind: str
    id: str
    ctype: str
    markup: str
    sig: str  # what a translation's code must match: kind of markup, link target…
    url: str = ""  # links and images: the destination


@dataclass
class Unit:
    """A piece of text to translate: a front-matter field or a body block."""

    id: str
    kind: str  # field | heading | paragraph | item | cell | admonition
    line: int
    pieces: list  # str and Code, in order
    span: tuple[int, int] | None = None  # byte offsets of the text in the page body
    field: str = ""  # "title", "image.alt", "tags.2"
    shape: tuple = ()  # what must line up between languages (kind, level, table cell)

    @property
    def codes(self) -> list[Code]:
        return [p for p in self.pieces if isinstance(p, Code)]

    @property
    def markdown(self) -> str:
        return "".join(p.markup if isinstance(p, Code) else p for p in self.pieces)

    @property
    def translatable(self) -> bool:
        return any(isinstance(p, str) and p.strip() for p in self.pieces)

    def text_only(self) -> str:
        return " ".join("".join(p for p in self.pieces if isinstance(p, str)).split())


class _LineMap:
    """Byte offsets of the admonition-stripped text to byte offsets of the page body."""

    def __init__(self, lines: list[str], removed: list[int], pad: list[int], current: list[str]):
        self.orig_starts, self.trans_starts = [], []
        orig = trans = 0
        for line, cur in zip(lines, current):
            self.orig_starts.append(orig)
            self.trans_starts.append(trans)
            orig += len(line.encode("utf-8")) + 1
            trans += len(cur.encode("utf-8")) + 1
        self.removed, self.pad = removed, pad

    def __call__(self, offset: int) -> int:
        index = max(0, bisect.bisect_right(self.trans_starts, offset) - 1)
        column = offset - self.trans_starts[index]
        removed = self.removed[index]  # leading whitespace only: one byte per character
        return self.orig_starts[index] + removed + max(0, column - self.pad[index])


def _dedent4(text: str) -> tuple[int, int]:
    """Leading characters worth 4 columns (a tab goes to the next multiple of 4), and the
    columns a tab overshot by."""
    column = index = 0
    while index < len(text) and column < 4:
        if text[index] == " ":
            column += 1
        elif text[index] == "\t":
            column = (column // 4 + 1) * 4
        else:
            break
        index += 1
    return index, max(0, column - 4)


def _strip_admonitions(body: str) -> tuple[str, _LineMap, list[tuple[int, int, int]]]:
    """Like `outline`: blank admonition openers and dedent their bodies, so that pyromark
    parses the bodies as Markdown; keep the map back to the body's bytes and the byte span
    of each admonition title."""
    lines = body.split("\n")
    current = list(lines)
    removed = [0] * len(lines)
    pad = [0] * len(lines)
    titles: list[tuple[int, int, int]] = []  # (start, end, line index) in the body's bytes
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line.encode("utf-8")) + 1

    def original_column(index: int, column: int) -> int:  # character columns
        return removed[index] + max(0, column - pad[index])

    index = 0
    while index < len(current):
        match = _ADMONITION.match(current[index])
        if not match:
            index += 1
            continue
        indent = len(match.group("indent").expandtabs(4))
        if match.group("title"):
            line = lines[index]
            start = original_column(index, match.start("title"))
            end = original_column(index, match.end("title"))
            titles.append((starts[index] + len(line[:start].encode("utf-8")),
                           starts[index] + len(line[:end].encode("utf-8")), index))
        current[index] = ""
        body_index = index + 1
        while body_index < len(current):
            text = current[body_index]
            if text.strip() == "":
                body_index += 1
                continue
            if len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip()) < indent + 4:
                break
            cut, extra = _dedent4(text)
            if cut <= pad[body_index]:
                pad[body_index] = pad[body_index] - cut + extra
            else:
                removed[body_index] += cut - pad[body_index]
                pad[body_index] = extra
            current[body_index] = " " * extra + text[cut:]
            body_index += 1
        index += 1
    return "\n".join(current), _LineMap(lines, removed, pad, current), titles


def _events(text: str) -> list[tuple[str, str, Any, int, int]]:
    """pyromark's events as (type, name, value, start, end): type is start, end or leaf."""
    result = []
    for event, span in pyromark.events_with_range(text, options=_OPTIONS):
        start, end = span["start"], span["end"]
        if isinstance(event, str):
            result.append(("leaf", event, None, start, end))
            continue
        (kind, tag), = event.items()
        if kind in ("Start", "End"):
            name = tag if isinstance(tag, str) else next(iter(tag))
            value = None if isinstance(tag, str) else tag[name]
            result.append((kind.lower(), name, value, start, end))
        else:
            result.append(("leaf", kind, tag, start, end))
    return result


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


class _Builder:
    """The pieces (text and inline codes) of one block from its inline events."""

    def __init__(self, data: bytes, to_body):
        self.data, self.to_body = data, to_body
        self.pieces: list = []
        self.number = 0

    def add(self, value: str) -> None:
        if self.pieces and isinstance(self.pieces[-1], str):
            self.pieces[-1] += value
        else:
            self.pieces.append(value)

    def text(self, start: int, end: int) -> None:
        if end > start:
            self.add(self.data[start:end].decode("utf-8"))

    def code(self, kind: str, ctype: str, markup: str, sig: str, url: str = "", same_id: str | None = None) -> str:
        if same_id is None:
            self.number += 1
            same_id = str(self.number)
        self.pieces.append(Code(kind, same_id, ctype, markup, sig, url))
        return same_id

    def build(self, events: list) -> tuple[list, int, int]:
        data, body = self.data, self.to_body
        cursor: int | None = None
        first = None
        after_break: tuple | None = None
        open_ids: list[tuple[str, str, str]] = []  # (id, ctype, sig)
        index = 0
        while index < len(events):
            typ, name, value, start, end = events[index]
            start, end = body(start), body(end)
            if first is None:
                first = cursor = start
            if after_break is not None:
                if after_break[0] == "hard":
                    self.code("ph", "lb", data[after_break[1]:start].decode("utf-8"), "lb")
                cursor, after_break = start, None
            elif typ != "end":
                self.text(cursor, start)
            if typ == "leaf":
                if name == "Text":
                    self.text(start, end)
                elif name == "SoftBreak":
                    self.add(" ")
                    after_break = ("soft",)
                elif name == "HardBreak":
                    after_break = ("hard", start)
                else:
                    markup = data[start:end].decode("utf-8")
                    ctype = {"Code": "x-md-code", "InlineHtml": "x-md-html"}.get(name, "x-md-" + name.lower())
                    self.code("ph", ctype, markup, f"{name}:{markup}")
                cursor = end
            elif typ == "start":
                close = self._matching_end(events, index)
                link_type = (value or {}).get("link_type", "") if isinstance(value, dict) else ""
                url = (value or {}).get("dest_url", "") if isinstance(value, dict) else ""
                if close == index + 1 or link_type in ("Autolink", "Email"):
                    stop = body(events[close][4])
                    markup = data[start:stop].decode("utf-8")
                    ctype = "x-md-autolink" if link_type in ("Autolink", "Email") else "x-md-" + name.lower()
                    sig = f"auto:{markup}" if link_type in ("Autolink", "Email") else f"{name}:{_without_fragment(url)}"
                    self.code("ph", ctype, markup, sig, url)
                    cursor = stop
                    index = close + 1
                    continue
                inner = body(events[index + 1][3])
                ctype = _PAIRED[name]
                sig = f"{name}:{_without_fragment(url)}" if name in ("Link", "Image") else name
                code_id = self.code("bpt", ctype, data[start:inner].decode("utf-8"), sig, url)
                open_ids.append((code_id, ctype, sig, url))
                cursor = inner
            else:  # end of an inline container
                code_id, ctype, sig, url = open_ids.pop()
                self.code("ept", ctype, data[cursor:end].decode("utf-8"), sig, url, same_id=code_id)
                cursor = end
            index += 1
        return self.pieces, first or 0, cursor or 0

    @staticmethod
    def _matching_end(events: list, index: int) -> int:
        name, depth = events[index][1], 0
        for position in range(index, len(events)):
            typ, other = events[position][0], events[position][1]
            if other == name and typ == "start":
                depth += 1
            elif other == name and typ == "end":
                depth -= 1
                if depth == 0:
                    return position
        return len(events) - 1


def body_units(body: str, body_line: int = 1) -> list[Unit]:
    """The translatable blocks of a Markdown body, in document order, with their ids."""
    text, to_body, titles = _strip_admonitions(body)
    data = body.encode("utf-8")
    found: list[dict] = []
    stack: list[dict] = []
    table = row = column = 0
    in_code = 0
    for event in _events(text):
        typ, name, value, start, end = event
        if typ == "start":
            if name in _TEXT_BLOCKS:
                entry = {"kind": _TEXT_BLOCKS[name], "events": [], "shape": (_TEXT_BLOCKS[name],)}
                if name == "Heading":
                    entry["shape"] = ("heading", int(value["level"][1]))
                elif name == "TableCell":
                    column += 1
                    entry["shape"] = ("cell", table, row, column)
                stack.append(entry)
            elif name == "Table":
                table, row = table + 1, 0
            elif name in ("TableHead", "TableRow"):
                row, column = row + 1, 0
            elif name == "CodeBlock":
                in_code += 1
            elif name in _PAIRED and stack and not in_code:
                stack[-1]["events"].append(event)
        elif typ == "end":
            if name in _TEXT_BLOCKS and stack:
                entry = stack.pop()
                if entry["events"]:
                    found.append(entry)
            elif name == "CodeBlock":
                in_code -= 1
            elif name in _PAIRED and stack and not in_code:
                stack[-1]["events"].append(event)
        elif stack and not in_code and (name in _LEAVES or name in ("SoftBreak", "HardBreak")):
            stack[-1]["events"].append(event)
    units: list[tuple[int, Unit]] = []
    for entry in found:
        pieces, start, stop = _Builder(data, to_body).build(entry["events"])
        line = body_line + data[:start].count(b"\n")
        units.append((start, Unit("", entry["kind"], line, pieces, (start, stop), shape=entry["shape"])))
    for start, stop, index in titles:
        title = data[start:stop].decode("utf-8")
        units.append((start, Unit("", "admonition", body_line + index, [title], (start, stop), shape=("admonition",))))
    units.sort(key=lambda item: item[0])
    counters: dict[str, int] = {}
    result = []
    for _, unit in units:
        if unit.kind == "cell":
            _, table_no, row_no, column_no = unit.shape
            unit.id = f"t{table_no}.{row_no}.{column_no}"
        else:
            counters[unit.kind] = counters.get(unit.kind, 0) + 1
            unit.id = f"{_ID_PREFIX[unit.kind]}{counters[unit.kind]}"
        result.append(unit)
    return result


def _meta_value(meta: dict, name: str) -> Any:
    value: Any = meta
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def field_units(page: Page, names: Iterable[str] | None = None, tags: int | None = None) -> list[Unit]:
    """The translated front-matter fields of a page (those it has, or those named)."""
    result = []
    for name in names if names is not None else _FIELDS:
        value = _meta_value(page.meta, name)
        if isinstance(value, str) and value.strip():
            result.append(Unit(name, "field", page.line_of(name), [value], field=name, shape=("field", name)))
    page_tags = page.meta.get("tags")
    if isinstance(page_tags, list) and (tags is None or len(page_tags) == tags):
        for number, tag in enumerate(page_tags, start=1):
            if isinstance(tag, str) and tag.strip():
                name = f"tags.{number}"
                result.append(Unit(name, "field", page.line_of("tags"), [tag], field=name, shape=("field", name)))
    return result


def page_units(page: Page) -> list[Unit]:
    """Every unit of a source page: fields first, then the body's blocks."""
    return field_units(page) + body_units(page.body, page.body_line)
