"""Bad input stops the build with file and line, and the published site stays as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from projects import build, run_quangba


def _tree_digest(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(site).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _break(project: Path, key: str, old: str, new: str) -> None:
    path = project / "docs" / key
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = {
    "broken-yaml": ("vi/heritage/tan-trao.md", "title: Khu di tích Tân Trào", "title: [Khu di tích", "docs/vi/heritage/tan-trao.md:3:", "SYN001"),
    "missing-image": ("vi/heritage/tan-trao.md", "src: assets/images/tan-trao.png", "src: assets/images/khong-co.png", "docs/vi/heritage/tan-trao.md:12:", "MED001"),
    "missing-page": ("en/index.md", "(heritage/index.md)", "(heritage/khong-co.md)", "docs/en/index.md:6:", "LNK001"),
    "outside-docs": ("zh/index.md", "(heritage/index.md)", "(../../../secret.md)", "docs/zh/index.md:6:", "LNK003"),
    "script": ("ko/index.md", "한 단락.", "<script>alert(1)</script>", "docs/ko/index.md:10:", "SEC001"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_stops_the_build_and_keeps_the_site(mini_project, case):
    built = build(mini_project)
    before = _tree_digest(built.site)
    key, old, new, where, code = CASES[case]
    _break(mini_project, key, old, new)
    result = run_quangba(mini_project, "build")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{where}1: {code} " in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert _tree_digest(built.site) == before
    assert not list(mini_project.glob(".site-*")), "staging folder left behind"


def test_non_utf8_file_is_a_finding(mini_project):
    (mini_project / "docs/vi/heritage/tan-trao.md").write_bytes("---\ntitle: Tân Trào\n---\nTân".encode("cp1258"))
    result = run_quangba(mini_project, "check")
    assert result.returncode == 1
    assert "docs/vi/heritage/tan-trao.md:2:1: SYN005" in result.stdout


def test_a_failing_mkdocs_build_keeps_the_site(mini_project):
    built = build(mini_project)
    before = _tree_digest(built.site)
    config = mini_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("name: material", "name: no-such-theme"), encoding="utf-8")
    result = run_quangba(mini_project, "build")
    assert result.returncode == 1
    assert "mkdocs.yml" in result.stderr and "Traceback" not in result.stderr
    assert _tree_digest(built.site) == before
