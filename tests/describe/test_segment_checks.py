"""Warnings about small and near-twin segments, and the Segments page's charts."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import segmentation as sg
from segmentation import workflow
from segmentation.charts import segments as segment_charts
from segmentation.describe.checks import (
    segment_warnings,
    similar_segments,
    small_segments,
)
from segmentation.reading.samples import SAMPLES
from segmentation.recipe import Recipe

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def planted():
    """The sample's matrix on the six planted columns and k-means labels at k=5."""
    sample = SAMPLES["customers"]
    frame = sg.read_table(sample.path)
    recipe = Recipe.from_schema(
        sg.infer_schema(frame), columns=sample.planted_columns, k=5
    )
    prepared = workflow.prepare_for(frame, recipe)
    labels = workflow.cluster_matrix(prepared.matrix, recipe).labels_
    return prepared.matrix, np.asarray(labels)


def test_planted_segments_raise_no_warning(planted):
    matrix, labels = planted
    assert segment_warnings(matrix, labels) == []


def test_one_segment_split_in_two_is_reported_as_twins(planted):
    matrix, labels = planted
    # Segment 0 split at random into 0 and a new segment 9: same profile, twins.
    split = labels.copy()
    members = np.flatnonzero(split == 0)
    split[members[::2]] = 9
    (warning,) = similar_segments(matrix, split)
    assert warning.segments == (0, 9)
    assert "nearly the same" in warning.text


@pytest.mark.parametrize(
    ("sizes", "small"),
    [
        ([960, 40], [(1,)]),  # 40 < 50 customers (4% is above 1%)
        ([99_000, 900, 100], [(1,), (2,)]),  # 0.9% and 0.1%, though >= 50
        ([950, 50], []),  # exactly 50 and 5%: fine
    ],
)
def test_small_segments_under_50_or_under_1_percent(sizes, small):
    labels = np.repeat(np.arange(len(sizes)), sizes)
    assert [w.segments for w in small_segments(labels)] == small


def test_unassigned_customers_are_not_checked():
    labels = np.array([0] * 100 + [1] * 100 + [-1] * 3)
    x = np.vstack([np.zeros((100, 2)), np.ones((100, 2)) * 5, np.ones((3, 2))])
    assert segment_warnings(x, labels) == []


def test_heatmap_keeps_the_features_that_differ_most_and_skips_unassigned():
    numeric = pd.DataFrame(
        {
            "segment": [0, 0, 1, 1, -1, -1],
            "feature": ["a", "b", "a", "b", "a", "b"],
            "mean": [1.0, 5.0, 3.0, 5.0, 9.0, 9.0],
            "overall_mean": [2.0, 5.0, 2.0, 5.0, 2.0, 5.0],
            "std_diff": [-1.5, 0.1, 3.0, -0.1, 9.0, 9.0],
        }
    )
    spec = segment_charts.profile_heatmap_chart(
        numeric, {0: "Thrifty", 1: "Big"}, max_features=1
    ).to_dict()
    (rows,) = spec["datasets"].values()
    assert {r["feature"] for r in rows} == {"a"}  # a differs most (3.0 vs 0.1)
    assert sorted(r["label"] for r in rows) == ["0 · Thrifty", "1 · Big"]
    assert max(r["shown"] for r in rows) == segment_charts.CLIP  # 3.0 clipped to 2


def test_value_share_chart_has_both_shares_per_segment():
    value = pd.DataFrame(
        {"customer_share": [0.5, 0.3, 0.2], "revenue_share": [0.2, 0.3, 0.5]},
        index=[0, 1, -1],
    )
    spec = segment_charts.value_share_chart(value).to_dict()
    (rows,) = spec["datasets"].values()
    assert len(rows) == 4  # two segments x two shares; unassigned left out
    revenue = {r["segment"]: r["share"] for r in rows if r["measure"] == "Revenue"}
    assert revenue == {"0": 0.2, "1": 0.3}
