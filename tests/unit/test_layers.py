"""The package's folders are its layers: a module never imports from a layer above its own.

core (reading content) < checks < web (what the pages show) < translation < mkdocs_plugin (the
adapter, which MkDocs loads) < ops (build, publish, serve, bench) < office (documents that need
a built site) < cli. Imports inside functions count too: they are dependencies all the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import quangba

PACKAGE = Path(quangba.__file__).resolve().parent
LAYERS = ["core", "checks", "web", "translation", "mkdocs_plugin", "ops", "office", "cli"]


def _layer(module: str) -> str | None:
    """The layer of a dotted module name inside the package, None for the package itself."""
    parts = module.split(".")
    if parts[0] != "quangba" or len(parts) < 2:
        return None
    if not (PACKAGE / parts[1]).is_dir() and not (PACKAGE / f"{parts[1]}.py").exists():
        return None  # a name the package itself defines, such as __version__
    return parts[1] if parts[1] in LAYERS else "?" + parts[1]


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "quangba":
                found += [(node.lineno, f"quangba.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        layer = rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 or rel.stem == "cli" else None
        if layer is not None:
            out.append((layer, path))
    return out


def test_every_module_sits_in_a_layer():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__", "cli")]
    assert loose == [], f"modules outside the layers: {loose}"
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders <= set(LAYERS), f"packages that are not a known layer: {folders - set(LAYERS)}"


def test_no_module_imports_a_higher_layer():
    wrong = []
    for layer, path in _modules():
        rank = LAYERS.index(layer)
        for line, module in _imports(path):
            target = _layer(module)
            if target is None or target == layer:
                continue
            if target.startswith("?") or LAYERS.index(target) > rank:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} ({layer}) imports {module}")
    assert wrong == []


def test_the_layer_test_sees_a_violation(tmp_path):
    """The checker itself: an upward import inside a function is found."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from quangba.ops.build import build_site\n", encoding="utf-8")
    assert (2, "quangba.ops.build") in _imports(module)
    assert _layer("quangba.ops.build") == "ops"
