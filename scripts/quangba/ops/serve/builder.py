"""The build driver: language builds in processes forked from a warm fork server, split in
groups of languages or, for one language, in shares of its pages over the idle cores."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

from quangba.core.errors import QuangbaError
from quangba.core.project import Project
from quangba.ops.serve.assemble import _language_tree
from quangba.ops.serve.languages import _build_child, _images_child

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
