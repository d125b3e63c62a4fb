"""A real telecom churn table, never designed here, from upload to messages.

The IBM Telco sample of ``tests/customers`` is uploaded in a real browser; the
flow must keep Churn out of the criteria, report its rate per segment, and give
messages and files whose figures agree with the table: every input row in the
labelled CSV, and a summary whose ``Churn_rate`` is the share of each segment's
rows with Churn = Yes in that very CSV.
"""

from pathlib import Path

import pytest
from browser_support import (
    FIRST_RENDER_MS,
    TUNE_BACKGROUND_MS,
    UPLOAD_INPUT,
    csv_rows,
    go,
)

pytestmark = pytest.mark.browser

TELCO = Path(__file__).resolve().parents[1] / "customers" / "telco_churn" / "data.csv"


def _download(page, button: str, path: Path) -> Path:
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=button).click()
    download.value.save_as(path)
    return path


def test_telco_churn_from_upload_to_messages(server, page, tmp_path):
    page.goto(server, wait_until="domcontentloaded")
    page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS
    )
    page.locator(UPLOAD_INPUT).set_input_files(str(TELCO))
    page.get_by_text("2,000 rows").first.wait_for()
    go(page, "Criteria")
    page.get_by_text("Outcome column(s) Churn record a result").wait_for()
    page.get_by_text("Recipe (JSON): every choice").wait_for()
    go(page, "Tune")
    page.get_by_text("Recommended:").wait_for(timeout=TUNE_BACKGROUND_MS)
    go(page, "Segments")
    page.get_by_text("Outcomes", exact=True).wait_for()
    page.get_by_text("Churn = Yes", exact=True).first.wait_for()
    go(page, "Export")
    page.get_by_text("Suggested messages").wait_for()
    page.get_by_text("Every one of the 2,000 input rows").wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    labelled = csv_rows(_download(page, "Labelled customers (CSV)", tmp_path / "l.csv"))
    summary = csv_rows(_download(page, "Segment summary (CSV)", tmp_path / "s.csv"))
    messages = csv_rows(_download(page, "Messages (CSV)", tmp_path / "m.csv"))
    source = csv_rows(TELCO)
    assert [row[: len(source[0])] for row in labelled[1:]] == source[1:]
    churn = source[0].index("Churn")
    segment = labelled[0].index("segment")
    head = summary[0]
    assert "Churn_rate" in head and "mean_Churn" not in head
    for row in summary[1:]:
        mine = [r for r in labelled[1:] if r[segment] == row[head.index("segment")]]
        rate = sum(r[churn] == "Yes" for r in mine) / len(mine)
        assert float(row[head.index("Churn_rate")]) == pytest.approx(rate, abs=1e-4)
    assert len(messages) - 1 == len(summary) - 1
