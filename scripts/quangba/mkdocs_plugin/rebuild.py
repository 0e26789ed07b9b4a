"""What a build keeps of the last one, and which pages a changed title shows on. Only
quangba's own commands set these (through the plugin's attributes); a plain `mkdocs build`
never does.

- `RenderCache`: the HTML MkDocs made of each page's Markdown, with its table of contents and
  anchors, kept between builds: in the process by the preview's warm build processes, on disk
  (`.quangba-cache/render/<lang>.pickle`) by `quangba build`. A page whose Markdown (after
  every plugin's changes), address, file set and Markdown settings are the same as when it
  was last made is not converted again: the quangba plugin hands MkDocs an empty text for it
  (public event `on_page_markdown`, run last) and puts the kept HTML back in
  `on_page_content` (run first of the plugins that change HTML: the site's own plugins have
  none). Pages without a front-matter title are always converted (MkDocs names them after
  their first heading); so is everything when a Markdown extension reads other files while
  it converts (snippets, includes: their text is not in the page's). A page whose conversion
  logged a warning is never kept (a strict build fails on those warnings: the next build
  must see them again). Links to anchors of other pages are checked again in every build,
  from the kept list, against the pages as they are now. The file on disk is stamped with
  the versions of the packages that make the HTML and a digest of quangba's own code: with
  another stamp it is not used.
- `shown_with`: the pages whose HTML shows a page's title (the navigation, previous/next,
  the home page), from the navigation as built.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_DISK_VERSION = 1
_MAKERS = ("markdown", "pymdown-extensions", "mkdocs", "mkdocs-material", "mkdocs-static-i18n", "nh3", "pillow")


class _Warnings(logging.Handler):
    """Counts MkDocs' warnings, so that a page whose conversion warned is not kept."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class RenderCache:
    """(language, src_uri) → (signature, html, toc, anchor ids); one per process. With
    `folder`, each language's entries are read from it when that language's build starts
    and written back when it ends: one language in memory at a time."""

    def __init__(self, folder: Path | None = None) -> None:
        self.entries: dict[tuple[str, str], tuple[Any, str, Any, Any]] = {}
        self.converted = 0  # pages converted by MkDocs in the last build
        self.reused = 0  # pages whose kept HTML was used
        # (language, src_uri) → (digest of MkDocs' HTML, feed address, page address, page HTML,
        # feed HTML): what the plugin made of MkDocs' HTML, valid while `extra` (the HTML
        # policy, the images' variants) stays as it was
        self.finished: dict[tuple[str, str], tuple[bytes, Any, str, str, Any]] = {}
        self.extra: Any = None
        self.folder = folder
        self.changed = False  # entries differ from the language's file
        self.warnings = _Warnings()

    def begin(self, config: Any, files: Any, extra: Any = None, lang: str | None = None) -> "BuildRender | None":
        """This build's use of the cache (None: every page is converted)."""
        self.converted = self.reused = 0
        if self.folder is not None and lang is not None:
            self._load(lang)
        if extra != self.extra:
            self.finished.clear()
            self.extra = extra
            self.changed = True
        if reads_other_files(config):
            self.entries.clear()
            self.finished.clear()
            return None
        logger = logging.getLogger("mkdocs")
        if self.warnings not in logger.handlers:
            logger.addHandler(self.warnings)
        return BuildRender(self, _context(config, files), files)

    def end(self, lang: str) -> None:
        """The language's build is over: write its entries (when they changed) and let them go."""
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.folder is None:
            return
        if self.changed:
            path = self.folder / f"{lang}.pickle"
            data = (_DISK_VERSION, _stamp(), self.extra,
                    {uri: entry for (owner, uri), entry in self.entries.items() if owner == lang},
                    {uri: entry for (owner, uri), entry in self.finished.items() if owner == lang})
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                part = path.with_name(f".{path.name}.{os.getpid()}")
                part.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
                os.replace(part, path)  # another process building the same language writes it whole too
            except OSError:
                pass  # a cache that cannot be written costs time next build, nothing else
        self.entries.clear()
        self.finished.clear()
        self.changed = False

    def _load(self, lang: str) -> None:
        self.entries.clear()
        self.finished.clear()
        self.extra, self.changed = None, True
        try:
            version, stamp, extra, entries, finished = pickle.loads((self.folder / f"{lang}.pickle").read_bytes())
        except Exception:  # noqa: BLE001 - missing, from another version, cut short: start afresh
            return
        if version != _DISK_VERSION or stamp != _stamp():
            return
        self.extra, self.changed = extra, False
        self.entries = {(lang, uri): entry for uri, entry in entries.items()}
        self.finished = {(lang, uri): entry for uri, entry in finished.items()}


@lru_cache(maxsize=1)
def _stamp() -> str:
    """The versions of the packages that turn Markdown into a page's HTML, and a digest of
    quangba's own code (its policy, pictures and addresses are applied to the kept HTML)."""
    from importlib import metadata

    digest = hashlib.sha256()
    for name in _MAKERS:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\0".encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# Markdown extensions that put other files into a page's HTML while converting it: snippets
