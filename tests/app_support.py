"""What the AppTest page tests share: the app on a page, the planted recipe, waiting.

The tests start a fresh ``AppTest`` from ``app.py`` (the app opens on the bundled
customers) with a recipe seeded in session state, as the Criteria page leaves it.
Background work (the k sweep, the UMAP layout) is waited for by rerunning the page,
as the page's own poller does in a browser.
"""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

import segmentation as sg
from segmentation.reading.samples import SAMPLES
from segmentation.recipe import Recipe
from ui import cache_keys, state

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
TUNE = "app_pages/tune.py"
CUSTOMERS = SAMPLES["customers"].path
#: The six behavioural columns the planted segments differ on (README).
SIX = SAMPLES["customers"].planted_columns
WAIT_SECONDS = 240


def planted_recipe() -> Recipe:
    """The recipe the Criteria page makes when only the six columns are chosen."""
    schema = sg.infer_schema(sg.read_table(CUSTOMERS))
    return Recipe.from_schema(
        schema,
        columns=SIX,
        id_column="customer_id",
        input_fingerprint=cache_keys.digest_bytes(CUSTOMERS.read_bytes()),
    )


def open_page(page: str, recipe: Recipe | None = None, **session: object) -> AppTest:
    """A fresh app on ``page``; ``recipe`` and ``session`` seed state first."""
    at = AppTest.from_file(APP, default_timeout=120)
    if recipe is not None:
        at.session_state[state.RECIPE] = recipe
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """Every markdown and caption on the page, joined."""
    return " ".join(str(e.value) for e in [*at.markdown, *at.caption])


def wait_until(at: AppTest, ready, what: str) -> None:
    """Rerun the page until ``ready(at)`` (the background work finished)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not ready(at):
        assert time.monotonic() < deadline, f"{what} not ready in {WAIT_SECONDS} s"
        time.sleep(0.5)
        at.run()
        assert not at.exception, at.exception


def swept(at: AppTest) -> bool:
    """True once the Tune page shows its recommended k."""
    return "Recommended:" in texts(at)


def metric(at: AppTest, label: str) -> str:
    """The value of the metric labelled ``label``."""
    return next(m.value for m in at.metric if m.label == label)


def tuned(recipe: Recipe | None = None) -> AppTest:
    """The app on the Tune page with the planted recipe, once the sweep is done."""
    at = open_page(TUNE, recipe or planted_recipe())
    wait_until(at, swept, "The k sweep")
    return at
