"""The Campaigns page in a real browser: the bundled campaign, read per segment.

The sample goes to Tune (default criteria), then Campaigns: the bundled results
are read against those segments; the lift chart and the per-segment table show,
and the downloaded CSV has a row per segment with fractions for rates.
"""

import pandas as pd
import pytest
from browser_support import FIRST_RENDER_MS, go, screenshot, segments_shown, show
from browser_support import wait_for_tune as tune_ready

pytestmark = pytest.mark.browser


def test_the_bundled_campaign_per_segment(server, page, tmp_path):
    page.goto(server, wait_until="domcontentloaded")
    page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS
    )
    go(page, "Tune")
    tune_ready(page)
    k = segments_shown(page)
    go(page, "Campaigns")
    page.get_by_role("button", name="Use the bundled campaign results").click()
    page.get_by_text("treatment and control from the results file").wait_for(
        timeout=90_000
    )
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.wait_for()
    show(chart)
    screenshot(page, "campaigns_bundled.png")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Results per segment (CSV)").click()
    path = tmp_path / "per_segment.csv"
    download.value.save_as(path)
    table = pd.read_csv(path)
    assert len(table) == k
    assert table["treatment_rate"].between(0, 1).all()
    assert table["treatment_n"].sum() + table["control_n"].sum() == 5_000
    assert page.locator("[data-testid='stException']").count() == 0
