"""`quangba build` keeps what MkDocs converted of each page in `.quangba-cache/render/` and
uses it for the pages whose text, address and settings did not change
(mkdocs_plugin/rebuild.py). These tests read and alter that file to see which HTML a build
really used: a kept page shows the kept HTML, a changed page its new text, and no stale or
foreign entry is ever used."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from quangba.core.project import load_project
from quangba.ops.build import BuildFailed, build_site

TINY = Path(__file__).parents[1] / "fixtures" / "tiny"
KEPT_MARK = "<p>kept from the last build</p>"


@pytest.fixture
def tiny(tmp_path) -> Path:
    root = tmp_path / "tiny"
    shutil.copytree(TINY, root)
    return root


def _cache_file(root: Path, lang: str) -> Path:
    return root / ".quangba-cache" / "render" / f"{lang}.pickle"


def _mark_kept_html(root: Path, lang: str, uri: str) -> None:
    """Put a mark into the kept HTML of one page, as if the last build had made it."""
    path = _cache_file(root, lang)
    version, stamp, extra, entries, finished = pickle.loads(path.read_bytes())
    signature, html, toc, anchors = entries[uri]
    entries[uri] = (signature, html + KEPT_MARK, toc, anchors)
    finished.pop(uri, None)  # the plugin's own finishing is made again from the kept HTML
    path.write_bytes(pickle.dumps((version, stamp, extra, entries, finished)))


def _page(site: Path, relative: str) -> str:
    return (site / relative).read_text(encoding="utf-8")


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_unchanged_page_is_taken_from_the_cache_and_a_changed_one_is_converted(tiny, tmp_path, jobs):
    project = load_project(tiny / "mkdocs.yml")
    build_site(project, tmp_path / "first", jobs=jobs)
    for lang in ("vi", "en"):
        assert _cache_file(tiny, lang).is_file()
    _mark_kept_html(tiny, "en", "en/index.md")
    build_site(project, tmp_path / "second", jobs=jobs)
    assert KEPT_MARK in _page(tmp_path / "second", "en/index.html")  # the kept HTML was used
    assert KEPT_MARK not in _page(tmp_path / "second", "index.html")

    english = tiny / "docs" / "en" / "index.md"
    english.write_text(english.read_text(encoding="utf-8").replace("Hello.", "Hello again."), encoding="utf-8")
    build_site(project, tmp_path / "third", jobs=jobs, check=False)  # the stamp is stale now: no check
    third = _page(tmp_path / "third", "en/index.html")
    assert "Hello again." in third and KEPT_MARK not in third


def test_no_cache_converts_every_page_again(tiny, tmp_path):
    project = load_project(tiny / "mkdocs.yml")
    build_site(project, tmp_path / "first", jobs=1)
    _mark_kept_html(tiny, "vi", "vi/index.md")
    build_site(project, tmp_path / "second", jobs=1, cache=False)
    assert KEPT_MARK not in _page(tmp_path / "second", "index.html")


def test_a_cache_written_by_other_code_or_cut_short_is_not_used(tiny, tmp_path):
    project = load_project(tiny / "mkdocs.yml")
    build_site(project, tmp_path / "first", jobs=1)
    _mark_kept_html(tiny, "vi", "vi/index.md")
    path = _cache_file(tiny, "vi")
    version, stamp, extra, entries, finished = pickle.loads(path.read_bytes())
    path.write_bytes(pickle.dumps((version, "another quangba", extra, entries, finished)))
    build_site(project, tmp_path / "second", jobs=1)
    assert KEPT_MARK not in _page(tmp_path / "second", "index.html")

    _cache_file(tiny, "en").write_bytes(b"\x80\x05 cut short")
    build_site(project, tmp_path / "third", jobs=1)
    assert "Hello." in _page(tmp_path / "third", "en/index.html")


def test_a_page_whose_conversion_warned_is_never_kept(tiny, tmp_path):
    """A strict build fails on MkDocs' warnings; the next build must warn (and fail) again,
    not serve the page from the cache without a word."""
    english = tiny / "docs" / "en" / "index.md"
    english.write_text(english.read_text(encoding="utf-8").replace("Hello.", "Hello, [see](missing.md)."), encoding="utf-8")
    project = load_project(tiny / "mkdocs.yml")
    for attempt in ("first", "second"):
        with pytest.raises(BuildFailed, match="missing.md"):
            build_site(project, tmp_path / attempt, jobs=1, check=False)
        path = _cache_file(tiny, "en")
        if path.is_file():
            assert "en/index.md" not in pickle.loads(path.read_bytes())[3]


def test_pages_that_take_in_other_files_are_always_converted(tiny, tmp_path):
    """A snippet's text is not in the page's Markdown: with pymdownx.snippets (or an include,
    or pymdownx.b64's pictures) nothing is taken from the cache."""
    from types import SimpleNamespace

    from quangba.mkdocs_plugin.rebuild import reads_other_files

    for extension in ("pymdownx.snippets", "markdown_include.include", "pymdownx.b64"):
        assert reads_other_files(SimpleNamespace(markdown_extensions=["toc", extension]))
    assert not reads_other_files(SimpleNamespace(markdown_extensions=["toc", "admonition", "attr_list"]))

    config = tiny / "mkdocs.yml"
    (tiny / "snippets").mkdir()  # base_path is read from the working folder: given whole
    config.write_text(config.read_text(encoding="utf-8") + "markdown_extensions:\n  - pymdownx.snippets:\n"
                      f"      base_path: ['{tiny / 'snippets'}']\n", encoding="utf-8")
    note = tiny / "snippets" / "note.md"
    note.write_text("Ghi chú thứ nhất.\n", encoding="utf-8")
    source = tiny / "docs" / "vi" / "index.md"
    source.write_text(source.read_text(encoding="utf-8") + '\n--8<-- "note.md"\n', encoding="utf-8")
    project = load_project(config)
    build_site(project, tmp_path / "first", jobs=1, check=False)
    assert "Ghi chú thứ nhất." in _page(tmp_path / "first", "index.html")
    note.write_text("Ghi chú thứ hai.\n", encoding="utf-8")
    build_site(project, tmp_path / "second", jobs=1, check=False)
    assert "Ghi chú thứ hai." in _page(tmp_path / "second", "index.html")
