"""Assembling a site from trees: the rebuilt languages' trees from their builds, the rest
from the served site as hard links (nothing rewritten, a served file is never changed)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from quangba.core.project import Project

# Trees at the site root that are not the source language's pages.
SHARED_ROOT_ENTRIES = frozenset({"assets", "search", "pagefind"})


def _language_tree(project: Project, out: Path, lang: str) -> list[Path]:
    """The top-level entries of a build that hold `lang`'s pages."""
    if lang != project.source_language:
        return [out / lang]
    others = set(project.languages) | SHARED_ROOT_ENTRIES
    return [Path(entry.path) for entry in os.scandir(out) if entry.name not in others]


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


def assemble(
    project: Project, served: Path | None, where: dict[str, Path], new_root: Path, pages_only: bool = False,
    linked: bool = False,
) -> None:
    """Put the new site together in `new_root`: each rebuilt language's tree from its build,
    the rest from the served site (as hard links). With `pages_only`, the builds hold only
    some pages of their languages (and the files written for the whole language): they are
    laid over the served site; `linked`: `new_root` already is the served site as hard links
    (made while the editor was writing)."""
    source = project.source_language
    lang_dirs = set(project.languages) - {source}
    rebuilt = set(where)
    if pages_only and served is not None:
        if not linked:
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
