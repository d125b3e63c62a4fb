"""Snapshots of the bundled log, and the planted movement found in them.

The bundled log with its later stretch (sample_data/transactions_later.csv) runs
to the end of 2026; 648 loyal customers stop buying after 2026-06-30 and 400 new
ones arrive (sample_data/customers_later_truth.csv). Segments of recency,
frequency and value fitted as of 2026-06-30 label the customers as of three
quarter ends; the comparison must find the lapsed moving to the lapsed segment
and the arrivals as new.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import segmentation as sg
from segmentation.errors import InputError
from segmentation.model import SegmentationModel
from segmentation.monitor import (
    NEW,
    compare_snapshots,
    log_model,
    log_snapshot,
    quarter_ends,
    segment_drift,
    size_history,
    snapshot_names,
)
from segmentation.recipe import Feature, Recipe, TransactionMapping

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
MAPPING = TransactionMapping(
    "customer_id", "order_date", amount="amount", invoice="order_id"
)
DAYS = ["2026-06-30", "2026-09-30", "2026-12-31"]


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    parts = [sg.read_table(SAMPLE / n) for n in ("transactions.csv",
                                                 "transactions_later.csv")]  # fmt: skip
    return pd.concat(parts, ignore_index=True)


@pytest.fixture(scope="module")
def model(log) -> SegmentationModel:
    return log_model(log, MAPPING, DAYS[0], k=4)


@pytest.fixture(scope="module")
def snaps(log, model):
    return [log_snapshot(model, log, day) for day in DAYS]


@pytest.fixture(scope="module")
def truth() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "customers_later_truth.csv", dtype=str)


def test_the_quarter_ends_cover_the_log(log):
    assert quarter_ends(log, MAPPING) == DAYS


def test_the_snapshot_of_the_fit_day_gives_the_models_labels(model, snaps):
    first = snaps[0].table
    assert first["segment"].tolist() == [str(v) for v in model.labels_]
    assert len(first) == 5_000 and first["customer_id"].is_unique


def test_each_snapshot_holds_the_customers_who_had_bought(log, snaps):
    when = pd.to_datetime(log["order_date"])
    for snap in snaps:
        bought = log.loc[
            (when < snap.name) & (log["amount"].astype(float) > 0), "customer_id"
        ]
        assert set(snap.table["customer_id"]) == set(bought)


def test_the_planted_movement_is_found(snaps, truth):
    before, after = snaps[0].table, snaps[-1].table
    moved = compare_snapshots(before, after, "customer_id")
    arrived = set(truth.loc[truth["planted_movement"] == "arrived", "customer_id"])
    assert moved.new == len(arrived) == 400 and moved.gone == 0
    from_new = moved.matrix[moved.matrix["from"] == NEW]["customers"].sum()
    assert from_new == 400
    assert set(after["customer_id"]) - set(before["customer_id"]) == arrived
    # The lapsed segment: the highest mean recency when the model was fitted.
    lapsed_segment = before.groupby("segment")["recency_days"].mean().idxmax()
    lapsed = set(truth.loc[truth["planted_movement"] == "lapsed", "customer_id"])
    pairs = before.merge(after, on="customer_id", suffixes=("_was", "_now"))
    gone_quiet = pairs[pairs["customer_id"].isin(lapsed)]
    recent = gone_quiet[
        gone_quiet["recency_days_was"] < 60
    ]  # active on 2026-06-30, then nothing for six months
    assert len(recent) > 300
    share = (recent["segment_now"] == lapsed_segment).mean()
    assert share >= 0.6, share
    # Those who keep buying rarely land there.
    kept = pairs[~pairs["customer_id"].isin(lapsed) & (pairs["recency_days_was"] < 60)]
    assert (kept["segment_now"] == lapsed_segment).mean() < share / 2
    assert moved.verdict.startswith("refit advised")


def test_sizes_across_snapshots_add_up(snaps):
    history = size_history(snaps)
    assert history["snapshot"].unique().tolist() == DAYS
    for snap in snaps:
        rows = history[history["snapshot"] == snap.name].set_index("segment")
        counts = snap.table["segment"].value_counts()
        assert rows["customers"].sum() == len(snap.table)
        assert (rows["customers"].reindex(counts.index) == counts).all()
        assert rows["share"].sum() == pytest.approx(1.0)


def test_a_snapshot_against_itself_has_no_segment_drift(snaps):
    table = snaps[1].table
    drift = segment_drift(table, table, ["recency_days", "frequency", "monetary"])
    assert len(drift) == 3 * table["segment"].nunique()
    assert np.allclose(drift["psi"], 0.0) and set(drift["level"]) == {"stable"}


def test_the_verdict_reads_the_models_quality(snaps):
    table = snaps[0].table
    worse = compare_snapshots(table, table, "customer_id", quality=(0.6, 0.3))
    assert worse.verdict == (
        "refit advised: the segments separate less well (silhouette 0.60 before, "
        "0.30 now)"
    )
    same = compare_snapshots(table, table, "customer_id", quality=(0.6, 0.5))
    assert same.verdict == "stable"
    assert snaps[0].quality is not None and 0 < snaps[0].quality <= 1


def test_a_model_of_the_customer_table_and_the_log(log):
    customers = sg.read_table(SAMPLE / "customers.csv")
    recipe = Recipe(
        id_column="customer_id",
        features=(
            Feature("age", "numeric", "demographic"),
            Feature("frequency", "numeric", "behavioral"),
            Feature("recency_days", "numeric", "behavioral"),
        ),
        transactions=MAPPING,
        k=3,
    )
    early = pd.concat([log.iloc[:0], sg.read_table(SAMPLE / "transactions.csv")])
    model = SegmentationModel(recipe).fit(customers, early)
    snap = log_snapshot(model, log, "2024-01-01", customers=customers)
    when = pd.to_datetime(log["order_date"])
    bought = set(log.loc[when < "2024-01-01", "customer_id"])
    assert set(snap.table["customer_id"]) == bought and len(bought) < 5_000
    assert list(snap.table.columns) == [
        "customer_id", "segment", "age", "frequency", "recency_days"
    ]  # fmt: skip
    later = log_snapshot(model, log, "2026-12-31", customers=customers)
    assert len(later.table) == 5_000  # the arrivals are not in the customer table


def test_a_model_without_a_log_takes_no_snapshot(log):
    customers = sg.read_table(SAMPLE / "customers.csv")
    recipe = Recipe(features=(Feature("age", "numeric", "demographic"),), k=2)
    model = SegmentationModel(recipe).fit(customers)
    with pytest.raises(InputError, match="does not read a transaction log"):
        log_snapshot(model, log, "2026-01-01")
    with pytest.raises(InputError, match="not a date"):
        log_snapshot(log_model(log, MAPPING, DAYS[0]), log, "someday")


def test_the_example_segments_are_named_as_their_numbers_say(model, snaps):
    names = snapshot_names(model, snaps[0])
    means = snaps[0].table.groupby("segment")[["recency_days", "frequency"]].mean()
    assert set(names) == set(means.index)
    assert "Lapsed" in names[means["recency_days"].idxmax()]
    assert names[means["frequency"].idxmax()] == "Champions"
    assert len(set(names.values())) == len(names)
