"""Recipe round trip, the feature transformer, and the custom sklearn steps."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.utils.estimator_checks import check_estimator

import segmentation as sg
from segmentation.features.matrix import build
from segmentation.features.transformers import (
    DaysSince,
    QuantileClipper,
    SkewLog1p,
    Weight,
)
from segmentation.reading.samples import SAMPLES
from segmentation.recipe import Feature, Preprocessing, Recipe, TransactionMapping

ROOT = Path(__file__).resolve().parents[2]
BEHAVIOUR = SAMPLES["customers"].planted_columns


@pytest.fixture(scope="module")
def customers() -> tuple[pd.DataFrame, sg.Schema, pd.DataFrame]:
    df = sg.read_table(ROOT / "sample_data" / "customers.csv")
    schema = sg.infer_schema(df)
    return df, schema, schema.typed(df)


# --- Recipe --------------------------------------------------------------------------


def full_recipe() -> Recipe:
    return Recipe(
        input_fingerprint="ab" * 32,
        id_column="customer_id",
        features=(
            Feature("age", "numeric", "demographic"),
            Feature("country", "categorical", "geographic"),
            Feature("vip", "boolean", None),
            Feature("signup_date", "datetime", "behavioral"),
        ),
        weights=(("demographic", 0.5), ("behavioral", 2.25)),
        preprocessing=Preprocessing(
            log1p="on", scaling="standard", clip=False, rare_share=0.05
        ),
        transactions=TransactionMapping(
            customer="CustomerID",
            date="InvoiceDate",
            quantity="Quantity",
            price="UnitPrice",
            invoice="InvoiceNo",
            as_of="2011-12-10",
        ),
        algorithm="gmm",
        k=6,
        seed=42,
        segment_names=((0, "Big spenders"), (3, "Été = summer")),
        holdout=0.15,
        neutralise_formulas=False,
    )


def test_recipe_json_round_trip_is_exact():
    recipe = full_recipe()
    text = recipe.to_json()
    again = Recipe.from_json(text)
    assert again == recipe
    assert again.to_json() == text
    assert json.loads(text)["weights"] == {"demographic": 0.5, "behavioral": 2.25}
    names = json.loads(text)["segment_names"]
    assert names == {"0": "Big spenders", "3": "Été = summer"}


def test_version_1_recipes_still_read_with_the_old_defaults():
    old = json.loads(full_recipe().to_json())
    for added in ("segment_names", "holdout", "neutralise_formulas"):
        del old[added]
    old["version"] = 1
    recipe = Recipe.from_json(json.dumps(old))
    assert recipe.version == 1 and recipe.k == 6
    assert (recipe.names, recipe.holdout, recipe.neutralise_formulas) == ({}, 0, True)


def test_recipe_from_schema_takes_usable_columns(customers):
    _, schema, _ = customers
    recipe = Recipe.from_schema(schema)
    assert recipe.id_column == "customer_id"
    assert "email" not in recipe.feature_names  # PII stays out
    assert "first_name" not in recipe.feature_names
    assert set(recipe.feature_names) == set(schema.feature_candidates())
    only = Recipe.from_schema(schema, families=("technographic",))
    assert only.feature_names == ["device", "os", "preferred_channel"]


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"version": 99}', "version 99"),
        ('{"colour": "blue"}', "unknown field"),
        ("{not json", "not valid JSON"),
        ('{"features": [{"name": "a", "kind": "shape"}]}', "kind 'shape'"),
        ('{"weights": {"astrology": 1}}', "unknown family"),
        ('{"preprocessing": {"scaling": "huge"}}', "scaling"),
        ("[1, 2]", "JSON object"),
        ('{"holdout": 0.95}', "holdout share"),
        ('{"holdout": "a lot"}', "holdout share"),
        ('{"segment_names": ["a"]}', "segment_names"),
        ('{"segment_names": {"first": "a"}}', "segment_names"),
    ],
)
def test_bad_recipes_are_refused_with_a_sentence(text, message):
    with pytest.raises(sg.InputError, match=message):
        Recipe.from_json(text)


def test_recipe_refuses_repeated_features_and_non_feature_roles(customers):
    _, schema, _ = customers
    with pytest.raises(sg.InputError, match="twice"):
        Recipe(features=(Feature("a", "numeric"), Feature("a", "numeric")))
    with pytest.raises(sg.InputError, match="cannot be a feature"):
        Recipe.from_schema(schema, columns=("email",))


# --- the feature matrix ------------------------------------------------------------


def test_matrix_is_deterministic_and_complete(customers):
    _, schema, typed = customers
    recipe = Recipe.from_schema(schema)
    first = build(recipe).fit_transform(typed)
    second = build(recipe).fit_transform(typed)
    pd.testing.assert_frame_equal(first, second)
    assert not first.isna().any().any()
    assert len(first) == len(typed)
    assert "missingindicator_annual_income" in first.columns  # imputed, flagged


def test_defaults_find_the_planted_segments(customers):
    _, schema, typed = customers
    truth = pd.read_csv(ROOT / "sample_data" / "customers_truth.csv")["planted_segment"]
    matrix = build(Recipe.from_schema(schema, columns=BEHAVIOUR)).fit_transform(typed)
    labels = KMeans(5, n_init=10, random_state=0).fit_predict(matrix)
    assert adjusted_rand_score(truth, labels) >= 0.8


def test_family_weight_scales_its_columns_and_is_shared_among_them():
    frame = pd.DataFrame(
        {
            "a": [1.0, 2.0, 3.0, 4.0],
            "b": [4.0, 1.0, 3.0, 2.0],
            "c": [0.0, 1.0, 0.0, 2.0],
        }
    )
    plain = Preprocessing(
        log1p="off", clip=False, scaling="none", missing_indicator=False
    )
    one = Recipe(
        features=(Feature("a", "numeric", "demographic"),), preprocessing=plain
    )
    heavy = one.replace(weights=(("demographic", 3.0),))
    assert build(heavy).fit_transform(frame)["a"].tolist() == [3.0, 6.0, 9.0, 12.0]
    shared = Recipe(
        features=tuple(Feature(n, "numeric", "behavioral") for n in "abc"),
        weights=(("behavioral", 2.0),),
        preprocessing=plain,
    )
    out = build(shared).fit_transform(frame)
    factor = 2.0 / np.sqrt(3)
    np.testing.assert_allclose(out["a"], frame["a"] * factor)


def test_rare_categories_are_grouped_and_unknown_ones_accepted():
    frame = pd.DataFrame({"city": ["Paris"] * 60 + ["Lyon"] * 39 + ["Nice"]})
    recipe = Recipe(
        features=(Feature("city", "categorical", "geographic"),),
        preprocessing=Preprocessing(rare_share=0.05),
    )
    transformer = build(recipe).fit(frame)
    out = transformer.transform(pd.DataFrame({"city": ["Nice", "Oslo", "Paris"]}))
    assert "city_infrequent_sklearn" in out.columns
    assert out.loc[0, "city_infrequent_sklearn"] == 1.0
    assert out.loc[1, "city_infrequent_sklearn"] == 1.0  # unseen -> infrequent
    assert out.loc[2, "city_Paris"] == 1.0


def test_empty_recipe_is_refused():
    with pytest.raises(sg.InputError, match="at least one column"):
        build(Recipe())


# --- the custom steps ---------------------------------------------------------------


def test_skew_log1p_picks_skewed_non_negative_columns():
    x = np.array(
        [[1.0, 1.0, -5.0], [2.0, 2.0, 0.0], [3.0, 3.0, 1.0], [1000.0, 4.0, 900.0]]
    )
    step = SkewLog1p().fit(x)
    assert step.columns_.tolist() == [True, False, False]  # third has a negative
    np.testing.assert_allclose(step.transform(x)[:, 0], np.log1p(x[:, 0]))
    assert SkewLog1p(mode="on").fit(x).columns_.tolist() == [True, True, False]
    assert SkewLog1p(mode="off").fit(x).columns_.tolist() == [False, False, False]


def test_clipper_keeps_missing_values():
    x = np.array([[1.0], [2.0], [np.nan], [100.0], [3.0]])
    out = QuantileClipper(0.0, 0.75).fit(x).transform(x)
    assert np.isnan(out[2, 0])
    assert out[3, 0] == pytest.approx(np.nanquantile(x, 0.75))


def test_days_since_counts_back_from_the_day_after_the_latest_date():
    dates = pd.DataFrame({"d": pd.to_datetime(["2024-03-01", "2024-03-10", None])})
    out = DaysSince().fit_transform(dates).ravel()
    assert out[:2].tolist() == [10.0, 1.0]
    assert np.isnan(out[2])
    fixed = DaysSince(as_of="2024-04-01").fit_transform(dates).ravel()
    assert fixed[0] == 31.0


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.SkipTestWarning")  # array API
@pytest.mark.parametrize("estimator", [SkewLog1p(), QuantileClipper(), Weight(2.0)])
def test_custom_steps_follow_the_estimator_contract(estimator):
    results = check_estimator(estimator, on_fail=None)
    failed = [
        (r["check_name"], str(r["exception"]))
        for r in results
        if r["status"] == "failed"
    ]
    assert not failed
    assert sum(r["status"] == "passed" for r in results) > 30
