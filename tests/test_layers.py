"""DESIGN.md's 'what may import what' holds: every import arrow points down the layers.

portal -> (cases, tasks, conversations, inbox, ksef) -> notify -> intake -> ocr. Imports
inside functions count too; a package not listed here fails until it is placed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {"ocr", "intake", "notify", "inbox", "ksef", "conversations", "tasks", "cases", "portal"}
MAY_IMPORT = {
    "ocr": set(),
    "intake": {"ocr"},
    "notify": {"intake", "ocr"},
    "conversations": {"intake", "notify", "ocr"},
    "inbox": {"intake", "notify", "conversations", "ocr"},
    "ksef": {"intake", "notify", "ocr"},
    "tasks": {"intake", "notify", "ocr"},
    "cases": {"intake", "notify", "conversations", "ocr"},
    "portal": OURS - {"portal"},
}


def imported_packages(path: Path) -> set[str]:
    """Return the top-level packages of ours a module imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & OURS


def packages() -> list[str]:
    """Return our packages that exist in the tree."""
    return sorted(p for p in OURS if (ROOT / p / "__init__.py").exists())


@pytest.mark.parametrize("package", packages())
def test_a_package_imports_only_the_layers_below_it(package):
    wrong = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        upward = imported_packages(path) - MAY_IMPORT[package] - {package}
        if upward:
            wrong[str(path.relative_to(ROOT))] = sorted(upward)
    assert wrong == {}, f"{package} imports packages above it: {wrong}"


def test_every_package_with_tables_keeps_them_and_its_migrations_beside_its_code():
    from importlib.metadata import entry_points

    for ep in entry_points(group="intake.models"):
        package = ep.value.split(".")[0]
        assert ep.name == package, ep
        revisions = list((ROOT / package / "migrations" / "versions").glob(f"{package}_*.py"))
        assert revisions, f"{package} has models but no migrations of its own"
        for revision in revisions:
            assert f'revision = "{revision.stem.split("_")[0]}_' in revision.read_text(), revision
