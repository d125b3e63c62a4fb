"""How a transaction log's customers match the customer table: the bundled pair."""

import pandas as pd
import pytest

import segmentation as sg
from segmentation.log_match import LOW_MATCH_SHARE, match_log, match_sentence
from segmentation.samples import SAMPLES


@pytest.fixture(scope="module")
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    customers = sg.read_table(SAMPLES["customers"].path)
    log = sg.read_table(SAMPLES["transactions"].path)
    return customers, log


def test_the_bundled_log_matches_the_customers_who_bought(tables):
    customers, log = tables
    match = match_log(customers["customer_id"], log["customer_id"])
    buyers = log["customer_id"].nunique()
    assert match.customers == 5_000
    assert match.matched == buyers and match.unknown == 0
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
    match = match_log(customers["customer_id"], part["customer_id"])
    assert (match.matched, match.unknown, match.level) == (12, 0, "low")
    assert match.share < LOW_MATCH_SHARE
    sentence = match_sentence(match, "customer_id", "Client")
    assert sentence.startswith("Only 12 of 5,000 customers in the table matched")
    assert "(0.2%)" in sentence and "other 4,988" in sentence
    assert "customer_id in the table, Client in the log" in sentence


def test_ids_with_spaces_match_and_strangers_are_counted(tables):
    customers, log = tables
    ids = log["customer_id"].drop_duplicates()
    spaced = pd.concat([" " + ids + " ", pd.Series(["X1", "X2"])], ignore_index=True)
    match = match_log(customers["customer_id"], spaced)
    assert match.matched == len(ids) and match.unknown == 2
    assert match_sentence(match, "customer_id", "who").endswith(
        "; 2 customers of the log are not in the table."
    )


def test_no_common_id_is_no_match(tables):
    customers, log = tables
    renumbered = "Z" + log["customer_id"]
    match = match_log(customers["customer_id"], renumbered)
    assert (match.matched, match.level) == (0, "none")
    assert match_sentence(match, "customer_id", "who").startswith(
        "0 of 5,000 customers in the table matched the log on customer_id: check"
    )


def test_an_empty_table_has_no_share():
    match = match_log(pd.Series([], dtype="string"), pd.Series(["1"]))
    assert (match.customers, match.share, match.level) == (0, 0.0, "none")
