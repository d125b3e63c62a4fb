"""Per-customer behaviour, RFM scores and named RFM segments.

The reference answers come from elsewhere than the code under test: a plain
pandas computation written here, the facts in ``shared/datasets/README.md`` and
``sample_data/README.md``, the bundled ``customers.csv`` (written by the sample
generator from the same transactions), or small cases worked out by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shared_data import RETAIL

import segmentation as sg
from segmentation.behaviour.log_columns import suggest_transaction_columns
from segmentation.behaviour.rfm import (
    DEFAULT_RFM_RULES,
    RFMRule,
    rfm_scores,
    rfm_segments,
    rules_from_dicts,
    rules_to_dicts,
)
from segmentation.behaviour.transactions import (
    BEHAVIOUR_COLUMNS,
    Behaviour,
    BehaviourReport,
    behaviour_of_log,
    behaviour_sentences,
    customer_behaviour,
)
from segmentation.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
needs_retail = pytest.mark.skipif(
    not RETAIL.exists(),
    reason=f"UCI Online Retail not found at {RETAIL} (the shared/ datasets folder "
    "sits beside the project in CI)",
)
RETAIL_MAP = {
    "customer": "CustomerID",
    "date": "InvoiceDate",
    "quantity": "Quantity",
    "price": "UnitPrice",
    "invoice": "InvoiceNo",
}
SAMPLE_MAP = {
    "customer": "customer_id",
    "date": "order_date",
    "amount": "amount",
    "invoice": "order_id",
}


# ---------------------------------------------------------------------------
# UCI Online Retail, full file, against a plain pandas computation
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def retail_text() -> pd.DataFrame:
    return sg.read_table(RETAIL)


@pytest.fixture(scope="module")
def retail_made(retail_text: pd.DataFrame) -> Behaviour:
    return behaviour_of_log(retail_text, **RETAIL_MAP)


@pytest.fixture(scope="module")
def retail(retail_made: Behaviour) -> pd.DataFrame:
    return retail_made.table


@pytest.fixture(scope="module")
def retail_lines() -> pd.DataFrame:
    """The file read straight with pandas: ids as text, numbers and dates parsed."""
    df = pd.read_csv(
        RETAIL,
        dtype={"CustomerID": str, "InvoiceNo": str},
        keep_default_na=False,
        na_values=[""],
    )
    df["when"] = pd.to_datetime(df["InvoiceDate"], format="%Y-%m-%d %H:%M:%S")
    df["amount"] = df["Quantity"].astype(float) * df["UnitPrice"].astype(float)
    return df


@pytest.fixture(scope="module")
def retail_reference(retail_lines: pd.DataFrame) -> pd.DataFrame:
    as_of = retail_lines["when"].max().normalize() + pd.Timedelta(days=1)
    df = retail_lines[retail_lines["CustomerID"].notna()]
    cancelled = df["InvoiceNo"].str.startswith("C") | (df["amount"] < 0)
    buys = df[~cancelled & (df["amount"] > 0)]
    ref = buys.groupby("CustomerID").agg(
        frequency=("InvoiceNo", "nunique"),
        first_purchase=("when", "min"),
        last_purchase=("when", "max"),
        bought=("amount", "sum"),
    )
    ref["monetary"] = df.groupby("CustomerID")["amount"].sum().loc[ref.index]
    ref["recency_days"] = (as_of - ref["last_purchase"].dt.normalize()).dt.days
    ref["tenure_days"] = (as_of - ref["first_purchase"].dt.normalize()).dt.days
    ref["return_rate"] = (ref["bought"] - ref["monetary"]) / ref["bought"]
    ref.attrs["as_of"] = as_of
    return ref


@needs_retail
def test_retail_matches_plain_pandas_for_every_customer(
    retail: pd.DataFrame, retail_reference: pd.DataFrame
) -> None:
    ref = retail_reference
    assert retail["CustomerID"].tolist() == sorted(ref.index)
    ours = retail.set_index("CustomerID")
    assert len(ours) == 4_338  # shared/datasets/README.md: careful RFM customers
    assert (ours["frequency"] == ref["frequency"]).all()
    assert np.abs(ours["monetary"] - ref["monetary"]).max() < 0.005
    assert (ours["recency_days"] == ref["recency_days"]).all()
    assert (ours["tenure_days"] == ref["tenure_days"]).all()
    assert (ours["first_purchase"] == ref["first_purchase"]).all()
    assert (ours["last_purchase"] == ref["last_purchase"]).all()
    assert np.allclose(ours["return_rate"], ref["return_rate"], atol=1e-9)
    assert np.allclose(
        ours["avg_order_value"], ref["monetary"] / ref["frequency"], atol=1e-9
    )
    assert list(retail.columns) == ["CustomerID", *BEHAVIOUR_COLUMNS]


@needs_retail
def test_retail_facts_from_the_dataset_readme(
    retail: pd.DataFrame, retail_made: Behaviour
) -> None:
    report = retail_made.report
    assert report.as_of == pd.Timestamp("2011-12-10")  # the usual snapshot
    assert retail["recency_days"].median() == 51
    assert retail["frequency"].median() == 2
    assert (retail["frequency"] == 1).mean() == pytest.approx(0.34, abs=0.01)
    top = retail["monetary"].sort_values(ascending=False)
    share = top.head(len(top) // 5).sum() / top.sum()
    assert 0.70 < share < 0.80  # "the top 20% bring about 75% of revenue"


@needs_retail
def test_retail_report_counts_every_line(
    retail: pd.DataFrame, retail_made: Behaviour, retail_lines: pd.DataFrame
) -> None:
    report = retail_made.report
    assert retail.attrs == {}  # the report is beside the table, not inside it
    assert isinstance(report, BehaviourReport)
    assert report.lines_read == 541_909
    assert report.lines_without_customer == 135_080
    anonymous = retail_lines.loc[retail_lines["CustomerID"].isna(), "amount"]
    assert report.value_without_customer == pytest.approx(anonymous.sum(), abs=0.01)
    assert report.lines_bad_date == report.lines_bad_amount == 0
    assert report.lines_used == 541_909 - 135_080
    known = retail_lines[retail_lines["CustomerID"].notna()]
    returns = known["InvoiceNo"].str.startswith("C") | (known["amount"] < 0)
    assert report.return_lines == int(returns.sum())
    only_returns = (
        known.groupby("CustomerID")["CustomerID"]
        .size()
        .index.difference(retail["CustomerID"])
    )
    assert report.customers_without_purchase == len(only_returns) > 0
    text = " ".join(behaviour_sentences(report))
    assert "135,080 lines without a customer id" in text
    assert behaviour_sentences(report) == report.sentences()


@needs_retail
def test_cancellation_trap(retail: pd.DataFrame, retail_lines: pd.DataFrame) -> None:
    trap = ["12346", "16446"]
    # The trap is real: counting purchase lines alone makes them top spenders.
    bought = (
        retail_lines[retail_lines["amount"] > 0].groupby("CustomerID")["amount"].sum()
    )
    assert set(trap) <= set(bought.nlargest(10).index)
    scored = rfm_segments(retail).set_index("CustomerID")
    for customer in trap:
        assert abs(scored.loc[customer, "monetary"]) < 10
        assert scored.loc[customer, "m_score"] == 1
    top = scored["monetary"].nlargest(100).index
    assert not set(trap) & set(top)


@needs_retail
def test_typed_frame_gives_the_same_table(retail: pd.DataFrame) -> None:
    typed = pd.read_csv(RETAIL, parse_dates=["InvoiceDate"])  # CustomerID float
    assert typed["CustomerID"].dtype == "float64"
    again = customer_behaviour(typed, **RETAIL_MAP)
    assert again["CustomerID"].tolist() == retail["CustomerID"].tolist()
    assert not again["CustomerID"].str.contains(".", regex=False).any()
    pd.testing.assert_frame_equal(
        again.drop(columns="CustomerID"), retail.drop(columns="CustomerID")
    )


@needs_retail
def test_suggested_columns_on_retail(retail_text: pd.DataFrame) -> None:
    suggestion = suggest_transaction_columns(sg.infer_schema(retail_text))
    assert suggestion == {"amount": None, **RETAIL_MAP}


# ---------------------------------------------------------------------------
# RFM scores on skewed data with heavy ties
# ---------------------------------------------------------------------------


@needs_retail
def test_every_bin_used_despite_heavy_ties(retail: pd.DataFrame) -> None:
    assert (retail["frequency"] == 1).mean() > 0.3  # a third share one value
    scored = rfm_scores(retail)
    n = len(scored)
    for column in ("r_score", "f_score", "m_score"):
        counts = scored[column].value_counts()
        assert sorted(counts.index) == [1, 2, 3, 4, 5]
        assert counts.max() - counts.min() <= 1
        assert abs(counts.min() - n / 5) < 1


@needs_retail
def test_scores_follow_the_values_and_recency_is_reversed(
    retail: pd.DataFrame,
) -> None:
    scored = rfm_scores(retail)
    for value, score, sign in (
        ("recency_days", "r_score", -1),
        ("frequency", "f_score", 1),
        ("monetary", "m_score", 1),
    ):
        by_bin = scored.groupby(score)[value].agg(["min", "max"]).sort_index()
        if sign < 0:  # r_score 5 holds the smallest recency
            assert (by_bin["min"].iloc[:-1].to_numpy() >= by_bin["max"].iloc[1:]).all()
        else:
            assert (by_bin["max"].iloc[:-1].to_numpy() <= by_bin["min"].iloc[1:]).all()
    assert scored.loc[scored["recency_days"].idxmin(), "r_score"] == 5
    assert scored.loc[scored["recency_days"].idxmax(), "r_score"] == 1


def test_scores_by_hand() -> None:
    table = pd.DataFrame(
        {
            "recency_days": [3, 30, 300, 1, 90, 10, 60, 5, 200, 20],
            "frequency": [1, 1, 1, 1, 1, 1, 2, 3, 4, 9],
            "monetary": [5.0, 40.0, 10.0, 90.0, 20.0, 80.0, 30.0, 60.0, 70.0, 50.0],
        }
    )
    scored = rfm_scores(table)
    # recency ranks: 1->1 3->2 5->3 10->4 20->5 30->6 60->7 90->8 200->9 300->10
    assert scored["r_score"].tolist() == [5, 3, 1, 5, 2, 4, 2, 4, 1, 3]
    # frequency 1 x6 ranked in row order, then 2, 3, 4, 9
    assert scored["f_score"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    # monetary ranks: 5->1 10->2 20->3 30->4 40->5 50->6 60->7 70->8 80->9 90->10
    assert scored["m_score"].tolist() == [1, 3, 1, 5, 2, 5, 2, 4, 4, 3]
    assert table.columns.tolist() == ["recency_days", "frequency", "monetary"]


def test_scores_refuse_bad_columns() -> None:
    table = pd.DataFrame({"recency_days": [1, 2], "frequency": [1, None]})
    with pytest.raises(InputError, match="monetary"):
        rfm_scores(table)
    table["monetary"] = [1.0, 2.0]
    with pytest.raises(InputError, match="missing"):
        rfm_scores(table)


# ---------------------------------------------------------------------------
# Named segments from rules held as data
# ---------------------------------------------------------------------------

# The R x F grid, written out independently of the module: GRID[r][f].
GRID = {
    5: ["New", "Potential loyalist", "Potential loyalist", "Champions", "Champions"],
    4: ["Promising", "Potential loyalist", "Potential loyalist", "Loyal", "Loyal"],
    3: ["About to sleep", "About to sleep", "Need attention", "Loyal", "Loyal"],
    2: ["Hibernating", "Hibernating", "At risk", "At risk", "Can't lose them"],
    1: ["Hibernating", "Hibernating", "At risk", "At risk", "Can't lose them"],
}


def grid_name(r: int, f: int, m: int) -> str:
    if r == 1 and f <= 2 and m <= 2:
        return "Lost"
    return GRID[r][f - 1]


def test_every_score_combination_gets_its_grid_name() -> None:
    cells = pd.DataFrame(
        [(r, f, m) for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)],
        columns=["r_score", "f_score", "m_score"],
    )
    named = rfm_segments(cells)
    expected = [grid_name(*row) for row in cells.itertuples(index=False)]
    assert named["rfm_segment"].tolist() == expected
    assert set(named["rfm_segment"]) == {rule.name for rule in DEFAULT_RFM_RULES}
    assert len(set(expected)) == 11


@needs_retail
def test_retail_segments_match_their_rules(retail: pd.DataFrame) -> None:
    named = rfm_segments(retail)
    for row in named.itertuples(index=False):
        assert row.rfm_segment == grid_name(row.r_score, row.f_score, row.m_score)
    assert named["rfm_segment"].nunique() == 11
    assert (named["rfm_segment"] != "Other").all()


def test_custom_thresholds_change_the_outcome() -> None:
    cells = pd.DataFrame(
        [(r, f, 3) for r in range(1, 6) for f in range(1, 6)],
        columns=["r_score", "f_score", "m_score"],
    )
    strict = tuple(
        RFMRule(r.name, r.r_min, r.r_max, 5, r.f_max, r.m_min, r.m_max)
        if r.name == "Champions"
        else r
        for r in DEFAULT_RFM_RULES
    )
    before = rfm_segments(cells)["rfm_segment"]
    after = rfm_segments(cells, strict)["rfm_segment"]
    changed = cells[before != after]
    assert changed[["r_score", "f_score"]].values.tolist() == [[5, 4]]
    assert after[(cells["r_score"] == 5) & (cells["f_score"] == 4)].item() == "Other"
    only = rfm_segments(cells, [RFMRule("Recent", 4, 5, 1, 5)], other="Rest")
    assert set(only["rfm_segment"]) == {"Recent", "Rest"}
    assert (only["rfm_segment"] == "Recent").sum() == 10


def test_first_matching_rule_wins() -> None:
    cells = pd.DataFrame({"r_score": [5], "f_score": [5], "m_score": [5]})
    rules = [RFMRule("A", 1, 5, 1, 5), RFMRule("B", 5, 5, 5, 5)]
    assert rfm_segments(cells, rules)["rfm_segment"].item() == "A"
    assert rfm_segments(cells, rules[::-1])["rfm_segment"].item() == "B"


def test_existing_scores_are_kept() -> None:
    table = pd.DataFrame(
        {"recency_days": [1, 900], "r_score": [1, 5], "f_score": [5, 5]}
    )
    table["m_score"] = 3
    named = rfm_segments(table)
    assert named["r_score"].tolist() == [1, 5]
    assert named["rfm_segment"].tolist() == ["Can't lose them", "Champions"]


def test_rules_round_trip_through_json() -> None:
    stored = json.dumps(rules_to_dicts(DEFAULT_RFM_RULES))
    assert rules_from_dicts(json.loads(stored)) == DEFAULT_RFM_RULES
    first = json.loads(stored)[0]
    assert first == {
        "name": "Champions",
        "r_min": 5,
        "r_max": 5,
        "f_min": 4,
        "f_max": 5,
        "m_min": 1,
        "m_max": 5,
        "description": DEFAULT_RFM_RULES[0].description,
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "X", "r_min": 1, "r_max": 5, "f_min": 1, "f_max": 6}, "f_min"),
        ({"name": "X", "r_min": 4, "r_max": 2, "f_min": 1, "f_max": 5}, "r_min"),
        ({"name": "X", "r_min": "1", "r_max": 5, "f_min": 1, "f_max": 5}, "whole"),
        ({"name": "", "r_min": 1, "r_max": 5, "f_min": 1, "f_max": 5}, "name"),
        ({"name": "X", "r_min": 1, "r_max": 5, "f_min": 1}, "f_max"),
        (
            {"name": "X", "r_min": 1, "r_max": 5, "f_min": 1, "f_max": 5, "z": 1},
            "unknown",
        ),
    ],
)
def test_malformed_rules_are_refused(data: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        rules_from_dicts([data])


# ---------------------------------------------------------------------------
# The bundled sample against customers.csv
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_transactions() -> pd.DataFrame:
    return sg.read_table(SAMPLE / "transactions.csv")


def test_sample_matches_customers_file(sample_transactions: pd.DataFrame) -> None:
    customers = pd.read_csv(
        SAMPLE / "customers.csv",
        dtype={"customer_id": str},
        keep_default_na=False,
        na_values=[""],
    ).set_index("customer_id")
    made = behaviour_of_log(sample_transactions, **SAMPLE_MAP, as_of="2026-06-30")
    table = made.table
    assert table["customer_id"].tolist() == sorted(customers.index)
    ours = table.set_index("customer_id")
    assert (ours["frequency"] == customers["orders"]).all()
    assert np.abs(ours["monetary"] - customers["total_spend"]).max() < 0.005
    assert (ours["recency_days"] == customers["recency_days"]).all()
    signup = pd.to_datetime(customers["signup_date"])
    assert (ours["first_purchase"].dt.normalize() >= signup).all()
    report = made.report
    assert report.lines_read == 56_995 and report.lines_used == 56_995
    assert report.return_lines == 1_672
    assert report.as_of == pd.Timestamp("2026-06-30") and report.as_of_given


def test_sample_suggested_columns(sample_transactions: pd.DataFrame) -> None:
    suggestion = suggest_transaction_columns(sg.infer_schema(sample_transactions))
    assert suggestion == {
        "customer": "customer_id",
        "date": "order_date",
        "amount": "amount",
        "quantity": None,
        "price": None,
        "invoice": "order_id",
    }


# ---------------------------------------------------------------------------
# Small cases worked out by hand
# ---------------------------------------------------------------------------


def hand_log() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "cust": ["007", "007", "007", "007", "012", "", None, "099", "012"],
            "inv": ["A1", "A1", "A2", "CA2", "B1", "X1", "X2", "R9", "B2"],
            "day": [
                "2024-03-01 10:00:00",
                "2024-03-01 10:00:00",
                "2024-03-05 09:00:00",
                "2024-03-06 12:00:00",
                "2024-03-02 08:00:00",
                "2024-03-03 08:00:00",
                "2024-03-04 08:00:00",
                "2024-03-04 08:00:00",
                "2024-03-09 23:59:00",
            ],
            "spend": ["4", "6", "30", "-5", "8.5", "100", "200", "-3", "1.5"],
        }
    )


def test_hand_log() -> None:
    made = behaviour_of_log(
        hand_log(), customer="cust", date="day", amount="spend", invoice="inv"
    )
    table = made.table
    assert table["cust"].tolist() == ["007", "012"]
    c7, c12 = table.iloc[0], table.iloc[1]
    # as_of: the day after 2024-03-09 -> 2024-03-10
    assert (c7["recency_days"], c12["recency_days"]) == (5, 1)
    assert (c7["frequency"], c12["frequency"]) == (2, 2)
    assert (c7["monetary"], c12["monetary"]) == (35.0, 10.0)
    assert (c7["tenure_days"], c12["tenure_days"]) == (9, 8)
    assert c7["return_rate"] == 5 / 40 and c12["return_rate"] == 0
    assert c7["avg_order_value"] == 17.5
    assert c7["mean_days_between_purchases"] == 4.0  # Mar 1 -> Mar 5, one gap
    assert c12["mean_days_between_purchases"] == 7.0
    assert c7["last_purchase"] == pd.Timestamp("2024-03-05 09:00")
    report = made.report
    assert report.lines_without_customer == 2
    assert report.value_without_customer == 300
    assert report.customers_without_purchase == 1  # "099": a return only
    assert report.value_without_purchase == -3
    assert report.return_lines == 2
    assert report.lines_used == 7
    assert report.as_of == pd.Timestamp("2024-03-10") and not report.as_of_given


def test_cancelled_invoice_with_positive_lines_is_no_purchase() -> None:
    log = pd.DataFrame(
        {
            "c": ["1", "1"],
            "i": ["100", "C101"],
            "d": ["2024-01-01", "2024-01-02"],
            "q": ["2", "1"],
            "p": ["5", "3"],
        }
    )
    table = customer_behaviour(
        log, customer="c", date="d", quantity="q", price="p", invoice="i"
    )
    assert table["frequency"].item() == 1
    assert table["monetary"].item() == 13.0
    assert table["last_purchase"].item() == pd.Timestamp("2024-01-01")


def test_without_invoices_frequency_counts_timestamps() -> None:
    log = hand_log().drop(columns="inv")
    table = customer_behaviour(log, customer="cust", date="day", amount="spend")
    # 007 bought at 03-01 10:00 (two lines) and 03-05 09:00
    assert table.set_index("cust")["frequency"].to_dict() == {"007": 2, "012": 2}


def test_missing_invoice_counts_by_timestamp() -> None:
    log = hand_log()
    log.loc[[0, 1, 2], "inv"] = None  # 007's purchases: two timestamps
    table = customer_behaviour(
        log, customer="cust", date="day", amount="spend", invoice="inv"
    )
    assert table.set_index("cust").loc["007", "frequency"] == 2


def test_typed_ids_become_text() -> None:
    log = pd.DataFrame(
        {
            "id": [12346.0, 12346.0, np.nan, 17.0],
            "when": pd.to_datetime(
                ["2024-01-01", "2024-01-02", "2024-01-02", "2024-01-03"]
            ),
            "amount": [1.0, 2.0, 3.0, 4.0],
        }
    )
    table = customer_behaviour(log, customer="id", date="when", amount="amount")
    assert table["id"].tolist() == ["12346", "17"]  # text order
    ints = log.dropna().assign(id=lambda d: d["id"].astype(int))
    again = customer_behaviour(ints, customer="id", date="when", amount="amount")
    assert again["id"].tolist() == ["12346", "17"]


def test_decimal_comma_from_read_table() -> None:
    raw = b"kunde;datum;betrag\n0001;01.02.2024;1.234,50\n0001;03.02.2024;-34,50\n"
    tx, info = sg.read_table_with_info(raw, "bestellungen.csv")
    assert info.decimal == ","
    table = customer_behaviour(
        tx, customer="kunde", date="datum", amount="betrag", decimal=info.decimal
    )
    assert table["kunde"].tolist() == ["0001"]
    assert table["monetary"].item() == 1200.0
    assert table["last_purchase"].item() == pd.Timestamp("2024-02-01")


# A log in the CDNOW layout: whitespace-aligned, dates written YYYYMMDD.
CDNOW_LIKE = (
    "customer_id  date      quantity  amount\n"
    "00001        19970101  1         11.77\n"
    "00002        19970112  1         12.00\n"
    "00002        19970112  5         77.00\n"
    "00003        19970102  2         20.76\n"
    "00003        19970330  2         20.76\n"
    "00003        19970402  2         19.54\n"
)


def test_compact_yyyymmdd_log_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "cdnow_like.txt"
    path.write_text(CDNOW_LIKE, encoding="utf-8")
    tx = sg.read_table(path)
    assert tx["date"].tolist()[:2] == ["19970101", "19970112"]
    assert sg.infer_schema(tx)["date"].role == "datetime"
    mapping = suggest_transaction_columns(sg.infer_schema(tx))
    assert (mapping["customer"], mapping["date"]) == ("customer_id", "date")
    made = behaviour_of_log(tx, customer="customer_id", date="date", amount="amount")
    table = made.table
    assert table["customer_id"].tolist() == ["00001", "00002", "00003"]
    # as_of: the day after 1997-04-02. Jan 1 -> Apr 3 is 31 + 28 + 31 + 2 days.
    assert table["recency_days"].tolist() == [92, 81, 1]
    assert table["tenure_days"].tolist() == [92, 81, 91]
    assert table["frequency"].tolist() == [1, 1, 3]  # 00002: two lines, one day
    assert table["last_purchase"].tolist() == [
        pd.Timestamp("1997-01-01"),
        pd.Timestamp("1997-01-12"),
        pd.Timestamp("1997-04-02"),
    ]
    assert table["monetary"].round(2).tolist() == [11.77, 89.0, 61.06]
    assert made.report.lines_bad_date == 0


@pytest.mark.parametrize(
    ("column", "days"),
    [
        ("order_time", ["19970101080000", "19970102235959", "19970105000001"]),
        ("order_ts", ["852105600", "852249599", "852422401"]),  # epoch seconds
        ("created_at", ["852105600000", "852249599000", "852422401000"]),  # ms
        ("created_at", [852105600000, 852249599000, 852422401000]),  # typed int64
    ],
)
def test_compact_and_epoch_dates_in_a_log(column: str, days: list) -> None:
    # 852105600 is 1997-01-01 08:00:00 UTC; 852249599 1997-01-02 23:59:59;
    # 852422401 1997-01-05 00:00:01.
    log = pd.DataFrame(
        {"cust": ["a", "a", "b"], column: days, "spend": ["1", "2", "3"]}
    )
    table = customer_behaviour(log, customer="cust", date=column, amount="spend")
    assert table["recency_days"].tolist() == [4, 1]  # as_of 1997-01-06
    assert table["first_purchase"].tolist() == [
        pd.Timestamp("1997-01-01 08:00:00"),
        pd.Timestamp("1997-01-05 00:00:01"),
    ]


def test_epoch_numbers_under_a_name_that_is_no_date_are_refused() -> None:
    log = pd.DataFrame(
        {
            "cust": ["a", "a", "b"],
            "purchase": ["852105600", "852249599", "852422401"],
            "spend": ["1", "2", "3"],
        }
    )
    with pytest.raises(InputError, match="3 of 3 values are not dates"):
        customer_behaviour(log, customer="cust", date="purchase", amount="spend")


def test_unreadable_values_below_half_are_left_out_and_counted() -> None:
    log = hand_log()
    log.loc[2, "day"] = "soon"
    log.loc[4, "spend"] = "lots"
    report = behaviour_of_log(
        log, customer="cust", date="day", amount="spend", invoice="inv"
    ).report
    assert (report.lines_bad_date, report.lines_bad_amount) == (1, 1)
    assert report.lines_used == 5
    text = " ".join(report.sentences())
    assert "unreadable date (day)" in text and "unreadable amount (spend)" in text


@pytest.mark.parametrize(
    ("column", "bad", "words"),
    [
        ("day", "next week", ["'day'", "dates", "'next week'"]),
        ("spend", "a lot", ["'spend'", "numbers", "'a lot'"]),
    ],
)
def test_mostly_unreadable_column_is_refused(
    column: str, bad: str, words: list[str]
) -> None:
    log = hand_log()
    log.loc[:5, column] = bad
    with pytest.raises(InputError) as info:
        customer_behaviour(
            log, customer="cust", date="day", amount="spend", invoice="inv"
        )
    for word in words:
        assert word in str(info.value)


def test_missing_column_lists_the_columns() -> None:
    with pytest.raises(InputError) as info:
        customer_behaviour(hand_log(), customer="client", date="day", amount="spend")
    message = str(info.value)
    assert "'client'" in message and "cust, inv, day, spend" in message


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"amount": "spend", "quantity": "spend"}, "not both"),
        ({"quantity": "spend"}, "quantity and price"),
        ({"amount": "spend", "as_of": "someday"}, "not a date"),
        ({"amount": "spend", "as_of": "2024-02-01"}, "No transaction is dated"),
    ],
)
def test_bad_options(options: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        customer_behaviour(hand_log(), customer="cust", date="day", **options)


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        customer_behaviour(hand_log(), "cust", "day", "spend")  # type: ignore[misc]


def test_input_is_not_changed() -> None:
    log = hand_log()
    before = log.copy()
    customer_behaviour(log, customer="cust", date="day", amount="spend", invoice="inv")
    pd.testing.assert_frame_equal(log, before)


# ---------------------------------------------------------------------------
# Properties on generated transaction logs
# ---------------------------------------------------------------------------

ids = st.text(alphabet="0123456789", min_size=1, max_size=6)
line = st.tuples(
    st.sampled_from(["00001", "0042", "7", "0000", "12346", "000099"]) | ids,
    st.integers(min_value=0, max_value=90 * 24),  # hours after the start
    st.integers(min_value=-3_000, max_value=20_000),  # cents
    st.integers(min_value=1, max_value=12),  # invoice number
    st.booleans(),  # cancellation invoice
)


def make_log(rows: list[tuple[str, int, int, int, bool]]) -> pd.DataFrame:
    start = pd.Timestamp("2025-01-01")
    return pd.DataFrame(
        {
            "customer": [r[0] for r in rows],
            "date": [str(start + pd.Timedelta(hours=r[1])) for r in rows],
            "amount": [f"{r[2] / 100:.2f}" for r in rows],
            "invoice": [("C" if r[4] else "") + f"{r[0]}-{r[3]}" for r in rows],
        }
    )


def buyers(log: pd.DataFrame) -> set[str]:
    amounts = log["amount"].astype(float)
    return set(log.loc[(amounts > 0) & ~log["invoice"].str.startswith("C"), "customer"])


settings_ = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


COLS = {
    "customer": "customer",
    "date": "date",
    "amount": "amount",
    "invoice": "invoice",
}


@settings_
@given(st.lists(line, min_size=1, max_size=40))
def test_properties_of_generated_logs(rows: list) -> None:
    log = make_log(rows)
    made = behaviour_of_log(log, **COLS)
    table, report = made.table, made.report
    assert set(table["customer"]) == buyers(log)  # ids unchanged, text for text
    assert report.customers_without_purchase == log["customer"].nunique() - len(table)
    assert table["customer"].tolist() == sorted(table["customer"])
    assert (table["frequency"] >= 1).all()
    assert (table["recency_days"] >= 1).all()  # default as_of: the day after
    assert (table["tenure_days"] >= table["recency_days"]).all()
    sums = log.assign(a=log["amount"].astype(float)).groupby("customer")["a"].sum()
    ours = table.set_index("customer")["monetary"]
    assert np.allclose(ours, sums.loc[ours.index], atol=1e-9)


@settings_
@given(
    st.lists(line, min_size=1, max_size=30),
    st.integers(min_value=0, max_value=29),
    st.integers(min_value=0, max_value=90 * 24),
    st.integers(min_value=1, max_value=50_000),
    st.booleans(),
)
def test_a_return_line_never_adds_purchases(
    rows: list, pick: int, hour: int, cents: int, as_cancellation: bool
) -> None:
    log = make_log(rows)
    if not buyers(log):
        return
    customer = rows[pick % len(rows)][0]
    # Either a negative amount on a fresh invoice, or a positive line on a C invoice.
    extra = (customer, hour, cents if as_cancellation else -cents, 99, as_cancellation)
    before = customer_behaviour(log, **COLS).set_index("customer")
    after = customer_behaviour(make_log([*rows, extra]), **COLS).set_index("customer")
    assert list(after.index) == list(before.index)
    assert (after["frequency"] == before["frequency"]).all()
    assert (after["last_purchase"] == before["last_purchase"]).all()
    if customer in before.index:
        signed = cents if as_cancellation else -cents
        expected = before.loc[customer, "monetary"] + signed / 100
        assert after.loc[customer, "monetary"] == pytest.approx(expected)


@settings_
@given(st.lists(line, min_size=1, max_size=40))
def test_scores_are_one_to_five_on_any_log(rows: list) -> None:
    log = make_log(rows)
    if not buyers(log):
        return
    named = rfm_segments(customer_behaviour(log, **COLS))
    for column in ("r_score", "f_score", "m_score"):
        assert named[column].between(1, 5).all()
        if len(named) >= 5:
            assert set(named[column]) == {1, 2, 3, 4, 5}
    for row in named.itertuples(index=False):
        assert row.rfm_segment == grid_name(row.r_score, row.f_score, row.m_score)


@pytest.mark.parametrize("as_of", ["2025-06-30", "2025-12-31", "2026-03-31"])
def test_snapshot_of_the_bundled_log_matches_pandas(
    sample_transactions: pd.DataFrame, as_of: str
) -> None:
    made = behaviour_of_log(sample_transactions, **SAMPLE_MAP, as_of=as_of)
    lines = pd.read_csv(SAMPLE / "transactions.csv", dtype=str)
    lines["when"] = pd.to_datetime(lines["order_date"])
    lines["amount"] = lines["amount"].astype(float)
    cut = pd.Timestamp(as_of)
    then = lines[lines["when"] < cut]
    bought = then[(then["amount"] > 0) & ~then["order_id"].str.startswith("C")]
    ref = bought.groupby("customer_id").agg(
        frequency=("order_id", "nunique"), last=("when", "max")
    )
    ref["recency_days"] = (cut - ref["last"].dt.normalize()).dt.days
    ours = made.table.set_index("customer_id")
    assert ours.index.tolist() == sorted(ref.index)
    assert (ours["frequency"] == ref["frequency"]).all()
    assert (ours["recency_days"] == ref["recency_days"]).all()
    assert ours["recency_days"].min() >= 1
    report = made.report
    assert report.lines_after_as_of == int((lines["when"] >= cut).sum()) > 0
    assert report.lines_used == len(then)
    assert f"dated on or after {as_of}" in " ".join(report.sentences())
