"""Outcome columns: found by name and values, kept out of the features, reported
per segment as a rate, and read as observed churn when they say who left."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import segmentation as sg
from segmentation import workflow
from segmentation.describe import describe, outcome_table, summary_table
from segmentation.describe.outcomes import outcome_flags, rate_column


@pytest.mark.parametrize(
    ("name", "values", "level"),
    [
        ("Churn", ["Yes", "No", "No", "No"], "Yes"),
        ("Exited", ["1", "0", "0", "0"], "Yes"),
        (
            "Attrition_Flag",
            ["Attrited Customer"] + ["Existing Customer"] * 3,
            "Attrited Customer",
        ),
        ("churn", ["True.", "False.", "False.", "False."], "True."),
        ("y", ["yes", "no", "no", "no"], "Yes"),
        ("Response", ["1", "0", "0", "0"], "Yes"),
        ("Complain", ["0", "1", "0", "0"], "Yes"),
    ],
)
def test_two_valued_result_columns_are_outcomes(name, values, level):
    df = pd.DataFrame({name: values * 10, "spend": [str(i) for i in range(40)]})
    schema = sg.infer_schema(df)
    assert schema[name].role == "outcome"
    assert name not in schema.feature_candidates()
    flags, found = outcome_flags(schema.typed(df)[name])
    assert found == level
    assert flags.mean() == pytest.approx(0.25 if name != "Complain" else 0.25)


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("campaign_responses", [str(i % 5) for i in range(40)]),  # a count
        ("Churn", ["Yes"] * 40),  # constant: no result to read
        ("Contract", ["Month-to-month", "One year"] * 20),  # not a result's name
    ],
)
def test_other_columns_are_not_outcomes(name, values):
    assert sg.infer_schema(pd.DataFrame({name: values}))[name].role != "outcome"


def _churn_table(seed: int = 0) -> pd.DataFrame:
    """Two spend groups; the low spenders churn five times as often."""
    rng = np.random.default_rng(seed)
    low, high = rng.normal(30, 4, 300), rng.normal(110, 8, 300)
    churn = np.r_[rng.random(300) < 0.5, rng.random(300) < 0.1]
    return pd.DataFrame(
        {
            "customerID": [f"{i:04d}-XYZ" for i in range(600)],
            "MonthlyCharges": np.r_[low, high].round(2).astype(str),
            "Churn": np.where(churn, "Yes", "No"),
        }
    )


def test_outcomes_are_reported_per_segment_and_read_as_observed_churn():
    df = _churn_table()
    schema = sg.infer_schema(df)
    recipe = sg.Recipe.from_schema(schema, k=2)
    assert recipe.feature_names == ["MonthlyCharges"]
    assert recipe.outcomes == ("Churn",)
    prepared = workflow.prepare_for(df, recipe)
    labels = sg.SegmentationModel(recipe).fit_prepared(prepared, df.columns).labels_
    found = describe(
        sg.describe.wide_table(df, prepared.table), labels, recipe, rules=False
    )
    summary = summary_table(found, found.names).set_index("segment")
    churned = df["Churn"].eq("Yes").to_numpy()
    for segment in (0, 1):
        expected = churned[labels == segment].mean()
        assert summary.loc[segment, rate_column("Churn")] == pytest.approx(expected)
    value = found.profile.value
    high_risk = value["churn_risk"].idxmax()
    low_spend = summary["mean_MonthlyCharges"].idxmin()
    assert high_risk == low_spend
    assert value.loc[high_risk, "churn_level"] == "high"
    assert any(
        note.startswith("Churn risk is observed") for note in found.profile.notes
    )


def test_recipe_keeps_outcomes_and_reads_older_recipes():
    recipe = sg.Recipe(outcomes=("Churn",))
    again = sg.Recipe.from_json(recipe.to_json())
    assert again.outcomes == ("Churn",) and again.version == sg.recipe.RECIPE_VERSION
    old = sg.Recipe.from_dict({"version": 2, "features": []})
    assert old.outcomes == ()
    with pytest.raises(sg.InputError, match="both a feature and an outcome"):
        sg.Recipe(features=(sg.Feature("Churn", "boolean"),), outcomes=("Churn",))


def test_outcome_rates_skip_missing_values():
    table = pd.DataFrame({"Churn": ["Yes", None, "No", "No"]})
    rows = outcome_table(table, ["Churn"], pd.Series([0, 0, 1, 1]), [0, 1])
    assert rows["known"].tolist() == [1, 2]
    assert rows["rate"].tolist() == [1.0, 0.0]
    assert rows["overall_rate"].iloc[0] == pytest.approx(1 / 3)


def test_a_model_score_of_the_outcome_is_not_a_default_feature():
    rng = np.random.default_rng(4)
    churn = rng.random(200) < 0.3
    df = pd.DataFrame(
        {
            "Attrition_Flag": np.where(churn, "Attrited Customer", "Existing Customer"),
            "Naive_Bayes_Classifier_Attrition_Flag_Card_1": np.where(
                churn, rng.uniform(0.8, 1, 200), rng.uniform(0, 0.2, 200)
            ).astype(str),
            "Total_Trans_Amt": rng.gamma(2, 900, 200).round(2).astype(str),
        }
    )
    schema = sg.infer_schema(df)
    score = schema["Naive_Bayes_Classifier_Attrition_Flag_Card_1"]
    assert score.derived_from == "Attrition_Flag"
    assert any("left out of the default criteria" in w for w in score.warnings)
    assert sg.Recipe.from_schema(schema).feature_names == ["Total_Trans_Amt"]
