"""The labelled CSV the Export page offers comes back as the input went in.

A Windows file (CRLF lines, Windows-1252 text with "Montréal") is uploaded and
taken straight to Tune (default criteria) and Export; the bytes the download
button ships are read where Streamlit stores them.
"""

from __future__ import annotations

from app_support import APP, CUSTOMERS, swept, wait_until
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from ui import keys


def test_a_windows_file_is_exported_with_its_line_endings_and_encoding(monkeypatch):
    shipped: dict[str, bytes] = {}
    store = MemoryMediaFileStorage.load_and_get_id

    def keep(self, data, mimetype, kind, filename=None):
        if isinstance(data, bytes) and filename:
            shipped[filename] = data
        return store(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    lines = CUSTOMERS.read_text(encoding="utf-8").splitlines()[:401]
    assert any("Montréal" in line for line in lines)
    data = "\r\n".join(lines).encode("cp1252") + b"\r\n"
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.file_uploader(key=keys.UPLOAD).upload("windows.csv", data, "text/csv").run()
    at.switch_page("app_pages/tune.py").run()
    wait_until(at, swept, "The k sweep")
    at.switch_page("app_pages/export.py").run()
    assert not at.exception, at.exception
    written = shipped["segments.csv"]
    assert written.count(b"\r\n") == 401
    assert b"\n" not in written.replace(b"\r\n", b"")
    text = written.decode("cp1252").split("\r\n")[:-1]
    for before, after in zip(lines, text, strict=True):
        assert after.startswith(before + ","), (before, after)
