"""Record in a translation the hash of the source version it now translates."""

from __future__ import annotations

import re

from quangba.core.corpus import Corpus, page_source_hash
from quangba.core.errors import QuangbaError

_HASH_LINE = re.compile(r"^source_hash:.*$", re.M)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][0-9:]+)?$")


def source_hash_as_of(corpus: Corpus, key: str, revision: str) -> str:
    """The hash of the source `key` as it was at a git revision (a commit, a tag, or a date:
    the last commit on or before it)."""
    from quangba.core.content import parse_text
    from quangba.translation.diff import _git

    root = corpus.project.root
    source = corpus.page(corpus.source_language, key)
    where = corpus.project.page_path(corpus.source_language, key)
    if _DATE.match(revision):
        found = (_git(root, "rev-list", "-1", f"--before={revision} 23:59:59" if len(revision) == 10 else f"--before={revision}", "HEAD") or "").strip()
        if not found:
            raise QuangbaError(f"{where}: no commit on or before {revision} in the git history")
        revision = found
    text = _git(root, "show", f"{revision}:./{source.path.resolve().relative_to(root.resolve()).as_posix()}")
    if text is None:
        raise QuangbaError(f"{where}: not in the git history at {revision} (is this a git repository, and the revision right?)")
    return page_source_hash(parse_text(text, source.lang, key, source.path))


def stamp(corpus: Corpus, lang: str, key: str, as_of: str | None = None) -> str:
    """Write the current source hash (or, with `as_of`, the hash of the source at that git
    revision or date) into `docs/<lang>/<key>`; return the hash."""
    source = corpus.page(corpus.source_language, key)
    target = corpus.page(lang, key)
    if source is None:
        raise QuangbaError(f"{corpus.project.page_path(corpus.source_language, key)}: no such source page")
    if target is None:
        raise QuangbaError(f"{corpus.project.page_path(lang, key)}: no such translation (start one first)")
    if target.problems:
        problem = target.problems[0]
        raise QuangbaError(f"{corpus.project.relpath(target.path)}:{problem.line}: {problem.message}")
    value = source_hash_as_of(corpus, key, as_of) if as_of else page_source_hash(source)
    text = target.path.read_text(encoding="utf-8")
    # Quoted: an all-digit hash would otherwise be read back by YAML as a number.
    line = f'source_hash: "{value}"'
    if _HASH_LINE.search(text.split("\n---", 1)[0] + "\n"):
        head, sep, rest = text.partition("\n---")
        text = _HASH_LINE.sub(line, head, count=1) + sep + rest
    elif text.startswith("---"):
        head, sep, rest = text.partition("\n---")
        text = head + "\n" + line + sep + rest
    else:
        text = f"---\n{line}\n---\n" + text
    target.path.write_text(text, encoding="utf-8")
    return value
