"""The whole project's content: every page of every language, grouped by key."""

from __future__ import annotations

import copy
import datetime as dt
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from quangba import code_version
from quangba.core.content import Page, read_page, source_hash
from quangba.core.messages import T_
from quangba.core.project import Project
from quangba.core.settings import VIETNAM, settings


@dataclass
class TranslationSet:
    """One page key: its Vietnamese source and the translations that exist."""

    key: str
    source: Page | None
    translations: dict[str, Page] = field(default_factory=dict)


def page_url(key: str, lang: str, source_language: str) -> str:
    """The site-relative URL (no leading slash) of a page, with MkDocs' directory URLs."""
    path = key[:-3] if key.endswith(".md") else key
    if path == "index":
        path = ""
    elif path.endswith("/index"):
        path = path[: -len("index")]
    else:
        path += "/"
    prefix = "" if lang == source_language else f"{lang}/"
    return prefix + path


def translated_text(page: Page) -> str:
    """What a translator translates in a page: translated front matter fields and the body."""
    meta = page.meta
    image = meta.get("image") if isinstance(meta.get("image"), dict) else {}
    parts = [str(meta.get("title", "")), str(meta.get("description", ""))]
    parts += [str(image.get("alt", "")), str(image.get("caption", ""))]
    return "\n\n".join(parts) + "\n\n" + page.body


def page_source_hash(source: Page) -> str:
    """The `source_hash` a translation of this source must carry to be up to date."""
    return source_hash(translated_text(source))


def publish_time(value: Any, zone: dt.tzinfo = VIETNAM) -> dt.datetime | None:
    """`publish_at` as an aware datetime; a date or naive time is in the project's `time_zone`
    (Viet Nam time unless the project says otherwise)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=zone)
    return None


CACHE_DIR = ".quangba-cache"
SHARED_CACHE_ENV = "QUANGBA_SHARED_CACHE"


def shared_cache(project: Project, name: str) -> Path:
    """Where content-addressed caches (image variants, social cards) live: in the project,
    or in `$QUANGBA_SHARED_CACHE` so that several copies of a project (tests, CI) share them."""
    root = os.environ.get(SHARED_CACHE_ENV)
    return Path(root) / name if root else project.root / CACHE_DIR / name
_CACHE_VERSION = 2


def content_digest(raw: bytes) -> str:
    """The digest a cache keys a file's content by (its bytes, not its size or time)."""
    import hashlib

    return hashlib.blake2b(raw, digest_size=16).hexdigest()


