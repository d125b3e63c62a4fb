"""The workshop's first minute in a real browser, on a server started for it.

A presenter runs the app and opens it: the Data page's preview of the bundled
sample arrives, and Tune, clicked straight away (no visit to Criteria), draws the
customer map with the default criteria. The seconds this takes are a benchmark's
(``bench/bench_cold_start.py``), not this test's: it checks that it happens, with
the browser tests' usual patience for a busy machine.
"""

from __future__ import annotations

import pytest
from browser_support import (
    FIRST_RENDER_MS,
    app_error_lines,
    app_process,
    chromium_page,
)

from segmentation.reading import read_table
from segmentation.reading.samples import SAMPLE_DIR

pytestmark = pytest.mark.browser

PREVIEW = "[data-testid='stDataFrame']"
MAP = ".st-key-tune_w_map_umap, .st-key-tune_w_map_pca"


def test_a_fresh_server_shows_the_sample_then_a_map_without_criteria(tmp_path):
    log = tmp_path / "server.log"
    with app_process(log) as (url, _proc), chromium_page() as page:
        page.goto(url, wait_until="domcontentloaded")
        page.locator(PREVIEW).first.wait_for(timeout=FIRST_RENDER_MS)
        rows = f"{len(read_table(SAMPLE_DIR / 'customers.csv')):,}"
        page.get_by_text(rows, exact=False).first.wait_for(timeout=FIRST_RENDER_MS)
        nav = page.locator("[data-testid='stSidebarNav']")
        nav.get_by_role("link", name="Tune").click()
        page.locator(MAP).first.wait_for(timeout=FIRST_RENDER_MS)
        assert page.get_by_text("Nothing to segment on yet").count() == 0
        page.get_by_text("Recommended:").wait_for(timeout=FIRST_RENDER_MS)
    assert app_error_lines(log) == []
