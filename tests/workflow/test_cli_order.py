"""`quangba xliff export` takes its pages before or after the options."""

from __future__ import annotations

from projects import run_quangba


def test_pages_after_options(mini_project, tmp_path):
    out = tmp_path / "xlf"
    result = run_quangba(mini_project, "xliff", "export", "--lang", "zh", "--out", str(out), "heritage/tan-trao.md")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.rglob("*.xlf")] == ["tan-trao.xlf"]
