"""`quangba diff LANG PAGE`: what changed in the source since the translated version.

The translation records the hash of the source version it translates; git history holds
that version. We walk the source file's history back to the commit whose text has that
hash and show a diff from it to the current text.
"""

from __future__ import annotations

import difflib
import re
import subprocess
from pathlib import Path

from quangba.core.content import parse_text
from quangba.core.corpus import Corpus, page_source_hash, translated_text
from quangba.core.errors import QuangbaError


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def _history(corpus: Corpus, key: str) -> tuple[Path, str] | None:
    """The project root and the source file's path in git, if the project is a git checkout."""
    source = corpus.page(corpus.source_language, key)
    root = corpus.project.root
    if source is None or not source.path.resolve().is_relative_to(root.resolve()):
        return None
    if _git(root, "rev-parse", "--git-dir") is None:
        return None
    return root, source.path.resolve().relative_to(root.resolve()).as_posix()


def translated_version(corpus: Corpus, lang: str, key: str):
    """(the source page as it was when translated, its commit, its date) from the git
    history: the newest version whose hash is the translation's `source_hash`; None if the
    project has no history or no version has that hash."""
    target = corpus.page(lang, key)
    recorded = target.meta.get("source_hash") if target is not None else None
    found = _history(corpus, key) if recorded else None
    if found is None:
        return None
    root, relative = found
    source = corpus.page(corpus.source_language, key)
    log = _git(root, "log", "--format=%H %cs", "--follow", "--", relative) or ""
    for entry in log.splitlines():
        commit, _, date = entry.partition(" ")
        old_text = _git(root, "show", f"{commit}:{relative}")
        if old_text is None:
            continue
        old_page = parse_text(old_text, source.lang, key, source.path)
        if page_source_hash(old_page) == recorded:
            return old_page, commit, date
    return None


def _words(text: str) -> list[str]:
    # CJK has no spaces: count its characters as words, as translators' tools do
    return re.findall(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\s\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+", text)


def change_size(corpus: Corpus, lang: str, key: str) -> tuple[int, int] | None:
    """(words added, words removed) in the source's translated text since the version the
    translation translates; for a missing translation, every word of the source is added.
    None when the history does not say (no git, or no version with the recorded hash)."""
    source = corpus.page(corpus.source_language, key)
    if source is None:
        return None
    now = _words(translated_text(source))
    if corpus.page(lang, key) is None:
        return len(now), 0
    found = translated_version(corpus, lang, key)
    if found is None:
        return None
    before = _words(translated_text(found[0]))
    added = removed = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, now, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            removed += i2 - i1
        if op in ("replace", "insert"):
            added += j2 - j1
    return added, removed


def source_diff(corpus: Corpus, lang: str, key: str) -> str:
    """A unified diff of the source's translated text, from the translated version to now."""
    source = corpus.page(corpus.source_language, key)
    target = corpus.page(lang, key)
    if source is None:
        raise QuangbaError(f"docs/{corpus.source_language}/{key}: no such source page")
    if target is None:
        raise QuangbaError(f"docs/{lang}/{key}: no such translation")
    recorded = target.meta.get("source_hash")
    current = page_source_hash(source)
    if not recorded:
        raise QuangbaError(f"docs/{lang}/{key}: no `source_hash`, so the translated version is unknown")
    if recorded == current:
        return ""
    found = _history(corpus, key)
    if found is None:
        raise QuangbaError(
            f"docs/{lang}/{key}: the source changed since the translation, but this project has no "
            "git history to show the old version; compare the translation with the source by hand"
        )
    relative = found[1]
    version = translated_version(corpus, lang, key)
    if version is not None:
        old_page, commit, date = version
        before = translated_text(old_page).splitlines(keepends=True)
        after = translated_text(source).splitlines(keepends=True)
        return "".join(difflib.unified_diff(
            before, after, fromfile=f"{relative} (translated version, {commit[:10]} {date})",
            tofile=f"{relative} (now)",
        ))
    raise QuangbaError(
        f"docs/{lang}/{key}: no version of {relative} in the git history has the recorded "
        f"source_hash {recorded}; compare the translation with the source by hand"
    )
