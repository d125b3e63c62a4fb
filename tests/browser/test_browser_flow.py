"""The whole flow in a real browser: sample, Criteria, Tune, Segments, Export, files.

``streamlit run app.py`` driven by Debian's headless chromium (fixtures in
``conftest.py``). The app opens on the bundled customers; the Criteria page's
default recipe is tuned, a segment is renamed on the Segments page, and the Export
page's labelled CSV and recipe are downloaded. The CSV must hold every input row
in input order with its original text plus the segment columns, and the recipe run
through ``segmentation fit --recipe`` must write the very same file.
"""

from pathlib import Path

import pytest
from browser_support import (
    FIRST_RENDER_MS,
    TUNE_BACKGROUND_MS,
    UPLOAD_INPUT,
    brush_map,
    csv_rows,
    go,
    press_k,
    rename_first_segment,
    screenshot,
    wait_for_tune,
)
from PIL import Image
from shared_data import MALL

from segmentation import cli
from segmentation.reading.samples import SAMPLES

pytestmark = pytest.mark.browser

CUSTOMERS = SAMPLES["customers"].path
ROOT = Path(__file__).resolve().parents[2]
NEW_NAME = "Workshop favourites"


def _not_blank(path: Path) -> Path:
    """Check a screenshot shows a page: many colours, not one flat fill."""
    with Image.open(path) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is None or len(colours) > 50, f"{path.name} looks blank"
    return path


def test_sample_to_downloaded_csv_that_the_cli_reproduces(server, page, tmp_path):
    page.goto(server, wait_until="domcontentloaded")
    page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS
    )
    _not_blank(screenshot(page, "flow_1_data.png"))
    go(page, "Criteria")
    page.get_by_text("Recipe (JSON): every choice").wait_for()
    _not_blank(screenshot(page, "flow_2_criteria.png"))
    go(page, "Tune")
    wait_for_tune(page)
    k = press_k(page, "ArrowRight")  # one more segment than recommended
    page.get_by_text(f"You chose k = {k}.").wait_for()
    assert brush_map(page) > 0
    _not_blank(screenshot(page, "flow_3_tune.png"))

    go(page, "Segments")
    page.get_by_text("Each segment", exact=True).wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    rename_first_segment(page, NEW_NAME)
    page.get_by_role("tab", name=f"0 · {NEW_NAME}").wait_for()
    _not_blank(screenshot(page, "flow_4_segments.png"))

    go(page, "Export")
    page.get_by_text("Suggested messages").wait_for()
    page.get_by_text("Every one of the 5,000 input rows").wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    _not_blank(screenshot(page, "flow_5_export.png"))
    files = {}
    for label, name in (
        ("Labelled customers (CSV)", "segments.csv"),
        ("Recipe (JSON)", "recipe.json"),
        ("Messages (CSV)", "messages.csv"),
        ("Model file", "model.zip"),
    ):
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=label).click()
        files[name] = tmp_path / name
        download.value.save_as(files[name])

    source, written = csv_rows(CUSTOMERS), csv_rows(files["segments.csv"])
    assert written[0] == source[0] + ["segment", "segment_name"]
    assert len(written) == len(source) == 5_001
    assert [row[:-2] for row in written[1:]] == source[1:]  # every row, as it was
    segments = {(row[-2], row[-1]) for row in written[1:]}
    assert ("0", NEW_NAME) in segments
    assert len({s for s, _ in segments}) == len(segments) == k  # the k chosen

    headless = tmp_path / "headless.csv"
    code = cli.main(
        [
            "fit",
            str(CUSTOMERS),
            "--recipe",
            str(files["recipe.json"]),
            "-o",
            str(headless),
        ]
    )
    assert code == 0
    assert headless.read_bytes() == files["segments.csv"].read_bytes()

    # The model file labels the same customers the same way, with the same names.
    applied = tmp_path / "applied.csv"
    code = cli.main(
        ["apply", str(files["model.zip"]), str(CUSTOMERS), "-o", str(applied)]
    )
    assert code == 0
    assert applied.read_bytes() == files["segments.csv"].read_bytes()

    messages = csv_rows(files["messages.csv"])
    assert messages[0] == [
        "segment",
        "segment_name",
        "objective",
        "channel",
        "tone",
        "offer",
        "subject",
        "body",
        "cta",
        "rationale",
    ]
    assert messages[1][1] == NEW_NAME


@pytest.mark.skipif(
    not MALL.is_file(), reason="../shared/datasets is absent (CI always has it)"
)
def test_uploaded_real_file_to_downloaded_csv(server, page, tmp_path):
    page.goto(server, wait_until="domcontentloaded")
    page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS
    )
    page.locator(UPLOAD_INPUT).set_input_files(str(MALL))
    page.get_by_text("Mall_Customers.csv").first.wait_for()
    page.get_by_text("200 rows").first.wait_for()
    go(page, "Criteria")
    page.get_by_text("Recipe (JSON): every choice").wait_for()
    go(page, "Tune")
    page.get_by_text("Recommended:").wait_for(timeout=TUNE_BACKGROUND_MS)
    go(page, "Segments")
    page.get_by_text("Each segment", exact=True).wait_for()
    _not_blank(screenshot(page, "flow_mall_segments.png"))
    go(page, "Export")
    page.get_by_text("Every one of the 200 input rows").wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Labelled customers (CSV)").click()
    path = tmp_path / "mall_segments.csv"
    download.value.save_as(path)
    source, written = csv_rows(MALL), csv_rows(path)
    assert written[0] == source[0] + ["segment", "segment_name"]
    assert [row[:-2] for row in written[1:]] == source[1:]
    names = {row[-2]: row[-1] for row in written[1:]}
    assert len(names) >= 2 and len(set(names.values())) == len(names)
