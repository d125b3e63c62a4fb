"""An analyst's working day in a real browser: Tune at once, compare, save, resume.

The bundled sample goes straight to Tune (default criteria, no Criteria visit);
a rule is written on Criteria, Tune runs again, a segment is named on Segments;
two segments are compared; the recipe is downloaded from Export. A second file
(the Telco table) starts a clean slate with a notice and the saved recipe opened
on it says what does not fit. The sample loaded again ("Load sample") and the
recipe opened on it give back the same segments, rule and name.
"""

import json
from pathlib import Path

import pytest
from browser_support import (
    FIRST_RENDER_MS,
    UPLOAD_INPUT,
    go,
    rename_first_segment,
    screenshot,
    segments_shown,
)
from browser_support import wait_for_tune as tune_ready

from segmentation.reading.samples import SAMPLES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TELCO = ROOT / "tests" / "customers" / "telco_churn" / "data.csv"
#: Uploads and page runs wait up to this long (a busy CI server).
STEP_MS = 90_000
RECIPE_INPUT = (
    "[data-testid='stFileUploader']:has-text('Open a recipe') input[type='file']"
)
RULE = "Big spenders"
NAME = "Our core"


def _choose(page, label: str, option: str) -> None:
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(option)  # the list is long: type to narrow it
    page.get_by_role("option", name=option, exact=True).click()


def _write_rule(page) -> None:
    go(page, "Criteria")
    page.get_by_text("Add a rule", exact=True).wait_for(timeout=STEP_MS)
    page.get_by_role("textbox", name="Name", exact=True).fill(RULE)
    _choose(page, "Column", "total_spend")
    _choose(page, "Operator", ">")
    page.get_by_role("textbox", name="Value", exact=True).fill("1000")
    page.get_by_role("button", name="Add rule").click()
    page.locator(f"input[value='{RULE}']").wait_for(timeout=STEP_MS)


def _upload(page, path: Path) -> None:
    go(page, "Data")
    page.locator(UPLOAD_INPUT).set_input_files(str(path))
    try:
        page.get_by_text(f"New table {path.name}: ").wait_for(timeout=STEP_MS)
    except Exception:
        screenshot(page, f"working_day_upload_{path.stem}.png")  # what it showed
        raise


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
    _write_rule(page)
    go(page, "Tune")  # the rule changed the recipe: its segments are made here
    tune_ready(page)
    k = segments_shown(page)

    go(page, "Segments")
    page.get_by_text("Compare segments", exact=True).wait_for(timeout=STEP_MS)
    page.get_by_text("Holm-adjusted").wait_for()
    page.get_by_text("Everyone else").first.wait_for()
    rename_first_segment(page, NAME)
    page.get_by_role("tab", name=f"0 · {NAME}").wait_for()

    go(page, "Export")
    page.get_by_text("Every one of the 5,000 input rows").wait_for(timeout=STEP_MS)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Recipe (JSON)").click()
    recipe = tmp_path / "recipe.json"
    download.value.save_as(recipe)
    saved = json.loads(recipe.read_text())
    assert saved["k"] == k and saved["segment_names"]["0"] == NAME
    assert [rule["name"] for rule in saved["rules"]] == [RULE]

    _upload(page, TELCO)
    page.get_by_text("reset 1 rule, the criteria and segment names").wait_for()
    go(page, "Criteria")
    page.get_by_text("No rule yet").wait_for(timeout=STEP_MS)
    _open_recipe(page, recipe)
    page.get_by_text("The table has no id column 'customer_id'").wait_for(
        timeout=STEP_MS
    )

    go(page, "Data")  # back to the first table: the bundled sample again
    page.get_by_role("button", name="Load sample").click()
    try:
        page.get_by_text(f"New table {SAMPLES['customers'].title}: ").wait_for(
            timeout=STEP_MS
        )
    except Exception:
        screenshot(page, "working_day_sample_again.png")  # what it showed
        raise
    _open_recipe(page, recipe)
    page.get_by_text(f"Opened {recipe.name}: ").wait_for(timeout=STEP_MS)
    page.locator(f"input[value='{RULE}']").wait_for(timeout=STEP_MS)
    go(page, "Tune")
    tune_ready(page)
    assert segments_shown(page) == k
    go(page, "Segments")
    page.get_by_role("tab", name=f"0 · {NAME}").wait_for(timeout=STEP_MS)

    assert page.locator("[data-testid='stException']").count() == 0
