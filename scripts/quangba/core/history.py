"""Which source version a translation translates, for projects that never ran `stamp`.

A translation's `source_hash` says which version of its source it translates. A repository
that does not record it still has git history, and Lunaria's rule reads the answer from it:
the translation translates the source as it was at the last commit that touched the source
at or before the translation's own last commit; or, with `source_commit_field`, the commit a
front-matter field names (opentelemetry.io's `default_lang_commit`). `recorded_source_hash` gives the stamp when
there is one and, with `source_version: git`, that version's hash otherwise, so `status`,
`diff` and the freshness rule work the same either way.

Git runs twice for a whole project: one `git log` for every file's commits, one
`git cat-file --batch` for the old source texts. Without git or history, the answer is None
(the translation's version is unknown).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from quangba.core.content import Page, parse_text, source_hash
from quangba.core.settings import settings


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


@dataclass
class History:
    """Commits of each file under docs/, newest first: path -> [(commit, commit time)]."""

    top: Path | None
    commits: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def last(self, path: str) -> tuple[str, int] | None:
        found = self.commits.get(path)
        return found[0] if found else None

    def at_or_before(self, path: str, time: int) -> str | None:
        """The last commit that touched `path` at or before `time`."""
        for commit, when in self.commits.get(path, ()):
            if when <= time:
                return commit
        return None


def read_history(root: Path, folder: Path) -> History:
    """The commits that touched each file under `folder` (paths relative to the repository)."""
    top_out = _git(root, "rev-parse", "--show-toplevel")
    if top_out is None:
        return History(None)
    top = Path(top_out.decode().strip())
    log = _git(root, "log", "--format=%x00%H %ct", "--name-only", "--no-renames", "--", str(folder))
    history = History(top)
    if log is None:
        return history
    for chunk in log.decode("utf-8", "replace").split("\x00")[1:]:
        head, _, names = chunk.partition("\n")
        commit, _, when = head.partition(" ")
        for name in names.splitlines():
            if name:
                history.commits.setdefault(name, []).append((commit, int(when)))
    return history


def _relative(history: History, path: Path) -> str | None:
    try:
        return path.resolve().relative_to(history.top.resolve()).as_posix() if history.top else None
    except ValueError:
        return None


def git_source_hashes(corpus) -> dict[tuple[str, str], str]:
    """(lang, key) -> the hash of the source version each translation translates, by git
    history, for every translation that has no `source_hash` of its own."""
    from quangba.core.corpus import translated_text

    project = corpus.project
    history = read_history(project.root, project.docs_dir)
    if history.top is None:
        return {}
    wanted: dict[tuple[str, str], tuple[str, str, Page]] = {}  # (lang, key) -> (commit, path, source)
    field_name = settings(project).source_commit_field
    for tset in corpus.translation_sets():
        source = tset.source
        if source is None or source.problems:
            continue
        source_path = _relative(history, source.path)
        for lang, page in tset.translations.items():
            if page.meta.get("source_hash") is not None:
                continue
            named = page.meta.get(field_name) if field_name else None
            if isinstance(named, str) and named.strip() and source_path:
                wanted[(lang, tset.key)] = (named.split()[0], source_path, source)
                continue
            path = _relative(history, page.path)
            last = history.last(path) if path else None
            commit = history.at_or_before(source_path, last[1]) if last and source_path else None
            if commit:
                wanted[(lang, tset.key)] = (commit, source_path, source)
    if not wanted:
        return {}
    objects = sorted({f"{commit}:{path}" for commit, path, _ in wanted.values()})
    out = _git(project.root, "cat-file", "--batch", stdin=("\n".join(objects) + "\n").encode())
    texts: dict[str, str] = {}
    if out is not None:
        offset = 0
        for name in objects:
            end = out.index(b"\n", offset)
            header = out[offset:end].split()
            offset = end + 1
            if len(header) < 3 or header[1] != b"blob":
                continue
            size = int(header[2])
            texts[name] = out[offset:offset + size].decode("utf-8", "replace")
            offset += size + 1
    hashes: dict[tuple[str, str], str] = {}
    cache: dict[str, str] = {}
    for where, (commit, path, source) in wanted.items():
        name = f"{commit}:{path}"
        if name not in texts:
            continue
        if name not in cache:
            cache[name] = source_hash(translated_text(parse_text(texts[name], source.lang, source.key, source.path)))
        hashes[where] = cache[name]
    return hashes


def recorded_source_hash(corpus, page: Page) -> str | None:
    """The hash of the source version `page` translates: its `source_hash`, or with
    `source_version: git` and no stamp, the one git history gives (None when unknown)."""
    recorded = page.meta.get("source_hash")
    if recorded is not None or settings(corpus.project).source_version != "git":
        return recorded if recorded is None or isinstance(recorded, str) else str(recorded)
    found = getattr(corpus, "_git_source_hashes", None)
    if found is None:
        found = corpus._git_source_hashes = git_source_hashes(corpus)
    return found.get((page.lang, page.key))
