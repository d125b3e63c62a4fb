"""The quality report: each kind of finding on a hand-made frame, and known facts of
the shared real datasets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from shared_data import DATASETS as SHARED

import segmentation as sg

ROOT = Path(__file__).resolve().parents[2]
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/datasets is absent (CI always has it)"
)


def kinds(report: sg.QualityReport) -> set[tuple[str | None, str]]:
    return {(f.column, f.kind) for f in report.findings}


@pytest.fixture(scope="module")
def messy() -> pd.DataFrame:
    n = 200
    rows = {
        "customer_id": [f"C{i:04d}" for i in range(n)],
        "birth_year": ["1985"] * (n - 2) + ["1875", "1990"],
        "age": [str(20 + i % 50) for i in range(n - 1)] + ["150"],
        "spend": [str(10 + i % 30) for i in range(n - 3)] + ["-40", "50000", "oops"],
        "plan": ["basic"] * n,
        "newsletter": ["yes"] * 196 + ["no"] * 4,
        "coupon": [None] * (n - 10) + [f"X{i}" for i in range(10)],
        "signup": ["2021-03-01"] * (n - 1) + ["2199-01-01"],
        "city": [f"Town {i}" for i in range(n - 1)] + ["Town 1"],
    }
    df = pd.DataFrame(rows, dtype="str")
    # a repeated row (new id, same everything else)
    dup = df.iloc[[5]].assign(customer_id="C9999")
    return pd.concat([df, dup], ignore_index=True)


def test_each_kind_of_finding_is_reported(messy):
    report = sg.quality_report(messy)
    found = kinds(report)
    expected = {
        ("birth_year", "implausible"),
        ("age", "implausible"),
        ("spend", "implausible"),
        ("spend", "unparsed"),
        ("spend", "outliers"),
        ("plan", "constant"),
        ("newsletter", "near_constant"),
        ("coupon", "missing"),
        ("signup", "implausible"),
        ("city", "high_cardinality"),
        (None, "duplicates"),
    }
    assert expected <= found
    assert report.duplicate_rows == 1
    assert ("customer_id", "duplicates") not in found


def test_findings_are_sentences_that_name_their_column(messy):
    report = sg.quality_report(messy)
    for finding in report.findings:
        assert finding.message.endswith(".")
        assert "\n" not in finding.message
        if finding.column:
            assert finding.message.startswith(f"{finding.column}: ")
    severities = [f.severity for f in report.findings]
    assert severities == sorted(severities, key=lambda s: s != "warning")


def test_column_table_counts(messy):
    columns = sg.quality_report(messy).columns.set_index("name")
    assert columns.loc["coupon", "missing"] == 191  # 190, and the repeated row 5
    assert columns.loc["coupon", "missing_share"] == pytest.approx(191 / 201)
    assert columns.loc["spend", "unparsed"] == 1
    assert columns.loc["plan", "unique"] == 1


def test_missing_tokens_are_named_and_counted_per_column():
    spend = [str(10 + i) for i in range(80)]
    spend += ["None"] * 12 + ["-"] * 3 + ["N/A"] * 2 + ["", "", "null"]
    plan = (["None", "Basic", "Premium", "NA"] * 25)[: len(spend)]
    df = pd.DataFrame({"spend": spend, "plan": plan}, dtype="str")
    report = sg.quality_report(df)
    found = {f.column: f for f in report.findings if f.kind == "missing_tokens"}
    assert found["spend"].message == (
        "spend: read as missing: 'None' ×12, '-' ×3, 'N/A' ×2, 'null' ×1."
    )
    assert found["spend"].severity == "info"
    # In a column of labels "None" is a plan; only "NA" is missing.
    assert found["plan"].message == "plan: read as missing: 'NA' ×25."
    columns = report.columns.set_index("name")
    assert columns.loc["spend", "missing"] == 20  # 17 tokens, 2 empty, 1 null
    assert columns.loc["spend", "unparsed"] == 0
    assert columns.loc["plan", "missing"] == 25
    assert columns.loc["plan", "unique"] == 3
    missing = [f.message for f in report.findings if f.kind == "missing"]
    assert "spend: 20 of 100 values missing (20.0%)." in missing


def test_no_token_finding_without_tokens(messy):
    assert not [
        f for f in sg.quality_report(messy).findings if f.kind == "missing_tokens"
    ]


def test_duplicate_ids_are_flagged():
    df = pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(50)] + ["C1"],
            "x": [str(i) for i in range(51)],
        },
        dtype="str",
    )
    assert ("customer_id", "duplicate_ids") in kinds(sg.quality_report(df))


def test_clean_table_has_no_warnings():
    df = pd.DataFrame(
        {
            "id": [str(i) for i in range(40)],
            "spend": [str(10 + i) for i in range(40)],
            "tier": ["a", "b"] * 20,
        },
        dtype="str",
    )
    assert [f for f in sg.quality_report(df).findings if f.severity == "warning"] == []


def test_sample_quality_matches_its_documented_gaps():
    df = sg.read_table(sg.reading.SAMPLES["customers"].path)
    columns = sg.quality_report(df).columns.set_index("name")
    assert columns.loc["annual_income", "missing"] == 100
    assert columns.loc["gender", "missing"] == 75
    assert columns["missing"].sum() == 300


@needs_shared
def test_online_retail_duplicates_and_negatives():
    df = sg.read_table(SHARED / "online_retail" / "online_retail.csv.gz")
    schema = sg.infer_schema(df)
    # With nothing treated as an id, duplicates are the fully repeated lines.
    as_data = schema.with_overrides(
        {name: {"role": "categorical"} for name in schema.with_role("id")}
    )
    assert sg.quality_report(df, as_data).duplicate_rows == 5_268
    report = sg.quality_report(df, schema)
    assert ("CustomerID", "missing") in kinds(report)
    quantity = [
        f for f in report.findings if f.column == "Quantity" and f.kind == "implausible"
    ]
    assert quantity and "10,624 negative" in quantity[0].message  # 9,288 + 1,336
