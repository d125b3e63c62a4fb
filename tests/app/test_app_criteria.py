"""The Criteria page through AppTest: log, features, weights, RFM view, rules.

Each test starts a fresh ``AppTest`` from ``app.py`` (the app opens on the bundled
customers), switches to the Criteria page and reads what a user would see. The
expected figures are computed here with plain pandas from ``sample_data/``, not
with the library.
"""

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

import segmentation as sg
from segmentation import cli
from segmentation.errors import InputError
from segmentation.rules import conditions as rules
from ui import cache_keys, state
from ui.rule_drafts import RuleDraft, draft_to_rule

ROOT = Path(__file__).resolve().parents[2]

APP = ROOT / "app.py"
PAGE = "app_pages/criteria.py"
CUSTOMERS = ROOT / "sample_data" / "customers.csv"
TRANSACTIONS = ROOT / "sample_data" / "transactions.csv"
#: Columns of customers.csv that are no features, per sample_data/README.md:
#: the id and the two personal-data columns.
NOT_FEATURES = {"customer_id", "first_name", "email"}
#: Its demographic and geographic columns (sample_data/README.md): the table
#: records behaviour, so by default they describe the segments.
DESCRIBING = {
    "age",
    "gender",
    "annual_income",
    "household_size",
    "education",
    "country",
    "region",
    "city",
}


