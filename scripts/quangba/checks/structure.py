"""structure: a translation has the shape of its source.

Headings (levels, in order), list items, tables (rows × columns), code blocks,
admonitions, the set of images and the set of internal link targets are compared; the
finding points at the first place where the translation departs from the source.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable, Iterator, Sequence

from quangba.checks import finding, rule
from quangba.core.content import Page
from quangba.core.corpus import Corpus, TranslationSet
from quangba.core.findings import Finding, Severity
from quangba.core.outline import Outline, alignment, outline, target_line
from quangba.core.messages import T_


def _pairs(corpus: Corpus) -> Iterator[tuple[TranslationSet, Page, Outline, Outline]]:
    for tset in corpus.translation_sets():
        if tset.source is None or tset.source.problems:
            continue
        source = outline(tset.source)
        for page in tset.translations.values():
            if not page.problems:
                yield tset, page, source, outline(page)


def _first_difference(left: Sequence, right: Sequence) -> int:
    for index, (a, b) in enumerate(zip(left, right)):
        if a != b:
            return index
    return min(len(left), len(right))


def _compare(
    corpus: Corpus, code: str, what: str,
    items: Callable[[Outline], Sequence], lines: Callable[[Outline], Sequence[int]],
    describe: Callable[[object], str],
) -> Iterator[Finding]:
    for tset, page, source, target in _pairs(corpus):
        left, right = items(source), items(target)
        if list(left) == list(right):
            continue
        index = _first_difference(left, right)
        target_lines = lines(target)
        source_lines = lines(source)
        source_line = source_lines[index] if index < len(source_lines) else None
        if index >= len(target_lines) and source_line is not None:
            line = _where(source, target, source_line, page.body_line)  # where the missing one belongs
        else:
            line = target_lines[index] if index < len(target_lines) else (target_lines[-1] if target_lines else page.body_line)
        found = describe(right[index]) if index < len(right) else T_("nothing")
        expected = describe(left[index]) if index < len(left) else T_("nothing")
        where = T_(" (source line {line})", line=source_line) if source_line else ""
        yield finding(
            corpus, page, line, code,
            T_('{what} differ from the source: the source has {left_count}, this page {right_count}; first difference: expected {expected}{where}, found {found}', what=what, left_count=len(left), right_count=len(right), expected=expected, where=where, found=found),
        )


@rule("STR001", "heading-outline-differs", "structure", scope="set")
def heading_outline(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: headings whose number or levels differ from the source's (a `###`
    where the source has `##`, a section left out or added).

    Why it matters: readers and the table of contents rely on the same sections in every
    language, and a missing section is usually missing content.

    Example: the source has `## Lịch sử` and `## Tham quan`; the English page has only
    `## History`.

    Instead: give the translation the source's headings, in order, at the same levels.
    """
    yield from _compare(
        corpus, "STR001", T_("headings"),
        lambda o: [h.level for h in o.headings], lambda o: [h.line for h in o.headings],
        lambda level: T_("a level-{level} heading", level=level),
    )


