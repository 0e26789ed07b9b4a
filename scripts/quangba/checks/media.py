"""media: images that are missing."""

from __future__ import annotations

import posixpath
import re
from typing import Iterator

from quangba.checks import all_pages, finding, rule
from quangba.core.corpus import Corpus
from quangba.core.findings import Finding
from quangba.core.outline import outline
from quangba.core.settings import settings
from quangba.core.messages import T_


def _is_external(target: str) -> bool:
    return "://" in target or target.startswith(("data:", "mailto:", "tel:", "//"))


@rule("MED001", "missing-image", "media", scope="site")
def missing_image(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: an image (the page's `image.src` or `![…](…)` in the text) whose
    file does not exist under `docs/`.

    Why it matters: the visitor sees a broken picture and its alt text.

    Example: `src: assets/images/tan-trao.jpg` when the file is `tan-trao.png`.

    Instead: correct the path (relative to `docs/` in front matter, relative to the page in
    the text) or add the file to `docs/assets/images/`.
    """
    docs = corpus.project.docs_dir
    for page in all_pages(corpus):
        image = page.meta.get("image")
        if isinstance(image, dict) and isinstance(image.get("src"), str):
            src = image["src"].lstrip("/")
            if not (docs / src).is_file():
                yield finding(corpus, page, page.line_of("image.src"), "MED001", T_('image `{src}` does not exist under docs/', src=src))
        for img in outline(page).images:
            if _is_external(img.target) or not img.target:
                continue
            path = img.target.split("#")[0].split("?")[0]
            base = posixpath.dirname(f"{page.lang}/{page.key}")
            resolved = posixpath.normpath(posixpath.join(base, path))
            if resolved.startswith("..") or not (docs / resolved).is_file():
                yield finding(corpus, page, img.line, "MED001", T_('image `{target}` does not exist', target=img.target))


def _cjk_script_ok(lang: str, text: str) -> bool:
    if lang == "zh":
        return bool(_HAN.search(text))
    if lang == "ko":
        return bool(_HANGUL.search(text))
    if lang == "ja":
        return bool(_KANA.search(text) or _HAN.search(text))
    return True


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")


def _front_image(page) -> dict:
    image = page.meta.get("image")
    return image if isinstance(image, dict) else {}


@rule("MED002", "missing-alt-text", "media", scope="set")
def missing_alt_text(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: an image without alt text: `![](…)` in the text, or a page image
    whose translation has no `image.alt`.

    Why it matters: blind visitors hear nothing, search engines see nothing, and the
    government-portal rules (WCAG) require a text alternative.

    Example: `![](../assets/images/tan-trao.png)`.

    Instead: describe what the picture shows: `![Cây đa Tân Trào bên đình](…)`.
    """
    for page in all_pages(corpus):
        if page.problems:
            continue
        for img in outline(page).images:
            if not img.text.strip():
                yield finding(corpus, page, img.line, "MED002", T_('image `{target}` has no alt text: describe what it shows', target=img.target), img.column)
        if page.lang != corpus.source_language:
            source = corpus.page(corpus.source_language, page.key)
            if source and _front_image(source) and not str(_front_image(page).get("alt", "")).strip():
                yield finding(corpus, page, page.line_of("image"), "MED002", T_('the page image has no `image.alt` in this language: add `image: {alt: …}`'))


# alt text that names a picture rather than describing it: a word or a file name
# (`enabled`, `flagd-ui-basic-view`, `single-email-formatted.png`) is not reported as untranslated
_IDENTIFIER_ALT = re.compile(r"^[\w.-]+$")


@rule("MED003", "alt-text-not-translated", "media", scope="set")
def alt_text_not_translated(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: alt text of a translation that is the source's text, or that is not
    in the page's script (no Chinese characters on a zh page, no Hangul on ko, no kana or
    kanji on ja).

    Alt text that is a name (`Jaeger UI`: capitalised words and acronyms only) may stay as
    the source writes it.

    Why it matters: a screen reader reads Vietnamese to a Korean visitor.

    Example: `image: {alt: Cây đa Tân Trào}` in `docs/ko/…`.

    Instead: translate the alt text like the rest of the page.
    """
    from quangba.checks.untranslated import is_names_only
    from quangba.core.glossary import for_project

    glossary = for_project(corpus.project)
    for tset in corpus.translation_sets():
        if tset.source is None or tset.source.problems:
            continue
        source_alts = {str(_front_image(tset.source).get("alt", "")).strip()} | {i.text for i in outline(tset.source).images}
        source_alts.discard("")
        for lang, page in tset.translations.items():
            if page.problems:
                continue
            alts = [(page.line_of("image.alt"), 1, str(_front_image(page).get("alt", "")).strip())]
            alts += [(i.line, i.column, i.text) for i in outline(page).images]
            for line, column, alt in alts:
                if not alt or _IDENTIFIER_ALT.match(alt) or is_names_only(alt, glossary):
                    continue
                if alt in source_alts:
                    yield finding(corpus, page, line, "MED003", T_("alt text `{alt}` is the source's: translate it", alt=alt), column)
                elif not _cjk_script_ok(lang, alt):
                    yield finding(corpus, page, line, "MED003", T_("alt text `{alt}` is not written in this page's language", alt=alt), column)


@rule("MED004", "image-without-credit", "media")
def image_without_credit(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: an image with no credit: a page image without `image.credit`, or an
    image in the text without an entry in the source's `credits:` (path: credit).

    Why it matters: the province publishes only pictures it may publish, and says whose
    they are.

    Example: `![…](../assets/images/le-hoi.jpg)` with no `credits:` entry.

    Instead: `credits: {assets/images/le-hoi.jpg: "Ảnh: Nguyễn Văn A, Sở VHTTDL"}` in the
    Vietnamese page.
    """
    docs = corpus.project.docs_dir
    for page in corpus.pages.get(corpus.source_language, {}).values():
        if page.problems:
            continue
        image = _front_image(page)
        if image and not str(image.get("credit", "")).strip():
            yield finding(corpus, page, page.line_of("image"), "MED004", T_('the page image has no `image.credit`: say whose picture it is'))
        credits = page.meta.get("credits") if isinstance(page.meta.get("credits"), dict) else {}
        for img in outline(page).images:
            if _is_external(img.target) or not img.target:
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(f"{page.lang}/{page.key}"), img.target.split("#")[0]))
            relative = posixpath.relpath(resolved, ".") if not resolved.startswith("..") else resolved
            if not any(str(k).lstrip("/") == relative for k in credits) and (docs / relative).is_file():
                yield finding(corpus, page, img.line, "MED004", T_('image `{target}` has no credit: add `credits: {{{relative}: …}}`', target=img.target, relative=relative), img.column)


