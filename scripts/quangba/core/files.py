"""Which files under `docs/` are the project's own and may be published.

The rule (README, "What gets published"):
- a file is published only if it really lies inside the project: a symbolic link whose
  target is outside the project folder (`/etc/passwd`, another checkout) is refused, and so
  is any path (`image.src`, a link) that resolves outside `docs/`;
- pages are Markdown files inside a language folder (`docs/vi/…`, `docs/en/…`); a `.md`
  file anywhere else under `docs/` (`docs/assets/notes.md`) is refused, and so is every
  `.html` file: raw HTML would reach visitors without the sanitizer that cleans pages;
- a file or folder whose name starts with a dot is never published (MkDocs skips it).

`check` reports these with file and line; the build leaves such files out as well, so a
build run without the check publishes nothing the check would refuse.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

PAGE_SUFFIXES = (".md",)
RAW_HTML_SUFFIXES = (".html", ".htm")


def inside(path: Path, root: Path) -> bool:
    """Does `path`, with every symbolic link followed, lie inside `root` (itself resolved)?"""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
    except ValueError:
        return False
    return True


def resolve_in_docs(docs_dir: Path, relative: str) -> Path | None:
    """The file a docs-relative path (as `image.src` is written) names, or None when the
    path climbs out of `docs/` or resolves outside it through a link."""
    normal = posixpath.normpath(relative.lstrip("/"))
    if normal == ".." or normal.startswith("../") or posixpath.isabs(normal):
        return None
    path = docs_dir / normal
    return path if inside(path, docs_dir) else None


@dataclass(frozen=True)
class Refused:
    """A file under docs/ that is not published, and why: "outside", "stray-page" or "raw-html"."""

    path: Path
    reason: str
    target: str = ""  # where a link points


def refused_files(docs_dir: Path, project_root: Path, languages: list[str]) -> list[Refused]:
    """Every entry under `docs_dir` that the rule above refuses, in path order. Links are
    not followed into folders: a link to a folder outside is refused as one entry."""
    found: list[Refused] = []
    docs_dir = Path(docs_dir)
    for folder, dirs, files in os.walk(docs_dir):
        dirs.sort()
        base = Path(folder)
        for name in [*dirs, *sorted(files)]:
            path = base / name
            if os.path.islink(path) and not inside(path, project_root):
                found.append(Refused(path, "outside", os.readlink(path)))
                continue
            if name in files:
                reason = page_rule(path.relative_to(docs_dir).as_posix(), languages)
                if reason:
                    found.append(Refused(path, reason))
    return found


def page_rule(relative: str, languages: list[str]) -> str | None:
    """Why a docs-relative file is refused by the page rule ("stray-page", "raw-html"), or None."""
    suffix = posixpath.splitext(relative)[1].lower()
    if suffix in RAW_HTML_SUFFIXES:
        return "raw-html"
    if suffix in PAGE_SUFFIXES and relative.split("/", 1)[0] not in languages:
        return "stray-page"
    return None


# -- which pages use which image ---------------------------------------------------------------


@dataclass(frozen=True)
class ImageUse:
    """A page (one language's version) that shows an image, and where it says so."""

    lang: str
    key: str
    path: Path  # the page's file
    line: int
    column: int = 1


def _is_external(target: str) -> bool:
    return "://" in target or target.startswith(("data:", "mailto:", "tel:", "//"))


def image_uses(corpus) -> dict[str, list[ImageUse]]:
    """Every image a page shows (its `image.src`, pictures in its text), by its path relative
    to docs/ ("assets/images/tan-trao.png"); paths that climb out of docs/ are left out."""
    from quangba.core.outline import outline

    uses: dict[str, list[ImageUse]] = {}

    def add(relative: str, page, line: int, column: int = 1) -> None:
        normal = posixpath.normpath(relative)
        if normal == ".." or normal.startswith("../") or normal.startswith("/"):
            return
        uses.setdefault(normal, []).append(ImageUse(page.lang, page.key, page.path, line, column))

    for found in corpus.pages.values():
        for page in found.values():
            image = page.meta.get("image")
            if isinstance(image, dict) and isinstance(image.get("src"), str):
                add(image["src"].lstrip("/"), page, page.line_of("image.src"))
            if page.problems:
                continue
            for img in outline(page).images:
                target = img.target.split("#")[0].split("?")[0]
                if not target or _is_external(target):
                    continue
                if target.startswith("/"):
                    add(target.lstrip("/"), page, img.line, img.column)
                else:
                    add(posixpath.join(posixpath.dirname(f"{page.lang}/{page.key}"), target), page, img.line, img.column)
    return uses


def withheld_images(corpus) -> set[str]:
    """Images that only unpublished page versions show (a draft, a `publish_at` to come, a
    draft translation): they leave with their page, not before."""
    withheld = set()
    for relative, uses in image_uses(corpus).items():
        if not any(corpus.available(use.lang, use.key) for use in uses):
            withheld.add(relative)
    return withheld


# -- names ---------------------------------------------------------------------------------------


def package_stem(key: str) -> str:
    """The content package's name for a page, without `.zip`: `heritage/tan-trao.md` ->
    `heritage__tan-trao` (so `a__b.md` and `a/b.md` would share one)."""
    stem = key[:-3] if key.endswith(".md") else key
    return stem.replace("/", "__")


def unpublishable_part(key: str) -> str | None:
    """The part of a page's path that MkDocs never publishes (a file or folder whose name
    starts with a dot: `..md`, `.draft/x.md`), or None."""
    for part in key.split("/"):
        if part.startswith("."):
            return part
    return None
