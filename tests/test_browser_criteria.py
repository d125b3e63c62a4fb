"""The Criteria page in a real browser: upload a transaction log, map it, join it.

Same recipe as ``test_browser.py``: ``streamlit run app.py`` on a free port, driven
by Debian's headless chromium through Playwright; skipped without chromium, except
on CI (``CI=true``), where a missing browser is a failure.
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

from segmentation import read_table
from segmentation.rfm import behaviour_sentences, customer_behaviour

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CUSTOMERS = ROOT / "sample_data" / "customers.csv"
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
            context = browser.new_context(viewport={"width": 1400, "height": 2400})
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


def _write_log(path: Path, ids: list[str], money: str) -> Path:
    """A small log with non-standard column names: 5 lines per customer."""
    lines = [f"Client Ref,When,{money},Shop"]
    for n, customer in enumerate(ids):
        for k in range(5):
            day = 1 + (n * 5 + k) % 28
            amount = 10 + 3.5 * k + n
            lines.append(f"{customer},2026-03-{day:02d} 1{k}:30,{amount:.2f},North")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _open_criteria(server: str, page) -> None:
    page.goto(server, wait_until="domcontentloaded")
    page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS
    )
    page.locator("[data-testid='stSidebarNav']").get_by_text("Criteria").click()
    page.get_by_text("Transaction log (optional)").wait_for()
    page.get_by_text("Columns chosen").wait_for()


def _selectbox(page, label: str):
    """A selectbox's input (a combobox named by its label; its value is the choice)."""
    return page.get_by_role("combobox", name=label, exact=True)


@pytest.fixture(scope="module")
def customer_ids() -> list[str]:
    frame = pd.read_csv(CUSTOMERS, dtype={"customer_id": str}, nrows=12)
    return frame["customer_id"].tolist()


def test_uploaded_log_is_mapped_and_joined(server, page, tmp_path, customer_ids):
    log = _write_log(tmp_path / "shop_log.csv", customer_ids, "Total")
    rows = len(pd.read_csv(CUSTOMERS))
    _open_criteria(server, page)
    page.locator(UPLOAD_INPUT).set_input_files(str(log))

    matched = f"{len(customer_ids)} of {rows:,} customers in the table matched the log"
    page.get_by_text(matched, exact=False).wait_for()
    page.get_by_text(
        f"Behaviour per customer ({len(customer_ids)} customers)"
    ).wait_for()
    # The library's report on the log, sentence by sentence, as the page shows it.
    behaviour = customer_behaviour(
        read_table(log), customer="Client Ref", date="When", amount="Total"
    )
    for sentence in behaviour_sentences(behaviour):
        page.get_by_text(sentence, exact=True).wait_for()
    assert _selectbox(page, "Customer id").input_value() == "Client Ref"
    assert _selectbox(page, "Date").input_value() == "When"
    assert _selectbox(page, "Amount").input_value() == "Total"
    page.get_by_text("Customers by recency and frequency score").first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    assert _screenshot(page, "criteria_log_upload.png").stat().st_size > 0


def test_a_column_the_suggestion_misses_can_be_mapped_by_hand(
    server, page, tmp_path, customer_ids
):
    log = _write_log(tmp_path / "betrag_log.csv", customer_ids[:4], "Betrag")
    _open_criteria(server, page)
    page.locator(UPLOAD_INPUT).set_input_files(str(log))
    page.get_by_text("Choose the log's customer, date and value columns").wait_for()

    amount = _selectbox(page, "Amount")
    assert amount.input_value() == ""
    amount.click()
    page.get_by_role("option", name="Betrag", exact=True).click()

    page.get_by_text("4 of 5,000 customers in the table matched the log").wait_for()
    assert _selectbox(page, "Amount").input_value() == "Betrag"
    assert page.locator("[data-testid='stException']").count() == 0
    _screenshot(page, "criteria_log_mapped_by_hand.png")
