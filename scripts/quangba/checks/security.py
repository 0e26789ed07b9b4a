"""security: markup that could run code in a visitor's browser."""

from __future__ import annotations

import re
from typing import Iterator
from urllib.parse import urlsplit

from quangba.checks import all_pages, finding, rule
from quangba.core.corpus import Corpus
from quangba.core.findings import Finding
from quangba.core.settings import settings
from quangba.core.messages import T_

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
                    T_('active content `{content}` is not allowed in a page: remove it', content=match.group(0).strip()),
                    column=match.start() + 1,
                )


_IFRAME = re.compile(r"<\s*iframe\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)


@rule("SEC002", "iframe-not-allowed", "security")
def iframe_not_allowed(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: an `<iframe>` that loads from a host not on the allow-list
    (`iframe_hosts` in mkdocs.yml; empty by default).

    Why it matters: an embedded page runs someone else's code and tracking on the
    province's site, and visitors' data goes to that host.

    Example: `<iframe src="https://maps.example.com/embed?…">`.

    Instead: link to the page instead of embedding it, or ask the web administrator to add
    the host to `iframe_hosts`.
    """
    allowed = set(settings(corpus.project).iframe_hosts)
    for page in all_pages(corpus):
        for number, text in enumerate(page.body.splitlines(), start=page.body_line):
            for match in _IFRAME.finditer(text):
                host = urlsplit(match.group(1)).hostname or "(no host)"
                if host not in allowed:
                    yield finding(corpus, page, number, "SEC002", T_('<iframe> from `{host}`, which is not in `iframe_hosts`', host=host), match.start() + 1)
