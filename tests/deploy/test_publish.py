"""`quangba publish` and `quangba rollback`, run as the web administrator runs them."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from projects import FIXTURES, copy_project, run_quangba

from quangba.core.errors import QuangbaError
from quangba.ops.publish import content_security_policy, site_inline_hashes, untrusted_inline_scripts, verify_site

NAME = re.compile(r"^\d{8}T\d{6}Z$")


def publish(project: Path, www: Path, *more: str):
    return run_quangba(project, "publish", "--to", str(www), *more)


def releases(www: Path) -> list[str]:
    return sorted(p.name for p in (www / "releases").iterdir())


def current(www: Path) -> str:
    target = os.readlink(www / "current")
    assert target.startswith("releases/"), target  # relative: the folder can move
    return target.removeprefix("releases/")


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def first_release(tmp_path_factory) -> Path:
    """The mini project published once into a fresh DIR (tests get copies of that DIR)."""
    project = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("mini") / "project")
    www = project.parent / "www"
    result = publish(project, www)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"published {www / 'releases' / current(www)}" in result.stdout
    return www


@pytest.fixture
def www(first_release, tmp_path) -> Path:
    """A copy of the DIR after one publish (`current` is a relative link: it still holds)."""
    return Path(shutil.copytree(first_release, tmp_path / "www", symlinks=True))


def test_first_publish_makes_a_release_and_current(first_release):
    www = first_release
    one = current(www)
    assert NAME.match(one) and releases(www) == [one]  # no staging folder is left behind
    assert (www / "current" / "index.html").is_file()
    assert (www / "current" / "en" / "404.html").is_file()
    policy = (www / "nginx-csp.conf").read_text(encoding="utf-8")
    assert re.search(r"""^set \$quangba_csp "default-src 'self'; script-src 'self' .*'sha256-""", policy, re.M)


def test_publish_switch_keep_and_rollback(mini_project, www):
    one = current(www)
    # two earlier releases (as left by publishes of last week), to have something to prune
    older = ["20250101T080000Z", "20250102T080000Z"]
    for name in older:
        shutil.copytree(www / "releases" / one, www / "releases" / name, symlinks=True)

    second = publish(mini_project, www, "--keep", "2")
    assert second.returncode == 0, second.stderr
    two = current(www)
    assert two > one
    assert releases(www) == [one, two]  # the two oldest went; no staging folder is left behind

    back = run_quangba(mini_project, "rollback", "--to", str(www))
    assert back.returncode == 0, back.stderr
    assert current(www) == one
    assert str(www / "releases" / one) in back.stdout

    again = run_quangba(mini_project, "rollback", "--to", str(www))
    assert again.returncode != 0
    assert f"no release older than {one}" in again.stderr
    assert current(www) == one


def test_a_failed_publish_leaves_the_published_site_alone(mini_project, www):
    live, before = current(www), digest(www / "current")

    # 1. the content check fails: broken front matter
    page = mini_project / "docs" / "vi" / "heritage" / "tan-trao.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good.replace("title: Khu di tích Tân Trào", "title: [Tân Trào"), encoding="utf-8")
    failed = publish(mini_project, www)

    assert failed.returncode == 1  # a content error, as in `quangba check`
    assert "docs/vi/heritage/tan-trao.md" in failed.stderr and "SYN001" in failed.stderr, failed.stderr
    assert f"still points at releases/{live}" in failed.stderr
    assert current(www) == live and digest(www / "current") == before
    assert releases(www) == [live]

    # 2. the build succeeds, the verification fails: a raw HTML link the content check does
    #    not follow, so only the built site shows it
    page.write_text(good, encoding="utf-8")
    home = mini_project / "docs" / "vi" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + '\n<a href="/khong-co/">?</a>\n', encoding="utf-8")
    assert run_quangba(mini_project, "stamp", "--all").returncode == 0  # translations stay current
    failed = publish(mini_project, www)

    assert failed.returncode != 0
    assert "index.html: broken link `/khong-co/`: khong-co/index.html is not in the site" in failed.stderr, failed.stderr
    assert f"still points at releases/{live}" in failed.stderr
    assert current(www) == live and digest(www / "current") == before
    assert releases(www) == [live]  # the staging folder is gone


