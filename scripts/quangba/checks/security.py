"""security: markup that could run code in a visitor's browser or load from another host.

The HTML rules (SEC001, SEC002) report what the site's one HTML policy
(`quangba.core.htmlpolicy`) removes when the page is built, so a check and a build agree.
"""

from __future__ import annotations

import re
from typing import Iterator

from quangba.checks import all_pages, finding, rule
from quangba.core.corpus import Corpus
from quangba.core.findings import Finding
from quangba.core.htmlpolicy import HtmlPolicy, Removal, site_policy, url_message
from quangba.core.outline import outline


def _markup(page) -> str:
    """The page's body as an HTML reader should see it: code spans and code blocks blanked
    (Markdown shows them as text), every other character at its own line. The rest is read
    as HTML on purpose: Python-Markdown passes more through as raw HTML than CommonMark
    (`<img/onload=…>` is text to the one and a tag to the other)."""
    shape = outline(page)
    data = shape.parsed_text.encode("utf-8")
    pieces, done = [], 0
    for start, end in sorted(shape.code_ranges):
        if start < done:
            continue
        code = data[start:end].decode("utf-8", "replace")
        pieces += [data[done:start].decode("utf-8", "replace"), "".join(c if c == "\n" else " " for c in code)]
        done = end
    pieces.append(data[done:].decode("utf-8", "replace"))
    return "".join(pieces)


def _removals(policy: HtmlPolicy, page, attribute_lists: bool) -> list[tuple[int, int, Removal]]:
    """(file line, column, removal) of everything the policy takes out of `page`: raw HTML,
    and the addresses of Markdown links and images."""
    cached = getattr(page, "_html_removals", None)
    if cached is not None and cached[0] == policy:
        return cached[1]
    found: list[tuple[int, int, Removal]] = []
    for removal in policy.removals(_markup(page)):
        found.append((page.body_line + removal.line - 1, removal.column, removal))
    if attribute_lists:
        found += _attribute_lists(policy, page)
    shape = outline(page)
    for tag, attribute, items in (("a", "href", shape.links), ("img", "src", shape.images)):
        for item in items:
            problem = policy.url_problem(tag, attribute, item.target)
            if problem:
                removal = Removal(item.line, item.column, problem[0], url_message(*problem))
                found.append((item.line, item.column, removal))
    page._html_removals = (policy, found)  # type: ignore[attr-defined]
    return found


_ATTR_LIST_EXTENSION = "attr_list"
# Python-Markdown's own pattern for `{: #id .class key="value" }` (markdown.extensions.attr_list).
_ATTR_LIST = re.compile(r"\{\:?[ ]*([^\}\n ][^\}\n]*)[ ]*\}")


def _extensions(project) -> set[str]:
    """The names of the project's Markdown extensions (`markdown_extensions:` in mkdocs.yml)."""
    return {next(iter(entry)) if isinstance(entry, dict) else str(entry) for entry in project.markdown_extensions}


def _attribute_lists(policy: HtmlPolicy, page) -> list[tuple[int, int, Removal]]:
    """What the policy removes of the attributes written with Markdown's attribute lists."""
    from markdown.extensions.attr_list import get_attrs_and_remainder

    found = []
    for number, text in enumerate(_markup(page).split("\n"), start=page.body_line):
        for match in _ATTR_LIST.finditer(text):
            inline = text[: match.start()].endswith((")", "*", "_", "`", "]"))  # after a link, image, emphasis…
            if not inline and text[match.end():].strip():
                continue  # Markdown reads a list only there, or at the end of a block's line
            attributes, rest = get_attrs_and_remainder(match.group(1))
            if rest.strip():
                continue  # not an attribute list: Markdown leaves such braces as text
            for name, value in attributes:
                problem = policy.attribute_removal(str(name).lower(), str(value)) if name != "." else None
                if problem:
                    found.append((number, match.start() + 1, Removal(number, match.start() + 1, *problem)))
    return found


def _html_findings(corpus: Corpus, code: str) -> Iterator[Finding]:
    policy = site_policy(corpus.project)
    attribute_lists = _ATTR_LIST_EXTENSION in _extensions(corpus.project)
    for page in all_pages(corpus):
        if page.problems:
            continue
        for line, column, removal in _removals(policy, page, attribute_lists):
            if removal.code == code:
                yield finding(corpus, page, line, code, removal.message, column)


@rule("SEC001", "active-content", "security")
def active_content(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: markup the site's HTML policy removes from a page when it is built:
    `<script>`, `<style>`, `<object>`, `<embed>`, `<form>`, `<meta>`, `<base>`, `<link>`,
    `<svg>` and any element not on the allow-list; `on…=` event handlers and other attributes
    not on it; `javascript:`, `data:` and other schemes a link or picture may not use, however
    they are written (entities, a tab inside the word, the attribute on the next line).

    Why it matters: a government site must not run code that an editor (or an attacker who
    got text into a page) pasted in; the page would not show what its author saw either.

    Example: `<img src="x.jpg"` and, on the next line, `onerror="alert(1)">`.

    Instead: remove it. Embeds and statistics are set up once, by the web administrator, in
    the site configuration.
    """
    return _html_findings(corpus, "SEC001")


@rule("SEC002", "iframe-not-allowed", "security")
def iframe_not_allowed(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: an `<iframe>` that loads from a host not in `iframe_hosts`, and an
    image, video or audio file loaded from another host not in `resource_hosts` (both in
    mkdocs.yml, empty by default). The build removes those addresses.

    Why it matters: an embedded page runs someone else's code and tracking on the
    province's site, and a picture from another host (a "tracking pixel") tells that host
    who reads the page; visitors' data goes there.

    Example: `<iframe src="https://maps.example.com/embed?…">`, or
    `![](https://counter.example/p.gif)`.

    Instead: copy the picture into docs/assets/, link to the page instead of embedding it,
    or ask the web administrator to add the host to `iframe_hosts` or `resource_hosts`.
    """
    return _html_findings(corpus, "SEC002")
