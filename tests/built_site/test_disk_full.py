"""A full disk during `quangba build` is a clear message (what, where, how much is free) and
leaves the published site as it was. The disk is real: a small tmpfs in a private mount
namespace (`unshare`), so no file system is imitated."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

import pytest
from projects import FIXTURES

# Runs inside the namespace: mount a tmpfs that holds the project, one built site and a bit,
# build once (fits), change a page, build again (the staged second site does not fit).
DRIVER = textwrap.dedent(r'''
    import hashlib, json, os, shutil, subprocess, sys
    from pathlib import Path
    fixture, disk, size = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    disk.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)], check=True)
    project = disk / "project"
    shutil.copytree(fixture, project)
    def build():
        return subprocess.run([sys.executable, "-m", "quangba", "build", "-j", "1"], cwd=project,
                              capture_output=True, text=True, env={**os.environ, "LANG": "C.UTF-8"})
    def digest():
        h = hashlib.sha256()
        for path in sorted((project / "site").rglob("*")):
            if path.is_file():
                h.update(path.relative_to(project).as_posix().encode() + path.read_bytes())
        return h.hexdigest()
    first = build()
    before = digest() if first.returncode == 0 else None
    page = project / "docs/en/index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Hello.", "Hello again."), encoding="utf-8")
    second = build()
    print(json.dumps({
        "first": first.returncode, "first_err": first.stderr, "rc": second.returncode,
        "stderr": second.stderr, "unchanged": before is not None and digest() == before,
        "leftovers": sorted(p.name for p in project.iterdir() if p.name.startswith(".site-")),
    }))
''')


def test_a_full_disk_is_a_clear_message_and_keeps_the_site(tmp_path):
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-rm", "true"], capture_output=True).returncode != 0:
        pytest.skip("no private mount namespace here (unshare -rm) to hold a small real disk")
    # The tiny site is about 3.4 MB: 5 MB hold it and the project, not a second copy.
    result = subprocess.run(
        [unshare, "-rm", sys.executable, "-c", DRIVER, str(FIXTURES / "tiny"), str(tmp_path / "disk"), "5m"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["first"] == 0, outcome["first_err"]
    assert outcome["rc"] == 1, outcome["stderr"]
    assert "the disk is full: could not write" in outcome["stderr"]
    assert "could not write .site-staging-" in outcome["stderr"], outcome["stderr"]  # where
    assert "MB free in " in outcome["stderr"] and "/disk/project." in outcome["stderr"]  # how much, on which disk
    assert "The published site was not changed" in outcome["stderr"]
    assert "Traceback" not in outcome["stderr"] and "internal error" not in outcome["stderr"]
    assert outcome["unchanged"], "the published site changed"
    assert outcome["leftovers"] == [], outcome["leftovers"]
