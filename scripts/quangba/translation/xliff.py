"""XLIFF 1.2 for CAT tools (Trados, memoQ, OmegaT, Phrase, Okapi): export pages, import translations.

`quangba xliff export --lang en --out DIR [PAGE …] [--stale]` writes one file per page,
`DIR/<lang>/<page path without .md>.xlf`:

```xml
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="docs/vi/heritage/tan-trao.md" source-language="vi" target-language="en"
        datatype="x-markdown" tool-id="quangba">
    <header>
      <tool tool-id="quangba" tool-name="quangba" tool-version="…"/>
      <prop-group name="quangba">
        <prop prop-type="x-quangba-source-hash">506c1197c10e6324</prop>
        <prop prop-type="x-quangba-page">heritage/tan-trao.md</prop>
      </prop-group>
      <note from="quangba">… source_hash 506c1197c10e6324 …</note>
    </header>
    <body>
      <trans-unit id="p3" resname="heritage/tan-trao.md#p3" restype="x-md-paragraph" xml:space="preserve">
        <source>Xem <bpt id="1" ctype="link">[</bpt>Di sản<ept id="1">](index.md)</ept>.</source>
        <target state="translated">See the <bpt id="1" ctype="link">[</bpt>Heritage<ept id="1">](index.md)</ept> page.</target>
        <context-group purpose="location">…sourcefile, linenumber…</context-group>
      </trans-unit>
```

Units, in document order: `title`, `description`, `image.alt`, `image.caption`, `tags.N`,
then the body: headings `hN`, paragraphs `pN`, list items `liN`, table cells
`tT.R.C` (row 1 is the header row) and admonition titles `admN`. A unit whose text is
only inline code (nothing to translate) is left out, and import keeps the source's.

Inline Markdown is protected: emphasis, strong, strikethrough, links and images are
`<bpt>`/`<ept>` pairs (the text between them, a link's text or an image's alt, is
translated); inline code, inline HTML, autolinks, empty links and hard line breaks are
`<ph>`. Each code element holds the original Markdown, so a CAT tool shows it and a
reader of the file sees the page; import restores the markup from the CURRENT source by
the code's id, so a translator can move codes but not change them. Soft line breaks
inside a paragraph become a space (the hash ignores line wrapping too); the rest of the
text is the source's Markdown as written (`\\*` stays `\\*`).

The source hash is stored twice in the header (a `<prop>`, which CAT tools keep, and a
`<note>` as a fallback for tools that rewrite the header); import refuses a file whose
source changed since export.

Existing translations become targets when they have the source's structure (same blocks
in the same order, and for each block the same inline codes): `state="translated"` with
`approved="yes"` when the translation is up to date, `state="needs-review-translation"`
when its source changed since (stale), `state="needs-translation"` when the block is still
the Vietnamese text. A block that does not line up gets no target and a note with the
existing translation's Markdown.

Import rebuilds the Markdown from the current source: the source's body with each unit's
text replaced by its target (inline codes restored, soft breaks as spaces, `|` escaped in
table cells, same-page and cross-page `#anchor`s moved to the translated headings); the
translated front-matter fields (title, description, an event's place, tags, image alt and caption), never
the neutral ones; `source_hash` of the current source. Front-matter lines of an existing
translation whose value does not change are kept as written. A unit without a target
keeps the Vietnamese text (`quangba check` reports it, UNT001) and the page gets
`draft: true` so that nothing half-translated is published. Import is all or nothing:
when any file is refused, nothing is written.
"""

from __future__ import annotations

import bisect
import difflib
import json
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import pyromark
import yaml
from lxml import etree

from quangba import __version__
from quangba.core.content import FRONT_MATTER, Page, parse_text
from quangba.core.corpus import Corpus, page_source_hash
from quangba.core.errors import ContentError, QuangbaError
from quangba.core.project import Project
from quangba.core.messages import T_

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
HASH_PROP = "x-quangba-source-hash"
PAGE_PROP = "x-quangba-page"
DATATYPE = "x-markdown"
_HASH_NOTE = re.compile(r"source_hash ([0-9a-f]{16})\b")

