"""Segment labels: what they may be, and what the unassigned customers are called.

A label is a whole number per customer: 0, 1, ... for the segments (numbered by
size, largest first) and :data:`UNASSIGNED_LABEL` (-1) for customers no segment
took (HDBSCAN's noise, or a rule-based run's leftovers when no catch-all rule is
set). Every step that receives labels from outside checks them with
:func:`segment_labels`, so the same mistake gets the same sentence everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from segmentation.errors import InputError

__all__ = (
    "UNASSIGNED",
    "UNASSIGNED_LABEL",
    "default_names",
    "segment_text_key",
    "segment_labels",
)

#: The label of customers no segment took.
UNASSIGNED_LABEL = -1
#: What the unassigned customers are called in tables, charts and files.
UNASSIGNED = "Unassigned"


def segment_labels(
    labels: object, rows: int, index: pd.Index | None = None
) -> pd.Series:
    """Check segment labels given for a table and return them as integers.

    Parameters
    ----------
    labels : array-like
        One label per row: whole numbers (as ints, floats or numeric text), 0 or
        more, or -1 for unassigned.
    rows : int
        The number of rows of the table the labels are for.
    index : pandas.Index, optional
        Index of the result (default: 0..rows-1).

    Returns
    -------
    pandas.Series
        ``int64`` labels named ``segment``.

    Raises
    ------
    InputError
        When the count does not match the rows, or a label is not a whole number
        of -1 or more.

    Examples
    --------
    >>> segment_labels([0, 1.0, "-1"], 3).tolist()
    [0, 1, -1]
    >>> segment_labels([0, 1], 3)
    Traceback (most recent call last):
    ...
    segmentation.errors.InputError: There are 2 segment labels for 3 rows; give one \
label per row.
    >>> segment_labels([0, 0.5, -2], 3)
    Traceback (most recent call last):
    ...
    segmentation.errors.InputError: Segment labels must be whole numbers: 0 or more, \
or -1 for unassigned.
    """
    values = np.asarray(labels)
    if values.ndim != 1 or len(values) != rows:
        raise InputError(
            f"There are {values.size} segment labels for {rows} rows; give one "
            "label per row."
        )
    numbers = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy("float64")
    if (
        not np.all(np.isfinite(numbers))
        or np.any(numbers != np.round(numbers))
        or np.any(numbers < UNASSIGNED_LABEL)
    ):
        raise InputError(
            "Segment labels must be whole numbers: 0 or more, or -1 for unassigned."
        )
    return pd.Series(numbers.astype("int64"), index=index, name="segment")


def default_names(labels: Iterable[int]) -> list[str]:
    """Neutral names: ``Segment N`` for N >= 0, :data:`UNASSIGNED` for -1.

    Examples
    --------
    >>> default_names([0, 2, -1])
    ['Segment 0', 'Segment 2', 'Unassigned']
    """
    return [f"Segment {int(v)}" if int(v) >= 0 else UNASSIGNED for v in labels]


def segment_text_key(value: object) -> tuple[int, int, str]:
    """Sort key of segments as files write them: 0, 1, ..., 10, then names, -1 last.

    Examples
    --------
    >>> sorted(["10", "-1", "2", "Champions", "0"], key=segment_text_key)
    ['0', '2', '10', 'Champions', '-1']
    """
    text = str(value)
    if text.lstrip("-").isdigit():
        number = int(text)
        return (2, 0, text) if number < 0 else (0, number, "")
    return (1, 0, text)
