"""Layers: the core never imports a module, and no module imports another module (they
register with the core instead). Read from the source with ``ast``, so an import inside a
function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import open_nijmegen

ROOT = Path(open_nijmegen.__file__).parent
# The modules residents see (the work areas) and the fixed pages.
MODULES = {
    "ideeen",
    "begroten",
    "uitdaagrecht",
    "inwonersberaad",
    "bijeenkomsten",
    "peilingen",
    "paginas",
}


def _imports(package: str) -> set[tuple[str, str]]:
    """(file, imported open_nijmegen package) for every import in ``package``."""
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "open_nijmegen" and len(parts) > 1:
                    found.add((str(path.relative_to(ROOT)), parts[1]))
    return found


def test_the_core_imports_no_module():
    assert {(f, p) for f, p in _imports("core") if p in MODULES} == set()


def test_no_module_imports_another_module():
    wrong = {
        (f, p) for module in MODULES for f, p in _imports(module) if p in MODULES and p != module
    }
    assert wrong == set()


def test_the_check_sees_imports():
    assert ("begroten/models.py", "core") in _imports("begroten")