_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
_ADMONITION = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]*(?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')

_TEXT_BLOCKS = {"Paragraph": "paragraph", "Heading": "heading", "Item": "item", "TableCell": "cell"}
# inline containers: their delimiters are a <bpt>/<ept> pair, their content is translated
_PAIRED = {"Emphasis": "italic", "Strong": "bold", "Strikethrough": "x-md-strike", "Link": "link", "Image": "x-md-image"}
_LEAVES = {"Text", "Code", "InlineHtml", "InlineMath", "DisplayMath", "FootnoteReference", "TaskListMarker"}
_ID_PREFIX = {"heading": "h", "paragraph": "p", "item": "li", "admonition": "adm"}
_FIELDS = ("title", "description", "place", "image.alt", "image.caption")  # place: event pages
_FIELD_TYPES = {"tags": "tag"}


# -- units ------------------------------------------------------------------------------


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


# -- export -----------------------------------------------------------------------------


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _check_lang(project: Project, lang: str) -> None:
    if lang == project.source_language:
        raise QuangbaError(
            T_('{lang} is the source language: translations go into {items}', lang=lang, items=', '.join(project.translation_languages))
        )
    if lang not in project.translation_languages:
        raise QuangbaError(
            T_('no language `{lang}` in this project: the languages are {items} (i18n `languages:` in mkdocs.yml)', lang=lang, items=', '.join(project.languages))
        )


def _source_page(corpus: Corpus, key: str) -> Page:
    source = corpus.page(corpus.source_language, key)
    if source is None:
        raise QuangbaError(T_('docs/{source_language}/{key}: no such source page', source_language=corpus.source_language, key=key))
    if source.problems:
        problem = source.problems[0]
        raise QuangbaError(f"{corpus.project.relpath(source.path)}:{problem.line}: {problem.message}")
    return source


def _map_codes(source: Unit, translation: Unit) -> list | None:
    """The translation's pieces with its codes replaced by the source's (same kind and
    signature, each used once, pairs kept together); None when they do not match."""
    if len(source.codes) != len(translation.codes):
        return None
    free = list(source.codes)
    pair_ids: dict[str, str] = {}
    result: list = []
    for piece in translation.pieces:
        if not isinstance(piece, Code):
            result.append(piece)
            continue
        if piece.kind == "ept":
            wanted = pair_ids.get(piece.id)
            match = next((c for c in free if c.kind == "ept" and c.id == wanted), None)
        else:
            match = next((c for c in free if c.kind == piece.kind and c.sig == piece.sig), None)
            if match is not None and piece.kind == "bpt":
                pair_ids[piece.id] = match.id
        if match is None:
            return None
        free.remove(match)
        result.append(match)
    return result


def _aligned_targets(corpus: Corpus, source: Page, units: list[Unit], translation: Page) -> tuple[dict, dict, str]:
    """Targets from an existing translation: unit id -> pieces; unit id -> note; a file note."""
    from quangba.checks.untranslated import is_substantial
    from quangba.core.glossary import for_project

    glossary = for_project(corpus.project)
    targets: dict[str, list] = {}
    notes: dict[str, str] = {}
    tags = source.meta.get("tags")
    fields = {u.id: u for u in field_units(translation, tags=len(tags) if isinstance(tags, list) else None)}
    for unit in units:
        if unit.kind == "field" and unit.id in fields:
            targets[unit.id] = list(fields[unit.id].pieces)
    body = [u for u in units if u.kind != "field"]
    theirs = body_units(translation.body, translation.body_line)
    file_note = ""
    if [u.shape for u in body] != [u.shape for u in theirs]:
        file_note = (
            f"The existing translation docs/{translation.lang}/{translation.key} does not have the "
            f"source's structure ({len(theirs)} blocks for the source's {len(body)}, or in another "
            "order): its body is not offered as targets."
        )
    else:
        for mine, other in zip(body, theirs):
            mapped = _map_codes(mine, other)
            if mapped is None:
                notes[mine.id] = (
                    "The existing translation of this block has other inline markup than the source "
                    f"(links, emphasis, code); it was: {other.markdown}"
                )
            else:
                targets[mine.id] = mapped
    states = {}
    for unit in units:
        if unit.id in targets:
            same = Unit(unit.id, unit.kind, unit.line, targets[unit.id]).markdown == unit.markdown
            states[unit.id] = "same" if same and is_substantial(unit.text_only(), glossary) else "ok"
    return {k: (v, states[k]) for k, v in targets.items()}, notes, file_note


def _fill(element, pieces: list, where: str) -> None:
    """Write pieces into <source> or <target> as text and <bpt>/<ept>/<ph> elements."""
    last = None
    try:
        for piece in pieces:
            if isinstance(piece, Code):
                code = etree.SubElement(element, _q(piece.kind), id=piece.id)
                if piece.kind != "ept":
                    code.set("ctype", piece.ctype)
                code.text = piece.markup
                last = code
            elif last is None:
                element.text = (element.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
    except ValueError as exc:  # control characters cannot be written in XML 1.0
        raise QuangbaError(T_('{where}: {exc}: remove the character (`quangba check` reports it as TXT003)', where=where, exc=exc)) from exc


_STRUCTURAL = {"xliff", "file", "header", "body", "group", "trans-unit", "prop-group", "context-group"}


def _indent(element, level: int = 0) -> None:
    """Indent the structure; never touch mixed content (source, target, notes)."""
    if etree.QName(element).localname not in _STRUCTURAL:
        return
    children = list(element)
    if not children:
        return
    element.text = "\n" + "  " * (level + 1)
    for child in children:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    children[-1].tail = "\n" + "  " * level


def _xliff_for(corpus: Corpus, lang: str, key: str) -> bytes:
    source = _source_page(corpus, key)
    units = page_units(source)
    current = page_source_hash(source)
    source_file = f"docs/{corpus.source_language}/{key}"
    translation = corpus.page(lang, key)
    targets: dict = {}
    notes: dict[str, str] = {}
    file_note = ""
    stale = False
    if translation is not None and not translation.problems:
        targets, notes, file_note = _aligned_targets(corpus, source, units, translation)
        stale = str(translation.meta.get("source_hash", "")) != current
    elif translation is not None:
        problem = translation.problems[0]
        file_note = (f"The existing translation docs/{lang}/{key} cannot be read (line {problem.line}: "
                     f"{problem.message}): its text is not offered as targets.")

    root = etree.Element(_q("xliff"), nsmap={None: NS}, version="1.2")
    file = etree.SubElement(root, _q("file"), {
        "original": source_file, "source-language": corpus.source_language,
        "target-language": lang, "datatype": DATATYPE, "tool-id": "quangba",
    })
    header = etree.SubElement(file, _q("header"))
    etree.SubElement(header, _q("tool"), {"tool-id": "quangba", "tool-name": "quangba", "tool-version": __version__})
    props = etree.SubElement(header, _q("prop-group"), name="quangba")
    etree.SubElement(props, _q("prop"), {"prop-type": HASH_PROP}).text = current
    etree.SubElement(props, _q("prop"), {"prop-type": PAGE_PROP}).text = key
    note = etree.SubElement(header, _q("note"), {"from": "quangba"})
    note.text = (
        f"Page {source_file} (source_hash {current}), to translate into {lang}. Inline codes "
        "hold Markdown (emphasis, links, images, code): keep each of them exactly once; you may "
        "move them. Import with `quangba xliff import FILE`."
        + (" The existing translation is stale: its source changed since it was made." if stale else "")
        + (" " + file_note if file_note else "")
    )
    body = etree.SubElement(file, _q("body"))
    for unit in units:
        if not unit.translatable:
            continue
        where = f"{source_file}:{unit.line}"
        element = etree.SubElement(body, _q("trans-unit"), {
            "id": unit.id, "resname": f"{key}#{unit.id}",
            "restype": "x-md-" + (_FIELD_TYPES.get(unit.field.split(".")[0], unit.field.replace(".", "-"))
                                  if unit.kind == "field" else unit.kind),
        })
        element.set(f"{{{XML_NS}}}space", "preserve")
        _fill(etree.SubElement(element, _q("source")), unit.pieces, where)
        if unit.id in targets:
            pieces, state = targets[unit.id]
            target = etree.SubElement(element, _q("target"))
            if state == "same":
                target.set("state", "needs-translation")
            elif stale:
                target.set("state", "needs-review-translation")
            else:
                target.set("state", "translated")
                element.set("approved", "yes")
            _fill(target, pieces, where)
        group = etree.SubElement(element, _q("context-group"), purpose="location")
        etree.SubElement(group, _q("context"), {"context-type": "sourcefile"}).text = source_file
        etree.SubElement(group, _q("context"), {"context-type": "linenumber"}).text = str(unit.line)
        if unit.id in notes:
            _fill(etree.SubElement(element, _q("note"), {"from": "quangba"}), [notes[unit.id]], where)
    _indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"


def export_xliff(project: Project, lang: str, out: Path, pages: list[str] | None = None,
                 stale_only: bool = False) -> list[Path]:
    """One XLIFF 1.2 file per page into `out/<lang>/<page>.xlf`; the paths written."""
    _check_lang(project, lang)
    corpus = Corpus.load(project)
    if pages:
        keys = []
        for page in pages:
            key = page if page.endswith(".md") or corpus.page(corpus.source_language, page) else page + ".md"
            _source_page(corpus, key)
            keys.append(key)
    else:
        keys = corpus.keys()
    written = []
    for key in keys:
        if stale_only:
            source = _source_page(corpus, key)
            translation = corpus.page(lang, key)
            if translation is not None and str(translation.meta.get("source_hash", "")) == page_source_hash(source):
                continue
        data = _xliff_for(corpus, lang, key)
        path = out / lang / (key[:-3] + ".xlf" if key.endswith(".md") else key + ".xlf")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


# -- import -----------------------------------------------------------------------------


class _Refused(Exception):
    pass


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _flat(element) -> str:
    """A <source>'s Markdown: its text with each code's content."""
    return "".join(element.itertext()) if element is not None else ""


def _target_pieces(element, unit_id: str) -> list:
    pieces: list = []

    def walk(node) -> None:
        if node.text:
            pieces.append(node.text)
        for child in node:
            name = _local(child)
            if name in ("bpt", "ept", "ph"):
                pieces.append((name, child.get("id")))
            elif name == "mrk":  # segmentation markers of some CAT tools: transparent
                walk(child)
            elif name:
                raise _Refused(
                    T_("unit `{unit_id}`: inline element <{name}> is not one quangba wrote (this file's codes are <bpt>, <ept> and <ph>)", unit_id=unit_id, name=name)
                )
            if child.tail:
                pieces.append(child.tail)

    walk(element)
    return pieces


def _describe(code: Code) -> str:
    return f"<{code.kind} id=\"{code.id}\"> ({'a line break' if code.ctype == 'lb' else '`' + code.markup + '`'})"


def _restore(unit: Unit, raw: list) -> str:
    """The target's Markdown with the source's inline codes; refuse broken codes."""
    known = {(c.kind, c.id): c for c in unit.codes}
    seen: set[tuple[str, str]] = set()
    stack: list[str] = []
    out: list[str] = []
    for piece in raw:
        if isinstance(piece, str):
            text = unicodedata.normalize("NFC", piece)
            text = re.sub(r"\s*\n\s*", " ", text)
            if unit.kind == "cell":
                text = re.sub(r"(?<!\\)\|", r"\\|", text)
            if unit.kind == "admonition" and '"' in text:
                raise _Refused(T_('unit `{id}`: a note title cannot contain `"`: use “ ” instead', id=unit.id))
            out.append(text)
            continue
        kind, code_id = piece
        if code_id is None:
            raise _Refused(T_("unit `{id}`: an inline code <{kind}> has no id: put back the source's code", id=unit.id, kind=kind))
        code = known.get((kind, code_id))
        if code is None:
            raise _Refused(
                T_('unit `{id}`: unknown inline code <{kind} id="{code_id}">: the source of this unit has {value}', id=unit.id, kind=kind, code_id=code_id, value=', '.join(_describe(c) for c in unit.codes) or 'no inline codes')
            )
        if (kind, code_id) in seen:
            raise _Refused(T_('unit `{id}`: inline code {describe} appears twice: keep it once', id=unit.id, describe=_describe(code)))
        seen.add((kind, code_id))
        if kind == "bpt":
            stack.append(code_id)
        elif kind == "ept":
            if code_id not in stack:
                raise _Refused(
                    T_('unit `{id}`: inline code {describe} closes before it opens: put <bpt id="{code_id}"> first', id=unit.id, describe=_describe(code), code_id=code_id)
                )
            if stack[-1] != code_id:
                raise _Refused(
                    T_('unit `{id}`: inline codes {code_id} and {value} overlap (<bpt id="{code_id}"> … <bpt id="{value}"> … <ept id="{code_id}">): close the inner one first', id=unit.id, code_id=code_id, value=stack[-1])
                )
            stack.pop()
        out.append(code.markup)
    missing = [c for c in unit.codes if (c.kind, c.id) not in seen]
    if missing:
        raise _Refused(
            T_("unit `{id}`: inline code {code} is missing from the target{more}: keep every inline code of the source exactly once",
               id=unit.id, code=_describe(missing[0]), more=T_(" (and {count} more)", count=len(missing) - 1) if len(missing) > 1 else "")
        )
    text = "".join(out)
    return text.strip()


def _changed_units(old: list[tuple[str, str]], new: list[Unit]) -> str:
    """Which units differ between the exported sources and the current source."""
    new_list = [(u.id, u.markdown) for u in new if u.translatable]
    lines = {u.id: u.line for u in new}
    matcher = difflib.SequenceMatcher(a=[t for _, t in old], b=[t for _, t in new_list], autojunk=False)
    changed, removed, added = [], [], []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "replace":
            pairs = min(a2 - a1, b2 - b1)
            changed += [f"{old[a1 + i][0]} (now line {lines[new_list[b1 + i][0]]})" for i in range(pairs)]
            removed += [old[i][0] for i in range(a1 + pairs, a2)]
            added += [f"{new_list[i][0]} (line {lines[new_list[i][0]]})" for i in range(b1 + pairs, b2)]
        elif tag == "delete":
            removed += [old[i][0] for i in range(a1, a2)]
        elif tag == "insert":
            added += [f"{new_list[i][0]} (line {lines[new_list[i][0]]})" for i in range(b1, b2)]

    def listing(items: list[str]) -> str:
        return ", ".join(items[:12]) + (f" and {len(items) - 12} more" if len(items) > 12 else "")

    parts = []
    if changed:
        parts.append(f"changed units: {listing(changed)}")
    if removed:
        parts.append(f"units no longer in the source: {listing(removed)}")
    if added:
        parts.append(f"new in the source: {listing(added)}")
    return "; ".join(parts) or "no translatable text changed (only markup, link targets or code blocks)"


def _scalar(value: str) -> str:
    """A YAML scalar: plain when that reads back as the same string, else double-quoted."""
    if value and value == value.strip() and "\n" not in value and value[0] not in "\"'":
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:")


def _front_slices(text: str) -> tuple[str, dict[str, str]]:
    """An existing translation's front matter: the text before the first key (comments),
    and each top-level key's lines as written."""
    match = FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return "", {}
    lines = (match.group(1) or "").splitlines(keepends=True)
    preamble, slices, current = [], {}, None
    for line in lines:
        key = _TOP_KEY.match(line)
        if key:
            current = key.group(1)
            slices[current] = line
        elif current is None:
            preamble.append(line)
        else:
            slices[current] += line
    return "".join(preamble), slices


def _front_matter(values: dict[str, Any], existing: Page | None) -> str:
    """The translation's front matter; lines of the existing translation are kept as written
    where the value does not change."""
    preamble, slices = _front_slices(existing.text) if existing is not None else ("", {})
    old = existing.meta if existing is not None else {}
    out = [preamble]
    for name, value in values.items():
        if name in slices and old.get(name) == value:
            text = slices[name]
            out.append(text if text.endswith("\n") else text + "\n")
        elif name == "image":
            out.append("image:\n" + "".join(f"  {k}: {_scalar(v)}\n" for k, v in value.items()))
        elif name == "tags":
            out.append("tags:\n" + "".join(f"  - {_scalar(v)}\n" for v in value))
        elif name == "draft":
            out.append(f"draft: {'true' if value else 'false'}\n")
        elif name == "source_hash":
            out.append(f'source_hash: "{value}"\n')
        else:
            out.append(f"{name}: {_scalar(value)}\n")
    return "".join(out)


def _anchor_ids(project: Project, page: Page) -> list[str | None]:
    """The anchor of each heading of a page (None for those with an explicit id)."""
    from quangba.core.outline import outline
    from quangba.core.slugs import slug_function, unique_ids

    headings = outline(page).headings
    slugify, separator = slug_function(project)
    explicit = {h.explicit_id for h in headings if h.explicit_id}
    generated = iter(unique_ids([h.text for h in headings if not h.explicit_id], slugify, separator, explicit))
    return [None if h.explicit_id else next(generated) for h in headings]


def _remap_anchors(corpus: Corpus, lang: str, key: str, source: Page, new_page: Page, units: list[Unit]) -> dict[str, str]:
    """Link destinations with a `#fragment` naming a source heading -> the same heading's
    anchor in the translation (this page, or the other page's existing translation)."""
    project = corpus.project
    mapping: dict[str, str] = {}
    cache: dict[str, dict[str, str]] = {}

    def table(target_key: str) -> dict[str, str]:
        if target_key not in cache:
            cache[target_key] = {}
            vi = corpus.page(corpus.source_language, target_key)
            tr = new_page if target_key == key else corpus.page(lang, target_key)
            if vi is not None and tr is not None and not vi.problems and not tr.problems:
                mine, theirs = _anchor_ids(project, vi), _anchor_ids(project, tr)
                if len(mine) == len(theirs):
                    cache[target_key] = {a: b for a, b in zip(mine, theirs) if a and b}
        return cache[target_key]

    for unit in units:
        for code in unit.codes:
            url = code.url
            if "#" not in url or "://" in url or url.startswith(("mailto:", "//")):
                continue
            path, _, fragment = url.partition("#")
            if path and not path.endswith(".md"):
                continue
            target_key = posixpath.normpath(posixpath.join(posixpath.dirname(key), path)) if path else key
            new = table(target_key).get(fragment)
            if new and new != fragment:
                mapping[url] = f"{path}#{new}"
    return mapping


def _structure(units: list[Unit]) -> list[tuple]:
    return [(u.shape, sorted(c.sig for c in u.codes)) for u in units]


def _splice(body: str, units: list[Unit], markdown: dict[str, str]) -> str:
    """The body with the text of each unit in `markdown` replaced."""
    data = body.encode("utf-8")
    for unit in sorted((u for u in units if u.span is not None and u.id in markdown), key=lambda u: -u.span[0]):
        start, stop = unit.span
        data = data[:start] + markdown[unit.id].encode("utf-8") + data[stop:]
    return data.decode("utf-8")


def _build(corpus: Corpus, lang: str, key: str, source: Page, units: list[Unit],
           targets: dict[str, list]) -> str:
    """The translation's text: the source rebuilt with the targets."""
    project = corpus.project
    missing = False
    markdown: dict[str, str] = {}
    for unit in units:
        if not unit.translatable:
            continue
        raw = targets.get(unit.id)
        text = _restore(unit, raw) if raw is not None else ""
        if not text:
            missing = True  # no target: the source's text stays, and UNT001 reports it
            continue
        markdown[unit.id] = text

    existing = corpus.page(lang, key)
    if existing is not None and existing.problems:
        existing = None
    values: dict[str, Any] = {}
    for name in ("title", "description", "place"):
        value = markdown.get(name) or source.meta.get(name)
        if isinstance(value, str):
            values[name] = value
    tags = source.meta.get("tags")
    if isinstance(tags, list) and tags:
        values["tags"] = [markdown.get(f"tags.{n}", tag) for n, tag in enumerate(tags, start=1)]
    image = source.meta.get("image")
    if isinstance(image, dict):
        translated = {}
        for name in ("alt", "caption"):
            value = markdown.get(f"image.{name}") or image.get(name)
            if isinstance(value, str) and value:
                translated[name] = value
        if translated:
            values["image"] = translated
    draft = existing.meta.get("draft") if existing is not None else None
    if missing or source.meta.get("draft"):
        draft = True  # nothing half-translated, and no translation of a draft, is published
    if draft is not None:
        values["draft"] = draft
    values["source_hash"] = page_source_hash(source)

    def assemble(body_text: str) -> str:
        return "---\n" + _front_matter(values, existing) + "---\n" + body_text

    new_page = parse_text(assemble(_splice(source.body, units, markdown)), lang, key, project.lang_dir(lang) / key)
    if new_page.problems:
        raise _Refused(T_('the translated front matter does not read back: {message}', message=new_page.problems[0].message))
    body_list = [u for u in units if u.kind != "field"]
    mine, theirs = _structure(body_list), _structure(body_units(new_page.body, new_page.body_line))
    if mine != theirs:
        # the first block that differs; when that block kept the source's text, the
        # translation of a block before it spilled over (a line that became a list item…)
        index = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b), min(len(mine), len(theirs)))
        index = max(0, min(index, len(body_list) - 1))
        while index > 0 and body_list[index].id not in markdown:
            index -= 1
        culprit = body_list[index].id if body_list else "?"
        raise _Refused(
            T_("unit `{culprit}`: its translation changes the page's Markdown structure (it starts a heading, list or table, or adds emphasis or a link with `#`, `-`, `1.`, `*`, `_`, `[` …): escape that character with a backslash (`\\*`, `1\\.`)", culprit=culprit)
        )
    anchors = _remap_anchors(corpus, lang, key, source, new_page, units)
    if not anchors:
        return new_page.text
    for unit in units:  # `#anchor`s of source headings become the translated headings' anchors
        moved = False
        for code in unit.codes:
            if code.url in anchors and code.kind in ("ept", "ph"):
                code.markup = code.markup.replace(code.url, anchors[code.url], 1)
                moved = True
        if moved:
            markdown[unit.id] = _restore(unit, targets[unit.id]) if unit.id in markdown else unit.markdown
    return assemble(_splice(source.body, units, markdown))


