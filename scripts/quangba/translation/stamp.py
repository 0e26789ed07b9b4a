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


def stamp(corpus: Corpus, lang: str, key: str, force: bool = False, findings: list[Finding] | None = None) -> str:
    """Write the current source hash into `docs/<lang>/<key>`; return the hash. Refuses
    (`StampRefused`) while the translation has structure or facts errors, unless `force`;
    `findings` are `checked_findings(corpus)` when the caller already has them."""
    source = corpus.page(corpus.source_language, key)
    target = corpus.page(lang, key)
    if source is None:
        raise QuangbaError(T_('docs/{source_language}/{key}: no such source page', source_language=corpus.source_language, key=key))
    if target is None:
        raise QuangbaError(T_('docs/{lang}/{key}: no such translation (start one first)', lang=lang, key=key))
    if target.problems:
        problem = target.problems[0]
        raise QuangbaError(T_("{path}:{line}: {message}", path=corpus.project.relpath(target.path), line=problem.line,
                              message=problem.message))
    if not force:
        path = corpus.project.relpath(target.path)
        found = [f for f in (checked_findings(corpus) if findings is None else findings) if f.path == path]
        if found:
            raise StampRefused(T_("{path}: not stamped: {count} structure or facts error(s) against the current "
                                  "source; fix them (`quangba check {path}`), or pass --force to stamp anyway",
                                  path=path, count=len(found)), found)
    value = page_source_hash(source)
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
