"""An analyst's working day in a real browser: Tune at once, compare, save, resume.

The bundled sample goes straight to Tune (default criteria, no Criteria visit);
two segments are compared on Segments; the recipe is downloaded from Export. A
second file (the Telco table) starts a clean slate with a notice; the saved
recipe opened on it says what does not fit. (The same recipe reopened on its
own table gives back the same segments: tests/app/test_app_open_recipe.py.)
"""

import json
from pathlib import Path

import pytest
from browser_support import FIRST_RENDER_MS, UPLOAD_INPUT, go, segments_shown
from browser_support import wait_for_tune as tune_ready

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TELCO = ROOT / "tests" / "customers" / "telco_churn" / "data.csv"
#: Uploads and page runs wait up to this long (a busy CI server).
STEP_MS = 90_000
RECIPE_INPUT = (
    "[data-testid='stFileUploader']:has-text('Open a recipe') input[type='file']"
)


def _open_recipe(page, path: Path) -> None:
    go(page, "Criteria")
    page.get_by_text("Open a saved recipe").click()
    page.locator(RECIPE_INPUT).set_input_files(str(path))


def test_tune_at_once_compare_save_and_resume(server, page, tmp_path):
    page.goto(server, wait_until="domcontentloaded")
    page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS
    )
    go(page, "Tune")
    page.get_by_text("Segmenting on the default criteria (").wait_for()
    tune_ready(page)
    k = segments_shown(page)

    go(page, "Segments")
    page.get_by_text("Compare segments", exact=True).wait_for(timeout=60_000)
    page.get_by_text("Holm-adjusted").wait_for()
    page.get_by_text("Everyone else").first.wait_for()

    go(page, "Export")
    page.get_by_text("Every one of the 5,000 input rows").wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Recipe (JSON)").click()
    recipe = tmp_path / "recipe.json"
    download.value.save_as(recipe)
    assert json.loads(recipe.read_text())["k"] == k

    go(page, "Data")
    page.locator(UPLOAD_INPUT).set_input_files(str(TELCO))
    page.get_by_text("New table data.csv: reset the criteria made for").wait_for(
        timeout=STEP_MS
    )
    _open_recipe(page, recipe)
    page.get_by_text("The table has no id column 'customer_id'").wait_for(
        timeout=STEP_MS
    )

    assert page.locator("[data-testid='stException']").count() == 0
