"""Reading built pages in tests: real HTML parsing (lxml), not string matching."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import html as lxml_html


@lru_cache(maxsize=4096)
def _parse(path: str, mtime: float):
    return lxml_html.fromstring(Path(path).read_bytes())


def parse(path: Path):
    return _parse(str(path), path.stat().st_mtime)


def page_file(site: Path, url: str) -> Path:
    """The file that serves a site-relative URL like `en/heritage/tan-trao/`."""
    return site / url / "index.html" if (not url or url.endswith("/")) else site / url


def head_alternates(doc) -> dict[str, str]:
    return {el.get("hreflang"): el.get("href") for el in doc.xpath("//head/link[@rel='alternate'][@hreflang]")}


def switcher_links(doc) -> list:
    return doc.xpath("//*[contains(@class,'md-select__list')]//a")


def nav_titles(doc) -> list[str]:
    """Titles of the primary navigation's links and sections, whitespace-normalised."""
    nav = doc.xpath("//nav[contains(@class,'md-nav--primary')]")[0]
    titles = []
    for el in nav.xpath(".//*[contains(@class,'md-nav__link')]//span[contains(@class,'md-ellipsis')]"):
        text = " ".join(el.text_content().split())
        if text:
            titles.append(text)
    return titles
