"""freshness: every translation records the source version it translates, and it is current."""

from __future__ import annotations

from typing import Iterator

from quangba.checks import backlog_severity, finding, rule
from quangba.core.corpus import Corpus, page_source_hash
from quangba.core.findings import Finding, Severity
from quangba.core.history import recorded_source_hash
from quangba.checks.syntax import _schema_findings
from quangba.core.messages import T_


@rule("FRS002", "stale-translation", "freshness", Severity.BACKLOG, scope="set")
def stale_translation(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a translation whose `source_hash` is not the hash of the current
    Vietnamese source: the source changed after the translation was made or reviewed.
    Re-wrapping lines or trailing spaces in the source do not count as a change.

    Why it matters: the translation may say something the source no longer says (a new
    figure, a corrected date, a removed paragraph). It is backlog, not an error: the
    translation is served with a notice that the original changed, and the build counts it
    (`en: 1 stale`), unless the section is required with `blocking: true`.

    Example: the source's area changed from "hơn 61.000 ha" to "61.300 ha"; the English page
    still has the hash of the old version.

    With `source_version: git` in the quangba options, a translation without `source_hash`
    is compared by git history instead: it translates the source as it was at the source's
    last commit before the translation's last commit (Lunaria's rule).

    Instead: run `quangba diff LANG PAGE` to see what changed, update the translation, then
    `quangba stamp LANG PAGE`.
    """
    for tset in corpus.translation_sets():
        if tset.source is None or tset.source.problems:
            continue
        current = page_source_hash(tset.source)
        severity = backlog_severity(corpus, tset.key)
        for lang, page in tset.translations.items():
            recorded = page.meta.get("source_hash")
            if recorded is not None and not isinstance(recorded, str):
                yield finding(
                    corpus, page, page.line_of("source_hash"), "FRS002",
                    T_('`source_hash` was read as a number, not text: run `quangba stamp {lang} {key}`, which quotes it', lang=lang, key=tset.key),
                    severity=severity,
                )
            elif isinstance(recorded, str) and recorded and recorded != current:
                yield finding(
                    corpus, page, page.line_of("source_hash"), "FRS002",
                    T_('the source changed since this translation: see `quangba diff {lang} {key}`, update, then `quangba stamp {lang} {key}`', lang=lang, key=tset.key),
                    severity=severity,
                )
            elif recorded is None and (from_git := recorded_source_hash(corpus, page)) and from_git != current:
                yield finding(
                    corpus, page, 1, "FRS002",
                    T_("the source changed after this translation's last commit (git history): see "
                       "`quangba diff {lang} {key}`, update, then commit the translation", lang=lang, key=tset.key),
                    severity=severity,
                )
            elif recorded == "":
                yield finding(
                    corpus, page, page.line_of("source_hash"), "FRS002",
                    T_('`source_hash` is empty: review against the source, then `quangba stamp {lang} {key}`', lang=lang, key=tset.key),
                    severity=severity,
                )


@rule("FRS001", "missing-source-hash", "freshness", scope="set")
def missing_source_hash(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: a translation without `source_hash`.

    Why it matters: without it nobody can tell whether the translation is up to date with
    the Vietnamese source.

    Example: a translation whose front matter has only `title` and `description`.

    Instead: run `quangba stamp LANG PAGE` after checking the translation against the source.
    """
    yield from _schema_findings(corpus, ("FRS001",))
