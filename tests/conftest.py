"""Shared fixtures: projects copied to a temporary folder and built with the real command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Built:
    root: Path  # the project
    site: Path  # its built site
    result: subprocess.CompletedProcess


def run_quangba(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the real CLI in `project`, as an editor would."""
    return subprocess.run(
        [sys.executable, "-m", "quangba", *args],
        cwd=project, capture_output=True, text=True, timeout=600,
    )


def copy_project(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("site", ".venv", ".git", "__pycache__", ".pytest_cache"))
    return dest


def build(project: Path) -> Built:
    result = run_quangba(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return Built(project, project / "site", result)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Built:
    """The real sample content, built by `quangba build`."""
    dest = tmp_path_factory.mktemp("sample") / "project"
    dest.mkdir()
    for name in ("mkdocs.yml", "docs", "overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        else:
            shutil.copy2(source, dest / name)
    return build(dest)


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Built:
    """The mini fixture: `heritage/tan-trao.md` is left untranslated in English."""
    return build(copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("mini") / "project"))


@pytest.fixture
def mini_project(tmp_path) -> Path:
    """A fresh, writable copy of the mini fixture."""
    return copy_project(FIXTURES / "mini", tmp_path / "project")
