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


def test_our_changing_assets_are_linked_by_version(sample_site):
    """quangba.css, quangba-search.js and Pagefind's script keep their names, so every link to
    them carries what names their content: a new release never runs with an old cached copy."""
    import hashlib
    import re
    from importlib import metadata

    site = sample_site.site
    digest = {name: hashlib.sha256((site / name).read_bytes()).hexdigest()[:12]
              for name in ("assets/stylesheets/quangba.css", "assets/javascripts/quangba-search.js")}
    pages = [site / "index.html", site / "en/heritage/tan-trao/index.html", site / "ja/404.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        links = re.findall(r'(?:href|src)="([^"]*quangba(?:-search)?\.(?:css|js)[^"]*)"', html)
        assert sorted(link.split("assets/", 1)[1] for link in links) == [
            f"javascripts/quangba-search.js?v={digest['assets/javascripts/quangba-search.js']}",
            f"stylesheets/quangba.css?v={digest['assets/stylesheets/quangba.css']}",
        ], page
        assert f'data-qb-pagefind="{metadata.version("pagefind_bin_extended")}"' in html, page
    assert "?v=" in (site / "assets/javascripts/quangba-search.js").read_text(encoding="utf-8")  # Pagefind's import