def criteria_page(**session: object) -> AppTest:
    """A fresh app switched to the Criteria page; ``session`` seeds state first."""
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def charts_by_title(at: AppTest) -> dict[str, pd.DataFrame]:
    """Every Altair chart on the page: its title -> the rows it ships."""
    out = {}
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        (dataset,) = chart.proto.datasets
        rows = pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
        out[spec["title"]] = rows
    return out


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The one read-only table on the page that has ``column``."""
    (table,) = [
        t.value
        for t in at.dataframe
        if t.editing_mode == "read_only" and column in t.value.columns
    ]
    return table


def add_rule(at: AppTest, name: str, column: str, op: str, value: str) -> None:
    at.text_input(key="criteria_w_new_name").input(name)
    at.selectbox(key="criteria_w_new_column").set_value(column)
    at.selectbox(key="criteria_w_new_operator").set_value(op)
    at.text_input(key="criteria_w_new_value").input(value)
    at.button(key="criteria_w_add_rule").click().run()
    assert not at.exception, at.exception


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return pd.read_csv(CUSTOMERS, dtype={"customer_id": str})


@pytest.fixture(scope="module")
def expected_behaviour() -> pd.DataFrame:
    """Recency, frequency and monetary per customer, by the definitions in DESIGN.md.

    Purchases are the lines with a positive amount (returns are negative);
    frequency counts distinct purchase orders; monetary is the net sum; recency
    counts days from the last purchase to the day after the last line.
    """
    tx = pd.read_csv(TRANSACTIONS, dtype={"customer_id": str, "order_id": str}).assign(
        order_date=lambda d: pd.to_datetime(d["order_date"])
    )
    as_of = tx["order_date"].max().normalize() + pd.Timedelta(days=1)
    bought = tx[tx["amount"] > 0].groupby("customer_id")
    last = bought["order_date"].max().dt.normalize()
    return pd.DataFrame(
        {
            "recency_days": (as_of - last).dt.days,
            "frequency": bought["order_id"].nunique(),
            "monetary": tx.groupby("customer_id")["amount"].sum(),
        }
    )


@pytest.fixture
def with_log() -> AppTest:
    at = criteria_page()
    at.button(key="criteria_w_use_bundled").click().run()
    assert not at.exception, at.exception
    return at


def test_page_renders_on_the_sample_without_a_log(customers):
    at = criteria_page()
    assert [t.value for t in at.title] == ["Criteria"]
    assert not at.error
    usable = [c for c in customers.columns if c not in NOT_FEATURES | DESCRIBING]
    assert metric(at, "Columns chosen") == str(len(usable))
    assert metric(at, "Feature matrix").startswith(f"{len(customers):,} rows × ")
    recipe = at.session_state[state.RECIPE]
    assert sorted(recipe.feature_names) == sorted(usable)
    assert {f.name for f in recipe.described} == DESCRIBING
    said = " ".join(c.value for c in at.caption)
    assert "Described, not segmented on: " in said
    assert "a demographic column: the table records behaviour" in said
    assert recipe.id_column == "customer_id"
    assert recipe.transactions is None
    assert recipe.input_fingerprint == cache_keys.digest_bytes(CUSTOMERS.read_bytes())
    assert not at.get("vega_lite_chart")  # no log, no RFM view
    # A customer table (one row per id) is not offered as a transaction log.
    offered = {button.key for button in at.button}
    assert "criteria_w_use_bundled" in offered
    assert "criteria_w_use_loaded" not in offered


def test_bundled_transactions_are_mapped_and_add_behaviour(
    with_log, customers, expected_behaviour
):
    at = with_log
    assert not at.error
    chosen = {box.label: box.value for box in at.selectbox}
    assert chosen["Customer id"] == "customer_id"
    assert chosen["Date"] == "order_date"
    assert chosen["Amount"] == "amount"
    assert chosen["Invoice / order (optional)"] == "order_id"
    assert f"{len(customers):,} of {len(customers):,} customers" in at.success[0].value

    shown = table_with(at, "frequency").set_index("customer_id")
    assert len(shown) == 1_000
    expected = expected_behaviour.loc[shown.index]
    assert shown["recency_days"].tolist() == expected["recency_days"].tolist()
    assert shown["frequency"].tolist() == expected["frequency"].tolist()
    assert shown["monetary"].to_numpy() == pytest.approx(expected["monetary"], abs=1e-6)
    # The sample's own columns agree (sample_data/README.md, invariants 3, 4, 6).
    table = customers.set_index("customer_id").loc[shown.index]
    assert shown["frequency"].tolist() == table["orders"].tolist()
    assert shown["recency_days"].tolist() == table["recency_days"].tolist()

    recipe = at.session_state[state.RECIPE]
    assert recipe.transactions.customer == "customer_id"
    assert recipe.transactions.invoice == "order_id"
    # The customer table has its own recency_days, so the log's is renamed.
    assert {"tx_recency_days", "frequency", "monetary"} <= set(recipe.feature_names)
    log = at.session_state[state.TRANSACTIONS]
    assert log.digest == cache_keys.digest_bytes(TRANSACTIONS.read_bytes())
    assert len(log.frame) == len(pd.read_csv(TRANSACTIONS))


def test_rfm_heatmap_and_segment_sizes_appear(with_log, customers):
    charts = charts_by_title(with_log)
    heat = charts["Customers by recency and frequency score"]
    sizes = charts["Customers per RFM segment"]
    assert len(heat) == 25
    assert heat["count"].sum() == len(customers) == sizes["count"].sum()
    # Scores are quintiles: each row and each column of the grid holds a fifth.
    assert set(heat.groupby("r_score")["count"].sum()) == {len(customers) // 5}
    assert set(heat.groupby("f_score")["count"].sum()) == {len(customers) // 5}
    assert "Champions" in set(sizes["segment"])
    rules = with_log.data_editor(key="criteria_w_rfm_rules").value
    assert "Champions" in set(rules["name"])
    assert {"r_min", "r_max", "f_min", "f_max", "m_min", "m_max"} <= set(rules.columns)


def test_editing_an_rfm_threshold_moves_customers(with_log):
    before = charts_by_title(with_log)["Customers per RFM segment"]
    editor = with_log.data_editor(key="criteria_w_rfm_rules")
    row = list(editor.value["name"]).index("Champions")
    with_log.session_state[editor.key] = {
        "edited_rows": {row: {"f_min": 5}},
        "added_rows": [],
        "deleted_rows": [],
    }
    with_log.run()
    assert not with_log.exception, with_log.exception
    after = charts_by_title(with_log)["Customers per RFM segment"]
    champions = {
        frame.set_index("segment")["count"]["Champions"] for frame in (before, after)
    }
    assert len(champions) == 2 and min(champions) > 0
    assert after["count"].sum() == before["count"].sum()


def test_changing_a_family_weight_changes_the_recipe():
    at = criteria_page()
    assert at.session_state[state.RECIPE].weight("behavioral") == 1.0
    at.slider(key="criteria_w_weight_behavioral").set_value(2.5).run()
    assert not at.exception, at.exception
    assert at.session_state[state.RECIPE].weight("behavioral") == 2.5
    # The choice survives a trip to another page and back.
    at.switch_page("app_pages/tune.py").run()
    at.switch_page(PAGE).run()
    assert at.slider(key="criteria_w_weight_behavioral").value == 2.5
    assert at.session_state[state.RECIPE].weight("behavioral") == 2.5


def test_leaving_out_a_family_drops_its_columns(customers):
    at = criteria_page()
    families = at.multiselect(key="criteria_w_families")
    families.unselect("technographic").run()
    assert not at.exception, at.exception
    recipe = at.session_state[state.RECIPE]
    technographic = {"device", "os", "preferred_channel"}
    assert not technographic & set(recipe.feature_names)
    assert technographic <= {f.name for f in recipe.described}
    usable = [c for c in customers.columns if c not in NOT_FEATURES | DESCRIBING]
    assert metric(at, "Columns chosen") == str(len(usable) - 3)


def test_adding_a_describing_family_segments_on_its_columns(customers):
    at = criteria_page()
    families = at.multiselect(key="criteria_w_families")
    families.select("geographic").run()
    assert not at.exception, at.exception
    recipe = at.session_state[state.RECIPE]
    assert {"country", "region", "city"} <= set(recipe.feature_names)
    # The choice is kept when the analyst comes back to the page.
    at.switch_page("app_pages/tune.py").run()
    at.switch_page(PAGE).run()
    assert {"country", "region", "city"} <= set(
        at.session_state[state.RECIPE].feature_names
    )


def test_preprocessing_switch_changes_the_recipe():
    at = criteria_page()
    at.segmented_control(key="criteria_w_log1p").set_value("off").run()
    at.toggle(key="criteria_w_clip").set_value(False).run()
    assert not at.exception, at.exception
    options = at.session_state[state.RECIPE].preprocessing
    assert (options.log1p, options.clip) == ("off", False)


def test_adding_a_rule_shows_its_size(customers):
    at = criteria_page()
    add_rule(at, "Big spenders", "total_spend", ">", "2000")
    assert not at.error
    expected = int((customers["total_spend"] > 2000).sum())
    summary = table_with(at, "assigned_size").set_index("name")
    assert summary.loc["Big spenders", "size"] == expected
    assert summary.loc["Everyone else", "size"] == len(customers) - expected
    assert any(
        caption.value.startswith(f"{expected:,} customers") for caption in at.caption
    )
    (rule,) = at.session_state[state.RECIPE].rules
    assert rule.name == "Big spenders"


def test_two_rules_show_their_overlap(customers):
    at = criteria_page()
    add_rule(at, "Big spenders", "total_spend", ">", "2000")
    add_rule(at, "Recent", "recency_days", "<=", "30")
    both = int(
        ((customers["total_spend"] > 2000) & (customers["recency_days"] <= 30)).sum()
    )
    overlap = table_with(at, "Recent")
    assert overlap.loc["Big spenders", "Recent"] == both
    summary = table_with(at, "assigned_size").set_index("name")
    recent = int((customers["recency_days"] <= 30).sum())
    assert summary.loc["Recent", "assigned_size"] == recent - both


def test_a_bad_rule_shows_an_error_not_a_traceback():
    at = criteria_page()
    add_rule(at, "Oops", "total_spend", ">", "lots")
    assert not at.exception, at.exception
    # The page shows the library's own sentence for this mistake.
    typed = pd.DataFrame({"total_spend": [1.0]})
    bad = rules.RuleSegment("Oops", (rules.Condition("total_spend", ">", "lots"),))
    with pytest.raises(InputError) as raised:
        rules.evaluate_rules(typed, [bad])
    assert [e.value for e in at.error] == [str(raised.value)]
    assert "lots" in str(raised.value) and "total_spend" in str(raised.value)
    assert at.session_state[state.RECIPE].rules == ()


def test_editing_a_rules_conditions(customers):
    at = criteria_page()
    add_rule(at, "Big spenders", "total_spend", ">", "2000")
    (editor,) = [e for e in at.data_editor if "operator" in e.value.columns]
    at.session_state[editor.key] = {
        "edited_rows": {0: {"value": "3000"}},
        "added_rows": [
            {"column": "country", "operator": "in", "value": "France; Canada"}
        ],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception, at.exception
    assert not at.error
    expected = int(
        (
            (customers["total_spend"] > 3000)
            & customers["country"].isin(["France", "Canada"])
        ).sum()
    )
    summary = table_with(at, "assigned_size").set_index("name")
    assert summary.loc["Big spenders", "size"] == expected


def test_without_data_the_page_says_load_data_first():
    at = criteria_page(**{state.AUTOLOAD_DONE: True})
    assert [w.value for w in at.warning] == ["Load data on the Data page first."]
    assert len(at.page_link) == 1
    assert not at.get("vega_lite_chart") and not at.metric


def test_a_log_loaded_on_the_data_page_can_be_used_alone(expected_behaviour):
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.selectbox(key=state.SAMPLE_CHOICE).set_value("transactions")
    at.button(key="data_load").click().run()
    at.switch_page(PAGE).run()
    at.button(key="criteria_w_use_loaded").click().run()
    assert not at.exception, at.exception
    assert not at.error
    customers = len(expected_behaviour)
    assert f"segmenting the {customers:,} customers of the log" in at.success[0].value
    recipe = at.session_state[state.RECIPE]
    assert recipe.id_column == "customer_id"
    assert {"recency_days", "frequency", "monetary"} <= set(recipe.feature_names)
    assert metric(at, "Feature matrix").startswith(f"{customers:,} rows × ")
    assert len(charts_by_title(at)) == 2


def test_an_unreadable_log_upload_gives_a_sentence():
    at = criteria_page()
    at.file_uploader(key=state.TX_UPLOAD).upload("log.csv", b"", "text/csv").run()
    assert not at.exception, at.exception
    assert len(at.error) == 1 and "log.csv" in at.error[0].value
    assert state.TRANSACTIONS not in at.session_state


def test_a_log_whose_ids_do_not_match_says_so():
    data = b"Client Ref,When,Total\nX1,2026-01-05,10.00\nX2,2026-01-06,12.50\n"
    at = criteria_page()
    at.file_uploader(key=state.TX_UPLOAD).upload("other.csv", data, "text/csv").run()
    assert not at.exception, at.exception
    chosen = {box.label: box.value for box in at.selectbox}
    assert (chosen["Customer id"], chosen["Date"], chosen["Amount"]) == (
        "Client Ref",
        "When",
        "Total",
    )
    (refused,) = [e.value for e in at.error if "not joined" in e.value]
    assert refused.startswith(
        "The transaction log was not joined: 0 of 5,000 customers in the table "
        "matched it (customer_id in the table, Client Ref in the log)."
    )
    assert "the table's look like 'C00001', the log's like 'X1'" in refused
    assert not any("RFM" in h.value for h in at.subheader)  # no heatmap of others


def test_a_log_of_a_dozen_customers_is_refused_for_the_join():
    log = pd.read_csv(TRANSACTIONS, dtype=str, keep_default_na=False)
    few = log[log["customer_id"].isin(log["customer_id"].unique()[:12])]
    at = criteria_page()
    data = few.to_csv(index=False).encode()
    at.file_uploader(key=state.TX_UPLOAD).upload("few.csv", data, "text/csv").run()
    assert not at.exception, at.exception
    (refused,) = [e.value for e in at.error if "not joined" in e.value]
    assert "12 of 5,000 customers in the table matched it (0.2%, under 5%)" in refused
    assert at.session_state[state.RECIPE].transactions is None


def test_a_log_of_a_few_customers_warns_that_most_would_be_filled_in():
    log = pd.read_csv(TRANSACTIONS, dtype=str, keep_default_na=False)
    few = log[log["customer_id"].isin(log["customer_id"].unique()[:400])]
    at = criteria_page()
    data = few.to_csv(index=False).encode()
    at.file_uploader(key=state.TX_UPLOAD).upload("few.csv", data, "text/csv").run()
    assert not at.exception, at.exception
    (warning,) = [w.value for w in at.warning if "matched the log" in w.value]
    assert warning.startswith("Only 400 of 5,000 customers in the table matched")
    assert "other 4,600" in warning
    assert not any("matched the log" in s.value for s in at.success)


def test_the_page_and_the_command_count_the_same_matched_customers(tmp_path, capsys):
    log = pd.read_csv(TRANSACTIONS, dtype=str, keep_default_na=False)
    chosen = log["customer_id"].unique()[:400]
    few = log[log["customer_id"].isin(chosen)].copy()
    # One of them has no readable date: no behaviour, so not matched.
    few.loc[few["customer_id"] == chosen[0], "order_date"] = "someday"
    stray = dict.fromkeys(few.columns, "")
    stray.update(order_id="Q1", order_date="2026-01-05", amount="5.00")
    few = pd.concat([few, pd.DataFrame([stray])], ignore_index=True)  # no customer
    data = few.to_csv(index=False).encode()
    at = criteria_page()
    at.file_uploader(key=state.TX_UPLOAD).upload("few.csv", data, "text/csv").run()
    assert not at.exception, at.exception
    (page,) = [w.value for w in at.warning if "matched the log" in w.value]
    assert page.startswith("Only 399 of 5,000 customers in the table matched")
    # The command, with a recipe that takes behaviour from the same log.
    customers = sg.read_table(CUSTOMERS)
    mapping = sg.TransactionMapping(
        customer="customer_id", date="order_date", amount="amount", invoice="order_id"
    )
    recipe = sg.Recipe.from_schema(
        sg.infer_schema(customers), columns=(), transactions=mapping, k=3
    ).replace(features=(sg.Feature("frequency", "numeric", "behavioral"),))
    recipe_file, log_file = tmp_path / "r.json", tmp_path / "few.csv"
    recipe_file.write_text(recipe.to_json(), encoding="utf-8")
    log_file.write_bytes(data)
    argv = ["fit", str(CUSTOMERS), "--recipe", str(recipe_file)]
    argv += ["--transactions", str(log_file), "-o", str(tmp_path / "out.csv")]
    assert cli.main(argv) == 0
    (line,) = [
        line.removeprefix("Warning: ")
        for line in capsys.readouterr().out.splitlines()
        if "matched the log" in line
    ]
    assert line.startswith("Only 399 of 5,000 customers in the table matched")
    assert page.startswith(line)


@pytest.mark.parametrize(
    ("op", "text", "value"),
    [
        ("between", "1,000 and 2,000", ("1,000", "2,000")),
        ("between", "10; 20", ("10", "20")),
        ("between", "10, 20", ("10", "20")),
        ("in", "France; Canada", ("France", "Canada")),
        ("not in", "Email,SMS", ("Email", "SMS")),
        ("≥", "2000", "2000"),
        ("is missing", None, None),
    ],
)
def test_a_draft_condition_value_is_read_for_its_operator(op, text, value):
    rule = draft_to_rule(RuleDraft(1, " VIP ", "any", (("total_spend", op, text),)))
    (condition,) = rule.conditions
    assert (rule.name, rule.combine, condition.value) == ("VIP", "any", value)


def test_an_incomplete_draft_says_what_is_missing():
    draft = RuleDraft(3, "", "all", ((None, None, None), ("age", None, "30")))
    with pytest.raises(
        InputError, match="Rule 'Rule 3': condition 2 needs an operator"
    ):
        draft_to_rule(draft)
