"""coverage: every required translation exists, and none is published without its source."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from quangba.checks import backlog_severity, finding, rule
from quangba.core.corpus import Corpus
from quangba.core.findings import Finding, Severity
from quangba.core.settings import settings
from quangba.core.messages import T_


@rule("COV001", "missing-translation", "coverage", Severity.BACKLOG, scope="set")
def missing_translation(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a page of the Vietnamese source with no translation in a language
    the project requires for its section (`required_languages` in mkdocs.yml).

    Why it matters: visitors in that language get the Vietnamese original with a notice,
    and the plan promises the page in their language. It is backlog, not an error: the
    build goes ahead and counts it (`en: 2 missing`), unless the section is required with
    `blocking: true`.

    Example: `docs/vi/heritage/kim-binh.md` exists, `docs/ko/heritage/kim-binh.md` does not.

    Instead: start the translation (`quangba translate ko heritage/kim-binh.md` once it
    exists, or copy the structure of the source), or drop the language from
    `required_languages` for that section.
    """
    options = settings(corpus.project)
    for tset in corpus.translation_sets():
        if tset.source is None or tset.source.meta.get("draft"):
            continue
        for lang in options.required_for(tset.key):
            if lang not in tset.translations:
                # The finding belongs to the language that lacks the page (its team's work),
                # at the source page, the file that exists.
                yield replace(finding(
                    corpus, tset.source, 1, "COV001",
                    T_('no {lang} translation: create {path} (required for this page)', lang=lang, path=corpus.project.page_path(lang, tset.key)),
                    severity=backlog_severity(corpus, tset.key),
                ), lang=lang)


@rule("COV002", "orphan-translation", "coverage", scope="set")
def orphan_translation(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a translation whose Vietnamese source does not exist (renamed,
    moved or deleted).

    Why it matters: the translation is published on its own, no longer checked against
    anything, and usually out of date.

    Example: `docs/en/heritage/tan-trao-relic.md` after the source was renamed to
    `tan-trao.md`.

    Instead: move the translation to the source's new path, or delete it.
    """
    for tset in corpus.translation_sets():
        if tset.source is None:
            for page in tset.translations.values():
                yield finding(corpus, page, 1, "COV002", T_('no source page {path}: move or delete this translation', path=corpus.project.page_path(corpus.source_language, tset.key)))


@rule("COV003", "translation-of-draft", "coverage", scope="set")
def translation_of_draft(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a translation that would be published while its source is still a
    draft (`draft: true` in the Vietnamese page).

    Why it matters: a page the editors have not approved would go out in another language.

    Example: `docs/vi/news/le-hoi.md` has `draft: true`; `docs/en/news/le-hoi.md` does not.

    Instead: mark the translation `draft: true` as well, or publish the source.
    """
    for tset in corpus.translation_sets():
        if tset.source is None or not tset.source.meta.get("draft"):
            continue
        for page in tset.translations.values():
            if not page.meta.get("draft"):
                yield finding(corpus, page, 1, "COV003", T_('the source is a draft: add `draft: true` here too, or publish the source'))
