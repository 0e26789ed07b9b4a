"""Shared fixtures: projects copied to a temporary folder and built with the real command."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

if os.environ.get("QUANGBA_ENGINE") == "properdocs":
    # The whole suite on the second engine (README, "If Material stops"): ProperDocs must
    # answer `import mkdocs` before anything in this process loads MkDocs.
    import properdocs.replacement  # noqa: F401
from projects import FIXTURES, PROJECT, Built, build, copy_project, copy_sample


@pytest.fixture(scope="session", autouse=True)
def shared_visual_cache(tmp_path_factory):
    """Image variants and social cards are content-addressed: every test project shares one
    cache, as a CI machine would, instead of encoding the same pictures again."""
    import os

    os.environ["QUANGBA_SHARED_CACHE"] = str(tmp_path_factory.mktemp("shared-cache"))
    yield


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Built:
    """The real sample content, built by `quangba build`."""
    dest = tmp_path_factory.mktemp("sample") / "project"
    copy_sample(dest)
    return build(dest)


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Built:
    """The mini fixture: `heritage/tan-trao.md` is left untranslated in English."""
    return build(copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("mini") / "project"))


@pytest.fixture
def mini_project(tmp_path) -> Path:
    """A fresh, writable copy of the mini fixture."""
    return copy_project(FIXTURES / "mini", tmp_path / "project")


@pytest.fixture(scope="session")
def browser():
    """One Playwright and one chromium for the whole session (Playwright's sync API allows
    only one at a time)."""
    from playwright.sync_api import sync_playwright

    from projects import ARGS, CHROMIUM

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield instance
        instance.close()
