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

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
    | pyromark.Options.ENABLE_FOOTNOTES | pyromark.Options.ENABLE_DEFINITION_LIST
)
_ADMONITION = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]*(?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')
# content tabs (pymdownx.tabbed): `=== "Python"` with an indented body
_TAB = re.compile(r'^(?P<indent>[ \t]*)===\+?[ \t]+"(?P<title>[^"]*)"[ \t]*$')
# pymdownx.blocks: `/// tip | Title` … `///`, nested with more slashes (`//// tab | Python`)
_BLOCK_OPEN = re.compile(r"^[ \t]*(?P<fence>/{3,})[ \t]*(?P<kind>[\w-]+)[ \t]*(?:\|[ \t]*(?P<title>.*?))?[ \t]*$")
_BLOCK_CLOSE = re.compile(r"^[ \t]*(?P<fence>/{3,})[ \t]*$")
_BLOCK_TABS = {"tab"}
_BLOCK_CONTAINERS = {"html", "define", "caption", "figure-caption", "table-caption", "details-cont"}
# a whole line that includes another file or calls a template: code, never text or figures
_DIRECTIVE_LINE = re.compile(
    r"^[ \t]*(?:\{\*.*\*\}|-{1,2}8<-{1,2}.*|\{!.*!\}|\{%-?\s*(?P<jinja>\w+).*?%\}|"
    r"\{\{[<%]\s*(?P<short>/?[\w./-]+).*?[>%]\}\})[ \t]*$"
)
# Hugo's comment shortcode, `{{< comment >}} … {{< /comment >}}` (or with `%`)
_COMMENT_OPEN = re.compile(r"^[ \t]*\{\{[<%]\s*comment\s*[>%]\}\}")
_COMMENT_CLOSE = re.compile(r"\{\{[<%]\s*/comment\s*[>%]\}\}")
# templating inside a line (Hugo shortcodes, Jinja or mkdocs-macros): blanked, kept out of the text
_TEMPLATE = re.compile(r"\{\{[<%].*?[>%]\}\}|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\*.*?\*\}")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# stands for templating, byte for byte, so that the parsed text and the page's own text have
# the same offsets (the security rules read the latter at the parser's code ranges)
_MASK = "\x1a"
_IMG_TAG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)
_IMG_ALT = re.compile(r"\balt\s*=\s*[\"']([^\"']*)", re.I)
_HTML_BLOCK = re.compile(r"<(details|div|figure|table|iframe|video|audio|section|aside|blockquote|dl|pre)\b", re.I)
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
    prose: str | None = None  # the text without its inline code, when it has some
    linked: int = 0  # characters of the text that are link or image text (a cited title)


@dataclass(frozen=True)
class Directive:
    """An include, snippet, shortcode, template call or HTML block element: the same in
    every language."""

    name: str
    line: int


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
    directives: list[Directive] = field(default_factory=list)
    tabs: list[Admonition] = field(default_factory=list)  # content tabs (their labels are names)
    paragraphs: list[int] = field(default_factory=list)  # line of each paragraph
    # the page's shape in document order: ("h2" | "p" | "list" | "table" | "code" |
    # "note:tip" | "include:…" | "img:…", line), what STR008 aligns with the source's
    shape: list[tuple[str, int]] = field(default_factory=list)
    suppressed: dict[int, set[str]] = field(default_factory=dict)  # line -> codes ("*" = all)
    # the text that was parsed (the body, admonitions dedented, same lines) and the byte
    # ranges in it of code spans and code blocks: what Markdown never reads as HTML
    parsed_text: str = ""
    code_ranges: list[tuple[int, int]] = field(default_factory=list)

    def is_suppressed(self, line: int, code: str) -> bool:
        codes = self.suppressed.get(line)
        return bool(codes) and ("*" in codes or any(code.startswith(c) for c in codes))


