"""The Criteria page in a real browser: upload a transaction log, map it, join it.

Same recipe as ``test_browser.py``: ``streamlit run app.py`` on a free port, driven
by Debian's headless chromium through Playwright; skipped without chromium, except
on CI (``CI=true``), where a missing browser is a failure.
"""

from pathlib import Path

import pandas as pd
import pytest
from browser_support import FIRST_RENDER_MS, UPLOAD_INPUT, screenshot

from segmentation import read_table
from segmentation.behaviour import behaviour_of_log, behaviour_sentences

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CUSTOMERS = ROOT / "sample_data" / "customers.csv"


def _write_log(path: Path, ids: list[str], money: str) -> Path:
    """A small log with non-standard column names: 5 lines per customer."""
    lines = [f"Client Ref,When,{money},Shop"]
    for n, customer in enumerate(ids):
        for k in range(5):
            day = 1 + (n * 5 + k) % 28
            amount = 10 + 3.5 * k + n
            lines.append(f"{customer},2026-03-{day:02d} 1{k}:30,{amount:.2f},North")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _open_criteria(server: str, page) -> None:
    page.goto(server, wait_until="domcontentloaded")
    page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS
    )
    page.locator("[data-testid='stSidebarNav']").get_by_text("Criteria").click()
    page.get_by_text("Transaction log (optional)").wait_for()
    page.get_by_text("Columns chosen").wait_for()


def _selectbox(page, label: str):
    """A selectbox's input (a combobox named by its label; its value is the choice)."""
    return page.get_by_role("combobox", name=label, exact=True)


@pytest.fixture(scope="module")
def customer_ids() -> list[str]:
    # 300 of the 5,000 (6%): above the share under which a log is not joined.
    frame = pd.read_csv(CUSTOMERS, dtype={"customer_id": str}, nrows=300)
    return frame["customer_id"].tolist()


def test_uploaded_log_is_mapped_and_joined(server, page, tmp_path, customer_ids):
    log = _write_log(tmp_path / "shop_log.csv", customer_ids, "Total")
    rows = len(pd.read_csv(CUSTOMERS))
    _open_criteria(server, page)
    page.locator(UPLOAD_INPUT).set_input_files(str(log))

    matched = f"{len(customer_ids)} of {rows:,} customers in the table matched the log"
    page.get_by_text(matched, exact=False).wait_for()
    page.get_by_text(
        f"Behaviour per customer ({len(customer_ids)} customers)"
    ).wait_for()
    # The library's report on the log, sentence by sentence, as the page shows it.
    made = behaviour_of_log(
        read_table(log), customer="Client Ref", date="When", amount="Total"
    )
    for sentence in behaviour_sentences(made.report):
        page.get_by_text(sentence, exact=True).wait_for()
    assert _selectbox(page, "Customer id").input_value() == "Client Ref"
    assert _selectbox(page, "Date").input_value() == "When"
    assert _selectbox(page, "Amount").input_value() == "Total"
    page.get_by_text("Customers by recency and frequency score").first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    assert screenshot(page, "criteria_log_upload.png").stat().st_size > 0


def test_a_column_the_suggestion_misses_can_be_mapped_by_hand(
    server, page, tmp_path, customer_ids
):
    log = _write_log(tmp_path / "betrag_log.csv", customer_ids, "Betrag")
    _open_criteria(server, page)
    page.locator(UPLOAD_INPUT).set_input_files(str(log))
    page.get_by_text("Choose the log's customer, date and value columns").wait_for()

    amount = _selectbox(page, "Amount")
    assert amount.input_value() == ""
    amount.click()
    page.get_by_role("option", name="Betrag", exact=True).click()

    page.get_by_text("300 of 5,000 customers in the table matched the log").wait_for()
    assert _selectbox(page, "Amount").input_value() == "Betrag"
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "criteria_log_mapped_by_hand.png")
