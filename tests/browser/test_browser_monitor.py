"""The Monitor page in a real browser: the bundled example in one click.

Three snapshots of the bundled log; the verdict, the counts, both charts and the
migration table's download, whose counts add up to every customer of either
snapshot.
"""

import pandas as pd
import pytest
from browser_support import FIRST_RENDER_MS, go, screenshot, show

pytestmark = pytest.mark.browser


def test_the_example_shows_who_moved_where(server, page, tmp_path):
    page.goto(server, wait_until="domcontentloaded")
    page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS
    )
    go(page, "Monitor")
    page.get_by_role(
        "button", name="Example: three snapshots of the bundled log"
    ).click()
    page.get_by_text("Refit advised:").wait_for(timeout=90_000)
    new = page.locator("[data-testid='stMetric']").filter(has_text="New")
    assert new.locator("[data-testid='stMetricValue']").inner_text() == "400"
    charts = page.locator("[data-testid='stVegaLiteChart']")
    charts.nth(1).wait_for()
    show(charts.nth(1))
    screenshot(page, "monitor_example.png")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Migration table (CSV)").click()
    path = tmp_path / "migration.csv"
    download.value.save_as(path)
    table = pd.read_csv(path, dtype={"from": str, "to": str})
    assert list(table.columns) == ["from", "to", "customers"]
    assert table["customers"].sum() == 5_400  # 5,000 before, 400 arrived
    assert table.loc[table["from"] == "new", "customers"].sum() == 400
    assert page.locator("[data-testid='stException']").count() == 0
