"""The pre-commit hook runs `quangba check` on the files a commit touches."""

from __future__ import annotations

from pathlib import Path

import yaml
from projects import run_quangba

HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"


def test_hook_definition():
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "quangba-check"
    assert hook["entry"] == "quangba check --backlog report"
    assert hook["pass_filenames"] is True
    assert hook["files"] == r"^docs/.*\.md$"


def test_hook_command_reports_only_the_touched_files(mini_project):
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    broken = mini_project / "docs/en/index.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("(heritage/index.md)", "(heritage/khong-co.md)"), encoding="utf-8")
    args = hook["entry"].split()[1:]
    assert run_quangba(mini_project, *args, "docs/zh/index.md").returncode == 0
    result = run_quangba(mini_project, *args, "docs/zh/index.md", "docs/en/index.md")
    assert result.returncode == 1 and "docs/en/index.md:6:1: LNK001" in result.stdout


def test_hook_reports_the_backlog_a_source_change_creates_without_failing(mini_project):
    """An editor fixes a Vietnamese page: the commit goes through, and the hook says which
    translations are now stale (as information), language by language."""
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    source = mini_project / "docs/vi/index.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    result = run_quangba(mini_project, *hook["entry"].split()[1:], "docs/vi/index.md")
    assert result.returncode == 0, result.stdout + result.stderr
    for lang in ("en", "zh", "ko", "ja"):
        assert f"docs/{lang}/index.md:" in result.stdout and f"\n{lang}: 1 stale" in result.stdout, result.stdout
    # the same backlog fails a plain `quangba check`, which keeps its exit codes
    assert run_quangba(mini_project, "check", "docs/vi/index.md").returncode == 1
