"""Fixtures shared by the browser tests (see ``browser_support.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import chromium_page, streamlit_server


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """The app served by ``streamlit run app.py``, one per test module."""
    with streamlit_server(tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture
def page(server) -> Iterator[object]:
    """A fresh chromium page for one test."""
    with chromium_page() as tab:
        yield tab
