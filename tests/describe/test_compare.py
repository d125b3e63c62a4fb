"""Two segments side by side, with a test of each difference.

On the Telco churn corpus table the figures are recomputed here with pandas and
the tests with scipy's chi-square on the 2 x 2 table (the same p-value as the
two-proportion z-test, computed another way); on planted data the trait that
makes the groups differs and a noise column does not.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

import segmentation as sg
from segmentation import workflow
from segmentation.describe import compare_segments
from segmentation.errors import InputError
from segmentation.features import default_criteria
from segmentation.recipe import Feature, Recipe

TELCO = Path(__file__).resolve().parents[1] / "customers" / "telco_churn" / "data.csv"


@pytest.fixture(scope="module")
def telco():
    frame = sg.read_table(TELCO)
    schema = sg.infer_schema(frame)
    recipe = default_criteria(schema, schema.typed(frame)).recipe(schema, k=3)
    prepared = workflow.prepare_for(frame, recipe)
    labels = sg.SegmentationModel(recipe).fit_prepared(prepared, frame.columns).labels_
    table = sg.describe.wide_table(frame, prepared.table)
    return frame, table, labels, recipe, schema


def test_a_segment_against_everyone_else_on_the_telco_table(telco):
    frame, table, labels, recipe, schema = telco
    found = compare_segments(table, labels, recipe, 0, schema=schema)
    assert found.second == "everyone else"
    assert found.sizes == (int((labels == 0).sum()), int((labels != 0).sum()))
    rows = found.traits.set_index("trait")
    churned = frame["Churn"] == "Yes"
    first, rest = churned[labels == 0], churned[labels != 0]
    row = rows.loc["Churn = Yes"]
    assert (row["first"], row["second"]) == pytest.approx((first.mean(), rest.mean()))
    table2 = [[first.sum(), (~first).sum()], [rest.sum(), (~rest).sum()]]
    expected = chi2_contingency(np.array(table2), correction=False)[1]
    assert row["p_value"] == pytest.approx(expected, rel=1e-6)
    charges = pd.to_numeric(frame["MonthlyCharges"])
    monthly = rows.loc["Monthly charges"]
    assert monthly["first"] == pytest.approx(charges[labels == 0].mean())
    assert monthly["second"] == pytest.approx(charges[labels != 0].mean())
    assert (found.traits["p_adjusted"] >= found.traits["p_value"] - 1e-12).all()
    effects = found.traits["effect"].abs().to_numpy()
    assert (effects[:-1] >= effects[1:]).all()  # largest effect first
    assert "Total charges (value)" in rows.index  # the value measure, once
    assert "Total charges" not in rows.index


def test_two_segments_and_the_holm_adjustment(telco):
    _, table, labels, recipe, schema = telco
    found = compare_segments(table, labels, recipe, 1, 2, schema=schema)
    assert found.sizes == (int((labels == 1).sum()), int((labels == 2).sum()))
    p = found.traits["p_value"].to_numpy()
    m = len(p)
    smallest = found.traits["p_value"].idxmin()
    assert found.traits.at[smallest, "p_adjusted"] == pytest.approx(min(1, m * p.min()))
    assert found.traits["significant"].equals(found.traits["p_adjusted"] < 0.05)


def test_the_trait_that_makes_the_groups_differs_and_noise_does_not():
    rng = np.random.default_rng(7)
    n = 400
    group = np.repeat([0, 1], n // 2)
    table = pd.DataFrame(
        {
            "spend": rng.normal(100 + 40 * group, 15).round(2),
            "noise": rng.normal(50, 10, n).round(2),
            "plan": np.where(rng.random(n) < 0.2 + 0.6 * group, "Premium", "Basic"),
        }
    )
    recipe = Recipe(
        features=(
            Feature("spend", "numeric", "behavioral"),
            Feature("noise", "numeric", "behavioral"),
            Feature("plan", "categorical", "behavioral"),
        )
    )
    found = compare_segments(table, group, recipe, 1, 0)
    rows = found.traits.set_index("trait")
    spend = rows.loc["Spend (value)"]  # spend is the value, a feature too
    assert bool(spend["significant"]) and spend["effect"] > 1
    assert not bool(rows.loc["Noise", "significant"])
    (plan,) = [t for t in rows.index if t.startswith("Plan = ")]
    assert bool(rows.loc[plan, "significant"]) and rows.loc[plan, "test"] == (
        "chi-square"
    )
    assert found.traits["trait"].iloc[0] in ("Spend (value)", plan)


def test_a_segment_with_itself_or_one_that_is_not_there_is_refused(telco):
    _, table, labels, recipe, schema = telco
    with pytest.raises(InputError, match="two different segments"):
        compare_segments(table, labels, recipe, 1, 1)
    with pytest.raises(InputError, match="no segment 9"):
        compare_segments(table, labels, recipe, 9)
