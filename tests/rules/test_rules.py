"""Rule-based segments: every operator on every column type, with hand-computed
answers on a five-customer frame, then priority, sizes, overlap, JSON round trips,
errors, and the bundled sample against plain pandas filters."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import segmentation as sg
from segmentation.rules.conditions import (
    OPS,
    Condition,
    RuleSegment,
    evaluate_rules,
    rule_column_names,
)
from segmentation.rules.summary import (
    assign_rule_segment,
    describe_rule,
    rule_overlap,
    rule_summary,
)

ROOT = Path(__file__).resolve().parents[2]
INDEX = [10, 11, 12, 13, 14]


def customers() -> pd.DataFrame:
    """Five customers as Schema.typed gives them, one missing value per column."""
    signup = ["2024-01-31 15:30", "2023-06-01", None, "2024-02-01", "2024-01-31"]
    return pd.DataFrame(
        {
            "spend": [2500.0, 150.0, np.nan, 2000.0, 3000.0],
            "recency": [10.0, 200.0, 40.0, 30.0, 365.0],
            "country": pd.array(["France", "Spain", "France", None, " France "], "str"),
            "device": pd.array(["Mobile", "Desktop", "Tablet", "Mobile", None], "str"),
            "vip": pd.array([True, False, None, True, False], dtype="boolean"),
            "signup": pd.to_datetime(signup, format="ISO8601"),
        },
        index=INDEX,
    )


def matches(column: str, op: str, value: object = None) -> list[bool]:
    rule = RuleSegment("r", (Condition(column, op, value),))
    return evaluate_rules(customers(), [rule])["rule_r"].tolist()


T, F = True, False

# --- every operator, every column type ------------------------------------------------

NUMERIC = [
    ("==", 2000, [F, F, F, T, F]),
    ("==", "2000", [F, F, F, T, F]),
    ("==", "$2,000.00", [F, F, F, T, F]),
    ("!=", 2000, [T, T, F, F, T]),
    ("<", 2000, [F, T, F, F, F]),
    ("<=", 2000, [F, T, F, T, F]),
    (">", 2000, [T, F, F, F, T]),
    (">", 2000.5, [T, F, F, F, T]),
    (">=", "2000", [T, F, F, T, T]),
    ("between", [150, 2500], [T, T, F, T, F]),
    ("between", ["150", "2000"], [F, T, F, T, F]),
    ("in", [150, "3000"], [F, T, F, F, T]),
    ("not in", [150, 3000], [T, F, F, T, F]),
    ("is missing", None, [F, F, T, F, F]),
    ("is not missing", None, [T, T, F, T, T]),
]
TEXT = [
    ("==", "France", [T, F, T, F, T]),
    ("==", "  France ", [T, F, T, F, T]),
    ("==", "france", [F, F, F, F, F]),
    ("!=", "France", [F, T, F, F, F]),
    ("in", ["Spain", "Germany"], [F, T, F, F, F]),
    ("not in", ["Spain"], [T, F, T, F, T]),
    ("contains", "FRA", [T, F, T, F, T]),
    ("contains", "ai", [F, T, F, F, F]),
    ("is missing", None, [F, F, F, T, F]),
    ("is not missing", None, [T, T, T, F, T]),
]
BOOLEAN = [
    ("==", True, [T, F, F, T, F]),
    ("==", "yes", [T, F, F, T, F]),
    ("==", False, [F, T, F, F, T]),
    ("==", 0, [F, T, F, F, T]),
    ("!=", True, [F, T, F, F, T]),
    ("in", [True], [T, F, F, T, F]),
    ("not in", [True], [F, T, F, F, T]),
    ("is missing", None, [F, F, T, F, F]),
]
DATES = [
    ("==", "2024-01-31", [T, F, F, F, T]),
    ("==", dt.date(2024, 1, 31), [T, F, F, F, T]),
    ("==", "2024-01-31T15:30", [T, F, F, F, F]),
    ("!=", "2024-01-31", [F, T, F, T, F]),
    ("<", "2024-01-31", [F, T, F, F, F]),
    ("<=", "2024-01-31", [T, T, F, F, T]),
    (">", "2024-01-31", [F, F, F, T, F]),
    (">", "2024-01-31 12:00", [T, F, F, T, F]),
    (">", "2024-01-31T16:00+01:00", [T, F, F, T, F]),
    (">=", "2024-02-01", [F, F, F, T, F]),
    ("between", ["2024-01-01", "2024-01-31"], [T, F, F, F, T]),
    ("in", ["2023-06-01", "2024-02-01"], [F, T, F, T, F]),
    ("not in", ["2023-06-01"], [T, F, F, T, T]),
    ("is missing", None, [F, F, T, F, F]),
    ("is not missing", None, [T, T, F, T, T]),
]


@pytest.mark.parametrize(
    "column, op, value, expected",
    [("spend", *case) for case in NUMERIC]
    + [("country", *case) for case in TEXT]
    + [("vip", *case) for case in BOOLEAN]
    + [("signup", *case) for case in DATES],
)
def test_every_operator_on_every_column_type(column, op, value, expected):
    assert matches(column, op, value) == expected


def test_every_operator_is_tested():
    tested = {op for cases in (NUMERIC, TEXT, BOOLEAN, DATES) for op, _, _ in cases}
    assert tested == set(OPS)


def test_missing_values_never_satisfy_a_comparison():
    for column in ("spend", "country", "vip", "signup"):
        missing = customers()[column].isna().to_numpy()
        for op in ("!=", "not in"):
            value = {"spend": 1, "country": "x", "vip": True, "signup": "2000-01-01"}
            value = value[column] if op == "!=" else [value[column]]
            assert not np.array(matches(column, op, value))[missing].any()


def test_the_same_rules_on_a_table_typed_by_the_schema():
    text = pd.DataFrame(
        {
            "spend": ["$2,500.00", "$150.00", "", "$2,000.00", "$3,000.00"],
            "country": ["France", "Spain", "France", "n/a", "France"],
            "vip": ["yes", "no", "", "yes", "no"],
            "signup": ["31/01/2024", "01/06/2023", "", "01/02/2024", "31/01/2024"],
        },
        dtype="str",
    )
    typed = sg.infer_schema(text).typed(text)
    rules = [
        RuleSegment("Big", (Condition("spend", ">=", "2000"),)),
        RuleSegment("French", (Condition("country", "==", "France"),)),
        RuleSegment("VIP", (Condition("vip", "==", True),)),
        RuleSegment("January", (Condition("signup", "<=", "2024-01-31"),)),
    ]
    membership = evaluate_rules(typed, rules)
    assert membership.to_numpy().T.tolist() == [
        [T, F, F, T, T],
        [T, F, T, F, T],
        [T, F, F, T, F],
        [T, T, F, F, T],
    ]


# --- combining, membership frame ------------------------------------------------------

SPEND_OVER_2000 = Condition("spend", ">", 2000)  # [T, F, F, F, T]
RECENT = Condition("recency", "<=", 30)  # [T, F, F, T, F]


@pytest.mark.parametrize(
    "combine, expected", [("all", [T, F, F, F, F]), ("any", [T, F, F, T, T])]
)
def test_all_is_and_any_is_or(combine, expected):
    rule = RuleSegment("VIP", (SPEND_OVER_2000, RECENT), combine)
    assert evaluate_rules(customers(), [rule])["rule_vip"].tolist() == expected


def test_membership_is_bool_on_the_input_index_and_the_input_is_untouched():
    typed = customers()
    before = typed.copy()
    rules = [RuleSegment("VIP", (SPEND_OVER_2000,)), RuleSegment("Recent", (RECENT,))]
    membership = evaluate_rules(typed, rules)
    assert list(membership.columns) == ["rule_vip", "rule_recent"]
    assert membership.index.tolist() == INDEX
    assert all(dtype == "bool" for dtype in membership.dtypes)
    assert not membership.isna().any().any()
    pd.testing.assert_frame_equal(typed, before)


def test_a_rule_without_conditions_matches_no_one_and_no_rules_give_no_columns():
    for combine in ("all", "any"):
        empty = RuleSegment("Draft", (), combine)
        assert not evaluate_rules(customers(), [empty])["rule_draft"].any()
    membership = evaluate_rules(customers(), [])
    assert membership.shape == (5, 0)
    assert assign_rule_segment(membership, []).tolist() == ["Everyone else"] * 5


def test_column_names_are_slugs_made_unique():
    rules = [RuleSegment(n) for n in ("VIP", "Fidèles!", "VIP?", "VIP!", "vip 2", "⭐")]
    names = rule_column_names(rules)
    assert names[:5] == [
        "rule_vip",
        "rule_fideles",
        "rule_vip_2",
        "rule_vip_3",
        "rule_vip_2_2",
    ]
    assert re.fullmatch(r"rule_[0-9a-f]{8}", names[5])
    assert names[5] == rule_column_names([RuleSegment("⭐")])[0]


# --- priority, everyone else, summary, overlap ----------------------------------------

A = RuleSegment("A", (Condition("spend", ">=", 2000),))  # [T, F, F, T, T]
B = RuleSegment("B", (Condition("recency", ">", 100),))  # [F, T, F, F, T]
C = RuleSegment("C", (Condition("device", "==", "Desktop"),))  # [F, T, F, F, F]


@pytest.mark.parametrize(
    "rules, expected",
    [
        ([A, B, C], ["A", "B", "Everyone else", "A", "A"]),
        ([C, B, A], ["A", "C", "Everyone else", "A", "B"]),
        ([B, C], ["Everyone else", "B", "Everyone else", "Everyone else", "B"]),
    ],
)
def test_the_first_matching_rule_wins(rules, expected):
    segment = assign_rule_segment(evaluate_rules(customers(), rules), rules)
    assert segment.tolist() == expected
    assert segment.index.tolist() == INDEX
    assert segment.name == "rule_segment"


def test_everyone_else_label_is_configurable_and_must_not_clash():
    rules = [A]
    membership = evaluate_rules(customers(), rules)
    segment = assign_rule_segment(membership, rules, everyone_else="Others")
    assert segment.tolist() == ["A", "Others", "Others", "A", "A"]
    for bad in ("a", " ", ""):
        with pytest.raises(sg.InputError):
            assign_rule_segment(membership, rules, everyone_else=bad)


def test_summary_sizes_shares_exclusive_and_assigned():
    rules = [A, B, C]
    summary = rule_summary(evaluate_rules(customers(), rules), rules)
    assert summary.columns.tolist() == [
        "name",
        "size",
        "share",
        "exclusive_size",
        "assigned_size",
    ]
    assert summary["name"].tolist() == ["A", "B", "C", "Everyone else"]
    assert summary["size"].tolist() == [3, 2, 1, 1]
    assert summary["share"].tolist() == pytest.approx([0.6, 0.4, 0.2, 0.2])
    assert summary["exclusive_size"].tolist() == [2, 0, 0, 1]
    assert summary["assigned_size"].tolist() == [3, 1, 0, 1]


def test_summary_of_an_empty_table_has_zero_shares():
    rules = [A, B]
    summary = rule_summary(evaluate_rules(customers().iloc[:0], rules), rules)
    assert summary["size"].tolist() == [0, 0, 0]
    assert summary["share"].tolist() == [0.0, 0.0, 0.0]


def test_overlap_counts_pairs_symmetric_with_sizes_on_the_diagonal():
    rules = [A, B, C]
    membership = evaluate_rules(customers(), rules)
    overlap = rule_overlap(membership)
    assert overlap.index.tolist() == ["rule_a", "rule_b", "rule_c"]
    assert overlap.to_numpy().tolist() == [[3, 1, 0], [1, 2, 1], [0, 1, 1]]
    named = rule_overlap(membership, rules=rules)
    assert named.columns.tolist() == ["A", "B", "C"]
    assert (named.to_numpy() == overlap.to_numpy()).all()


def test_membership_of_other_rules_is_refused():
    membership = evaluate_rules(customers(), [A])
    with pytest.raises(sg.InputError, match="Rule 'B'.*evaluate the rules first"):
        assign_rule_segment(membership, [A, B])


# --- words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "conditions, combine, expected",
    [
        ((SPEND_OVER_2000, RECENT), "all", "spend > 2000 and recency ≤ 30"),
        ((SPEND_OVER_2000, RECENT), "any", "spend > 2000 or recency ≤ 30"),
        ((Condition("country", "==", "France"),), "all", "country = France"),
        ((Condition("country", "!=", "France"),), "all", "country ≠ France"),
        ((Condition("spend", ">=", 2000.0),), "all", "spend ≥ 2000"),
        ((Condition("age", "between", [18, 24.5]),), "all", "age between 18 and 24.5"),
        ((Condition("device", "in", ["Mobile"]),), "all", "device is Mobile"),
        (
            (Condition("os", "in", ["iOS", "Android", "Linux"]),),
            "all",
            "os is iOS, Android or Linux",
        ),
        (
            (Condition("os", "not in", ["iOS", "Linux"]),),
            "all",
            "os is none of iOS, Linux",
        ),
        ((Condition("city", "contains", "york"),), "all", 'city contains "york"'),
        ((Condition("income", "is missing"),), "all", "income is missing"),
        ((Condition("income", "is not missing"),), "all", "income is not missing"),
        ((Condition("os", "in", []),), "all", "os is in an empty list"),
        ((Condition("os", "not in", ["iOS"]),), "all", "os is not iOS"),
        ((), "all", "no conditions yet (matches no one)"),
    ],
)
def test_describe_rule(conditions, combine, expected):
    assert describe_rule(RuleSegment("R", conditions, combine)) == expected


# --- JSON round trip ------------------------------------------------------------------

scalars = st.one_of(
    st.text(max_size=8),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
)
conditions = st.one_of(
    st.builds(
        Condition, st.text(min_size=1), st.sampled_from(list("<>") + ["=="]), scalars
    ),
    st.builds(
        Condition,
        st.text(min_size=1),
        st.just("between"),
        st.lists(scalars, min_size=2, max_size=2),
    ),
    st.builds(
        Condition,
        st.text(min_size=1),
        st.sampled_from(["in", "not in"]),
        st.lists(scalars, max_size=4),
    ),
    st.builds(
        Condition,
        st.text(min_size=1),
        st.just("contains"),
        st.text(min_size=1).filter(str.strip),
    ),
    st.builds(
        Condition,
        st.text(min_size=1),
        st.sampled_from(["is missing", "is not missing"]),
    ),
)
rules_ = st.builds(
    RuleSegment,
    st.text(min_size=1).filter(str.strip).map(str.strip),
    st.lists(conditions, max_size=4).map(tuple),
    st.sampled_from(["all", "any"]),
)


@given(rules_)
def test_to_dict_from_dict_round_trips_exactly_through_json(rule):
    data = rule.to_dict()
    again = json.loads(json.dumps(data))
    assert again == data
    assert RuleSegment.from_dict(again) == rule
    assert RuleSegment.from_dict(again).to_dict() == data
    assert hash(RuleSegment.from_dict(again)) == hash(rule)


def test_round_trip_keeps_value_types_and_normalises_sequences_and_dates():
    rule = RuleSegment(
        "French mobile",
        (
            Condition("country", "==", "France"),
            Condition("device", "in", ("Mobile", "Tablet")),
            Condition("spend", "between", np.array([100, 200.5])),
            Condition("signup", ">=", pd.Timestamp("2024-01-31")),
            Condition("seen", "<", dt.datetime(2024, 1, 31, 8, 30)),
        ),
        "any",
    )
    data = json.loads(json.dumps(rule.to_dict()))
    assert data == {
        "name": "French mobile",
        "conditions": [
            {"column": "country", "op": "==", "value": "France"},
            {"column": "device", "op": "in", "value": ["Mobile", "Tablet"]},
            {"column": "spend", "op": "between", "value": [100.0, 200.5]},
            {"column": "signup", "op": ">=", "value": "2024-01-31"},
            {"column": "seen", "op": "<", "value": "2024-01-31T08:30:00"},
        ],
        "combine": "any",
    }
    assert RuleSegment.from_dict(data) == rule
    assert Condition.from_dict(data["conditions"][1]) == rule.conditions[1]


def test_rules_are_frozen_and_read_aliases():
    rule = RuleSegment(" VIP ", ({"column": "spend", "op": " ≥ ", "value": 1},), "AND")
    assert (rule.name, rule.conditions[0].op, rule.combine) == ("VIP", ">=", "all")
    with pytest.raises(AttributeError):
        rule.name = "Other"  # type: ignore[misc]


# --- errors: one sentence naming the rule and the column ------------------------------


def one_sentence(error: pytest.ExceptionInfo[sg.InputError], *words: str) -> None:
    message = str(error.value)
    assert "\n" not in message and message.endswith(".")
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    "condition, words",
    [
        (Condition("spnd", ">", 1), ["no column 'spnd'", "did you mean 'spend'"]),
        (Condition("spend", ">", "lots"), ["'spend'", "'lots'", "number"]),
        (Condition("spend", "in", [1, "two"]), ["'spend'", "'two'"]),
        (Condition("spend", ">", True), ["'spend'", "True"]),
        (Condition("signup", ">", "31/01/2024"), ["'signup'", "YYYY-MM-DD"]),
        (Condition("signup", ">", 2024), ["'signup'", "2024"]),
        (Condition("vip", "==", "maybe"), ["'vip'", "'maybe'", "yes or no"]),
        (Condition("country", ">", "A"), ["'country'", "holds text"]),
        (Condition("vip", "between", [0, 1]), ["'vip'", "yes/no"]),
        (Condition("spend", "contains", "20"), ["'spend'", "holds numbers"]),
        (Condition("spend", "between", [3000, 100]), ["'spend'", "3000"]),
    ],
)
def test_bad_columns_and_values_raise_one_sentence_naming_rule_and_column(
    condition, words
):
    with pytest.raises(sg.InputError) as error:
        evaluate_rules(customers(), [A, RuleSegment("VIP", (RECENT, condition))])
    one_sentence(error, "Rule 'VIP'", *words)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (
            {"conditions": (Condition("spend", "=>", 1),)},
            ["'=>'", "'spend'", "between"],
        ),
        ({"conditions": (Condition("spend", "between", [1]),)}, ["'spend'", "two"]),
        ({"conditions": (Condition("device", "in", "Mobile"),)}, ["'device'", "list"]),
        ({"conditions": (Condition("spend", ">", [1, 2]),)}, ["'spend'", "one value"]),
        ({"conditions": (Condition("spend", ">"),)}, ["'spend'", "one value"]),
        (
            {"conditions": (Condition("spend", "is missing", 0),)},
            ["'spend'", "no value"],
        ),
        ({"conditions": (Condition("city", "contains", " "),)}, ["'city'", "text"]),
        ({"conditions": (Condition("spend", ">", float("nan")),)}, ["'spend'", "nan"]),
        ({"conditions": (Condition("spend", ">", {"a": 1}),)}, ["'spend'"]),
        ({"conditions": (Condition("", ">", 1),)}, ["column name"]),
        ({"conditions": ({"col": "spend"},)}, ["condition"]),
        ({"combine": "xor"}, ["'xor'", "all or any"]),
    ],
)
def test_bad_rules_raise_one_sentence_naming_the_rule(kwargs, words):
    with pytest.raises(sg.InputError) as error:
        RuleSegment("VIP", **kwargs)
    one_sentence(error, "Rule 'VIP'", *words)


def test_names_must_be_given_and_unique_ignoring_case():
    for name in ("", "   ", None):
        with pytest.raises(sg.InputError, match="needs a name"):
            RuleSegment(name)  # type: ignore[arg-type]
    with pytest.raises(sg.InputError) as error:
        evaluate_rules(customers(), [RuleSegment("VIP"), RuleSegment("vip")])
    one_sentence(error, "Rule 'vip'", "another rule")


def test_from_dict_refuses_unknown_fields_and_non_mappings():
    with pytest.raises(sg.InputError, match="Rule 'VIP': unknown field 'combin'"):
        RuleSegment.from_dict({"name": "VIP", "conditions": [], "combin": "any"})
    with pytest.raises(sg.InputError):
        RuleSegment.from_dict(["VIP"])  # type: ignore[arg-type]
    with pytest.raises(sg.InputError):
        Condition.from_dict({"column": "spend"})


# --- the bundled sample against plain pandas ------------------------------------------


@pytest.fixture(scope="module")
def sample() -> tuple[pd.DataFrame, pd.DataFrame]:
    path = ROOT / "sample_data" / "customers.csv"
    df = sg.read_table(path)
    raw = pd.read_csv(
        path,
        dtype={"customer_id": str},
        keep_default_na=False,
        na_values=[""],
        parse_dates=["signup_date"],
    )
    return sg.infer_schema(df).typed(df), raw


SAMPLE_RULES = [
    RuleSegment(
        "VIP",
        (Condition("total_spend", ">", 2000), Condition("recency_days", "<=", 30)),
    ),
    RuleSegment("Lapsed", (Condition("recency_days", ">", 180),)),
    RuleSegment(
        "French mobile",
        (
            Condition("country", "==", "France"),
            Condition("device", "in", ["Mobile", "Tablet"]),
        ),
    ),
    RuleSegment("Opted out", (Condition("preferred_channel", "==", "None"),)),
    RuleSegment("No income", (Condition("annual_income", "is missing"),)),
    RuleSegment(
        "Young or new",
        (
            Condition("age", "between", ["18", "24"]),
            Condition("signup_date", ">=", "2025-06-30"),
        ),
        "any",
    ),
]


def test_sample_sizes_equal_plain_pandas_filters(sample):
    typed, raw = sample
    membership = evaluate_rules(typed, SAMPLE_RULES)
    expected = {
        "rule_vip": (raw.total_spend > 2000) & (raw.recency_days <= 30),
        "rule_lapsed": raw.recency_days > 180,
        "rule_french_mobile": (raw.country == "France")
        & raw.device.isin(["Mobile", "Tablet"]),
        "rule_opted_out": raw.preferred_channel == "None",
        "rule_no_income": raw.annual_income.isna(),
        "rule_young_or_new": raw.age.between(18, 24)
        | (raw.signup_date >= "2025-06-30"),
    }
    for column, mask in expected.items():
        assert membership[column].tolist() == mask.tolist(), column
    assert membership["rule_opted_out"].sum() == 848  # sample_data/README.md
    assert membership["rule_no_income"].sum() == 100
    assert 0 < membership["rule_vip"].sum() < membership["rule_lapsed"].sum()


def test_sample_summary_and_overlap_agree(sample):
    typed, raw = sample
    membership = evaluate_rules(typed, SAMPLE_RULES)
    summary = rule_summary(membership, SAMPLE_RULES)
    overlap = rule_overlap(membership, rules=SAMPLE_RULES)
    segment = assign_rule_segment(membership, SAMPLE_RULES)
    assert summary["assigned_size"].sum() == len(raw) == 5000
    assert summary["size"].iloc[:-1].tolist() == np.diag(overlap).tolist()
    assert (overlap.to_numpy() == overlap.to_numpy().T).all()
    counts = segment.value_counts()
    for row in summary.itertuples():
        assert counts.get(row.name, 0) == row.assigned_size
    nobody = ~membership.any(axis=1)
    assert (
        summary["size"].iloc[-1] == nobody.sum() == (segment == "Everyone else").sum()
    )
