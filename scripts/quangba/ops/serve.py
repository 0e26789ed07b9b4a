"""`quangba serve`: a preview that keeps up with the editor.

- First a full build into a temporary folder. The check's findings are printed in the
  terminal, but they never stop the preview (`quangba build` is the gate, not this).
- An HTTP server, on the given address only, serves the current build. Every HTML response
  gets a small inline script that listens to `/__quangba/events` (Server-Sent Events) and
  reloads the page when a newer build is in place. Nothing is loaded from another host.
- A watcher follows `docs/`, `mkdocs.yml`, the glossary and the theme's `custom_dir` (the
  folders through the kernel's notifications, by watchfiles). On a change it rebuilds only the languages the change touches, each into a NEW
  folder, assembles a new site from the served one (hard links, nothing rewritten) plus the
  rebuilt language trees, and switches the served root in one step: the server never
  serves a half-written site. Then it tells the browsers to reload.

Which languages an edit touches (the file's location decides, then its content):

- `docs/<lang>/…` (a translation): that language only;
- `docs/<source>/…`: the source language, and the languages in which that page has no
  translation (they show the source's text);
- a page added or removed, a change of what is published (`draft`, `publish_at`), or of a
  source page's language-neutral front matter (facts, order, image…, shown in every
  language), `docs/assets/`, `mkdocs.yml`, the glossary, the theme, anything else:
  everything.

An edit that leaves a page unreadable (front matter that is not YAML, a file that is not
UTF-8) is reported and not built: the preview keeps showing the last good site.

The site-wide steps of `quangba build` (social cards, the Pagefind search index) run when
the editor pauses, and are served from their own folders (`/assets/cards/`, `/pagefind/`),
swapped in one step as well; the check runs then too, and its findings for the files just
edited are printed.
"""

from __future__ import annotations

import http.server
import logging
import mimetypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from quangba.core.errors import QuangbaError
from quangba.core.project import Project, load_project

EVENTS_PATH = "/__quangba/events"
POLL_SECONDS = 0.25
IDLE_SECONDS = 0.6  # the side steps (check, cards, search) wait for a pause this long
RETIRE_SECONDS = 30.0  # an old build is deleted this long after it stopped being served
# Neutral front matter of a source page is shown in every language: changing anything but
# these (which only the source language shows) rebuilds every language.
SOURCE_ONLY_FIELDS = frozenset({"title", "description", "tags"})
CARDS_PREFIX = "assets/cards/"
SEARCH_PREFIX = "pagefind/"
# Trees at the site root that are not the source language's pages.
SHARED_ROOT_ENTRIES = frozenset({"assets", "search", "pagefind"})
PRELOAD = [
    "quangba.ops.serve", "quangba.ops.build", "quangba.mkdocs_plugin.plugin", "mkdocs.commands.build",
    "mkdocs.config", "mkdocs_static_i18n.plugin", "material.plugins.search.plugin", "markdown",
    "pymdownx.slugs", "jinja2", "PIL.Image", "babel",
]

RELOAD_SCRIPT = (
    '<script>/* quangba serve: reload when the site is rebuilt */(function(){{'
    'if(!window.EventSource)return;'
    'var s=new EventSource("{path}?v={version}&id={instance}");'
    's.onmessage=function(e){{if(e.data==="reload"){{s.close();location.reload();}}}};'
    '}})();</script>'
)


def say(message: str) -> None:
    print(message, flush=True)


# -- building some languages ----------------------------------------------------------------

class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_languages_here(
    config_file: Path, out: Path, langs: list[str], shard: tuple[int, int] | None = None,
    template_cache: Path | None = None, pages: set[str] | None = None,
) -> list[str]:
    """Build exactly `langs` (in the i18n list's order) into `out`, in this process, without
    the site-wide steps. Unlike a plain build, a translation is built without the source
    language first: static-i18n is started at the first language of `langs`. Not strict:
    MkDocs' warnings are returned to be shown, the preview is still built.

    With `shard` (k, n), every page is read and the navigation, feeds and sitemaps are made
    as usual, but only the pages of the k-th of n shares are written: n processes write one
    language's pages side by side, each page exactly as one build would write it. With
    `pages` (keys, `heritage/tan-trao.md`), only those pages are written (every page is still
    read: feeds, sitemaps and the 404 page are complete). With `template_cache`, the theme's
    compiled templates are kept there for the next build."""
    from quangba.ops.engine import engine, plugins_ran, require_plugins
    from quangba.web.finish import DEFER_FINISH

    os.environ[DEFER_FINISH] = "1"
    collector = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    old_level, old_propagate = mkdocs_log.level, mkdocs_log.propagate
    mkdocs_log.setLevel(logging.WARNING)
    mkdocs_log.propagate = False  # shown by the preview, once
    run = engine()
    try:
        config = run.load_config(str(config_file), site_dir=str(out), strict=False)
        require_plugins(config, str(config_file))
        i18n, quangba = config.plugins["i18n"], config.plugins["quangba"]
        quangba.template_cache = template_cache
        if shard is not None or pages is not None:
            index, count = shard or (0, 1)

            def write_only(src_uri: str, key: str) -> bool:
                return (pages is None or key in pages) and zlib.crc32(src_uri.encode("utf-8")) % count == index

            quangba.write_only = write_only
        for language in i18n.config.languages:
            language.build = language.locale in langs
        order = [language.locale for language in i18n.config.languages if language.build]
        if not order:
            raise QuangbaError(f"none of {', '.join(langs)} is in the i18n languages of {config_file}")
        i18n.current_language = order[0]
        if len(order) == 1 and not config.extra.get("alternate"):
            # static-i18n turns the language menu on only when it builds several languages;
            # quangba's menu lists the languages itself and only needs it to be on.
            config.extra["alternate"] = [
                {"name": language.name, "link": language.link, "lang": language.locale}
                for language in i18n.config.languages
            ]
        run.build(config)
        plugins_ran(config, order, str(config_file))
    finally:
        mkdocs_log.removeHandler(collector)
        mkdocs_log.setLevel(old_level)
        mkdocs_log.propagate = old_propagate
    return collector.messages


