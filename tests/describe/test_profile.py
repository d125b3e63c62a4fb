"""profile(): per-segment figures, traits, value and churn risk."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from shared_data import MALL

import segmentation as sg
from segmentation import workflow
from segmentation.describe.segment_profile import profile
from segmentation.describe.value import find_role_columns
from segmentation.errors import InputError
from segmentation.reading.samples import SAMPLES
from segmentation.recipe import Feature, Recipe

ROOT = Path(__file__).resolve().parents[2]
PLANTED = SAMPLES["customers"].planted_columns
DESCRIBED = (*PLANTED, "age", "annual_income", "signup_date")

#: sample_data/README.md, "Per-segment means of the shipped files" (signup_date is
#: the tenure column: days from signup_date to the 2026-06-30 snapshot).
README_MEANS = {
    "Champions": (25.7, 3558.59, 10.8, 22.2, 10.0, 3.5, 42.2, 101690, 1151),
    "Loyal regulars": (11.0, 958.63, 40.7, 9.1, 4.9, 1.0, 45.4, 74217, 1302),
    "Bargain hunters": (17.0, 423.63, 19.3, 14.1, 20.0, 6.0, 34.0, 44667, 995),
    "New customers": (1.3, 79.72, 16.2, 7.0, 3.0, 0.3, 29.3, 53101, 26),
    "Lapsed / at risk": (4.9, 340.23, 354.6, 1.0, 1.0, 0.1, 50.3, 62218, 974),
}
README_MEDIAN_SPEND = {
    "Champions": 3314.06,
    "Loyal regulars": 872.37,
    "Bargain hunters": 397.49,
    "New customers": 67.57,
    "Lapsed / at risk": 307.40,
}
#: Decimals the README prints for each column of README_MEANS.
DIGITS = (1, 2, 1, 1, 1, 1, 1, 0, 0)


# ---------------------------------------------------------------- hand-made frame


def _hand_frame() -> tuple[pd.DataFrame, np.ndarray, Recipe]:
    """Ten customers, six in segment 0 (lapsed, cheap) and four in 1 (recent, big)."""
    frame = pd.DataFrame(
        {
            "id": [f"c{i:02d}" for i in range(1, 11)],
            "age": [30.0] * 6 + [50.0, 50.0, 50.0, np.nan],
            "spend": [10.0, 10, 20, 20, 30, 30, 100, 200, 300, 400],
            "recency_days": [100.0, 200, 300, 400, 500, 600, 1, 2, 3, 4],
            "orders": [1.0] * 6 + [5.0, 6, 7, 8],
            "device": ["Desktop"] * 5 + ["Mobile"] * 4 + [None],
            "signup_date": pd.to_datetime(["2025-01-01"] * 10),
        }
    )
    labels = np.array([0] * 6 + [1] * 4)
    recipe = Recipe(
        id_column="id",
        features=(
            Feature("age", "numeric", "demographic"),
            Feature("spend", "numeric", "behavioral"),
            Feature("device", "categorical", "technographic"),
        ),
    )
    return frame, labels, recipe


@pytest.fixture(scope="module")
def hand() -> sg.Profile:
    frame, labels, recipe = _hand_frame()
    return profile(frame, labels, recipe, as_of="2026-01-01")


def _row(table: pd.DataFrame, **match) -> pd.Series:
    hit = np.logical_and.reduce([table[k] == v for k, v in match.items()])
    assert hit.sum() == 1, match
    return table[hit].iloc[0]


def test_sizes_and_shares_by_hand(hand):
    assert hand.sizes.index.tolist() == [0, 1]
    assert hand.sizes["size"].tolist() == [6, 4]
    assert hand.sizes["share"].tolist() == pytest.approx([0.6, 0.4])
    assert hand.total == 10
    assert hand.features == ("age", "spend", "device")


def test_numeric_figures_by_hand(hand):
    # age: 30 x6 | 50 x3 and one missing. Overall mean 330/9 = 36.667, median 30;
    # population std: sqrt((6 * 6.667^2 + 3 * 13.333^2) / 9) = sqrt(800/9) = 9.428,
    # so std_diff is -6.667/9.428 = -1/sqrt(2) and 13.333/9.428 = sqrt(2).
    age1 = _row(hand.numeric, segment=1, feature="age")
    assert (age1["mean"], age1["median"]) == (50, 50)
    assert age1["overall_mean"] == pytest.approx(330 / 9)
    assert age1["overall_median"] == 30
    assert age1["std_diff"] == pytest.approx(math.sqrt(2))
    assert age1["missing_share"] == pytest.approx(0.25)
    age0 = _row(hand.numeric, segment=0, feature="age")
    assert age0["std_diff"] == pytest.approx(-1 / math.sqrt(2))
    assert age0["missing_share"] == 0
    # spend: overall mean 1120/10 = 112, median (30 + 30)/2 = 30; squared
    # deviations 2*102^2 + 2*92^2 + 2*82^2 + 12^2 + 88^2 + 188^2 + 288^2 = 177,360,
    # std sqrt(17,736) = 133.18; segment 1: mean = median = 250.
    spend1 = _row(hand.numeric, segment=1, feature="spend")
    assert (spend1["mean"], spend1["median"]) == (250, 250)
    assert (spend1["overall_mean"], spend1["overall_median"]) == (112, 30)
    assert spend1["std_diff"] == pytest.approx(138 / math.sqrt(17736))
    spend0 = _row(hand.numeric, segment=0, feature="spend")
    assert (spend0["mean"], spend0["median"]) == (20, 20)
    assert spend0["std_diff"] == pytest.approx(-92 / math.sqrt(17736))


def test_categorical_shares_lift_and_cohens_h_by_hand(hand):
    # Overall: Desktop 5/10, Mobile 4/10, missing 1/10.
    # Segment 1: Mobile 3/4, missing 1/4, Desktop 0 (under 5%: not listed);
    # by lift: (missing) 0.25/0.1 = 2.5, then Mobile 0.75/0.4 = 1.875.
    seg1 = hand.categorical[hand.categorical["segment"] == 1]
    assert seg1["level"].tolist() == ["(missing)", "Mobile"]
    assert seg1["share"].tolist() == pytest.approx([0.25, 0.75])
    assert seg1["overall_share"].tolist() == pytest.approx([0.1, 0.4])
    assert seg1["lift"].tolist() == pytest.approx([2.5, 1.875])
    # h = 2 asin sqrt(0.75) - 2 asin sqrt(0.4) = 2.0944 - 1.3694 = 0.7250
    mobile = _row(seg1, level="Mobile")
    assert mobile["effect"] == pytest.approx(0.72496, abs=1e-5)
    # Segment 0: Desktop 5/6 (lift 5/3), Mobile 1/6 (lift 5/12).
    seg0 = hand.categorical[hand.categorical["segment"] == 0]
    assert seg0["level"].tolist() == ["Desktop", "Mobile"]
    assert seg0["lift"].tolist() == pytest.approx([5 / 3, 5 / 12])


def test_traits_by_hand(hand):
    # Segment 1: Desktop 0% vs 50% (h = 0 - 2 asin sqrt(0.5) = -pi/2 = -1.571),
    # age sqrt(2) = 1.414, spend 1.036; ranked by |effect|.
    seg1 = hand.traits[hand.traits["segment"] == 1]
    assert seg1["feature"].tolist() == ["device", "age", "spend"]
    assert seg1["rank"].tolist() == [1, 2, 3]
    assert seg1["effect"].tolist() == pytest.approx(
        [-math.pi / 2, math.sqrt(2), 138 / math.sqrt(17736)]
    )
    assert seg1["text"].tolist() == [
        "0% Device = Desktop vs 50% overall",
        "Age well above average (50 vs 37)",
        "Spend 2.2x the average (250 vs 112)",
    ]
    # Segment 0: Desktop 5/6 vs 1/2, h = 2 asin sqrt(5/6) - pi/2 = 0.7297; age
    # -0.707; spend -0.691 (a fifth of the average: "well below").
    seg0 = hand.traits[hand.traits["segment"] == 0]
    assert seg0["kind"].tolist() == ["categorical", "numeric", "numeric"]
    assert seg0["text"].tolist() == [
        "83% Device = Desktop vs 50% overall",
        "Age below average (30 vs 37)",
        "Spend well below average (20 vs 112)",
    ]


def test_value_churn_and_expected_value_by_hand(hand):
    assert (hand.value_column, hand.recency_column) == ("spend", "recency_days")
    assert (hand.frequency_column, hand.tenure_column) == ("orders", "signup_date")
    v = hand.value
    # Revenue: 120 and 1,000 of 1,120; customer shares 0.6 and 0.4.
    assert v["revenue_share"].tolist() == pytest.approx([120 / 1120, 1000 / 1120])
    assert v["revenue_per_customer"].tolist() == pytest.approx([20, 250])
    assert v["value_index"].tolist() == pytest.approx(
        [120 / 1120 / 0.6, 1000 / 1120 / 0.4]
    )
    # Recency ranks: segment 1 is 1-4 (0.1-0.4), segment 0 is 5-10 (0.5-1.0).
    # Orders: the six 1s tie at rank 3.5 (0.35); 5-8 are 0.7-1.0.
    # Segment 0: mean(r) 0.75 and 1 - 0.35 = 0.65 -> 0.70 (high);
    # segment 1: mean(r) 0.25 and mean(0.3, 0.2, 0.1, 0) = 0.15 -> 0.20 (low).
    assert v["churn_risk"].tolist() == pytest.approx([0.70, 0.20])
    assert v["churn_level"].tolist() == ["high", "low"]
    # Tenure 365 days (2025-01-01 to 2026-01-01): rate = spend; gap = 365 / orders;
    # active = exp(-recency / (2 * gap)) = exp(-recency * orders / 730).
    seg0 = [(10, 100, 1), (10, 200, 1), (20, 300, 1), (20, 400, 1)]
    seg0 += [(30, 500, 1), (30, 600, 1)]
    seg1 = [(100, 1, 5), (200, 2, 6), (300, 3, 7), (400, 4, 8)]
    expected = [
        sum(s * math.exp(-r * o / 730) for s, r, o in rows) / len(rows)
        for rows in (seg0, seg1)
    ]
    assert v["expected_value"].tolist() == pytest.approx(expected)
    assert any("Churn risk" in note for note in hand.notes)


def test_summary_has_one_row_per_segment(hand):
    summary = hand.summary()
    assert summary["segment"].tolist() == [0, 1]
    assert summary.columns[:3].tolist() == ["segment", "size", "share"]
    assert summary["mean_spend"].tolist() == pytest.approx([20, 250])
    assert summary["most_common_device"].tolist() == ["Desktop (83%)", "Mobile (75%)"]
    assert summary["highest_lift_device"].tolist() == [
        "Desktop (83%, 1.7x)",
        "(missing) (25%, 2.5x)",
    ]
    assert summary["churn_level"].tolist() == ["high", "low"]
    assert {"revenue_share", "value_index", "expected_value"} <= set(summary)


def test_profile_is_frozen(hand):
    with pytest.raises(dataclasses.FrozenInstanceError):
        hand.total = 3  # type: ignore[misc]


def test_unassigned_rows_are_their_own_group_listed_last():
    frame, labels, recipe = _hand_frame()
    labels = np.array([-1, 0, 0, 0, 0, 0, 1, 1, 1, -1])
    p = profile(frame, labels, recipe)
    assert p.sizes.index.tolist() == [0, 1, -1]
    assert p.sizes["size"].tolist() == [5, 3, 2]
    assert p.value.index.tolist() == [0, 1, -1]
    assert p.numeric["segment"].drop_duplicates().tolist() == [0, 1, -1]
    # Unassigned: spend 10 and 400 -> mean 205.
    assert _row(p.numeric, segment=-1, feature="spend")["mean"] == 205
    assert p.summary()["segment"].tolist() == [0, 1, -1]


@pytest.mark.parametrize(
    ("labels", "words"),
    [
        ([0, 1], "2 segment labels for 10 rows"),
        ([0.5] * 10, "whole numbers"),
        ([0] * 9 + [-2], "-1 for unassigned"),
    ],
)
def test_bad_labels_are_refused(labels, words):
    frame, _, recipe = _hand_frame()
    with pytest.raises(InputError, match=words):
        profile(frame, labels, recipe)


def test_missing_feature_and_empty_table_are_refused():
    frame, labels, recipe = _hand_frame()
    with pytest.raises(InputError, match="lacks the recipe's feature"):
        profile(frame.drop(columns="age"), labels, recipe)
    with pytest.raises(InputError, match="no rows"):
        profile(frame.iloc[:0], [], recipe)


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        # A spending *score* and an average are not money earned.
        (
            {"Spending Score (1-100)": 1.0, "avg_order_value": 2.0},
            (None, None, None, None),
        ),
        (
            {"lifetime_value": 1.0, "days_since_last_order": 2.0, "order_count": 3.0},
            ("lifetime_value", "days_since_last_order", "order_count", None),
        ),
        (
            {"monetary": 1.0, "revenue": 2.0, "frequency": 3.0, "tenure_days": 4.0},
            ("monetary", None, "frequency", "tenure_days"),
        ),
        (
            {"sales": 1.0, "total_sales": 2.0, "mean_days_between_purchases": 3.0},
            ("total_sales", None, None, None),
        ),
        (
            {
                "last_purchase_date": pd.Timestamp("2024-01-01"),
                "customer_since": pd.Timestamp("2020-01-01"),
            },
            (None, "last_purchase_date", None, "customer_since"),
        ),
    ],
)
def test_role_columns_are_found_by_name(columns, expected):
    roles = find_role_columns(pd.DataFrame({k: [v] for k, v in columns.items()}))
    assert (roles.value, roles.recency, roles.frequency, roles.tenure) == expected


# ----------------------------------------------------------------- sample data


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return sg.read_table(SAMPLES["customers"].path)


@pytest.fixture(scope="module")
def truth() -> pd.Series:
    return pd.read_csv(ROOT / "sample_data" / "customers_truth.csv")["planted_segment"]


@pytest.fixture(scope="module")
def planted_fit(customers):
    """k-means with k = 5 on the six behavioural columns, and its profile."""
    recipe = Recipe.from_schema(sg.infer_schema(customers), columns=PLANTED, k=5)
    labels = sg.SegmentationModel(recipe).fit(customers).labels_
    return labels, profile(customers, labels, recipe, as_of="2026-06-30")


def _majority(labels: np.ndarray, truth: pd.Series) -> dict[str, int]:
    votes = pd.crosstab(labels, truth)
    return {name: int(votes[name].idxmax()) for name in votes.columns}


def _described_recipe(customers: pd.DataFrame) -> Recipe:
    return Recipe.from_schema(sg.infer_schema(customers), columns=DESCRIBED)


def test_planted_segments_reproduce_the_readme_means(customers, truth):
    codes = {name: i for i, name in enumerate(README_MEANS)}
    labels = truth.map(codes).to_numpy()
    p = profile(customers, labels, _described_recipe(customers), as_of="2026-06-30")
    for name, means in README_MEANS.items():
        rows = p.numeric[p.numeric["segment"] == codes[name]].set_index("feature")
        got = [
            round(rows.loc[c, "mean"], d)
            for c, d in zip(DESCRIBED, DIGITS, strict=True)
        ]
        assert got == pytest.approx(list(means), abs=1e-9), name
        median = round(rows.loc["total_spend", "median"], 2)
        assert median == pytest.approx(README_MEDIAN_SPEND[name])


def test_kmeans_segments_match_the_planted_means(customers, truth, planted_fit):
    labels, p = planted_fit
    match = _majority(labels, truth)
    assert sorted(match.values()) == [0, 1, 2, 3, 4]
    for name, means in README_MEANS.items():
        rows = p.numeric[p.numeric["segment"] == match[name]].set_index("feature")
        got = [rows.loc[c, "mean"] for c in PLANTED if c != "total_spend"]
        want = [
            m for c, m in zip(PLANTED, means[:6], strict=True) if c != "total_spend"
        ]
        # k-means recovers the planted segments with ARI 0.995: a few customers
        # move, so the means agree to within 5%. Spend is compared by its median:
        # a handful of extreme spenders moving shifts a mean by more.
        assert got == pytest.approx(want, rel=0.05, abs=0.1), name
        median = rows.loc["total_spend", "median"]
        assert median == pytest.approx(README_MEDIAN_SPEND[name], rel=0.05), name


def test_planted_value_and_churn(truth, planted_fit):
    labels, p = planted_fit
    match = _majority(labels, truth)
    assert p.value_column == "total_spend"
    assert (p.recency_column, p.frequency_column) == ("recency_days", "orders")
    levels = p.value["churn_level"]
    assert levels[match["Lapsed / at risk"]] == "high"
    assert levels[match["Champions"]] == "low"
    assert p.value["value_index"].idxmax() == match["Champions"]
    assert p.value["expected_value"].idxmax() == match["Champions"]
    assert p.value["expected_value"].idxmin() in (
        match["Lapsed / at risk"],
        match["New customers"],
    )
    lapsed = p.traits[p.traits["segment"] == match["Lapsed / at risk"]]
    assert "recency_days" in lapsed["feature"].tolist()
    assert any(text.startswith("Recency days") for text in lapsed["text"])
    assert p.value["revenue_share"].sum() == pytest.approx(1)


def test_text_and_typed_input_give_the_same_profile(customers):
    labels = np.arange(len(customers)) % 4
    recipe = _described_recipe(customers).replace(
        features=_described_recipe(customers).features
        + (Feature("device", "categorical", "technographic"),)
    )
    typed = workflow.prepare(customers, sg.infer_schema(customers), recipe).table
    from_text = profile(customers, labels, recipe)
    from_typed = profile(typed, pd.Series(labels), recipe)
    for name in ("sizes", "numeric", "categorical", "traits", "value"):
        pd.testing.assert_frame_equal(
            getattr(from_text, name), getattr(from_typed, name), check_dtype=False
        )
    assert from_text.notes == from_typed.notes
    assert from_text.tenure_column == from_typed.tenure_column == "signup_date"


def test_missing_values_are_counted_not_dropped(customers, truth):
    recipe = Recipe.from_schema(
        sg.infer_schema(customers), columns=("annual_income", "gender", "age")
    )
    labels = pd.factorize(truth)[0]
    p = profile(customers, labels, recipe)
    assert p.sizes["size"].sum() == 5000
    income = p.numeric[p.numeric["feature"] == "annual_income"]
    # 100 of 5,000 incomes are blank: the shares, weighted by size, add up to 100.
    sizes = p.sizes["size"].reindex(income["segment"]).to_numpy()
    assert (income["missing_share"].to_numpy() * sizes).sum() == pytest.approx(100)
    typed = pd.to_numeric(customers["annual_income"])
    assert income["overall_mean"].iloc[0] == pytest.approx(typed.mean())
    # 75 blank genders are the level "(missing)", counted in the notes.
    notes = " ".join(p.notes)
    assert "annual_income (100)" in notes and "gender (75)" in notes


def test_a_categorical_only_recipe(customers):
    recipe = Recipe.from_schema(
        sg.infer_schema(customers), columns=("device", "preferred_channel")
    )
    labels = (customers["device"] == "Desktop").to_numpy().astype(int)
    p = profile(customers, labels, recipe)
    assert p.numeric.empty and p.summary()["most_common_device"].notna().all()
    # "None" (opted out) is a channel, not a missing value.
    channels = p.categorical[p.categorical["feature"] == "preferred_channel"]
    assert "(missing)" not in set(channels["level"])
    assert _row(p.categorical, segment=1, feature="device", level="Desktop")[
        "share"
    ] == pytest.approx(1.0)
    # Value still comes from the table's total_spend, not a feature.
    assert p.value_column == "total_spend"
    assert p.value["revenue_share"].sum() == pytest.approx(1)


def test_dates_are_described_as_days_ago(customers, truth):
    recipe = Recipe.from_schema(sg.infer_schema(customers), columns=("signup_date",))
    p = profile(customers, pd.factorize(truth)[0], recipe, as_of="2026-06-30")
    assert p.numeric["label"].unique().tolist() == ["Signup date (days ago)"]
    assert any("days before 2026-06-30" in note for note in p.notes)
    assert "mean_days_since_signup_date" in p.summary().columns


@pytest.mark.skipif(
    not MALL.is_file(), reason="../shared/datasets is absent (CI always has it)"
)
def test_mall_customers_have_no_value_column():
    frame = sg.read_table(MALL)
    recipe = Recipe.from_schema(sg.infer_schema(frame), k=5)
    labels = sg.SegmentationModel(recipe).fit(frame).labels_
    p = profile(frame, labels, recipe)
    # "Spending Score (1-100)" is a score, not money; income is not spend.
    assert p.value_column is None and p.recency_column is None
    assert p.value["churn_level"].eq("unknown").all()
    assert p.value["revenue_share"].isna().all()
    assert any(note.startswith("No value column") for note in p.notes)
    assert p.sizes["size"].sum() == len(frame) == 200
    assert set(p.numeric["feature"]) == {
        "Age",
        "Annual Income (k$)",
        "Spending Score (1-100)",
    }
