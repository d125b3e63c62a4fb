"""Value ahead per segment: figures, the value basis, and opportunity hints.

Runs the bundled customers with their transaction log (behaviour joined, k-means
on the default criteria) and the Online Retail log alone, then checks every
sentence's figures against the segment's numbers in the profile.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from shared_data import RETAIL

import segmentation as sg
from segmentation import workflow
from segmentation.describe.step import describe, messages, opportunities
from segmentation.features import default_criteria
from segmentation.messaging.channel_advice import percent
from segmentation.messaging.opportunities import (
    _hard_to_reach,
    _room_to_grow,
    _shrinking,
)
from segmentation.messaging.suggest import every_segment_facts
from segmentation.recipe import TransactionMapping

ROOT = Path(__file__).resolve().parents[2]
MAPPING = TransactionMapping(
    customer="customer_id", date="order_date", amount="amount", invoice="order_id"
)


def run_sample(basis: str = "expected", log: pd.DataFrame | None = None):
    customers = sg.read_table(ROOT / "sample_data" / "customers.csv")
    if log is None:
        log = sg.read_table(ROOT / "sample_data" / "transactions.csv")
    schema = sg.infer_schema(customers)
    start = sg.Recipe.from_schema(schema, transactions=MAPPING)
    table, full = workflow.segmentation_table(customers, schema, start, log)
    recipe = default_criteria(full, table).recipe(
        full, transactions=MAPPING, k=5, value_basis=basis
    )
    prepared = workflow.prepare(customers, schema, recipe, log)
    labels = workflow.fit(prepared, recipe)
    return describe(prepared.table, labels, recipe, matrix=prepared.matrix)


@pytest.fixture(scope="module")
def expected_run():
    return run_sample("expected")


def test_segments_carry_expected_value_and_the_chance_still_active(expected_run):
    profile = expected_run.profile
    value = profile.value
    assert profile.value_basis == "expected"
    assert value["p_alive"].between(0, 1).all()
    assert value["expected_share"].sum() == pytest.approx(1)
    assert (value["expected_total"] > 0).all()
    np.testing.assert_allclose(
        value["expected_index"], value["expected_share"] / value["customer_share"]
    )
    assert any(n.startswith("Fitted on 5,000 customers") for n in profile.notes)
    summary = sg.describe.summary_table(expected_run, expected_run.names)
    assert {"p_alive", "expected_total", "expected_share"} <= set(summary.columns)


def test_reward_reasons_say_expected_value_and_quote_its_index(expected_run):
    value = expected_run.profile.value
    out = messages(expected_run, expected_run.names)
    rewards = out[out["objective"] == "reward"]
    assert len(rewards)
    for row in rewards.itertuples():
        said = re.search(
            r"worth (\d+\.\d\d)x its head count in expected value over the next "
            r"365 days",
            row.rationale,
        )
        assert said, row.rationale
        assert float(said[1]) == pytest.approx(
            value.at[row.segment, "expected_index"], abs=0.005
        )
        share = percent(value.at[row.segment, "expected_share"])
        assert f"{share} of expected value over the next 365 days" in row.rationale


def test_the_bundled_log_shows_a_grounded_opportunity(expected_run):
    value = expected_run.profile.value
    hints = opportunities(expected_run, expected_run.names)
    assert len(hints)
    for row in hints.itertuples():
        numbers = value.loc[row.segment]
        if row.kind == "valuable but shrinking":
            assert f"{percent(numbers['revenue_share'])} of past revenue" in row.hint
            assert f"{percent(numbers['expected_share'])} of the value" in row.hint
            assert numbers["expected_share"] < numbers["revenue_share"]
    summary = sg.describe.summary_table(expected_run, expected_run.names)
    first = hints.iloc[0]
    assert (
        first["hint"]
        in summary.set_index("segment").at[first["segment"], "opportunities"]
    )


def test_past_basis_keeps_the_figures_but_rewards_on_past_value():
    run = run_sample("past")
    assert run.profile.value_basis == "past"
    assert run.profile.value["p_alive"].notna().all()
    out = messages(run, run.names)
    rewards = out[out["objective"] == "reward"]
    assert len(rewards)
    assert not rewards["rationale"].str.contains("head count in expected").any()
    assert not opportunities(run, run.names)["kind"].eq("valuable but shrinking").any()


def test_a_log_too_thin_for_the_models_falls_back_to_past_value():
    log = sg.read_table(ROOT / "sample_data" / "transactions.csv")
    # Keep each customer's first purchase only, and 20 customers' second.
    purchases = log[log["order_id"].str.startswith("O")]
    firsts = purchases.drop_duplicates("customer_id")
    seconds = purchases[~purchases.index.isin(firsts.index)].drop_duplicates(
        "customer_id"
    )
    thin = pd.concat([firsts, seconds.head(20)]).sort_index()
    run = run_sample("expected", log=thin)
    assert run.profile.value_basis == "past"
    assert run.profile.value["p_alive"].isna().all()
    fallback = [n for n in run.profile.notes if "past value is used" in n]
    assert fallback == [
        "Only 20 customer(s) bought more than once; a model of repeat buying needs "
        "30 or more, so value ahead is not estimated and past value is used."
    ]


def test_each_hint_needs_its_evidence(expected_run):
    facts = {
        segment: f
        for segment, _, f in every_segment_facts(
            expected_run.profile,
            expected_run.names,
            channels=expected_run.channels,
        )
        if f is not None
    }
    best = max(facts.values(), key=lambda f: f.basis_index)
    base = replace(
        best, value_index=2.0, revenue_share=0.5, expected_share=0.3, expected_index=1.5
    )
    assert _shrinking(base)[1].startswith(
        "Valuable but shrinking: 50% of past revenue (value index 2.00) but 30%"
    )
    assert _shrinking(replace(base, expected_share=0.45)) is None  # 0.9 of 0.5
    assert _shrinking(replace(base, value_index=1.0)) is None
    assert _shrinking(replace(base, value_basis="past")) is None

    reach = replace(base, advice=replace(base.advice, opted_out=0.4))
    assert _hard_to_reach(reach)[1] == (
        "Valuable but hard to reach: expected value index 1.50, next 365 days, but "
        "40% opted out of marketing."
    )
    assert (
        _hard_to_reach(replace(reach, advice=replace(base.advice, opted_out=0.1)))
        is None
    )
    assert _hard_to_reach(replace(reach, expected_index=0.9)) is None
    quiet = [("Email opens", 1.0, 3.0), ("Web visits", 2.0, 4.0)]
    assert _hard_to_reach(base, quiet)[1] == (
        "Valuable but hard to reach: expected value index 1.50, next 365 days, but "
        "they engage little (Email opens 1.0 vs 3.0 overall; Web visits 2.0 vs 4.0 "
        "overall)."
    )
    busy = [("Email opens", 1.0, 3.0), ("Web visits", 3.5, 4.0)]
    assert _hard_to_reach(base, busy) is None  # one channel still reaches them

    other = next(f for f in facts.values() if f.segment != best.segment)
    big = replace(
        other,
        customer_share=0.4,
        value_index=0.5,
        expected_index=0.5,
        frequency=other.frequency._replace(mean=best.frequency.mean * 0.4),
    )
    kind, hint = _room_to_grow(big, best, 0.2)
    assert kind == "big and low-value with room to grow"
    assert hint.startswith("Big and low-value with room to grow: 40% of customers")
    assert f"in {best.name}" in hint
    assert _room_to_grow(replace(big, customer_share=0.2), best, 0.2) is None
    assert _room_to_grow(replace(big, expected_index=0.9), best, 0.2) is None
    slower = big.frequency._replace(mean=best.frequency.mean * 0.6)
    assert _room_to_grow(replace(big, frequency=slower), best, 0.2) is None


@pytest.mark.skipif(
    not RETAIL.exists(), reason="shared/datasets is not beside the project"
)
def test_online_retail_segments_have_value_ahead_that_agrees_with_their_numbers():
    log = sg.read_table(RETAIL)
    mapping = TransactionMapping(
        customer="CustomerID",
        date="InvoiceDate",
        quantity="Quantity",
        price="UnitPrice",
        invoice="InvoiceNo",
    )
    table, schema = workflow.segmentation_table(
        None, None, sg.Recipe(transactions=mapping), log
    )
    recipe = default_criteria(schema, table).recipe(schema, transactions=mapping, k=4)
    prepared = workflow.prepare(None, None, recipe, log)
    labels = workflow.fit(prepared, recipe)
    run = describe(prepared.table, labels, recipe)
    value = run.profile.value
    assert run.profile.value_basis == "expected"
    assert len(prepared.table) == 4338  # the careful RFM's customers
    assert value["expected_share"].sum() == pytest.approx(1)
    # The segment with the most past value per head is among the two with the
    # most expected value per head, and its customers are the likeliest to stay.
    top = value["value_index"].idxmax()
    assert top in value["expected_index"].nlargest(2).index
    for row in messages(run, run.names).itertuples():
        for index in re.findall(r"value index (\d+\.\d\d)\)", row.rationale):
            assert float(index) == pytest.approx(
                value.at[row.segment, "value_index"], abs=0.005
            )
