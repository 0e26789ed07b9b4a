"""The check catalog: one module per family, each rule a function from the corpus to findings.

Rules register themselves with `@rule`; `run_checks` runs the selected ones. Every rule has
a stable code, a one-line summary and a doc that `quangba explain CODE` prints.
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Iterator

from quangba.core.corpus import Corpus
from quangba.core.findings import Finding, Severity
from quangba.core.messages import N_, translated
from quangba.core.outline import outline
from quangba.core.settings import settings


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    family: str
    severity: Severity
    doc: str
    check: Callable[[Corpus], Iterable[Finding]]

    def parts(self) -> list[tuple[str, str]]:
        """The doc's four parts, (label, text), in English: what, why, example, instead."""
        return doc_parts(self.doc)

    def explained(self, width: int = 88) -> str:
        """What `quangba explain` prints, in the language of the command line."""
        import textwrap

        lines = [f"{self.code} {self.name} ({self.family}, {translated(SEVERITY_WORDS[self.severity.value])})"]
        for label, text in self.parts():
            lines.append("")
            paragraphs = translated(text).split("\n\n")
            first = f"{translated(label)}: {paragraphs[0]}"
            lines.extend(textwrap.wrap(first, width) or [first])
            for paragraph in paragraphs[1:]:
                lines.append("")
                lines.extend(textwrap.wrap(paragraph, width) or [paragraph])
        return "\n".join(lines)


# The parts of a rule's doc, in order; each part's text is one msgid of the catalogs.
DOC_LABELS = (N_("What it catches"), N_("Why it matters"), N_("Example"), N_("Instead"))
SEVERITY_WORDS = {"error": N_("error"), "warning": N_("warning"), "backlog": N_("backlog")}


def doc_parts(doc: str) -> list[tuple[str, str]]:
    """`What it catches: …`, `Why it matters: …`, `Example: …`, `Instead: …` as (label, text);
    a part's paragraphs are kept apart by a blank line, each on one line."""
    parts: list[tuple[str, list[str]]] = []
    for paragraph in doc.split("\n\n"):
        text = " ".join(paragraph.split())
        if not text:
            continue
        label = next((name for name in DOC_LABELS if text.startswith(name + ":")), None)
        if label is not None:
            parts.append((label, [text[len(label) + 1:].strip()]))
        elif parts:
            parts[-1][1].append(text)
        else:
            parts.append(("", [text]))
    return [(label, "\n\n".join(texts)) for label, texts in parts]


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
    corpus: Corpus, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None, parallel: bool = False
) -> list[Finding]:
    """Every finding of the selected rules, sorted by file and line, after the project's
    ignores, severities and inline `<!-- quangba: ignore CODE -->` suppressions."""
    _load_families()
    options = settings(corpus.project)
    select = [c.upper() for c in select] if select else None
    ignore = [c.upper() for c in ignore or []] + options.ignore
    codes = [code for code in sorted(RULES) if _selected(select, code) and not (ignore and _selected(ignore, code))]
    pages = {corpus.project.relpath(page.path): page for page in all_pages(corpus)}
    if parallel and len(pages) >= PARALLEL_PAGES and (os.cpu_count() or 1) > 1 and hasattr(os, "fork"):
        return sorted(_run_in_two(corpus, codes, pages, options))
    return sorted(_run_rules(corpus, codes, pages, options))


# From this many pages, `quangba check` runs the rules in two processes: below it a second
# process costs more than it saves.
PARALLEL_PAGES = 2000
# The rules a second process runs: about half of a large check's time (the facts rules read
# every number of every page; template leftovers and glossary terms read every line).
_SECOND_PROCESS = ("FCT", "TXT005", "TRM001")


def _run_rules(corpus: Corpus, codes: list[str], pages: dict, options) -> set[Finding]:
    findings: set[Finding] = set()
    for code in codes:
        for item in RULES[code].check(corpus):
            page = pages.get(item.path)
            if page is not None and not page.problems and outline(page).is_suppressed(item.line, item.code):
                continue
            if item.code in options.severity:
                item = replace(item, severity=Severity(options.severity[item.code]))
            findings.add(item)
    return findings


