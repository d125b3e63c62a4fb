"""The features of a segmented table as the explanation trees see them.

Numbers as they are, dates as days before the latest date, yes/no as 1/0, and a
category as the place of its level among the :data:`TOP_LEVELS` most frequent (each
level one 0/1 input of the tree). Missing values stay NaN here; the tree inputs fill
them with the column's median (rules never match a missing value: see
:func:`segmentation.describe.explain.rule_mask`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ("TOP_LEVELS", "Column", "feature_column", "tree_inputs")

#: Categories per feature a rule can name: the most frequent ones.
TOP_LEVELS = 20


@dataclass(frozen=True, slots=True)
class Column:
    """A feature as numbers, NaN where missing (see :func:`feature_column`)."""

    name: str
    kind: str
    values: np.ndarray
    whole: bool = False
    levels: tuple[str, ...] = ()
    reference: pd.Timestamp | None = None


def feature_column(name: str, kind: str, series: pd.Series) -> Column:
    """Encode a feature: numbers as they are; dates as days before the latest.

    Yes/no become 1/0, a category the place of its level among the most frequent
    (``len(levels)`` for any other level).
    """
    if kind == "categorical":
        present = series.notna().to_numpy(dtype=bool)
        codes, levels = pd.factorize(series.astype("str").str.strip())
        levels = np.asarray(levels, dtype=str)
        counts = np.bincount(codes[present], minlength=len(levels))
        top = np.lexsort((levels, -counts))[:TOP_LEVELS]  # most frequent, then A-Z
        position = np.full(len(levels) + 1, float(len(top)))
        position[top] = np.arange(len(top))
        values = np.where(present, position[codes], np.nan)
        return Column(name, kind, values, levels=tuple(levels[top].tolist()))
    if kind == "datetime":
        dates = pd.to_datetime(series, errors="coerce")
        if getattr(dates.dt, "tz", None) is not None:
            dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
        days = dates.dt.normalize()
        reference = days.max()
        values = ((reference - days) / pd.Timedelta(days=1)).to_numpy(
            dtype=float, na_value=np.nan
        )
        return Column(name, kind, values, whole=True, reference=reference)
    values = pd.to_numeric(series, errors="coerce").astype("float64")
    values = values.to_numpy(dtype=float, na_value=np.nan)
    finite = values[np.isfinite(values)]
    whole = kind == "boolean" or bool(np.all(finite == np.floor(finite)))
    return Column(name, kind, values, whole=whole)


def tree_inputs(columns: list[Column]) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Return the matrix the trees fit on, and (column, level or -1) per input."""
    blocks, inputs = [], []
    for i, column in enumerate(columns):
        if column.kind == "categorical":
            for level in range(len(column.levels)):
                blocks.append(column.values == level)
                inputs.append((i, level))
            continue
        finite = column.values[np.isfinite(column.values)]
        finite = finite if finite.size else np.zeros(1)
        fill = {
            "nan": np.median(finite),
            "posinf": finite.max(),
            "neginf": finite.min(),
        }
        blocks.append(np.nan_to_num(column.values, **fill))
        inputs.append((i, -1))
    if not blocks:
        return np.empty((len(columns[0].values), 0)), inputs
    return np.column_stack(blocks).astype(np.float32), inputs  # as the trees use
