"""The pre-commit hook runs `quangba check` on the files a commit touches."""

from __future__ import annotations

from pathlib import Path

import yaml
from projects import run_quangba

HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"


def test_hook_definition():
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "quangba-check"
    assert hook["entry"] == "quangba check"
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
