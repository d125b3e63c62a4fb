"""Segmentations driven by one column, or held by one segment, are flagged."""

from __future__ import annotations

import numpy as np
import pandas as pd

import segmentation as sg
from segmentation import workflow
from segmentation.describe import describe, dominant_segment, driving_column


def _fit(df: pd.DataFrame, k: int):
    recipe = sg.Recipe.from_schema(sg.infer_schema(df), k=k)
    prepared = workflow.prepare_for(df, recipe)
    labels = sg.SegmentationModel(recipe).fit_prepared(prepared, df.columns).labels_
    return recipe, prepared, labels


def test_segments_that_are_ranges_of_one_column_are_flagged():
    rng = np.random.default_rng(0)
    n = 1000
    # Segments that split a "days since last contact" column and nothing else.
    contact = np.where(
        rng.random(n) < 0.5, rng.normal(20, 3, n), rng.normal(400, 30, n)
    )
    df = pd.DataFrame(
        {
            "contact_gap": contact.round(1).astype(str),
            "age": rng.normal(40, 10, n).round().astype(int).astype(str),
            "income": rng.normal(50000, 8000, n).round().astype(int).astype(str),
            "visits": rng.normal(10, 2, n).round(1).astype(str),
        }
    )
    recipe, prepared, _ = _fit(df, 2)
    labels = (contact > 200).astype(int)  # segments that are two ranges of it
    found = driving_column(prepared.matrix, labels, recipe.feature_names)
    assert [w.kind for w in found] == ["driver"]
    assert "contact_gap" in found[0].text
    described = describe(df, labels, recipe, matrix=prepared.matrix, rules=False)
    assert "driver" in {w.kind for w in described.warnings}


def test_planted_groups_on_several_columns_are_not_flagged():
    rng = np.random.default_rng(1)
    group = np.arange(900) % 3
    centres = np.array([[0, 0, 0], [4, 4, 0], [0, 4, 4]], dtype=float)
    points = centres[group] + rng.normal(size=(900, 3))
    df = pd.DataFrame(points.round(3), columns=["spend", "orders", "visits"]).astype(
        str
    )
    recipe, prepared, labels = _fit(df, 3)
    assert driving_column(prepared.matrix, labels, recipe.feature_names) == []
    assert dominant_segment(labels) == []


def test_one_segment_with_most_customers_is_flagged():
    labels = np.r_[np.zeros(850, int), np.ones(100, int), np.full(50, 2)]
    (warning,) = dominant_segment(labels)
    assert warning.segments == (0,) and "85%" in warning.text
