"""Images and social cards in the built site: what the MkDocs adapter and the build call.

Responsive variants are made once per build before pages are rendered (pages need their
sizes); social cards are drawn after every language is built, in parallel, and cached by
content, so a rebuild with unchanged titles draws none.
"""

from __future__ import annotations

import os
import posixpath
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable

from babel.core import get_global

from quangba.core import locale
from quangba.web.cards import cached_card, render_card
from quangba.core.corpus import Corpus, shared_cache
from quangba.core.errors import QuangbaError
from quangba.core.files import image_uses, withheld_images
from quangba.web.images import ImageVariants, picture_html, process_images
from quangba.core.settings import settings

CARDS_DIR = "assets/cards"
CARD_SIZE = (1200, 630)
_IMG = re.compile(r"<img\b([^>]*?)\bsrc=\"([^\"]+)\"([^>]*)>", re.I)
_ALT = re.compile(r"\balt=\"([^\"]*)\"", re.I)


def make_variants(corpus: Corpus, site_dir: Path, withheld: set[str] | None = None) -> dict[str, ImageVariants]:
    """The responsive variants of every image a published page may show (none for images
    that only unpublished pages show: `withheld`, computed when not given). An unusable
    image is an error naming the file and every page and line that shows it."""
    options = settings(corpus.project)
    withheld = withheld_images(corpus) if withheld is None else withheld
    try:
        variants, report = process_images(
            corpus.project.docs_dir, site_dir, shared_cache(corpus.project, "images"),
            max_pixels=options.image_max_pixels, max_bytes=max(options.image_max_bytes, 15_000_000),
            withheld=withheld,
        )
    except QuangbaError as exc:
        raise QuangbaError(_with_uses(corpus, str(exc))) from None
    return variants


def _with_uses(corpus: Corpus, message: str) -> str:
    """Each line `docs/assets/images/x.png: …` of an image error, followed by the pages that
    show the file (`docs/vi/a.md:12: shows it`)."""
    project = corpus.project
    uses = image_uses(corpus)
    by_shown = {project.relpath(project.docs_dir / relative): relative for relative in uses}
    lines = []
    for line in message.splitlines():
        lines.append(line)
        relative = by_shown.get(line.split(": ", 1)[0], "")
        for use in uses.get(relative, []):
            lines.append(f"  {project.relpath(use.path)}:{use.line}: shows {relative}")
    return "\n".join(lines)


def relative_url(path: str, page_url: str) -> str:
    """A site-relative path as seen from a page at `page_url` (both without a leading /)."""
    base = posixpath.dirname(page_url.rstrip("/") + "/x") if page_url else ""
    return posixpath.relpath(path, base or ".")


def hero_picture(variants: dict[str, ImageVariants], src: str, alt: str, page_url: str) -> str | None:
    found = variants.get(src.lstrip("/"))
    if found is None:
        return None
    html = picture_html(found, alt, lambda p: relative_url(p, page_url), loading="eager")
    return html.replace("<img ", '<img fetchpriority="high" ', 1)


def pictures_in_html(html: str, variants: dict[str, ImageVariants], page_url: str) -> str:
    """Every `<img>` of the site's own images becomes a `<picture>` with its variants."""

    def replace(match: re.Match) -> str:
        src = match.group(2)
        if "://" in src or src.startswith(("data:", "//")):
            return match.group(0)
        base = posixpath.dirname(page_url.rstrip("/") + "/x") if page_url else ""
        resolved = posixpath.normpath(posixpath.join(base, src))
        found = variants.get(resolved)
        if found is None:
            return match.group(0)
        alt = _ALT.search(match.group(0))
        return picture_html(found, _unescape(alt.group(1)) if alt else "", lambda p: relative_url(p, page_url))

    return _IMG.sub(replace, html)


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def og_locale(lang: str) -> str:
    """`vi_VN`, `en_US`, `zh_CN`, `ko_KR`, `ja_JP`, `lo_LA` (Open Graph's form)."""
    likely = get_global("likely_subtags").get(lang, lang)
    parts = likely.split("_")
    territory = next((p for p in parts[1:] if len(p) == 2 and p.isupper()), "")
    return f"{parts[0]}_{territory}" if territory else parts[0]


def card_path(lang: str, key: str) -> str:
    """Site-relative path of a page's social card."""
    stem = key[:-3] if key.endswith(".md") else key
    return f"{CARDS_DIR}/{lang}/{stem}.png"


def _section_title(corpus: Corpus, lang: str, key: str) -> str:
    section = corpus.section_of(key)
    index = f"{section}/index.md" if section else "index.md"
    title = corpus.merged_meta(lang, index).get("title") if corpus.page(corpus.source_language, index) else None
    return str(title or locale.Catalog(lang).get("site_name"))


def card_jobs(corpus: Corpus) -> list[tuple[str, str, str, str, str]]:
    """(title, section, province, lang, site-relative path) for every published page version."""
    jobs = []
    for lang in corpus.project.languages:
        province = locale.Catalog(lang).get("province_name")
        for key in corpus.keys():
            if corpus.available(lang, key):
                title = str(corpus.merged_meta(lang, key).get("title", ""))
                jobs.append((title, _section_title(corpus, lang, key), province, lang, card_path(lang, key)))
    return jobs


def _draw(job: tuple[str, str, str, str, str, str, str]) -> bool:
    title, section, province, lang, relative, site_dir, cache_dir = job
    return render_card(title, section, province, lang, Path(site_dir) / relative, Path(cache_dir))


def render_cards(corpus: Corpus, site_dir: Path, jobs: int | None = None) -> tuple[int, int]:
    """Draw every card into the site (cached by content); returns (drawn, reused). Page
    versions whose cards are the same picture (the same texts in the same language) share
    one drawing: the others are copies of it."""
    from quangba.web.cards import place_copy

    cache = shared_cache(corpus.project, "cards")
    first: dict[tuple[str, ...], str] = {}  # the card's texts and language -> its first path
    work, copies = [], []
    for job in card_jobs(corpus):
        picture = job[:4]
        if picture in first:
            copies.append((first[picture], job[4]))
            continue
        first[picture] = job[4]
        work.append((*job, str(site_dir), str(cache)))
    workers = max(1, min(jobs or os.cpu_count() or 1, 4))
    if workers > 1 and len(work) > 8:
        import multiprocessing

        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            drawn = list(pool.map(_draw, work, chunksize=8))
    else:
        drawn = [_draw(job) for job in work]
    for source, relative in copies:
        place_copy(site_dir / source, site_dir / relative)
    return sum(drawn), len(drawn) + len(copies) - sum(drawn)


def draw_missing_cards(corpus: Corpus, share: tuple[int, int] = (0, 1)) -> int:
    """Draw into the card cache the cards it does not have yet, of the `share` (k, n): the
    k-th of every n pictures, so that n processes can share the work. Returns how many were
    drawn. `render_cards` then only copies them into the site."""
    index, count = share
    cache = shared_cache(corpus.project, "cards")
    pictures = list(dict.fromkeys(job[:4] for job in card_jobs(corpus)))
    drawn = 0
    for title, section, province, lang in pictures[index::count]:
        path = cached_card(cache, title, section, province, lang)
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            render_card(title, section, province, lang, path)
            drawn += 1
    return drawn


def page_card_url(corpus: Corpus, lang: str, key: str, absolute: Callable[[str], str]) -> str:
    """The card a page shows on social networks (the original's for an untranslated page)."""
    card_lang = lang if corpus.available(lang, key) else corpus.source_language
    return absolute(card_path(card_lang, key))
