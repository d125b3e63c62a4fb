"""The shared steps: the table to segment (customer table + behaviour) and prepare."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import segmentation as sg
from segmentation import workflow
from segmentation.recipe import Feature, Recipe, TransactionMapping

ROOT = Path(__file__).resolve().parents[1]
MAPPING = TransactionMapping(
    customer="customer_id", date="order_date", amount="amount", invoice="order_id"
)


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return sg.read_table(ROOT / "sample_data" / "customers.csv")


@pytest.fixture(scope="module")
def transactions() -> pd.DataFrame:
    return sg.read_table(ROOT / "sample_data" / "transactions.csv")


def test_behaviour_is_joined_in_input_order_and_agrees_with_the_table(
    customers, transactions
):
    schema = sg.infer_schema(customers)
    recipe = Recipe.from_schema(schema, transactions=MAPPING)
    table, full = workflow.segmentation_table(customers, schema, recipe, transactions)
    assert len(table) == len(customers)
    assert table["customer_id"].tolist() == customers["customer_id"].tolist()
    # The sample's documented invariants, checked through the join:
    orders = pd.to_numeric(customers["orders"])
    spend = pd.to_numeric(customers["total_spend"])
    assert (table["frequency"] == orders).all()
    np.testing.assert_allclose(table["monetary"], spend, atol=0.005)
    assert (table["recency_days"] == pd.to_numeric(customers["recency_days"])).all()
    assert full["monetary"].family == "behavioral"
    assert full["monetary"].role == "numeric"


def test_customers_without_transactions_get_missing_behaviour_then_imputed(
    customers, transactions
):
    keep = ~transactions["customer_id"].isin(["C00001", "C00002"])
    schema = sg.infer_schema(customers)
    recipe = Recipe(
        id_column="customer_id",
        features=(Feature("monetary", "numeric", "behavioral"),),
        transactions=MAPPING,
    )
    prepared = workflow.prepare(customers, schema, recipe, transactions[keep])
    assert prepared.table["monetary"].isna().sum() == 2
    assert prepared.table.loc[2:, "monetary"].notna().all()
    assert not prepared.matrix.isna().any().any()
    assert prepared.matrix["missingindicator_monetary"].sum() == 2
    assert prepared.schema["monetary"].missing == 2  # counted after the join


def test_a_log_matching_none_of_the_customers_is_not_joined(transactions):
    frame = pd.DataFrame({"customer_id": ["X1", "X2", "X3"], "age": ["30", "40", "50"]})
    schema = sg.infer_schema(frame.astype("str"))
    recipe = Recipe(id_column="customer_id", transactions=MAPPING)
    with pytest.raises(sg.InputError, match="not joined: 0 of 3 customers") as err:
        workflow.segmentation_table(frame, schema, recipe, transactions)
    assert "the table's look like 'X1'" in str(err.value)


def test_a_log_alone_gives_one_row_per_customer(transactions):
    recipe = Recipe(transactions=MAPPING)
    table, schema = workflow.segmentation_table(None, None, recipe, transactions)
    assert len(table) == transactions["customer_id"].nunique()
    assert schema["customer_id"].role == "id"
    assert "recency_days" in schema.feature_candidates()


def test_behaviour_names_that_clash_are_prefixed(transactions):
    ids = sorted(transactions["customer_id"].unique())[:50]
    frame = pd.DataFrame({"customer_id": ids, "monetary": ["1"] * 50}, dtype="str")
    schema = sg.infer_schema(frame)
    recipe = Recipe(id_column="customer_id", transactions=MAPPING)
    table, full = workflow.segmentation_table(frame, schema, recipe, transactions)
    assert (table["monetary"] == 1.0).all()
    assert "tx_monetary" in table.columns and "tx_monetary" in full
    assert table["tx_monetary"].notna().all()


def test_missing_feature_and_missing_id_column_are_sentences(customers, transactions):
    schema = sg.infer_schema(customers)
    with pytest.raises(sg.InputError, match="does not have: shoe_size"):
        workflow.prepare(
            customers, schema, Recipe(features=(Feature("shoe_size", "numeric"),))
        )
    no_id = Recipe(id_column=None, transactions=MAPPING)
    with pytest.raises(sg.InputError, match="customer id column"):
        workflow.segmentation_table(customers, schema, no_id, transactions)


def test_prepare_is_deterministic(customers):
    schema = sg.infer_schema(customers)
    recipe = Recipe.from_schema(schema)
    first = workflow.prepare(customers, schema, recipe).matrix
    second = workflow.prepare(customers, schema, recipe).matrix
    pd.testing.assert_frame_equal(first, second)


def test_fingerprint_is_content_based():
    assert workflow.fingerprint(b"a") == workflow.fingerprint(b"a")
    assert workflow.fingerprint(b"a") != workflow.fingerprint(b"b")
    assert workflow.fingerprint(b"a", b"b") != workflow.fingerprint(b"b", b"a")
