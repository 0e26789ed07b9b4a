"""The incremental check (`quangba check` without `--no-cache`, the build's and the preview's
checks, run by `quangba.checks.run_checks_cached` with what this module works out): after an
edit, only what the edit can change is checked again.

- Nothing changed since the last run (the content of every page, of mkdocs.yml and of the
  glossary, and the size and time of every other file under docs/, are as they were:
  `fingerprint`): its findings are reused as they are.
- Otherwise the pages are read (a file whose bytes are unchanged is taken, parsed, from the
  page cache) and the findings of the "set" rules (`Rule.scope`) are reused for every
  translation set (the pages of one relative path, in every language) whose pages have the
  same content digests as last time (`set_digests`), where what every rule reads besides the
  pages is the same too: the code, the rules selected, mkdocs.yml, the glossary and, with
  `source_version: git`, the commit checked out (`inputs_key`). The "set" rules run on the
  other sets only. The "site" rules (links, images) run on the changed sets only while what
  they read of the other pages is unchanged (`site_digest`), else on all. The "corpus" rules
  (files beside the pages, counts over the whole site) run again on the whole corpus.
- Findings that depend on the clock (a page whose `publish_at` comes) hold until that time:
  after it, everything is checked again.

The cache is keyed by content digests, never by times alone (but for pictures in the first
step), so a stale finding is never served: the findings of a warm check are those of a cold
one (tests/unit/test_check_incremental.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import subprocess
from collections import defaultdict
from pathlib import Path

from quangba import code_version
from quangba.core.corpus import Corpus, content_digest, publish_time
from quangba.core.findings import Finding
from quangba.core.settings import settings

FINDINGS_CACHE = "findings-v4.pickle"
# What the last `run_checks_cached` of this process did: the keys whose "set" rules ran
# (`checked`) and how many sets' findings it reused (`reused`); for tests and the bench.
LAST_RUN: dict = {}


def fingerprint(project, select, ignore, digests: dict[str, str] | None = None) -> str:
    """Everything the findings depend on, cheaply: the content of every page, of the
    configuration and of the glossary, the path, size and time of every other file under
    docs/ (pictures), the version and the selection. Equal fingerprints: the last run's
    findings stand as they are."""
    digest = hashlib.sha256(f"{code_version()}|{select}|{ignore}".encode())
    options = settings(project)
    for path in [project.config_file, options.glossary]:
        digest.update(f"{path}|{_file_digest(path)}\n".encode())
    for root, dirs, files in os.walk(project.docs_dir):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.endswith(".md"):
                content = _file_digest(path)
                if digests is not None:
                    digests[path] = content  # what `Corpus.load` need not work out again
                digest.update(f"{path}|{content}\n".encode())
                continue
            try:
                stat = os.stat(path)
                digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ino}\n".encode())
            except OSError:
                digest.update(f"{path}|missing\n".encode())
    if options.source_version == "git":
        digest.update(_git_head(project.root).encode())
    return digest.hexdigest()


def _file_digest(path: Path | None) -> str:
    if path is None:
        return "-"
    try:
        return content_digest(Path(path).read_bytes())
    except OSError:
        return "missing"


def _git_head(root: Path) -> str:
    """The commit checked out (git history is what `source_version: git` reads)."""
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "no-git"
    return result.stdout.strip() if result.returncode == 0 else "no-git"


def inputs_key(project, codes: list[str]) -> str:
    """What the "set" rules read besides the pages: the code, the rules run, the
    configuration, the glossary and, with `source_version: git`, the commit checked out."""
    options = settings(project)
    parts = [code_version(), ",".join(codes), _file_digest(project.config_file), _file_digest(options.glossary)]
    if options.source_version == "git":
        parts.append(_git_head(project.root))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def set_digests(corpus: Corpus) -> dict[str, str | None]:
    """For each key, the digest of its translation set: which languages have it, and the
    content of each file (None where a file could not be read: such a set is always checked)."""
    per_key: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for lang, found in corpus.pages.items():
        for key, page in found.items():
            per_key[key].append((lang, corpus.digests.get(str(page.path))))
    return {
        key: None if any(digest is None for _, digest in items) else hashlib.sha256(repr(sorted(items)).encode()).hexdigest()
        for key, items in per_key.items()
    }


def _load(cache_file: Path) -> dict:
    try:
        with cache_file.open("rb") as stream:
            data = pickle.load(stream)
        return data if isinstance(data, dict) and data.get("quangba") == code_version() else {}
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return {}


def valid_until(corpus: Corpus, now: dt.datetime) -> dt.datetime | None:
    """Until when the findings hold: the next `publish_at` to come, if any."""
    coming = [when for key in corpus.keys()
              if (when := publish_time(corpus.page(corpus.source_language, key).meta.get("publish_at"), corpus.time_zone))
              and when > now]
    return min(coming) if coming else None


def site_digest(corpus: Corpus) -> str | None:
    """What the "site" rules (links, images) read of pages other than the one they report
    on: every file and folder under docs/ (does a link's or an image's target exist), every
    page's anchors (its headings, their ids and the `{#id}` of its text), whether it parsed,
    and its `draft` and `publish_at` (is a link's target published). None when docs/ holds a
    symbolic link (what it leads to is not summed up here): the "site" rules then always run
    on every set."""
    from quangba.core.outline import ATTR_ID, outline

    digest = hashlib.sha256()
    for root, dirs, files in os.walk(corpus.project.docs_dir):
        dirs.sort()
        for name in dirs + sorted(files):
            if os.path.islink(os.path.join(root, name)):
                return None
        digest.update(f"{root}|{dirs}|{sorted(files)}\n".encode("utf-8", "surrogateescape"))
    for lang, found in corpus.pages.items():
        for key, page in found.items():
            meta = page.meta
            parts = [lang, key, bool(page.problems), repr(meta.get("draft")), repr(meta.get("publish_at"))]
            if not page.problems:
                parts.append(repr([(h.text, h.explicit_id) for h in outline(page).headings]))
                parts.append(repr(ATTR_ID.findall(page.body)))
            digest.update(repr(parts).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def merge(corpus: Corpus, found: set[Finding], scope_of, digests: dict, reused: dict, changed: set[str],
          site_changed: set[str]) -> tuple[list[Finding], dict, bool]:
    """This run's findings with those reused; what to store for each set; whether it can be
    stored (every finding of a "set" or "site" rule lies in a set)."""
    key_of = {corpus.project.relpath(page.path): key for pages in corpus.pages.values() for key, page in pages.items()}
    new: dict[str, tuple[list[Finding], list[Finding]]] = {key: ([], []) for key in digests}
    cacheable = True
    for item in found:
        scope = scope_of(item.code)
        if scope == "corpus":
            continue
        key = key_of.get(item.path)
        if key in new:
            new[key][scope == "site"].append(item)
        else:
            cacheable = False  # a finding outside its set: keep nothing of this run
    findings = set(found)
    sets = {}
    for key, digest in digests.items():
        own, linked = new[key]
        if key in reused:
            if key not in changed and key not in site_changed:
                own, linked = list(reused[key][1]), list(reused[key][2])
            elif key not in changed:
                own = list(reused[key][1])  # its "site" findings were found again
        findings.update(own)
        findings.update(linked)
        if digest is not None:
            sets[key] = (digest, tuple(own), tuple(linked))
    return sorted(findings), sets, cacheable


def load(cache_file: Path) -> dict:
    """The last run's findings cache, {} when there is none this code can read."""
    return _load(cache_file)


def store(cache_file: Path, data: dict) -> None:
    data = {"quangba": code_version(), **data}
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        partial = cache_file.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as stream:
            pickle.dump(data, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, cache_file)
    except OSError:
        pass  # a read-only checkout still checks, only without a cache
