"""`quangba build`: check, build into a staging folder, then swap it in.

A failed check or build never touches the published `site/`: the new site is built beside
it and only moved into place once complete.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from quangba.checks import run_checks_cached
from quangba.corpus import Corpus
from quangba.errors import QuangbaError
from quangba.findings import Finding, Severity
from quangba.project import Project

# Material 9.7+ prints an end-of-life banner on every run; it is not our users' news.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class BuildFailed(QuangbaError):
    """The build stopped; `findings` (if any) say where."""

    def __init__(self, message: str, findings: list[Finding] | None = None):
        super().__init__(message)
        self.findings = findings or []


@dataclass
class BuildResult:
    site_dir: Path
    seconds: float
    pages: dict[str, int]
    warnings: list[Finding] = field(default_factory=list)
    mkdocs_warnings: list[str] = field(default_factory=list)
    held_back: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _run_mkdocs(project: Project, staging: Path) -> list[str]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    old_level = mkdocs_log.level
    mkdocs_log.setLevel(logging.WARNING)
    try:
        config = load_config(str(project.config_file), site_dir=str(staging), strict=True)
        build(config)
    except MkDocsException as exc:
        details = "\n".join(f"  {m}" for m in collector.messages)
        raise BuildFailed(f"{project.relpath(project.config_file)}: the site build stopped: {exc}\n{details}".rstrip()) from exc
    finally:
        mkdocs_log.removeHandler(collector)
        mkdocs_log.setLevel(old_level)
    return collector.messages


def _swap(staging: Path, target: Path) -> None:
    """Put the staged site in place of the published one in two renames."""
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def build_site(project: Project, site_dir: Path | None = None, check: bool = True) -> BuildResult:
    """Check the content, build the site and publish it to `site_dir` atomically."""
    started = time.perf_counter()
    target = (site_dir or project.site_dir).resolve()
    corpus = Corpus.load(project)
    warnings: list[Finding] = []
    if check:
        findings = run_checks_cached(project)
        errors = [f for f in findings if f.severity == Severity.ERROR]
        warnings = [f for f in findings if f.severity != Severity.ERROR]
        if errors:
            raise BuildFailed(f"{len(errors)} error(s) in the content; the site was not changed", findings)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}-staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        messages = _run_mkdocs(project, staging)
        _swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    pages = {lang: sum(1 for key in corpus.pages.get(lang, {}) if corpus.available(lang, key)) for lang in project.languages}
    return BuildResult(target, time.perf_counter() - started, pages, warnings, messages, corpus.held_back())
