"""structure: a translation has the shape of its source.

Headings (levels, in order), list items, tables (rows × columns), code blocks,
admonitions, the set of images and the set of internal link targets are compared; the
finding points at the first place where the translation departs from the source.
"""

from __future__ import annotations

import posixpath
from typing import Callable, Iterator, Sequence

from quangba.checks import finding, rule
from quangba.core.content import Page
from quangba.core.corpus import Corpus, TranslationSet
from quangba.core.findings import Finding
from quangba.core.outline import Outline, outline
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
        line = target_lines[index] if index < len(target_lines) else (target_lines[-1] if target_lines else page.body_line)
        source_line = source_lines[index] if index < len(source_lines) else None
        found = describe(right[index]) if index < len(right) else T_("nothing")
        expected = describe(left[index]) if index < len(left) else T_("nothing")
        where = T_(" (source line {line})", line=source_line) if source_line else ""
        yield finding(
            corpus, page, line, code,
            T_('{what} differ from the source: the source has {left_count}, this page {right_count}; first difference: expected {expected}{where}, found {found}', what=what, left_count=len(left), right_count=len(right), expected=expected, where=where, found=found),
        )


@rule("STR001", "heading-outline-differs", "structure")
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


@rule("STR002", "list-items-differ", "structure")
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


@rule("STR003", "table-shape-differs", "structure")
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


@rule("STR004", "code-blocks-differ", "structure")
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


@rule("STR005", "admonitions-differ", "structure")
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


def _set_findings(corpus: Corpus, code: str, what: str, targets: Callable[[Page, Outline], dict[str, int]]) -> Iterator[Finding]:
    for tset, page, source, target in _pairs(corpus):
        left, right = targets(tset.source, source), targets(page, target)
        for missing in sorted(set(left) - set(right)):
            yield finding(corpus, page, page.body_line, code, T_('{what} `{missing}` of the source (line {value}) is missing here', what=what, missing=missing, value=left[missing]))
        for extra in sorted(set(right) - set(left)):
            yield finding(corpus, page, right[extra], code, T_('{what} `{extra}` is not in the source', what=what, extra=extra))


def _resolve(page: Page, target: str) -> str:
    """A link or image target as a path relative to the language root (same for all)."""
    path = target.split("#")[0].split("?")[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(page.key), path)) if path else page.key


def _internal(target: str) -> bool:
    return bool(target) and "://" not in target and not target.startswith(("mailto:", "tel:", "//", "data:"))


@rule("STR006", "images-differ", "structure")
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


@rule("STR007", "link-targets-differ", "structure")
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
                found.setdefault(_resolve(page, link.target), link.line)
        return found

    yield from _set_findings(corpus, "STR007", T_("link to"), targets)