def _run_in_two(corpus: Corpus, codes: list[str], pages: dict, options) -> set[Finding]:
    """The rules in two processes: the pages are parsed once, then a forked child runs the
    rules of `_SECOND_PROCESS` (sharing the parsed pages, copy-on-write) while this process
    runs the others; the child sends its findings back pickled. If the child fails, its rules
    run here."""
    import pickle

    for page in pages.values():
        if not page.problems:
            outline(page)
    second = [code for code in codes if code.startswith(_SECOND_PROCESS)]
    first = [code for code in codes if code not in second]
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the second process
        os.close(read_end)
        status = 0
        try:
            data = pickle.dumps(_run_rules(corpus, second, pages, options), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as stream:
                stream.write(data)
        except BaseException:  # noqa: BLE001 - the parent runs these rules itself
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    findings = _run_rules(corpus, first, pages, options)
    with os.fdopen(read_end, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(child, 0)
    try:
        if status != 0:
            raise ValueError("the second process failed")
        findings |= pickle.loads(data)
    except (ValueError, pickle.PickleError, EOFError):
        findings |= _run_rules(corpus, second, pages, options)
    return findings


def finding(
    corpus: Corpus, page, line: int, code: str, message: str, column: int = 1, severity: Severity | None = None
) -> Finding:
    """A finding of rule `code` at `line` of `page` (with the rule's severity unless given)."""
    registered = RULES[code]
    return Finding(
        path=corpus.project.relpath(page.path),
        line=line,
        column=column,
        code=code,
        message=message,
        family=registered.family,
        severity=severity or registered.severity,
        lang=page.lang,
        source=corpus.project.relpath(corpus.project.lang_dir(corpus.source_language) / page.key),
    )


def backlog_severity(corpus: Corpus, key: str) -> Severity:
    """A missing or stale translation is backlog, or an error where the page's section
    requires its languages with `blocking: true`."""
    return Severity.ERROR if settings(corpus.project).blocking_for(key) else Severity.BACKLOG


def source_name(corpus: Corpus) -> str:
    """How messages name the source: `the Vietnamese source`, `the English source`."""
    from quangba.core.locale import language_name_in

    return f"{language_name_in(corpus.source_language, 'en')} source"


def explain_text(doc: str, source_language: str) -> str:
    """A rule's doc for a project whose source is `source_language`: its docs speak of this
    site's Vietnamese source."""
    if source_language == "vi":
        return doc
    from quangba.core.locale import language_name_in

    name = language_name_in(source_language, "en")
    for old, new in (("the Vietnamese source", f"the {name} source"), ("Vietnamese source", f"{name} source"),
                     ("the Vietnamese original", f"the {name} original"), ("Vietnamese page", f"{name} page")):
        doc = doc.replace(old, new)
    return doc


def translation_pairs(corpus: Corpus) -> Iterator:
    """(source, translation) for every translation whose source exists, both parsed cleanly."""
    for tset in corpus.translation_sets():
        source = tset.source
        if source is None or source.problems:
            continue
        for page in tset.translations.values():
            if not page.problems:
                yield source, page


def all_pages(corpus: Corpus) -> Iterator:
    for found in corpus.pages.values():
        yield from found.values()


_FINDINGS_CACHE = "findings-v2.pickle"


def _fingerprint(project, select, ignore) -> str:
    """Everything the findings depend on: every file under docs/ (path, size, time), the
    configuration and glossary, the version and the selection. The clock is not part of it:
    the cache records until when its findings hold (the next `publish_at` to come)."""
    import datetime as dt
    import hashlib
    import os

    from quangba import code_version

    digest = hashlib.sha256(f"{code_version()}|{select}|{ignore}".encode())
    options = settings(project)
    extra = [project.config_file] + ([options.glossary] if options.glossary else [])
    for root, dirs, files in os.walk(project.docs_dir):
        dirs.sort()
        for name in sorted(files):
            extra.append(os.path.join(root, name))
    for path in extra:
        try:
            stat = os.stat(path)
            digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{path}|missing\n".encode())
    return digest.hexdigest()


@contextmanager
def _rare_collections():
    """A check makes millions of small objects (facts, outline blocks, findings) that live
    until it ends; Python's cycle collector, run every 700 allocations, walked them all again
    and again (a quarter of a cold check's time at 7,000 pages). It runs rarely meanwhile."""
    old = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def run_checks_cached(project, select=None, ignore=None) -> list[Finding]:
    """`run_checks` for the command line: when nothing the check depends on has changed
    since the last run, its findings are reused; otherwise unchanged files are reused from
    the page cache and only changed files are read again."""
    import datetime as dt
    import os
    import pickle

    from quangba.core.corpus import CACHE_DIR, Corpus, publish_time

    cache_file = project.root / CACHE_DIR / _FINDINGS_CACHE
    key = _fingerprint(project, sorted(select or []), sorted(ignore or []))
    try:
        with cache_file.open("rb") as stream:
            stored_key, findings, valid_until = pickle.load(stream)
        if stored_key == key and (valid_until is None or dt.datetime.now(dt.timezone.utc) < valid_until):
            return findings
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
        pass
    with _rare_collections():
        corpus = Corpus.load(project, use_cache=True)
        findings = run_checks(corpus, select, ignore, parallel=True)
        corpus.save_cache()
    now = dt.datetime.now(dt.timezone.utc)
    coming = [when for key in corpus.keys()
              if (when := publish_time(corpus.page(corpus.source_language, key).meta.get("publish_at"), corpus.time_zone))
              and when > now]
    valid_until = min(coming) if coming else None
    try:
        partial = cache_file.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as stream:
            pickle.dump((key, findings, valid_until), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, cache_file)
    except OSError:
        pass
    return findings