def _build_child(
    config_file: str, out: str, langs: list[str], shard: tuple[int, int] | None, cache: str, pages: set[str] | None, conn: Any,
) -> None:
    """A build process: Ctrl-C is the parent's to handle (it ends this process)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        messages = build_languages_here(Path(config_file), Path(out), langs, shard, Path(cache) if cache else None, pages)
        conn.send((messages, None))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which goes on serving
        conn.send(([], f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _images_child(config_file: str, out: str, conn: Any) -> None:
    """Encode the images' variants into the shared cache once, before builds side by side
    (each would otherwise encode a new image at the same time as the others)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from quangba.core.corpus import Corpus
        from quangba.web.visuals import make_variants

        make_variants(Corpus.load(load_project(config_file)), Path(out))
        conn.send(None)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        conn.send(f"{type(exc).__name__}: {exc}")
    finally:
        conn.close()


def _groups(langs: list[str], jobs: int) -> list[list[str]]:
    jobs = max(1, min(jobs, len(langs)))
    size, extra = divmod(len(langs), jobs)
    groups, start = [], 0
    for index in range(jobs):
        end = start + size + (1 if index < extra else 0)
        groups.append(langs[start:end])
        start = end
    return groups


def _language_tree(project: Project, out: Path, lang: str) -> list[Path]:
    """The top-level entries of a build that hold `lang`'s pages."""
    if lang != project.source_language:
        return [out / lang]
    others = set(project.languages) | SHARED_ROOT_ENTRIES
    return [Path(entry.path) for entry in os.scandir(out) if entry.name not in others]


def _merge_missing(src: Path, dst: Path) -> None:
    """Move into `dst` what `src` has and `dst` has not (the pages of another share)."""
    if src.is_dir():
        if not dst.exists():
            os.replace(src, dst)
            return
        for entry in os.scandir(src):
            _merge_missing(Path(entry.path), dst / entry.name)
    elif not dst.exists():
        os.replace(src, dst)


class CpuIdle:
    """How many cores were idle over the last seconds, from /proc/stat (Linux). Time spent
    at low priority counts as idle: it is the preview's own side steps, stopped before a
    build starts."""

    def __init__(self, window: float = 2.0):
        self.window = window
        self.samples: list[tuple[float, int, int]] = []

    def sample(self) -> None:
        try:
            with open("/proc/stat", encoding="ascii") as stat:
                values = [int(value) for value in stat.readline().split()[1:9]]
        except (OSError, ValueError):
            return
        now = time.monotonic()
        # user nice system idle iowait irq softirq steal
        self.samples.append((now, sum(values), values[1] + values[3] + values[4]))
        while len(self.samples) > 2 and now - self.samples[1][0] > self.window:
            self.samples.pop(0)

    def idle_cores(self) -> float | None:
        if len(self.samples) < 2:
            return None
        (_, total0, idle0), (_, total1, idle1) = self.samples[0], self.samples[-1]
        if total1 <= total0:
            return None
        return (idle1 - idle0) / (total1 - total0) * (os.cpu_count() or 1)


