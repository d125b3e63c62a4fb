"""What the browser tests share: the Streamlit server, Debian's chromium, screenshots.

Playwright cannot download its own browser here, so the tests launch Debian's
chromium (``apt-get install chromium``; ``make test`` installs it when it can).
Without it the browser tests are skipped, except on CI (``CI=true``), where a
missing browser is a failure. The fixtures built on this are in ``conftest.py``.
"""

from __future__ import annotations

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
UPLOAD_INPUT = "[data-testid='stFileUploader'] input[type='file']"
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
    """Run ``streamlit run app.py`` on a free port; yield its address and process.

    The process writes to ``log_path`` and is always terminated on exit. UMAP's
    compiled code is cached in the project's ``.cache/numba`` unless
    ``NUMBA_CACHE_DIR`` says otherwise.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", "app.py"]
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
