"""The check catalog: one module per family, each rule a function from the corpus to findings.

Rules register themselves with `@rule`; `run_checks` runs the selected ones. Every rule has
a stable code, a one-line summary and a doc that `quangba explain CODE` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable, Iterator

from quangba.corpus import Corpus
from quangba.findings import Finding, Severity
from quangba.outline import outline
from quangba.settings import settings


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    family: str
    severity: Severity
    doc: str
    check: Callable[[Corpus], Iterable[Finding]]


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, family: str, severity: Severity = Severity.ERROR):
    """Register a rule; its docstring is the doc `quangba explain` prints."""

    def register(func: Callable[[Corpus], Iterable[Finding]]) -> Callable[[Corpus], Iterable[Finding]]:
        RULES[code] = Rule(code, name, family, severity, (func.__doc__ or "").strip(), func)
        return func

    return register


FAMILIES = (
    "coverage", "freshness", "structure", "facts", "terminology", "untranslated",
    "text", "links", "media", "metadata", "security", "syntax",
)


def _load_families() -> None:
    # Importing a family module registers its rules.
    import importlib

    for family in FAMILIES:
        importlib.import_module(f"quangba.checks.{family}")


def _selected(codes: Iterable[str] | None, code: str) -> bool:
    return codes is None or any(code.startswith(c) for c in codes)


def run_checks(
    corpus: Corpus, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> list[Finding]:
    """Every finding of the selected rules, sorted by file and line, after the project's
    ignores, severities and inline `<!-- quangba: ignore CODE -->` suppressions."""
    _load_families()
    options = settings(corpus.project)
    select = [c.upper() for c in select] if select else None
    ignore = [c.upper() for c in ignore or []] + options.ignore
    pages = {corpus.project.relpath(page.path): page for page in all_pages(corpus)}
    findings: set[Finding] = set()
    for code, registered in sorted(RULES.items()):
        if not _selected(select, code) or (ignore and _selected(ignore, code)):
            continue
        for item in registered.check(corpus):
            page = pages.get(item.path)
            if page is not None and not page.problems and outline(page).is_suppressed(item.line, item.code):
                continue
            if item.code in options.severity:
                item = replace(item, severity=Severity(options.severity[item.code]))
            findings.add(item)
    return sorted(findings)


def finding(corpus: Corpus, page, line: int, code: str, message: str, column: int = 1) -> Finding:
    """A finding of rule `code` at `line` of `page`."""
    registered = RULES[code]
    return Finding(
        path=corpus.project.relpath(page.path),
        line=line,
        column=column,
        code=code,
        message=message,
        family=registered.family,
        severity=registered.severity,
        lang=page.lang,
        source=corpus.project.relpath(corpus.project.lang_dir(corpus.source_language) / page.key),
    )


def all_pages(corpus: Corpus) -> Iterator:
    for found in corpus.pages.values():
        yield from found.values()
