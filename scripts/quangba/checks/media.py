"""media: images that are missing."""

from __future__ import annotations

import posixpath
from typing import Iterator

from quangba.checks import all_pages, finding, rule
from quangba.corpus import Corpus
from quangba.findings import Finding
from quangba.outline import outline


def _is_external(target: str) -> bool:
    return "://" in target or target.startswith(("data:", "mailto:", "tel:", "//"))


@rule("MED001", "missing-image", "media")
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
                yield finding(corpus, page, page.line_of("image.src"), "MED001", f"image `{src}` does not exist under docs/")
        for img in outline(page).images:
            if _is_external(img.target) or not img.target:
                continue
            path = img.target.split("#")[0].split("?")[0]
            base = posixpath.dirname(f"{page.lang}/{page.key}")
            resolved = posixpath.normpath(posixpath.join(base, path))
            if resolved.startswith("..") or not (docs / resolved).is_file():
                yield finding(corpus, page, img.line, "MED001", f"image `{img.target}` does not exist")
