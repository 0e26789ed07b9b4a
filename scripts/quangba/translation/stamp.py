"""Record in a translation the hash of the source version it now translates.

A stamp says "checked against the current source": `stamp` first runs the structure and
facts rules on the translation and refuses while they find an error (`force=True` stamps
anyway, for a difference the office has accepted)."""

from __future__ import annotations

import re

from quangba.core.corpus import Corpus, page_source_hash
from quangba.core.errors import ContentError, QuangbaError
from quangba.core.findings import Finding, Severity
from quangba.core.messages import T_

_HASH_LINE = re.compile(r"^source_hash:.*$", re.M)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][0-9:]+)?$")


def source_hash_as_of(corpus: Corpus, key: str, revision: str) -> str:
    """The hash of the source `key` as it was at a git revision (a commit, a tag, or a date:
    the last commit on or before it)."""
    from quangba.core.content import parse_text
    from quangba.translation.diff import _git

    root = corpus.project.root
    source = corpus.page(corpus.source_language, key)
    where = corpus.project.page_path(corpus.source_language, key)
    if _DATE.match(revision):
        found = (_git(root, "rev-list", "-1", f"--before={revision} 23:59:59" if len(revision) == 10 else f"--before={revision}", "HEAD") or "").strip()
        if not found:
            raise QuangbaError(T_('{where}: no commit on or before {revision} in the git history', where=where, revision=revision))
        revision = found
    text = _git(root, "show", f"{revision}:./{source.path.resolve().relative_to(root.resolve()).as_posix()}")
    if text is None:
        raise QuangbaError(T_('{where}: not in the git history at {revision} (is this a git repository, and the revision right?)', where=where, revision=revision))
    return page_source_hash(parse_text(text, source.lang, key, source.path))


# What must agree with the current source before a translation is stamped.
CHECKED_FAMILIES = ("STR", "FCT")


class StampRefused(ContentError):
    """The translation has structure or facts errors against the current source."""

    def __init__(self, message: str, findings: list[Finding]):
        super().__init__(message)
        self.findings = findings


def checked_findings(corpus: Corpus) -> list[Finding]:
    """The structure and facts errors of every translation (run once for `stamp --all`)."""
    from quangba.checks import run_checks

    return [f for f in run_checks(corpus, select=list(CHECKED_FAMILIES)) if f.severity == Severity.ERROR]


def stamp(
    corpus: Corpus, lang: str, key: str, force: bool = False, findings: list[Finding] | None = None,
    as_of: str | None = None,
) -> str:
    """Write the current source hash into `docs/<lang>/<key>`; return the hash. Refuses
    (`StampRefused`) while the translation has structure or facts errors, unless `force`;
    `findings` are `checked_findings(corpus)` when the caller already has them. With `as_of`,
    the hash is the source's at that git revision or date."""
    source = corpus.page(corpus.source_language, key)
    target = corpus.page(lang, key)
    if source is None:
        raise QuangbaError(T_('{path}: no such source page', path=corpus.project.page_path(corpus.source_language, key)))
    if target is None:
        raise QuangbaError(T_('{path}: no such translation (start one first)', path=corpus.project.page_path(lang, key)))
    if target.problems:
        problem = target.problems[0]
        raise QuangbaError(T_("{path}:{line}: {message}", path=corpus.project.relpath(target.path), line=problem.line,
                              message=problem.message))
    if not force and not as_of:  # a stamp as of an older source is not checked against the current one
        path = corpus.project.relpath(target.path)
        found = [f for f in (checked_findings(corpus) if findings is None else findings) if f.path == path]
        if found:
            raise StampRefused(T_("{path}: not stamped: {count} structure or facts error(s) against the current "
                                  "source; fix them (`quangba check {path}`), or pass --force to stamp anyway",
                                  path=path, count=len(found)), found)
    value = source_hash_as_of(corpus, key, as_of) if as_of else page_source_hash(source)
    text = target.path.read_text(encoding="utf-8")
    # Quoted: an all-digit hash would otherwise be read back by YAML as a number.
    line = f'source_hash: "{value}"'
    if _HASH_LINE.search(text.split("\n---", 1)[0] + "\n"):
        head, sep, rest = text.partition("\n---")
        text = _HASH_LINE.sub(line, head, count=1) + sep + rest
    elif text.startswith("---"):
        head, sep, rest = text.partition("\n---")
        text = head + "\n" + line + sep + rest
    else:
        text = f"---\n{line}\n---\n" + text
    target.path.write_text(text, encoding="utf-8")
    return value
