"""Sessions in a real browser: each sees only its own data, and ten at once all finish.

One ``streamlit run app.py`` per module, driven by Debian's headless chromium
through async Playwright: one browser, one context per session (separate cookies
and storage, so separate Streamlit sessions), run concurrently.

- Isolation: two sessions upload different customer tables at the same time and go
  Data -> Criteria -> Tune; each sees its own row counts, column names, map points
  (their ids are the file's ids) and segment sizes, never the other's; again after
  both reload (a reload starts a new session, which opens on the bundled sample)
  and upload their files once more.
- Load: ten sessions at once, on a server of their own, go Data (the bundled
  sample) -> Criteria -> Tune -> Segments -> Export and download the labelled CSV,
  all 5,000 rows of it.

``bench/bench_sessions.py`` reuses :func:`async_browser`, :func:`new_session` and
:func:`run_flow` to measure the server's memory per session.
"""

from __future__ import annotations

import asyncio
import csv
import re
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from browser_support import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    ERROR_BOX,
    FIRST_RENDER_MS,
    FRESH,
    UPLOAD_INPUT,
    app_error_lines,
    skip_or_fail,
    streamlit_server,
)
from shared_data import MALL

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CUSTOMERS = ROOT / "sample_data" / "customers.csv"
SESSIONS = 10
#: Ten sessions share two cores with their browser: every wait is generous.
STEP_MS = 180_000
BACKGROUND_MS = 600_000
#: The map's marks (an SVG map has one per customer; a canvas map has none in the
#: DOM) and the segment-size bars, once the current run has drawn both.
MAP_JS = """() => {
  const fresh = ":not([data-stale='true'])";
  const map = document.querySelector(
    `.st-key-tune_w_map_umap${fresh}, .st-key-tune_w_map_pca${fresh}`);
  if (!map) return null;
  const label = (mark) => mark.getAttribute("aria-label") || "";
  const points = [...map.querySelectorAll("[aria-roledescription='circle']")];
  const canvas = map.querySelector("canvas") !== null;
  const bars = [...document.querySelectorAll(
    `[data-testid='stElementContainer']${fresh} [aria-roledescription='bar']`)];
  const sizes = bars.map(label).filter((text) => text.startsWith("Customers: "));
  const drawn = (points.length || canvas) && sizes.length;
  return drawn ? {points: points.map(label), canvas, sizes} : null;
}"""
#: The key/value rows of the map's tooltip, if one is showing.
TOOLTIP_JS = """() => {
  const tip = document.querySelector("#vg-tooltip-element.visible");
  if (!tip) return null;
  const cell = (row, name) => row.querySelector(name)?.textContent;
  const rows = [...tip.querySelectorAll("tr")];
  return Object.fromEntries(
    rows.map((row) => [cell(row, ".key"), cell(row, ".value")]));
}"""
#: Hover positions per side of the map when its points are drawn on a canvas.
HOVER_GRID = 12


@dataclass(frozen=True)
class Table:
    """A customer file, read here with pandas as plain text."""

    path: Path
    header: tuple[str, ...]
    ids: tuple[str, ...]
    features: tuple[str, ...]  # columns the Criteria page must offer

    @classmethod
    def read(cls, path: Path, features: tuple[str, ...]) -> Table:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        return cls(path, tuple(frame.columns), tuple(frame.iloc[:, 0]), features)

    @property
    def rows(self) -> int:
        return len(self.ids)

    @property
    def sidebar(self) -> str:
        return f"Uploaded file · {self.rows:,} rows · {len(self.header):,} columns"

    def distinctive(self, other: Table) -> list[str]:
        """Column names no page of ``other`` could show by chance.

        Names with a digit, a symbol or an inner capital (``total_spend``,
        ``Annual Income (k$)``, ``CustomerID``) and not in ``other`` whatever the
        case; plain words such as ``Age`` could appear in any text.
        """
        theirs = {name.lower() for name in other.header}
        return [
            name
            for name in self.header
            if re.search(r"[^A-Za-z]|[a-z][A-Z]", name) and name.lower() not in theirs
        ]


