"""Value and frequency from several columns, readable labels, names that hold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import segmentation as sg
from segmentation.describe import describe
from segmentation.describe.value import customer_figures, find_role_columns
from segmentation.schema.vocabulary import readable_label


def test_spend_per_product_line_sums_to_value_and_counts_to_frequency():
    table = pd.DataFrame(
        {
            "MntWines": [100.0, 0.0, np.nan],
            "MntMeatProducts": [50.0, 10.0, np.nan],
            "NumWebPurchases": [3.0, 1.0, 0.0],
            "NumStorePurchases": [5.0, 1.0, 2.0],
            "NumDealsPurchases": [1.0, 2.0, 0.0],
        }
    )
    roles = find_role_columns(table)
    assert roles.value_columns == ("MntWines", "MntMeatProducts")
    assert roles.frequency_columns == ("NumWebPurchases", "NumStorePurchases")
    figures = customer_figures(table, roles, None)
    assert figures["value"].tolist()[:2] == [150.0, 10.0]
    assert np.isnan(figures["value"].iloc[2])  # nothing known: not zero
    assert figures["frequency"].tolist() == [8.0, 2.0, 2.0]


def test_a_total_column_wins_over_a_sum():
    table = pd.DataFrame(
        {"MonthlyCharges": [70.0, 20.0], "TotalCharges": [1400.0, 40.0]}
    )
    roles = find_role_columns(table)
    assert roles.value == "TotalCharges" and roles.value_columns == ("TotalCharges",)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("MonthlyCharges", "monthly charges"),
        ("MntFishProducts", "fish products spend"),
        ("NumCatalogPurchases", "catalog purchases"),
        ("IsActiveMember", "active member"),
        ("HasCrCard", "has credit card"),
        ("Total_Trans_Amt", "total trans amount"),
        ("Spending Score (1-100)", "Spending Score (1-100)"),
    ],
)
def test_readable_labels(name, label):
    assert readable_label(name) == label


def test_names_use_readable_words():
    rng = np.random.default_rng(5)
    group = np.arange(600) % 2
    spend = np.where(group == 1, rng.normal(120, 10, 600), rng.normal(30, 5, 600))
    df = pd.DataFrame({"MonthlySpend": spend.round(2).astype(str)})
    recipe = sg.Recipe.from_schema(sg.infer_schema(df))
    names = describe(df, group, recipe, rules=False).names
    assert all("monthlyspend" not in name.lower() for name in names.values()), names


def test_no_name_word_from_a_level_most_of_the_segment_lacks():
    rng = np.random.default_rng(5)
    n = 800
    group = np.arange(n) % 2
    region = np.where(group == 1, "North", rng.choice(["South", "East", "West"], n))
    # Segment 1 has 40% without a partner against 10% elsewhere: over-represented,
    # yet most of the segment has one, so "non-partner" would contradict it.
    no_partner = rng.random(n) < np.where(group == 1, 0.4, 0.1)
    df = pd.DataFrame({"Region": region, "Partner": np.where(no_partner, "No", "Yes")})
    recipe = sg.Recipe.from_schema(sg.infer_schema(df))
    found = describe(df, group, recipe, rules=False)
    traits = found.profile.traits
    assert "Partner" in set(traits.loc[traits["segment"] == 1, "feature"])
    assert "North" in found.names[1]
    assert "partner" not in found.names[1].lower(), found.names[1]
