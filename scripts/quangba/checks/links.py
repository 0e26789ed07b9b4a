"""links: internal links that lead nowhere, out of `docs/`, or into another language."""

from __future__ import annotations

import posixpath
from typing import Iterator
from urllib.parse import unquote

from quangba.checks import all_pages, finding, rule
from quangba.core.content import Page
from quangba.core.corpus import Corpus
from quangba.core.findings import Finding
from quangba.core.outline import ATTR_ID, outline
from quangba.core.slugs import slug_function, unique_ids
from quangba.core.messages import T_


def _internal_targets(page: Page) -> list[tuple[str, int, str]]:
    """(target path relative to docs/, line, as written) for each internal link; worked out
    once per page for the four rules that read them (not kept by the page cache)."""
    cached = getattr(page, "_internal_targets", None)
    if cached is None:
        cached = page._internal_targets = list(_targets(page))  # type: ignore[attr-defined]
    return cached


def _targets(page: Page) -> Iterator[tuple[str, int, str]]:
    for link in outline(page).links:
        target = link.target.split("#")[0].split("?")[0]
        if not target or "://" in link.target or link.target.startswith(("mailto:", "tel:", "//", "#")):
            continue
        if target.startswith("/"):
            yield "/" + target.lstrip("/"), link.line, link.target
            continue
        base = posixpath.dirname(f"{page.lang}/{page.key}")
        yield posixpath.normpath(posixpath.join(base, target)), link.line, link.target


@rule("LNK001", "broken-link", "links", scope="site")
def broken_link(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a link to a page or file that does not exist in `docs/`.

    Why it matters: the visitor lands on a 404 page.

    Example: `[Kim Bình](kim-bin.md)`.

    Instead: link to an existing page, relative to the current one: `[Kim Bình](kim-binh.md)`.
    """
    docs = corpus.project.docs_dir
    on_disk: dict[str, bool] = {}  # target -> does docs/target exist (asked once per target)
    for page in all_pages(corpus):
        for target, line, written in _internal_targets(page):
            if target.startswith(("/", "..")):
                continue  # LNK003
            lang, _, key = target.partition("/")
            if lang != page.lang and lang in corpus.project.languages:
                continue  # LNK002
            exists = on_disk.get(target)
            if exists is None:
                exists = on_disk[target] = (docs / target).exists()
            if not exists and target.endswith(".md") and lang == page.lang:
                exists = corpus.exists(corpus.source_language, key)  # served as a fallback
            if not exists:
                yield finding(corpus, page, line, "LNK001", T_('link `{written}` leads to no page: `docs/{target}` does not exist', written=written, target=target))


@rule("LNK002", "link-into-other-language", "links", scope="set")
def link_into_other_language(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a relative link from one language's tree into another's.

    Why it matters: the reader is moved to another language without asking; the language
    menu is the way to change language.

    Example: in `docs/en/index.md`, `[Tân Trào](../vi/heritage/tan-trao.md)`.

    Instead: link to the page in the same language: `[Tân Trào](heritage/tan-trao.md)`.
    """
    for page in all_pages(corpus):
        for target, line, written in _internal_targets(page):
            lang = target.split("/", 1)[0]
            if lang != page.lang and lang in corpus.project.languages:
                yield finding(corpus, page, line, "LNK002", T_('link `{written}` goes into the `{lang}` tree; link within `{lang2}`', written=written, lang=lang, lang2=page.lang))


@rule("LNK003", "link-outside-docs", "links", scope="set")
def link_outside_docs(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a link that climbs out of `docs/` (`../../../README.md`) or uses an
    absolute file path (`/etc/…`).

    Why it matters: such files are not published; the link is broken on the site.

    Example: `[plan](../../../plan.docx)`.

    Instead: put the file under `docs/assets/` and link to it there.
    """
    for page in all_pages(corpus):
        for target, line, written in _internal_targets(page):
            if target.startswith(("/", "..")):
                yield finding(corpus, page, line, "LNK003", T_('link `{written}` points outside docs/', written=written))


_ATTR_ID = ATTR_ID
# Anchors the theme adds to every page with sources (see theme/partials/content.html).
_THEME_IDS = {"qb-sources"}


def _anchors(corpus: Corpus, page: Page, cache: dict) -> set[str]:
    key = (page.lang, page.key)
    if key not in cache:
        slugify, separator = slug_function(corpus.project)
        headings = outline(page).headings
        explicit = {h.explicit_id for h in headings if h.explicit_id}
        generated = unique_ids([h.text for h in headings if not h.explicit_id], slugify, separator, explicit)
        cache[key] = set(generated) | explicit | set(_ATTR_ID.findall(page.body)) | _THEME_IDS
    return cache[key]


@rule("LNK004", "broken-anchor", "links", scope="site")
def broken_anchor(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a link to `#anchor` (on the same page or another) that names no
    heading there. Anchors are computed with the build's own slug function, in the page's
    language: `## Lịch sử` is `#lịch-sử`, `## 历史沿革` is `#历史沿革`, a second heading of the
    same text gets `_1`.

    Why it matters: the link opens the page at the top instead of the section, or not at all
    after a heading was renamed in one language.

    Example: `[history](#history)` in the Vietnamese page, whose heading is `## Lịch sử`.

    Instead: use the anchor of the heading in this language (`#lịch-sử`), or give the
    heading an explicit id: `## Lịch sử {#history}`.
    """
    cache: dict = {}
    for page in all_pages(corpus):
        if page.problems:
            continue
        for link in outline(page).links:
            if "#" not in link.target or "://" in link.target or link.target.startswith(("mailto:", "//")):
                continue
            path, _, anchor = link.target.partition("#")
            if not anchor:
                continue
            if path:
                if not path.endswith(".md"):
                    continue
                key = posixpath.normpath(posixpath.join(posixpath.dirname(page.key), path))
                target = corpus.page(page.lang, key) or corpus.page(corpus.source_language, key)
            else:
                target = page
            if target is None or target.problems:
                continue  # LNK001 reports the missing page
            if unquote(anchor) not in _anchors(corpus, target, cache):
                yield finding(
                    corpus, page, link.line, "LNK004",
                    T_('anchor `#{anchor}` does not exist on {page}', anchor=anchor, page=T_('this page') if target is page else target.key),
                    link.column,
                )


@rule("LNK005", "link-to-unpublished-page", "links", scope="site")
def link_to_unpublished(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a published page that links to a page not published yet (a draft,
    or one whose `publish_at` has not come).

    Why it matters: the build leaves unpublished pages out, so the link would be broken,
    and its text would announce what is not public yet.

    Example: `news/index.md` lists `[Lễ hội 2027](le-hoi-2027.md)` while that page has
    `draft: true`.

    Instead: add the link when the page is published (in the same change that removes
    `draft: true`), or publish the page.
    """
    for page in all_pages(corpus):
        if page.problems or not corpus.available(page.lang, page.key):
            continue
        for target, line, written in _internal_targets(page):
            lang, _, key = target.partition("/")
            if lang == page.lang and key.endswith(".md") and corpus.exists(corpus.source_language, key):
                reason = corpus.held_back_reason(key)
                if reason:
                    yield finding(corpus, page, line, "LNK005", T_('link `{written}` leads to a page that is not published ({reason})', written=written, reason=reason))
