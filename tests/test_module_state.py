"""No module-level mutable state: what one session does cannot reach another.

Every module of the library (``segmentation``, subpackages included) and of the
app's helpers (``ui``) is imported and each of its globals checked: lists, dicts,
sets, writeable arrays, pandas objects and instances of unfrozen classes are
refused, in tuples, frozensets, read-only mappings and frozen dataclasses too.
The page scripts (``app.py``, ``app_pages/``) run afresh for every script run,
so their names live for one run; no file in any of the three may use ``global``.

What is shared between sessions on purpose is keyed by content: the
``st.cache_data`` / ``st.cache_resource`` functions in ``ui/`` (a session only
ever gets results for data it already holds) and the worker pools and lock of
``ui/jobs.py``, which are returned by ``st.cache_resource`` functions rather than
kept in module globals.
"""

from __future__ import annotations

import ast
import collections
import dataclasses
import importlib
import inspect
import pkgutil
import types
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import segmentation
import ui

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (segmentation, ui)
MUTABLE = (
    list,
    dict,
    set,
    bytearray,
    collections.deque,
    pd.DataFrame,
    pd.Series,
    pd.Index,
)


def modules() -> list[types.ModuleType]:
    found = []
    for package in PACKAGES:
        found.append(package)
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if not info.name.endswith(".__main__"):  # runs the CLI when imported
                found.append(importlib.import_module(info.name))
    return found


def mutable_part(value: object, seen: set[int] | None = None) -> str | None:
    """Describe the first mutable thing in ``value``, or return None.

    >>> mutable_part((1, "a", frozenset({2})))
    >>> mutable_part((1, [2]))
    'list'
    >>> mutable_part(types.MappingProxyType({"a": {"b": 1}}))
    'dict'
    """
    seen = set() if seen is None else seen
    if id(value) in seen:
        return None
    seen.add(id(value))
    if isinstance(value, MUTABLE):
        return type(value).__name__
    if isinstance(value, np.ndarray):
        return "writeable numpy array" if value.flags.writeable else None
    if isinstance(value, tuple | frozenset):
        parts = (mutable_part(item, seen) for item in value)
    elif isinstance(value, types.MappingProxyType):
        parts = (mutable_part(item, seen) for pair in value.items() for item in pair)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        if not value.__dataclass_params__.frozen:
            return f"unfrozen {type(value).__name__}"
        parts = (
            mutable_part(getattr(value, field.name), seen)
            for field in dataclasses.fields(value)
        )
    else:
        return None
    return next((part for part in parts if part), None)


def own_globals(module: types.ModuleType) -> list[tuple[str, object]]:
    """The module's globals, without imported modules, functions and classes."""
    names = []
    for name, value in vars(module).items():
        if name.startswith("__") and name != "__all__":
            continue
        if (
            inspect.ismodule(value)
            or inspect.isroutine(value)
            or isinstance(value, type)
        ):
            continue
        names.append((name, value))
    return names


@pytest.mark.parametrize("module", modules(), ids=lambda m: m.__name__)
def test_module_globals_are_immutable(module):
    found = {
        name: part
        for name, value in own_globals(module)
        if (part := mutable_part(value)) is not None
    }
    assert not found, f"{module.__name__} keeps mutable globals: {found}"


def python_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for folder in ("segmentation", "ui", "app_pages"):
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def test_no_file_rebinds_a_global():
    rebinding = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in python_files()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Global)
    ]
    assert len(python_files()) > 60
    assert not rebinding, rebinding


def test_the_check_finds_mutable_state():
    fake = types.ModuleType("fake")
    fake.ok = (1, "two", frozenset({3}), types.MappingProxyType({"a": (4,)}))
    fake.frozen_array = np.zeros(3)
    fake.frozen_array.flags.writeable = False
    fake.seen = {}
    fake.rows = np.zeros(3)
    fake.nested = types.MappingProxyType({"a": [1]})
    found = {name for name, value in own_globals(fake) if mutable_part(value)}
    assert found == {"seen", "rows", "nested"}
