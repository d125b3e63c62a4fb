"""How well a transaction log's customers match the customer table's.

Behaviour from a log joins the customer table on its id column. Customers the log
does not know get missing behaviour, which is imputed (with a "was missing"
indicator) when the columns are features; when most customers are missing, the
segments mostly split buyers from everyone else. :func:`match_log` counts the
match and :func:`match_sentence` says it, with a warning level.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

__all__ = ("LOW_MATCH_SHARE", "LogMatch", "id_text", "match_log", "match_sentence")

#: Below this share of the table's customers found in the log, the page warns.
LOW_MATCH_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class LogMatch:
    """Counts of a join between a customer table and a log's customers.

    Attributes
    ----------
    customers : int
        Rows of the customer table.
    matched : int
        Rows of the customer table whose id the log has.
    unknown : int
        Customers of the log that the table does not have.
    """

    customers: int
    matched: int
    unknown: int

    @property
    def share(self) -> float:
        """Share of the table's customers found in the log (0 for an empty table)."""
        return self.matched / self.customers if self.customers else 0.0

    @property
    def level(self) -> Literal["none", "low", "good"]:
        """``none`` (no match), ``low`` (under :data:`LOW_MATCH_SHARE`) or ``good``."""
        if self.matched == 0:
            return "none"
        return "low" if self.share < LOW_MATCH_SHARE else "good"


def id_text(values: pd.Series) -> pd.Series:
    """Return customer ids as the join compares them: text, outer spaces removed.

    >>> id_text(pd.Series([" 7", 8, "C01 "])).tolist()
    ['7', '8', 'C01']
    """
    return values.astype("str").str.strip()


def match_log(ids: pd.Series, log_ids: pd.Series) -> LogMatch:
    """Count how the table's ids and the log's customer ids match.

    Ids are compared as :func:`id_text` gives them, as the join does.

    Parameters
    ----------
    ids : pandas.Series
        The customer table's id column.
    log_ids : pandas.Series
        The customer ids of the log (one per customer or per line).

    Returns
    -------
    LogMatch

    Examples
    --------
    >>> match_log(pd.Series(["1", "2", "3"]), pd.Series([" 2", "3", "3", "9"]))
    LogMatch(customers=3, matched=2, unknown=1)
    """
    table, log = id_text(ids), id_text(log_ids).drop_duplicates()
    return LogMatch(
        customers=len(table),
        matched=int(table.isin(log).sum()),
        unknown=int((~log.isin(table)).sum()),
    )


def match_sentence(match: LogMatch, id_column: str, log_column: str) -> str:
    """Say how the log matched, and what a poor match means for the segments.

    Parameters
    ----------
    match : LogMatch
        From :func:`match_log`.
    id_column : str
        The customer table's id column.
    log_column : str
        The log's customer column.

    Returns
    -------
    str
        One or two sentences; ``match.level`` says whether to warn.

    Examples
    --------
    >>> match_sentence(LogMatch(5_000, 4_990, 0), "id", "CustomerID")
    '4,990 of 5,000 customers in the table matched the log on id.'
    """
    counted = (
        f"{match.matched:,} of {match.customers:,} customers in the table matched "
        f"the log on {id_column}"
    )
    if match.level == "none":
        return (
            f"{counted}: check that the id columns hold the same ids ({id_column} in "
            f"the table, {log_column} in the log)."
        )
    if match.level == "low":
        missing = match.customers - match.matched
        return (
            f"Only {counted} ({match.share:.1%}). The behaviour columns are missing "
            f"for the other {missing:,} and would be filled in, so segments on them "
            "would mostly split customers found in the log from the rest: check the "
            f"id columns ({id_column} in the table, {log_column} in the log)."
        )
    if match.unknown:
        unknown = f"{match.unknown:,} customers of the log are not in the table"
        return f"{counted}; {unknown}."
    return f"{counted}."
