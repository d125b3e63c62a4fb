"""Groups kept by hand travel in the recipe and come out as group_<name> columns."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import segmentation as sg
from segmentation.errors import InputError
from segmentation.export import group_ids, labelled_output

ROOT = Path(__file__).resolve().parents[2]
CUSTOMERS = ROOT / "sample_data" / "customers.csv"


def test_a_kept_group_is_a_column_of_its_members_in_the_labelled_table():
    frame = sg.read_table(CUSTOMERS)
    picked = [4, 17, 4_999]
    ids = group_ids(frame, "customer_id", picked)
    assert ids == tuple(frame["customer_id"].iloc[picked])
    recipe = sg.Recipe(id_column="customer_id", groups=(("Hand picked", ids),))
    labels = np.zeros(len(frame), dtype=int)
    table = labelled_output(frame, labels, recipe, {0: "All"})
    assert list(table.columns[-3:]) == ["segment", "segment_name", "group_hand_picked"]
    assert table["group_hand_picked"].sum() == 3
    assert table.index[table["group_hand_picked"] == 1].tolist() == picked


def test_without_an_id_column_rows_are_held_by_number():
    frame = pd.DataFrame({"spend": ["1", "2", "3"]})
    recipe = sg.Recipe(groups=(("Last two", group_ids(frame, None, [1, 2])),))
    table = labelled_output(frame, np.zeros(3, dtype=int), recipe, {0: "All"})
    assert table["group_last_two"].tolist() == [0, 1, 1]


def test_groups_round_trip_and_bad_ones_are_refused():
    recipe = sg.Recipe(groups=(("VIP", ("C1", "C2")),))
    assert sg.Recipe.from_json(recipe.to_json()) == recipe
    with pytest.raises(InputError, match="needs a name"):
        sg.Recipe(groups=((" ", ("C1",)),))
    with pytest.raises(InputError, match="Two kept groups are called 'vip'"):
        sg.Recipe(groups=(("VIP", ("C1",)), ("vip", ("C2",))))
    with pytest.raises(InputError, match="has no customers"):
        sg.Recipe(groups=(("Empty", ()),))


def test_a_headless_run_of_the_recipe_writes_the_group(tmp_path):
    frame = sg.read_table(CUSTOMERS)
    ids = group_ids(frame, "customer_id", range(0, 5_000, 50))
    recipe = sg.Recipe.from_schema(
        sg.infer_schema(frame), columns=("orders", "total_spend"), k=3
    ).replace(groups=(("Every fiftieth", ids),))
    path, out = tmp_path / "r.json", tmp_path / "o.csv"
    path.write_text(recipe.to_json(), encoding="utf-8")
    argv = [sys.executable, "-m", "segmentation", "fit", str(CUSTOMERS)]
    argv += ["--recipe", str(path), "-o", str(out)]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    written = pd.read_csv(out, dtype=str)
    assert written["group_every_fiftieth"].astype(int).sum() == 100
    assert (written["group_every_fiftieth"].iloc[::50] == "1").all()
