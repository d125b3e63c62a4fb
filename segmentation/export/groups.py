"""Groups kept by hand: a brushed region of the map, named, held by customer id.

A kept group has no rule: it is the customers the analyst picked. It is held as
their ids (the id column's text, outer spaces removed) or, in a table without an
id column, as 1-based row numbers, so a recipe finds the same customers in the
same file headless. The labelled file gets one ``group_<name>`` column per group:
1 for its members, 0 for everyone else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from segmentation.behaviour.log_match import id_text

__all__ = ("group_column", "group_ids", "group_membership")


def group_column(name: str) -> str:
    """Name the labelled file's column of a kept group.

    Examples
    --------
    >>> group_column("Big spenders (north)")
    'group_big_spenders_north'
    """
    slug = re.sub(r"[^0-9a-z]+", "_", name.casefold()).strip("_")
    return f"group_{slug or 'kept'}"


def _row_ids(
    frame: pd.DataFrame, id_column: str | None, first_row: int = 1
) -> pd.Series:
    if id_column and id_column in frame.columns:
        return id_text(frame[id_column]).reset_index(drop=True)
    rows = range(first_row, first_row + len(frame))
    return pd.Series([str(n) for n in rows], dtype="object")


def group_ids(
    frame: pd.DataFrame, id_column: str | None, positions: Sequence[int]
) -> tuple[str, ...]:
    """Return the ids that hold a group of rows (by position), in table order.

    Examples
    --------
    >>> t = pd.DataFrame({"id": [" A7", "B2", "C9"]})
    >>> group_ids(t, "id", [2, 0]), group_ids(t, None, [1])
    (('A7', 'C9'), ('2',))
    """
    ids = _row_ids(frame, id_column)
    return tuple(ids.iloc[sorted(set(int(p) for p in positions))])


def group_membership(
    frame: pd.DataFrame,
    id_column: str | None,
    groups: Sequence[tuple[str, Sequence[str]]],
    *,
    first_row: int = 1,
) -> dict[str, np.ndarray]:
    """One 0/1 column per kept group, by position over ``frame``'s rows.

    ``first_row`` is the 1-based number of ``frame``'s first row in its file
    (for a chunk of a table read in parts; groups of a table without an id
    column are held as row numbers).

    Examples
    --------
    >>> t = pd.DataFrame({"id": ["A7", "B2", "C9"]})
    >>> group_membership(t, "id", [("VIP", ("C9", "A7"))])
    {'group_vip': array([1, 0, 1])}
    """
    ids = _row_ids(frame, id_column, first_row)
    return {
        group_column(name): ids.isin(set(members)).to_numpy().astype("int64")
        for name, members in groups
    }
