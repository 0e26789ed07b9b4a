"""`quangba check`, `explain`, `diff`, `stamp`, `status` as an editor runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata

import pytest
from projects import run_quangba

from quangba.checks import RULES, _load_families

FINDING_KEYS = {"path", "line", "column", "lang", "source", "code", "family", "severity", "message"}


def _break_link(project):
    path = project / "docs/en/index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("(heritage/index.md)", "(heritage/khong-co.md)"), encoding="utf-8")
    return path


def test_clean_project_exits_0(mini_project):
    result = run_quangba(mini_project, "check")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("0 error(s), 0 warning(s)")


def test_errors_exit_1_with_path_line_column_code(mini_project):
    _break_link(mini_project)
    result = run_quangba(mini_project, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("docs/en/index.md:6:1: LNK001 link `heritage/khong-co.md` leads to no page")


def test_usage_errors_exit_2(mini_project, tmp_path):
    assert run_quangba(mini_project, "check", "--format", "xml").returncode == 2
    result = run_quangba(tmp_path, "check")
    assert result.returncode == 2 and "mkdocs.yml" in result.stderr and "Traceback" not in result.stderr


def test_json_format_is_stable(mini_project):
    _break_link(mini_project)
    data = json.loads(run_quangba(mini_project, "check", "--select", "LNK", "--format", "json").stdout)
    assert data["version"] == 1
    assert data["summary"]["errors"] == 1 and data["summary"]["warnings"] == 0
    (item,) = data["findings"]
    assert set(item) == FINDING_KEYS
    assert item == {
        "path": "docs/en/index.md", "line": 6, "column": 1, "lang": "en", "source": "docs/vi/index.md",
        "code": "LNK001", "family": "links", "severity": "error", "message": item["message"],
    }


def test_sarif_format(mini_project):
    _break_link(mini_project)
    data = json.loads(run_quangba(mini_project, "check", "--select", "LNK", "--format", "sarif").stdout)
    assert data["version"] == "2.1.0"
    run = data["runs"][0]
    assert run["tool"]["driver"]["name"] == "quangba"
    rules = {r["id"] for r in run["tool"]["driver"]["rules"]}
    (result,) = run["results"]
    assert result["ruleId"] == "LNK001" and "LNK001" in rules
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "LNK001"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (6, 1)
    assert result["level"] == "error"


def test_github_annotations(mini_project):
    _break_link(mini_project)
    out = run_quangba(mini_project, "check", "--select", "LNK", "--format", "github").stdout.strip()
    assert out.startswith("::error file=docs/en/index.md,line=6,col=1,title=LNK001::link ")


def test_select_ignore_and_paths(mini_project):
    _break_link(mini_project)
    assert run_quangba(mini_project, "check", "--select", "SYN").returncode == 0
    assert run_quangba(mini_project, "check", "--ignore", "LNK001,STR007").returncode == 0
    assert run_quangba(mini_project, "check", "docs/zh").returncode == 0
    assert run_quangba(mini_project, "check", "docs/en/index.md").returncode == 1


def test_inline_suppression(mini_project):
    path = _break_link(mini_project)
    text = path.read_text(encoding="utf-8").replace("Welcome to", "<!-- quangba: ignore LNK001 -->\nWelcome to")
    path.write_text(text, encoding="utf-8")
    assert run_quangba(mini_project, "check", "--select", "LNK").returncode == 0
    # another code is not suppressed by it
    path.write_text(text.replace("ignore LNK001", "ignore MED001"), encoding="utf-8")
    assert run_quangba(mini_project, "check", "--select", "LNK").returncode == 1


def test_block_suppression(mini_project):
    path = _break_link(mini_project)
    text = path.read_text(encoding="utf-8").replace("Welcome to", "<!-- quangba: ignore-start LNK -->\n\nWelcome to").replace("## History", "<!-- quangba: ignore-end -->\n\n## History", 1)
    path.write_text(text, encoding="utf-8")
    assert run_quangba(mini_project, "check", "--select", "LNK").returncode == 0


def test_config_ignore_and_severity(mini_project):
    _break_link(mini_project)
    config = mini_project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("  - quangba:\n", "  - quangba:\n      severity:\n        LNK001: warning\n        STR007: warning\n"), encoding="utf-8")
    result = run_quangba(mini_project, "check")
    assert result.returncode == 0 and "0 error(s), 3 warning(s)" in result.stdout
    config.write_text(original.replace("  - quangba:\n", "  - quangba:\n      ignore: [LNK001, STR]\n"), encoding="utf-8")
    assert run_quangba(mini_project, "check").stdout.strip().endswith("0 error(s), 0 warning(s)")


def test_explain_every_rule():
    """`quangba explain CODE` for every rule, in one process (the command's own main, as the
    console script calls it), then the real command line for one code and an unknown one."""
    _load_families()
    loop = (
        "import sys\n"
        "from quangba.cli import main\n"
        "for code in sys.argv[1:]:\n"
        "    status = main(['explain', code.lower()])\n"
        "    print(f'@@@ {code} {status}', flush=True)\n"
    )
    codes = list(RULES)
    result = subprocess.run([sys.executable, "-c", loop, *codes], capture_output=True, text=True,
                            env={**os.environ, "LC_ALL": "C.UTF-8", "LANGUAGE": ""})
    assert result.returncode == 0, result.stderr
    pieces = re.split(r"^@@@ (\S+) (\d+)$", result.stdout, flags=re.M)
    outputs, names, statuses = pieces[0:-1:3], pieces[1::3], pieces[2::3]
    assert names == codes and set(statuses) == {"0"}
    for code, text in zip(codes, outputs):
        assert text.strip().startswith(code), code
        for part in ("What it catches", "Why it matters", "Example", "Instead"):
            assert part in text, (code, part)
    one = subprocess.run([sys.executable, "-m", "quangba", "explain", "med001"], capture_output=True, text=True)
    assert one.returncode == 0 and one.stdout.startswith("MED001"), one.stderr
    unknown = subprocess.run([sys.executable, "-m", "quangba", "explain", "XYZ999"], capture_output=True, text=True)
    assert unknown.returncode == 2


def test_fix_applies_only_safe_fixes_and_says_so(mini_project):
    path = mini_project / "docs/vi/index.md"
    original = path.read_text(encoding="utf-8")
    broken = "\ufeff" + unicodedata.normalize("NFD", original.replace("Đoạn văn.", "Đoạn\u200b văn."))
    path.write_text(broken, encoding="utf-8")
    assert run_quangba(mini_project, "check", "--select", "TXT").returncode == 1
    result = run_quangba(mini_project, "check", "--fix", "--select", "TXT")
    assert result.returncode == 0, result.stdout
    assert "docs/vi/index.md: fixed: removed the byte-order mark (BOM); removed 1 zero-width character(s); normalized" in result.stderr
    assert path.read_text(encoding="utf-8") == original


def test_stamp_then_fresh(mini_project):
    path = mini_project / "docs/vi/heritage/tan-trao.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Đoạn văn.", "Đoạn văn đã sửa."), encoding="utf-8")
    result = run_quangba(mini_project, "check", "--select", "FRS")
    assert result.returncode == 1 and result.stdout.count("FRS002") == 3  # zh, ko, ja (en is a fallback)
    assert run_quangba(mini_project, "stamp", "zh", "heritage/tan-trao.md").returncode == 0
    assert run_quangba(mini_project, "check", "--select", "FRS").stdout.count("FRS002") == 2


def test_rewrapping_the_source_is_not_a_change(mini_project):
    path = mini_project / "docs/vi/heritage/tan-trao.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Tân Trào được xếp hạng năm 2012.", "Tân Trào được xếp hạng\nnăm 2012.   "), encoding="utf-8")
    assert run_quangba(mini_project, "check", "--select", "FRS").returncode == 0


def _git(project, *args):
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.test", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.test", "HOME": str(project), "PATH": "/usr/bin:/bin"})


def test_diff_shows_what_changed_since_the_translation(mini_project):
    _git(mini_project, "init", "-q")
    _git(mini_project, "add", "-A")
    _git(mini_project, "commit", "-qm", "first")
    path = mini_project / "docs/vi/heritage/tan-trao.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Đoạn văn.", "Đoạn văn mới về đình."), encoding="utf-8")
    _git(mini_project, "commit", "-qam", "second")
    result = run_quangba(mini_project, "diff", "zh", "heritage/tan-trao.md")
    assert result.returncode == 0, result.stderr
    assert "-Đoạn văn.\n" in result.stdout and "+Đoạn văn mới về đình.\n" in result.stdout
    assert "translated version" in result.stdout


def test_diff_without_history_says_so(mini_project):
    path = mini_project / "docs/vi/heritage/tan-trao.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Đoạn văn.", "Đoạn văn mới."), encoding="utf-8")
    result = run_quangba(mini_project, "diff", "zh", "heritage/tan-trao.md")
    assert result.returncode == 2
    assert "no git history" in result.stderr and "Traceback" not in result.stderr
    assert "up to date" in run_quangba(mini_project, "diff", "zh", "index.md").stdout


def test_status_text_json_html(mini_project):
    text = run_quangba(mini_project, "status").stdout
    assert "heritage/tan-trao.md" in text and "cập nhật" in text  # the dashboard speaks Vietnamese
    data = json.loads(run_quangba(mini_project, "status", "--format", "json").stdout)
    states = {p["key"]: p["states"] for p in data["pages"]}
    assert states["heritage/tan-trao.md"] == {"en": "fallback", "zh": "ok", "ko": "ok", "ja": "ok"}
    assert data["up_to_date_percent"]["en"]["*"] == pytest.approx(66.7)
    page = run_quangba(mini_project, "status", "--format", "html").stdout
    assert "<table>" in page and 'content="noindex"' in page


def test_status_dashboard_is_built_but_kept_out_of_nav_search_and_sitemap(mini_site):
    dashboard = mini_site.site / "quangba-status" / "index.html"
    assert dashboard.is_file()
    assert "quangba-status" not in (mini_site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in dashboard.read_text(encoding="utf-8")  # not searchable
    assert "quangba-status" not in (mini_site.site / "index.html").read_text(encoding="utf-8")


def test_build_shows_warnings_and_goes_on(mini_project):
    path = mini_project / "docs/zh/index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: 迷你首页", "title: " + "很长的标题" * 10), encoding="utf-8")
    assert run_quangba(mini_project, "stamp", "zh", "index.md").returncode == 0
    result = run_quangba(mini_project, "build")
    assert result.returncode == 0
    assert "docs/zh/index.md:2:1: MET001" in result.stdout


def test_stamp_looks_before_it_stamps(mini_project):
    source = mini_project / "docs/vi/heritage/tan-trao.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Đoạn văn.", "Đoạn văn đã sửa."), encoding="utf-8")
    page = mini_project / "docs/zh/heritage/tan-trao.md"
    original = page.read_text(encoding="utf-8")
    # a translation whose figure no longer matches the source: a stamp would say "checked"
    page.write_text(original.replace("2012", "2021"), encoding="utf-8")
    before = page.read_text(encoding="utf-8")
    refused = run_quangba(mini_project, "--lang", "vi", "stamp", "zh", "heritage/tan-trao.md")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "docs/zh/heritage/tan-trao.md" in refused.stderr and "FCT002" in refused.stderr
    assert "chưa đóng dấu" in refused.stderr and "--force" in refused.stderr and "Traceback" not in refused.stderr
    assert page.read_text(encoding="utf-8") == before
    everything = run_quangba(mini_project, "stamp", "--all")
    assert everything.returncode == 1 and "docs/ko/heritage/tan-trao.md: source_hash" in everything.stdout
    assert "docs/zh/heritage/tan-trao.md: not stamped" in everything.stderr
    forced = run_quangba(mini_project, "stamp", "zh", "heritage/tan-trao.md", "--force")
    assert forced.returncode == 0 and page.read_text(encoding="utf-8") != before
    page.write_text(original, encoding="utf-8")
    assert run_quangba(mini_project, "stamp", "zh", "heritage/tan-trao.md").returncode == 0
    assert run_quangba(mini_project, "check", "--select", "FRS,FCT", "docs/zh").returncode == 0


def test_diff_shows_the_changed_words_in_a_terminal_and_as_html(mini_project):
    _git(mini_project, "init", "-q")
    _git(mini_project, "add", "-A")
    _git(mini_project, "commit", "-qm", "first")
    path = mini_project / "docs/vi/heritage/tan-trao.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Tân Trào được xếp hạng năm 2012.",
                                                              "Tân Trào được xếp hạng <b>đặc biệt</b> năm 2012."), encoding="utf-8")
    _git(mini_project, "commit", "-qam", "second")
    words = run_quangba(mini_project, "--lang", "vi", "diff", "zh", "heritage/tan-trao.md", "--words")
    assert words.returncode == 0, words.stderr
    assert "Tân Trào được xếp hạng {+<b>đặc biệt</b> +}năm 2012." in words.stdout, words.stdout
    assert "[-" not in words.stdout and "\x1b[" not in words.stdout  # piped: no colour
    assert "(phiên bản đã dịch, " in words.stdout
    page = run_quangba(mini_project, "diff", "zh", "heritage/tan-trao.md", "--format", "html")
    assert page.returncode == 0 and page.stdout.startswith("<!doctype html>")
    assert "xếp hạng <ins>&lt;b&gt;đặc biệt&lt;/b&gt; </ins>năm 2012." in page.stdout  # escaped
    assert "<b>" not in page.stdout
    current = run_quangba(mini_project, "diff", "zh", "index.md", "--format", "html")
    assert "up to date with the source" in current.stdout
def test_no_false_green_on_a_typo(mini_project):
    """A path that does not exist or a code no rule has is a usage error, not "0 errors"."""
    for args, names in (
        (["docs/en/khong-co.md"], "docs/en/khong-co.md"),
        (["--select", "LNK001,LKN"], "--select LKN"),
        (["--ignore", "XYZ999"], "--ignore XYZ999"),
    ):
        result = run_quangba(mini_project, "check", *args)
        assert result.returncode == 2 and names in result.stderr, result.stdout + result.stderr
        assert "0 error(s)" not in result.stdout
    assert run_quangba(mini_project, "check", "--select", "lnk", "--ignore", "STR", "docs/en").returncode == 0
