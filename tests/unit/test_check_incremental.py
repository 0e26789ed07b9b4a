"""The incremental check (`quangba.checks.incremental`): a warm check after any sequence of
edits finds exactly what a cold check finds, and checks again only the translation sets that
changed; every rule that says it sees only its own translation set (`scope="set"`) does."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from projects import FIXTURES

from quangba.checks import RULES, _load_families, _run_rules, all_pages, run_checks, run_checks_cached
from quangba.checks import incremental
from quangba.core.corpus import Corpus
from quangba.core.project import load_project
from quangba.core.settings import settings

RULE_FIXTURES = FIXTURES / "rules"
_load_families()
SET_RULES = sorted(code for code, registered in RULES.items() if registered.scope == "set")
FOCUSED_RULES = sorted(code for code, registered in RULES.items() if registered.scope in ("set", "site"))


def _fixture_corpus(source: Path, dest: Path) -> Corpus:
    shutil.copytree(source, dest, symlinks=True)
    if not (dest / "mkdocs.yml").exists():
        shutil.copy2(RULE_FIXTURES / "mkdocs.yml", dest / "mkdocs.yml")
    for lang in ("vi", "en", "zh", "ko", "ja"):
        (dest / "docs" / lang).mkdir(parents=True, exist_ok=True)
    return Corpus.load(load_project(dest / "mkdocs.yml"))


def test_set_rules_find_on_each_set_alone_what_they_find_on_the_whole_corpus(tmp_path):
    """On every rule's `fire` fixture and the mini project, the "set" and "site" rules find on
    each translation set what they find on the whole corpus when they run with the set as
    `corpus.focus` (the other pages there, reported on by none of them), and the "set" rules
    find it on a corpus of that set's pages only too (they read nothing of the other sets)."""
    sources = [RULE_FIXTURES / code / "fire" for code in sorted(RULES)] + [FIXTURES / "mini"]
    seen: set[str] = set()
    for number, source in enumerate(sources):
        corpus = _fixture_corpus(source, tmp_path / f"p{number}")
        pages = {corpus.project.relpath(page.path): page for page in all_pages(corpus)}
        key_of = {corpus.project.relpath(page.path): key for found in corpus.pages.values() for key, page in found.items()}
        options = settings(corpus.project)
        whole = _run_rules(corpus, FOCUSED_RULES, pages, options)
        keys = {key for found in corpus.pages.values() for key in found}
        alone: set = set()
        for key in keys:
            focused = _run_rules(corpus, FOCUSED_RULES, pages, options, {key}, {key})
            assert {key_of.get(item.path) for item in focused} <= {key}, (source, key, focused)
            own = Corpus(corpus.project, {lang: {k: p for k, p in found.items() if k == key}
                                          for lang, found in corpus.pages.items()})
            assert _run_rules(own, SET_RULES, pages, options) == {f for f in focused if f.code in SET_RULES}, (source, key)
            alone |= focused
        assert alone == whole, source
        assert corpus.focus is None
        seen |= {item.code for item in whole}
    # not vacuous: the fixtures make every "set" and "site" rule fire
    assert seen == set(FOCUSED_RULES)


