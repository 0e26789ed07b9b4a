"""No module of the package grows past a size a reader can hold: past LIMIT lines, a module
has more than one job and is split (as ops/serve/ and translation/xliff/ were).

The modules already past it are listed in EXCEPTIONS with the reason and a ceiling they may
not pass either; an entry whose module is back under LIMIT (or gone) must leave the list.
"""

from __future__ import annotations

from pathlib import Path

import quangba

PACKAGE = Path(quangba.__file__).resolve().parent
# After the split of serve, xliff and numbers, every module but the three below is at most 623 lines.
LIMIT = 700
# module (relative to scripts/quangba) -> (ceiling, why it is past LIMIT today)
EXCEPTIONS = {
    "office/publication.py": (900, "one document (the print publication) built in one pass; not split yet"),
    "office/report_document.py": (780, "the report's document, section by section; not split yet"),
    "cli.py": (760, "every verb's argument parser, one table of the command line; grows with each verb"),
}


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def oversized(package: Path, limit: int, exceptions: dict[str, tuple[int, str]]) -> list[str]:
    """What breaks the rule: modules past `limit` not excepted, excepted ones past their
    ceiling, and exceptions no longer needed."""
    wrong = []
    sizes = {path.relative_to(package).as_posix(): _lines(path) for path in sorted(package.rglob("*.py"))}
    for name, count in sizes.items():
        ceiling, _ = exceptions.get(name, (limit, ""))
        if count > ceiling:
            how = f"its ceiling {ceiling}" if name in exceptions else f"{limit} lines"
            wrong.append(f"{name}: {count} lines, past {how}: split it into files with one job each")
    for name in exceptions:
        if name not in sizes:
            wrong.append(f"{name}: no such module: take it off EXCEPTIONS")
        elif sizes[name] <= limit:
            wrong.append(f"{name}: {sizes[name]} lines, within {limit}: take it off EXCEPTIONS")
    return wrong


def test_no_module_is_past_the_size_limit():
    assert oversized(PACKAGE, LIMIT, EXCEPTIONS) == []


def test_the_size_rule_sees_a_module_too_long_and_a_stale_exception(tmp_path):
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "big.py").write_text("x = 1\n" * 12, encoding="utf-8")
    (tmp_path / "core" / "small.py").write_text("x = 1\n" * 3, encoding="utf-8")
    (tmp_path / "cli.py").write_text("x = 1\n" * 9, encoding="utf-8")
    assert oversized(tmp_path, 10, {}) == ["core/big.py: 12 lines, past 10 lines: split it into files with one job each"]
    assert oversized(tmp_path, 10, {"core/big.py": (12, "")}) == []
    assert oversized(tmp_path, 10, {"core/big.py": (11, "")}) == [
        "core/big.py: 12 lines, past its ceiling 11: split it into files with one job each"]
    assert oversized(tmp_path, 10, {"core/big.py": (12, ""), "cli.py": (20, ""), "gone.py": (20, "")}) == [
        "cli.py: 9 lines, within 10: take it off EXCEPTIONS",
        "gone.py: no such module: take it off EXCEPTIONS",
    ]