# and includes (their text), pymdownx.b64 (pictures as data: addresses).
_READERS = ("snippets", "include", "b64")


def reads_other_files(config: Any) -> bool:
    """Does a Markdown extension of the site put other files into a page's HTML?"""
    names = [getattr(ext, "__module__", ext) if not isinstance(ext, str) else ext for ext in config.markdown_extensions]
    return any(reader in str(name) for name in names for reader in _READERS)


class BuildRender:
    """One build's use of the cache."""

    def __init__(self, cache: RenderCache, context: str, files: Any):
        self.cache = cache
        self.context = context
        self.files = files
        self.by_uri: dict[str, Any] | None = None  # src_uri -> file, made when first needed
        self.restore: dict[str, tuple[Any, str, Any, Any]] = {}
        self.pending: dict[str, Any] = {}

    def markdown(self, lang: str, page: Page, markdown: str) -> str:
        """The text MkDocs should convert: empty when the kept HTML will do."""
        if not isinstance(page.meta.get("title"), str):
            return markdown
        uri = page.file.src_uri
        signature = (self.context, page.file.dest_uri, page.url, markdown)
        kept = self.cache.entries.get((lang, uri))
        if kept is not None and kept[0] == signature:
            self.restore[uri] = kept
            return ""
        self.pending[uri] = (signature, self.cache.warnings.count)
        return markdown

    def content(self, lang: str, page: Page, html: str) -> str:
        """MkDocs' HTML of the page: the kept one, or the new one (kept for next time)."""
        uri = page.file.src_uri
        kept = self.restore.pop(uri, None)
        if kept is not None:
            self.cache.reused += 1
            _, html, toc, (anchors, links) = kept
            page.toc = toc
            if anchors is not None:
                page.present_anchor_ids = set(anchors)
            if links:
                if self.by_uri is None:
                    self.by_uri = {file.src_uri: file for file in self.files}
                found = {target: self.by_uri.get(target) for target in links}
                page.links_to_anchors = {file: dict(links[target]) for target, file in found.items() if file is not None}
            return html
        pending = self.pending.pop(uri, None)
        self.cache.converted += 1
        if pending is not None and pending[1] == self.cache.warnings.count:  # it converted without a warning
            signature = pending[0]
            self.cache.changed = True
            anchors = getattr(page, "present_anchor_ids", None)
            links = {file.src_uri: dict(found) for file, found in (getattr(page, "links_to_anchors", None) or {}).items()}
            kept_anchors = set(anchors) if anchors is not None else None
            self.cache.entries[(lang, uri)] = (signature, html, page.toc, (kept_anchors, links))
        return html


    def finish(self, lang: str, page: Page, html: str, feed_address: Any, make: Any) -> tuple[str, Any]:
        """The plugin's (page HTML, feed HTML) of MkDocs' `html`: kept, or `make()`."""
        key = (lang, page.file.src_uri)
        digest = hashlib.blake2b(html.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        kept = self.cache.finished.get(key)
        if kept is not None and kept[0] == digest and kept[1] == feed_address and kept[2] == page.url:
            return kept[3], kept[4]
        made = make()
        self.cache.finished[key] = (digest, feed_address, page.url, made[0], made[1])
        self.cache.changed = True
        return made


def _context(config: Any, files: Any) -> str:
    """What a page's HTML depends on besides its own text: the Markdown settings, the site's
    address scheme and the files links can point to."""
    digest = hashlib.sha256()
    settings = (config.markdown_extensions, config.mdx_configs, config.use_directory_urls, config.site_url,
                config.get("validation"))  # what MkDocs warns of while it converts
    digest.update(_ADDRESS.sub("", repr(settings)).encode("utf-8", "replace"))
    for file in files:
        digest.update(f"\0{file.src_uri}\0{file.dest_uri}".encode("utf-8", "replace"))
    return digest.hexdigest()


def shown_with(nav: Any, keys: set[str], key_of: Any, features: list[str]) -> set[str] | None:
    """Keys of the pages that show the titles of `keys` (None: every page). Without
    Material's `navigation.prune` every page carries the whole navigation. With it, a page's
    title (a section's label, for its index page) shows on the pages of the section that
    holds it; a top-level one on every page. Its neighbours show it in previous/next, the
    home page may list it."""
    if "navigation.prune" not in features:
        return None
    by_key = {key_of(page): page for page in nav.pages}
    shown: set[str] = set()
    for key in keys:
        page = by_key.get(key)
        if page is None:
            return None
        item: Any = page
        if page.file.name == "index" and isinstance(page.parent, Section):
            item = page.parent  # the section's label is its index page's title
        holder = item.parent
        if holder is None:
            return None
        shown.update(key_of(other) for other in _pages_under(holder))
        shown.add(key)
        for neighbour in (page.previous_page, page.next_page):
            if neighbour is not None:
                shown.add(key_of(neighbour))
    shown.add("index.md")
    return shown


def _pages_under(section: Section):
    for child in section.children:
        if isinstance(child, Page):
            yield child
        elif isinstance(child, Section):
            yield from _pages_under(child)
