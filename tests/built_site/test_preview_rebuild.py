"""The preview's rebuild path writes what an edit changed, and nothing else: a body edit
writes that one page again; a title edit writes the pages that show the title (with
Material's `navigation.prune`: the pages of its section, its neighbours in previous/next,
the home page) and they show the new title. Counted by the served files themselves: a file
the rebuild did not write is the served one, hard-linked (same inode).

The preview runs in this process (its build processes are the real ones, warm between
builds) on a generated two-language project with four sections; no browser, no server,
no timing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quangba.core.corpus import Corpus
from quangba.core.project import load_project
from quangba.ops.bench import SITE_FEATURES, generate
from quangba.ops.serve import Changes, Preview


def _two_languages(root: Path) -> Path:
    """The bench's corpus, cut to Vietnamese and Chinese (half the build)."""
    import shutil

    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^\s+- \{locale: (en|ko|ja), .*\}\n", "", text, flags=re.M)
    config.write_text(text, encoding="utf-8")
    for lang in ("en", "ko", "ja"):
        shutil.rmtree(root / "docs" / lang)
    return root


def _pages(root: Path) -> dict[str, int]:
    """The served content pages (path -> inode); the translation dashboard (quangba-status/)
    is written with its language, like the feeds and sitemaps."""
    return {path.relative_to(root).as_posix(): path.stat().st_ino for path in root.rglob("index.html")
            if not path.relative_to(root).as_posix().startswith("quangba-status/")}


