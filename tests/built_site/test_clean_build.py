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
    """Every script, style sheet, icon and logo a page links is either fingerprinted in its
    name (Material's `bundle.<hash>.min.js`) or linked with `?v=` and the hash of the file
    served: our quangba.css, quangba-search.js, quangba-language.js and the project's logo and
    favicon keep their names, so a new release never runs with an old cached copy."""
    import hashlib
    import re
    from importlib import metadata
    from urllib.parse import urljoin, urlsplit

    from sitehtml import parse

    site = sample_site.site
    fingerprinted = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)$")
    seen: set[str] = set()
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        doc = parse(page)
        base = "/" + page.relative_to(site).as_posix()
        links = doc.xpath("//script/@src | //link[contains(' stylesheet icon preload modulepreload ', concat(' ', @rel, ' '))]/@href"
                          " | //*[contains(@class,'md-logo')]//img/@src")
        for link in links:
            address = urlsplit(urljoin(base, link))
            if address.scheme or address.netloc:
                continue  # another host: the CSP test refuses those
            served = site / address.path.lstrip("/")
            assert served.is_file(), (page, link)
            if fingerprinted.search(address.path):
                continue
            digest = hashlib.sha256(served.read_bytes()).hexdigest()[:12]
            assert address.query == f"v={digest}", f"{page.relative_to(site)}: {link} is not linked by version"
            seen.add(address.path)
    assert {"/assets/stylesheets/quangba.css", "/assets/javascripts/quangba-search.js",
            "/assets/javascripts/quangba-language.js", "/assets/logo.svg", "/assets/favicon.png"} <= seen, seen
    for page in (site / "index.html", site / "en/heritage/tan-trao/index.html", site / "ja/404.html"):
        assert f'data-qb-pagefind="{metadata.version("pagefind_bin_extended")}"' in page.read_text(encoding="utf-8"), page
    assert "?v=" in (site / "assets/javascripts/quangba-search.js").read_text(encoding="utf-8")  # Pagefind's import