@rule("MED005", "image-too-large", "media")
def image_too_large(corpus: Corpus) -> Iterator[Finding]:
    """What it catches: an image file over the size limits (`image_max_bytes`,
    `image_max_pixels` in mkdocs.yml), or a file the build cannot use: not an image, cut
    short (truncated), or a decompression bomb. It runs the build's own validation, so a
    picture that passes the check does not stop the build.

    Why it matters: visitors on phones and slow links pay for every byte; a huge or corrupt
    file can stall the build.

    Example: a 12 MB, 8000×6000 photo straight from a camera.

    Instead: export it at most 2400 px wide as JPEG or WebP (the site makes smaller
    versions itself).
    """
    from quangba.core.corpus import CACHE_DIR
    from quangba.core.files import image_uses, resolve_in_docs
    from quangba.core.imagefile import ValidationCache

    options = settings(corpus.project)
    project = corpus.project
    cache = ValidationCache(project.root / CACHE_DIR)
    problems: dict[str, str | None] = {}
    for relative, uses in sorted(image_uses(corpus).items()):
        path = resolve_in_docs(project.docs_dir, relative)
        if path is None or not path.is_file():
            continue  # SEC010, MED001
        shown = project.relpath(project.docs_dir / relative)
        # The build's own validation (quangba.core.imagefile), with the check's limits.
        problem = cache.problem(path, shown, options.image_max_pixels, options.image_max_bytes)
        if problem is None:
            continue
        problem = problem[len(shown) + 2:] if problem.startswith(shown + ": ") else problem
        for use in uses:
            page = corpus.page(use.lang, use.key)
            yield finding(corpus, page, use.line, "MED005", T_('image `{relative}`: {problem}', relative=relative, problem=problem), use.column)
    cache.save()