@rule("STR002", "list-items-differ", "structure", scope="set")
def list_items(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: lists whose number of items differs from the source's.

    Why it matters: a missing item is a missing fact (an address, a step to invest, a
    product).

    Example: the source lists five neighbouring provinces, the Korean page four.

    Instead: translate every item; keep one item per source item.
    """
    yield from _compare(
        corpus, "STR002", T_("lists"),
        lambda o: o.lists, lambda o: o.list_lines, lambda count: T_("a list of {count} items", count=count),
    )


@rule("STR003", "table-shape-differs", "structure", scope="set")
def table_shape(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: tables whose rows × columns differ from the source's.

    Why it matters: a dropped row is a dropped figure; a merged column breaks the meaning.

    Example: the source's key-facts table has 6 rows, the Japanese one 5.

    Instead: keep the table's shape; translate each cell.
    """
    yield from _compare(
        corpus, "STR003", T_("tables"),
        lambda o: [(t.rows, t.columns) for t in o.tables], lambda o: [t.line for t in o.tables],
        lambda shape: T_("a table of {rows} rows × {columns} columns", rows=shape[0], columns=shape[1]),
    )


@rule("STR004", "code-blocks-differ", "structure", scope="set")
def code_blocks(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a different number of code blocks (fenced or indented) than the source.

    Why it matters: code blocks carry addresses, commands or data that must be in every
    language; an indented paragraph that turned into a code block shows as raw text.

    Example: a paragraph indented by four spaces in the translation.

    Instead: keep the source's code blocks; remove accidental indentation.
    """
    yield from _compare(
        corpus, "STR004", T_("code blocks"),
        lambda o: [1 for _ in o.code_blocks], lambda o: [c.line for c in o.code_blocks],
        lambda _: T_("a code block"),
    )


@rule("STR005", "admonitions-differ", "structure", scope="set")
def admonitions(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: notes and warnings (`!!! note`, `!!! warning`) that differ in number
    or kind from the source's.

    Why it matters: a warning left out (opening hours changed, a road closed) is exactly
    what a visitor needed.

    Example: the source has `!!! warning`, the translation `!!! note`.

    Instead: keep the same admonitions, of the same kinds, in the same order.
    """
    yield from _compare(
        corpus, "STR005", T_("admonitions"),
        lambda o: [a.kind for a in o.admonitions], lambda o: [a.line for a in o.admonitions],
        lambda kind: f"`!!! {kind}`",
    )


def _where(source: Outline, target: Outline, source_line: int, body_line: int) -> int:
    """The translation's line where something of the source's `source_line` belongs."""
    index = next((i for i, (_, line) in enumerate(source.shape) if line >= source_line), len(source.shape))
    return target_line(source, target, index, body_line)


def _set_findings(corpus: Corpus, code: str, what: str, targets: Callable[[Page, Outline], dict[str, int]]) -> Iterator[Finding]:
    for tset, page, source, target in _pairs(corpus):
        left, right = targets(tset.source, source), targets(page, target)
        for missing in sorted(set(left) - set(right)):
            line = _where(source, target, left[missing], page.body_line)
            yield finding(corpus, page, line, code, T_('{what} `{missing}` of the source (line {value}) is missing here', what=what, missing=missing, value=left[missing]))
        for extra in sorted(set(right) - set(left)):
            yield finding(corpus, page, right[extra], code, T_('{what} `{extra}` is not in the source', what=what, extra=extra))


def _resolve(page: Page, target: str) -> str:
    """A link or image target as a path relative to the language root (same for all)."""
    path = target.split("#")[0].split("?")[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(page.key), path)) if path else page.key


def _internal(target: str) -> bool:
    return bool(target) and "://" not in target and not target.startswith(("mailto:", "tel:", "//", "data:"))


@rule("STR006", "images-differ", "structure", scope="set")
def images(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: images in the text (`![…](…)`) that the source has and the
    translation does not, or the other way round.

    Why it matters: pictures carry information too, and their alt text must be translated,
    not dropped.

    Example: the source shows `../assets/images/tan-trao.png`, the translation no image.

    Instead: keep the same images; translate only their alt text and caption.
    """
    def targets(page: Page, o: Outline) -> dict[str, int]:
        found: dict[str, int] = {}
        for image in o.images:
            found.setdefault(_resolve(page, image.target) if _internal(image.target) else image.target, image.line)
        return found

    yield from _set_findings(corpus, "STR006", T_("image"), targets)


@rule("STR007", "link-targets-differ", "structure", scope="set")
def link_targets(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: internal links whose set of target pages differs from the source's.

    Why it matters: a visitor in another language should be led to the same pages; a
    missing link is a dead end, an extra one a sign the text has drifted.

    Example: the source links `kim-binh.md`, the translation links `tan-trao.md` instead.

    Instead: link the same pages as the source (the path is the same in every language).
    """
    def targets(page: Page, o: Outline) -> dict[str, int]:
        found: dict[str, int] = {}
        for link in o.links:
            if _internal(link.target) and link.target.split("#")[0]:
                found.setdefault(_page_name(_resolve(page, link.target)), link.line)
        return found

    yield from _set_findings(corpus, "STR007", T_("link to"), targets)


def _page_name(target: str) -> str:
    """A link target as the page it names, whichever way it is written: `../x/`, `/docs/x/`,
    `x.md` and `x/index.md` are the same page (sites differ on how links resolve: by file,
    or by URL as Hugo and MkDocs' directory URLs do), so the last part of the path decides."""
    path = target.rstrip("/")
    for suffix in ("/_index.md", "/index.md", ".md"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    return path.rsplit("/", 1)[-1] or target


def _count(kinds: list[str], prefix: str) -> int:
    return sum(1 for kind in kinds if kind == prefix or kind.startswith(prefix + ":"))


# The end of a sentence: `.`, `!` or `?` before a space or the end (not a decimal point), or
# a CJK full stop, exclamation or question mark; and a colon or comma that ends a paragraph
# (`For example,` before a code block, which Japanese ends with 。).
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[。！？]|[:,：，]\s*$")


def _paragraph_sizes(page: Outline) -> dict[int, tuple[int, int]]:
    """(characters, sentences) of each paragraph, by its line."""
    cached = getattr(page, "_paragraph_sizes", None)
    if cached is None:
        cached = page._paragraph_sizes = {  # type: ignore[attr-defined]
            b.line: (len(b.text), max(1, len(_SENTENCE_END.findall(b.text)))) for b in page.blocks if b.kind == "paragraph"
        }
    return cached


def _regrouped(source: Outline, target: Outline, i1: int, i2: int, j1: int, j2: int) -> bool:
    """The same text in fewer or more paragraphs: where the pages differ only in how many
    paragraphs there are, the translation's paragraphs there (with a neighbour a leftover
    paragraph may have been written into) have as many sentences as the source's, and are
    about as long relative to them as the whole page is (Japanese text, shorter than English,
    compares with its own measure). A translator who writes two paragraphs of the source as
    one, or one as two, dropped nothing."""
    sizes_s, sizes_t = _paragraph_sizes(source), _paragraph_sizes(target)
    total_s, total_t = sum(c for c, _ in sizes_s.values()), sum(c for c, _ in sizes_t.values())
    if not (total_s and total_t):
        return False
    page = total_t / total_s

    def same_text(a1: int, a2: int, b1: int, b2: int) -> bool:
        left = [sizes_s.get(line, (0, 0)) for kind, line in source.shape[a1:a2] if kind == "p"]
        right = [sizes_t.get(line, (0, 0)) for kind, line in target.shape[b1:b2] if kind == "p"]
        chars_s, chars_t = sum(c for c, _ in left), sum(c for c, _ in right)
        if not (chars_s and chars_t) or sum(n for _, n in left) != sum(n for _, n in right):
            return False
        return 0.6 <= chars_t / chars_s / page <= 1.6

    def both_paragraphs(a: int, b: int) -> bool:
        return 0 <= a < len(source.shape) and 0 <= b < len(target.shape) and source.shape[a][0] == target.shape[b][0] == "p"

    if i2 > i1 and j2 > j1 and same_text(i1, i2, j1, j2):
        return True
    # a paragraph left over on one side may be written into its neighbour on the other
    if both_paragraphs(i1 - 1, j1 - 1) and same_text(i1 - 1, i2, j1 - 1, j2):
        return True
    return both_paragraphs(i2, j2) and same_text(i1, i2 + 1, j1, j2 + 1)


@rule("STR008", "paragraphs-differ", "structure", Severity.WARNING, scope="set")
def paragraphs(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: paragraphs of the source that the translation leaves out, or
    paragraphs it adds, found by lining up the two pages (headings, paragraphs, lists,
    tables, code, notes, directives, images); one finding for each place where the
    translation departs, at that place. A section left out with its heading is reported by
    STR001 instead, and the same text written in fewer or more paragraphs (as long, for the
    language, as the source's) is not reported.

    Why it matters: a dropped paragraph is dropped content that no other rule sees when it
    has no figure, link or heading. A warning, not an error: a paragraph just added to the
    source is the translators' backlog, not a mistake.

    Example: the source's second paragraph under `## Tham quan` has no counterpart in the
    English page.

    Instead: translate every paragraph of the source, one paragraph for one paragraph.
    """
    for tset, page, source, target in _pairs(corpus):
        for tag, i1, i2, j1, j2 in alignment(source, target):
            if tag == "equal":
                continue
            left = [kind for kind, _ in source.shape[i1:i2]]
            right = [kind for kind, _ in target.shape[j1:j2]]
            if any((kind.startswith("h") and kind[1:].isdigit()) or kind.startswith(("note:", "directive:"))
                   for kind in left + right):
                continue  # a section (STR001), a note (STR005) or a directive (STR009) with its text
            have, has = _count(left, "p"), _count(right, "p")
            if have == has or _regrouped(source, target, i1, i2, j1, j2):
                continue
            line = target.shape[j1][1] if j1 < len(target.shape) else (target.shape[-1][1] if target.shape else page.body_line)
            if have > has:
                message = T_("{count} paragraph(s) of the source (line {line}) have no counterpart here: translate them",
                             count=have - has, line=source.shape[i1][1])
            else:
                message = T_("{count} paragraph(s) here have no counterpart in the source: remove them or check the source",
                             count=has - have)
            yield finding(corpus, page, line, "STR008", message)


@rule("STR009", "directives-differ", "structure", Severity.WARNING, scope="set")
def directives(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: include and snippet directives (`{* file *}`, `--8<--`), Hugo
    shortcodes (`{{% alert %}}`), template calls and HTML blocks (`<details>`, `<div>`) of
    the source that the translation lacks, or has in addition; one finding per directive.

    Why it matters: a directive brings in a code example, a warning or a whole block of
    content; a translation without it shows less than the source.

    Example: the source includes `{* examples/app.py *}`, the Japanese page does not.

    Instead: keep every directive of the source as it is (directives are not translated).
    """
    for tset, page, source, target in _pairs(corpus):
        left = [d.name for d in source.directives]
        right = [d.name for d in target.directives]
        if left == right:
            continue
        from difflib import SequenceMatcher

        for tag, i1, i2, j1, j2 in SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
            if tag in ("delete", "replace"):
                for index in range(i1, i2):
                    item = source.directives[index]
                    line = _where(source, target, item.line, page.body_line)
                    yield finding(corpus, page, line, "STR009", T_("`{name}` of the source (line {line}) is missing here", name=item.name, line=item.line))
            if tag in ("insert", "replace"):
                for index in range(j1, j2):
                    item = target.directives[index]
                    yield finding(corpus, page, item.line, "STR009", T_("`{name}` is not in the source", name=item.name))
