"""The build driver: language builds in warm processes (forked once from the fork server,
then asked for one build after another: they keep the pages they read and the HTML they
made), split in groups of languages or, for one language, in shares of its pages over the
idle cores."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

from quangba.core.errors import QuangbaError
from quangba.core.project import Project
from quangba.ops.serve.assemble import _language_tree
from quangba.ops.serve.languages import _images_child, _warm_child

PRELOAD = [
    "quangba.ops.serve", "quangba.ops.build", "quangba.mkdocs_plugin.plugin", "mkdocs.commands.build",
    "mkdocs.config", "mkdocs_static_i18n.plugin", "material.plugins.search.plugin", "markdown",
    "pymdownx.slugs", "jinja2", "PIL.Image", "babel",
]


def _groups(langs: list[str], jobs: int) -> list[list[str]]:
    jobs = max(1, min(jobs, len(langs)))
    size, extra = divmod(len(langs), jobs)
    groups, start = [], 0
    for index in range(jobs):
        end = start + size + (1 if index < extra else 0)
        groups.append(langs[start:end])
        start = end
    return groups


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
    """Runs language builds in warm processes (forked from a thread-free fork server, kept
    between builds): one process per group of languages, or, for one language, its pages
    shared out."""

    def __init__(self, project: Project, jobs: int | None = None, template_cache: Path | None = None):
        import multiprocessing

        self.project = project
        self.jobs = jobs or os.cpu_count() or 1
        self.template_cache = template_cache
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(PRELOAD)
        self._running: list[Any] = []
        self._workers: list[_Worker] = []
        self.last: dict[str, float] = {}
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
        titles: set[str] | None = None,
    ) -> tuple[dict[str, Path], list[str]]:
        """Build `langs` (only `pages`, if given, and the pages showing the `titles` that
        changed) into the fresh folders `outs` (one per unit of `plan`); returns which folder
        holds each language, and MkDocs' warnings. Raises QuangbaError on failure. What the
        builds did is in `last` (pages written, pages converted, CPU seconds)."""
        units = units or self.plan(langs, pages)
        if len(units) > 1 and set(langs) >= set(self.project.languages):
            # Everything is rebuilt when an image may have changed (docs/assets, the first build).
            error = self._run(_images_child, str(self.project.config_file), str(outs[0]))
            shutil.rmtree(outs[0], ignore_errors=True)
            if error:
                raise QuangbaError(error)
        workers = self._workers_for(units)
        waiting = []
        messages: list[str] = []
        errors: list[str] = []
        written = converted = 0
        cpu = 0.0
        try:
            for (group, shard), out, worker in zip(units, outs, workers):
                worker.conn.send((
                    str(self.project.config_file), str(out), group, shard, str(self.template_cache or ""), pages, titles,
                ))
                waiting.append((worker, group))
            while waiting:
                worker, group = waiting[0]
                try:
                    found, error, pages_written, seconds, made = worker.conn.recv()
                except (EOFError, OSError):
                    worker.process.join(5)
                    found, error, pages_written, seconds, made = [], f"the build process stopped (exit code {worker.process.exitcode})", [], 0.0, 0
                waiting.pop(0)
                messages += found
                written += len(pages_written)
                converted += made
                cpu += seconds
                if error:
                    errors.append(error)
                    worker.stop()  # started anew for the next build
                else:
                    worker.langs.update(group)
        finally:
            for worker, _ in waiting:  # interrupted: its answer must not be taken for the next one's
                worker.stop()
        self.last = {"written": written, "converted": converted, "cpu": cpu}
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

    def _workers_for(self, units: list) -> list["_Worker"]:
        """A warm process for each unit: the one that built its languages last (it keeps their
        pages and HTML), else a free one, else a new one."""
        self._workers = [worker for worker in self._workers if worker.process.is_alive()]
        free = list(self._workers)
        chosen = []
        for group, _ in units:
            wanted = set(group)
            worker = next((w for w in free if wanted <= w.langs), None) or next((w for w in free if wanted & w.langs), None)
            if worker is None and free:
                worker = free[0]
            if worker is None:
                worker = _Worker(self.context)
                self._workers.append(worker)
            else:
                free.remove(worker)
            chosen.append(worker)
        return chosen

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
        for worker in self._workers:
            worker.stop()
        self._workers = []
        for process in list(self._running):
            if process.is_alive():
                process.terminate()


class _Worker:
    """A warm build process (`_warm_child`), forked from the fork server once and asked for
    one build after another; `langs` are the languages whose pages it keeps."""

    def __init__(self, context: Any):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_warm_child, args=(child,))  # not daemonic: builds start processes
        self.process.start()
        child.close()
        self.langs: set[str] = set()

    def stop(self) -> None:
        if self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(2)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
        self.conn.close()
