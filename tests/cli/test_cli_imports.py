"""The command's parser is built without the heavy libraries.

``segmentation --help`` (and a subcommand's ``--help``) must not import pandas,
scikit-learn, SciPy, UMAP, numba or Altair: each subcommand imports what it needs
when it runs. Checked in a fresh interpreter, through ``sys.modules``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "sklearn", "scipy", "umap", "numba", "altair", "pyarrow")

PROBE = """
import contextlib, io, json, sys
import segmentation.cli
from segmentation.cli.main import build_parser
build_parser()
for argv in {argvs!r}:
    with contextlib.redirect_stdout(io.StringIO()):
        code = segmentation.cli.main(argv)
    assert code == 0, (argv, code)
{extra}
heavy = {heavy!r}
print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}} & set(heavy))))
"""


def imported_by(argvs: list[list[str]], extra: str = "") -> list[str]:
    code = PROBE.format(argvs=argvs, heavy=HEAVY, extra=extra)
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize(
    "argvs",
    [
        [["--help"]],
        [["inspect", "--help"], ["rfm", "--help"], ["sweep", "--help"]],
        [["fit", "--help"], ["apply", "--help"]],
    ],
    ids=["top", "inspect-rfm-sweep", "fit-apply"],
)
def test_help_imports_no_heavy_library(argvs):
    assert imported_by(argvs) == []


def test_the_probe_sees_a_heavy_import():
    # Using a library name imports what it needs: the check is not blind.
    found = imported_by([["--help"]], extra="segmentation.Segmenter")
    assert {"sklearn", "pandas"} <= set(found)


def test_python_m_help_imports_no_heavy_library():
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "segmentation", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    imported = {
        line.split("|")[-1].strip().split(".")[0]
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "segmentation" in imported
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))
