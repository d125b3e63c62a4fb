"""Value ahead of a described table's customers, from its transaction-log columns.

A table joined to a transaction log carries the log's behaviour per customer
(``frequency``, ``recency_days``, ``tenure_days``, ``avg_order_value``, renamed
``tx_...`` where the customer table had the name already). Those four are what
:func:`segmentation.behaviour.value_ahead` needs; the customers with a purchase
are fitted, the others (no purchase in the log) get no figures.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from segmentation.behaviour.transactions import JOINED_PREFIX
from segmentation.behaviour.value_ahead import ValueAhead, value_ahead
from segmentation.choices import DEFAULT_HORIZON_DAYS

__all__ = (
    "LOG_BEHAVIOUR_COLUMNS",
    "LOG_BEHAVIOUR_NAMES",
    "log_behaviour_columns",
    "table_value_ahead",
)

#: The behaviour columns the models read, as the behaviour step names them.
LOG_BEHAVIOUR_COLUMNS = ("frequency", "recency_days", "tenure_days", "avg_order_value")
#: The names they may have in a joined table (a describe step keeps them).
LOG_BEHAVIOUR_NAMES = frozenset(
    LOG_BEHAVIOUR_COLUMNS + tuple(f"{JOINED_PREFIX}{c}" for c in LOG_BEHAVIOUR_COLUMNS)
)


def log_behaviour_columns(table: pd.DataFrame) -> dict[str, str] | None:
    """Find the log's behaviour columns in a table, joined name first.

    Returns
    -------
    dict of str to str or None
        Behaviour name -> the table's column, or None when one is missing or
        not numeric.

    Examples
    --------
    >>> t = pd.DataFrame({"frequency": [1.0], "tx_recency_days": [3.0],
    ...                   "recency_days": [9.0], "tenure_days": [4.0],
    ...                   "avg_order_value": [5.0]})
    >>> log_behaviour_columns(t)["recency_days"]
    'tx_recency_days'
    """
    found = {}
    for name in LOG_BEHAVIOUR_COLUMNS:
        column = next(
            (c for c in (f"{JOINED_PREFIX}{name}", name) if c in table.columns), None
        )
        if column is None or not pd.api.types.is_numeric_dtype(table[column]):
            return None
        found[name] = column
    return found


def table_value_ahead(
    table: pd.DataFrame, horizon_days: int = DEFAULT_HORIZON_DAYS
) -> ValueAhead | None:
    """Fit value ahead on a table's customers with a purchase.

    Parameters
    ----------
    table : pandas.DataFrame
        Typed, one row per customer, with the log's behaviour columns.
    horizon_days : int, default 365

    Returns
    -------
    ValueAhead or None
        Its table has the same index as ``table`` (customers without a purchase:
        missing figures); None when the table has no log behaviour.
    """
    columns = log_behaviour_columns(table)
    if columns is None:
        return None
    behaviour = table[list(columns.values())].set_axis(list(columns), axis=1)
    behaviour = behaviour.apply(pd.to_numeric, errors="coerce").astype("float64")
    buyers = behaviour.notna().all(axis=1) & behaviour["frequency"].ge(1)
    found = value_ahead(behaviour[buyers], horizon_days=horizon_days)
    return replace(found, table=found.table.reindex(table.index))