def _dedent_body(out: list[str], index: int, indent: int, raw: list[str]) -> None:
    """Dedent the indented body after line `index` by 4, in place (in `raw` the same way)."""
    body = index + 1
    while body < len(out):
        text = out[body]
        if text.strip() == "":
            body += 1
            continue
        if len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip()) < indent + 4:
            break
        out[body] = text.expandtabs(4)[4:]
        raw[body] = raw[body].expandtabs(4)[4:]
        body += 1


def _blank(text: str) -> str:
    """Spaces of the same length in bytes: the line reads as blank, offsets stay."""
    return " " * len(text.encode("utf-8"))


def _mask(text: str) -> str:
    return _TEMPLATE.sub(lambda m: _MASK * len(m.group(0).encode("utf-8")), text) if "{" in text else text


def _strip_admonitions(lines: list[str], first_line: int, outline: Outline, raw: list[str] | None = None) -> list[str]:
    """Blank the openers of admonitions (`!!!`, `???`, `/// note`), content tabs (`===`,
    `/// tab`) and directive lines, dedent indented bodies, so the rest parses as Markdown at
    the same line numbers; record each. Templating inside lines is masked. Fenced code is
    left as it is."""
    out = list(lines)
    raw = raw if raw is not None else list(lines)  # the same text with only what the parse must not see changed
    fence: str | None = None
    blocks_open: list[str] = []  # fences of open `///` blocks
    index = 0
    while index < len(out):
        text = out[index]
        line = first_line + index
        opened = _FENCE.match(text)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence) and not text.strip()[len(opened.group(1)):].strip():
                fence = None
            index += 1
            continue
        if opened:
            fence = opened.group(1)
            index += 1
            continue
        match = _ADMONITION.match(text)
        if match:
            indent = len(match.group("indent").expandtabs(4))
            outline.admonitions.append(Admonition(match.group("kind"), match.group("title"), line))
            outline.shape.append((f"note:{match.group('kind')}", line))
            if match.group("title"):
                column = text.index('"') + 2
                outline.blocks.append(Block("admonition", match.group("title"), line, column))
            out[index] = raw[index] = ""
            _dedent_body(out, index, indent, raw)
            index += 1  # nested admonitions are handled as the scan reaches them
            continue
        match = _TAB.match(text)
        if match:
            outline.tabs.append(Admonition("tab", match.group("title"), line))
            out[index] = raw[index] = ""
            _dedent_body(out, index, len(match.group("indent").expandtabs(4)), raw)
            index += 1
            continue
        match = _BLOCK_OPEN.match(text)
        if match and "/" not in match.group("kind"):
            kind, title = match.group("kind"), match.group("title")
            if kind in _BLOCK_TABS:
                outline.tabs.append(Admonition("tab", title, line))
            elif kind not in _BLOCK_CONTAINERS:
                outline.admonitions.append(Admonition(kind, title or None, line))
                outline.shape.append((f"note:{kind}", line))
                if title:
                    outline.blocks.append(Block("admonition", title, line, text.index(title) + 1))
            blocks_open.append(match.group("fence"))
            out[index] = _blank(text)
            index += 1
            while index < len(out) and out[index].startswith(("    ", "\t")) and ":" in out[index]:
                out[index] = _blank(out[index])  # the block's options (`    type: warning`)
                index += 1
            continue
        match = _BLOCK_CLOSE.match(text)
        if match and blocks_open and match.group("fence") in blocks_open:
            while blocks_open and blocks_open.pop() != match.group("fence"):
                pass
            out[index] = _blank(text)
            index += 1
            continue
        if _COMMENT_OPEN.match(text):
            # Hugo's comment shortcode: what it encloses is never shown, so it is neither text
            # nor a directive a translation must keep
            while index < len(out):
                closing = _COMMENT_CLOSE.search(out[index])
                out[index] = _blank(out[index])
                index += 1
                if closing:
                    break
            continue
        match = _DIRECTIVE_LINE.match(text)
        if match:
            name = match.group("short") or match.group("jinja")
            if not (name or "").startswith("/") and (match.group("jinja") or "") not in ("end", "endif", "endfor", "else", "endblock", "endmacro", "endraw", "raw"):
                shown = name or " ".join(text.split())
                outline.directives.append(Directive(shown, line))
                outline.shape.append((f"directive:{shown}", line))
            out[index] = _blank(text)
            index += 1
            continue
        out[index] = _mask(text)
        index += 1
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
        self.starts = [0] + [match.end() for match in re.finditer(b"\n", self.data)]
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
    raw = list(lines)
    text = "\n".join(_strip_admonitions(lines, page.body_line, result, raw))
    positions = _Positions(text, page.body_line)
    # what HTML a reader sees (the security rules): the page's text, templating included,
    # at the same byte offsets as the parsed text
    result.parsed_text = "\n".join(raw)
    _walk(pyromark.events_with_range(text, options=_OPTIONS), positions, result)
    result.shape.sort(key=lambda item: item[1])
    page._outline = result  # type: ignore[attr-defined]
    return result


