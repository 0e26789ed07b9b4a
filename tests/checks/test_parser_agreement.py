"""The check's parser (pyromark) sees what the build renders (Python-Markdown with the
site's extensions) on every sample page: headings and their anchors, list items, table
shapes, images, links, code blocks, admonitions."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from lxml import html as lxml_html

from quangba.core.corpus import Corpus
from quangba.core.outline import outline
from quangba.core.project import load_project
from quangba.core.slugs import slug_function, unique_ids

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Corpus.load(load_project(ROOT / "mkdocs.yml"))
PAGES = [page for found in CORPUS.pages.values() for page in found.values()]
slugify, separator = slug_function(CORPUS.project)
EXTENSIONS = ["admonition", "attr_list", "tables", "md_in_html", "toc", "pymdownx.details", "pymdownx.superfences"]
CONFIG = {"toc": {"slugify": slugify, "separator": separator}}

EXTRA = """
Text with **bold** and a [link](../index.md#top) and `code`.

!!! warning "Chú ý"

    Inside the admonition, a [second link](other.md).

    - one
    - two

1. first
    - nested
2. second

| A | B | C |
|---|---|---|
| 1 | 2 | 3 |

```text
code block
```

## Heading again

## Heading again
"""


def _rendered(body: str):
    return lxml_html.fromstring(f"<div>{markdown.markdown(body, extensions=EXTENSIONS, extension_configs=CONFIG)}</div>")


def _compare(page) -> None:
    o = outline(page)
    doc = _rendered(page.body)
    headings = doc.xpath("//h1|//h2|//h3|//h4|//h5|//h6")
    assert [int(h.tag[1]) for h in headings] == [h.level for h in o.headings]
    assert [h.get("id") for h in headings] == unique_ids([h.text for h in o.headings], slugify, separator)
    assert len(doc.xpath("//li")) == sum(o.lists)
    assert [(len(t.xpath(".//tr")), len(t.xpath("(.//tr)[1]/*"))) for t in doc.xpath("//table")] == [(t.rows, t.columns) for t in o.tables]
    assert doc.xpath("//img/@src") == [i.target for i in o.images]
    assert [a.get("href") for a in doc.xpath("//a[not(contains(@class,'headerlink'))]")] == [link.target for link in o.links]
    assert len(doc.xpath("//pre")) == len(o.code_blocks)
    assert len(doc.xpath("//div[contains(@class,'admonition')]")) == len(o.admonitions)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.lang}/{p.key}")
def test_outline_agrees_with_the_build(page):
    _compare(page)


def test_outline_agrees_on_the_constructs_we_use(tmp_path):
    from quangba.core.content import parse_text

    page = parse_text("---\ntitle: T\n---\n" + EXTRA, "vi", "x.md", tmp_path / "x.md")
    _compare(page)
    assert [a.kind for a in outline(page).admonitions] == ["warning"]
