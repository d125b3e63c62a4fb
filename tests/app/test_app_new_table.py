"""A new customer table starts a clean slate; what still fits it carries over.

The bundled customers get a rule on ``total_spend``, the bundled transaction log
and a segment name; then the Telco churn table (tests/customers/telco_churn, no
such column) is uploaded: the rule, the log, the criteria and the names go, a
notice says so, the Criteria page shows no stale error and the Tune page segments
at once on the defaults. A second file with the sample's very columns keeps the
rule and the criteria.
"""

from __future__ import annotations

from pathlib import Path

from app_support import metric, swept, wait_until
from streamlit.testing.v1 import AppTest

from ui import keys, state

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
CRITERIA = "app_pages/criteria.py"
TELCO = ROOT / "tests" / "customers" / "telco_churn" / "data.csv"
CUSTOMERS = ROOT / "sample_data" / "customers.csv"


def _with_rule_and_log() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(CRITERIA).run()
    at.button(key=keys.USE_BUNDLED_LOG).click().run()
    at.text_input(key="criteria_w_new_name").input("Big spenders")
    at.selectbox(key="criteria_w_new_column").set_value("total_spend")
    at.selectbox(key="criteria_w_new_operator").set_value(">")
    at.text_input(key="criteria_w_new_value").input("1000")
    at.button(key="criteria_w_add_rule").click().run()
    assert not at.exception, at.exception
    assert len(at.session_state[state.RULE_DRAFTS]) == 1
    assert at.session_state[state.TRANSACTIONS] is not None
    return at


def _upload(at: AppTest, path: Path, data: bytes | None = None) -> None:
    at.switch_page("app_pages/data.py").run()
    content = path.read_bytes() if data is None else data
    at.file_uploader(key=keys.UPLOAD).upload(path.name, content, "text/csv")
    at.run()
    assert not at.exception, at.exception


def test_a_new_table_resets_what_belonged_to_the_old_one():
    at = _with_rule_and_log()
    old = at.session_state[state.DATASET].name
    at.session_state[keys.SEGMENT_NAMES] = ("0" * 32, {0: "Our core"})
    _upload(at, TELCO)
    (notice,) = [i.value for i in at.info if i.value.startswith("New table")]
    assert notice == (
        "New table data.csv: reset 1 rule, the transaction log, the criteria and "
        f"segment names made for {old}."
    )
    assert keys.SEGMENT_NAMES not in at.session_state
    assert at.session_state[state.RULE_DRAFTS] == ()
    assert at.session_state[state.TRANSACTIONS] is None
    at.switch_page(CRITERIA).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert "No rule yet" in " ".join(c.value for c in at.caption)
    at.switch_page("app_pages/tune.py").run()
    wait_until(at, swept, "The k sweep")
    assert not at.error, [e.value for e in at.error]
    assert int(metric(at, "Segments")) >= 2


def test_the_tune_page_works_straight_after_an_upload():
    at = _with_rule_and_log()
    _upload(at, TELCO)
    at.switch_page("app_pages/tune.py").run()
    wait_until(at, swept, "The k sweep")
    said = " ".join(c.value for c in at.caption)
    assert "Segmenting on the default criteria (" in said
    recipe = at.session_state[state.RECIPE]
    assert "Churn" not in recipe.feature_names  # the outcome stays out
    assert recipe.id_column == "customerID"


def test_a_table_with_the_same_columns_keeps_the_rule_and_the_criteria():
    at = _with_rule_and_log()
    old = at.session_state[state.DATASET].name
    lines = CUSTOMERS.read_bytes().splitlines(keepends=True)
    _upload(at, CUSTOMERS, b"".join(lines[:2001]))
    (notice,) = [i.value for i in at.info if i.value.startswith("New table")]
    assert notice == (
        f"New table customers.csv: reset the transaction log made for {old}. "
        "Kept 1 rule (their columns are all here) and the criteria (same columns)."
    )
    assert len(at.session_state[state.RULE_DRAFTS]) == 1


def test_a_new_table_is_announced_when_nothing_was_chosen_for_the_old_one():
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    old = at.session_state[state.DATASET].name
    _upload(at, TELCO)
    (notice,) = [i.value for i in at.info if i.value.startswith("New table")]
    assert notice == (
        f"New table data.csv: it replaces {old}, for which nothing had been chosen yet."
    )
