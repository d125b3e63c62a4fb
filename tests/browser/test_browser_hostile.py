"""Every awkward and broken file of the corpus, uploaded one after another in a browser.

One ``streamlit run app.py`` and one chromium page for the whole corpus
(``tests/corpus/manifest.json`` says which files load, with their shape, and which
are refused, with a word the message must hold). A refused file shows one sentence
in an error box, never a traceback, and the data loaded before stays; whatever came
before, the next upload in the same session loads. Two files over the limits are
added: a gzip that unpacks past the reader's 500 MB limit, and a file over the
server's ``maxUploadSize``, which the browser refuses before sending it. The run
ends on the bundled customers uploaded by hand.
"""

from __future__ import annotations

import json
import re
import tomllib
import zlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from browser_support import (
    ERROR_BOX,
    FIRST_RENDER_MS,
    FRESH,
    UPLOAD_INPUT,
    app_error_lines,
    screenshot,
    streamlit_server,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
CUSTOMERS = ROOT / "sample_data" / "customers.csv"
#: The reader's own limit (``segmentation.reading.table.DEFAULT_MAX_BYTES``, 500 MiB).
READ_LIMIT = 500 * 1024 * 1024
PREVIEW_ROWS = 1_000  # the Data page previews at most this many rows
WARNING_BOX = (
    f"[data-testid='stElementContainer']{FRESH} [data-testid='stAlertContentWarning']"
)


@dataclass(frozen=True)
class Upload:
    """One file to upload and what the Data page must show for it."""

    path: Path
    rows: int | None = None
    columns: int | None = None
    error: str | None = None
    warning: str | None = None

    @property
    def name(self) -> str:
        return self.path.name


def corpus_uploads() -> list[Upload]:
    """The corpus files in manifest order, with the expectations that apply to the app.

    Entries with ``kwargs`` pass reader options the uploader does not have
    (``max_bytes``, ``sheet``); the app reads with the defaults. One file has only
    such an entry: ``huge_when_unpacked.csv.gz`` is refused under
    ``max_bytes=1_000_000`` but is 2,560,008 bytes unpacked, far under the app's
    500 MB, so the app loads it: ``make_corpus.py`` writes the header ``id,note``
    and then one line 80,000 times, so 80,000 rows of 2 columns.
    """
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    expected: dict[str, dict] = {}
    for entry in manifest["entries"]:
        if "kwargs" not in entry:
            expected[entry["filename"]] = entry["expect"]
    expected.setdefault("huge_when_unpacked.csv.gz", {"rows": 80_000, "columns": 2})
    on_disk = {path.name for path in (CORPUS / "files").iterdir()}
    assert set(expected) == on_disk, "every corpus file needs an expectation"
    uploads = []
    for name, expect in expected.items():
        columns = expect.get("columns")
        uploads.append(
            Upload(
                CORPUS / "files" / name,
                rows=expect.get("rows"),
                columns=len(columns) if isinstance(columns, list) else columns,
                error=expect.get("error"),
                warning=expect.get("warning_contains"),
            )
        )
    return uploads


def gzip_bomb(path: Path) -> Path:
    """Write a 1.3 MB gzip of a CSV that unpacks to 1 MiB more than the read limit."""
    line = b"7,the same line again and again\n"
    block = line * (1024 * 1024 // len(line))
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)  # wbits 31: gzip framing
    with path.open("wb") as out:
        out.write(packer.compress(b"id,note\n"))
        for _ in range(READ_LIMIT // len(block) + 2):
            out.write(packer.compress(block))
        out.write(packer.flush())
    return path


def over_upload_limit(path: Path) -> Path:
    """Write a sparse file 1 MiB over the server's ``maxUploadSize`` (no disk used)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    limit_mb = int(config["server"]["maxUploadSize"])
    with path.open("wb") as out:
        out.write(b"id,spend\n1,2\n")
        out.truncate((limit_mb + 1) * 1024 * 1024)
    return path


def one_sentence(text: str) -> bool:
    """True for one line ending in a full stop with no sentence break inside.

    >>> one_sentence("x.csv is empty.")
    True
    >>> one_sentence("x.csv is empty. Try again.")
    False
    """
    text = text.strip()
    inner = re.search(r"[.!?]\s+[A-Z]", text)
    return bool(text) and "\n" not in text and text.endswith(".") and inner is None


@pytest.fixture(scope="module")
def server_log(tmp_path_factory) -> Path:
    """Where this module's server writes its output."""
    return tmp_path_factory.mktemp("hostile") / "server.log"


@pytest.fixture(scope="module")
def server(server_log):
    """The app, one server for the module, its log kept for the last check."""
    with streamlit_server(server_log) as url:
        yield url


def settle(page) -> None:
    """Wait until the script run the page is showing has ended."""
    page.locator(
        "[data-testid='stApp'][data-test-script-state='notRunning']"
    ).wait_for()


def assert_no_traceback(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    text = page.locator("body").inner_text()
    assert "Traceback" not in text
    assert not re.search(r'File "[^"]+", line \d+', text)


def check_refused(page, upload: Upload, before: str) -> None:
    """A refused file: one sentence naming it, the previous data kept."""
    page.locator(ERROR_BOX).filter(has_text=upload.name).wait_for()
    settle(page)
    errors = page.locator(ERROR_BOX).all_inner_texts()
    assert len(errors) == 1, errors
    message = errors[0]
    assert one_sentence(message), message
    assert upload.error.lower() in message.lower(), message
    assert_no_traceback(page)
    page.get_by_text(f"Still showing the data loaded before: {before}.").wait_for()
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_text(before, exact=True).is_visible()


def check_loaded(page, upload: Upload) -> None:
    """A file that loads: its name in the sidebar, its shape, its preview."""
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text(upload.name, exact=True).wait_for()
    settle(page)
    assert page.locator(ERROR_BOX).count() == 0
    metric = page.locator(f"[data-testid='stMetricValue']{FRESH}").first
    shape = metric.inner_text()
    assert shape.startswith(f"{upload.rows:,} rows × "), (upload.name, shape)
    if upload.columns is not None:
        assert shape == f"{upload.rows:,} rows × {upload.columns:,} columns", shape
    if upload.rows > PREVIEW_ROWS:
        shown = f"Showing the first {PREVIEW_ROWS:,} of {upload.rows:,} rows."
    else:
        shown = f"Showing all {upload.rows:,} rows."
    page.get_by_text(shown, exact=True).wait_for()
    assert page.locator(f"[data-testid='stDataFrame']{FRESH}").first.is_visible()
    caption = f"Uploaded file · {upload.rows:,} rows · "
    assert caption in sidebar.inner_text(), (upload.name, sidebar.inner_text())
    if upload.warning:
        warnings = " ".join(page.locator(WARNING_BOX).all_inner_texts())
        assert upload.warning.lower() in warnings.lower(), (upload.name, warnings)
    assert_no_traceback(page)


def check_refused_by_browser(page, upload: Path, before: str) -> None:
    """Over ``maxUploadSize``: the uploader marks the file and says why; data kept."""
    # The chip shortens long names on screen; its aria-label holds the full one.
    chip = page.locator(
        f"[data-testid='stFileChip'][aria-invalid='true'][aria-label^='{upload.name},']"
    )
    chip.wait_for()
    reason = page.locator(f"[id='{chip.get_attribute('aria-describedby')}']")
    text = reason.text_content()
    assert re.search(r"must be [\d.]+ ?MB or smaller", text), text
    settle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_text(before, exact=True).is_visible()
    assert_no_traceback(page)


def test_every_corpus_file_then_the_next_upload_works(
    server, page, server_log, tmp_path
):
    uploads = corpus_uploads()
    bomb = Upload(gzip_bomb(tmp_path / "unpacks_too_big.csv.gz"), error="larger than")
    too_big = over_upload_limit(tmp_path / "over_upload_limit.csv")
    rows = len(pd.read_csv(CUSTOMERS, dtype=str))
    page.goto(server, wait_until="domcontentloaded")
    page.locator("[data-testid='stMetricValue']").first.wait_for(
        timeout=FIRST_RENDER_MS
    )
    settle(page)
    before = page.locator("[data-testid='stSidebar'] strong").first.inner_text()
    refused = loaded = 0
    current = None
    try:
        for current in [*uploads, bomb]:
            page.locator(UPLOAD_INPUT).set_input_files(str(current.path))
            if current.error:
                check_refused(page, current, before)
                refused += 1
            else:
                check_loaded(page, current)
                before, loaded = current.name, loaded + 1
        current = Upload(too_big)
        page.locator(UPLOAD_INPUT).set_input_files(str(too_big))
        check_refused_by_browser(page, too_big, before)

        current = Upload(CUSTOMERS, rows=rows, columns=23)
        page.locator(UPLOAD_INPUT).set_input_files(str(CUSTOMERS))
        check_loaded(page, current)
        sidebar = page.locator("[data-testid='stSidebar']").inner_text()
        assert "Uploaded file · 5,000 rows · 23 columns" in sidebar
    except Exception:
        screenshot(page, f"hostile_failed_{current.name if current else 'start'}.png")
        raise
    screenshot(page, "hostile_last.png")
    # Counted in the manifest: 15 files refused (and the bomb), 34 read.
    assert (refused, loaded) == (16, 34)
    assert not app_error_lines(server_log), "the app logged an error"
