"""No step hands data to the next through ``DataFrame.attrs``.

pandas calls ``attrs`` experimental and drops it in some operations, so what a
step learns travels in result objects (``TableRead``, ``Behaviour``) and
explicit arguments (``decimal``) instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("segmentation", "ui", "app_pages")


def _attrs_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "attrs"
    ]


def test_the_code_reads_and_writes_no_dataframe_attrs():
    files = [ROOT / "app.py"] + [
        path for folder in FOLDERS for path in sorted((ROOT / folder).rglob("*.py"))
    ]
    assert len(files) > 50
    found = [use for path in files for use in _attrs_uses(path)]
    assert found == []
