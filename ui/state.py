"""Session-state keys and typed getters and setters.

Canonical state lives under the non-widget keys below (widget keys are cleared when
the user leaves a page). Everything here reads or writes ``st.session_state``, which
is per browser session; this module holds no state of its own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

if TYPE_CHECKING:
    from segmentation.schema import Schema

__all__ = [
    "AUTOLOAD_DONE",
    "DATASET",
    "LOAD_ERROR",
    "SAMPLE_CHOICE",
    "SCHEMA",
    "UPLOAD",
    "Dataset",
    "autoload_done",
    "clear_load_error",
    "digest_bytes",
    "get_dataset",
    "get_load_error",
    "get_schema",
    "mark_autoload_done",
    "schema_token",
    "set_dataset",
    "set_load_error",
    "set_schema",
]

#: True once the bundled sample has been offered on the session's first run.
AUTOLOAD_DONE = "app_autoload_done"
#: The loaded customer table, a :class:`Dataset`.
DATASET = "data_dataset"
#: The current :class:`segmentation.schema.Schema` (inferred, then user-edited).
SCHEMA = "data_schema"
#: The message of the last failed load, or None.
LOAD_ERROR = "data_load_error"
#: Widget key of the Data page's sample picker.
SAMPLE_CHOICE = "data_sample_choice"
#: Widget key of the Data page's file uploader.
UPLOAD = "upload"


@dataclass(frozen=True, slots=True)
class Dataset:
    """A loaded table and where it came from.

    Attributes
    ----------
    name : str
        File name, or the sample's title.
    source : str
        ``"sample"`` or ``"upload"``.
    digest : str
        SHA-256 of the file's bytes: the cache key for everything derived from it.
    frame : pandas.DataFrame
        The table as read, every cell as text.
    """

    name: str
    source: str
    digest: str
    frame: pd.DataFrame

    @property
    def rows(self) -> int:
        """Number of data rows."""
        return len(self.frame)

    @property
    def columns(self) -> int:
        """Number of columns."""
        return len(self.frame.columns)

    def preview(self, rows: int) -> pd.DataFrame:
        """Return the first ``rows`` rows, without the reader's metadata in attrs.

        Parameters
        ----------
        rows : int
            How many rows to show.

        Returns
        -------
        pandas.DataFrame
            A copy of the head of the table (attrs dropped, so the browser is not
            sent Python objects it cannot serialize).
        """
        head = self.frame.head(rows).copy()
        head.attrs = {}
        return head


def digest_bytes(data: bytes) -> str:
    """Return the SHA-256 hex digest of ``data``.

    Parameters
    ----------
    data : bytes
        File content.

    Returns
    -------
    str
        64 hexadecimal characters.
    """
    return hashlib.sha256(data).hexdigest()


def schema_token(schema: Schema) -> str:
    """Return a short content hash of a schema's role/family table.

    Parameters
    ----------
    schema : Schema
        The schema.

    Returns
    -------
    str
        A key that changes whenever a role or family changes.
    """
    frame = schema.to_frame()
    hashed = pd.util.hash_pandas_object(frame.astype(str), index=True)
    return hashlib.sha256(hashed.to_numpy().tobytes()).hexdigest()[:16]


def get_dataset() -> Dataset | None:
    """Return the loaded dataset, or None when nothing is loaded."""
    value = st.session_state.get(DATASET)
    return value if isinstance(value, Dataset) else None


def set_dataset(dataset: Dataset, schema: Schema) -> None:
    """Store a newly loaded dataset with its inferred schema.

    Parameters
    ----------
    dataset : Dataset
        The table.
    schema : Schema
        Its inferred schema.
    """
    st.session_state[DATASET] = dataset
    st.session_state[SCHEMA] = schema


def get_schema() -> Schema | None:
    """Return the current schema, or None when nothing is loaded."""
    return st.session_state.get(SCHEMA)


def set_schema(schema: Schema) -> None:
    """Replace the current schema (after the user edited roles or families)."""
    st.session_state[SCHEMA] = schema


def get_load_error() -> str | None:
    """Return the message of the last failed load, if any."""
    value = st.session_state.get(LOAD_ERROR)
    return value if isinstance(value, str) else None


def set_load_error(message: str) -> None:
    """Remember why the last load failed."""
    st.session_state[LOAD_ERROR] = message


def clear_load_error() -> None:
    """Forget the last load failure."""
    st.session_state.pop(LOAD_ERROR, None)


def autoload_done() -> bool:
    """Return True once the first-run sample load has been attempted."""
    return bool(st.session_state.get(AUTOLOAD_DONE, False))


def mark_autoload_done() -> None:
    """Record that the first-run sample load has been attempted."""
    st.session_state[AUTOLOAD_DONE] = True