@dataclass(frozen=True)
class TuneView:
    """What a session's Tune page showed."""

    recommended: str
    sizes: tuple[int, ...]


@asynccontextmanager
async def async_browser() -> AsyncIterator[object]:
    """Debian's chromium under async Playwright, closed on exit."""
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        skip_or_fail("the playwright package is not installed")
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing: install it with apt-get install chromium")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            await browser.close()


async def new_session(browser) -> object:
    """A page in a context of its own: a separate Streamlit session."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(STEP_MS)
    return page


async def settle(page) -> None:
    """Wait until the script run the page is showing has ended."""
    ready = "[data-testid='stApp'][data-test-script-state='notRunning']"
    await page.locator(ready).wait_for()


async def go(page, name: str) -> None:
    nav = page.locator("[data-testid='stSidebarNav']")
    await nav.get_by_role("link", name=name).click()


async def assert_clean(page) -> None:
    """No exception box and no error box on the page."""
    assert await page.locator("[data-testid='stException']").count() == 0
    errors = page.locator(ERROR_BOX)
    assert await errors.count() == 0, await errors.all_inner_texts()


async def open_app(page, url: str) -> None:
    await page.goto(url, wait_until="domcontentloaded")
    await page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS + STEP_MS
    )


async def upload(page, table: Table) -> None:
    """Upload a file on the Data page; wait for its rows in the sidebar."""
    await page.locator(UPLOAD_INPUT).set_input_files(str(table.path))
    sidebar = page.locator("[data-testid='stSidebar']")
    await sidebar.get_by_text(table.path.name, exact=True).wait_for()
    await sidebar.get_by_text(table.sidebar, exact=True).wait_for()
    await settle(page)
    await assert_clean(page)


async def check_criteria(page, table: Table, other: Table) -> None:
    """Criteria: this table's columns and row count, none of the other's columns."""
    await go(page, "Criteria")
    await page.get_by_text("Recipe (JSON): every choice").first.wait_for()
    await settle(page)
    main = page.locator("[data-testid='stMain']")
    for name in table.features:
        await main.get_by_text(name, exact=True).first.wait_for()
    shape = main.locator("[data-testid='stMetric']").filter(has_text="Feature matrix")
    value = await shape.locator("[data-testid='stMetricValue']").inner_text()
    assert value.startswith(f"{table.rows:,} rows × "), value
    await assert_only_own(page, table, other)


async def assert_only_own(page, table: Table, other: Table) -> None:
    """This table in the sidebar; nothing of the other anywhere; no error."""
    text = await page.locator("[data-testid='stMain']").text_content()
    for name in other.distinctive(table):
        assert name not in text, f"{other.path.name}'s column {name} shown"
    sidebar = await page.locator("[data-testid='stSidebar']").inner_text()
    assert table.sidebar in sidebar and other.path.name not in sidebar
    await assert_clean(page)


async def check_tune(page, table: Table, other: Table) -> TuneView:
    """Tune: the map holds this table's ids; the sizes add up to its rows."""
    await go(page, "Tune")
    await page.get_by_text("Recommended:").first.wait_for(timeout=BACKGROUND_MS)
    await settle(page)
    marks = await (await page.wait_for_function(MAP_JS, polling=500)).json_value()
    id_column = table.header[0]
    if marks["points"]:  # SVG: every customer's mark, its id in the label
        pattern = rf"; {re.escape(id_column)}: ([^;]*)"
        found = [re.search(pattern, text) for text in marks["points"]]
        assert all(found), f"points without {id_column}: {marks['points'][:3]}"
        assert sorted(m.group(1).strip() for m in found) == sorted(table.ids)
    else:  # canvas: the customers under the pointer, from the tooltip
        shown = await hovered_ids(page, id_column)
        assert len(shown) >= 3 and shown <= set(table.ids), shown
    sizes = tuple(int(re.match(r"Customers: (\d+)", t)[1]) for t in marks["sizes"])
    assert sum(sizes) == table.rows, sizes
    largest = page.locator(f"[data-testid='stMetric']{FRESH}").filter(
        has_text="Largest segment"
    )
    value = await largest.locator("[data-testid='stMetricValue']").inner_text()
    assert value == f"{max(sizes) / table.rows:.0%}"
    await assert_only_own(page, table, other)
    reason = page.locator(f"[data-testid='stElementContainer']{FRESH}").filter(
        has=page.locator("strong", has_text="Recommended:")
    )
    return TuneView(await reason.inner_text(), sizes)