_TEXT_CONTAINERS = {"Paragraph", "Heading", "Item", "TableCell"}

# An id given in an attribute list (`{#id}`, `{: .class #id}`): an anchor a link may name.
ATTR_ID = re.compile(r"\{:?[^}]*#([^\s}]+)[^}]*\}")


def _walk(events: Any, positions: _Positions, result: Outline) -> None:
    stack: list[dict[str, Any]] = []  # open containers collecting text
    items_open = 0
    footnote = 0
    list_stack: list[int] = []  # index into result.lists of each open list
    table: dict[str, Any] | None = None
    code: dict[str, Any] | None = None
    link_stack: list[dict[str, Any]] = []

    def add_text(value: str) -> None:
        if stack:
            stack[-1]["text"].append(value)
            if link_stack:
                stack[-1]["linked"] = stack[-1].get("linked", 0) + len(value.strip())
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
                if name == "Item":
                    items_open += 1
                entry["code"] = []
                stack.append(entry)
            elif name == "FootnoteDefinition":
                footnote += 1
            elif name == "DefinitionList" and not list_stack:
                result.shape.append(("deflist", line))
            elif name == "List":
                if not list_stack:
                    result.shape.append(("list", line))
                result.lists.append(0)
                result.list_lines.append(line)
                list_stack.append(len(result.lists) - 1)
            elif name == "Table":
                result.shape.append(("table", line))
                table = {"rows": 0, "columns": len(value) if isinstance(value, (list, tuple)) else 0, "line": line}
            elif name in ("TableHead", "TableRow") and table is not None:
                table["rows"] += 1
            elif name == "CodeBlock":
                result.code_ranges.append((start, span["end"]))
                info = value.get("Fenced", "") if isinstance(value, dict) else ""
                code = {"info": info, "text": [], "line": line}
                if not list_stack:
                    result.shape.append(("code", line))
            elif name in ("Link", "Image"):
                link_stack.append({"kind": name, "target": value.get("dest_url", ""), "line": line, "column": column, "text": []})
            continue
        if "End" in event:
            tag = event["End"]
            name = tag if isinstance(tag, str) else next(iter(tag))
            if name in _TEXT_CONTAINERS and stack:
                entry = stack.pop()
                body = " ".join("".join(entry["text"]).replace(_MASK, "").split())
                prose = None
                if entry["code"]:
                    rest = "".join(entry["text"])
                    for span in entry["code"]:
                        rest = rest.replace(span, " ", 1)
                    prose = " ".join(rest.replace(_MASK, "").split())
                if name == "Item":
                    items_open -= 1
                if entry["kind"] == "heading":
                    result.headings.append(Heading(entry["level"], body, entry["line"], entry.get("id")))
                    result.shape.append((f"h{entry['level']}", entry["line"]))
                if entry["kind"] == "paragraph" and not items_open and not footnote and not table and body:
                    result.paragraphs.append(entry["line"])
                    result.shape.append(("p", entry["line"]))
                if body:
                    result.blocks.append(Block(entry["kind"], body, entry["line"], entry["column"], prose, entry.get("linked", 0)))
                if stack and name != "Item":
                    stack[-1]["text"].append(" ")
                    stack[-1]["code"].extend(entry["code"])
                    stack[-1]["linked"] = stack[-1].get("linked", 0) + entry.get("linked", 0)
            elif name == "FootnoteDefinition":
                footnote -= 1
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
                if _MASK in link["target"]:
                    continue  # a target made by a template: known only once the site is built
                item = Link(link["target"], link["line"], " ".join("".join(link["text"]).replace(_MASK, "").split()), link["column"])
                (result.images if name == "Image" else result.links).append(item)
                if name == "Image" and not list_stack:
                    result.shape.append((f"img:{link['target']}", link["line"]))
            continue
        if "Text" in event:
            if code is not None:
                code["text"].append(event["Text"])
            else:
                add_text(event["Text"])
        elif "Code" in event:
            # inline code stays in the text (a figure or a heading's anchor may be in it)
            add_text(event["Code"])
            if stack:
                stack[-1]["code"].append(event["Code"])
            result.code_ranges.append((start, span["end"]))
        elif "Html" in event or "InlineHtml" in event:
            html = event.get("Html") or event.get("InlineHtml")
            if "InlineHtml" in event and html[:3].lower() == "<br":
                add_text(" ")  # a line break separates words: `Config<br>by` is two
            line, column = positions.at(start)
            result.html.append(Link(html, line, html, column))
            for tag in _IMG_TAG.finditer(html):
                alt = _IMG_ALT.search(html, tag.start())
                result.images.append(Link(tag.group(1), line, alt.group(1) if alt else "", column))
                if not list_stack:
                    result.shape.append((f"img:{tag.group(1)}", line))
            if "Html" in event:
                for element in _HTML_BLOCK.finditer(html):
                    name = element.group(1).lower()
                    result.directives.append(Directive(f"<{name}>", line))
                    result.shape.append((f"directive:<{name}>", line))


