"""No two modules of the package import each other, directly or round a circle: a split into
files with one job each (ops/serve/, translation/xliff/) stays a split only if its files
can be read in one order. Imports inside functions count, as in test_layers.py.

The circles there are today are listed in KNOWN with the reason; one that is gone must
leave the list.
"""

from __future__ import annotations

import ast
from pathlib import Path

import quangba

PACKAGE = Path(quangba.__file__).resolve().parent
KNOWN = {
    # the corpus asks the history for a translation's recorded hash; the history reads the
    # corpus's translations (imports inside functions both ways)
    frozenset({"core/corpus.py", "core/history.py"}),
    # the report's document takes the report's data and tables at its top; the report calls
    # the document's writer from inside a function
    frozenset({"office/report.py", "office/report_document.py"}),
}


def _module_file(package: Path, dotted: str) -> str | None:
    """The file (relative to `package`) of a dotted module name inside it, or None."""
    parts = dotted.split(".")
    if parts[0] != package.name:
        return None
    base = package.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if len(parts) > 1 and candidate.is_file():
            return candidate.relative_to(package).as_posix()
    return None


def _targets(package: Path, path: Path) -> set[str]:
    """The package's modules that `path` imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from a.b import c`: the submodule a.b.c when there is one, else a.b itself
            names = [f"{node.module}.{alias.name}" if _module_file(package, f"{node.module}.{alias.name}")
                     else node.module for alias in node.names]
        else:
            continue
        found.update(target for name in names if (target := _module_file(package, name)))
    found.discard(path.relative_to(package).as_posix())
    return found


def circles(package: Path) -> set[frozenset[str]]:
    """Groups of modules that reach each other through imports (Tarjan's components)."""
    graph = {path.relative_to(package).as_posix(): _targets(package, path) for path in sorted(package.rglob("*.py"))}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.add(frozenset(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_new_import_circles():
    found = circles(PACKAGE)
    assert sorted(map(sorted, found - KNOWN)) == [], "modules that import each other: make one depend on the other only"
    assert sorted(map(sorted, KNOWN - found)) == [], "a known circle is gone: take it off KNOWN"


def test_a_circle_through_a_function_and_a_package_is_seen(tmp_path):
    package = tmp_path / "quangba"
    (package / "ops" / "serve").mkdir(parents=True)
    for name in ("__init__.py", "ops/__init__.py", "ops/serve/__init__.py", "ops/build.py"):
        (package / name).write_text("", encoding="utf-8")
    (package / "ops" / "serve" / "preview.py").write_text("from quangba.ops.serve import steps\n", encoding="utf-8")
    (package / "ops" / "serve" / "steps.py").write_text(
        "def f():\n    from quangba.ops.serve.preview import Preview\n", encoding="utf-8")
    (package / "ops" / "publish.py").write_text("import quangba.ops.build\n", encoding="utf-8")
    assert circles(package) == {frozenset({"ops/serve/preview.py", "ops/serve/steps.py"})}
