"""`quangba diff LANG PAGE`: what changed in the source since the translated version.

The translation records the hash of the source version it translates; git history holds
that version. We walk the source file's history back to the commit whose text has that
hash and show a diff from it to the current text.
"""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

from quangba.core.content import parse_text
from quangba.core.corpus import Corpus, page_source_hash, translated_text
from quangba.core.errors import QuangbaError
from quangba.core.history import recorded_source_hash


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def source_diff(corpus: Corpus, lang: str, key: str) -> str:
    """A unified diff of the source's translated text, from the translated version to now."""
    source = corpus.page(corpus.source_language, key)
    target = corpus.page(lang, key)
    if source is None:
        raise QuangbaError(f"{corpus.project.page_path(corpus.source_language, key)}: no such source page")
    if target is None:
        raise QuangbaError(f"{corpus.project.page_path(lang, key)}: no such translation")
    recorded = recorded_source_hash(corpus, target)
    current = page_source_hash(source)
    if not recorded:
        raise QuangbaError(f"{corpus.project.page_path(lang, key)}: no `source_hash`, so the translated version is unknown")
    if recorded == current:
        return ""
    root = corpus.project.root
    relative = source.path.resolve().relative_to(root.resolve()).as_posix() if source.path.resolve().is_relative_to(root.resolve()) else None
    if relative is None or _git(root, "rev-parse", "--git-dir") is None:
        raise QuangbaError(
            f"{corpus.project.page_path(lang, key)}: the source changed since the translation, but this project has no "
            "git history to show the old version; compare the translation with the source by hand"
        )
    log = _git(root, "log", "--format=%H %cs", "--follow", "--", relative) or ""
    for entry in log.splitlines():
        commit, _, date = entry.partition(" ")
        old_text = _git(root, "show", f"{commit}:./{relative}")
        if old_text is None:
            continue
        old_page = parse_text(old_text, source.lang, key, source.path)
        if page_source_hash(old_page) == recorded:
            before = translated_text(old_page).splitlines(keepends=True)
            after = translated_text(source).splitlines(keepends=True)
            return "".join(difflib.unified_diff(
                before, after, fromfile=f"{relative} (translated version, {commit[:10]} {date})",
                tofile=f"{relative} (now)",
            ))
    raise QuangbaError(
        f"{corpus.project.page_path(lang, key)}: no version of {relative} in the git history has the recorded "
        f"source_hash {recorded}; compare the translation with the source by hand"
    )
