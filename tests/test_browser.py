"""End to end in a real browser: `streamlit run app.py` driven by headless chromium.

Playwright cannot download its own browser here, so the tests launch Debian's
chromium (``apt-get install chromium``). Without it they are skipped, except on CI
(``CI=true``), where a missing browser is a failure.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
SAMPLE = ROOT / "sample_data" / "customers.csv"
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
UPLOAD_INPUT = "[data-testid='stFileUploader'] input[type='file']"
FIRST_RENDER_MS = 90_000
STEP_MS = 30_000


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run on CI)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
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


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """A `streamlit run app.py` subprocess on a free port; always terminated."""
    if not CHROMIUM.exists():
        _skip_or_fail(
            f"{CHROMIUM} is missing: install it with apt-get install chromium"
        )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_healthy(url, proc)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


@pytest.fixture
def page(server):
    """A fresh chromium page (Debian's browser, launched with the measured flags)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("the playwright package is not installed")
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


def _screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def _write_csv(path: Path, rows: int) -> Path:
    lines = ["customer_id,age,channel,spend"]
    lines += [
        f"B{i:05d},{18 + i % 60},{('Email', 'SMS', 'Web')[i % 3]},{i * 2.25:.2f}"
        for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_app_opens_on_the_sample(server, page):
    rows = len(pd.read_csv(SAMPLE, dtype=str))
    page.goto(server, wait_until="domcontentloaded")
    metric = page.locator("[data-testid='stMetricValue']").first
    metric.wait_for(timeout=FIRST_RENDER_MS)
    assert metric.inner_text().startswith(f"{rows:,} rows")
    preview = page.locator("[data-testid='stDataFrame']").first
    preview.wait_for()
    assert preview.is_visible()
    page.get_by_text(f"{rows:,} rows", exact=False).first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    _screenshot(page, "data_page_sample.png")


def test_upload_shows_preview_and_row_count(server, page, tmp_path):
    csv = _write_csv(tmp_path / "browser_upload.csv", 137)
    page.goto(server, wait_until="domcontentloaded")
    page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS
    )
    page.locator(UPLOAD_INPUT).set_input_files(str(csv))

    page.get_by_text("137 rows × 4 columns").wait_for()
    page.get_by_text("Showing all 137 rows.").wait_for()
    preview = page.locator("[data-testid='stDataFrame']").first
    preview.wait_for()
    assert preview.is_visible()
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("browser_upload.csv").wait_for()
    assert "137 rows" in sidebar.inner_text()
    assert page.locator("[data-testid='stException']").count() == 0
    assert _screenshot(page, "data_page_upload.png").stat().st_size > 0


def test_bad_upload_shows_an_error_in_the_browser(server, page, tmp_path):
    bad = tmp_path / "broken.csv"
    bad.write_bytes(b"")
    page.goto(server, wait_until="domcontentloaded")
    page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS
    )
    page.locator(UPLOAD_INPUT).set_input_files(str(bad))
    error = page.locator("[data-testid='stAlertContentError']").first
    error.wait_for()
    assert "broken.csv" in error.inner_text()
    assert page.locator("[data-testid='stException']").count() == 0
    _screenshot(page, "data_page_bad_upload.png")
