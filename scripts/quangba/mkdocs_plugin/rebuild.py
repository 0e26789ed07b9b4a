"""What the preview's warm build processes keep between builds, and which pages a changed
title shows on. Only `quangba serve` sets these (through the plugin's attributes); a plain
build never does.

- `RenderCache`: the HTML MkDocs made of each page's Markdown, with its table of contents and
  anchors, kept in the process between builds. A page whose Markdown (after every plugin's
  changes), address, file set and Markdown settings are the same as when it was last made is
  not converted again: the quangba plugin hands MkDocs an empty text for it (public event
  `on_page_markdown`, run last) and puts the kept HTML back in `on_page_content` (run first
  of the plugins that change HTML: the site's own plugins have none). Pages without a
  front-matter title are always converted (MkDocs names them after their first heading);
  so is everything when a Markdown extension reads other files while it converts (snippets,
  includes: their text is not in the page's). Links to anchors of other pages are checked
  again in every build, from the kept list, against the pages as they are now.
- `shown_with`: the pages whose HTML shows a page's title (the navigation, previous/next,
  the home page), from the navigation as built.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class RenderCache:
    """(language, src_uri) → (signature, html, toc, anchor ids); one per process."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], tuple[Any, str, Any, Any]] = {}
        self.converted = 0  # pages converted by MkDocs in the last build
        self.reused = 0  # pages whose kept HTML was used
        # (language, src_uri) → (MkDocs' HTML, feed address, page address, page HTML, feed HTML):
        # what the plugin made of MkDocs' HTML, valid while `extra` (the HTML policy, the
        # images' variants) stays as it was
        self.finished: dict[tuple[str, str], tuple[str, Any, str, str, Any]] = {}
        self.extra: Any = None

    def begin(self, config: Any, files: Any, extra: Any = None) -> "BuildRender | None":
        """This build's use of the cache (None: every page is converted)."""
        self.converted = self.reused = 0
        if extra != self.extra:
            self.finished.clear()
            self.extra = extra
        if reads_other_files(config):
            self.entries.clear()
            self.finished.clear()
            return None
        return BuildRender(self, _context(config, files), files)


def reads_other_files(config: Any) -> bool:
    """Does a Markdown extension of the site put other files' text into a page?"""
    names = [getattr(ext, "__module__", ext) if not isinstance(ext, str) else ext for ext in config.markdown_extensions]
    return any("snippets" in str(name) or "include" in str(name) for name in names)


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
        self.pending[uri] = signature
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
        signature = self.pending.pop(uri, None)
        self.cache.converted += 1
        if signature is not None:
            anchors = getattr(page, "present_anchor_ids", None)
            links = {file.src_uri: dict(found) for file, found in (getattr(page, "links_to_anchors", None) or {}).items()}
            kept_anchors = set(anchors) if anchors is not None else None
            self.cache.entries[(lang, uri)] = (signature, html, page.toc, (kept_anchors, links))
        return html


    def finish(self, lang: str, page: Page, html: str, feed_address: Any, make: Any) -> tuple[str, Any]:
        """The plugin's (page HTML, feed HTML) of MkDocs' `html`: kept, or `make()`."""
        key = (lang, page.file.src_uri)
        kept = self.cache.finished.get(key)
        if kept is not None and kept[0] == html and kept[1] == feed_address and kept[2] == page.url:
            return kept[3], kept[4]
        made = make()
        self.cache.finished[key] = (html, feed_address, page.url, made[0], made[1])
        return made


def _context(config: Any, files: Any) -> str:
    """What a page's HTML depends on besides its own text: the Markdown settings, the site's
    address scheme and the files links can point to."""
    digest = hashlib.sha256()
    settings = (config.markdown_extensions, config.mdx_configs, config.use_directory_urls, config.site_url)
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
