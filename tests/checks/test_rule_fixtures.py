"""Every rule fires on its `fire` fixture, exactly where `expected.txt` says, and stays
silent on its `clean` fixture.

A fixture is `tests/fixtures/rules/<CODE>/{fire,clean}/`: a `docs/` tree (and optionally a
`glossary.yml` or its own `mkdocs.yml`). `fire/expected.txt` lists one finding a line, as
the start of its text output: `docs/en/page.md:5:1: FCT001`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quangba.checks import RULES, _load_families, run_checks
from quangba.core.corpus import Corpus
from quangba.core.project import load_project

RULE_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
_load_families()


def _project(source: Path, dest: Path) -> Corpus:
    shutil.copytree(source, dest, symlinks=True)  # a link is part of what a rule sees
    if not (dest / "mkdocs.yml").exists():
        shutil.copy2(RULE_FIXTURES / "mkdocs.yml", dest / "mkdocs.yml")
    for lang in ("vi", "en", "zh", "ko", "ja"):
        (dest / "docs" / lang).mkdir(parents=True, exist_ok=True)
    return Corpus.load(load_project(dest / "mkdocs.yml"))


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_fixtures(code):
    assert (RULE_FIXTURES / code / "fire" / "expected.txt").is_file(), code
    assert (RULE_FIXTURES / code / "clean" / "docs").is_dir(), code


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_fires_where_expected(code, tmp_path):
    fixture = RULE_FIXTURES / code / "fire"
    if not fixture.is_dir():
        pytest.fail(f"no fixture for {code}")
    corpus = _project(fixture, tmp_path / "p")
    expected = [l.strip() for l in (fixture / "expected.txt").read_text(encoding="utf-8").splitlines() if l.strip()]
    found = [f.as_text() for f in run_checks(corpus, select=[code])]
    assert len(found) == len(expected), "\n".join(found)
    for prefix in expected:
        assert any(text.startswith(prefix + " ") for text in found), (prefix, found)


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_is_silent_on_clean_fixture(code, tmp_path):
    fixture = RULE_FIXTURES / code / "clean"
    if not fixture.is_dir():
        pytest.fail(f"no fixture for {code}")
    corpus = _project(fixture, tmp_path / "p")
    assert [f.as_text() for f in run_checks(corpus, select=[code])] == []
