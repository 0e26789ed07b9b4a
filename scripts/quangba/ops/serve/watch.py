"""Watching: which files the preview follows, and their changes as `Changes` (from
watchfiles' events for the folders, from a comparison of snapshots for single files)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from quangba.core.project import Project
from quangba.ops.serve.changes import Changes


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