class Builder:
    """Runs language builds in processes forked from a warm, thread-free fork server: one
    process per group of languages, or, for one language, its pages shared out."""

    def __init__(self, project: Project, jobs: int | None = None, template_cache: Path | None = None):
        import multiprocessing

        self.project = project
        self.jobs = jobs or os.cpu_count() or 1
        self.template_cache = template_cache
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(PRELOAD)
        self._running: list[Any] = []
        self.cpu = CpuIdle()

    def plan(self, langs: list[str], pages: set[str] | None = None) -> list[tuple[list[str], tuple[int, int] | None]]:
        """Processes to start: languages split in groups, or one language's pages shared out
        over the cores that are idle (sharing costs each process about half a build more,
        which only pays when the cores are free)."""
        if len(langs) == 1 and self.jobs > 1 and pages is None:
            idle = self.cpu.idle_cores()
            if idle is None:
                try:
                    idle = (os.cpu_count() or 1) - os.getloadavg()[0]
                except OSError:
                    idle = 0
            shares = max(1, min(self.jobs, int(idle + 0.5)))
            if shares > 1:
                return [(langs, (index, shares)) for index in range(shares)]
        return [(group, None) for group in _groups(langs, self.jobs)]

    def build(
        self, langs: list[str], outs: list[Path], units: list | None = None, pages: set[str] | None = None,
    ) -> tuple[dict[str, Path], list[str]]:
        """Build `langs` (only `pages`, if given) into the fresh folders `outs` (one per unit
        of `plan`); returns which folder holds each language, and MkDocs' warnings. Raises
        QuangbaError on failure."""
        units = units or self.plan(langs, pages)
        if len(units) > 1 and set(langs) >= set(self.project.languages):
            # Everything is rebuilt when an image may have changed (docs/assets, the first build).
            error = self._run(_images_child, str(self.project.config_file), str(outs[0]))
            shutil.rmtree(outs[0], ignore_errors=True)
            if error:
                raise QuangbaError(error)
        procs = []
        try:
            for (group, shard), out in zip(units, outs):
                reader, writer = self.context.Pipe(duplex=False)
                process = self.context.Process(
                    target=_build_child,  # not daemonic: the build starts processes of its own
                    args=(str(self.project.config_file), str(out), group, shard, str(self.template_cache or ""), pages, writer),
                )
                process.start()
                writer.close()
                procs.append((process, reader))
                self._running.append(process)
            messages: list[str] = []
            errors: list[str] = []
            for process, reader in procs:
                try:
                    found, error = reader.recv()
                except EOFError:
                    process.join()
                    found, error = [], f"the build process stopped (exit code {process.exitcode})"
                messages += found
                if error:
                    errors.append(error)
                process.join()
        finally:
            for process, reader in procs:
                reader.close()
                if process.is_alive():
                    process.terminate()
                    process.join()
                if process in self._running:
                    self._running.remove(process)
        if errors:
            raise QuangbaError(errors[0])
        where: dict[str, Path] = {}
        for (group, shard), out in zip(units, outs):
            for lang in group:
                if lang not in where:
                    where[lang] = out
                    continue
                for tree in _language_tree(self.project, out, lang):
                    _merge_missing(tree, where[lang] / tree.name)
        return where, list(dict.fromkeys(messages))

    def _run(self, target: Any, *args: Any) -> Any:
        """Run `target(*args, conn)` in a process of its own; returns what it sent."""
        reader, writer = self.context.Pipe(duplex=False)
        process = self.context.Process(target=target, args=(*args, writer))
        process.start()
        writer.close()
        self._running.append(process)
        try:
            return reader.recv()
        except EOFError:
            return f"a build process stopped (exit code {process.exitcode})"
        finally:
            reader.close()
            if process.is_alive():
                process.terminate()
            process.join()
            self._running.remove(process)

    def stop(self) -> None:
        for process in list(self._running):
            if process.is_alive():
                process.terminate()


# -- assembling a site from trees -----------------------------------------------------------

def _link_tree(src: Path, dst: Path, skip: frozenset[str] | set[str] = frozenset()) -> None:
    """Copy `src` to `dst` as hard links (fast, no bytes copied), leaving out the top-level
    entries named in `skip`. Built files are never written again once served, so sharing
    them between versions is safe."""
    dst.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(src):
        if entry.name in skip:
            continue
        target = dst / entry.name
        if entry.is_dir(follow_symlinks=False):
            _link_tree(Path(entry.path), target)
        else:
            try:
                os.link(entry.path, target)
            except OSError:
                shutil.copy2(entry.path, target)


def _overlay(src: Path, dst: Path) -> None:
    """Move every file of `src` over its counterpart in `dst` (a new directory entry: the
    hard-linked file of the served site is left as it was)."""
    if src.is_dir():
        dst.mkdir(exist_ok=True)
        for entry in os.scandir(src):
            _overlay(Path(entry.path), dst / entry.name)
    else:
        os.replace(src, dst)


def assemble(project: Project, served: Path | None, where: dict[str, Path], new_root: Path, pages_only: bool = False) -> None:
    """Put the new site together in `new_root`: each rebuilt language's tree from its build,
    the rest from the served site (as hard links). With `pages_only`, the builds hold only
    some pages of their languages (and the files written for the whole language): they are
    laid over the served site."""
    source = project.source_language
    lang_dirs = set(project.languages) - {source}
    rebuilt = set(where)
    if pages_only and served is not None:
        _link_tree(served, new_root)
        for lang, out in where.items():
            for tree in _language_tree(project, out, lang):
                _overlay(tree, new_root / tree.name)
        return
    if served is None or rebuilt >= set(project.languages):
        # Everything was built: the source language's build is the site (shared assets
        # included); the other builds contribute their `/<lang>/` trees.
        base = where[source]
        os.replace(base, new_root)
        for lang, out in where.items():
            if out != base and lang != source:
                shutil.rmtree(new_root / lang, ignore_errors=True)
                os.replace(out / lang, new_root / lang)
        return
    skip = set(rebuilt & lang_dirs)
    if source in rebuilt:
        # The source language's tree is every root entry but the other languages' trees and
        # the shared folders (assets, search), which only a full build changes.
        _link_tree(served, new_root, skip=frozenset({e.name for e in os.scandir(served)} - lang_dirs - SHARED_ROOT_ENTRIES) | skip)
        built = where[source]
        for entry in os.scandir(built):
            if entry.name in lang_dirs or entry.name in SHARED_ROOT_ENTRIES:
                continue
            os.replace(entry.path, new_root / entry.name)
    else:
        _link_tree(served, new_root, skip=frozenset(skip))
    for lang in rebuilt & lang_dirs:
        os.replace(where[lang] / lang, new_root / lang)


# -- what an edit touches -------------------------------------------------------------------

