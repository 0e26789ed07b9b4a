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

from quangba.core.corpus import Corpus, PageCache
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
    # "set": what the rule finds on a page key depends only on the pages of that key's
    # translation set (the same relative path in every language), the project's settings and
    # glossary, git history and the code; it looks at pages only through `translation_sets`,
    # `translation_pairs` or `all_pages`, which honour `corpus.focus`. The incremental check
    # runs such a rule on the sets that changed only. "site": the same, except that it also
    # reads what `incremental.site_digest` sums up of the other pages (which files exist
    # under docs/, every page's anchors, draft and publish_at): links and images. The
    # incremental check runs it on the changed sets while that digest is unchanged, else on
    # all. "corpus": anything else (files beside the pages, counts over the whole site): run
    # again whenever anything changed. `tests/unit/test_check_incremental.py` holds every
    # "set" and "site" rule to this.
    scope: str = "corpus"

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


def rule(code: str, name: str, family: str, severity: Severity = Severity.ERROR, scope: str = "corpus"):
    """Register a rule; its docstring is the doc `quangba explain` prints. `scope`: see `Rule`."""

    def register(func: Callable[[Corpus], Iterable[Finding]]) -> Callable[[Corpus], Iterable[Finding]]:
        RULES[code] = Rule(code, name, family, severity, (func.__doc__ or "").strip(), func, scope)
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


