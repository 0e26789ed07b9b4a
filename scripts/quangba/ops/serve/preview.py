"""The preview: the first full build, then for each batch of changes the rebuild of what
they touch, swapped in one step; the watch loop that feeds it."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from quangba.core.errors import QuangbaError
from quangba.core.project import Project, load_project
from quangba.core.messages import T_
from quangba.ops.serve.assemble import _link_tree, assemble
from quangba.ops.serve.builder import Builder
from quangba.ops.serve.changes import Changes, Plan, languages_to_rebuild, unreadable
from quangba.ops.serve.notices import say
from quangba.ops.serve.server import Site
from quangba.ops.serve.sidesteps import SideSteps
from quangba.ops.serve.watch import _from_events, _wanted, compare, snapshot, watched_roots

POLL_SECONDS = 0.25
RETIRE_SECONDS = 30.0  # an old build is deleted this long after it stopped being served


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
        self._pages: dict = {}  # the pages as last read (Corpus.load reuses unchanged ones)
        # the served site as hard links, made in the background once it is served: the next
        # rebuild of some pages only lays its pages over it (served root, copy, thread)
        self._spare: tuple[Path, Path, threading.Thread] | None = None
        self._cleaner: threading.Thread | None = None  # deleting old builds

    def fresh(self, name: str) -> Path:
        self._count += 1
        return self.work / f"{name}-{self._count}"

    def retire(self, folder: Path | None) -> None:
        if folder is not None:
            self._retired.append((time.monotonic(), folder))

    def _clean_retired(self) -> None:
        """Delete the old builds, in the background: an edit saved meanwhile is not kept
        waiting while thousands of files are removed."""
        if self._cleaner is not None and self._cleaner.is_alive():
            return
        now = time.monotonic()
        keep, gone = [], []
        for when, folder in self._retired:
            if now - when > RETIRE_SECONDS and folder != self.side.pinned:
                gone.append(folder)
            else:
                keep.append((when, folder))
        self._retired = keep
        if gone:
            def remove() -> None:
                for folder in gone:
                    shutil.rmtree(folder, ignore_errors=True)

            self._cleaner = threading.Thread(target=remove, name="quangba-clean", daemon=True)
            self._cleaner.start()

    def rebuild(
        self, langs: list[str], corpus: Any, pages: set[str] | None = None, titles: set[str] | None = None,
    ) -> tuple[float, int]:
        """Build `langs` (only `pages` of them, if given, and the pages showing the `titles`
        that changed) into new folders, assemble a new site, serve it, tell the browsers.
        Returns the seconds MkDocs took, and in how many processes."""
        units = self.builder.plan(langs, pages)
        outs = [self.fresh("build") for _ in units]
        try:
            started = time.perf_counter()
            where, messages = self.builder.build(langs, outs, units, pages, titles)
            seconds = time.perf_counter() - started
            served, _, _ = self.site.view()
            spare = self._take_spare(served) if pages is not None else None
            new_root = spare or self.fresh("site")
            assemble(self.project, served, where, new_root, pages_only=pages is not None, linked=spare is not None)
        finally:
            for out in outs:
                shutil.rmtree(out, ignore_errors=True)
        with self.site.changed:  # the new build is good: its pages come without the old box
            self.site.problems = {**self.site.problems, "build": []}
        self.retire(self.site.publish(new_root))
        self._prepare_spare(new_root)
        self.corpus = corpus
        for message in messages[:10]:
            say(T_('  MkDocs: {message}', message=message))
        if len(messages) > 10:
            say(T_('  MkDocs: … and {value} more warning(s)', value=len(messages) - 10))
        return seconds, len(units)

    def _prepare_spare(self, served: Path) -> None:
        self._drop_spare()
        spare = self.fresh("site")

        def link() -> None:
            try:
                _link_tree(served, spare)
            except OSError:
                shutil.rmtree(spare, ignore_errors=True)  # not used: the rebuild links its own

        thread = threading.Thread(target=link, name="quangba-spare", daemon=True)
        thread.start()
        self._spare = (served, spare, thread)

    def _take_spare(self, served: Path | None) -> Path | None:
        """The served site as hard links, if it was made from `served` (else None)."""
        kept, self._spare = self._spare, None
        if kept is None:
            return None
        base, spare, thread = kept
        thread.join()
        if base != served or not spare.is_dir():
            self.retire(spare)
            return None
        return spare

    def _drop_spare(self) -> None:
        kept, self._spare = self._spare, None
        if kept is not None:
            kept[2].join()
            self.retire(kept[1])

    def start(self) -> None:
        """The first, full build."""
        from quangba.core.corpus import Corpus

        self.side.start()
        langs = list(self.project.languages)
        started = time.perf_counter()
        self.busy = True
        try:
            self.rebuild(langs, Corpus.load(self.project, reuse=self._pages))
        except (QuangbaError, OSError) as exc:
            self.site.status = T_("The build failed. Fix the files and save: the preview rebuilds.")
            self.site.details = str(exc)
            say(T_('Build failed: {exc}', exc=exc))
            self.site.set_problems("build", [f"Build failed: {exc}"])
            return
        finally:
            self.busy = False
            self.last_build = time.monotonic()
        say(T_('Built the preview in {value:.1f} s ({items})', value=time.perf_counter() - started, items=', '.join(langs)))
        self.side.request(None)

    def step(self, changes: Changes) -> None:
        """React to one batch of changes: rebuild what they touch, or say why not."""
        from quangba.core.corpus import Corpus

        started = time.perf_counter()
        cpu_started = time.process_time()
        project = self.project
        self.side.cancel()
        shown = [project.relpath(path) for path in changes.paths]
        say(T_("Changed: {paths} and {count} more", paths=", ".join(shown[:5]), count=len(shown) - 5) if len(shown) > 5
            else T_("Changed: {paths}", paths=", ".join(shown)))
        changes = self.unbuilt = self.unbuilt | changes
        if project.config_file in changes.paths:
            try:
                self.project = project = load_project(project.config_file)
            except QuangbaError as exc:
                say(T_('{exc}\nNot rebuilt: the preview keeps the last good version.', exc=exc))
                self.site.set_problems("build", [str(exc)])
                return
            self.site.project = self.builder.project = project
            self.site.base = urlsplit(project.site_url).path or "/"
        problems = unreadable(project, changes)
        if problems:
            say("\n".join(problems))
            say(T_('Not rebuilt: the preview keeps the last good version; fix the file and save again.'))
            self.site.set_problems("build", problems)
            return
        corpus = Corpus.load(project, reuse=self._pages)
        root, _, _ = self.site.view()
        if root is None or self.corpus is None:
            plan = Plan(list(project.languages), "no good build yet")
        else:
            plan = languages_to_rebuild(project, self.corpus, corpus, changes)
        langs, why = plan.langs, plan.why
        if not langs:
            self.unbuilt = Changes()
            self.site.set_problems("build", [])
            return
        self.busy = True
        try:
            mkdocs_seconds, processes = self.rebuild(langs, corpus, plan.pages, plan.titles)
        except (QuangbaError, OSError) as exc:
            say(T_('Build failed: {exc}\nNot rebuilt: the preview keeps the last good version.', exc=exc))
            self.site.set_problems("build", [f"Build failed: {exc}"])
            return
        finally:
            self.busy = False
            self.last_build = time.monotonic()
        self.unbuilt = Changes()
        self.site.set_problems("build", [])
        everything = len(langs) == len(project.languages) and plan.pages is None
        what = f"everything ({', '.join(langs)}; {why})" if everything else ", ".join(langs)
        if plan.pages:
            count = len(plan.pages)
            what += f" ({'title' if plan.titles else 'text'} of {count} page{'s' if count > 1 else ''}: {', '.join(sorted(plan.pages)[:3])}{' …' if count > 3 else ''})"
        shared = f" in {processes} processes" if processes > 1 else ""
        last = self.builder.last
        say(T_('Rebuilt {what} in {value:.2f} s (MkDocs {mkdocs_seconds:.2f} s{shared}; {written} pages written, {converted} converted; CPU {cpu:.2f} s build, {server_cpu:.2f} s server)',
               what=what, value=time.perf_counter() - started, mkdocs_seconds=mkdocs_seconds, shared=shared,
               written=last.get("written", 0), converted=last.get("converted", 0), cpu=last.get("cpu", 0.0),
               server_cpu=time.process_time() - cpu_started))
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
        self._drop_spare()
        if self._cleaner is not None:
            self._cleaner.join()
