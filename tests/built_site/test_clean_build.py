"""Builds are clean: no warnings from quangba or `mkdocs build --strict`, no theme banner."""

from __future__ import annotations

import os
import subprocess
import sys


def test_quangba_build_output_is_clean(sample_site):
    output = sample_site.result.stdout + sample_site.result.stderr
    assert "end of life" not in output.lower()
    assert "warning" not in output.lower(), output
    assert output.strip().startswith("Built site/"), output
    assert "vi 19" in output or "vi 2" in output


def test_mkdocs_build_strict_passes_without_warnings(sample_site, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
        cwd=sample_site.root, capture_output=True, text=True, timeout=600, env=env,
    )
    assert result.returncode == 0, result.stderr
    lines = [l for l in result.stderr.splitlines() if l.startswith("WARNING")]
    assert lines == []


def test_sample_content_checks_clean(sample_site):
    from projects import run_quangba

    result = run_quangba(sample_site.root, "check")
    assert result.returncode == 0, result.stdout