async def hovered_ids(page, id_column: str) -> set[str]:
    """Move the pointer over a grid on the map; return the ids its tooltips show.

    Every tooltip must have this table's id column: a tooltip of the other
    table's map would name its own.
    """
    canvas = page.locator(
        f".st-key-tune_w_map_umap{FRESH} canvas, .st-key-tune_w_map_pca{FRESH} canvas"
    )
    await canvas.scroll_into_view_if_needed()
    box = await canvas.bounding_box()
    ids = set()
    for i in range(1, HOVER_GRID):
        for j in range(1, HOVER_GRID):
            x = box["x"] + box["width"] * i / HOVER_GRID
            y = box["y"] + box["height"] * j / HOVER_GRID
            await page.mouse.move(x, y)
            tip = await page.evaluate(TOOLTIP_JS)
            if tip:
                assert id_column in tip, tip
                ids.add(tip[id_column])
    return ids


async def check_fresh_after_reload(page, table: Table, other: Table) -> None:
    """A reload is a new session: the bundled sample on its defaults, no leak."""
    await page.reload(wait_until="domcontentloaded")
    sidebar = page.locator("[data-testid='stSidebar']")
    await sidebar.get_by_text("Bundled sample · ", exact=False).wait_for(
        timeout=FIRST_RENDER_MS
    )
    await page.get_by_text("Segmenting on the default criteria").first.wait_for()
    await settle(page)
    text = await sidebar.inner_text()
    assert table.path.name not in text and other.path.name not in text, text
    await assert_clean(page)
    await go(page, "Data")
    await page.locator(UPLOAD_INPUT).wait_for(state="attached")


async def isolated_session(
    page, url: str, table: Table, other: Table, reloaded: asyncio.Barrier
) -> tuple[TuneView, TuneView]:
    """One session's part of the isolation test; returns its Tune pages."""
    await open_app(page, url)
    await upload(page, table)
    await check_criteria(page, table, other)
    before = await check_tune(page, table, other)
    await reloaded.wait()  # both sessions have tuned: reload together
    await check_fresh_after_reload(page, table, other)
    await upload(page, table)
    await check_criteria(page, table, other)
    after = await check_tune(page, table, other)
    return before, after


#: The flow's pages after Data, each with a text that says it is drawn.
FLOW = (
    ("Criteria", "Recipe (JSON): every choice", STEP_MS),
    ("Tune", "Recommended:", BACKGROUND_MS),
    ("Segments", "Each segment", STEP_MS),
    ("Export", "Every one of the {rows:,} input rows", STEP_MS),
)


async def download_labelled(page, folder: Path) -> Path:
    """Click the labelled-CSV button once and save the file.

    The file is built before its button is drawn, so it is there however many
    other sessions run meanwhile (a file built on click was deleted under ten
    sessions: see ``ui.export_view.PREPARE_ABOVE``).
    """
    button = page.get_by_role("button", name="Labelled customers (CSV)")
    async with page.expect_download(timeout=STEP_MS) as info:
        await button.click()
    download = await info.value
    failure = await download.failure()
    assert failure is None, f"the download failed: {failure}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "segments.csv"
    await download.save_as(path)
    return path


