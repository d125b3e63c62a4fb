"""The Tune page in a real browser: the k slider by keyboard, the map, brushing.

Same recipe as ``test_browser.py`` (fixtures in ``conftest.py``): ``streamlit run
app.py`` on a free port, driven by Debian's headless chromium through Playwright.
The page opens on the Criteria page's default recipe. The tests wait for the page's
background work (the k sweep, then the UMAP layout, a few seconds) to finish before
they drive it, so that the one automatic rerun it ends with cannot land between a
key press and the check. Charts draw on a canvas, so the checks read the metrics
and captions around them.
"""

import time

import pytest
from browser_support import (
    FIRST_RENDER_MS,
    TUNE_MAP,
    brush_map,
    csv_rows,
    press_k,
    screenshot,
    segments_shown,
    show,
    wait_for_tune,
)

pytestmark = pytest.mark.browser


def _open_tune(server: str, page) -> None:
    """Open the app, let the Criteria page store its recipe, go to Tune, wait."""
    page.goto(server, wait_until="domcontentloaded")
    page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS
    )
    nav = page.locator("[data-testid='stSidebarNav']")
    nav.get_by_role("link", name="Criteria").click()
    page.get_by_text(
        "Recipe (JSON): every choice"
    ).wait_for()  # the recipe is stored by now
    nav.get_by_role("link", name="Tune").click()
    wait_for_tune(page)


def test_k_slider_by_keyboard_changes_the_segments(server, page):
    _open_tune(server, page)
    before = segments_shown(page)
    assert 2 <= before < 12
    started = time.monotonic()
    assert press_k(page, "ArrowRight") == before + 1
    print(f"k {before} -> {before + 1} shown in {time.monotonic() - started:.2f} s")
    page.get_by_text(f"You chose k = {before + 1}.").wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    show(page.locator(TUNE_MAP))
    assert screenshot(page, "tune_k_slider.png").stat().st_size > 0

    assert press_k(page, "ArrowLeft") == before
    page.get_by_text("You chose k =").wait_for(state="detached")  # recommended again


def test_brushing_the_map_shows_the_selection_profile(server, page, tmp_path):
    _open_tune(server, page)
    selected = brush_map(page)
    assert 0 < selected <= 5_000
    caption = page.get_by_text("customers selected on the map, by segment")
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    show(caption)
    screenshot(page, "tune_brush_selection.png")

    # The brushed customers kept as a group of their own, found in the export.
    name = page.get_by_label("Keep these customers as a group")
    show(name)
    name.fill("Map pick")
    name.press("Enter")
    page.get_by_role("button", name="Keep group").click()
    page.get_by_text(f"Map pick: {selected:,} customers").wait_for()
    page.locator("[data-testid='stSidebarNav']").get_by_role(
        "link", name="Export"
    ).click()
    page.get_by_text("Every one of the 5,000 input rows").wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Labelled customers (CSV)").click()
    path = tmp_path / "segments.csv"
    download.value.save_as(path)
    header, *rows = csv_rows(path)
    assert header[-1] == "group_map_pick"
    assert sum(row[-1] == "1" for row in rows) == selected