def _around_text(path: Path) -> str:
    """A page's HTML without its text (the article: its links are the author's words, not
    titles), spaces removed."""
    html = re.sub(r"<article\b.*?</article>", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", "", html)


def _written(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {path for path, inode in after.items() if before.get(path) != inode}


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    root = _two_languages(generate(tmp_path_factory.mktemp("rebuild") / "project", 10, SITE_FEATURES))
    project = load_project(root / "mkdocs.yml")
    assert list(project.languages) == ["vi", "zh"], project.languages
    running = Preview(project, tmp_path_factory.mktemp("work"))
    try:
        running.rebuild(list(project.languages), Corpus.load(project))  # the first build, without the side steps
        running.root = root
        yield running
    finally:
        running.close()


def _edit(preview, relative: str, change) -> tuple[set[str], Path]:
    path = preview.root / relative
    before = _pages(preview.site.view()[0])
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    preview.step(Changes(modified=[path]))
    root = preview.site.view()[0]
    return _written(before, _pages(root)), root


def test_a_body_edit_writes_only_that_page(preview):
    written, root = _edit(preview, "docs/zh/heritage/page-0004.md", lambda text: text + "\n正文修改QBBODY\n")
    assert written == {"zh/heritage/page-0004/index.html"}
    assert "正文修改QBBODY" in (root / "zh/heritage/page-0004/index.html").read_text(encoding="utf-8")
    assert preview.builder.last["written"] == 1
    # the next body edit, in the same warm process, converts only the page edited
    written, root = _edit(preview, "docs/zh/heritage/page-0004.md", lambda text: text + "\n再改QBBODY2\n")
    assert written == {"zh/heritage/page-0004/index.html"}
    assert preview.builder.last["converted"] == 1
    # a description is shown on its own page only
    written, root = _edit(preview, "docs/zh/products/page-0002.md",
                          lambda text: re.sub(r"^description: .*$", "description: 新的说明QBDESC。", text, count=1, flags=re.M))
    assert written == {"zh/products/page-0002/index.html"}
    assert "新的说明QBDESC" in (root / "zh/products/page-0002/index.html").read_text(encoding="utf-8")
    # the source language is its own tree at the root
    written, root = _edit(preview, "docs/vi/news/page-0003.md", lambda text: text + "\nSửa nội dung QBVI\n")
    assert written == {"news/page-0003/index.html"}


def test_a_title_edit_writes_the_pages_that_show_the_title(preview):
    served = preview.site.view()[0]
    old_title = re.search(r"^title: (.*)$", (preview.root / "docs/zh/heritage/page-0004.md").read_text(encoding="utf-8"), re.M)[1]
    showing = {path for path in _pages(served) if path.startswith("zh/") and f">{old_title}<" in _around_text(served / path)}
    written, root = _edit(preview, "docs/zh/heritage/page-0004.md",
                          lambda text: re.sub(r"^title: (.*)$", r"title: \1新标题QBTITLE", text, count=1, flags=re.M))
    # its section's pages (and no other) show it in their navigation
    assert {path for path in showing if not path.startswith("zh/heritage/")} <= {"zh/index.html"}, showing
    assert showing >= {"zh/heritage/page-0000/index.html", "zh/heritage/page-0008/index.html"}, showing
    # written: those, the page itself and the home page (which may list pages)
    assert written == showing | {"zh/heritage/page-0004/index.html", "zh/index.html"}, (written, showing)
    for path in written - {"zh/index.html"}:
        assert f">{old_title}新标题QBTITLE<" in _around_text(root / path), path
    # pages of other sections do not show it, and were not written
    assert "zh/news/page-0003/index.html" not in written
    assert "新标题QBTITLE" not in (root / "zh/news/page-0003/index.html").read_text(encoding="utf-8")


WARM_BUILDS = """
import filecmp, json, sys
from pathlib import Path
from quangba.ops.serve.languages import Warm, build_languages_here

warm, out = Warm(), Path(sys.argv[1])
first = build_languages_here(Path("mkdocs.yml"), out / "1", ["zh"], pages={"index.md"}, warm=warm)
page = Path("docs/zh/heritage/tan-trao.md")
page.write_text(page.read_text(encoding="utf-8") + "\\n新的一段QBWARM。\\n", encoding="utf-8")
second = build_languages_here(Path("mkdocs.yml"), out / "2", ["zh"], pages={"heritage/tan-trao.md"}, warm=warm)
converted = warm.render.converted
build_languages_here(Path("mkdocs.yml"), out / "3", ["zh"], pages={"heritage/tan-trao.md"}, warm=Warm())
files = sorted(p.relative_to(out / "3").as_posix() for p in (out / "3").rglob("*") if p.is_file())
same = files == sorted(p.relative_to(out / "2").as_posix() for p in (out / "2").rglob("*") if p.is_file()) and all(
    filecmp.cmp(out / "2" / name, out / "3" / name, shallow=False) for name in files)
print(json.dumps({"first": first, "second": second, "converted": converted, "same": same}))
"""


def test_a_warm_build_writes_what_a_cold_one_does_and_still_checks_anchors(mini_project, tmp_path):
    """A warm process's second build converts only the edited page, writes byte for byte what
    a fresh process writes, and still reports a link to a missing anchor in a page it did
    not convert again."""
    import json
    import subprocess
    import sys

    index = mini_project / "docs" / "zh" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[锚点](heritage/index.md#no-such-anchor-qb)\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", WARM_BUILDS, str(tmp_path / "out")], cwd=mini_project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["converted"] == 1, found
    assert found["same"], found
    for build in ("first", "second"):
        assert any("no-such-anchor-qb" in message for message in found[build]), found


def test_old_builds_are_deleted_in_the_background(preview, tmp_path):
    import time

    old, recent = tmp_path / "old-build", tmp_path / "recent-build"
    for folder in (old, recent):
        (folder / "a" / "b").mkdir(parents=True)
        (folder / "a" / "b" / "index.html").write_text("x", encoding="utf-8")
    preview._retired += [(time.monotonic() - 31, old), (time.monotonic(), recent)]
    preview._clean_retired()
    preview._cleaner.join()
    assert not old.exists() and recent.exists()
    assert [folder for _, folder in preview._retired][-1] == recent  # deleted when its time comes


def test_a_description_the_home_page_shows_writes_the_home_page_too(tmp_path):
    """The home page shows each section's card (its index page's title and description) and the
    latest news items: editing one of those descriptions writes the home page as well as the
    page; any other page's description is on that page only."""
    import shutil

    from quangba.ops.serve.changes import languages_to_rebuild

    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parents[1] / "fixtures" / "tiny", root)
    pages = {
        "tin/index.md": "type: page\ntitle: Tin tức\ndescription: Tin của tỉnh.",
        "tin/le-hoi.md": "type: news\ntitle: Lễ hội\ndescription: Lễ hội mùa xuân.\ndate: 2026-02-01",
        "tin/ghi-chu.md": "type: page\ntitle: Ghi chú\ndescription: Một trang.",
    }
    for key, meta in pages.items():
        path = root / "docs" / "vi" / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{meta}\n---\nNội dung.\n", encoding="utf-8")
    project = load_project(root / "mkdocs.yml")
    for key, home in (("tin/index.md", True), ("tin/le-hoi.md", True), ("tin/ghi-chu.md", False)):
        before = Corpus.load(project)
        path = root / "docs" / "vi" / key
        path.write_text(re.sub(r"^description: .*$", "description: Đã sửa.", path.read_text(encoding="utf-8"),
                               count=1, flags=re.M), encoding="utf-8")
        plan = languages_to_rebuild(project, before, Corpus.load(project), Changes(modified=[path]))
        assert plan.pages == ({key, "index.md"} if home else {key}), (key, plan)
