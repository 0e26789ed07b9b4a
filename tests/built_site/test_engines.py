"""The engine under quangba: ProperDocs (the maintained fork of MkDocs 1.6) builds the same
site as MkDocs page for page, and a build in which quangba's or the i18n plugin did not run
is refused instead of "succeeding" with a site that has no quangba and no languages."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from projects import run_quangba

from quangba.core.errors import QuangbaError
from quangba.ops.engine import engine

# Pagefind writes a fresh build id into its entry file on every run.
PER_RUN = {"pagefind/pagefind-entry.json"}
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _pages(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(GENERATOR.sub(b"", path.read_bytes())).hexdigest()
        for path in sorted(site.rglob("*")) if path.is_file()
    }


def test_properdocs_builds_the_same_site_as_mkdocs_page_for_page(sample_site, tmp_path):
    out = tmp_path / "properdocs-site"
    result = run_quangba(sample_site.root, "build", "--engine", "properdocs", "-d", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    generator = re.search(rb'<meta name="generator" content="([^"]*)">', (out / "en" / "index.html").read_bytes())
    assert generator and b"ProperDocs" in generator.group(1)  # it really was the other engine
    mkdocs_pages, properdocs_pages = _pages(sample_site.site), _pages(out)
    assert sorted(properdocs_pages) == sorted(mkdocs_pages)
    assert [name for name in mkdocs_pages if mkdocs_pages[name] != properdocs_pages[name] and name not in PER_RUN] == []
    assert sum(1 for name in mkdocs_pages if name.endswith(".html")) >= 100


def _without(project: Path, plugin: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if plugin == "quangba":
        text = re.sub(r"  - quangba:\n(    .*\n|\s*#.*\n)*", "", text)
    else:
        text = text.split("  - i18n:")[0]
    config.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("plugin, says", [
    ("quangba", "the quangba plugin is not in `plugins:`"),
    ("i18n", "the i18n plugin"),
])
def test_a_config_that_lost_a_plugin_does_not_build(mini_project, plugin, says):
    _without(mini_project, plugin)
    result = run_quangba(mini_project, "build", "--jobs", "1")
    assert result.returncode != 0
    assert says in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not (mini_project / "site").exists()


def test_a_build_whose_plugins_never_ran_is_refused(mini_project):
    """What an engine that ignores plugins leaves: a loaded config whose plugins saw no build.
    Checked in a fresh process, so that this one keeps its own MkDocs."""
    code = (
        "import sys\n"
        "from quangba.ops.engine import engine, plugins_ran\n"
        "from quangba.core.errors import QuangbaError\n"
        "config = engine().load_config('mkdocs.yml')\n"
        "try:\n"
        "    plugins_ran(config, ['vi', 'en'], 'mkdocs.yml')\n"
        "except QuangbaError as exc:\n"
        "    print(exc); sys.exit(1)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=mini_project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "quangba's plugin did not run for vi, en" in result.stdout


def test_an_engine_chosen_after_mkdocs_was_loaded_is_refused(monkeypatch):
    import mkdocs  # noqa: F401 - this test process has MkDocs loaded

    if sys.modules["mkdocs"].__name__ == "properdocs":
        pytest.skip("this run uses ProperDocs from the start")
    with pytest.raises(QuangbaError, match="must be chosen before MkDocs is loaded"):
        engine("properdocs")
    with pytest.raises(QuangbaError, match="unknown engine 'zensical'"):
        engine("zensical")
