"""The Criteria page's transaction-log section: load a log, map its columns.

A log comes from an upload, the bundled sample, or the table loaded on the Data page
(then there is no customer table: the behaviour from the log is the table to
segment). Its columns are mapped with selectboxes started from
``suggest_transaction_columns``; the behaviour report and how many customers of
the customer table the log matched are shown as sentences.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, replace
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import streamlit as st

import segmentation as sg
from segmentation.behaviour import (
    Behaviour,
    ValueAhead,
    behaviour_sentences,
    match_counts,
    match_sentence,
)
from segmentation.reading import SAMPLES
from segmentation.recipe import Recipe, TransactionMapping
from segmentation.schema import Schema
from ui import cache_keys, cached, keys, state, widgets

__all__ = (
    "behaviour_report",
    "id_picker",
    "log_picker",
    "mapping_picker",
)

MONEY_CHOICES = ("amount", "quantity × price")
PREVIEW_ROWS = 1_000
SOURCE_WORDS = MappingProxyType(
    {
        "upload": "Uploaded file",
        "sample": "Bundled sample",
        "data": "The table loaded on the Data page",
    }
)
_LOG = logging.getLogger(__name__)


# ---------------------------------------------------------------------------
# Loading (button and uploader callbacks)
# ---------------------------------------------------------------------------


def _forget_mapping() -> None:
    for key in (*keys.LOG_MAPPING.values(), keys.LOG_MONEY):
        st.session_state.pop(key, None)


def _set_log(log: state.Dataset | None) -> None:
    _forget_mapping()
    state.set_transactions(log)
    state.clear_tx_error()


def load_log_bytes(data: bytes, filename: str, *, source: str) -> bool:
    """Read a transaction log's bytes and make it the session's log.

    Parameters
    ----------
    data : bytes
        The file's content.
    filename : str
        Its name (shown, and used to tell formats apart).
    source : str
        ``"upload"`` or ``"sample"``.

    Returns
    -------
    bool
        True when loaded; otherwise the reason is in ``state.get_tx_error()`` and
        the previous log stays.
    """
    digest = cache_keys.digest_bytes(data)
    try:
        read = cached.read_table(digest, filename, _data=data)
    except sg.InputError as exc:
        state.set_tx_error(str(exc))
        return False
    except Exception:  # a library bug must not take the app down
        _LOG.exception("Unexpected error while reading the log %s", filename)
        state.set_tx_error(
            f"{filename} could not be read because of an unexpected error; "
            "please report it with the file if you can."
        )
        return False
    _set_log(state.Dataset(filename, source, digest, *read))
    return True


def on_log_upload() -> None:
    """Load the file just put in the log uploader (its ``on_change``)."""
    uploaded = st.session_state.get(state.TX_UPLOAD)
    if uploaded is not None:
        name = str(getattr(uploaded, "name", "the upload"))
        load_log_bytes(uploaded.getvalue(), name, source="upload")


def on_use_bundled() -> None:
    """Load the bundled transaction log (the button's ``on_click``)."""
    path = Path(SAMPLES["transactions"].path)
    try:
        data = path.read_bytes()
    except OSError:
        state.set_tx_error(f"The bundled log {path.name} could not be opened.")
        return
    load_log_bytes(data, path.name, source="sample")


def on_use_loaded_table() -> None:
    """Use the Data page's table as the log: there is then no customer table."""
    dataset = state.get_dataset()
    if dataset is not None:
        _set_log(replace(dataset, source="data"))


def on_remove_log() -> None:
    """Segment on the customer table alone again."""
    _set_log(None)


def _looks_like_log(dataset: state.Dataset) -> bool:
    """Say whether the Data page's table looks like a log: a date, repeated ids.

    A customer table has one row per customer; a log repeats its customers.
    """
    schema = state.get_schema()
    if schema is None:
        return False
    token = cache_keys.schema_token(schema)
    found = cached.suggest_transaction_columns(dataset.digest, token, schema)
    customer = found["customer"]
    if customer is None or found["date"] is None or customer not in schema:
        return False
    column = schema[customer]
    return column.unique < dataset.rows - column.missing


def log_picker(dataset: state.Dataset) -> state.Dataset | None:
    """Show the log uploader and buttons; return the log in use.

    Parameters
    ----------
    dataset : Dataset
        The table loaded on the Data page.

    Returns
    -------
    Dataset or None
        The log in use.
    """
    log = state.get_transactions()
    upload, buttons = st.columns([3, 2])
    upload.file_uploader(
        "Upload a transaction log",
        key=state.TX_UPLOAD,
        on_change=on_log_upload,
        help="One line per order or return: a customer id, a date and an amount "
        "(or a quantity and a price), optionally an invoice number.",
    )
    with buttons:
        st.button(
            "Use the bundled transactions",
            key=keys.USE_BUNDLED_LOG,
            on_click=on_use_bundled,
        )
        if _looks_like_log(dataset) and (log is None or log.digest != dataset.digest):
            st.button(
                "Use the loaded table as the transaction log",
                key=keys.USE_LOADED_LOG,
                on_click=on_use_loaded_table,
                help="When the Data page holds a log rather than a customer table: "
                "the customers are then the ones in the log.",
            )
        if log is not None:
            st.button("Remove the log", key=keys.REMOVE_LOG, on_click=on_remove_log)
    error = state.get_tx_error()
    if error:
        st.error(error)
    if log is None:
        st.caption(
            "No transaction log: the features come from the customer table alone."
        )
        return None
    origin = SOURCE_WORDS.get(log.source, log.source)
    st.markdown(
        f"**{widgets.md_escape(log.name)}** · {origin} · "
        f"{log.rows:,} lines × {log.columns:,} columns"
    )
    return log


# ---------------------------------------------------------------------------
# Mapping
# ---------------------------------------------------------------------------


def _start(
    columns: list[str], stored: TransactionMapping | None, suggested: dict
) -> dict[str, str | None]:
    """Return the stored mapping when it fits these columns, else the suggestion."""
    if stored is not None:
        chosen = asdict(stored)
        used = [v for k, v in chosen.items() if k != "as_of" and v is not None]
        if all(name in columns for name in used):
            return chosen
    return {**suggested, "as_of": None}


def _pick(where, label: str, columns: list[str], value, role: str, optional: bool):
    options = [None, *columns] if optional else columns
    index = options.index(value) if value in options else (0 if optional else None)
    return where.selectbox(
        label,
        options,
        index=index,
        key=keys.LOG_MAPPING[role],
        format_func=lambda name: "(none)" if name is None else str(name),
        placeholder="Choose a column",
    )


def _as_of(where, start: str | None) -> str | None:
    value = None
    if start:
        try:
            value = dt.date.fromisoformat(start)
        except ValueError:
            value = None
    chosen = where.date_input(
        "As-of date (optional)",
        value=value,
        key=keys.LOG_MAPPING["as_of"],
        help="The customers as they stood on this day: recency counts to it and "
        "transactions dated on or after it are left out (a snapshot of the log). "
        "By default the day after the last transaction in the log.",
    )
    return chosen.isoformat() if isinstance(chosen, dt.date) else None


def mapping_picker(
    log: state.Dataset, stored: TransactionMapping | None
) -> TransactionMapping | None:
    """Selectboxes mapping the log's columns, started from the suggestion.

    Parameters
    ----------
    log : Dataset
        The transaction log.
    stored : TransactionMapping or None
        The mapping of the recipe in state, kept when it still fits the log.

    Returns
    -------
    TransactionMapping or None
        None (with a notice) while a required column is not chosen.
    """
    log_schema = cached.infer_schema(log.digest, log.decimal, _frame=log.frame)
    token = cache_keys.schema_token(log_schema)
    suggested = cached.suggest_transaction_columns(log.digest, token, log_schema)
    columns = [str(c) for c in log.frame.columns]
    start = _start(columns, stored, suggested)
    first, second, third, fourth = st.columns(4)
    customer = _pick(
        first, "Customer id", columns, start["customer"], "customer", False
    )
    date = _pick(second, "Date", columns, start["date"], "date", False)
    invoice = _pick(
        third, "Invoice / order (optional)", columns, start["invoice"], "invoice", True
    )
    as_of = _as_of(fourth, start.get("as_of"))
    by_product = start["amount"] is None and start["quantity"] is not None
    kind, value_one, value_two, _ = st.columns(4)
    money = kind.radio(
        "Value of a line",
        MONEY_CHOICES,
        index=1 if by_product else 0,
        key=keys.LOG_MONEY,
    )
    amount = quantity = price = None
    if money == MONEY_CHOICES[0]:
        amount = _pick(value_one, "Amount", columns, start["amount"], "amount", False)
        needed = [customer, date, amount]
    else:
        quantity = _pick(
            value_one, "Quantity", columns, start["quantity"], "quantity", False
        )
        price = _pick(value_two, "Price", columns, start["price"], "price", False)
        needed = [customer, date, quantity, price]
    if any(name is None for name in needed):
        st.info("Choose the log's customer, date and value columns to use it.")
        return None
    return TransactionMapping(customer, date, amount, quantity, price, invoice, as_of)


def id_picker(
    customers: state.Dataset, schema: Schema, stored: Recipe | None, *, show: bool
) -> str | None:
    """Return the customer table's id column, chosen (when ``show``) or default.

    Parameters
    ----------
    customers : Dataset
        The customer table.
    schema : Schema
        Its schema.
    stored : Recipe or None
        The recipe in state: its ``id_column`` is the default when it fits.
    show : bool
        Show a selectbox (when a log is joined); otherwise return the default.

    Returns
    -------
    str or None
    """
    columns = [str(c) for c in customers.frame.columns]
    ids = schema.with_role("id")
    default = ids[0] if ids else None
    if stored is not None and stored.id_column in columns:
        default = stored.id_column
    if not show:
        return default
    where, _ = st.columns(2)
    return where.selectbox(
        "Customer id column of the customer table (joins the log on it)",
        columns,
        index=columns.index(default) if default in columns else None,
        key=keys.ID_COLUMN,
        placeholder="Choose a column",
    )


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def behaviour_report(
    made: Behaviour,
    mapping: TransactionMapping,
    customers: state.Dataset | None,
    id_column: str | None,
    ahead: ValueAhead | None = None,
) -> None:
    """Say what the log gave: the report's sentences and the customers matched.

    Parameters
    ----------
    made : Behaviour
        The behaviour table and its report (``workflow.behaviour``).
    mapping : TransactionMapping
        The mapping used.
    customers : Dataset or None
        The customer table, or None when the log is used alone.
    id_column : str or None
        The customer table's id column.
    ahead : ValueAhead, optional
        Value ahead per customer of the behaviour table: shown beside it.
    """
    lines = [widgets.md_escape(s) for s in behaviour_sentences(made.report)]
    behaviour = made.table
    if ahead is not None:
        lines.append(widgets.md_escape(ahead.note))
        behaviour = pd.concat([behaviour, ahead.table], axis=1)
    st.markdown("\n".join(f"- {line}" for line in lines))
    with st.expander(f"Behaviour per customer ({len(behaviour):,} customers)"):
        st.dataframe(
            behaviour.head(PREVIEW_ROWS),
            hide_index=True,
            column_config={
                "p_alive": st.column_config.NumberColumn(
                    "p_alive", help="Chance still active.", format="%.3f"
                ),
                "expected_purchases": st.column_config.NumberColumn(format="%.2f"),
                "expected_value": st.column_config.NumberColumn(format="%,.2f"),
            },
        )
        if len(behaviour) > PREVIEW_ROWS:
            st.caption(f"The first {PREVIEW_ROWS:,} customers, by id.")
    if customers is None:
        st.success(
            f"No customer table: segmenting the {len(behaviour):,} customers of the "
            "log on their behaviour."
        )
        return
    if id_column is None or id_column not in customers.frame.columns:
        st.warning("Choose the customer table's id column to join the log on it.")
        return
    ids = customers.frame[id_column]
    match = match_counts(ids, behaviour[mapping.customer])
    if match.refused:
        return  # the join refuses the log and says why, just below
    sentence = match_sentence(match, id_column, mapping.customer)
    if match.level == "good":
        st.success(sentence)
    elif match.level == "low":
        st.warning(
            f"{sentence} To segment the log's own customers instead, load the log "
            "alone on the Data page."
        )
    else:
        st.warning(sentence)
