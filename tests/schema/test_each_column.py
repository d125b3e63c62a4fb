"""Column work on threads: results in column order, the costliest column first."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pandas as pd

import segmentation as sg
from segmentation.schema import infer

CUSTOMERS = Path(__file__).resolve().parents[2] / "sample_data" / "customers.csv"


def test_results_keep_column_order_and_the_costliest_starts_first(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    names = [f"c{i}" for i in range(8)]
    cost = {name: (i * 5) % 8 for i, name in enumerate(names)}  # c3 costs most
    started: list[str] = []
    lock = threading.Lock()

    def work(name: str) -> str:
        with lock:
            started.append(name)
        return name.upper()

    found = infer.each_column(work, names, rows=1_000_000, cost=cost.__getitem__)
    assert found == [name.upper() for name in names]
    assert started[0] == max(names, key=cost.__getitem__) == "c3"
    assert sorted(started) == names


def test_a_threaded_schema_is_the_one_inferred_column_after_column(monkeypatch):
    """Above the threading size the same schema and typed table come back."""
    base = sg.read_table(CUSTOMERS)
    table = pd.concat([base] * 30, ignore_index=True)  # >= 500,000 cells
    assert table.size >= infer._THREADED_CELLS
    threaded = sg.infer_schema(table)
    typed = threaded.typed(table)
    monkeypatch.setattr(infer, "_THREADED_CELLS", 10**12)
    assert sg.infer_schema(table) == threaded
    pd.testing.assert_frame_equal(threaded.typed(table), typed)
