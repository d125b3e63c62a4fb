"""How well a transaction log's customers match the customer table's.

Behaviour from a log joins the customer table on its id column. Customers the log
does not know get missing behaviour, which is imputed (with a "was missing"
indicator) when the columns are features; when most customers are missing, the
segments mostly split buyers from everyone else. :func:`match_counts` counts the
match (table rows found in the log, the log's customers found in the table) and
:func:`match_sentence` says it, with a warning level: one count and one wording
for the app and the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from segmentation.reading import values as parse

__all__ = (
    "JOIN_MIN_SHARE",
    "LOW_MATCH_SHARE",
    "MatchCount",
    "MatchTally",
    "id_text",
    "join_refusal",
    "match_counts",
    "match_sentence",
)

#: Below this share of the table's customers found in the log, the page warns.
LOW_MATCH_SHARE = 0.5
#: Below this share (or with no customer found at all) the log is not joined:
#: its behaviour would be missing, and made up, for nearly everyone.
JOIN_MIN_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class MatchCount:
    """Counts of a join between a customer table and the customers of a log.

    Attributes
    ----------
    table_rows : int
        Rows of the customer table.
    rows_matched : int
        Rows of the customer table whose id the log has.
    log_customers : int
        Distinct customers of the log (ids compared as :func:`id_text` gives them;
        missing ids left out).
    log_matched : int
        Customers of the log that the table has.
    """

    table_rows: int
    rows_matched: int
    log_customers: int
    log_matched: int

    @property
    def unknown(self) -> int:
        """Customers of the log that the table does not have."""
        return self.log_customers - self.log_matched

    @property
    def share(self) -> float:
        """Share of the table's rows found in the log (0 for an empty table)."""
        return self.rows_matched / self.table_rows if self.table_rows else 0.0

    @property
    def refused(self) -> bool:
        """Whether the join is refused (under :data:`JOIN_MIN_SHARE` matched)."""
        return self.rows_matched == 0 or self.share < JOIN_MIN_SHARE

    @property
    def level(self) -> Literal["none", "low", "good"]:
        """``none`` (no match), ``low`` (under :data:`LOW_MATCH_SHARE`) or ``good``."""
        if self.rows_matched == 0:
            return "none"
        return "low" if self.share < LOW_MATCH_SHARE else "good"


def id_text(values: pd.Series) -> pd.Series:
    """Return customer ids as the join compares them: text, outer spaces removed.

    >>> id_text(pd.Series([" 7", 8, "C01 "])).tolist()
    ['7', '8', 'C01']
    """
    return values.astype("str").str.strip()


def match_counts(customer_ids: pd.Series, log_ids: pd.Series) -> MatchCount:
    """Count how the table's ids and the log's customer ids match, as the join does.

    Both faces count with this function: the app's Criteria page and the
    command's ``fit``/``apply`` with ``--transactions`` (through
    :func:`segmentation.workflow.log_match`). Ids are compared as :func:`id_text`
    gives them (``" 42 "`` is ``"42"``; ``"00042"`` is not); missing ids match
    nothing and are not customers of the log.

    Parameters
    ----------
    customer_ids : pandas.Series
        The customer table's id column, one per row.
    log_ids : pandas.Series
        The ids of the customers the log gives behaviour for: the customer column
        of :func:`segmentation.behaviour.transactions.customer_behaviour` (the log's own
        column would also count lines the behaviour leaves out).

    Returns
    -------
    MatchCount

    Examples
    --------
    >>> match_counts(pd.Series(["1", " 2", "2", "3", ""]), pd.Series(["2", "3", "9"]))
    MatchCount(table_rows=5, rows_matched=3, log_customers=3, log_matched=2)
    """
    return MatchTally(log_ids).add(customer_ids).count()


