"""How a group differs from everyone: the map's selection profile and key features."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from shared_data import MALL

from segmentation.describe import key_features, selection_profile
from segmentation.reading import read_table
from segmentation.recipe import Feature, Recipe
from segmentation.schema import infer_schema


def test_selection_profile_compares_with_everyone():
    table = pd.DataFrame(
        {
            "spend": [10.0, 20.0, 30.0, 40.0],
            "channel": ["Email", "SMS", "SMS", "Email"],
        },
        index=[10, 11, 12, 13],
    )
    recipe = Recipe(
        features=(
            Feature("spend", "numeric", "behavioral"),
            Feature("channel", "categorical", "technographic"),
        )
    )
    profile = selection_profile(table, [12, 13], recipe).set_index("feature")
    # spend: selection mean 35, everyone 25, sample sd of 10..40 = 12.91 -> +0.775.
    assert profile.loc["spend", "difference"] == pytest.approx(
        10 / np.std([10, 20, 30, 40], ddof=1)
    )
    assert profile.loc["spend", ["selection", "everyone"]].tolist() == [
        "35.00",
        "25.00",
    ]
    # Email and SMS are 50% both in the selection and overall: no lift.
    (category,) = [f for f in profile.index if f.startswith("channel = ")]
    assert profile.loc[category, "difference"] == 0
    assert list(profile.index)[0] == "spend"  # largest difference first


def test_key_features_are_those_the_segments_separate():
    table = pd.DataFrame(
        {"a": [1.0, 1.0, 9.0, 9.0], "b": [1.0, 2.0, 1.0, 2.0], "c": [5.0] * 4}
    )
    recipe = Recipe(
        features=tuple(Feature(n, "numeric", "behavioral") for n in ("b", "a", "c"))
    )
    labels = pd.Series([0, 0, 1, 1])
    # a is all between-segment variance, b none, c is constant (left out).
    assert key_features(table, labels, recipe) == ["a", "b"]


@pytest.fixture(scope="module")
def mall():
    frame = read_table(MALL)
    table = infer_schema(frame).typed(frame)
    recipe = Recipe(
        features=(
            Feature("Age", "numeric", "demographic"),
            Feature("Annual Income (k$)", "numeric", "demographic"),
            Feature("Spending Score (1-100)", "numeric", "behavioral"),
            Feature("Gender", "categorical", "demographic"),
        )
    )
    return table, recipe


def test_the_richest_fifth_of_the_mall_stands_out_by_income(mall):
    table, recipe = mall
    income = table["Annual Income (k$)"]
    richest = income[income >= income.quantile(0.8)].index.tolist()
    profile = selection_profile(table, richest, recipe).set_index("feature")
    assert profile.index[0] == "Annual Income (k$)"
    expected = (income[richest].mean() - income.mean()) / income.std()
    assert profile.loc["Annual Income (k$)", "difference"] == pytest.approx(expected)
    assert expected > 1.0
    assert (
        profile.loc["Annual Income (k$)", "selection"]
        == f"{income[richest].mean():,.2f}"
    )


def test_the_selection_speaks_the_analysts_labels(mall):
    table, recipe = mall
    labelled = recipe.replace(
        labels=(("Annual Income (k$)", "Yearly income"), ("Gender", "Sex"))
    )
    income = table["Annual Income (k$)"]
    richest = income[income >= income.quantile(0.8)].index.tolist()
    profile = selection_profile(table, richest, labelled)
    plain = selection_profile(table, richest, recipe)
    assert profile["feature"].iloc[0] == "Yearly income"
    assert profile["feature"].str.startswith("Sex = ").sum() == 1
    assert profile.drop(columns="feature").equals(plain.drop(columns="feature"))


def test_segments_cut_on_spending_rank_spending_first(mall):
    table, recipe = mall
    score = table["Spending Score (1-100)"]
    labels = pd.Series((score > score.median()).astype(int).to_numpy())
    ranked = key_features(table.reset_index(drop=True), labels, recipe, top=3)
    assert ranked[0] == "Spending Score (1-100)"
    assert "Gender" not in ranked  # only numbers are ranked
