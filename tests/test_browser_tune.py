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
from browser_support import FIRST_RENDER_MS, screenshot

pytestmark = pytest.mark.browser

#: The k sweep of the default recipe (97 matrix columns) takes 25-60 s here.
BACKGROUND_MS = 240_000
#: The map, under whichever layout it shows.
MAP = ".st-key-tune_w_map_umap, .st-key-tune_w_map_pca"
#: True once the "Segments" metric shows ``k``.
SEGMENTS_ARE = """(k) => [...document.querySelectorAll("[data-testid='stMetric']")]
    .some(m => m.innerText.startsWith("Segments") && m.innerText.trim().endsWith(k))"""


def _open_tune(server: str, page) -> None:
    """Open the app, let the Criteria page store its recipe, go to Tune, wait."""
    page.goto(server, wait_until="domcontentloaded")
    page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS
    )
    nav = page.locator("[data-testid='stSidebarNav']")
    nav.get_by_role("link", name="Criteria").click()
    page.get_by_text("Recipe (JSON)").wait_for()  # the recipe is stored by now
    nav.get_by_role("link", name="Tune").click()
    page.get_by_text("Recommended:").wait_for(timeout=BACKGROUND_MS)
    for running in ("for every k in the background", "The UMAP map is being"):
        page.get_by_text(running).first.wait_for(
            state="detached", timeout=BACKGROUND_MS
        )
    page.locator(MAP).wait_for()


def _show(locator) -> None:
    """Scroll an element into view; it may be redrawn meanwhile, so try again."""
    for _ in range(10):
        try:
            locator.scroll_into_view_if_needed(timeout=2_000)
            return
        except Exception:  # detached by a redraw: find it again
            locator.page.wait_for_timeout(300)
    locator.scroll_into_view_if_needed()


def _segments(page) -> str:
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Segments")
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def test_k_slider_by_keyboard_changes_the_segments(server, page):
    _open_tune(server, page)
    before = int(_segments(page))
    assert 2 <= before < 12
    thumb = page.locator(".st-key-tune_w_k").get_by_role("slider")
    thumb.focus()
    started = time.monotonic()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(SEGMENTS_ARE, arg=str(before + 1))
    print(f"k {before} -> {before + 1} shown in {time.monotonic() - started:.2f} s")
    page.get_by_text(f"You chose k = {before + 1}.").wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    _show(page.locator(MAP))
    assert screenshot(page, "tune_k_slider.png").stat().st_size > 0

    page.keyboard.press("ArrowLeft")
    page.wait_for_function(SEGMENTS_ARE, arg=str(before))
    page.get_by_text("You chose k =").wait_for(state="detached")  # recommended again


def test_brushing_the_map_shows_the_selection_profile(server, page):
    _open_tune(server, page)
    page.get_by_text("Drag a rectangle on the map to compare").wait_for()
    box = page.locator(MAP).bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.1)
    page.mouse.down()
    page.mouse.move(
        box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.9, steps=12
    )
    page.mouse.up()
    caption = page.get_by_text("customers selected on the map, by segment")
    caption.wait_for()
    selected = int(caption.inner_text().split(" ")[0].replace(",", ""))
    assert 0 < selected <= 5_000
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    _show(caption)
    screenshot(page, "tune_brush_selection.png")
