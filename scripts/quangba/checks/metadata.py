"""metadata: titles and descriptions that fit in search results, counted as people see them."""

from __future__ import annotations

import unicodedata
from typing import Iterator

from quangba.checks import all_pages, finding, rule
from quangba.core.corpus import Corpus
from quangba.core.findings import Finding, Severity
from quangba.core.settings import settings
from quangba.core.messages import T_


def display_width(text: str) -> int:
    """Columns the text takes: CJK and full-width characters count 2, combining marks 0."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _too_long(corpus: Corpus, field: str, code: str, limit: int) -> Iterator[Finding]:
    for page in all_pages(corpus):
        value = page.meta.get(field)
        if isinstance(value, str) and display_width(value) > limit:
            yield finding(
                corpus, page, page.line_of(field), code,
                T_('`{field}` is {display_width} columns wide (CJK characters count 2); search results show about {limit}: shorten it', field=field, display_width=display_width(value), limit=limit),
            )


@rule("MET001", "title-too-long", "metadata", Severity.WARNING, scope="set")
def title_too_long(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a `title` wider than search results and browser tabs show
    (`title_max_width`, default 70 columns; a Chinese, Japanese or Korean character counts
    as two).

    Why it matters: the end of the title is cut off, often the part that names the place.

    Example: a 45-character Chinese title (90 columns).

    Instead: put the essential words first and move the rest into the description.
    """
    yield from _too_long(corpus, "title", "MET001", settings(corpus.project).title_max_width)


@rule("MET002", "description-too-long", "metadata", Severity.WARNING, scope="set")
def description_too_long(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a `description` wider than search engines show
    (`description_max_width`, default 170 columns; CJK characters count two).

    Why it matters: the snippet under the link is cut mid-sentence.

    Example: a three-sentence description.

    Instead: one sentence that says what the page offers.
    """
    yield from _too_long(corpus, "description", "MET002", settings(corpus.project).description_max_width)
