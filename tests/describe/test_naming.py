"""segment_names(): short, distinct, deterministic names from a profile."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import segmentation as sg
from segmentation.describe.naming import MAX_LENGTH, describe_name_basis, segment_names
from segmentation.describe.segment_profile import profile
from segmentation.reading.samples import SAMPLES
from segmentation.recipe import Feature, Recipe

ROOT = Path(__file__).resolve().parents[2]
PLANTED = SAMPLES["customers"].planted_columns


def _people(age, device, region) -> pd.DataFrame:
    return pd.DataFrame({"age": age, "device": device, "region": region})


PEOPLE = Recipe(
    features=(
        Feature("age", "numeric", "demographic"),
        Feature("device", "categorical", "technographic"),
        Feature("region", "categorical", "geographic"),
    )
)


def test_trait_names_put_figures_before_levels():
    # Segment 0 is old and on Desktop, 1 young and on Mobile, in equal regions.
    df = _people(
        [61, 66, 70, 64, 22, 25, 24, 23],
        ["Desktop"] * 4 + ["Mobile"] * 4,
        ["North", "South"] * 4,
    )
    names = segment_names(profile(df, [0, 0, 0, 0, 1, 1, 1, 1], PEOPLE))
    assert names == {0: "Older Desktop customers", 1: "Younger Mobile customers"}


def test_twins_are_told_apart_by_their_next_trait():
    # Segments 0 and 1 are both old and on Desktop (device h = 1.23, age 0.70);
    # only the region differs (North 3/4 vs South 3/4: h = +-0.52).
    df = _people(
        [60, 62, 64, 66] * 2 + [20, 22, 24, 26],
        ["Desktop"] * 8 + ["Mobile"] * 4,
        ["North"] * 3 + ["South"] * 4 + ["North"] * 3 + ["South"] * 2,
    )
    p = profile(df, [0] * 4 + [1] * 4 + [2] * 4, PEOPLE)
    names = segment_names(p)
    assert names[0] == "Older Desktop customers (North)"
    assert names[1] == "Older Desktop customers (South)"
    assert names[2] == "Younger Mobile customers"
    assert "North" in describe_name_basis(p, 0)


def test_identical_segments_get_numbers_only_as_a_last_resort():
    df = _people(
        [60, 62, 60, 62, 20, 22],
        ["Desktop"] * 4 + ["Mobile"] * 2,
        ["North"] * 6,
    )
    names = segment_names(profile(df, [0, 0, 1, 1, 2, 2], PEOPLE))
    assert names[0] == "Older Desktop customers 1"
    assert names[1] == "Older Desktop customers 2"
    assert len(set(names.values())) == 3


def test_unassigned_is_always_named_unassigned():
    df = _people([61, 66, 22, 25, 40], ["Desktop"] * 2 + ["Mobile"] * 3, ["N"] * 5)
    p = profile(df, [0, 0, 1, 1, -1], PEOPLE)
    assert segment_names(p)[-1] == "Unassigned"
    assert list(segment_names(p)) == [0, 1, -1]


def test_segments_without_traits_are_typical():
    df = _people([30, 30, 30, 30], ["Mobile"] * 4, ["N"] * 4)
    assert segment_names(profile(df, [0, 0, 1, 1], PEOPLE)) == {
        0: "Typical customers 1",
        1: "Typical customers 2",
    }


def test_behaviour_led_segments_get_rfm_names():
    # Segment 1 bought recently, often and much: recency ranks 0.1-0.4, order
    # ranks 0.7-1.0, spend ranks 0.7-1.0 -> recentness 0.75, frequency 0.85,
    # value 0.85: Champions. Segment 0 (recency ranks 0.5-1.0) has recentness
    # 0.25 and frequency 0.35: Lapsed.
    df = pd.DataFrame(
        {
            "spend": [10.0, 10, 20, 20, 30, 30, 100, 200, 300, 400],
            "recency_days": [100.0, 200, 300, 400, 500, 600, 1, 2, 3, 4],
            "orders": [1.0] * 6 + [5.0, 6, 7, 8],
        }
    )
    recipe = Recipe(features=(Feature("spend", "numeric"),))
    p = profile(df, [0] * 6 + [1] * 4, recipe)
    assert segment_names(p) == {0: "Lapsed customers", 1: "Champions"}
    assert "percentile" in describe_name_basis(p, 1)
    with pytest.raises(KeyError):
        describe_name_basis(p, 7)


# ----------------------------------------------------------------- sample data


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return sg.read_table(SAMPLES["customers"].path)


@pytest.fixture(scope="module")
def truth() -> pd.Series:
    return pd.read_csv(ROOT / "sample_data" / "customers_truth.csv")["planted_segment"]


def _fit(customers: pd.DataFrame, columns, k: int):
    recipe = Recipe.from_schema(sg.infer_schema(customers), columns=columns, k=k)
    labels = sg.SegmentationModel(recipe).fit(customers).labels_
    return labels, recipe, profile(customers, labels, recipe)


@pytest.fixture(scope="module")
def planted(customers):
    return _fit(customers, PLANTED, 5)


def test_planted_segments_get_fitting_distinct_names(customers, truth, planted):
    labels, recipe, p = planted
    names = segment_names(p)
    votes = pd.crosstab(labels, truth)
    lapsed = names[int(votes["Lapsed / at risk"].idxmax())].lower()
    champions = names[int(votes["Champions"].idxmax())].lower()
    assert "lapsed" in lapsed or "at risk" in lapsed or "at-risk" in lapsed
    assert any(word in champions for word in ("champion", "spend", "value"))
    assert len(set(names.values())) == 5
    assert all(len(name) <= MAX_LENGTH for name in names.values())
    # Deterministic: a fresh profile of the same labels gives the same names.
    assert segment_names(profile(customers, labels, recipe)) == names


@pytest.mark.parametrize(
    ("columns", "k"),
    [
        (("age", "annual_income", "household_size", "lifestyle_score"), 8),
        (("device", "os", "preferred_channel", "interests"), 6),
        (("age", "gender", "education", "country"), 5),
    ],
)
def test_names_stay_short_and_distinct_on_other_recipes(customers, columns, k):
    labels, _, p = _fit(customers, columns, k)
    names = segment_names(p)
    assert len(set(names.values())) == len(names) == len(np.unique(labels))
    assert all(0 < len(name) <= MAX_LENGTH for name in names.values())
    assert not any(name in ("Champions", "Lapsed customers") for name in names.values())
    for segment in names:
        assert describe_name_basis(p, segment)
