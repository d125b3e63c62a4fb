"""Load a table into the session: from an upload or a bundled sample.

A failed load never replaces what was loaded before: the error message is stored
for the Data page to show and the previous dataset stays in use.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

import segmentation as sg
from segmentation.reading import SAMPLES
from ui import cache_keys, cached, new_table, state

__all__ = (
    "DEFAULT_SAMPLE",
    "autoload_sample",
    "load_bytes",
    "load_sample",
    "on_load_sample",
    "on_upload",
)

#: The sample a new session opens on.
DEFAULT_SAMPLE = "customers"

_LOG = logging.getLogger(__name__)


def load_bytes(data: bytes, filename: str, *, name: str, source: str) -> bool:
    """Read a file's bytes and make the table the session's dataset.

    Parameters
    ----------
    data : bytes
        The file's content.
    filename : str
        The file's name (its extension helps tell the format apart).
    name : str
        The name shown to the user.
    source : str
        ``"upload"`` or ``"sample"``.

    Returns
    -------
    bool
        True when the table was loaded; False when it could not be read, in which
        case the message is in ``state.get_load_error()`` and the previous
        dataset is kept.
    """
    digest = cache_keys.digest_bytes(data)
    try:
        read = cached.read_table(digest, filename, _data=data)
        schema = cached.infer_schema(digest, read.info.decimal, _frame=read.frame)
    except sg.InputError as exc:
        state.set_load_error(str(exc))
        return False
    except Exception:  # a library bug must not take the app down
        _LOG.exception("Unexpected error while loading %s", filename)
        state.set_load_error(
            f"{filename} could not be read because of an unexpected error; "
            "please report it with the file if you can."
        )
        return False
    dataset = state.Dataset(name, source, digest, *read)
    new_table.start_clean(dataset)
    state.set_dataset(dataset, schema)
    state.clear_load_error()
    return True


def on_upload() -> None:
    """Load the file just put in the Data page's uploader (its ``on_change``).

    Streamlit calls it once per change of the uploader, before the script reruns,
    so the sidebar already shows the new dataset on that rerun; a rerun with the
    same file does not read it again. Clearing the uploader keeps the data.
    """
    uploaded = st.session_state.get(state.UPLOAD)
    if uploaded is None:
        return
    filename = str(getattr(uploaded, "name", "the upload"))
    load_bytes(uploaded.getvalue(), filename, name=filename, source="upload")


def on_load_sample() -> None:
    """Load the sample chosen in the Data page's picker (the button's ``on_click``).

    Reads the picker's current value from session state, so the choice made just
    before the click is the one loaded.
    """
    key = st.session_state.get(state.SAMPLE_CHOICE, DEFAULT_SAMPLE)
    if key in SAMPLES:
        load_sample(key)


def load_sample(key: str) -> bool:
    """Load one of the bundled samples.

    Parameters
    ----------
    key : str
        A key of ``segmentation.reading.samples.SAMPLES``.

    Returns
    -------
    bool
        True when loaded (see :func:`load_bytes`).
    """
    sample = SAMPLES[key]
    path = Path(sample.path)
    try:
        data = path.read_bytes()
    except OSError:
        state.set_load_error(f"The bundled sample {path.name} could not be opened.")
        return False
    return load_bytes(data, path.name, name=sample.title, source="sample")


def autoload_sample() -> None:
    """On a session's first run, load the default sample (once, never again)."""
    if state.autoload_done():
        return
    state.mark_autoload_done()
    if state.get_dataset() is None and DEFAULT_SAMPLE in SAMPLES:
        load_sample(DEFAULT_SAMPLE)
