"""The README's rule table is generated from the rules themselves and lists every one."""

from __future__ import annotations

from pathlib import Path

from quangba.checks import RULES, _load_families

README = Path(__file__).resolve().parents[2] / "README.md"


def rule_table() -> str:
    _load_families()
    rows = []
    for code, rule in sorted(RULES.items()):
        summary = rule.doc.split("\n\n", 1)[0].removeprefix("What it catches: ")
        rows.append(f"| `{code}` | {rule.family} | {' '.join(summary.split())} |")
    return "\n".join(rows)


def test_readme_lists_every_rule():
    text = README.read_text(encoding="utf-8")
    assert rule_table() in text, "run: python tests/unit/test_readme.py to refresh the README's rule table"


if __name__ == "__main__":

    text = README.read_text(encoding="utf-8")
    head, _, rest = text.partition("| code | family | catches |\n|---|---|---|\n")
    _, _, tail = rest.partition("\n\n")
    README.write_text(head + "| code | family | catches |\n|---|---|---|\n" + rule_table() + "\n\n" + tail, encoding="utf-8")