async def run_flow(page, url: str, folder: Path, table: Table | None = None) -> Path:
    """Data -> Criteria -> Tune -> Segments -> Export, and the CSV.

    On the bundled sample, or on ``table`` uploaded on the Data page. A failure is
    raised again with the step it happened in.
    """
    step = "Data"
    try:
        await open_app(page, url)
        sidebar = page.locator("[data-testid='stSidebar']")
        await sidebar.get_by_text("Bundled sample · 5,000 rows", exact=False).wait_for()
        if table is not None:
            await upload(page, table)
        rows = 5_000 if table is None else table.rows
        for step, text, timeout in FLOW:
            await go(page, step)
            await page.get_by_text(text.format(rows=rows)).first.wait_for(
                timeout=timeout
            )
            await settle(page)
            await assert_clean(page)
        step = "download"
        return await download_labelled(page, folder)
    except Exception as exc:
        raise AssertionError(f"{step}: {type(exc).__name__}: {exc}") from exc


def read_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The app for the isolation test: its address and its log."""
    log = tmp_path_factory.mktemp("sessions") / "server.log"
    with streamlit_server(log) as url:
        yield url, log


@pytest.fixture
def cold_server(tmp_path) -> Iterator[tuple[str, Path]]:
    """A server of its own: nothing computed or cached before the ten arrive."""
    log = tmp_path / "cold_server.log"
    with streamlit_server(log) as url:
        yield url, log


async def screenshot_failed(pages, results, names) -> None:
    """Save a screenshot of every page whose part failed."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for tab, result, name in zip(pages, results, names, strict=True):
        if isinstance(result, BaseException):
            path = ARTIFACTS / f"sessions_{name}_failed.png"
            await tab.screenshot(path=str(path), full_page=True)


def test_two_sessions_at_once_see_only_their_own_data(server):
    url, server_log = server
    assert MALL.is_file(), f"{MALL} is missing (../shared/datasets)"
    customers = Table.read(CUSTOMERS, ("orders", "total_spend"))
    mall = Table.read(MALL, ("Annual Income (k$)", "Spending Score (1-100)"))
    assert (customers.rows, mall.rows) == (5_000, 200)

    async def both() -> list[tuple[TuneView, TuneView] | BaseException]:
        async with async_browser() as browser:
            pages = [await new_session(browser), await new_session(browser)]
            reloaded = asyncio.Barrier(2)
            results = await asyncio.gather(
                isolated_session(pages[0], url, customers, mall, reloaded),
                isolated_session(pages[1], url, mall, customers, reloaded),
                return_exceptions=True,
            )
            await screenshot_failed(pages, results, ("customers", "mall"))
            return results

    results = asyncio.run(both())
    for result in results:
        if isinstance(result, BaseException):
            raise result
    (a_before, a_after), (b_before, b_after) = results
    # Same data and choices give the same figures, before and after the reload.
    assert a_after == a_before and b_after == b_before
    assert a_before.recommended != b_before.recommended  # each its own sweep
    assert not app_error_lines(server_log), "the app logged an error"


@pytest.mark.slow
def test_ten_sessions_at_once_all_finish(cold_server, tmp_path, capsys):
    server, server_log = cold_server
    source = read_rows(CUSTOMERS)

    async def ten() -> tuple[list[Path | BaseException], float]:
        async with async_browser() as browser:
            pages = [await new_session(browser) for _ in range(SESSIONS)]
            start = time.monotonic()
            results = await asyncio.gather(
                *(
                    run_flow(tab, server, tmp_path / f"session_{i}")
                    for i, tab in enumerate(pages)
                ),
                return_exceptions=True,
            )
            wall = time.monotonic() - start
            await screenshot_failed(pages, results, range(SESSIONS))
            return results, wall

    results, wall = asyncio.run(ten())
    failures = [repr(r) for r in results if isinstance(r, BaseException)]
    assert not failures, failures
    with capsys.disabled():
        print(f"\n{SESSIONS} sessions, sample to downloaded CSV: {wall:.1f} s wall")
    for path in results:
        rows = read_rows(path)
        assert len(rows) == 5_001  # the header and every customer
        assert rows[0] == source[0] + ["segment", "segment_name"]
        assert [row[:-2] for row in rows[1:]] == source[1:]  # every row, as it was
    # Same data, same default choices: every browser got the very same file.
    assert len({path.read_bytes() for path in results}) == 1
    assert not app_error_lines(server_log), "the app logged an error"
