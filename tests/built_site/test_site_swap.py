"""The site is never missing: `quangba build` killed (SIGKILL, a real process) at the worst
moments of the swap leaves a complete `site/`, old or new, and the next build removes what
the killed ones left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from projects import FIXTURES, build, copy_project

from quangba.ops.build import PAUSE_ENV, remove_leftovers


def _build_killed_at(project: Path, point: str) -> None:
    """Start the real build, wait until it stands at `point`, and kill it there."""
    process = subprocess.Popen(
        [sys.executable, "-m", "quangba", "build"], cwd=project, stderr=subprocess.PIPE, text=True,
        stdout=subprocess.DEVNULL, env={**os.environ, PAUSE_ENV: point},
    )
    try:
        seen = []
        for line in process.stderr:
            seen.append(line)
            if f"paused at {point}" in line:
                break
        else:
            raise AssertionError(f"the build never reached {point}: {''.join(seen)}")
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL


def _home(site: Path) -> str:
    return (site / "en/index.html").read_text(encoding="utf-8")


def _complete(site: Path) -> None:
    for name in ("index.html", "en/index.html", "404.html", "en/404.html", "sitemap.xml", "robots.txt"):
        assert (site / name).is_file(), name


def _say(project: Path, words: str) -> None:
    """Change the translation's text (the source's would make the translation stale)."""
    page = project / "docs/en/index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text[: text.rindex("---\n") + 4] + words + "\n", encoding="utf-8")


def test_a_build_killed_at_the_swap_leaves_a_complete_site_and_the_next_cleans_up(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "tiny")
    site = build(project).site
    assert "Hello." in _home(site)

    # Killed after the exchange, before the old site is removed: the new site is in place.
    _say(project, "Hello again.")
    _build_killed_at(project, "swapped")
    _complete(site)
    assert "Hello again." in _home(site)
    first = [p.name for p in project.glob(".site-*")]
    assert len(first) == 1 and first[0].startswith(".site-staging-"), first  # the old site, now garbage

    # Killed with the new site staged, just before the swap: the published site is untouched.
    _say(project, "Hello a third time.")
    _build_killed_at(project, "swap")
    _complete(site)
    assert "Hello again." in _home(site)
    second = [p.name for p in project.glob(".site-*")]
    assert len(second) == 1 and second != first and second[0].startswith(".site-staging-"), second

    build(project)
    assert "Hello a third time." in _home(site)
    assert not list(project.glob(".site-*"))


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_site_lost_between_the_two_renames_of_the_fallback_is_put_back(tmp_path):
    """Where the kernel cannot exchange two folders the swap is two renames; a build killed
    between them left the site under `.site-old-<pid>`: the next build puts it back first."""
    pid = _dead_pid()
    old = tmp_path / f".site-old-{pid}"
    old.mkdir()
    (old / "index.html").write_text("old site", encoding="utf-8")
    staging = tmp_path / f".site-staging-{pid}"
    staging.mkdir()
    alive = tmp_path / f".site-staging-{os.getppid()}"  # a build still running: not ours to remove
    alive.mkdir()
    removed = remove_leftovers(tmp_path / "site")
    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == "old site"
    assert removed == [staging] and not staging.exists() and not old.exists() and alive.is_dir()