def alignment(source: Outline, target: Outline) -> list[tuple[str, int, int, int, int]]:
    """The two pages' shapes aligned (difflib opcodes over `shape`): where a translation
    keeps, drops, adds or replaces paragraphs, sections, notes, directives and images."""
    from difflib import SequenceMatcher

    cached = getattr(target, "_alignment", None)
    if cached is not None and cached[0] is source:
        return cached[1]
    left = [kind for kind, _ in source.shape]
    right = [kind for kind, _ in target.shape]
    opcodes = SequenceMatcher(None, left, right, autojunk=False).get_opcodes()
    target._alignment = (source, opcodes)  # type: ignore[attr-defined]
    return opcodes


def target_line(source: Outline, target: Outline, index: int, body_line: int) -> int:
    """The line of the translation where the source's shape item `index` belongs: that of the
    item aligned with it, else of the next item the translation has (where it departs)."""
    for tag, i1, i2, j1, j2 in alignment(source, target):
        if i1 <= index < i2 or (i1 == i2 == index):
            if tag == "equal":
                return target.shape[j1 + index - i1][1]
            if j1 < len(target.shape):
                return target.shape[j1][1]
            return target.shape[-1][1] if target.shape else body_line
    return target.shape[-1][1] if target.shape else body_line


def dropped_source_lines(source: Outline, target: Outline, last_line: int) -> list[tuple[int, int]]:
    """Line ranges [start, end) of the source whose shape the translation leaves out
    entirely (a deleted section or paragraph): what is inside is reported once, as the
    missing piece, not figure by figure."""
    ranges = []
    for tag, i1, i2, j1, j2 in alignment(source, target):
        if tag == "delete":
            start = source.shape[i1][1]
            end = source.shape[i2][1] if i2 < len(source.shape) else last_line + 1
            ranges.append((start, end))
    return ranges
