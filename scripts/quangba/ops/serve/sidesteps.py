"""The side steps, when the editor pauses: the check (the findings of the files just edited
are printed), the Pagefind index and the social cards that changed, made in a process of
their own at low priority and swapped in, each in one step."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Protocol

from quangba.core.errors import QuangbaError
from quangba.core.project import Project, load_project
from quangba.core.messages import T_
from quangba.ops.serve.assemble import _link_tree
from quangba.ops.serve.builder import Builder
from quangba.ops.serve.changes import _page_of
from quangba.ops.serve.notices import say
from quangba.ops.serve.server import Site

IDLE_SECONDS = 0.6  # the side steps (check, cards, search) wait for a pause this long
CARDS_PREFIX = "assets/cards/"
SEARCH_PREFIX = "pagefind/"


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
    conn.send(("errors", [f.as_text() for f in findings if f.severity.value == "error"][:50]))

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


class Owner(Protocol):
    """What the side steps need of the preview that runs them (`preview.Preview`): its
    project, served site and build processes, whether it is building, and its folders."""

    project: Project
    site: Site
    builder: Builder
    busy: bool
    last_build: float

    def fresh(self, name: str) -> Path: ...

    def retire(self, folder: Path | None) -> None: ...


class SideSteps(threading.Thread):
    """When the editor pauses: the check (the findings of the files just edited are
    printed), the Pagefind index and the social cards that changed, made in a process of
    their own and swapped in, each in one step."""

    def __init__(self, preview: Owner):
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
                say(T_('quangba serve: {kind}: {exc}', kind=type(exc).__name__, exc=exc))
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
                elif kind == "errors":
                    site.set_problems("check", value)
                elif kind == "search":
                    if value.get("error"):
                        say(T_('quangba serve: {value}', value=value['error']))
                        self.search_ok = not value.get("off")
                        continue
                    made["search"] = True
                    preview.retire(site.overlay(SEARCH_PREFIX, search_out))
                    if not self.search_shown:
                        self.search_shown = True
                        say(T_('Search index ready ({value:.1f} s); it is brought up to date in each pause', value=value['seconds']))
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