@dataclass
class Changes:
    modified: list[Path] = field(default_factory=list)
    created: list[Path] = field(default_factory=list)
    deleted: list[Path] = field(default_factory=list)

    @property
    def paths(self) -> list[Path]:
        return sorted(self.modified + self.created + self.deleted)

    def __bool__(self) -> bool:
        return bool(self.modified or self.created or self.deleted)

    def __or__(self, other: "Changes") -> "Changes":
        created = set(self.created) | set(other.created)
        deleted = (set(self.deleted) | set(other.deleted)) - set(other.created)
        created -= set(other.deleted)
        modified = (set(self.modified) | set(other.modified)) - created - deleted
        return Changes(sorted(modified), sorted(created), sorted(deleted))


def _page_of(project: Project, path: Path) -> tuple[str, str] | None:
    """(lang, key) of a content file, or None for anything else."""
    try:
        relative = path.relative_to(project.docs_dir)
    except ValueError:
        return None
    parts = relative.parts
    if len(parts) < 2 or parts[0] not in project.languages or path.suffix != ".md":
        return None
    return parts[0], "/".join(parts[1:])


def _neutral(meta: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in meta.items() if name not in SOURCE_ONLY_FIELDS}


@dataclass
class Plan:
    """What to rebuild: `langs` (in the project's order), why everything is rebuilt when it
    is, and `pages`: when every edit changed only the text of pages (front matter as it
    was), the keys of those pages. Then only they are written again in each language:
    a page shows its own text only, every other page (its navigation, its neighbours' links)
    is made of front matter; the feeds, sitemaps and the 404 page are written anew anyway."""

    langs: list[str]
    why: str = ""
    pages: set[str] | None = None


def languages_to_rebuild(project: Project, before: Any, after: Any, changes: Changes) -> Plan:
    """The languages an edit touches, from the corpus as built (`before`) and as it is now
    (`after`)."""
    everything = list(project.languages)
    source = project.source_language
    touched: set[str] = set()
    pages: set[str] | None = set()
    for path in changes.created:
        return Plan(everything, f"{project.relpath(path)} was added")
    for path in changes.deleted:
        return Plan(everything, f"{project.relpath(path)} was removed")
    for path in changes.modified:
        page = _page_of(project, path)
        if page is None:
            return Plan(everything, f"{project.relpath(path)} changed")
        lang, key = page
        if before.is_published(key) != after.is_published(key):
            return Plan(everything, f"{project.relpath(path)}: what is published changed")
        if any(before.available(other, key) != after.available(other, key) for other in project.languages):
            return Plan(everything, f"{project.relpath(path)}: which versions exist changed")
        old, new = before.page(lang, key), after.page(lang, key)
        if old is None or new is None:
            return Plan(everything, f"{project.relpath(path)} changed")
        if lang == source:
            if _neutral(old.meta) != _neutral(new.meta):
                return Plan(everything, f"{project.relpath(path)}: front matter shown in every language changed")
            touched.add(source)
            touched.update(other for other in project.translation_languages if not after.available(other, key))
        else:
            touched.add(lang)
        # Without a title in its front matter, a page is named after its first heading.
        if pages is not None and old.meta == new.meta and isinstance(new.meta.get("title"), str):
            pages.add(key)
        else:
            pages = None
    return Plan([lang for lang in project.languages if lang in touched], "", pages or None)


def unreadable(project: Project, changes: Changes) -> list[str]:
    """Edited pages that cannot be read (front matter that is not YAML, not UTF-8): building
    them would replace a good preview with a broken one."""
    from quangba.core.content import read_page

    problems = []
    for path in changes.modified + changes.created:
        page = _page_of(project, path)
        if page is None or not path.is_file():
            continue
        for problem in read_page(path, page[0], page[1]).problems:
            if problem.code in ("SYN001", "SYN005"):
                problems.append(f"{project.relpath(path)}:{problem.line}:1: {problem.code} {problem.message}")
    return problems


# -- watching -------------------------------------------------------------------------------

