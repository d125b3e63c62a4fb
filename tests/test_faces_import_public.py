"""The faces (the app's pages and helpers, the command) use the library's public names.

Each stage of the library is a subpackage whose ``__init__`` lists what it offers;
a face reaching into a private module of it (``segmentation.describe.step``) would
tie the face to the library's inner layout, which can then not change.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SUBPACKAGES = {p.parent.name for p in (ROOT / "segmentation").glob("*/__init__.py")}
FACES = [
    ROOT / "app.py",
    *sorted((ROOT / "app_pages").glob("*.py")),
    *sorted((ROOT / "ui").glob("*.py")),
    *sorted((ROOT / "segmentation" / "cli").glob("*.py")),
]


def _private_imports(path: Path) -> list[str]:
    """Return the ``segmentation.<subpackage>.<module>`` imports of a file."""
    own = path.parent.name if path.parent.parent.name == "segmentation" else None
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if (
                len(parts) > 2
                and parts[0] == "segmentation"
                and parts[1] in SUBPACKAGES
                and parts[1] != own
            ):
                found.append(f"line {node.lineno}: {module}")
    return found


def test_the_subpackages_are_found():
    assert {"reading", "schema", "cluster", "describe", "cli"} <= SUBPACKAGES


@pytest.mark.parametrize("path", FACES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_face_imports_only_public_names(path):
    assert _private_imports(path) == []


def test_the_scan_sees_a_private_import(tmp_path):
    face = tmp_path / "page.py"
    face.write_text("from segmentation.describe.step import describe\n")
    assert _private_imports(face) == ["line 1: segmentation.describe.step"]