class MatchTally:
    """Count a join's match over a customer table read in parts (chunks).

    ``MatchTally(log_ids).add(ids).count()`` is :func:`match_counts`; adding
    the table's id column chunk by chunk gives the same count as the whole.

    Parameters
    ----------
    log_ids : pandas.Series
        The ids of the customers the log gives behaviour for.

    Examples
    --------
    >>> tally = MatchTally(pd.Series(["2", "3", "9"]))
    >>> tally.add(pd.Series(["1", " 2"])).add(pd.Series(["2", "3", ""])).count()
    MatchCount(table_rows=5, rows_matched=3, log_customers=3, log_matched=2)
    """

    def __init__(self, log_ids: pd.Series) -> None:
        present = ~parse.missing_mask(log_ids.astype("string"))
        self._log = pd.Index(id_text(log_ids[present]).drop_duplicates())
        self._found = np.zeros(len(self._log), dtype=bool)
        self._rows = 0
        self._matched = 0

    def add(self, customer_ids: pd.Series) -> MatchTally:
        """Count one part of the table's id column; return the tally."""
        return self.merge(self.part(customer_ids))

    def part(self, customer_ids: pd.Series) -> tuple[int, int, np.ndarray]:
        """Count one part without adding it (a worker's share of the tally).

        Returns
        -------
        tuple of (int, int, numpy.ndarray)
            The part's rows, its rows with a customer in the log, and the
            positions of the log's customers it holds (for :meth:`merge`).
        """
        known = ~parse.missing_mask(customer_ids.astype("string"))
        positions = self._log.get_indexer(id_text(customer_ids)[known])
        found = positions[positions >= 0]
        return len(customer_ids), len(found), np.unique(found)

    def merge(self, counted: tuple[int, int, np.ndarray]) -> MatchTally:
        """Add a part counted by :meth:`part` (anywhere); return the tally."""
        rows, matched, found = counted
        self._rows += rows
        self._matched += matched
        self._found[found] = True
        return self

    def count(self) -> MatchCount:
        """Return the match over every part added so far."""
        return MatchCount(
            table_rows=self._rows,
            rows_matched=self._matched,
            log_customers=len(self._log),
            log_matched=int(self._found.sum()),
        )


def match_sentence(match: MatchCount, id_column: str, log_column: str) -> str:
    """Say how the log matched, and what a poor match means for the segments.

    The one wording both faces show.

    Parameters
    ----------
    match : MatchCount
        From :func:`match_counts`.
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
    >>> match_sentence(MatchCount(5_000, 4_990, 4_990, 4_990), "id", "CustomerID")
    '4,990 of 5,000 customers in the table matched the log on id.'
    """
    counted = (
        f"{match.rows_matched:,} of {match.table_rows:,} customers in the table "
        f"matched the log on {id_column}"
    )
    if match.level == "none":
        return (
            f"{counted}: check that the id columns hold the same ids ({id_column} in "
            f"the table, {log_column} in the log)."
        )
    if match.level == "low":
        missing = match.table_rows - match.rows_matched
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


def join_refusal(
    match: MatchCount,
    id_column: str,
    log_column: str,
    table_ids: pd.Series,
    log_ids: pd.Series,
) -> str:
    """Say why a log is not joined, what to check, and how to use it alone.

    Parameters
    ----------
    match : MatchCount
        A refused match (:attr:`MatchCount.refused`).
    id_column, log_column : str
        The table's id column and the log's customer column.
    table_ids, log_ids : pandas.Series
        Their values: the first of each shows how the ids are written.

    Examples
    --------
    >>> print(join_refusal(MatchCount(7043, 0, 4338, 0), "customerID", "CustomerID",
    ...                    pd.Series(["7590-VHVEG"]), pd.Series([17850])))
    ... # doctest: +NORMALIZE_WHITESPACE
    The transaction log was not joined: 0 of 7,043 customers in the table matched it
    (customerID in the table, CustomerID in the log). Check that both columns hold
    the same customer ids written the same way (the table's look like '7590-VHVEG',
    the log's like '17850'); the log's own customers can still be segmented from
    the log alone.
    """
    first = id_text(table_ids.dropna()).head(1).tolist()
    first_log = id_text(log_ids.dropna()).head(1).tolist()
    looks = (
        f" (the table's look like {first[0]!r}, the log's like {first_log[0]!r})"
        if first and first_log
        else ""
    )
    counted = (
        f"{match.rows_matched:,} of {match.table_rows:,} customers in the table "
        f"matched it"
    )
    if match.rows_matched:
        counted += f" ({match.share:.1%}, under {JOIN_MIN_SHARE:.0%})"
    return (
        f"The transaction log was not joined: {counted} ({id_column} in the table, "
        f"{log_column} in the log). Check that both columns hold the same customer "
        f"ids written the same way{looks}; the log's own customers can still be "
        "segmented from the log alone."
    )
