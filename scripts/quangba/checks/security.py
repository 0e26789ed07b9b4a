"""security: markup that could run code in a visitor's browser."""

from __future__ import annotations

import re
from typing import Iterator

from quangba.checks import all_pages, finding, rule
from quangba.corpus import Corpus
from quangba.findings import Finding

_SCRIPT = re.compile(r"<\s*script\b|\son[a-z]+\s*=|javascript\s*:", re.I)


@rule("SEC001", "active-content", "security")
def active_content(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: raw `<script>`, `on…=` event handlers and `javascript:` links in a page.

    Why it matters: a government site must not run code that an editor (or an attacker who
    got text into a page) pasted in; it breaks the Content-Security-Policy too.

    Example: `<script src="https://counter.example/x.js"></script>` pasted from a web page.

    Instead: remove it. Embeds and statistics are set up once, by the web administrator, in
    the site configuration.
    """
    for page in all_pages(corpus):
        for number, text in enumerate(page.body.splitlines(), start=page.body_line):
            match = _SCRIPT.search(text)
            if match:
                yield finding(
                    corpus, page, number, "SEC001",
                    f"active content `{match.group(0).strip()}` is not allowed in a page: remove it",
                    column=match.start() + 1,
                )
