"""End to end in a real browser: `streamlit run app.py` driven by headless chromium.

Playwright cannot download its own browser here, so the tests launch Debian's
chromium (``apt-get install chromium``). Without it they are skipped, except on CI
(``CI=true``), where a missing browser is a failure.
"""

from pathlib import Path

import pandas as pd
import pytest
from browser_support import FIRST_RENDER_MS, UPLOAD_INPUT, screenshot

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "customers.csv"


def _write_csv(path: Path, rows: int) -> Path:
    lines = ["customer_id,age,channel,spend"]
    lines += [
        f"B{i:05d},{18 + i % 60},{('Email', 'SMS', 'Web')[i % 3]},{i * 2.25:.2f}"
        for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_app_opens_on_the_sample(server, page):
    rows = len(pd.read_csv(SAMPLE, dtype=str))
    page.goto(server, wait_until="domcontentloaded")
    metric = page.locator("[data-testid='stMetricValue']").first
    metric.wait_for(timeout=FIRST_RENDER_MS)
    assert metric.inner_text().startswith(f"{rows:,} rows")
    preview = page.locator("[data-testid='stDataFrame']").first
    preview.wait_for()
    assert preview.is_visible()
    page.get_by_text(f"{rows:,} rows", exact=False).first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "data_page_sample.png")


def test_upload_shows_preview_and_row_count(server, page, tmp_path):
    csv = _write_csv(tmp_path / "browser_upload.csv", 137)
    page.goto(server, wait_until="domcontentloaded")
    page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS
    )
    page.locator(UPLOAD_INPUT).set_input_files(str(csv))

    page.get_by_text("137 rows × 4 columns").wait_for()
    page.get_by_text("Showing all 137 rows.").wait_for()
    preview = page.locator("[data-testid='stDataFrame']").first
    preview.wait_for()
    assert preview.is_visible()
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("browser_upload.csv").wait_for()
    assert "137 rows" in sidebar.inner_text()
    assert page.locator("[data-testid='stException']").count() == 0
    assert screenshot(page, "data_page_upload.png").stat().st_size > 0


def test_bad_upload_shows_an_error_in_the_browser(server, page, tmp_path):
    bad = tmp_path / "broken.csv"
    bad.write_bytes(b"")
    page.goto(server, wait_until="domcontentloaded")
    page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS
    )
    page.locator(UPLOAD_INPUT).set_input_files(str(bad))
    error = page.locator("[data-testid='stAlertContentError']").first
    error.wait_for()
    assert "broken.csv" in error.inner_text()
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "data_page_bad_upload.png")
