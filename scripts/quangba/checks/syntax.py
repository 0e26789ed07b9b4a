"""syntax: files that cannot be read, front matter that is not YAML or breaks its schema."""

from __future__ import annotations

import re
from typing import Iterator

from quangba.checks import all_pages, finding, rule
from quangba.core.corpus import Corpus
from quangba.core.findings import Finding
from quangba.core.outline import outline
from quangba.core.settings import settings
from quangba.core.schema import validate_source, validate_translation
from quangba.core.messages import T_


def _parse_problems(corpus: Corpus, code: str) -> Iterator[Finding]:
    for page in all_pages(corpus):
        for problem in page.problems:
            if problem.code == code:
                yield finding(corpus, page, problem.line, code, problem.message)


@rule("SYN001", "invalid-front-matter", "syntax", scope="set")
def invalid_front_matter(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: front matter (between the `---` lines) that is not valid YAML.

    Why it matters: the page's title, type and facts cannot be read, so the page cannot be
    built or checked.

    Example: `title: Tân Trào: di tích` (a second `: ` inside an unquoted value).

    Instead: quote the value: `title: "Tân Trào: di tích"`.
    """
    yield from _parse_problems(corpus, "SYN001")


@rule("SYN005", "unreadable-file", "syntax", scope="set")
def unreadable_file(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a file that is not UTF-8 text (saved in another encoding, or binary).

    Why it matters: the site and every tool read Markdown as UTF-8; other bytes turn into
    garbage letters or stop the build.

    Example: a page saved as Windows-1258 by an old editor.

    Instead: save the file as UTF-8 (in most editors: "Save with encoding → UTF-8").
    """
    yield from _parse_problems(corpus, "SYN005")


def _schema_findings(corpus: Corpus, codes: tuple[str, ...]) -> Iterator[Finding]:
    if not settings(corpus.project).page_schema:
        return  # a project without this site's front matter (`page_schema: false`)
    for page in all_pages(corpus):
        if page.problems:
            continue
        is_source = page.lang == corpus.source_language
        problems = validate_source(page.meta) if is_source else validate_translation(page.meta)
        for problem in problems:
            if problem.code in codes:
                yield finding(corpus, page, page.line_of(problem.key), problem.code, problem.message)


@rule("SYN002", "unknown-field", "syntax", scope="set")
def unknown_field(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a front-matter field the page type does not have (often a typo).

    Why it matters: a misspelt field (`tittle:`) is silently ignored by the site.

    Example: `desription: …`.

    Instead: use the field names of the schema (`quangba explain SYN002` lists them in the
    message), e.g. `description: …`.
    """
    yield from _schema_findings(corpus, ("SYN002",))


@rule("SYN003", "missing-field", "syntax", scope="set")
def missing_field(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a required front-matter field is missing (`type`, `title`,
    `description`, and `sources` on heritage, investment, product and news pages).

    Why it matters: pages without a title or description show badly in menus and search
    results; figures without sources cannot be trusted.

    Example: a heritage page without `sources:`.

    Instead: add the field, e.g. `sources: [{title: …, url: https://…}]`.
    """
    yield from _schema_findings(corpus, ("SYN003",))


@rule("SYN004", "wrong-field-type", "syntax", scope="set")
def wrong_field_type(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a field whose value has the wrong form (a date that is not
    YYYY-MM-DD, text where a number is expected, an unknown `type`).

    Why it matters: the fact box and feeds format values by their type.

    Example: `recognized: 10/5/2012`.

    Instead: `recognized: 2012-05-10`.
    """
    yield from _schema_findings(corpus, ("SYN004",))


# Emphasis delimiters that stayed literal text after parsing, next to CJK text or
# punctuation: CommonMark (and Python-Markdown for `_`) does not open or close emphasis
# between punctuation and a letter without a space.
_CJK = "\u3000-\u303f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef"
_LITERAL_EMPHASIS = re.compile(f"(?:(?<=[{_CJK}])(\\*{{1,3}}|_{{1,3}}))|(?:(\\*{{1,3}}|_{{1,3}})(?=[{_CJK}]))")


@rule("SYN006", "cjk-emphasis-not-rendered", "syntax", scope="set")
def cjk_emphasis(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: bold or italic markers next to Chinese, Japanese or Korean text
    that Markdown does not turn into emphasis, so the reader sees the asterisks:
    `**重要。**文本` (a closing `**` after punctuation, directly followed by a letter).

    Why it matters: the page shows `**` literally, and the same text renders differently in
    the feeds and packages sent to Vietnam.vn.

    Example: `这是**重要。**文本`.

    Instead: move the punctuation outside the markers (`**重要**。文本`), or put the marked
    words in their own sentence.
    """
    for page in all_pages(corpus):
        if page.problems:
            continue
        lines = page.text.split("\n")
        for block in outline(page).blocks:
            if "*" not in block.text and "_" not in block.text:
                continue  # no marker at all (most blocks): the pattern cannot match
            match = _LITERAL_EMPHASIS.search(block.text)
            if not match:
                continue
            marker = match.group(1) or match.group(2)
            raw = lines[block.line - 1] if block.line - 1 < len(lines) else ""
            column = raw.find(marker) + 1 if marker in raw else block.column
            yield finding(corpus, page, block.line, "SYN006", T_('`{marker}` next to CJK text is shown literally, not as emphasis: move the punctuation outside the markers', marker=marker), column)
