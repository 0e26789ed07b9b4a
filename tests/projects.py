"""Test projects: copied to a temporary folder and built with the real command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The site tests run on the repository's sample content; point them at another project with
# QUANGBA_TEST_PROJECT=/path/to/project to check that project's build the same way.
PROJECT = Path(os.environ.get("QUANGBA_TEST_PROJECT", ROOT))
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


SAMPLE_FILES = ("mkdocs.yml", "glossary.yml", "docs", "overrides")


def copy_sample(dest: Path) -> Path:
    """A writable copy of the repository's sample project (or $QUANGBA_TEST_PROJECT's)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_FILES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.exists():
            shutil.copy2(source, dest / name)
    return dest


def build(project: Path) -> Built:
    result = run_quangba(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return Built(project, project / "site", result)


# Debian's chromium, driven by Playwright (no browser download works here).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
]
