"""What an edit touches: the changed files, and which languages (and, for a change of text
only, which pages) to build again; edited pages that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quangba.core.project import Project
from quangba.web.home import HOME

# Neutral front matter of a source page is shown in every language: changing anything but
# these (which only the source language shows) rebuilds every language.
SOURCE_ONLY_FIELDS = frozenset({"title", "description", "tags"})
# Front matter a page shows on itself only (its title also in other pages' navigation,
# which `titles` covers): a change of these rewrites the page, not its whole language.
PAGE_FIELDS = frozenset({"title", "description"})


@dataclass
class Changes:
    modified: list[Path] = field(default_factory=list)
    created: list[Path] = field(default_factory=list)
    deleted: list[Path] = field(default_factory=list)

    @property
    def paths(self) -> list[Path]:
        return sorted(self.modified + self.created + self.deleted)

    def __bool__(self) -> bool:
        return bool(self.modified or self.created or self.deleted)

    def __or__(self, other: "Changes") -> "Changes":
        created = set(self.created) | set(other.created)
        deleted = (set(self.deleted) | set(other.deleted)) - set(other.created)
        created -= set(other.deleted)
        modified = (set(self.modified) | set(other.modified)) - created - deleted
        return Changes(sorted(modified), sorted(created), sorted(deleted))


def _page_of(project: Project, path: Path) -> tuple[str, str] | None:
    """(lang, key) of a content file, or None for anything else."""
    try:
        relative = path.relative_to(project.docs_dir)
    except ValueError:
        return None
    parts = relative.parts
    if len(parts) < 2 or parts[0] not in project.languages or path.suffix != ".md":
        return None
    return parts[0], "/".join(parts[1:])


def _on_home_page(corpus: Any, key: str) -> bool:
    """Does the home page show this page's description (web/home.py: a section's card, a
    news item)? Its title is `titles`' business: the home page is written for every title."""
    meta = corpus.merged_meta(corpus.source_language, key)
    return (key.count("/") == 1 and key.endswith("/index.md")) or meta.get("type") == "news"


def _neutral(meta: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in meta.items() if name not in SOURCE_ONLY_FIELDS}


@dataclass
class Plan:
    """What to rebuild: `langs` (in the project's order), why everything is rebuilt when it
    is, and `pages`: when every edit changed only the text of pages (front matter as it
    was, or changed only in `PAGE_FIELDS`), the keys of those pages. Then only they are
    written again in each language: a page shows its own text only, every other page (its
    navigation, its neighbours' links) is made of front matter; the feeds, sitemaps and the
    404 page are written anew anyway. `titles`: the keys among them whose title changed: the
    pages that show it (navigation, previous/next) are written too."""

    langs: list[str]
    why: str = ""
    pages: set[str] | None = None
    titles: set[str] = field(default_factory=set)


def languages_to_rebuild(project: Project, before: Any, after: Any, changes: Changes) -> Plan:
    """The languages an edit touches, from the corpus as built (`before`) and as it is now
    (`after`)."""
    everything = list(project.languages)
    source = project.source_language
    touched: set[str] = set()
    pages: set[str] | None = set()
    titles: set[str] = set()
    for path in changes.created:
        return Plan(everything, f"{project.relpath(path)} was added")
    for path in changes.deleted:
        return Plan(everything, f"{project.relpath(path)} was removed")
    for path in changes.modified:
        page = _page_of(project, path)
        if page is None:
            return Plan(everything, f"{project.relpath(path)} changed")
        lang, key = page
        if before.is_published(key) != after.is_published(key):
            return Plan(everything, f"{project.relpath(path)}: what is published changed")
        if any(before.available(other, key) != after.available(other, key) for other in project.languages):
            return Plan(everything, f"{project.relpath(path)}: which versions exist changed")
        old, new = before.page(lang, key), after.page(lang, key)
        if old is None or new is None:
            return Plan(everything, f"{project.relpath(path)} changed")
        if lang == source:
            if _neutral(old.meta) != _neutral(new.meta):
                return Plan(everything, f"{project.relpath(path)}: front matter shown in every language changed")
            touched.add(source)
            touched.update(other for other in project.translation_languages if not after.available(other, key))
        else:
            touched.add(lang)
        # Without a title in its front matter, a page is named after its first heading.
        changed = {name for name in set(old.meta) | set(new.meta) if old.meta.get(name) != new.meta.get(name)}
        if pages is not None and changed <= PAGE_FIELDS and isinstance(new.meta.get("title"), str) \
                and isinstance(old.meta.get("title"), str):
            pages.add(key)
            if "title" in changed:
                titles.add(key)
            if "description" in changed and _on_home_page(after, key):
                pages.add(HOME)
        else:
            pages = None
    if not pages:
        titles = set()
    return Plan([lang for lang in project.languages if lang in touched], "", pages or None, titles)


def unreadable(project: Project, changes: Changes) -> list[str]:
    """Edited pages that cannot be read (front matter that is not YAML, not UTF-8): building
    them would replace a good preview with a broken one."""
    from quangba.core.content import read_page

    problems = []
    for path in changes.modified + changes.created:
        page = _page_of(project, path)
        if page is None or not path.is_file():
            continue
        for problem in read_page(path, page[0], page[1]).problems:
            if problem.code in ("SYN001", "SYN005"):
                problems.append(f"{project.relpath(path)}:{problem.line}:1: {problem.code} {problem.message}")
    return problems
