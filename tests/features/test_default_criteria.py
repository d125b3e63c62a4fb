"""Default criteria: segment on behaviour, describe with demographics and noise.

Planted data: four groups in four behaviour columns, a plan that follows the
groups, and three columns of pure noise (gender, region, payment method). The
product's default recovers the groups; so does a run on every column, because a
categorical column never pulls harder than a numeric one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from shared_data import MALL
from sklearn.metrics import adjusted_rand_score

import segmentation as sg
from segmentation.describe import profile
from segmentation.features.defaults import default_criteria
from segmentation.features.structure import describe_only, strongest_association
from segmentation.recipe import Feature, Recipe

CUSTOMERS = Path(__file__).resolve().parents[1] / "customers"
CENTRES = np.array([[0, 0, 0, 0], [3, 0, 1.5, 0], [0, 3, 0, 1.5], [1.5, 1.5, 3, 3]])
PLANS = np.array(["Basic", "Plus", "Premium", "Family"])
NOISE = ("gender", "region", "payment_method")


def planted(seed: int, n: int = 2000) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, len(CENTRES), n)
    x = CENTRES[truth] + rng.normal(0, 1, (n, 4))
    df = pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(n)],
            "monthly_spend": np.round(50 + 15 * x[:, 0], 2),
            "orders_per_year": np.round(10 + 3 * x[:, 1], 1),
            "days_since_last_order": np.round(60 + 20 * x[:, 2], 1),
            "site_visits": np.round(20 + 5 * x[:, 3], 1),
            "plan": np.where(rng.random(n) < 0.7, PLANS[truth], rng.choice(PLANS, n)),
            "payment_method": rng.choice(["card", "paypal", "transfer"], n),
            "gender": rng.choice(["Female", "Male"], n),
            "region": rng.choice(["North", "South", "East", "West"], n),
        }
    )
    return df.astype(str), truth


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_noise_columns_describe_and_the_planted_groups_are_found(seed):
    raw, truth = planted(seed)
    schema = sg.infer_schema(raw)
    chosen = default_criteria(schema, schema.typed(raw))
    assert set(chosen.reasons) == set(NOISE)
    assert "no other criterion differs by it" in chosen.reasons["payment_method"]
    assert "demographic column" in chosen.reasons["gender"]
    assert "plan" in [f.name for f in chosen.features]
    recipe = chosen.recipe(schema, k=4)
    assert {f.name for f in recipe.described} == set(NOISE)
    labels = sg.SegmentationModel(recipe).fit(raw).labels_
    assert adjusted_rand_score(truth, labels) >= 0.85


@pytest.mark.parametrize("seed", [0, 1])
def test_every_column_kept_still_finds_the_groups(seed):
    # Without the limit on a categorical column's pull, the two-level gender
    # column (alone in its family) splits the base: ARI near 0.
    raw, truth = planted(seed)
    recipe = Recipe.from_schema(sg.infer_schema(raw), k=4)
    assert set(NOISE) <= set(recipe.feature_names)
    labels = sg.SegmentationModel(recipe).fit(raw).labels_
    assert adjusted_rand_score(truth, labels) >= 0.85


def test_a_lone_categorical_pulls_like_one_numeric_column():
    raw, _ = planted(0, n=400)
    schema = sg.infer_schema(raw)
    recipe = Recipe.from_schema(
        schema, columns=("monthly_spend", "site_visits", "gender")
    )
    matrix = sg.features.build(recipe).fit_transform(schema.typed(raw))
    onehot = matrix[[c for c in matrix.columns if c.startswith("gender")]]
    # Alone in its family it would weigh 1; it weighs what each of the two
    # behaviour columns weighs (their family's weight shared by two).
    assert np.unique(onehot.to_numpy()).tolist() == pytest.approx([0.0, 2**-0.5])
    pull = matrix.var(ddof=0)
    assert onehot.var(ddof=0).sum() < pull[["monthly_spend", "site_visits"]].min()


def test_describe_only_keeps_a_column_that_goes_with_another():
    raw, _ = planted(3, n=1000)
    typed = sg.infer_schema(raw).typed(raw)
    features = [
        Feature("monthly_spend", "numeric"),
        Feature("plan", "categorical"),
        Feature("gender", "categorical"),
    ]
    assert set(describe_only(typed, features)) == {"gender"}
    found = strongest_association(typed, "plan", features)
    assert found.other == "monthly_spend" and found.is_real
    assert found.measure == "epsilon squared" and found.size > 0.1


def test_only_categorical_criteria_are_never_all_described():
    raw, _ = planted(0, n=300)
    typed = sg.infer_schema(raw).typed(raw)
    features = [Feature(name, "categorical") for name in NOISE]
    assert describe_only(typed, features) == {}


def test_a_telecoms_demographics_describe_and_its_services_define():
    frame = sg.read_table(CUSTOMERS / "telco_churn" / "data.csv")
    schema = sg.infer_schema(frame)
    chosen = default_criteria(schema, schema.typed(frame))
    features = [f.name for f in chosen.features]
    assert {"tenure", "Contract", "InternetService", "MonthlyCharges"} <= set(features)
    assert {"gender", "SeniorCitizen", "Partner", "Dependents"} <= set(chosen.reasons)
    assert "Churn" not in features and "Churn" not in chosen.reasons


def test_a_banks_card_flag_goes_with_nothing_and_describes():
    # In the bank churn table, holding a credit card is independent of every
    # other criterion (a known fact of that public table).
    frame = sg.read_table(CUSTOMERS / "bank_churn" / "data.csv")
    schema = sg.infer_schema(frame)
    chosen = default_criteria(schema, schema.typed(frame))
    assert chosen.reasons["HasCrCard"].startswith("no other criterion differs by it")
    assert "Balance" in [f.name for f in chosen.features]


@pytest.mark.skipif(not MALL.exists(), reason=f"Mall Customers not found at {MALL}")
def test_mall_gender_describes_the_segments():
    mall = sg.read_table(MALL)
    schema = sg.infer_schema(mall)
    chosen = default_criteria(schema, schema.typed(mall))
    assert list(chosen.reasons) == ["Gender"]
    recipe = chosen.recipe(schema, k=5)
    labels = sg.SegmentationModel(recipe).fit(mall).labels_
    found = profile(mall, labels, recipe)
    assert "Gender" in found.features
    shares = found.categorical[found.categorical["feature"] == "Gender"]
    assert len(shares) >= 5, "a described column is profiled like a feature"


def test_described_columns_and_business_travel_in_the_recipe():
    recipe = Recipe(
        features=(Feature("spend", "numeric", "behavioral"),),
        described=(Feature("gender", "categorical", "demographic"),),
        business="financial",
    )
    again = Recipe.from_json(recipe.to_json())
    assert again == recipe and again.described == recipe.described
    assert again.business == "financial"
    with pytest.raises(sg.InputError, match="Unknown kind of business 'bank'"):
        Recipe(business="bank")
    old = recipe.to_dict()
    del old["described"], old["business"]
    old["version"] = 3
    assert Recipe.from_dict(old).described == ()
    assert Recipe.from_dict(old).business is None
    with pytest.raises(sg.InputError, match="cannot both describe"):
        Recipe(
            features=(Feature("spend", "numeric"),),
            described=(Feature("spend", "numeric"),),
        )


def test_the_day_and_month_of_the_last_contact_describe():
    # The bank-marketing table records the day and month of the last call: when
    # it happened, not who the customer is (it split the base into "Low-day" and
    # "High-day" customers).
    frame = sg.read_table(CUSTOMERS / "bank_marketing" / "data.csv")
    schema = sg.infer_schema(frame)
    chosen = default_criteria(schema, schema.typed(frame))
    assert chosen.reasons["day"].startswith("a part of a date")
    assert chosen.reasons["month"].startswith("a part of a date")
    assert {"balance", "duration", "campaign"} <= {f.name for f in chosen.features}
