"""Benchmark the workshop's first minute: a fresh server, the first visitors, the map.

Starts ``streamlit run app.py`` afresh (numba's disk cache as the machine has it:
filled after the first ``make run``), waits until the server answers its health
check, then in Debian's chromium:

- first visitor: open the app; seconds until the Data page's preview of the bundled
  sample is drawn (its table of rows);
- second visitor: another browser context on the same server, the same;
- first map: the first visitor clicks Tune straight away (no visit to Criteria);
  seconds until a map is drawn, then until the UMAP map is.

Each run is a new server; ``--runs`` of them, every figure listed. Run:
``.venv/bin/python bench/bench_cold_start.py [--runs 3]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    app_process,
)

WAIT_MS = 180_000
PREVIEW = "[data-testid='stDataFrame']"
MAP = ".st-key-tune_w_map_umap, .st-key-tune_w_map_pca"


def _visit(browser, url: str) -> tuple[object, float]:
    """Open the app as a new visitor; the page and seconds until its preview."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.set_default_timeout(WAIT_MS)
    opened = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.locator(PREVIEW).first.wait_for()
    return page, time.perf_counter() - opened


def one_run() -> dict[str, float]:
    """Measure one fresh server; seconds from the server answering."""
    from playwright.sync_api import sync_playwright

    log = Path(tempfile.mkdtemp()) / "server.log"
    launched = time.perf_counter()
    with app_process(log) as (url, _proc), sync_playwright() as playwright:
        answered = time.perf_counter()
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            page, first_preview = _visit(browser, url)
            _, second_preview = _visit(browser, url)
            nav = page.locator("[data-testid='stSidebarNav']")
            clicked = time.perf_counter()
            nav.get_by_role("link", name="Tune").click()
            page.locator(MAP).first.wait_for()
            mapped = time.perf_counter()
            page.locator(".st-key-tune_w_map_umap").wait_for()
            umap = time.perf_counter()
        finally:
            browser.close()
    return {
        "server start -> answering": answered - launched,
        "first visitor: open -> preview": first_preview,
        "second visitor: open -> preview": second_preview,
        "Tune clicked -> first map": mapped - clicked,
        "Tune clicked -> UMAP map": umap - clicked,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [one_run() for _ in range(args.runs)]
    print("| step | " + " | ".join(f"run {i + 1} (s)" for i in range(len(runs))) + " |")
    print("|---|" + "---|" * len(runs))
    for step in runs[0]:
        cells = " | ".join(f"{run[step]:.1f}" for run in runs)
        print(f"| {step} | {cells} |")


if __name__ == "__main__":
    main()
