"""The install scripts: README command 1 gets what the build needs on a fresh machine,
command 2 what the tests need. The scripts' own logic is run against an empty system root
(what a fresh Debian machine lacks) and against this machine's packages."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from quangba.web.cards import FONT_FILES

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "install-system-deps.sh"


def requirements() -> list[tuple[str, str, str, str]]:
    text = SCRIPT.read_text(encoding="utf-8").split("REQUIREMENTS='", 1)[1].split("'", 1)[0]
    return [tuple(line.split()) for line in text.splitlines() if line.strip()]


def missing(profile: str, root: Path) -> list[str]:
    result = subprocess.run(
        ["bash", str(SCRIPT), "--missing", profile], env={"PATH": "/usr/bin:/bin", "SYSTEM_ROOT": str(root)},
        capture_output=True, text=True, check=True,
    )
    return result.stdout.split()


def commands(script: str) -> list[list[str]]:
    lines = (ROOT / "tools" / script).read_text(encoding="utf-8").splitlines()
    return [shlex.split(line) for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_the_build_profile_names_every_font_the_cards_use():
    build_files = {Path(what).name for profile, kind, what, _ in requirements() if profile == "build" and kind == "file"}
    assert set(FONT_FILES.values()) <= build_files


def test_a_fresh_machine_gets_the_fonts_for_the_build_and_more_for_the_tests(tmp_path):
    assert missing("build", tmp_path) == ["fonts-noto-core", "fonts-noto-cjk"]
    assert {"fonts-noto-core", "fonts-noto-cjk", "chromium", "nginx", "poppler-utils", "libreoffice-writer-nogui"} <= set(missing("test", tmp_path))


def test_a_package_whose_files_are_there_is_not_installed_again(tmp_path):
    for profile, kind, what, package in requirements():
        if package == "fonts-noto-core":
            (tmp_path / what.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / what.lstrip("/")).write_bytes(b"")
    assert missing("build", tmp_path) == ["fonts-noto-cjk"]


def test_an_unknown_profile_is_a_usage_error():
    result = subprocess.run(["bash", str(SCRIPT), "--missing", "everything"], capture_output=True, text=True)
    assert result.returncode == 2 and "unknown profile" in result.stderr


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="needs Debian's dpkg")
def test_every_file_the_script_looks_for_belongs_to_the_package_it_installs():
    """The table is true of Debian: after the install, each path is owned by its package."""
    for _, kind, what, package in requirements():
        if kind == "file":
            owner = subprocess.run(["dpkg", "-S", what], capture_output=True, text=True, check=True).stdout
            assert owner.split(":", 1)[0] == package, (what, owner)


def test_command_one_installs_the_build_profile_before_building_and_command_two_the_test_profile():
    build = commands("build.sh")
    install_at = build.index(["tools/install-system-deps.sh", "build"])
    assert install_at < build.index([".venv/bin/quangba", "build"])
    assert ["tools/install-system-deps.sh", "test"] in commands("test.sh")
