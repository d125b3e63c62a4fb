"""Plain-language rules per segment: figures worked out by hand on small frames
(rounding included), rule_mask on every kind of column, and the bundled sample's
planted segments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import segmentation as sg
from segmentation import workflow
from segmentation.describe.explain import rule_mask, segment_rules
from segmentation.reading.samples import SAMPLES
from segmentation.recipe import Feature, Recipe
from segmentation.rules.conditions import Condition

SPEND = Recipe(features=(Feature("spend", "numeric", "behavioral"),))
DEVICE_AGE = Recipe(
    features=(
        Feature("device", "categorical", "technographic"),
        Feature("age", "numeric", "demographic"),
    )
)


def figures(rules: pd.DataFrame, segment: int) -> tuple:
    row = rules.set_index("segment").loc[segment]
    return row["rule"], row["precision"], row["coverage"], row["matches"], row["size"]


# --- figures by hand, and rounding that changes them --------------------------------


def spend_frame() -> tuple[pd.DataFrame, np.ndarray]:
    """100 customers: 40 spend 100 and 20 spend 1552 (segment 0); 20 spend 1558
    and 20 spend 4000 (segment 1)."""
    spend = [100.0] * 40 + [1552.0] * 20 + [1558.0] * 20 + [4000.0] * 20
    return pd.DataFrame({"spend": spend}), np.repeat([0, 1], [60, 40])


def test_figures_are_counted_again_after_rounding():
    df, labels = spend_frame()
    rules = segment_rules(df, labels, SPEND)
    # The tree splits between 1552 and 1558 (at 1555): perfect, spend >= 1556 on
    # whole numbers. Rounded: 2 digits gives 1500 or 1600, 3 digits 1550 or 1560.
    # Segment 1, spend >= 1500 (or 1550): 1552, 1558, 4000 match = 60 rows, 40 in
    # the segment: precision 40/60, coverage 40/40, F1 80/100 = 0.8; >= 1600 (or
    # 1560): 20 rows, all in it: coverage 20/40, F1 40/60 = 0.67. So 1500, with
    # figures below the tree's own (1.0 and 1.0).
    assert figures(rules, 1) == ("Spend at least 1,500", 40 / 60, 1.0, 60, 40)
    assert rules.set_index("segment").loc[1, "conditions"] == (("spend", ">=", 1500),)
    # Segment 0, spend < 1500 (or 1550): 40 rows, all in it: F1 80/100 = 0.8;
    # < 1600 (or 1560): 100, 1552, 1558 = 80 rows, 60 in it: F1 120/140 = 0.857.
    assert figures(rules, 0) == ("Spend under 1,600", 60 / 80, 1.0, 80, 60)


def test_shown_figures_are_those_of_the_shown_conditions():
    df, labels = spend_frame()
    for row in segment_rules(df, labels, SPEND).itertuples():
        mask = rule_mask(df, row.conditions).to_numpy()
        in_segment = labels == row.segment
        assert row.matches == mask.sum()
        assert row.precision == (mask & in_segment).sum() / mask.sum()
        assert row.coverage == (mask & in_segment).sum() / in_segment.sum()


def test_three_digits_when_two_lose_too_much():
    # 40 customers at 1.226 (segment 0), 40 at 1.234 (segment 1): the tree cuts at
    # 1.23. Segment 1, two digits: >= 1.2 matches all 80 (F1 2*40/120 = 0.67),
    # >= 1.3 none (F1 0); three digits: >= 1.23 is exact (F1 1.0), so it is used.
    df = pd.DataFrame({"spend": [1.226] * 40 + [1.234] * 40})
    rules = segment_rules(df, np.repeat([0, 1], 40), SPEND)
    assert figures(rules, 1) == ("Spend at least 1.23", 1.0, 1.0, 40, 40)
    assert rules.set_index("segment").loc[0, "conditions"] == (("spend", "<", 1.23),)


# --- rule_mask -----------------------------------------------------------------------


def small_typed() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "age": [25.0, 40.0, np.nan, 35.0, 19.0],
            "device": pd.array(
                ["Mobile", "Desktop", "Mobile", None, " Mobile "], "str"
            ),
            "signup": pd.to_datetime(
                ["2024-01-31 15:30", "2023-06-01", None, "2024-02-01", "2024-01-30"],
                format="ISO8601",
            ),
        },
        index=[7, 8, 9, 10, 11],
    )


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        ([("age", "<", 35)], [1, 0, 0, 0, 1]),  # NaN meets nothing; 35 is not < 35
        ([("age", ">=", 35)], [0, 1, 0, 1, 0]),
        ([("device", "==", "Mobile")], [1, 0, 1, 0, 1]),  # " Mobile " is trimmed
        ([("device", "!=", "Mobile")], [0, 1, 0, 0, 0]),  # missing is not "not X"
        ([("device", "!=", "Desktop"), ("age", "<", 30)], [1, 0, 0, 0, 1]),
        ([("signup", ">=", "2024-01-31")], [1, 0, 0, 1, 0]),  # whole days: 15:30 in
        ([("signup", "<", "2024-01-31")], [0, 1, 0, 0, 1]),
        ([], [1] * 5),  # no conditions: everyone
        ([Condition("age", ">=", 19), ("device", "==", "Mobile")], [1, 0, 0, 0, 1]),
    ],
)
def test_rule_mask_by_hand(conditions, expected):
    mask = rule_mask(small_typed(), conditions)
    assert mask.index.tolist() == [7, 8, 9, 10, 11]
    assert mask.tolist() == [bool(v) for v in expected]


def test_rule_mask_refuses_what_it_cannot_read():
    with pytest.raises(sg.InputError, match="column, an operator and a value"):
        rule_mask(small_typed(), [5])
    with pytest.raises(sg.InputError, match="'<' on column 'age' needs one value"):
        rule_mask(small_typed(), [("age", "<")])
    with pytest.raises(sg.InputError, match="no column 'agee'"):
        rule_mask(small_typed(), [("agee", "<", 3)])
    with pytest.raises(sg.InputError, match="compares numbers"):
        rule_mask(small_typed(), [("device", "<", 3)])


# --- categories, mixed rules, unassigned rows, dates ------------------------------


def device_frame() -> pd.DataFrame:
    """100 customers: Mobile, Desktop, Tablet, Mobile repeating (50 Mobile, 25 each
    of the others), with the device of rows 0, 4, 8, 12, 16 (Mobile) missing;
    ages 20-56 repeating, unrelated to the device."""
    device = pd.Series(["Mobile", "Desktop", "Tablet", "Mobile"] * 25, dtype="str")
    device[[0, 4, 8, 12, 16]] = None
    age = (np.arange(100) % 37 + 20).astype(float)
    return pd.DataFrame({"device": device, "age": age})


def test_a_category_that_defines_a_segment_is_named():
    df = device_frame()
    labels = (df["device"] == "Tablet").astype(int).to_numpy()
    rules = segment_rules(df, labels, DEVICE_AGE)
    # Segment 1 is exactly the 25 tablets.
    assert figures(rules, 1) == ("Device is Tablet", 1.0, 1.0, 25, 25)
    assert rules.set_index("segment").loc[1, "conditions"] == (
        ("device", "==", "Tablet"),
    )
    # Segment 0: the 75 others; "not Tablet" leaves out the 5 missing devices.
    assert figures(rules, 0) == ("Device is not Tablet", 1.0, 70 / 75, 70, 75)


def test_unassigned_rows_get_no_rule_but_count_against_the_others():
    df = device_frame()
    labels = np.where(df["device"] == "Tablet", 1, 0)
    labels[df["device"].isna().to_numpy()] = -1
    rules = segment_rules(df, labels, DEVICE_AGE)
    assert rules["segment"].tolist() == [0, 1]
    # Segment 0: the 70 Mobile and Desktop rows; the 5 unassigned have no device,
    # so "not Tablet" matches exactly those 70.
    assert figures(rules, 0) == ("Device is not Tablet", 1.0, 1.0, 70, 70)
    assert rules["size"].sum() == 95


def test_numeric_and_categorical_conditions_in_one_rule():
    # 240 customers: Mobile/Desktop alternating, ages 18-77, each pair twice. The
    # segment: mobile and under 35, i.e. ages 18-34, 17 ages x 2 = 34 customers.
    i = np.arange(240)
    df = pd.DataFrame(
        {
            "device": np.where(i % 2 == 0, "Mobile", "Desktop"),
            "age": (18 + (i // 2) % 60).astype(float),
        }
    )
    labels = ((df["device"] == "Mobile") & (df["age"] < 35)).astype(int).to_numpy()
    rules = segment_rules(df, labels, DEVICE_AGE)
    rule, precision, coverage, matches, size = figures(rules, 1)
    assert (precision, coverage, matches, size) == (1.0, 1.0, 34, 34)
    conditions = set(rules.set_index("segment").loc[1, "conditions"])
    assert conditions == {("device", "==", "Mobile"), ("age", "<", 35)}
    assert rule in (
        "Device is Mobile and age under 35",
        "Age under 35 and device is Mobile",
    )


def test_dates_become_conditions_on_days():
    # 40 old signups from 2023-01-01 (to 2023-02-09) and 40 new from 2024-06-01 (to
    # 2024-07-10, the latest). Days before the latest: new 0-39, old 517 and up
    # (2023-02-09 to 2024-07-10), so the tree cuts at (39 + 517) / 2 = 278 days:
    # "under 279 days" is on or after 2024-07-10 minus 278 days.
    old = pd.date_range("2023-01-01", periods=40, freq="D")
    new = pd.date_range("2024-06-01", periods=40, freq="D")
    df = pd.DataFrame({"signup_date": old.append(new)})
    recipe = Recipe(features=(Feature("signup_date", "datetime", "behavioral"),))
    rules = segment_rules(df, np.repeat([0, 1], 40), recipe)
    day = str((pd.Timestamp("2024-07-10") - pd.Timedelta(days=278)).date())
    assert figures(rules, 1) == (f"Signup date on or after {day}", 1.0, 1.0, 40, 40)
    assert rules.set_index("segment").loc[0, "conditions"] == (
        ("signup_date", "<", day),
    )


def test_booleans_are_yes_or_no():
    df = pd.DataFrame({"newsletter": pd.array([True, False] * 30 + [None], "boolean")})
    labels = np.array([1, 0] * 30 + [0])
    recipe = Recipe(features=(Feature("newsletter", "boolean", "behavioral"),))
    rules = segment_rules(df, labels, recipe)
    assert figures(rules, 1) == ("Newsletter is yes", 1.0, 1.0, 30, 30)
    # Segment 0: 30 "no" and the missing one, which meets no condition.
    assert figures(rules, 0) == ("Newsletter is no", 1.0, 30 / 31, 30, 31)


def test_large_tables_fit_on_a_sample_but_count_every_row():
    # 60,000 customers, spend 0-999 repeating; the segment: spend 700 and up,
    # 300 in every 1,000, so 18,000. The trees see 50,000 rows; the figures are
    # those of all 60,000.
    df = pd.DataFrame({"spend": (np.arange(60_000) % 1000).astype(float)})
    labels = (df["spend"] >= 700).astype(int).to_numpy()
    rules = segment_rules(df, labels, SPEND)
    assert figures(rules, 1) == ("Spend at least 700", 1.0, 1.0, 18_000, 18_000)
    assert figures(rules, 0) == ("Spend under 700", 1.0, 1.0, 42_000, 42_000)


# --- edge cases and errors ------------------------------------------------------------


def test_one_segment_is_everyone():
    df, _ = spend_frame()
    rules = segment_rules(df, np.zeros(100, dtype=int), SPEND)
    assert figures(rules, 0) == ("Everyone", 1.0, 1.0, 100, 100)
    assert rules.loc[0, "conditions"] == ()


def test_a_constant_feature_is_never_used_and_alone_gives_everyone():
    df, labels = spend_frame()
    df["country"] = "France"
    df["visits"] = 3.0
    recipe = SPEND.replace(
        features=(
            Feature("country", "categorical", "geographic"),
            Feature("visits", "numeric", "behavioral"),
            *SPEND.features,
        )
    )
    rules = segment_rules(df, labels, recipe)
    columns = {c[0] for conditions in rules["conditions"] for c in conditions}
    assert columns == {"spend"}
    constant = recipe.replace(features=recipe.features[:2])
    rules = segment_rules(df, labels, constant)
    # Nothing splits: "everyone", whose precision is the segment's share.
    assert rules["rule"].tolist() == ["Everyone", "Everyone"]
    assert rules["precision"].tolist() == [0.6, 0.4]
    assert rules["coverage"].tolist() == [1.0, 1.0]


def test_no_segment_at_all_gives_an_empty_table():
    df, _ = spend_frame()
    rules = segment_rules(df, np.full(100, -1), SPEND)
    assert rules.empty
    assert list(rules.columns) == [
        "segment",
        "rule",
        "precision",
        "coverage",
        "matches",
        "size",
        "conditions",
    ]


def test_the_id_column_is_never_a_rule_column():
    df, labels = spend_frame()
    df["customer_id"] = np.arange(100.0)  # would separate the segments perfectly
    recipe = SPEND.replace(
        id_column="customer_id",
        features=(Feature("customer_id", "numeric"), *SPEND.features),
    )
    rules = segment_rules(df, labels, recipe)
    assert {c[0] for conditions in rules["conditions"] for c in conditions} == {"spend"}
    with pytest.raises(sg.InputError, match="at least one column"):
        segment_rules(df, labels, recipe.replace(features=recipe.features[:1]))


@pytest.mark.parametrize(
    ("labels", "options", "message"),
    [
        (np.zeros(99, dtype=int), {}, "99 segment labels for 100 rows"),
        (np.full(100, -2), {}, "whole numbers"),
        (np.full(100, 0.5), {}, "whole numbers"),
        (np.array(["a"] * 100), {}, "whole numbers"),
        (np.zeros(100, dtype=int), {"max_depth": 0}, "depth"),
    ],
)
def test_bad_input_is_refused_in_one_sentence(labels, options, message):
    df, _ = spend_frame()
    with pytest.raises(sg.InputError, match=message):
        segment_rules(df, labels, SPEND, **options)


def test_a_missing_feature_is_named():
    df, labels = spend_frame()
    with pytest.raises(
        sg.InputError, match="lacks the recipe's feature column.*: spend"
    ):
        segment_rules(df.rename(columns={"spend": "amount"}), labels, SPEND)


# --- the bundled sample ---------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> tuple[pd.DataFrame, Recipe, np.ndarray]:
    """The customer table as read, the six planted columns, and k = 5 segments."""
    df = sg.read_table(SAMPLES["customers"].path)
    recipe = Recipe.from_schema(
        sg.infer_schema(df), columns=SAMPLES["customers"].planted_columns, k=5
    )
    return df, recipe, sg.SegmentationModel(recipe).fit(df).labels_


def test_planted_segments_get_precise_rules(sample):
    df, recipe, labels = sample
    rules = sg.segment_rules(df, labels, recipe)
    assert rules["segment"].tolist() == [0, 1, 2, 3, 4]
    assert rules["size"].tolist() == np.bincount(labels).tolist()
    assert (rules["precision"] >= 0.8).all(), rules
    assert (rules["coverage"] >= 0.7).all(), rules
    typed = workflow.prepare_for(df, recipe).table
    for row in rules.itertuples():
        mask = rule_mask(typed, row.conditions).to_numpy()
        hits, size = (mask & (labels == row.segment)).sum(), row.size
        assert (row.matches, row.precision) == (mask.sum(), hits / mask.sum())
        assert row.coverage == hits / size
        for column, _, value in row.conditions:
            assert column in recipe.feature_names
            shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
            assert shown in row.rule  # the number shown is the condition's
    # The lapsed segment (longest since the last purchase) is told by recency.
    recency = pd.to_numeric(df["recency_days"]).groupby(labels).mean()
    lapsed = rules.set_index("segment").loc[recency.idxmax(), "rule"]
    assert "recency days" in lapsed.lower()


def test_text_input_gives_the_rules_of_typed_input(sample):
    df, recipe, labels = sample
    everything = Recipe.from_schema(sg.infer_schema(df), k=5)  # 20 kinds of column
    typed = workflow.prepare_for(df, everything).table
    from_text = segment_rules(df, labels, everything)
    pd.testing.assert_frame_equal(from_text, segment_rules(typed, labels, everything))
    words = " ".join(from_text["rule"])
    assert "_" not in words  # human labels
    # Same again: the rules are deterministic.
    pd.testing.assert_frame_equal(from_text, segment_rules(df, labels, everything))