def _read_file(project: Project, corpus: Corpus, path: Path) -> list[tuple[str, str, Path, str]]:
    """(lang, key, output path, text) for each <file> of an XLIFF document."""
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except OSError as exc:
        raise _Refused(T_('cannot read the file: {exc}', exc=exc)) from exc
    except etree.XMLSyntaxError as exc:
        raise _Refused(T_('not well-formed XML: {exc}', exc=exc)) from exc
    root = tree.getroot()
    if root.tag != _q("xliff"):
        raise _Refused(T_('not an XLIFF 1.2 file (root element {tag}, expected <xliff> in namespace {NS})', tag=root.tag, NS=NS))
    files = root.findall(_q("file"))
    if not files:
        raise _Refused(T_('no <file> element'))
    results = []
    for file in files:
        original = file.get("original", "")
        prefix = f"docs/{project.source_language}/"
        if not original.startswith(prefix):
            raise _Refused(T_('<file original="{original}"> is not a page of {prefix}: was it exported by `quangba xliff export`?', original=original, prefix=prefix))
        key = original[len(prefix):]
        lang = file.get("target-language", "")
        try:
            _check_lang(project, lang)
        except QuangbaError as exc:
            raise _Refused(T_('target-language: {exc}', exc=exc)) from exc
        source = corpus.page(project.source_language, key)
        if source is None:
            raise _Refused(T_('{original}: no such source page (renamed or deleted since the export?)', original=original))
        if source.problems:
            raise _Refused(f"{original}:{source.problems[0].line}: {source.problems[0].message}")
        exported = None
        for prop in file.iterfind(f"{_q('header')}/{_q('prop-group')}/{_q('prop')}"):
            if prop.get("prop-type") == HASH_PROP:
                exported = (prop.text or "").strip()
        if not exported:
            for note in file.iterfind(f"{_q('header')}/{_q('note')}"):
                found = _HASH_NOTE.search(note.text or "")
                if found:
                    exported = found.group(1)
        if not exported:
            raise _Refused(T_('no source hash in the <header>: export the page again with `quangba xliff export`'))
        units = page_units(source)
        xliff_units = {}
        order = []
        for element in file.iter(_q("trans-unit")):
            unit_id = element.get("id", "")
            if unit_id in xliff_units:
                raise _Refused(T_('unit `{unit_id}` appears twice', unit_id=unit_id))
            xliff_units[unit_id] = element
            order.append((unit_id, _flat(element.find(_q("source")))))
        current = page_source_hash(source)
        if exported != current:
            raise _Refused(
                T_('{original} changed since this file was exported (source_hash {exported}, now {current}): {changed_units}. Export it again (`quangba xliff export {key} --lang {lang} --out DIR`) and carry the translation over in your CAT tool', original=original, exported=exported, current=current, changed_units=_changed_units(order, units), key=key, lang=lang)
            )
        known = {u.id: u for u in units}
        for unit_id in xliff_units:
            if unit_id not in known or not known[unit_id].translatable:
                raise _Refused(T_('unit `{unit_id}` is not a unit of {original}', unit_id=unit_id, original=original))
        targets = {}
        for unit_id, element in xliff_units.items():
            target = element.find(_q("target"))
            if target is not None:
                targets[unit_id] = _target_pieces(target, unit_id)
        text = _build(corpus, lang, key, source, units, targets)
        results.append((lang, key, project.lang_dir(lang) / key, text))
    return results


def import_xliff(project: Project, files: list[Path]) -> list[Path]:
    """Write the translations of XLIFF files back as Markdown; the paths written. Nothing is
    written when any file is refused."""
    if not files:
        raise QuangbaError(T_('give the XLIFF files to import: quangba xliff import FILE.xlf …'))
    corpus = Corpus.load(project)
    staged: dict[Path, tuple[str, str]] = {}
    errors = []
    for path in files:
        try:
            for lang, key, out, text in _read_file(project, corpus, path):
                if out in staged:
                    raise _Refused(T_('docs/{lang}/{key} is also in {value}: import one of them', lang=lang, key=key, value=staged[out][0]))
                staged[out] = (str(path), text)
        except _Refused as exc:
            errors.append(f"{path}: {exc}")
    if errors:
        raise ContentError(T_("{errors}\nnothing was written", errors="\n".join(errors)))
    written = []
    for out, (_, text) in staged.items():
        out.parent.mkdir(parents=True, exist_ok=True)
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            out.write_text(text, encoding="utf-8")
        written.append(out)
    return written
