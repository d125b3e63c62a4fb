"""How a transaction log's customers match the customer table: the bundled pair."""

import pandas as pd
import pytest

import segmentation as sg
from segmentation import workflow
from segmentation.behaviour.log_match import (
    LOW_MATCH_SHARE,
    MatchCount,
    match_counts,
    match_sentence,
)
from segmentation.reading.samples import SAMPLES
from segmentation.recipe import TransactionMapping


@pytest.fixture(scope="module")
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    customers = sg.read_table(SAMPLES["customers"].path)
    log = sg.read_table(SAMPLES["transactions"].path)
    return customers, log


def test_the_bundled_log_matches_the_customers_who_bought(tables):
    customers, log = tables
    match = match_counts(customers["customer_id"], log["customer_id"])
    buyers = log["customer_id"].nunique()
    assert match.table_rows == 5_000
    assert match.rows_matched == match.log_matched == match.log_customers == buyers
    assert match.unknown == 0
    assert match.level == "good"
    sentence = match_sentence(match, "customer_id", "customer_id")
    assert (
        sentence
        == f"{buyers:,} of 5,000 customers in the table matched the log on customer_id."
    )


def test_a_log_of_a_few_customers_is_a_low_match_and_says_why(tables):
    customers, log = tables
    few = log["customer_id"].drop_duplicates().head(12)
    part = log[log["customer_id"].isin(few)]
    match = match_counts(customers["customer_id"], part["customer_id"])
    assert (match.rows_matched, match.unknown, match.level) == (12, 0, "low")
    assert match.share < LOW_MATCH_SHARE
    sentence = match_sentence(match, "customer_id", "Client")
    assert sentence.startswith("Only 12 of 5,000 customers in the table matched")
    assert "(0.2%)" in sentence and "other 4,988" in sentence
    assert "customer_id in the table, Client in the log" in sentence


def test_ids_with_spaces_match_and_strangers_are_counted(tables):
    customers, log = tables
    ids = log["customer_id"].drop_duplicates()
    spaced = pd.concat([" " + ids + " ", pd.Series(["X1", "X2"])], ignore_index=True)
    match = match_counts(customers["customer_id"], spaced)
    assert match.rows_matched == len(ids) and match.unknown == 2
    assert match_sentence(match, "customer_id", "who").endswith(
        "; 2 customers of the log are not in the table."
    )


def test_no_common_id_is_no_match(tables):
    customers, log = tables
    renumbered = "Z" + log["customer_id"]
    match = match_counts(customers["customer_id"], renumbered)
    assert (match.rows_matched, match.level) == (0, "none")
    assert match_sentence(match, "customer_id", "who").startswith(
        "0 of 5,000 customers in the table matched the log on customer_id: check"
    )


def test_an_empty_table_has_no_share():
    match = match_counts(pd.Series([], dtype="string"), pd.Series(["1"]))
    assert (match.table_rows, match.share, match.level) == (0, 0.0, "none")


TRICKY_TABLE = pd.Series(["00042", "42", " 42 ", "7", "", "NA", "8", "0042"])
TRICKY_LOG = pd.DataFrame(
    {
        "who": ["42", "42", "7", " 7", "99", "", "13", "8"],
        "when": [
            "2024-01-03",
            "2024-02-01",
            "2024-01-05",
            "2024-03-01",
            "2024-01-09",
            "2024-01-10",
            "sometime",
            "never",
        ],
        "amount": ["10", "12", "5", "7", "3", "4", "8", "9"],
    }
)


def test_ids_are_compared_as_text_without_outer_spaces():
    # "42" and " 42 " are the log's 42; "00042" and "0042" are other customers.
    # The empty id and "NA" are no customer; "13" and "8" have no readable date.
    match = match_counts(TRICKY_TABLE, pd.Series(["42", "7", "99"]))
    assert match == MatchCount(
        table_rows=8, rows_matched=3, log_customers=3, log_matched=2
    )
    assert match.unknown == 1 and match.share == 3 / 8 and match.level == "low"


def test_the_log_counts_the_customers_its_behaviour_covers():
    mapping = TransactionMapping(customer="who", date="when", amount="amount")
    match = workflow.log_match(TRICKY_TABLE, TRICKY_LOG, mapping)
    behaviour = workflow.behaviour(TRICKY_LOG, mapping).table
    assert sorted(behaviour["who"].str.strip().unique()) == ["42", "7", "99"]
    assert match == match_counts(TRICKY_TABLE, behaviour["who"])
    # The log's own column would also count "13" and "8", which have no behaviour.
    assert match == MatchCount(
        table_rows=8, rows_matched=3, log_customers=3, log_matched=2
    )
    assert match_counts(TRICKY_TABLE, TRICKY_LOG["who"]).rows_matched == 4
    assert match_sentence(match, "id", "who") == (
        "Only 3 of 8 customers in the table matched the log on id (37.5%). The "
        "behaviour columns are missing for the other 5 and would be filled in, so "
        "segments on them would mostly split customers found in the log from the "
        "rest: check the id columns (id in the table, who in the log)."
    )
