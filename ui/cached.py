"""``st.cache_data`` wrappers around the library, keyed by content.

Each wrapper takes the file's SHA-256 digest (and, where the result depends on the
user's role edits, a schema token) as its cache key; the heavy objects themselves are
passed in arguments whose names start with ``_``, which Streamlit leaves out of the
key. The library stays unaware of Streamlit and of caching.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import segmentation as sg
from segmentation.quality import QualityReport
from segmentation.schema import Schema

__all__ = [
    "column_values",
    "infer_schema",
    "override_schema",
    "quality_report",
    "read_table",
]


@st.cache_data(max_entries=20, show_spinner="Reading the file...")
def read_table(digest: str, filename: str, _data: bytes) -> pd.DataFrame:
    """Read a table from bytes (see :func:`segmentation.read_table`).

    Parameters
    ----------
    digest : str
        SHA-256 of ``_data``: the cache key.
    filename : str
        The file's name, used to tell formats apart and in messages.
    _data : bytes
        The file's content (not hashed).

    Returns
    -------
    pandas.DataFrame
        Every cell as text; ``attrs["table_info"]`` describes the read.
    """
    return sg.read_table(_data, filename)


@st.cache_data(max_entries=20, show_spinner=False)
def infer_schema(digest: str, _frame: pd.DataFrame) -> Schema:
    """Infer column roles and families (see :func:`segmentation.infer_schema`).

    Parameters
    ----------
    digest : str
        SHA-256 of the file the frame was read from: the cache key.
    _frame : pandas.DataFrame
        The table (not hashed).

    Returns
    -------
    Schema
        The inferred schema.
    """
    return sg.infer_schema(_frame)


@st.cache_data(max_entries=20, show_spinner=False)
def override_schema(digest: str, edited: pd.DataFrame, _base: Schema) -> Schema:
    """Apply the user's role and family edits to the inferred schema.

    Parameters
    ----------
    digest : str
        SHA-256 of the file: part of the cache key.
    edited : pandas.DataFrame
        The edited ``Schema.to_frame()`` table (hashed: it is small).
    _base : Schema
        The inferred schema of the same file (not hashed).

    Returns
    -------
    Schema
        ``_base.with_overrides(edited)``.
    """
    return _base.with_overrides(edited)


@st.cache_data(max_entries=20, show_spinner="Checking data quality...")
def quality_report(
    digest: str, schema_token: str, _frame: pd.DataFrame, _schema: Schema
) -> QualityReport:
    """Data-quality report (see :func:`segmentation.quality_report`).

    Parameters
    ----------
    digest : str
        SHA-256 of the file: part of the cache key.
    schema_token : str
        ``state.schema_token(_schema)``: part of the cache key.
    _frame : pandas.DataFrame
        The table (not hashed).
    _schema : Schema
        Its current schema (not hashed).

    Returns
    -------
    QualityReport
        Findings and per-column figures.
    """
    return sg.quality_report(_frame, _schema)


@st.cache_data(max_entries=20, show_spinner=False)
def column_values(
    digest: str, schema_token: str, column: str, _frame: pd.DataFrame, _schema: Schema
) -> pd.Series:
    """Parse one column by its role (numbers, dates, booleans, text).

    Parameters
    ----------
    digest : str
        SHA-256 of the file: part of the cache key.
    schema_token : str
        ``state.schema_token(_schema)``: part of the cache key.
    column : str
        The column's name.
    _frame : pandas.DataFrame
        The table (not hashed).
    _schema : Schema
        Its current schema (not hashed).

    Returns
    -------
    pandas.Series
        The column parsed according to its role.
    """
    return _schema.typed(_frame[[column]])[column]