class PageCache:
    """Parsed pages keyed by path and the digest of the file's bytes: a page is reused only
    when the file holds byte for byte what was parsed (an edit that keeps the size and the
    modification time is still seen). The pages are kept in `SHARDS` files by path, and
    only a file whose pages changed is written again: one edit rewrites a few hundred
    pages, not ten thousand."""

    SHARDS = 32

    def __init__(self, folder: Path):
        self.folder = folder
        self.entries: dict[str, tuple[str, Page]] = {}
        self.stored: dict[int, dict[str, str]] = {}  # shard -> path -> digest, as read
        for shard in range(self.SHARDS):
            try:
                with self._file(shard).open("rb") as stream:
                    data = pickle.load(stream)
                if isinstance(data, dict) and data.get("quangba") == code_version():
                    self.entries.update(data["pages"])
                    self.stored[shard] = {path: entry[0] for path, entry in data["pages"].items()}
            except (OSError, pickle.PickleError, EOFError, AttributeError, KeyError, TypeError, ValueError):
                pass  # a missing or unreadable shard is only slower

    def _file(self, shard: int) -> Path:
        return self.folder / f"pages-v{_CACHE_VERSION}-{shard:02d}.pickle"

    @classmethod
    def shard_of(cls, key: str) -> int:
        """The shard of a page by its key: every page of a translation set is in the same
        shard (so that the large check's two processes each store the shards of their sets)."""
        import zlib

        return zlib.crc32(key.encode("utf-8", "surrogateescape")) % cls.SHARDS

    def get(self, path: Path, digest: str) -> Page | None:
        entry = self.entries.get(str(path))
        return entry[1] if entry is not None and entry[0] == digest else None

    def save(self, pages: list[Page], digests: dict[str, str | None], only: set[int] | None = None) -> None:
        """Write the shards (only those of `only`, when given) whose pages changed."""
        shards: dict[int, dict[str, tuple[str, Page]]] = {
            shard: {} for shard in range(self.SHARDS) if only is None or shard in only}
        for page in pages:
            path = str(page.path)
            shard = self.shard_of(page.key)
            if digests.get(path) and shard in shards:
                shards[shard][path] = (digests[path], page)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for shard, entries in shards.items():
                if self.stored.get(shard) == {path: entry[0] for path, entry in entries.items()}:
                    continue  # this shard's pages are as stored
                target = self._file(shard)
                partial = target.with_suffix(f".{os.getpid()}.tmp")
                with partial.open("wb") as stream:
                    pickle.dump({"quangba": code_version(), "pages": entries}, stream, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(partial, target)
        except OSError:
            pass  # a read-only checkout still checks, only without a cache


def _reused(reuse: dict, path: Path, lang: str, key: str) -> Page:
    try:
        stat = path.stat()
    except OSError:
        return read_page(path, lang, key)
    stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    kept = reuse.get(path)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    page = read_page(path, lang, key)
    reuse[path] = (stamp, page)
    return page


class Corpus:
    """Every page of a project, read once."""

    def __init__(self, project: Project, pages: dict[str, dict[str, Page]]):
        self.project = project
        self.pages = pages  # lang -> key -> Page
        # `quangba serve` only: drafts and scheduled pages are shown (with a banner), so the
        # editor can read them before they go out. The checks and `build` never set it.
        self.preview = False
        # The keys the checks look at (None: all). A check of a few translation sets (the
        # incremental check, or one of the two processes of a large one) still sees every
        # page through `page`, `exists` and `available`; only the iteration is narrowed.
        self.focus: set[str] | None = None
        self.digests: dict[str, str | None] = {}  # str(path) -> content_digest, when read with `use_cache`

    @classmethod
    def load(cls, project: Project, use_cache: bool = False, reuse: dict | None = None,
             digests: dict[str, str] | None = None) -> "Corpus":
        """Read every page. With `use_cache`, files whose bytes are unchanged since the last run
        (same digest, kept in `digests`) are taken, parsed, from `.quangba-cache/`. With `reuse` (a dict a
        long-lived process keeps between loads: path -> (stat, page)), a file whose modification
        time, size and inode are as last time is not read again: its page object is reused.
        `digests` (path -> content digest, with `use_cache`): the digests of files just read
        by the caller; a file found in the cache under its digest is not read again."""
        cache = PageCache(project.root / CACHE_DIR) if use_cache else None
        pages: dict[str, dict[str, Page]] = {}
        found_digests: dict[str, str | None] = {}
        for lang in project.languages:
            root = project.lang_dir(lang)
            found: dict[str, Page] = {}
            if root.is_dir():
                for path in sorted(root.rglob("*.md")):
                    key = path.relative_to(root).as_posix()
                    page, raw = None, None
                    if cache is not None:
                        known = (digests or {}).get(str(path))
                        page = cache.get(path, known) if known else None
                        if page is not None:
                            found_digests[str(path)] = known
                        else:
                            try:
                                raw = path.read_bytes()
                            except OSError:
                                raw = None  # read_page reports it
                            digest = found_digests[str(path)] = content_digest(raw) if raw is not None else None
                            page = cache.get(path, digest) if digest else None
                    if page is None and reuse is not None:
                        page = _reused(reuse, path, lang, key)
                    found[key] = page if page is not None else read_page(path, lang, key, raw)
            pages[lang] = found
        corpus = cls(project, pages)
        corpus._cache = cache
        corpus.digests = found_digests
        return corpus

    def save_cache(self, only: set[int] | None = None) -> None:
        """Store the parsed pages (with their outlines) for the next run: those of the cache's
        shards `only` (`PageCache.shard_of`), when given."""
        if getattr(self, "_cache", None) is not None:
            from quangba.core.outline import outline

            chosen = [p for found in self.pages.values() for p in found.values()
                      if only is None or PageCache.shard_of(p.key) in only]
            for page in chosen:
                if not page.problems:
                    outline(page)
            self._cache.save(chosen, self.digests, only)

    @property
    def time_zone(self) -> dt.tzinfo:
        """The zone of dates and times written without one (the `time_zone` setting)."""
        return settings(self.project).time_zone

    @property
    def source_language(self) -> str:
        return self.project.source_language

    def page(self, lang: str, key: str) -> Page | None:
        return self.pages.get(lang, {}).get(key)

    def exists(self, lang: str, key: str) -> bool:
        return key in self.pages.get(lang, {})

    def keys(self) -> list[str]:
        """Every key of the source language, in a stable order."""
        return sorted(self.pages.get(self.source_language, {}))

    def translation_sets(self) -> Iterator[TranslationSet]:
        keys = set()
        for found in self.pages.values():
            keys.update(found)
        if self.focus is not None:
            keys &= self.focus
        for key in sorted(keys):
            yield TranslationSet(
                key=key,
                source=self.page(self.source_language, key),
                translations={
                    lang: self.pages[lang][key]
                    for lang in self.project.translation_languages
                    if key in self.pages.get(lang, {})
                },
            )

    def languages_of(self, key: str) -> list[str]:
        """The languages in which this page is really published (no fallbacks), in order."""
        return [lang for lang in self.project.languages if self.available(lang, key)]

    def available(self, lang: str, key: str, now: dt.datetime | None = None) -> bool:
        """Is there a published version of this page written in `lang`? A stale translation
        is not, where its section's `stale_translations` policy is `fallback`."""
        page = self.page(lang, key)
        if page is None or not self.is_published(key, now) or (page.meta.get("draft", False) and not self.preview):
            return False
        return not self._replaced(lang, key)

    def _replaced(self, lang: str, key: str) -> bool:
        """Is this translation stale in a section whose policy serves the original instead?"""
        if lang == self.source_language or not self._stale(lang, key):
            return False
        from quangba.core.settings import settings

        return settings(self.project).stale_policy_for(key) == "fallback"

    # -- translation state: the one place every consumer reads (page notice, feeds,
    # sitemaps, JSON-LD, packages, dashboard, CLI) ------------------------------------------
    def current_hash(self, key: str) -> str | None:
        """The `source_hash` an up-to-date translation of `key` carries."""
        hashes = self.__dict__.setdefault("_hashes", {})
        if key not in hashes:
            source = self.page(self.source_language, key)
            hashes[key] = page_source_hash(source) if source is not None and not source.problems else None
        return hashes[key]

    def _stale(self, lang: str, key: str) -> bool:
        """Older than its source: the source version it records (its `source_hash`, or with
        `source_version: git` the one git history gives) is not the current one."""
        from quangba.core.history import recorded_source_hash

        page = self.page(lang, key)
        current = self.current_hash(key)
        return page is not None and current is not None and recorded_source_hash(self, page) != current

    def translation_state(self, lang: str, key: str) -> str:
        """`current`, `stale` (the source changed since, or it was never stamped) or
        `missing` (absent, or a draft: readers get the original) for a reader of `lang`."""
        if lang == self.source_language:
            return "current" if self.page(lang, key) is not None else "missing"
        page = self.page(lang, key)
        if page is None or page.meta.get("draft", False):
            return "missing"
        return "stale" if self._stale(lang, key) else "current"

    def source_updated(self, key: str) -> dt.date | None:
        """When the Vietnamese page last changed: its `updated`, else its `date`."""
        source = self.page(self.source_language, key)
        meta = source.meta if source is not None else {}
        value = meta.get("updated") or meta.get("date")
        return value if isinstance(value, dt.date) else None

    def modified(self, lang: str, key: str) -> dt.date | None:
        """When the version a reader of `lang` gets last changed (`dateModified`, `lastmod`).
        A stale translation's date is its own, not its source's update: the day its file was
        last committed, else the source's first `date` (it translates a version from before
        the update); None when neither is known."""
        if lang == self.source_language or self.translation_state(lang, key) != "stale" or not self.available(lang, key):
            return self.source_updated(key)
        page = self.page(lang, key)
        own = _last_commit_date(self.project.root, page.path)
        if own is not None:
            return own
        source = self.page(self.source_language, key)
        value = source.meta.get("date") if source is not None else None
        return value if isinstance(value, dt.date) else None

    def merged_meta(self, lang: str, key: str) -> dict[str, Any]:
        """The metadata a page shows in `lang`: neutral fields from the source, translated ones
        from the translation (or the source's, for a page not translated yet)."""
        source = self.page(self.source_language, key)
        meta: dict[str, Any] = copy.deepcopy(source.meta) if source else {}
        page = self.page(lang, key)
        if page is None or lang == self.source_language or (page.meta.get("draft", False) and not self.preview) \
                or self._replaced(lang, key):
            return meta  # a draft translation shows nowhere: the original stands in
        for name in ("title", "description", "tags", "place"):
            if name in page.meta:
                meta[name] = page.meta[name]
        if isinstance(page.meta.get("image"), dict) and isinstance(meta.get("image"), dict):
            for name in ("alt", "caption"):
                if name in page.meta["image"]:
                    meta["image"][name] = page.meta["image"][name]
        return meta

    def is_published(self, key: str, now: dt.datetime | None = None) -> bool:
        """Is the page published at all: its source exists, is no draft, and its
        `publish_at` (if any) has come?"""
        if self.page(self.source_language, key) is None:
            return False
        return self.preview or self.held_back_reason(key, now) is None

    def held_back_reason(self, key: str, now: dt.datetime | None = None) -> str | None:
        """Why a source page is not published yet (`draft`, `publish_at …`), or None."""
        source = self.page(self.source_language, key)
        if source is None:
            return None
        if source.meta.get("draft", False):
            return T_("draft")
        when = publish_time(source.meta.get("publish_at"), self.time_zone)
        if when is not None and when > (now or dt.datetime.now(self.time_zone)):
            return T_("publish_at {when}", when=when.isoformat())
        return None

    def held_back(self, now: dt.datetime | None = None) -> list[str]:
        """Every file the build holds back, with the reason, for the build's report."""
        report = []
        for key in self.keys():
            reason = self.held_back_reason(key, now)
            if reason:
                report.append(f"docs/{self.source_language}/{key} and its translations ({reason})")
                continue
            for lang in self.project.translation_languages:
                page = self.page(lang, key)
                if page is not None and page.meta.get("draft", False):
                    report.append(f"docs/{lang}/{key} (draft translation: the {self.source_language} original is served)")
        return report

    def url(self, lang: str, key: str) -> str:
        return page_url(key, lang, self.source_language)

    def absolute_url(self, lang: str, key: str) -> str:
        return self.project.site_url + self.url(lang, key)

    def section_of(self, key: str) -> str:
        """The top-level section of a page (`heritage`), or '' for top-level pages."""
        return key.split("/", 1)[0] if "/" in key else ""


def _last_commit_date(root: Path, path: Path) -> dt.date | None:
    """The day `path` was last committed, when the project is a git checkout."""
    import subprocess

    try:
        result = subprocess.run(["git", "log", "-1", "--format=%cs", "--", str(path)], cwd=root,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    try:
        return dt.date.fromisoformat(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip() else None
    except ValueError:
        return None


def find_project_page(corpus: Corpus, path: Path) -> Page | None:
    """The page read from this file, if any."""
    resolved = path.resolve()
    for found in corpus.pages.values():
        for page in found.values():
            if page.path.resolve() == resolved:
                return page
    return None