def test_verify_site_names_each_broken_file(first_release, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(first_release / "current", site)
    assert verify_site(site) == []

    stylesheet = next(site.glob("assets/stylesheets/main.*.min.css"))
    stylesheet.unlink()
    picture = next(site.glob("assets/images/v/tan-trao-*.jpg"))  # the page's responsive image
    picture.unlink()
    (site / "en" / "feed.xml").write_text("<rss><channel></rss>", encoding="utf-8")
    (site / "feed.json").write_text('{"items": [', encoding="utf-8")
    (site / "ko" / "404.html").write_bytes(b"")

    problems = verify_site(site)

    css = stylesheet.relative_to(site).as_posix()
    assert f"index.html: broken stylesheet `{css}`: {css} is not in the site" in problems
    assert f"en/index.html: broken stylesheet `../{css}`: {css} is not in the site" in problems
    assert "404.html: broken stylesheet `/" + css + f"`: {css} is not in the site" in problems
    assert any(p.startswith("heritage/tan-trao/index.html: broken image `")
               and p.endswith(f"{picture.relative_to(site).as_posix()} is not in the site") for p in problems), problems
    assert any(p.startswith("en/feed.xml: not well-formed XML: ") for p in problems), problems
    assert any(p.startswith("feed.json:1:12: not valid JSON: ") for p in problems), problems
    assert any(p.startswith("ko/404.html: not parseable HTML: ") for p in problems), problems


def test_the_policy_allows_the_inline_scripts_of_the_theme_and_no_other(first_release, tmp_path):
    site = first_release / "current"
    policy = dict(part.split(" ", 1) for part in content_security_policy(site).split("; "))
    # every inline script of the pages is one the theme's templates wrote, and is allowed …
    assert untrusted_inline_scripts(site) == {}
    assert set(site_inline_hashes(site)["script"]) <= set(policy["script-src"].split())
    # … and a script added to a page afterwards is not, nor can a page bring its own list
    copy = Path(shutil.copytree(site, tmp_path / "site", symlinks=True))
    page = copy / "heritage" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<script>alert(1)</script></body>"), encoding="utf-8")
    assert list(untrusted_inline_scripts(copy).values()) == ["heritage/index.html"]
    assert content_security_policy(copy) == content_security_policy(site)
    for path in [copy / ".csp-scripts.json", *copy.glob("*/.csp-scripts.json")]:
        path.unlink()
    with pytest.raises(QuangbaError, match="no .csp-scripts.json"):
        content_security_policy(copy)
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    depths = {m for p in site.rglob("*.html")
              for m in re.findall(r'__md_scope=new URL\("([^"]*)"', p.read_text(encoding="utf-8"))}
    # one hash per distinct `__md_scope` (one per folder depth) plus Material's other snippets
    assert len(depths) >= 3
    assert policy["script-src"].count("'sha256-") >= len(depths) + 1
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'self'"


def test_administrator_errors_are_clear(mini_project, tmp_path):
    www = tmp_path / "www"
    nothing = run_quangba(mini_project, "rollback", "--to", str(www))
    assert nothing.returncode != 0 and "nothing was published" in nothing.stderr

    (www / "releases").mkdir(parents=True)
    (www / "current").mkdir()  # a folder left by copying the site by hand
    refused = publish(mini_project, www)
    assert refused.returncode != 0
    assert f"{www / 'current'} is not a symbolic link" in refused.stderr
    assert (www / "current").is_dir() and releases(www) == []

    keep = publish(mini_project, www, "--keep", "0")
    assert keep.returncode != 0 and "keep at least 1" in keep.stderr
