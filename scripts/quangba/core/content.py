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

    def line_of(self, key: str) -> int:
        """The line of a front-matter key, `image` or `image.src` (its parent's, else 1)."""
        while key not in self.key_lines and "." in key:
            key = key.rsplit(".", 1)[0]
        return self.key_lines.get(key, 1)

    @property
    def title(self) -> str:
        title = self.meta.get("title")
        return title if isinstance(title, str) else Path(self.key).stem


def _yaml_line(exc: yaml.YAMLError) -> int:
    # The context mark is where the broken construct began (an unclosed `[`), which is the
    # line the editor has to fix; the problem mark is where the parser gave up.
    mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else 1


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
            page.problems.append(ParseProblem(1, "SYN001", "front matter is not closed: add a line `---` after it"))
        return page
    front = match.group(1) or ""
    page.body = text[match.end():]
    page.body_line = text[: match.end()].count("\n") + 1
    try:
        data, key_lines = _load_front_matter(front)
    except ValueError as exc:  # YAML read a timestamp that is no real date (2025-13-40)
        page.problems.append(ParseProblem(_impossible_date_line(front), "SYN001", f"front matter has an impossible date: {exc}"))
        return page
    except yaml.YAMLError as exc:
        # +1 for the opening `---` line
        line = _yaml_line(exc) + 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        page.problems.append(ParseProblem(line, "SYN001", f"front matter is not valid YAML: {reason}"))
        return page
    if data is None:
        data = {}
    if not isinstance(data, dict):
        page.problems.append(ParseProblem(2, "SYN001", "front matter must be a mapping of `key: value` lines"))
        return page
    page.meta = {str(k): v for k, v in data.items()}
    page.key_lines = key_lines
    return page


def read_page(path: Path, lang: str, key: str) -> Page:
    """Read one file from disk; unreadable or non-UTF-8 files become problems."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        page = Page(lang=lang, key=key, path=path)
        page.problems.append(ParseProblem(1, "SYN005", f"cannot read the file: {exc.strerror}"))
        return page
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        page = Page(lang=lang, key=key, path=path)
        page.problems.append(
            ParseProblem(line, "SYN005", "the file is not UTF-8 text: save it as UTF-8 in your editor")
        )
        return page
    if "\x00" in text:
        page = Page(lang=lang, key=key, path=path)
        page.problems.append(ParseProblem(1, "SYN005", "the file is binary, not Markdown text"))
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
