"""The adapter keeps to the public surface of MkDocs, Material and static-i18n (issue: outlive
the stack): no private names, no patched functions of theirs. The one documented edit of
Material's output is checked against the installed Material, so a release that changes it is
noticed here, not by visitors."""

from __future__ import annotations

import ast
from pathlib import Path

import material

from quangba.mkdocs_plugin.plugin import _MATERIAL_ALTERNATE_SELECTOR

PACKAGE = Path(__file__).resolve().parents[2] / "scripts" / "quangba"
STACK = ("mkdocs", "material", "mkdocs_static_i18n", "properdocs")


def _from_stack(module: str | None) -> bool:
    return bool(module) and module.split(".")[0] in STACK


def offences(tree: ast.AST) -> list[str]:
    """Private names taken from the stack, and assignments to attributes of its objects."""
    stack_names: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and _from_stack(node.module):
            for alias in node.names:
                stack_names.add(alias.asname or alias.name)
                if alias.name.startswith("_"):
                    found.append(f"line {node.lineno}: imports {node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _from_stack(alias.name):
                    stack_names.add((alias.asname or alias.name).split(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in stack_names:
            if node.attr.startswith("_") and not node.attr.startswith("__"):
                found.append(f"line {node.lineno}: uses {node.value.id}.{node.attr}")
            if isinstance(node.ctx, ast.Store):
                found.append(f"line {node.lineno}: patches {node.value.id}.{node.attr}")
    return found


def test_no_module_uses_private_names_of_the_stack_or_patches_it():
    found = {
        path.relative_to(PACKAGE).as_posix(): problems
        for path in sorted(PACKAGE.rglob("*.py"))
        if (problems := offences(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert found == {}


def test_the_rule_sees_a_private_import_and_a_patch():
    tree = ast.parse(
        "from mkdocs.commands.build import _build_template\n"
        "import mkdocs.commands.build as b\n"
        "from mkdocs.theme import Theme\n"
        "b._build_page = None\nTheme.get_env = None\n"
    )
    assert len(offences(tree)) == 4


def test_materials_bundle_still_has_the_alternate_lookup_the_adapter_turns_off():
    javascripts = Path(material.__file__).parent / "templates" / "assets" / "javascripts"
    bundles = list(javascripts.glob("bundle.*.min.js"))
    assert len(bundles) == 1
    assert bundles[0].read_text(encoding="utf-8").count(_MATERIAL_ALTERNATE_SELECTOR) == 1, (
        "Material changed its alternate lookup: review _disable_material_sitemap_lookup in mkdocs_plugin/plugin.py"
    )
