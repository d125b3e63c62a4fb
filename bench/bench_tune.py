"""Benchmark the Tune page: a k change at 100k customers, the first map on a cold start.

- k change: the app under ``streamlit.testing.v1.AppTest`` on a customer table
  resampled to N rows (``bench_cluster.make_table``), recipe on the six planted
  behavioural columns, on the Tune page once the k sweep and the UMAP layout are
  done. Each k change moves the slider and reruns; the time is server time for the
  whole page (AppTest reruns the script; a browser reruns only the Tune fragment,
  so this is an upper bound). "new k" is a k never clustered before (k-means fit
  plus the map recoloured), "seen k" one already in the cache.
- first map: ``streamlit run app.py`` started fresh (numba's disk cache populated,
  as after the first ``make run``), one chromium page opens the app on the bundled
  sample, goes to Criteria (the default recipe) and then Tune. Seconds from the
  server start and from the click on Tune until the first map (PCA) is drawn and
  until the UMAP map replaces it.

Run: ``.venv/bin/python bench/bench_tune.py [--rows 100000] [--skip-browser]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from bench_cluster import make_table  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

import segmentation as sg  # noqa: E402
from segmentation.reading.samples import SAMPLES  # noqa: E402
from segmentation.recipe import Recipe  # noqa: E402
from ui import cache_keys, state  # noqa: E402

PAGE = "app_pages/tune.py"
WAIT_SECONDS = 600


def _ready(at: AppTest) -> bool:
    texts = " ".join(str(e.value) for e in [*at.markdown, *at.caption])
    charts = " ".join(str(c.proto.spec) for c in at.get("vega_lite_chart"))
    return "Recommended:" in texts and "UMAP layout" in charts


def k_changes(rows: int) -> list[tuple[str, int, float]]:
    """Time k changes on the Tune page at ``rows`` customers (AppTest)."""
    folder = Path(tempfile.mkdtemp())
    path = make_table(rows, folder)
    data = path.read_bytes()
    table = sg.read_table(path)
    recipe = Recipe.from_schema(
        sg.infer_schema(table),
        columns=SAMPLES["customers"].planted_columns,
        id_column="customer_id",
        input_fingerprint=cache_keys.digest_bytes(data),
    )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=WAIT_SECONDS)
    at.run()
    at.file_uploader(key=state.UPLOAD).upload(path.name, data).run()
    at.session_state[state.RECIPE] = recipe
    started = time.perf_counter()
    at.switch_page(PAGE).run()
    while not _ready(at):
        if time.perf_counter() - started > WAIT_SECONDS:
            raise TimeoutError("the sweep or the UMAP layout did not end")
        time.sleep(1)
        at.run()
    print(f"{rows:,} rows: sweep and UMAP ready {time.perf_counter() - started:.1f} s")
    timings = []
    for kind, k in [("new k", 6), ("new k", 4), ("new k", 7), ("new k", 3)] + [
        ("seen k", k) for k in (5, 6, 4, 7, 3)
    ]:
        clock = time.perf_counter()
        at.slider(key=state.TUNE_K).set_value(k).run()
        seconds = time.perf_counter() - clock
        assert not at.exception, at.exception
        shown = next(m.value for m in at.metric if m.label == "Segments")
        assert shown == str(k), (shown, k)
        timings.append((kind, k, seconds))
    return timings


def first_map() -> dict[str, float]:
    """Seconds to the first map and to the UMAP map after a cold server start."""
    from browser_support import chromium_page, streamlit_server

    log = Path(tempfile.mkdtemp()) / "server.log"
    started = time.perf_counter()
    with streamlit_server(log) as url, chromium_page() as page:
        page.set_default_timeout(WAIT_SECONDS * 1000)
        page.goto(url, wait_until="domcontentloaded")
        page.locator("[data-testid='stMetricValue']").first.wait_for()
        nav = page.locator("[data-testid='stSidebarNav']")
        nav.get_by_role("link", name="Criteria").click()
        page.get_by_text("Recipe (JSON)").wait_for()
        clicked = time.perf_counter()
        nav.get_by_role("link", name="Tune").click()
        page.locator(".st-key-tune_w_map_umap, .st-key-tune_w_map_pca").wait_for()
        first = time.perf_counter()
        page.get_by_text("Recommended:").wait_for()
        recommended = time.perf_counter()
        page.locator(".st-key-tune_w_map_umap").wait_for()
        umap = time.perf_counter()
    return {
        "server start -> Tune clicked": clicked - started,
        "Tune clicked -> first map": first - clicked,
        "Tune clicked -> recommended k": recommended - clicked,
        "Tune clicked -> UMAP map": umap - clicked,
        "server start -> UMAP map": umap - started,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-k", action="store_true")
    args = parser.parse_args()
    if not args.skip_k:
        timings = k_changes(args.rows)
        print(f"\n| {args.rows:,} customers | k | server time (s) |\n|---|---|---|")
        for kind, k, seconds in timings:
            print(f"| {kind} | {k} | {seconds:.3f} |")
        for kind in ("new k", "seen k"):
            values = [s for name, _, s in timings if name == kind]
            print(f"| {kind}: median | | {statistics.median(values):.3f} |")
    if not args.skip_browser:
        print("\n| first map after a cold start (sample, default recipe) | s |")
        print("|---|---|")
        for name, seconds in first_map().items():
            print(f"| {name} | {seconds:.1f} |")


if __name__ == "__main__":
    main()
