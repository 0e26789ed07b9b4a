"""One content file: front matter and Markdown body, read without MkDocs.

Bad input never raises: an unreadable file, non-UTF-8 bytes or broken YAML become
`ParseProblem`s with a line number, and the page gets empty metadata.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from quangba.core.messages import T_, Text

_FIELD_LINE = re.compile(r"(?:type|title|description|draft|source_hash|date|image|facts|sources):[ \t\n]")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass(frozen=True)
class ParseProblem:
    line: int
    code: str
    message: str


@dataclass
class Page:
    """A content file. `key` is its path relative to its language root (`heritage/tan-trao.md`)."""

    lang: str
    key: str
    path: Path
    text: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line number of the body's first line in the file
    key_lines: dict[str, int] = field(default_factory=dict)
    problems: list[ParseProblem] = field(default_factory=list)

    def __getstate__(self) -> dict[str, Any]:
        """What the page cache stores: the file's fields and its outline (the costly parse),
        not what rules memoise on the page (facts, mismatches), which is cheaper to recompute
        than to pickle."""
        return {name: value for name, value in self.__dict__.items() if not name.startswith("_") or name == "_outline"}

    def line_of(self, key: str) -> int:
        """The line of a front-matter key, `image` or `image.src` (its parent's, else 1)."""
        while key not in self.key_lines and "." in key:
            key = key.rsplit(".", 1)[0]
        return self.key_lines.get(key, 1)

    @property
    def title(self) -> str:
        title = self.meta.get("title")
        return title if isinstance(title, str) else Path(self.key).stem


def _quoted(value: str) -> str:
    """`value` as a YAML string in double quotes (single quotes when it holds a `"`)."""
    value = value.strip()
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def explain_yaml_error(text: str, exc: yaml.YAMLError, offset: int = 0) -> tuple[int, Text]:
    """The line (1-based in `text`, plus `offset` for what comes before it) and a message in plain words, with the fix, for the
    YAML mistakes editors make: a `: ` inside a value, a tab, a bad indent, an unclosed quote
    or bracket, a value that starts with a sign YAML reserves. Others keep the parser's words."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None) or ""
    mark = getattr(exc, "problem_mark", None)
    start = getattr(exc, "context_mark", None)
    lines = text.split("\n")
    number = mark.line if mark is not None else 0
    line = lines[number] if number < len(lines) else ""
    column = mark.column if mark is not None else 0
    for index, candidate in enumerate(lines[: number + 1 + offset]):
        if "\t" in candidate[: len(candidate) - len(candidate.lstrip(" \t"))] or (
                index == number and "cannot start any token" in problem and line[column:column + 1] == "\t"):
            return index + 1 + offset, T_("line {line} starts with a tab: YAML indents with spaces only; replace the tab with "
                                 "two spaces", line=index + 1 + offset)
    key, sep, value = line.strip().partition(": ")
    if "mapping values are not allowed" in problem:
        first = line.find(": ")
        if sep and 0 <= first < column and not key.startswith(("-", "#")):
            return number + 1 + offset, T_("line {line}: the value of `{key}` contains `: `, which YAML reads as a new field: "
                                  "put the value in double quotes: `{key}: {fixed}`",
                                  line=number + 1 + offset, key=key, fixed=_quoted(value))
        return number + 1 + offset, T_("line {line} is indented more than the line above, which is not a field that opens a "
                              "group (like `image:`): give it the same indentation as the line above",
                              line=number + 1 + offset)
    if "while scanning a quoted scalar" in context and start is not None:
        return start.line + 1 + offset, T_("line {line}: a quote mark opens the value but none closes it: end the value with "
                                  "the same quote mark", line=start.line + 1 + offset)
    if context.startswith("while parsing a flow") and start is not None:
        opened = lines[start.line] if start.line < len(lines) else ""
        key, _, value = opened.strip().partition(": ")
        return start.line + 1 + offset, T_("line {line}: a value that starts with `[` or `{{` is read as a list or a mapping, "
                                  "and this one is not closed: put the value in double quotes: `{key}: {fixed}`",
                                  line=start.line + 1 + offset, key=key, fixed=_quoted(value))
    if "while scanning an alias" in context or "while scanning an anchor" in context or "while scanning a tag" in context \
            or "cannot start any token" in problem:
        return number + 1 + offset, T_("line {line}: the value of `{key}` starts with a sign YAML reserves (`*`, `&`, `!`, `@`, "
                              "`%` or a backquote): put the value in double quotes: `{key}: {fixed}`",
                              line=number + 1 + offset, key=key, fixed=_quoted(value))
    if "did not find expected key" in problem or "expected <block end>" in problem:
        stripped = line.strip()
        if stripped.startswith("- ") or stripped == "-":
            return number + 1 + offset, T_("line {line} is a list item (`- …`) where a field `name: value` is expected: put "
                                  "the list under its field, indented (`sources:` then `  - …`), or remove the `- `",
                                  line=number + 1 + offset)
        if sep and value[:1] in "\"'" and value.rstrip()[-1:] != value[:1]:
            return number + 1 + offset, T_("line {line}: the value of `{key}` starts with a quote mark, so it must also end "
                                  "with one: put the whole value in quotes: `{key}: {fixed}`",
                                  line=number + 1 + offset, key=key, fixed=_quoted(value))
        above = [candidate for candidate in lines[:number] if candidate.strip() and not candidate.lstrip().startswith("#")]
        if above and _indent(line) != _indent(above[-1]):
            return number + 1 + offset, T_("line {line} is not indented like the fields beside it: fields inside a group "
                                  "(like `image:`) all take the same number of spaces", line=number + 1 + offset)
    return number + 1 + offset, T_("not valid YAML: {reason} (line {line}, column {column}); a value with `: `, or with "
                          "`#` or a quote mark at its start, needs double quotes",
                          reason=problem, line=number + 1 + offset, column=column + 1)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10× faster


def _key_lines(node: yaml.Node) -> dict[str, int]:
    """Line of each front-matter key, nested keys as `image.src`."""
    lines: dict[str, int] = {}

    def walk(mapping: yaml.Node, prefix: str) -> None:
        if not isinstance(mapping, yaml.MappingNode):
            return
        for key, value in mapping.value:
            if isinstance(key, yaml.ScalarNode):
                # +2: one for 1-based lines, one for the opening `---`
                lines[prefix + key.value] = key.start_mark.line + 2
                walk(value, prefix + key.value + ".")

    walk(node, "")
    return lines


def _load_front_matter(front: str) -> tuple[object, dict[str, int]]:
    """Parse once: the data and the line of every key."""
    loader = _Loader(front)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        return data, _key_lines(node) if node is not None else {}
    finally:
        loader.dispose()


_DATE_LIKE = re.compile(r":\s*(\d{4})-(\d{1,2})-(\d{1,2})\b")


def _impossible_date_line(front: str) -> int:
    import datetime as dt

    for number, line in enumerate(front.split("\n"), start=2):
        match = _DATE_LIKE.search(line)
        if match:
            try:
                dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                return number
    return 2


def parse_text(text: str, lang: str, key: str, path: Path) -> Page:
    """Split front matter from body and load it; problems are recorded, never raised."""
    page = Page(lang=lang, key=key, path=path, text=text)
    if text.startswith("\ufeff"):
        text = text[1:]
    match = FRONT_MATTER.match(text)
    if not match:
        page.body = text
        if text.lstrip().startswith("---"):
            page.problems.append(ParseProblem(1, "SYN001", T_('front matter is not closed: add a line `---` after it')))
        elif _FIELD_LINE.match(text.lstrip("\n")):
            closing = re.search(r"^---[ \t]*$", text, re.M)
            page.problems.append(ParseProblem(1, "SYN001", T_(
                "the front matter has no opening `---`: add a line `---` as the very first line of the file")
                if closing else T_("the fields at the top are not marked as front matter: put a line `---` before "
                                   "the first field and another after the last one")))
        return page
    front = match.group(1) or ""
    page.body = text[match.end():]
    page.body_line = text[: match.end()].count("\n") + 1
    try:
        data, key_lines = _load_front_matter(front)
    except ValueError as exc:  # YAML read a timestamp that is no real date (2025-13-40)
        page.problems.append(ParseProblem(_impossible_date_line(front), "SYN001", T_('front matter has an impossible date: {exc}', exc=exc)))
        return page
    except yaml.YAMLError as exc:
        line, message = explain_yaml_error(front, exc, offset=1)  # 1: the opening `---` line
        page.problems.append(ParseProblem(line, "SYN001", message))
        return page
    if data is None:
        data = {}
    if not isinstance(data, dict):
        page.problems.append(ParseProblem(2, "SYN001", T_('front matter must be a mapping of `key: value` lines')))
        return page
    page.meta = {str(k): v for k, v in data.items()}
    page.key_lines = key_lines
    return page


def read_page(path: Path, lang: str, key: str, raw: bytes | None = None) -> Page:
    """Read one file from disk (or its bytes `raw`, already read); unreadable or non-UTF-8
    files become problems."""
    try:
        raw = path.read_bytes() if raw is None else raw
    except OSError as exc:
        page = Page(lang=lang, key=key, path=path)
        page.problems.append(ParseProblem(1, "SYN005", T_('cannot read the file: {strerror}', strerror=exc.strerror)))
        return page
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        page = Page(lang=lang, key=key, path=path)
        page.problems.append(
            ParseProblem(line, "SYN005", T_('the file is not UTF-8 text: save it as UTF-8 in your editor'))
        )
        return page
    if "\x00" in text:
        page = Page(lang=lang, key=key, path=path)
        page.problems.append(ParseProblem(1, "SYN005", T_('the file is binary, not Markdown text')))
        return page
    return parse_text(text, lang, key, path)


_WS = re.compile(r"\s+")


def normalized_for_hash(text: str) -> str:
    """The source text with what cannot matter removed: Unicode form, line wrapping, spacing.

    Paragraph breaks (blank lines) are kept: splitting or merging paragraphs is a change.
    """
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff")).replace("\r\n", "\n")
    blocks = re.split(r"\n[ \t]*\n", text)
    return "\n\n".join(_WS.sub(" ", b).strip() for b in blocks if b.strip())


def source_hash(text: str) -> str:
    """The hash a translation records of the source version it translates."""
    return hashlib.sha256(normalized_for_hash(text).encode("utf-8")).hexdigest()[:16]
