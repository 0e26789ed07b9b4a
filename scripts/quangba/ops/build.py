"""`quangba build`: check, build into a staging folder, then swap it in.

A failed check or build never touches the published `site/`: the new site is built beside
it and only moved into place once complete.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quangba.checks import run_checks_cached
from quangba.core.corpus import Corpus
from quangba.core.errors import ContentError, QuangbaError
from quangba.core.findings import Finding, Severity
from quangba.core.project import Project
from quangba.web.finish import DEFER_FINISH, finish_site
from quangba.core.messages import T_
from quangba.core.progress import Progress

# Material 9.7+ prints an end-of-life banner on every run; it is not our users' news.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class BuildFailed(ContentError):
    """The build stopped; `findings` (if any) say where."""

    def __init__(self, message: str, findings: list[Finding] | None = None):
        super().__init__(message)
        self.findings = findings or []


class DiskFull(BuildFailed):
    """The disk filled up while the new site was written; the published site is unchanged."""

    def __init__(self, path: str, folder: Path, free: int):
        self.path, self.folder, self.free = path, folder, free
        super().__init__(
            f"the disk is full: could not write {path}; {free / 1e6:.1f} MB free in {folder}. "
            "The published site was not changed: free some space and build again"
        )


_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


@dataclass
class BuildResult:
    site_dir: Path
    seconds: float
    pages: dict[str, int]
    warnings: list[Finding] = field(default_factory=list)
    # translations pending, one line per language (`en: 2 missing, 1 stale`); not errors
    backlog: list[str] = field(default_factory=list)
    mkdocs_warnings: list[str] = field(default_factory=list)
    held_back: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _run_mkdocs(project: Project, staging: Path, languages: list[str] | None = None,
                write_source: bool = True, cache: bool = True) -> list[str]:
    """One build by the engine (static-i18n builds the source language, then each other one).
    With `languages`, only those are built besides the source language; with `write_source`
    false, only those (a parallel build's other processes: the first writes the source).
    With `cache`, pages and templates unchanged since the last build are not converted again."""
    from quangba.ops.engine import engine, plugins_ran, require_plugins

    run = engine()
    collector = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    old_level = mkdocs_log.level
    mkdocs_log.setLevel(logging.WARNING)
    name = project.relpath(project.config_file)
    try:
        config = run.load_config(str(project.config_file), site_dir=str(staging), strict=True)
        require_plugins(config, name)
        quangba = config.plugins["quangba"]
        if cache:
            # What the last build converted and compiled (mkdocs_plugin/rebuild.py): kept for
            # the pages and templates that did not change.
            from quangba.core.corpus import CACHE_DIR
            from quangba.mkdocs_plugin.rebuild import RenderCache

            quangba.render_cache = RenderCache(project.root / CACHE_DIR / "render")
            quangba.template_cache = project.root / CACHE_DIR / "templates"
            quangba.read_cache = True
        i18n = config.plugins.get("i18n")
        if languages is not None and i18n is not None:
            if write_source:
                for language in i18n.config.languages:
                    language.build = language.default or language.locale in languages
            else:
                start_at(i18n, config, languages)
        run.build(config)
        expected = [language.locale for language in i18n.config.languages if language.build] if i18n else []
        plugins_ran(config, expected, name)
    except run.errors as exc:
        raise BuildFailed(T_("{config}: the site build stopped: {error}{details}", config=name, error=exc,
                             details="".join("\n  " + m for m in collector.messages))) from exc
    except QuangbaError as exc:
        raise BuildFailed(str(exc)) from exc
    finally:
        mkdocs_log.removeHandler(collector)
        mkdocs_log.setLevel(old_level)
    return collector.messages


def start_at(i18n: Any, config: Any, languages: list[str]) -> list[str]:
    """Have static-i18n build exactly `languages` (in its list's order), starting with the first
    of them instead of the source language. Returns that order (empty: none is in its list)."""
    for language in i18n.config.languages:
        language.build = language.locale in languages
    order = [language.locale for language in i18n.config.languages if language.build]
    if not order:
        return order
    i18n.current_language = order[0]
    if len(order) == 1 and not config.extra.get("alternate"):
        # static-i18n turns the language menu on only when it builds several languages;
        # quangba's menu lists the languages itself and only needs it to be on.
        config.extra["alternate"] = [
            {"name": language.name, "link": language.link, "lang": language.locale}
            for language in i18n.config.languages
        ]
    return order


def _require_plugins(project: Project) -> None:
    from quangba.ops.engine import engine, require_plugins

    run = engine()
    name = project.relpath(project.config_file)
    try:
        require_plugins(run.load_config(str(project.config_file)), name)
    except run.errors as exc:
        raise BuildFailed(f"{name}: {exc}") from exc
    except QuangbaError as exc:
        raise BuildFailed(str(exc)) from exc


def _groups(project: Project, jobs: int) -> list[list[str]]:
    """Split the translation languages over `jobs` processes, in order. The first process
    builds the source language too; the others start at their own first language (`start_at`)."""
    others = list(project.translation_languages)
    jobs = max(1, min(jobs, len(others)))
    size, extra = divmod(len(others), jobs)
    groups, start = [], 0
    for index in range(jobs):
        end = start + size + (1 if index < extra else 0)
        groups.append(others[start:end])
        start = end
    return groups


def _build_group(args: tuple[str, str, list[str], bool, bool]) -> tuple[list[str], str | None]:
    """Worker process: build one group of languages (the first group with the source
    language). Returns MkDocs' warnings and an error."""
    config_file, staging, languages, write_source, cache = args
    os.environ[DEFER_FINISH] = "1"
    try:
        from quangba.core.project import load_project

        return _run_mkdocs(load_project(config_file), Path(staging), languages, write_source, cache), None
    except BuildFailed as exc:
        return [], str(exc)


def _run_parallel(project: Project, staging: Path, jobs: int, cache: bool = True) -> list[str]:
    """Build the languages in `jobs` processes, then merge their outputs into `staging`:
    the first process's output is the site; the others contribute their `/<lang>/` trees.
    Every page is rendered from the same corpus and templates, so the merged site is the
    one a sequential build writes (a test compares them page by page)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    groups = _groups(project, jobs)
    parts = [staging] + [staging.with_name(f"{staging.name}-part{index}") for index in range(1, len(groups))]
    for part in parts:
        shutil.rmtree(part, ignore_errors=True)
    context = multiprocessing.get_context("fork")
    try:
        # Not multiprocessing.Pool: its daemonic workers could not start the image encoders.
        with ProcessPoolExecutor(len(groups), mp_context=context) as pool, Progress() as progress:
            languages = sum(len(group) for group in groups)
            progress.show(T_("Building the site: {languages} languages in {count} processes…", languages=languages,
                             count=len(groups)))
            tasks = [(str(project.config_file), str(part), group, number == 0, cache)
                     for number, (part, group) in enumerate(zip(parts, groups))]
            futures = {pool.submit(_build_group, task): number for number, task in enumerate(tasks)}
            results: list = [None] * len(tasks)
            done = 0
            for future in as_completed(futures):
                number = futures[future]
                results[number] = future.result()
                done += len(groups[number])
                progress.show(T_("Building the site: {done}/{languages} languages built…", done=done, languages=languages))
        errors = [error for _, error in results if error]
        if errors:
            raise BuildFailed(errors[0])
        for part, group in zip(parts[1:], groups[1:]):
            for lang in group:
                shutil.move(str(part / lang), str(staging / lang))
    finally:
        for part in parts[1:]:
            shutil.rmtree(part, ignore_errors=True)
    return [message for messages, _ in results for message in messages]


# A test kills the build at these points (QUANGBA_PAUSE_AT=<point>): the process says so on
# stderr and waits to be killed there, so "killed at the worst moment" is a real kill.
PAUSE_ENV = "QUANGBA_PAUSE_AT"


def pause_point(name: str) -> None:
    if os.environ.get(PAUSE_ENV) == name:
        print(f"quangba: paused at {name}", file=sys.stderr, flush=True)
        time.sleep(600)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with the kernel's renameat2(RENAME_EXCHANGE): at every
    instant each name holds one complete tree. False where the kernel, the C library or the
    file system cannot (the caller falls back to two renames)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(a), None, str(b))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_LEFTOVER = re.compile(r"^\.(?P<name>.+)-(?P<kind>staging|old)-(?P<pid>\d+)(?:-part\d+)?$")


def remove_leftovers(target: Path) -> list[Path]:
    """Folders that killed builds left beside `target` (`.site-staging-<pid>`, its `-partN`
    and `.site-old-<pid>`), whose process is gone. A lost `site/` (a kill between the two
    renames of the fallback swap) is first put back from its `-old-` copy. Returns what was
    removed."""
    removed: list[Path] = []
    if not target.parent.is_dir():
        return removed
    for path in sorted(target.parent.iterdir()):
        match = _LEFTOVER.match(path.name)
        if not match or match["name"] != target.name or _pid_alive(int(match["pid"])) and int(match["pid"]) != os.getpid():
            continue
        if match["kind"] == "old" and not target.exists() and path.is_dir():
            os.replace(path, target)
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _swap(staging: Path, target: Path) -> None:
    """Put the staged site in place of the published one in one step: the kernel exchanges
    the two folders, then the old site (now under the staging name) is removed. Where the
    exchange is not available, two renames; a kill between them leaves the old site under
    `.site-old-<pid>`, which the next build puts back."""
    pause_point("swap")
    if target.exists() and not target.is_symlink() and exchange(staging, target):
        pause_point("swapped")
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    if target.exists() or target.is_symlink():
        os.replace(target, old)
    os.replace(staging, target)
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)
    elif old.is_symlink():
        old.unlink()


def _check_and_build(project: Project, corpus: Corpus, target: Path, check: bool, jobs: int, parallel: bool,
                     cache: bool, drawing: "CardDrawing | None") -> tuple[list[Finding], list[str]]:
    """`build_site`'s work: the check's findings and MkDocs' warnings."""
    findings: list[Finding] = []
    if check:
        with Progress() as progress:
            progress.show(T_("Checking the content…"))
            findings = run_checks_cached(project)
        errors = [f for f in findings if f.severity == Severity.ERROR]
        if errors:
            raise BuildFailed(T_('{errors_count} error(s) in the content; the site was not changed', errors_count=len(errors)), findings)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    staging = target.with_name(f".{target.name}-staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        if parallel:
            # Encode the images once, here, so the language processes find them in the cache.
            from quangba.web.visuals import make_variants

            make_variants(corpus, staging)
            messages = _run_parallel(project, staging, jobs, cache)
            if drawing is not None:
                # What they drew is in the cache; finish_site draws the rest at full priority
                # (a process cannot be given its priority back).
                drawing.stop()
            finish_site(corpus, staging)
        else:
            messages = _run_mkdocs(project, staging, cache=cache)
        _swap(staging, target)
    except OSError as exc:
        if exc.errno not in _DISK_FULL:
            raise
        shutil.rmtree(staging, ignore_errors=True)  # first, so that the free space is told right
        written = Path(os.fsdecode(exc.filename2 or exc.filename or staging))  # copyfile names (source, target)
        raise DiskFull(project.relpath(written), target.parent, shutil.disk_usage(target.parent).free) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return findings, messages


class CardDrawing:
    """`jobs` low-priority processes drawing the social cards the cache lacks
    (`web.visuals.draw_missing_cards`, a share each), beside the build. They write to the
    cache only: they are stopped when the languages are built, and `finish_site` draws what
    they did not. They end with the build, even a killed one (Linux's parent-death signal)."""

    def __init__(self, corpus: Corpus, jobs: int) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.processes = [context.Process(target=_draw_share, args=(corpus, (index, jobs)), daemon=True)
                          for index in range(jobs)]
        for process in self.processes:
            process.start()

    def stop(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()


def _draw_share(corpus: Corpus, share: tuple[int, int]) -> None:
    import signal

    def leave(*_: Any) -> None:
        raise SystemExit(0)  # a card being written is removed (cards._write_atomic), not left half

    signal.signal(signal.SIGTERM, leave)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    os.nice(10)
    from quangba.web.visuals import draw_missing_cards

    try:
        draw_missing_cards(corpus, share)
    except Exception:  # noqa: BLE001 - a card that cannot be drawn is finish_site's to report
        os._exit(1)


def build_site(project: Project, site_dir: Path | None = None, check: bool = True, jobs: int | None = None,
               cache: bool = True) -> BuildResult:
    """Check the content, build the site and publish it to `site_dir` atomically.

    `jobs` processes build the languages side by side (default: one per core); 1 builds
    them one after another in this process, as plain `mkdocs build` does. Without `cache`,
    every page and template is converted again (image variants and cards, kept by their
    content, are still reused)."""
    from quangba.mkdocs_plugin.plugin import PREVIEW_ENV

    os.environ.pop(PREVIEW_ENV, None)  # drafts and scheduled pages are `serve`'s preview only, never built
    started = time.perf_counter()
    target = (site_dir or project.site_dir).resolve()
    _require_plugins(project)  # a config that lost a plugin is said before the content's findings
    corpus = Corpus.load(project, use_cache=True)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    parallel = jobs > 1 and len(project.translation_languages) > 1
    # The cards the cache lacks are drawn aside, at low priority, while the check and the
    # language builds run: they leave a core idle now and then (the check is one process,
    # five languages do not split evenly over two).
    drawing = CardDrawing(corpus, jobs) if parallel else None
    try:
        findings, messages = _check_and_build(project, corpus, target, check, jobs, parallel, cache, drawing)
    finally:
        if drawing is not None:
            drawing.stop()
    warnings = [f for f in findings if f.severity == Severity.WARNING]
    backlog: list[str] = []
    if findings:
        from quangba.checks.formats import backlog_lines

        backlog = backlog_lines([f for f in findings if f.severity == Severity.BACKLOG], project.languages)
    pages = {lang: sum(1 for key in corpus.pages.get(lang, {}) if corpus.available(lang, key)) for lang in project.languages}
    return BuildResult(target, time.perf_counter() - started, pages, warnings, backlog, messages, corpus.held_back())
