"""Roles, families and PII: on toy frames with known answers, the bundled samples and
the shared real datasets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from shared_data import DATASETS as SHARED

import segmentation as sg
from segmentation.schema.infer import FAMILIES, ROLES

ROOT = Path(__file__).resolve().parents[2]
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/datasets is absent (CI always has it)"
)


def roles(df: pd.DataFrame) -> dict[str, tuple[str, str | None]]:
    return {c.name: (c.role, c.family) for c in sg.infer_schema(df).columns}


def frame(**columns: list[str | None]) -> pd.DataFrame:
    return pd.DataFrame(columns, dtype="str")


# --- values decide the type -------------------------------------------------------


@pytest.mark.parametrize(
    "values, dtype",
    [
        (["$1,234.50", "$80.00", "$15", "$2,000,000.01"], "float64"),
        (["45%", "12.5%", "100%", "0%"], "float64"),
        (["€ 1.234,50", "€ 3,25", "€ 10", "€ 0,99"], "float64"),
        (["(1,200)", "300", "-4", "5"], "int64"),
        (["1", "2", "3", "10"], "int64"),
    ],
)
def test_currency_percent_and_grouped_numbers_are_numeric(values, dtype):
    df = frame(x=values)
    column = sg.infer_schema(df, decimal="," if "€" in values[0] else ".")["x"]
    assert column.role == "numeric"
    assert column.dtype == dtype


def test_typed_parses_currency_percent_and_accounting_negatives():
    spend = ["$1,234.50", "(1,200)", "n/a"] + [f"${v}.00" for v in range(40)] + ["abc"]
    df = frame(spend=spend, rate=["45%", "5%", ""] + ["1%"] * 41)
    typed = sg.infer_schema(df).typed(df)
    assert typed["spend"].tolist()[:2] == [1234.5, -1200.0]
    assert typed["spend"].isna().tolist() == [False, False, True] + [False] * 40 + [
        True
    ]
    assert typed["rate"].tolist()[:2] == [45.0, 5.0]


@pytest.mark.parametrize(
    "values",
    [
        ["yes", "no", "Yes", "NO"],
        ["TRUE", "FALSE", "true"],
        ["Y", "N", "y"],
        ["0", "1", "1"],
    ],
)
def test_yes_no_true_false_are_boolean(values):
    df = frame(is_member=values)
    assert sg.infer_schema(df)["is_member"].role == "boolean"
    typed = sg.infer_schema(df).typed(df)["is_member"]
    assert typed.dtype == "boolean"
    assert typed.notna().all()


@pytest.mark.parametrize(
    "values, fmt, month_of_first",
    [
        (["13/01/2024", "02/03/2024", "28/02/2024"], "%d/%m/%Y", 1),
        (["01/13/2024", "02/03/2024", "02/28/2024"], "%m/%d/%Y", 1),
        (["2024-01-13", "2024-03-02"], "%Y-%m-%d", 1),
        (["25.12.2023 18:30", "01.02.2024 09:00"], "%d.%m.%Y %H:%M", 12),
        (["Dec 9, 2011", "Jan 13, 2012"], "%b %d, %Y", 12),
    ],
)
def test_dates_day_first_or_month_first_decided_from_values(
    values, fmt, month_of_first
):
    df = frame(order_date=values)
    column = sg.infer_schema(df)["order_date"]
    assert (column.role, column.date_format) == ("datetime", fmt)
    assert (
        sg.infer_schema(df).typed(df)["order_date"].dt.month.iloc[0] == month_of_first
    )


# Compact dates: 19970101, 19970101093000, 1997-01, Unix epoch seconds and ms. The
# expected timestamps are written out by hand (epoch values checked with `date -d`).
COMPACT_CASES = [
    (
        "first_order",
        ["19970101", "19971231", "20000229"],
        "%Y%m%d",
        ["1997-01-01", "1997-12-31", "2000-02-29"],
    ),
    (
        "last_seen",
        ["19970101093000", "20240229235959"],
        "%Y%m%d%H%M%S",
        ["1997-01-01 09:30:00", "2024-02-29 23:59:59"],
    ),
    (
        "cohort",
        ["1997-01", "1998-12", "2024-03"],
        "%Y-%m",
        ["1997-01-01", "1998-12-01", "2024-03-01"],
    ),
    (
        "created_at",
        ["1700000000", "946684800", "1262304000"],
        "unix_s",
        ["2023-11-14 22:13:20", "2000-01-01", "2010-01-01"],
    ),
    (
        "order_ts",
        ["1700000000000", "946684800500", "1262304000000"],
        "unix_ms",
        ["2023-11-14 22:13:20", "2000-01-01 00:00:00.500", "2010-01-01"],
    ),
]


@pytest.mark.parametrize(
    "name, values, fmt, expected", COMPACT_CASES, ids=[c[2] for c in COMPACT_CASES]
)
def test_compact_dates_are_datetime(name, values, fmt, expected):
    df = frame(customer=[f"C{i}" for i in range(len(values))], **{name: values})
    column = sg.infer_schema(df)[name]
    assert (column.role, column.date_format) == ("datetime", fmt)
    typed = sg.infer_schema(df).typed(df)[name]
    assert typed.tolist() == [pd.Timestamp(v) for v in expected]


def test_compact_dates_with_a_missing_cell_and_an_odd_one():
    # Named as a date: a few bad values are unparsed; the rest are dates.
    # 24 distinct dates and one odd value: 96% read, above the 95% needed.
    values = [f"1997{m:02d}{d}" for m in range(1, 13) for d in ("01", "15")]
    values += ["", "19971332"]
    df = frame(order_date=values)
    column = sg.infer_schema(df)["order_date"]
    assert (column.role, column.date_format) == ("datetime", "%Y%m%d")
    typed = sg.infer_schema(df).typed(df)["order_date"]
    assert typed.iloc[1] == pd.Timestamp("1997-01-15")
    assert typed.isna().tolist()[-2:] == [True, True]


@pytest.mark.parametrize(
    "name, values, role",
    [
        # 8-digit ids that all read as calendar dates stay ids.
        ("customer_id", ["19970101", "19970102", "20010911", "20200229"], "id"),
        ("account_number", ["19970101", "19970102", "20010911", "20200229"], "id"),
        # Epoch-sized numbers are no dates without a date-ish name.
        ("amount", ["1700000000", "946684800", "1262304000"], "numeric"),
        ("amount", ["1700000000000", "946684800500", "1262304000000"], "numeric"),
        ("score", ["1700000000", "946684800", "1262304000"], "numeric"),
        # One value that is no calendar date keeps an unnamed column numeric...
        ("reference", ["19970101", "19970102", "19971301"], "numeric"),
        # ...and so does a year out of range.
        ("population", ["18500101", "19970102", "19980103"], "numeric"),
        # Codes shaped like YYYY-MM with a year out of range are labels.
        ("part", ["4411-02", "5521-07", "4411-02"], "categorical"),
    ],
)
def test_numbers_that_only_look_like_dates_are_not_dates(name, values, role):
    column = sg.infer_schema(frame(**{name: values}))[name]
    assert column.role == role
    assert column.date_format is None


def test_epoch_numbers_set_to_datetime_by_hand_under_a_date_name():
    df = frame(updated=["1700000000", "946684800"], visits=["3", "4"])
    schema = sg.infer_schema(df)
    typed = schema.with_overrides({"updated": {"role": "datetime"}}).typed(df)
    assert typed["updated"].tolist() == [
        pd.Timestamp("2023-11-14 22:13:20"),
        pd.Timestamp("2000-01-01"),
    ]


def test_ambiguous_day_month_dates_are_flagged():
    column = sg.infer_schema(frame(d=["01/02/2024", "03/04/2024", "05/06/2024"]))["d"]
    assert column.role == "datetime"
    assert any("day-first or month-first" in w for w in column.warnings)


def test_zero_padded_codes_stay_text():
    df = frame(
        customer_no=[f"{i:05d}" for i in range(1, 41)],
        zip=["02134", "10001", "02139", "94105"] * 10,
    )
    schema = sg.infer_schema(df)
    assert schema["customer_no"].role == "id"
    assert (schema["zip"].role, schema["zip"].family) == ("categorical", "geographic")


def test_free_text_is_text_and_labels_are_categorical():
    notes = [
        f"Customer number {i} called about a late delivery of item {i * 7}"
        for i in range(60)
    ]
    df = frame(notes=notes, tier=["Gold", "Silver", "Bronze"] * 20)
    found = roles(df)
    assert found["notes"] == ("text", None)
    assert found["tier"][0] == "categorical"


def test_junk_in_a_numeric_column_is_flagged_not_fatal():
    values = [str(v) for v in range(1, 100)] + ["oops"]
    column = sg.infer_schema(frame(orders=values))["orders"]
    assert column.role == "numeric"
    assert any("'oops'" in w for w in column.warnings)


def test_all_missing_column_is_reported():
    column = sg.infer_schema(frame(empty=[None, None, "NA"]))["empty"]
    assert column.missing == 3
    assert column.warnings == ("Every value is missing.",)


# --- missing-value tokens -------------------------------------------------------------

TOKENS = ["None", "NA", "N/A", "null", "NULL", "-", "?", "NaN", "nan", "", " None "]


def test_missing_tokens_in_a_numeric_column_are_missing_none_included():
    numbers = [str(10 + i) for i in range(40)]
    values = numbers + TOKENS + ["None"] * 9 + [None]
    df = frame(spend=values)
    column = sg.infer_schema(df)["spend"]
    assert (column.role, column.dtype) == ("numeric", "int64")
    assert column.missing == len(TOKENS) + 9 + 1 == 21
    assert column.unique == 40
    assert column.warnings == ()
    typed = sg.infer_schema(df).typed(df)["spend"]
    assert typed.isna().sum() == 21
    assert typed.iloc[:40].tolist() == [float(10 + i) for i in range(40)]


def test_none_is_missing_in_a_date_column():
    df = frame(order_date=["2024-01-13", "None", "2024-03-02", "n/a", "None"])
    column = sg.infer_schema(df)["order_date"]
    assert (column.role, column.missing) == ("datetime", 3)
    typed = sg.infer_schema(df).typed(df)["order_date"]
    assert typed.notna().tolist() == [True, False, True, False, False]


def test_none_stays_a_value_in_a_categorical_column():
    plans = ["None", "Basic", "Premium", "None", "NA", "Basic"] * 5
    df = frame(plan=plans)
    column = sg.infer_schema(df)["plan"]
    assert column.role == "categorical"
    assert (column.missing, column.unique) == (5, 3)  # "NA" only
    typed = sg.infer_schema(df).typed(df)["plan"]
    assert typed.value_counts().to_dict() == {"None": 10, "Basic": 10, "Premium": 5}


def test_a_column_set_to_numeric_by_hand_reads_none_as_missing():
    df = frame(level=["None", "1", "2", "x", "y", "z"] * 2)
    schema = sg.infer_schema(df)
    assert schema["level"].role == "categorical"
    typed = schema.with_overrides({"level": {"role": "numeric"}}).typed(df)["level"]
    assert typed.isna().tolist()[:3] == [True, False, False]
    assert typed.tolist()[1:3] == [1.0, 2.0]


# --- personal data ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, values, kind",
    [
        (
            "contact",
            ["ann@example.com", "bo.li@example.org", "x_y@example.net"] * 5,
            "email",
        ),
        ("phone", ["+44 20 7946 0958", "(555) 123-4567", "555-867-5309"] * 5, "phone"),
        ("last_login_ip", ["192.168.0.1", "10.0.0.254", "172.16.5.4"] * 5, "ip"),
        ("addr1", ["12 High Street", "4 Elm Road", "221B Baker Street"] * 5, "address"),
        (
            "full_name",
            ["Ann Lee", "Bo Chen", "Carla Diaz", "Dev Patel", "Eve Moss", "Finn Ray"]
            * 3,
            "name",
        ),
    ],
)
def test_pii_is_detected_and_kept_out_of_features(name, values, kind):
    df = frame(**{name: values, "age": [str(20 + i) for i in range(len(values))]})
    schema = sg.infer_schema(df)
    assert (schema[name].role, schema[name].pii_kind) == ("pii", kind)
    assert name not in schema.feature_candidates()
    assert "age" in schema.feature_candidates()


def test_pii_words_in_a_counter_name_do_not_make_it_pii():
    found = roles(
        frame(
            email_opens_30d=["1", "0", "4", "7"], mobile_sessions=["3", "5", "1", "0"]
        )
    )
    assert found["email_opens_30d"] == ("numeric", "behavioral")
    assert found["mobile_sessions"] == ("numeric", "behavioral")


def test_overrides_change_roles_and_reject_unknown_values():
    schema = sg.infer_schema(frame(age=["31", "45", "27"]))
    edited = schema.to_frame()
    edited.loc[0, ["role", "family"]] = ["categorical", "psychographic"]
    changed = schema.with_overrides(edited)
    assert (changed["age"].role, changed["age"].family) == (
        "categorical",
        "psychographic",
    )
    assert schema["age"].role == "numeric"  # the original is untouched
    with pytest.raises(ValueError, match="unknown role"):
        schema.with_overrides({"age": {"role": "banana"}})


# --- the bundled samples: expectations from sample_data/README.md --------------------

CUSTOMERS = {
    "customer_id": ("id", None),
    "first_name": ("pii", None),
    "email": ("pii", None),
    "age": ("numeric", "demographic"),
    "gender": ("categorical", "demographic"),
    "annual_income": ("numeric", "demographic"),
    "household_size": ("numeric", "demographic"),
    "education": ("categorical", "demographic"),
    "country": ("categorical", "geographic"),
    "region": ("categorical", "geographic"),
    "city": ("categorical", "geographic"),
    "interests": ("categorical", "psychographic"),
    "lifestyle_score": ("numeric", "psychographic"),
    "orders": ("numeric", "behavioral"),
    "total_spend": ("numeric", "behavioral"),
    "recency_days": ("numeric", "behavioral"),
    "web_visits_30d": ("numeric", "behavioral"),
    "email_opens_30d": ("numeric", "behavioral"),
    "campaign_responses": ("numeric", "behavioral"),
    "signup_date": ("datetime", "behavioral"),
    "device": ("categorical", "technographic"),
    "os": ("categorical", "technographic"),
    "preferred_channel": ("categorical", "technographic"),
}
TRANSACTIONS = {
    "customer_id": ("id", None),
    "order_id": ("id", None),
    "order_date": ("datetime", "behavioral"),
    "amount": ("numeric", "behavioral"),
    "category": ("categorical", "behavioral"),
    "channel": ("categorical", "technographic"),
}


@pytest.mark.parametrize(
    "sample, expected", [("customers", CUSTOMERS), ("transactions", TRANSACTIONS)]
)
def test_roles_and_families_of_the_bundled_samples(sample, expected):
    df = sg.read_table(sg.reading.SAMPLES[sample].path)
    assert roles(df) == expected


def test_customers_sample_has_every_family_and_its_documented_missing_counts():
    df = sg.read_table(sg.reading.SAMPLES["customers"].path)
    schema = sg.infer_schema(df)
    assert {c.family for c in schema.columns} - {None} == set(FAMILIES)
    assert {c.role for c in schema.columns} <= set(ROLES)
    assert (schema["gender"].missing, schema["annual_income"].missing) == (75, 100)
    assert schema["lifestyle_score"].missing == 125
    assert schema["preferred_channel"].missing == 0  # "None" is an opt-out, a value


# --- the shared real datasets -------------------------------------------------------


@needs_shared
def test_mall_customers_roles():
    df = sg.read_table(SHARED / "mall_customers" / "Mall_Customers.csv")
    assert roles(df) == {
        "CustomerID": ("id", None),
        "Gender": ("categorical", "demographic"),
        "Age": ("numeric", "demographic"),
        "Annual Income (k$)": ("numeric", "demographic"),
        "Spending Score (1-100)": ("numeric", "behavioral"),
    }


@needs_shared
@pytest.mark.parametrize("name", ["online_retail.csv.gz", "online_retail_2010-12.csv"])
def test_online_retail_roles(name):
    df = sg.read_table(SHARED / "online_retail" / name)
    schema = sg.infer_schema(df)
    assert roles(df) == {
        "InvoiceNo": ("id", None),
        "StockCode": ("id", None),
        "Description": ("text", None),
        "Quantity": ("numeric", "behavioral"),
        "InvoiceDate": ("datetime", "behavioral"),
        "UnitPrice": ("numeric", "behavioral"),
        "CustomerID": ("id", None),
        "Country": ("categorical", "geographic"),
    }
    assert schema["InvoiceDate"].date_format == "%Y-%m-%d %H:%M:%S"
    assert not schema["InvoiceDate"].warnings
    assert schema["CustomerID"].missing == int(df["CustomerID"].isna().sum())


@needs_shared
def test_online_retail_known_facts_survive_typing():
    df = sg.read_table(SHARED / "online_retail" / "online_retail.csv.gz")
    typed = sg.infer_schema(df).typed(df)
    assert typed["CustomerID"].isna().sum() == 135_080
    assert df["InvoiceNo"].str.startswith("C").sum() == 9_288
    assert (typed["UnitPrice"] <= 0).sum() == 2_517
    assert typed["CustomerID"].nunique() == 4_372
    assert typed["InvoiceDate"].min() == pd.Timestamp("2010-12-01 08:26:00")
    assert typed["InvoiceDate"].max().date() == pd.Timestamp("2011-12-09").date()
