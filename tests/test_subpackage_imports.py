"""Each subpackage and its public names import on their own, in a fresh interpreter.

A test run imports everything in one process, so an import cycle between two
subpackages (the describe step uses the messages, the messages use the naming)
stays hidden there when some other module happened to load first. Each import here
starts from nothing.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

SUBPACKAGES = (
    "reading",
    "schema",
    "behaviour",
    "rules",
    "features",
    "cluster",
    "describe",
    "messaging",
    "export",
    "charts",
    "cli",
    "monitor",
    "scale",
    "campaigns",
)


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_subpackage_and_its_public_names_import_alone(name):
    code = (
        "import importlib\n"
        f"package = importlib.import_module('segmentation.{name}')\n"
        "missing = [n for n in package.__all__ if not hasattr(package, n)]\n"
        "assert not missing, missing\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]


@pytest.mark.parametrize(
    "module",
    ["segmentation.messaging.suggest", "segmentation.describe.naming"],
)
def test_a_module_of_a_subpackage_imports_first(module):
    proc = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
