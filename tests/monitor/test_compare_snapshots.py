"""Two labelled snapshots of the bundled customers: who moved, who came, who went.

The earlier snapshot is the sample labelled by a model fitted on it; the later one
drops 100 customers, adds 50 new ones and doubles the spend of the others, and is
labelled by the same model (what ``apply`` does next month).
Counts are checked against a pandas merge of the two files; the spend's drift
is major and the verdict says so.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import segmentation as sg
from segmentation.errors import InputError
from segmentation.export import applied_output
from segmentation.monitor import GONE, NEW, compare_snapshots, psi

ROOT = Path(__file__).resolve().parents[2]
CUSTOMERS = ROOT / "sample_data" / "customers.csv"


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory):
    frame = sg.read_table(CUSTOMERS)
    recipe = sg.Recipe.from_schema(
        sg.infer_schema(frame), columns=("orders", "total_spend", "recency_days"), k=4
    )
    model = sg.SegmentationModel(recipe).fit(frame)
    before = applied_output(frame, model.predict(frame), recipe)
    later = frame.iloc[100:].copy()
    spend = later["total_spend"].astype(float)
    later["total_spend"] = (spend * 2).round(2).astype(str)
    newcomers = frame.iloc[:50].copy()
    newcomers["customer_id"] = [f"N{i:05d}" for i in range(50)]
    later = pd.concat([later, newcomers], ignore_index=True)
    after = applied_output(later, model.predict(later), recipe)
    folder = tmp_path_factory.mktemp("snapshots")
    paths = folder / "before.csv", folder / "after.csv"
    before.to_csv(paths[0], index=False)
    after.to_csv(paths[1], index=False)
    return before.astype(str), after.astype(str), paths


def test_every_customer_is_counted_once(snapshots):
    before, after, _ = snapshots
    found = compare_snapshots(before, after, "customer_id")
    merged = before.merge(after, on="customer_id", how="outer", indicator=True)
    both = merged[merged["_merge"] == "both"]
    assert found.matched == len(both) == 4_900
    assert (found.new, found.gone) == (50, 100)
    assert found.stayed == int((both["segment_x"] == both["segment_y"]).sum())
    assert found.moved == found.matched - found.stayed
    assert found.matrix["customers"].sum() == len(merged)
    matrix = found.matrix
    assert matrix.loc[matrix["from"] == NEW, "customers"].sum() == 50
    assert matrix.loc[matrix["to"] == GONE, "customers"].sum() == 100
    sizes = found.sizes.set_index("segment")
    assert sizes["before"].to_dict() == before["segment"].value_counts().to_dict()
    assert sizes["after"].sum() == len(after)


def test_the_spend_drifts_and_a_refit_is_advised(snapshots):
    before, after, _ = snapshots
    found = compare_snapshots(before, after, "customer_id")
    drift = found.drift.set_index("column")
    assert drift.loc["total_spend", "level"] == "major"
    assert drift.loc["age", "level"] == "stable"
    assert "segment" not in drift.index and "customer_id" not in drift.index
    assert found.verdict.startswith("refit advised: major drift in total_spend")
    same = compare_snapshots(before, before, "customer_id")
    assert (same.moved, same.new, same.gone, same.verdict) == (0, 0, 0, "stable")


def test_psi_of_a_shifted_normal_matches_the_formula():
    rng = np.random.default_rng(0)
    a = pd.Series(rng.normal(0, 1, 20_000))
    b = pd.Series(rng.normal(0.5, 1, 20_000))
    cuts = np.quantile(a, np.linspace(0, 1, 11))[1:-1]
    p = np.bincount(np.searchsorted(cuts, a), minlength=10) / len(a)
    q = np.bincount(np.searchsorted(cuts, b), minlength=10) / len(b)
    expected = float(np.sum((q - p) * np.log(q / p)))
    assert psi(a.astype(str), b.astype(str)) == pytest.approx(expected, rel=1e-3)


def test_a_file_repeating_an_id_is_refused(snapshots):
    before, after, _ = snapshots
    twice = pd.concat([after, after.iloc[:1]])
    with pytest.raises(InputError, match="later file repeats the customer id"):
        compare_snapshots(before, twice, "customer_id")


def test_the_command_prints_json_and_writes_the_matrix(snapshots, tmp_path):
    _, _, (first, second) = snapshots
    out = tmp_path / "migration.csv"
    argv = [sys.executable, "-m", "segmentation", "compare", str(first), str(second)]
    done = subprocess.run(
        [*argv, "--json", "-o", str(out)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert set(payload) == {
        "matched", "new", "gone", "moved", "stayed", "matrix", "sizes", "drift",
        "verdict",
    }  # fmt: skip
    assert (payload["matched"], payload["new"], payload["gone"]) == (4_900, 50, 100)
    written = pd.read_csv(out, dtype=str)
    assert written.columns.tolist() == ["from", "to", "customers"]
    assert written["customers"].astype(int).sum() == 5_050
    bad = subprocess.run(
        [*argv[:-2], str(first), str(tmp_path / "missing.csv")],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert bad.returncode != 0 and bad.stderr.count("\n") == 1
