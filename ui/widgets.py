"""Shared widgets: the sidebar, the "load data first" notice, the schema editor."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from segmentation.errors import InputError
from segmentation.schema import FAMILIES, ROLES
from ui import state

__all__ = (
    "guarded",
    "md_escape",
    "require_data",
    "schema_editor",
    "sidebar",
)

_LOG = logging.getLogger(__name__)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|:$~])")


def md_escape(text: str) -> str:
    r"""Escape Markdown so that ``text`` shows literally in ``st.markdown``.

    Parameters
    ----------
    text : str
        Plain text, such as a finding that names a column.

    Returns
    -------
    str
        The text with Markdown punctuation backslash-escaped.

    Examples
    --------
    >>> print(md_escape("total_spend has *3* values below 0"))
    total\_spend has \*3\* values below 0
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


@contextmanager
def guarded(what: str) -> Iterator[None]:
    """Show an error instead of a traceback when a section of a page fails.

    Parameters
    ----------
    what : str
        The section, as the subject of a sentence ("The data-quality report").

    Yields
    ------
    None
        Run the section inside the ``with`` block; an exception ends the block,
        is logged, and is shown as one sentence. An
        :class:`~segmentation.errors.InputError` (the data cannot give the section)
        shows its own sentence instead and is not logged as a failure. Streamlit's
        own rerun and stop
        signals are not exceptions in this sense and pass through.
    """
    try:
        yield
    except InputError as exc:  # the data cannot give it: say why, as the CLI does
        st.error(str(exc))
    except Exception as exc:  # a library bug must not take the page down
        _LOG.exception("%s failed", what)
        st.error(
            f"{what} could not be produced because of an unexpected error "
            f"({type(exc).__name__}); the rest of the page still works."
        )


def sidebar() -> None:
    """Show the loaded dataset (name, rows, columns) in the sidebar."""
    dataset = state.get_dataset()
    with st.sidebar:
        st.subheader("Dataset")
        if dataset is None:
            st.caption("No data loaded")
            return
        st.markdown(f"**{md_escape(dataset.name)}**")
        origin = "Bundled sample" if dataset.source == "sample" else "Uploaded file"
        st.caption(f"{origin} · {dataset.rows:,} rows · {dataset.columns:,} columns")


def require_data() -> state.Dataset | None:
    """Return the loaded dataset, or show how to load one and return None.

    Returns
    -------
    Dataset or None
        The dataset, or None after showing a pointer to the Data page.
    """
    dataset = state.get_dataset()
    if dataset is None:
        st.warning("Load data on the Data page first.")
        st.page_link(
            "app_pages/data.py",
            label="Go to the Data page",
            icon=":material/upload_file:",
        )
    return dataset


def schema_editor(table: pd.DataFrame, *, key: str) -> pd.DataFrame:
    """Editable roles/families table: only ``role`` and ``family`` can change.

    Parameters
    ----------
    table : pandas.DataFrame
        ``Schema.to_frame()`` of the current schema.
    key : str
        Widget key; include the dataset digest so a new file gets a fresh editor.

    Returns
    -------
    pandas.DataFrame
        The table with the user's edits.
    """
    locked = [column for column in table.columns if column not in ("role", "family")]
    return st.data_editor(
        table,
        key=key,
        hide_index=True,
        num_rows="fixed",
        disabled=locked,
        column_config={
            "name": st.column_config.TextColumn("Column", pinned=True),
            "role": st.column_config.SelectboxColumn(
                "Role", options=list(ROLES), required=True
            ),
            "family": st.column_config.SelectboxColumn(
                "Family", options=list(FAMILIES), required=False
            ),
            "pii": st.column_config.CheckboxColumn("PII"),
            "dtype": st.column_config.TextColumn("Type"),
            "missing": st.column_config.NumberColumn("Missing", format="%d"),
            "unique": st.column_config.NumberColumn("Unique", format="%d"),
            "reason": st.column_config.TextColumn("Why", width="large"),
        },
    )
