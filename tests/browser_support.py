"""What the browser tests share: the Streamlit server, Debian's chromium, screenshots.

Playwright cannot download its own browser here, so the tests launch Debian's
chromium (``apt-get install chromium``; ``make test`` installs it when it can).
Without it the browser tests are skipped, except on CI (``CI=true``), where a
missing browser is a failure. The fixtures built on this are in ``conftest.py``.
"""

from __future__ import annotations

import csv
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The Data page's table uploader and the Criteria page's log uploader ("Upload a
#: file", "Upload a transaction log"), not the recipe or model uploaders.
UPLOAD_INPUT = "[data-testid='stFileUploader']:has-text('Upload a') input[type='file']"
#: The Tune page's k sweep of the default recipe (97 matrix columns): 25-60 s here.
TUNE_BACKGROUND_MS = 240_000
#: The Tune page's map, under whichever layout it shows.
TUNE_MAP = ".st-key-tune_w_map_umap, .st-key-tune_w_map_pca"
#: True once the "Segments" metric shows ``k``.
SEGMENTS_ARE = """(k) => [...document.querySelectorAll("[data-testid='stMetric']")]
    .some(m => m.innerText.startsWith("Segments") && m.innerText.trim().endsWith(k))"""
FIRST_RENDER_MS = 90_000
#: Elements of the run on screen, not left over from the run before.
FRESH = ":not([data-stale='true'])"
ERROR_BOX = (
    f"[data-testid='stElementContainer']{FRESH} [data-testid='stAlertContentError']"
)
STEP_MS = 30_000


def skip_or_fail(reason: str) -> None:
    """Skip a browser test, or fail it on CI where browsers must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run on CI)")
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Wait until Streamlit answers its health check, or raise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise TimeoutError(f"streamlit did not answer {url}/_stcore/health in {timeout} s")


@contextmanager
def app_process(log_path: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run the app as ``make run`` does, on a free port; yield address and process.

    The process writes to ``log_path`` and is always terminated on exit. UMAP's
    compiled code is cached in the project's ``.cache/numba`` unless
    ``NUMBA_CACHE_DIR`` says otherwise.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "ui.server", "run", "app.py"]  # as make run
    command += ["--server.headless", "true", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    command += ["--browser.gatherUsageStats", "false"]
    env = {"NUMBA_CACHE_DIR": str(ROOT / ".cache" / "numba"), **os.environ}
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env
        )
        try:
            wait_healthy(url, proc)
            yield url, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


@contextmanager
def streamlit_server(log_path: Path) -> Iterator[str]:
    """The app for browser tests (see :func:`app_process`); yield its address."""
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing: install it with apt-get install chromium")
    with app_process(log_path) as (url, _proc):
        yield url


def app_error_lines(log: Path) -> list[str]:
    """Traceback lines in the app's own code (a section failed and was logged).

    Streamlit's own web server may log a traceback when a browser goes away; those
    frames are all in site-packages.
    """
    text = log.read_text(encoding="utf-8", errors="replace")
    own = rf'File "{re.escape(str(ROOT))}/(app\.py|app_pages/|ui/|segmentation/)'
    return [line for line in text.splitlines() if re.search(own, line)]


@contextmanager
def chromium_page() -> Iterator[object]:
    """A fresh page of Debian's chromium, launched with the measured flags."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            tab = context.new_page()
            tab.set_default_timeout(STEP_MS)
            yield tab
        finally:
            browser.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under tests/artifacts/ and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_for_tune(page) -> None:
    """On the Tune page: wait for the recommendation, the background work, the map.

    Waiting for the background work to end means its one automatic rerun cannot
    land between a key press and the check that follows.
    """
    page.get_by_text("Recommended:").wait_for(timeout=TUNE_BACKGROUND_MS)
    for running in ("for every k in the background", "The UMAP map is being"):
        page.get_by_text(running).first.wait_for(
            state="detached", timeout=TUNE_BACKGROUND_MS
        )
    page.locator(TUNE_MAP).wait_for()


def segments_shown(page) -> int:
    """The number in the Tune page's "Segments" metric."""
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Segments")
    return int(metric.locator("[data-testid='stMetricValue']").inner_text().strip())


def press_k(page, key: str) -> int:
    """Press ``key`` on the k slider; wait for the new number of segments."""
    before = segments_shown(page)
    page.locator(".st-key-tune_w_k").get_by_role("slider").focus()
    page.keyboard.press(key)
    after = before + (1 if key == "ArrowRight" else -1)
    page.wait_for_function(SEGMENTS_ARE, arg=str(after))
    return after


def brush_map(page) -> int:
    """Drag a rectangle over the map; return how many customers it selected."""
    page.get_by_text("Drag a rectangle on the map to compare").wait_for()
    show(page.locator(TUNE_MAP))
    box = None
    for _ in range(40):  # the map may be between two draws: no box for a moment
        box = page.locator(TUNE_MAP).bounding_box()
        if box:
            break
        page.wait_for_timeout(250)
    assert box, "the map did not come back on screen"
    page.mouse.move(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.1)
    page.mouse.down()
    page.mouse.move(
        box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.9, steps=12
    )
    page.mouse.up()
    caption = page.get_by_text("customers selected on the map, by segment")
    caption.wait_for()
    return int(caption.inner_text().split(" ")[0].replace(",", ""))


def show(locator) -> None:
    """Scroll an element into view; it may be redrawn meanwhile, so try again."""
    for _ in range(10):
        try:
            locator.scroll_into_view_if_needed(timeout=2_000)
            return
        except Exception:  # detached by a redraw: find it again
            locator.page.wait_for_timeout(300)
    locator.scroll_into_view_if_needed()


def csv_rows(path: Path) -> list[list[str]]:
    """Every row of a downloaded CSV, as text."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def go(page, name: str) -> None:
    """Open a page from the sidebar."""
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=name).click()


def rename_first_segment(page, name: str) -> None:
    """Type ``name`` into the first row of the names table.

    The grid is drawn on a canvas: the first column (the segment number) is about
    100 px wide and the name column about 230 px, under a 35 px header with 35 px
    rows. Double-click the first row's name cell, wait for its (enabled) editor,
    fill it in, press Enter.
    """
    grid = page.locator("[class*='st-key-segments_w_names_']")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.dblclick(box["x"] + 180, box["y"] + 35 * 1.5)
    editor = page.locator("textarea.gdg-input, input.gdg-input:not([disabled])")
    editor.first.wait_for()
    editor.first.fill(name)
    page.keyboard.press("Enter")