def watched_roots(project: Project) -> list[Path]:
    """docs/, mkdocs.yml, the glossary and the theme's own folder (custom_dir)."""
    roots = [project.docs_dir, project.config_file]
    glossary = project.options.get("glossary")
    roots.append(project.root / (glossary if isinstance(glossary, str) else "glossary.yml"))
    try:
        import yaml

        from quangba.core.project import _TolerantLoader

        data = yaml.load(project.config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
        custom = (data.get("theme") or {}).get("custom_dir") if isinstance(data.get("theme"), dict) else None
        if isinstance(custom, str):
            roots.append(project.root / custom)
    except Exception:  # noqa: BLE001 - a broken config is reported when it is built
        pass
    return roots


def snapshot(roots: list[Path]) -> dict[Path, tuple[int, int, int]]:
    """(mtime, size, inode) of every file under the watched roots: an editor that saves by
    writing a new file and renaming it over the old one changes the inode."""
    found: dict[Path, tuple[int, int, int]] = {}

    def walk(folder: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith(".") or entry.name.endswith("~"):
                continue  # editors' swap and backup files
            try:
                if entry.is_dir(follow_symlinks=True):
                    walk(entry.path)
                else:
                    stat = entry.stat()
                    found[Path(entry.path)] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
            except OSError:
                continue

    for root in roots:
        if root.is_dir():
            walk(str(root))
        else:
            try:
                stat = root.stat()
                found[root] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
            except OSError:
                pass
    return found


def _wanted(change: Any, path: str) -> bool:
    """Editors' swap and backup files are not content."""
    name = os.path.basename(path)
    return not (name.startswith(".") or name.endswith("~"))


def _from_events(events: set[tuple[Any, str]]) -> Changes:
    """watchfiles' events as Changes; a path both added and deleted in one batch (a rename
    over it) is a modification."""
    from watchfiles import Change

    # a folder's own events say nothing its files' events do not
    added = {Path(path) for change, path in events if change == Change.added and not os.path.isdir(path)}
    deleted = {Path(path) for change, path in events if change == Change.deleted}
    modified = {Path(path) for change, path in events if change == Change.modified and not os.path.isdir(path)}
    modified |= added & deleted
    return Changes(
        modified=sorted(modified), created=sorted(added - modified), deleted=sorted(deleted - modified - added),
    )


def compare(old: dict[Path, tuple[int, int, int]], new: dict[Path, tuple[int, int, int]]) -> Changes:
    return Changes(
        modified=sorted(path for path in new if path in old and new[path] != old[path]),
        created=sorted(path for path in new if path not in old),
        deleted=sorted(path for path in old if path not in new),
    )


# -- the served site ------------------------------------------------------------------------

class Site:
    """What the server serves: one root folder plus overlay folders (cards, search index),
    each replaced in one step; `version` counts the builds put in place."""

    def __init__(self, project: Project):
        self.project = project
        self.base = urlsplit(project.site_url).path or "/"
        self.instance = secrets.token_hex(4)
        self.changed = threading.Condition()
        self.root: Path | None = None
        self.overlays: dict[str, Path] = {}
        self.version = 0
        self.stopping = False
        self.status = "Building the preview…"

    def publish(self, root: Path) -> Path | None:
        with self.changed:
            old, self.root = self.root, root
            self.version += 1
            self.changed.notify_all()
        return old

    def overlay(self, prefix: str, folder: Path) -> Path | None:
        with self.changed:
            old = self.overlays.get(prefix)
            self.overlays = {**self.overlays, prefix: folder}
        return old

    def view(self) -> tuple[Path | None, dict[str, Path], int]:
        with self.changed:
            return self.root, self.overlays, self.version

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()


_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm", ".woff2": "font/woff2",
}


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "quangba-serve"
    site: Site  # set on the subclass made for one server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def _send(self, status: int, body: bytes, content_type: str, with_body: bool, extra: dict[str, str] | None = None) -> None:
        extra = {"Cache-Control": "no-store", **(extra or {})}
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _html(self, data: bytes, version: int) -> bytes:
        script = RELOAD_SCRIPT.format(path=EVENTS_PATH, version=version, instance=self.site.instance).encode()
        index = data.rfind(b"</body>")
        return data[:index] + script + data[index:] if index >= 0 else data + script

    def _respond(self, with_body: bool) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        if path == EVENTS_PATH:
            self._events(parse_qs(url.query))
            return
        site = self.site
        root, overlays, version = site.view()
        if not path.startswith(site.base):
            if path + "/" == site.base or path == "/":
                self._send(302, b"", "text/plain", with_body, {"Location": site.base})
            else:
                self._send(404, b"not found", "text/plain; charset=utf-8", with_body)
            return
        if root is None:
            page = f"<!doctype html><html><head><meta charset=utf-8><title>quangba serve</title></head><body><p>{site.status}</p></body></html>"
            self._send(503, self._html(page.encode(), version), _TYPES[".html"], with_body, {"Retry-After": "1"})
            return
        relative = path[len(site.base):]
        parts = [part for part in relative.split("/") if part]
        if any(part in (".", "..") or "\\" in part or "\x00" in part for part in parts):
            self._send(400, b"bad path", "text/plain; charset=utf-8", with_body)
            return
        clean = "/".join(parts)
        folder, inner = root, clean
        for prefix, overlay in overlays.items():
            if clean.startswith(prefix):
                folder, inner = overlay, clean[len(prefix):]
                break
        target = folder / inner if inner else folder
        if target.is_dir():
            if not path.endswith("/"):
                location = quote(path + "/") + (f"?{url.query}" if url.query else "")
                self._send(301, b"", "text/plain", with_body, {"Location": location})
                return
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status = 404
            lang = parts[0] if parts and parts[0] in site.project.translation_languages else ""
            target = root / lang / "404.html" if (root / lang / "404.html").is_file() else root / "404.html"
            if not target.is_file():
                self._send(404, b"not found", "text/plain; charset=utf-8", with_body)
                return
        suffix = target.suffix.lower()
        content_type = _TYPES.get(suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        try:
            stat = target.stat()
            extra = {}
            if suffix != ".html" and status == 200:
                # Built files are never changed in place: (time, size) names a version. A
                # reload then revalidates the styles, scripts and images instead of fetching them.
                etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
                extra = {"ETag": etag, "Cache-Control": "no-cache"}
                if self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", content_type, False, extra)
                    return
            data = target.read_bytes()
        except OSError:
            self._send(404, b"not found", "text/plain; charset=utf-8", with_body)
            return
        if suffix == ".html":
            data = self._html(data, version)
        self._send(status, data, content_type, with_body, extra)

    def _events(self, query: dict[str, list[str]]) -> None:
        """Server-Sent Events: `reload` once a build newer than the page's is served."""
        site = self.site
        try:
            seen = int(query.get("v", ["0"])[0])
        except ValueError:
            seen = 0
        if query.get("id", [site.instance])[0] != site.instance:
            seen = -1  # a page from an earlier run of the server: reload at once
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while True:
                with site.changed:
                    site.changed.wait_for(lambda: site.version > seen or site.stopping, timeout=15)
                    version, stopping = site.version, site.stopping
                if stopping:
                    return
                if version > seen:
                    self.wfile.write(b"data: reload\n\n")
                    self.wfile.flush()
                    return
                self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(site: Site, address: str) -> http.server.ThreadingHTTPServer:
    host, port = parse_address(address)
    handler = type("BoundHandler", (Handler,), {"site": site})
    server_class = _Server
    if ":" in host:
        server_class = type("_Server6", (_Server,), {"address_family": socket.AF_INET6})
    try:
        return server_class((host, port), handler)
    except OSError as exc:
        raise QuangbaError(f"serve: cannot listen on {address}: {exc.strerror or exc}") from exc


def parse_address(address: str) -> tuple[str, int]:
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise QuangbaError(f"serve: the address must be HOST:PORT (like 127.0.0.1:8000), not {address!r}")
    host = host.strip("[]") or "127.0.0.1"
    return host, int(port)


# -- the side steps: check, cards, search -----------------------------------------------------

def _side_child(
    config_file: str, report: list[str] | None, root: str, cards_old: str, cards_tree: str, cards_state: dict,
    search_out: str, search: bool, conn: Any,
) -> None:
    """The side steps, in a process of their own at low priority (the next rebuild comes
    first, and the parent stops this process when one is needed): the check, the search
    index, then the social cards. Sends back what to print and what was made."""
    from quangba.checks import formats
    from quangba.checks import run_checks_cached
    from quangba.core.corpus import Corpus, shared_cache
    from quangba.web.visuals import _draw, card_jobs

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    running: list[subprocess.Popen] = []

    def _stop(signum: int, frame: Any) -> None:
        for process in running:
            if process.poll() is None:
                process.kill()
        os._exit(1)

    signal.signal(signal.SIGTERM, _stop)
    try:
        os.nice(10)
    except OSError:
        pass
    result: dict[str, Any] = {"text": [], "cards": None, "search": None}
    project = load_project(config_file)
    findings = run_checks_cached(project)
    if report is None:
        if findings:
            result["text"].append("Check (the preview is built anyway; `quangba build` stops on errors):\n" + formats.as_text(findings))
    else:
        # The edited files' findings, and those of every version of the edited pages (a
        # source edit leaves its translations stale; a translation removed leaves a gap).
        sources = set()
        for relative in report:
            page = _page_of(project, project.root / relative)
            if page is not None:
                sources.add(project.relpath(project.lang_dir(project.source_language) / page[1]))
        mine = [f for f in findings if f.path in set(report) or f.source in sources]
        if mine:
            result["text"].append(formats.as_text(mine))
    conn.send(("check", result["text"]))

    if search:
        from quangba.web.search import _command

        started = time.perf_counter()
        try:
            command = _command(Path(root)) + ["--output-path", search_out]
        except QuangbaError as exc:
            conn.send(("search", {"error": f"no search in the preview: {exc}", "off": True}))
        else:
            process = subprocess.Popen(command, cwd=Path(search_out).parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            running.append(process)
            output, _ = process.communicate()
            if process.returncode == 0:
                conn.send(("search", {"seconds": time.perf_counter() - started}))
            else:
                conn.send(("search", {"error": f"the search index was not rebuilt (Pagefind exit code {process.returncode}):\n{output.strip()[-2000:]}"}))

    corpus = Corpus.load(project)
    jobs = {job[-1]: job for job in card_jobs(corpus)}
    changed = [job for path, job in jobs.items() if cards_state.get(path) != job]
    if changed or set(jobs) != set(cards_state):
        folder = Path(cards_tree) / CARDS_PREFIX
        if cards_old:
            _link_tree(Path(cards_old), folder)
        folder.mkdir(parents=True, exist_ok=True)
        prefix_length = len(CARDS_PREFIX)
        for path in set(cards_state) - set(jobs):
            (folder / path[prefix_length:]).unlink(missing_ok=True)
        cache = str(shared_cache(project, "cards"))
        for job in changed:
            (folder / job[-1][prefix_length:]).unlink(missing_ok=True)  # never write into a served file
            _draw((*job, cards_tree, cache))
        conn.send(("cards", jobs))
    conn.send(("done", None))
    conn.close()


class SideSteps(threading.Thread):
    """When the editor pauses: the check (the findings of the files just edited are
    printed), the Pagefind index and the social cards that changed, made in a process of
    their own and swapped in, each in one step."""

    def __init__(self, preview: "Preview"):
        super().__init__(name="quangba-side-steps", daemon=True)
        self.preview = preview
        self.wake = threading.Event()
        self.lock = threading.Lock()
        self.report: set[Path] | None = None  # None: the whole check (first run)
        self.pending = False
        self.cancelled = threading.Event()
        self.quit = False
        self.pinned: Path | None = None
        self.process: Any = None
        self.cards: dict[str, tuple] = {}  # card path -> what it shows
        self.search_ok = True
        self.search_shown = False

    def request(self, edited: list[Path] | None) -> None:
        with self.lock:
            if edited is None or (self.pending and self.report is None):
                self.report = None  # the whole check is printed
            elif self.pending and self.report is not None:
                self.report |= set(edited)
            else:
                self.report = set(edited)
            self.pending = True
        self.wake.set()

    def cancel(self) -> None:
        """A new edit came: stop what is running (it starts again at the next pause)."""
        self.cancelled.set()
        process = self.process
        if process is not None and process.is_alive():
            process.terminate()

    def stop(self) -> None:
        self.quit = True
        self.cancel()
        self.wake.set()

    def run(self) -> None:
        while not self.quit:
            self.wake.wait()
            self.wake.clear()
            while not self.quit and (self.preview.busy or time.monotonic() - self.preview.last_build < IDLE_SECONDS):
                time.sleep(0.05)
            if self.quit:
                return
            with self.lock:
                if not self.pending:
                    continue
                report, self.pending = self.report, False
            self.cancelled.clear()
            try:
                self._run_once(report)
            except Exception as exc:  # noqa: BLE001 - the preview goes on
                say(f"quangba serve: {type(exc).__name__}: {exc}")
            if self.cancelled.is_set() and not self.quit:
                self.request(list(report) if report is not None else None)

    def _run_once(self, report: set[Path] | None) -> None:
        preview = self.preview
        site = preview.site
        root, overlays, _ = site.view()
        if root is None:
            return
        self.pinned = root
        cards_tree, search_out = preview.fresh("cards"), preview.fresh("search")
        project = preview.project
        reader, writer = preview.builder.context.Pipe(duplex=False)
        process = preview.builder.context.Process(target=_side_child, args=(
            str(project.config_file), sorted(project.relpath(path) for path in report) if report is not None else None,
            str(root), str(overlays.get(CARDS_PREFIX) or ""), str(cards_tree), self.cards, str(search_out), self.search_ok, writer,
        ))
        self.process = process
        made = {"cards": False, "search": False}
        try:
            process.start()
            writer.close()
            while not self.cancelled.is_set():
                if not reader.poll(0.1):
                    if not process.is_alive() and not reader.poll(0):
                        break
                    continue
                try:
                    kind, value = reader.recv()
                except EOFError:
                    break
                if kind == "done":
                    break
                if kind == "check":
                    for text in value:
                        say(text)
                elif kind == "search":
                    if value.get("error"):
                        say(f"quangba serve: {value['error']}")
                        self.search_ok = not value.get("off")
                        continue
                    made["search"] = True
                    preview.retire(site.overlay(SEARCH_PREFIX, search_out))
                    if not self.search_shown:
                        self.search_shown = True
                        say(f"Search index ready ({value['seconds']:.1f} s); it is brought up to date in each pause")
                elif kind == "cards":
                    made["cards"] = True
                    self.cards = value
                    old = site.overlay(CARDS_PREFIX, cards_tree / CARDS_PREFIX)
                    preview.retire(old.parents[1] if old is not None else None)
        finally:
            reader.close()
            if process.is_alive():
                process.terminate()
            process.join()
            self.process = None
            self.pinned = None
            for name, folder in (("cards", cards_tree), ("search", search_out)):
                if not made[name]:
                    shutil.rmtree(folder, ignore_errors=True)


# -- the preview ----------------------------------------------------------------------------

class Preview:
    """Builds, rebuilds and swaps the served site; `watch` runs until Ctrl-C."""

    def __init__(self, project: Project, work: Path):
        self.project = project
        self.work = work
        self.site = Site(project)
        self.builder = Builder(project, template_cache=work / "templates")
        self.side = SideSteps(self)
        self.corpus: Any = None  # the content as last built
        self.unbuilt = Changes()  # changes not built yet (a broken file, a failed build)
        self.busy = False
        self.last_build = 0.0
        self._count = 0
        self._retired: list[tuple[float, Path]] = []

    def fresh(self, name: str) -> Path:
        self._count += 1
        return self.work / f"{name}-{self._count}"

    def retire(self, folder: Path | None) -> None:
        if folder is not None:
            self._retired.append((time.monotonic(), folder))

    def _clean_retired(self) -> None:
        now = time.monotonic()
        keep = []
        for when, folder in self._retired:
            if now - when > RETIRE_SECONDS and folder != self.side.pinned:
                shutil.rmtree(folder, ignore_errors=True)
            else:
                keep.append((when, folder))
        self._retired = keep

    def rebuild(self, langs: list[str], corpus: Any, pages: set[str] | None = None) -> tuple[float, int]:
        """Build `langs` (only `pages` of them, if given) into new folders, assemble a new
        site, serve it, tell the browsers. Returns the seconds MkDocs took, and in how many
        processes."""
        units = self.builder.plan(langs, pages)
        outs = [self.fresh("build") for _ in units]
        try:
            started = time.perf_counter()
            where, messages = self.builder.build(langs, outs, units, pages)
            seconds = time.perf_counter() - started
            served, _, _ = self.site.view()
            new_root = self.fresh("site")
            assemble(self.project, served, where, new_root, pages_only=pages is not None)
        finally:
            for out in outs:
                shutil.rmtree(out, ignore_errors=True)
        self.retire(self.site.publish(new_root))
        self.corpus = corpus
        for message in messages[:10]:
            say(f"  MkDocs: {message}")
        if len(messages) > 10:
            say(f"  MkDocs: … and {len(messages) - 10} more warning(s)")
        return seconds, len(units)

    def start(self) -> None:
        """The first, full build."""
        from quangba.core.corpus import Corpus

        self.side.start()
        langs = list(self.project.languages)
        started = time.perf_counter()
        self.busy = True
        try:
            self.rebuild(langs, Corpus.load(self.project))
        except (QuangbaError, OSError) as exc:
            self.site.status = "The build failed; see the terminal. Fix the files and save: the preview rebuilds."
            say(f"Build failed: {exc}")
            return
        finally:
            self.busy = False
            self.last_build = time.monotonic()
        say(f"Built the preview in {time.perf_counter() - started:.1f} s ({', '.join(langs)})")
        self.side.request(None)

    def step(self, changes: Changes) -> None:
        """React to one batch of changes: rebuild what they touch, or say why not."""
        from quangba.core.corpus import Corpus

        started = time.perf_counter()
        project = self.project
        self.side.cancel()
        shown = [project.relpath(path) for path in changes.paths]
        say("Changed: " + ", ".join(shown[:5]) + (f" and {len(shown) - 5} more" if len(shown) > 5 else ""))
        changes = self.unbuilt = self.unbuilt | changes
        if project.config_file in changes.paths:
            try:
                self.project = project = load_project(project.config_file)
            except QuangbaError as exc:
                say(f"{exc}\nNot rebuilt: the preview keeps the last good version.")
                return
            self.site.project = self.builder.project = project
            self.site.base = urlsplit(project.site_url).path or "/"
        problems = unreadable(project, changes)
        if problems:
            say("\n".join(problems))
            say("Not rebuilt: the preview keeps the last good version; fix the file and save again.")
            return
        corpus = Corpus.load(project)
        root, _, _ = self.site.view()
        if root is None or self.corpus is None:
            plan = Plan(list(project.languages), "no good build yet")
        else:
            plan = languages_to_rebuild(project, self.corpus, corpus, changes)
        langs, why = plan.langs, plan.why
        if not langs:
            self.unbuilt = Changes()
            return
        self.busy = True
        try:
            mkdocs_seconds, processes = self.rebuild(langs, corpus, plan.pages)
        except (QuangbaError, OSError) as exc:
            say(f"Build failed: {exc}\nNot rebuilt: the preview keeps the last good version.")
            return
        finally:
            self.busy = False
            self.last_build = time.monotonic()
        self.unbuilt = Changes()
        everything = len(langs) == len(project.languages) and plan.pages is None
        what = f"everything ({', '.join(langs)}; {why})" if everything else ", ".join(langs)
        if plan.pages:
            count = len(plan.pages)
            what += f" (text of {count} page{'s' if count > 1 else ''}: {', '.join(sorted(plan.pages)[:3])}{' …' if count > 3 else ''})"
        shared = f" in {processes} processes" if processes > 1 else ""
        say(f"Rebuilt {what} in {time.perf_counter() - started:.2f} s (MkDocs {mkdocs_seconds:.2f} s{shared})")
        self.side.request(changes.paths)

    def watch(self, before: dict[Path, tuple[int, int, int]]) -> None:
        """Follow the watched files; `before` is how they were when the first build started.

        The folders are watched by the kernel (inotify, through watchfiles): an edit wakes the
        preview at once, and a quiet project costs nothing. The single files (mkdocs.yml, the
        glossary) are compared on every wake and every POLL_SECONDS, because an editor that
        saves by renaming a new file over the old one ends a watch on the file itself."""
        from watchfiles import watch as watch_folders

        roots = watched_roots(self.project)
        changes = compare(before, snapshot(roots))  # edits made during the first build
        if changes:
            self.step(changes)
        while True:
            roots = watched_roots(self.project)
            folders = [root for root in roots if root.is_dir()]
            files = [root for root in roots if not root.is_dir()]
            files_before = snapshot(files)
            # the project root itself is never watched folder by folder: .venv, site/, .git
            for events in watch_folders(
                *folders, watch_filter=_wanted, debounce=400, step=30,
                rust_timeout=int(POLL_SECONDS * 1000), yield_on_timeout=True,
            ):
                self.builder.cpu.sample()
                files_now = snapshot(files)
                changes = _from_events(events) | compare(files_before, files_now)
                files_before = files_now
                if not changes:
                    if self._retired:
                        self._clean_retired()
                    continue
                self.step(changes)
                if watched_roots(self.project) != roots:
                    break  # mkdocs.yml changed what to watch (a new custom_dir)

    def close(self) -> None:
        self.side.stop()
        self.builder.stop()


def serve(project: Project, dev_addr: str = "127.0.0.1:8000") -> None:
    """Preview the site at `dev_addr`, rebuilding the languages each edit touches, until
    Ctrl-C (or SIGTERM)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    work = Path(tempfile.mkdtemp(prefix="quangba-serve-"))
    preview = Preview(project, work)
    try:
        server = make_server(preview.site, dev_addr)
    except QuangbaError:
        shutil.rmtree(work, ignore_errors=True)
        raise
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in host else host
    thread = threading.Thread(target=server.serve_forever, name="quangba-http", daemon=True)
    thread.start()
    say(f"Serving http://{shown}:{port}{preview.site.base} — building the preview first (Ctrl-C stops)")

    def _stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        old_handler = signal.signal(signal.SIGTERM, _stop)  # `kill` stops it as cleanly as Ctrl-C
    except ValueError:
        old_handler = None  # not the main thread: only Ctrl-C then
    try:
        roots = watched_roots(project)
        before = snapshot(roots)
        preview.start()
        say(f"Watching {', '.join(project.relpath(root) for root in roots if root.exists())} for changes")
        preview.watch(before)
    except KeyboardInterrupt:
        say("Stopping")
    finally:
        if old_handler is not None:
            signal.signal(signal.SIGTERM, old_handler)
        preview.site.stop()
        preview.close()
        server.shutdown()
        server.server_close()
        shutil.rmtree(work, ignore_errors=True)