def _project(tmp_path: Path) -> Path:
    """The mini project with a glossary, and a page that links to the Tân Trào page."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini", root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - quangba:\n", "  - quangba:\n      glossary: glossary.yml\n", 1), encoding="utf-8")
    (root / "glossary.yml").write_text("terms:\n  - {vi: Sơn Dương, en: Son Duong}\n", encoding="utf-8")
    index = root / "docs" / "vi" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nXem [Tân Trào](heritage/tan-trao.md) và "
                     "[đình](heritage/tan-trao.md#đình-tân-trào).\n", encoding="utf-8")
    return root


def _cold(root: Path) -> list:
    return run_checks(Corpus.load(load_project(root / "mkdocs.yml")))


def _warm(root: Path) -> list:
    return run_checks_cached(load_project(root / "mkdocs.yml"))


def _codes_at(findings: list, path: str) -> set[str]:
    return {item.code for item in findings if item.path == path}


def _edit(path: Path, old: str, new: str, keep_stat: bool = False) -> None:
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if keep_stat:  # the same size and the same modification time: only the content differs
        assert path.stat().st_size == stat.st_size
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_warm_check_finds_what_a_cold_check_finds_after_each_edit(tmp_path):
    root = _project(tmp_path)
    zh = root / "docs" / "zh" / "heritage" / "tan-trao.md"
    target = "docs/zh/heritage/tan-trao.md"

    first = _warm(root)
    assert first == _cold(root)
    assert len(incremental.LAST_RUN["checked"]) == 3  # a first run checks every set
    assert _warm(root) == first and incremental.LAST_RUN["checked"] == []

    # a real drift in one translation: its finding appears, and only its set is checked again
    _edit(zh, "新潮遗迹区 2012.", "新潮遗迹区 2013.")
    drifted = _warm(root)
    assert "FCT002" in _codes_at(drifted, target) and "FCT002" not in _codes_at(first, target)
    assert drifted == _cold(root)
    assert incremental.LAST_RUN["checked"] == ["heritage/tan-trao.md"] and incremental.LAST_RUN["reused"] == 2

    # edited back: the finding goes
    _edit(zh, "新潮遗迹区 2013.", "新潮遗迹区 2012.")
    assert _warm(root) == first == _cold(root)

    # an edit that keeps the file's size and time is seen all the same (content, not stat)
    _edit(zh, "新潮遗迹区 2012.", "新潮遗迹区 2019.", keep_stat=True)
    assert "FCT002" in _codes_at(_warm(root), target)
    assert _warm(root) == _cold(root)
    _edit(zh, "新潮遗迹区 2019.", "新潮遗迹区 2012.")

    # the glossary changes: the terminology findings change with it, on sets not edited
    before = _warm(root)
    glossary = root / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "  - {vi: Tân Trào, zh: 谭朝}\n", encoding="utf-8")
    renamed = _warm(root)
    assert {f.code for f in renamed if f.code.startswith("TRM")} != {f.code for f in before if f.code.startswith("TRM")}
    assert renamed == _cold(root)

    # another page's heading is renamed: the link to its anchor, on a page not edited, is reported
    source = root / "docs" / "vi" / "heritage" / "tan-trao.md"
    assert "LNK004" not in _codes_at(_warm(root), "docs/vi/index.md")
    _edit(source, "## Đình Tân Trào", "## Đình làng Tân Trào")
    renamed_heading = _warm(root)
    assert "LNK004" in _codes_at(renamed_heading, "docs/vi/index.md")
    assert incremental.LAST_RUN["checked"] == ["heritage/tan-trao.md"]
    assert renamed_heading == _cold(root)
    _edit(source, "## Đình làng Tân Trào", "## Đình Tân Trào")
    assert "LNK004" not in _codes_at(_warm(root), "docs/vi/index.md")

    # the linked page becomes a draft: the published page that links to it is reported
    _edit(source, "order: 1\n", "order: 1\ndraft: true\n")
    drafted = _warm(root)
    assert "LNK005" in _codes_at(drafted, "docs/vi/index.md")
    assert drafted == _cold(root)
    _edit(source, "order: 1\ndraft: true\n", "order: 1\n")
    assert "LNK005" not in _codes_at(_warm(root), "docs/vi/index.md")

    # a translation's text is edited, its headings kept: the links of other sets are not read again
    _edit(zh, "新潮遗迹区 2012.", "新潮遗迹区，2012.")
    assert _warm(root) == _cold(root)
    assert incremental.LAST_RUN["site_checked"] == ["heritage/tan-trao.md"]

    # a page is deleted: the link to it is reported, its own findings go
    source.unlink()
    deleted = _warm(root)
    assert "LNK001" in _codes_at(deleted, "docs/vi/index.md")
    assert not _codes_at(deleted, "docs/vi/heritage/tan-trao.md")
    assert deleted == _cold(root)


def test_a_changed_configuration_checks_every_set_again(tmp_path):
    root = _project(tmp_path)
    _warm(root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - quangba:\n", "  - quangba:\n      severity: {FCT002: warning}\n", 1), encoding="utf-8")
    _edit(root / "docs" / "zh" / "heritage" / "tan-trao.md", "新潮遗迹区 2012.", "新潮遗迹区 2013.")
    warm = _warm(root)
    assert len(incremental.LAST_RUN["checked"]) == 3 and incremental.LAST_RUN["reused"] == 0
    assert warm == _cold(root)
    assert {f.severity.value for f in warm if f.code == "FCT002"} == {"warning"}


@pytest.mark.parametrize("share", [0.0, 0.5, 1.0])
def test_two_processes_find_what_one_finds_whatever_the_share(tmp_path, monkeypatch, share):
    """The large check's split (`_run_in_two`): the child's part and this process's part make
    the same findings as one process, however the translation sets are dealt."""
    from quangba import checks

    root = _project(tmp_path)
    _edit(root / "docs" / "zh" / "heritage" / "tan-trao.md", "新潮遗迹区 2012.", "新潮遗迹区 2013.")
    corpus = Corpus.load(load_project(root / "mkdocs.yml"))
    pages = {corpus.project.relpath(p.path): p for p in all_pages(corpus)}
    options = settings(corpus.project)
    monkeypatch.setattr(checks, "_SECOND_SHARE", share)
    together = checks._run_in_two(corpus, sorted(RULES), pages, options)
    alone = _run_rules(corpus, sorted(RULES), pages, options)
    assert together == alone and "FCT002" in {f.code for f in alone}


def test_outlines_made_by_the_second_process_are_those_made_here(tmp_path, monkeypatch):
    """`_run_in_two`: the child makes the outlines of its translation sets and sends them
    back pickled; this process makes none of them (the child takes every set here), they are
    the outlines this process would make, and the check finds the same with them."""
    from quangba import checks
    from quangba.core import outline as outline_module
    from quangba.core.outline import outline

    root = _project(tmp_path)
    _edit(root / "docs" / "zh" / "heritage" / "tan-trao.md", "新潮遗迹区 2012.", "新潮遗迹区 2013.")
    shared = Corpus.load(load_project(root / "mkdocs.yml"))
    walked = []
    walk = outline_module._walk
    monkeypatch.setattr(outline_module, "_walk", lambda *args: walked.append(1) or walk(*args))
    monkeypatch.setattr(checks, "_SECOND_SHARE", 1.0)
    pages = {shared.project.relpath(p.path): p for p in all_pages(shared)}
    together = checks._run_in_two(shared, sorted(RULES), pages, settings(shared.project))
    assert walked == []  # every outline here came from the child
    monkeypatch.undo()
    alone = Corpus.load(load_project(root / "mkdocs.yml"))
    for found in alone.pages.values():
        for key, page in found.items():
            other = shared.page(page.lang, key)
            assert other._outline is not outline(page) and other._outline == outline(page), key
    assert sorted(together) == run_checks(alone) and "FCT002" in {f.code for f in together}


def test_a_large_check_stores_every_page_from_both_processes(tmp_path, monkeypatch):
    """A large cold check (`_run_in_two` with the page cache): the second process stores the
    cache shards of its translation sets, this process the others; every page is stored with
    its outline, and the check run again from that cache finds the same."""
    from quangba import checks
    from quangba.core.corpus import CACHE_DIR, PageCache
    from quangba.core.outline import outline

    root = _project(tmp_path)
    _edit(root / "docs" / "zh" / "heritage" / "tan-trao.md", "新潮遗迹区 2012.", "新潮遗迹区 2013.")
    monkeypatch.setattr(checks, "PARALLEL_PAGES", 2)  # two processes even for these few pages
    monkeypatch.setattr(checks, "_SECOND_SHARE", 0.5)
    cold = run_checks_cached(load_project(root / "mkdocs.yml"))
    stored = PageCache(root / CACHE_DIR)
    fresh = Corpus.load(load_project(root / "mkdocs.yml"))
    pages = list(all_pages(fresh))
    assert len(stored.entries) == len(pages) and len({PageCache.shard_of(p.key) for p in pages}) > 1
    for page in pages:
        kept = stored.entries[str(page.path)][1]
        assert kept._outline == outline(page), page.key
    (root / CACHE_DIR / incremental.FINDINGS_CACHE).unlink()
    assert run_checks_cached(load_project(root / "mkdocs.yml")) == cold == run_checks(fresh)
    assert "FCT002" in {f.code for f in cold}