def selected_codes(corpus: Corpus, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[str]:
    """The codes of the rules a check runs: the selection, less the ignored ones and the
    project's `ignore`."""
    _load_families()
    select = [c.upper() for c in select] if select else None
    ignore = [c.upper() for c in ignore or []] + settings(corpus.project).ignore
    return [code for code in sorted(RULES) if _selected(select, code) and not (ignore and _selected(ignore, code))]


def run_checks(
    corpus: Corpus, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None, parallel: bool = False
) -> list[Finding]:
    """Every finding of the selected rules, sorted by file and line, after the project's
    ignores, severities and inline `<!-- quangba: ignore CODE -->` suppressions."""
    return sorted(check_sets(corpus, selected_codes(corpus, select, ignore), None, None, parallel))


def check_sets(corpus: Corpus, codes: list[str], focus: set[str] | None, site_focus: set[str] | None = None,
               parallel: bool = False) -> set[Finding]:
    """The findings of the "set" rules among `codes` on the translation sets `focus` (None:
    all), of the "site" rules on the sets `site_focus` (None: all) and of the other rules on
    the whole corpus; in two processes from PARALLEL_PAGES pages (where the machine has two
    cores and can fork)."""
    options = settings(corpus.project)
    pages = {corpus.project.relpath(page.path): page for page in all_pages(corpus)}
    focused = sum(1 for found in corpus.pages.values() for key in found if focus is None or key in focus)
    if parallel and focused >= PARALLEL_PAGES and (os.cpu_count() or 1) > 1 and hasattr(os, "fork"):
        return _run_in_two(corpus, codes, pages, options, focus, site_focus)
    return _run_rules(corpus, codes, pages, options, focus, site_focus)


# "corpus" rules that read every page's text but no outline: the second process runs them
# too (this process, which runs the other "corpus" rules, would end last).
_SECOND_CORPUS_RULES = frozenset({"TXT004"})
# From this many pages, `quangba check` runs the rules in two processes (one fork, no page
# read or outline made twice): at 500 generated pages the cold check takes 0.5 s instead of
# 0.7, at 1,025 0.76 s instead of 1.21, at opentelemetry.io's 1,760 3.05 s instead of 4.6.
PARALLEL_PAGES = 500
# The share of the translation sets whose outlines and "set" rules the second process makes
# and runs; this process does the others' and runs every "corpus" rule (which read the
# outline of every page) once the child's outlines are in: both end together at 10,000 pages.
_SECOND_SHARE = 0.5


def _run_rules(corpus: Corpus, codes: list[str], pages: dict, options, focus: set[str] | None = None,
               site_focus: set[str] | None = None) -> set[Finding]:
    """The rules `codes`: the "set" ones on the sets `focus` (None: all), the "site" ones on
    the sets `site_focus` (None: all), the others on all."""
    findings: set[Finding] = set()
    try:
        for code in codes:
            corpus.focus = {"set": focus, "site": site_focus}.get(RULES[code].scope)
            for item in RULES[code].check(corpus):
                page = pages.get(item.path)
                if page is not None and not page.problems and outline(page).is_suppressed(item.line, item.code):
                    continue
                if item.code in options.severity:
                    item = replace(item, severity=Severity(options.severity[item.code]))
                findings.add(item)
    finally:
        corpus.focus = None
    return findings


def _shares(keys: list[str], share: float) -> tuple[set[str], set[str]]:
    """`keys` dealt into two interleaved parts, the second about `share` of them (a section's
    pages, which are alike, fall to both)."""
    first, second = set(), set()
    for index, key in enumerate(keys):
        (second if int((index + 1) * share) > int(index * share) else first).add(key)
    return first, second


def _pending_outlines(corpus: Corpus, keys: set[str] | None) -> list:
    """The pages of the translation sets `keys` (None: all) parsed cleanly and without an
    outline yet."""
    return [page for found in corpus.pages.values() for key, page in found.items()
            if (keys is None or key in keys) and not page.problems and getattr(page, "_outline", None) is None]


def _outlines_pickled(pending: list) -> bytes:
    """The outlines of `pending` pickled, with the parsed text left out where it is the page's
    body (a page without notes, tabs or directives: most pages), which the other process has:
    a quarter of the bytes."""
    import pickle

    made = [outline(page) for page in pending]
    same = [result.parsed_text == page.body for page, result in zip(pending, made)]
    for result, flag in zip(made, same):
        if flag:
            result.parsed_text = ""
    try:
        return pickle.dumps((made, same), protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        for page, result, flag in zip(pending, made, same):
            if flag:
                result.parsed_text = page.body


def _spool_write(fd: int, data: bytes) -> None:
    done = 0
    while done < len(data):
        done += os.pwrite(fd, data[done:done + (1 << 24)], done)


def _spool_read(fd: int, size: int) -> bytes:
    parts, done = [], 0
    while done < size:
        part = os.pread(fd, min(size - done, 1 << 24), done)
        if not part:
            break
        parts.append(part)
        done += len(part)
    return b"".join(parts)


def _run_in_two(corpus: Corpus, codes: list[str], pages: dict, options, focus: set[str] | None = None,
                site_focus: set[str] | None = None) -> set[Finding]:
    """The rules in two processes, forked once the pages are read (the child shares them,
    copy-on-write). The child makes the outlines of its part of the translation sets and
    leaves them pickled in a spool file at once (a pipe would hold it up until this process
    reads: the "corpus" rules here read every page's outline), then runs the "set" rules on
    its sets and sends back its findings. This process makes the outlines of the other sets
    and runs their "set" rules, then takes the child's outlines and runs the other rules.
    Nothing is made twice. If the child fails, its part runs here."""
    import pickle
    import tempfile

    keys = sorted({key for found in corpus.pages.values() for key in found if focus is None or key in focus})
    # the sets are dealt by the page cache's shards, so that each process stores its own
    _, their_shards = _shares(list(range(PageCache.SHARDS)), _SECOND_SHARE)
    theirs = {key for key in keys if PageCache.shard_of(key) in their_shards}
    mine = set(keys) - theirs
    theirs_pending = _pending_outlines(corpus, theirs)
    saves = getattr(corpus, "_cache", None) is not None
    set_codes = [code for code in codes if RULES[code].scope == "set"]
    aside = [code for code in codes if code in _SECOND_CORPUS_RULES and RULES[code].scope == "corpus"]
    child_codes = set_codes + aside
    try:
        spool = tempfile.TemporaryFile()
    except OSError:  # no writable temporary folder: one process
        return _run_rules(corpus, codes, pages, options, focus, site_focus)
    ready_read, ready_write = os.pipe()  # the size of the child's outlines in the spool, once written
    read_end, write_end = os.pipe()
    try:
        child = os.fork()
    except OSError:  # no room for a second process: one process
        for fd in (ready_read, ready_write, read_end, write_end):
            os.close(fd)
        spool.close()
        return _run_rules(corpus, codes, pages, options, focus, site_focus)
    if child == 0:  # the second process
        os.close(read_end)
        os.close(ready_read)
        status = 0
        try:
            made = _outlines_pickled(theirs_pending)
            _spool_write(spool.fileno(), made)
            os.write(ready_write, len(made).to_bytes(8, "little"))
            os.close(ready_write)
            found = _run_rules(corpus, set_codes, pages, options, theirs) | _run_rules(corpus, aside, pages, options)
            data = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as stream:
                stream.write(data)
            if saves:  # while the parent runs its rules and stores the other shards
                corpus.save_cache(their_shards)
        except BaseException:  # noqa: BLE001 - the parent runs these rules itself
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    os.close(ready_write)
    for page in _pending_outlines(corpus, mine):
        outline(page)
    findings = _run_rules(corpus, set_codes, pages, options, mine)
    with spool:
        size = os.read(ready_read, 8)
        os.close(ready_read)
        try:
            made = pickle.loads(_spool_read(spool.fileno(), int.from_bytes(size, "little"))) if len(size) == 8 else None
        except (ValueError, pickle.PickleError, EOFError):
            made = None
    if made is not None and len(made[0]) == len(theirs_pending):
        for page, result, same in zip(theirs_pending, made[0], made[1]):
            if same:
                result.parsed_text = page.body
            if getattr(page, "_outline", None) is None:
                page._outline = result  # type: ignore[attr-defined]
    findings |= _run_rules(corpus, [code for code in codes if code not in child_codes], pages, options, None, site_focus)
    with os.fdopen(read_end, "rb") as stream:
        data = stream.read()
    status = 0
    if saves:
        corpus._saving = (child, their_shards)  # type: ignore[attr-defined] # `store_pages` waits for it
    else:
        _, status = os.waitpid(child, 0)
    try:
        if status != 0:
            raise ValueError("the second process failed")
        findings |= pickle.loads(data)
    except (ValueError, pickle.PickleError, EOFError):
        findings |= _run_rules(corpus, set_codes, pages, options, theirs) | _run_rules(corpus, aside, pages, options)
    return findings


def store_pages(corpus: Corpus) -> None:
    """`Corpus.save_cache`, after a large check whose second process stores the shards of its
    translation sets (`_run_in_two`): this process stores the others, then waits for it,
    and stores its shards too if it failed."""
    saving = getattr(corpus, "_saving", None)
    if saving is None:
        corpus.save_cache()
        return
    child, shards = saving
    corpus._saving = None  # type: ignore[attr-defined]
    corpus.save_cache(set(range(PageCache.SHARDS)) - shards)
    _, status = os.waitpid(child, 0)
    if status != 0:
        corpus.save_cache(shards)


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
    """Every page, in language and key order; only those of `corpus.focus`, when set."""
    focus = corpus.focus
    for found in corpus.pages.values():
        if focus is None:
            yield from found.values()
        else:
            yield from (page for key, page in found.items() if key in focus)


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
    """`run_checks` for the command line, the build and the preview, incremental: the
    findings of the last run are reused where nothing a rule read has changed (what each
    rule reads: `Rule.scope`; the cache and its keys: `quangba.checks.incremental`)."""
    import datetime as dt

    from quangba.checks import incremental as inc
    from quangba.core.corpus import CACHE_DIR, Corpus

    cache_file = project.root / CACHE_DIR / inc.FINDINGS_CACHE
    known: dict[str, str] = {}
    fingerprint = inc.fingerprint(project, sorted(select or []), sorted(ignore or []), known)
    stored = inc.load(cache_file)
    now = dt.datetime.now(dt.timezone.utc)
    fresh = stored.get("valid_until") is None or now < stored["valid_until"]
    if stored.get("fingerprint") == fingerprint and fresh and "findings" in stored:
        inc.LAST_RUN.clear()
        inc.LAST_RUN.update(checked=[], site_checked=[], reused=len(stored.get("sets", {})))
        return stored["findings"]
    with _rare_collections():
        corpus = Corpus.load(project, use_cache=True, digests=known)
        codes = selected_codes(corpus, select, ignore)
        inputs = inc.inputs_key(project, codes)
        digests = inc.set_digests(corpus)
        kept = stored.get("sets", {}) if stored.get("inputs") == inputs and fresh else {}
        reused = {key: kept[key] for key, digest in digests.items()
                  if digest is not None and key in kept and kept[key][0] == digest}
        changed = set(digests) - set(reused)
        site = inc.site_digest(corpus) if reused else None  # (a first run: after the check, its outlines made)
        site_changed = changed if site is not None and site == stored.get("site") else set(digests)
        found = check_sets(corpus, codes, changed, site_changed, parallel=True)
        if not reused:
            site = inc.site_digest(corpus)
        store_pages(corpus)
        findings, sets, cacheable = inc.merge(corpus, found, lambda code: RULES[code].scope, digests, reused,
                                              changed, site_changed)
        inc.LAST_RUN.clear()
        inc.LAST_RUN.update(checked=sorted(changed), site_checked=sorted(site_changed), reused=len(reused))
        inc.store(cache_file, {"fingerprint": fingerprint, "findings": findings, "site": site, "inputs": inputs,
                               "valid_until": inc.valid_until(corpus, now), "sets": sets if cacheable else {}})
    return findings
