"""The parallel build (one process per group of languages, outputs merged) writes exactly
the site the sequential build writes, page by page."""

from __future__ import annotations

import hashlib
from pathlib import Path

from quangba.ops.build import _groups, build_site
from quangba.core.project import load_project

# Pagefind (run once, after the merge) writes a fresh build id into its entry file.
# Everything else must be byte-identical.
PER_PROCESS = {"pagefind/pagefind-entry.json"}


def _files(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*")) if path.is_file()
    }


def test_parallel_build_equals_sequential(sample_site, tmp_path):
    project = load_project(sample_site.root / "mkdocs.yml")
    sequential = build_site(project, tmp_path / "seq", jobs=1)
    parallel = build_site(project, tmp_path / "par", jobs=2)
    assert parallel.pages == sequential.pages
    seq, par = _files(tmp_path / "seq"), _files(tmp_path / "par")
    assert sorted(seq) == sorted(par)
    different = sorted(name for name in seq if seq[name] != par[name] and name not in PER_PROCESS)
    assert different == []
    assert sum(1 for name in seq if name.endswith(".html")) >= 100


def test_a_build_from_the_render_cache_equals_one_that_converts_everything(sample_site, tmp_path):
    """The sample project was built already: this build takes its pages' HTML from
    `.quangba-cache/render/`; the one with `cache=False` converts every page and template."""
    project = load_project(sample_site.root / "mkdocs.yml")
    build_site(project, tmp_path / "kept", jobs=2)
    build_site(project, tmp_path / "fresh", jobs=2, cache=False)
    kept, fresh = _files(tmp_path / "kept"), _files(tmp_path / "fresh")
    assert sorted(kept) == sorted(fresh)
    assert sorted(name for name in kept if kept[name] != fresh[name] and name not in PER_PROCESS) == []


def test_language_groups_cover_every_language_once(sample_site):
    project = load_project(sample_site.root / "mkdocs.yml")
    for jobs in (1, 2, 3, 4, 8):
        groups = _groups(project, jobs)
        assert sorted(lang for group in groups for lang in group) == sorted(project.translation_languages)
        assert all(groups)


def test_a_process_that_does_not_keep_the_source_renders_none_of_its_pages(tmp_path):
    """The parallel build's other processes build their own languages only (static-i18n is
    started at the first of them): the source language's pages, and the site-wide pages its
    build writes (the dashboard), are the first process's."""
    import shutil

    from quangba.ops.build import _run_mkdocs

    root = tmp_path / "tiny"
    shutil.copytree(Path(__file__).parents[1] / "fixtures" / "tiny", root)
    project = load_project(root / "mkdocs.yml")
    _run_mkdocs(project, tmp_path / "part", ["en"], write_source=False)
    pages = sorted(p.relative_to(tmp_path / "part").as_posix() for p in (tmp_path / "part").rglob("index.html"))
    assert "en/index.html" in pages
    assert [p for p in pages if not p.startswith("en/")] == []
    _run_mkdocs(project, tmp_path / "first", ["en"])
    assert (tmp_path / "first" / "index.html").is_file()
