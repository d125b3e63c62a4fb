"""Drift of a column between two snapshots: the population stability index.

PSI = sum over bins of (after - before) * ln(after / before), the shares of the
customers in each bin. Numbers are cut at the deciles of the earlier snapshot
(fewer bins where values repeat); a category's levels are its bins (levels past
the 30 most common of either snapshot together as one). Missing values are a
bin of their own. Empty bins count as a share of 0.0001 so the logarithm is
defined. The usual reading: under 0.1 stable, 0.1 to 0.25 moderate, above 0.25
a major shift.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from segmentation.reading import values as parse

__all__ = ("PSI_MAJOR", "PSI_MODERATE", "drift_table", "psi")

#: PSI from which a shift is moderate.
PSI_MODERATE = 0.1
#: PSI from which a shift is major.
PSI_MAJOR = 0.25
_FLOOR = 1e-4
_LEVELS = 30


def _shares(bins: pd.Series, order: list) -> np.ndarray:
    counts = bins.value_counts().reindex(order, fill_value=0).to_numpy(dtype=float)
    shares = counts / max(counts.sum(), 1.0)
    return np.clip(shares, _FLOOR, None)


def psi(before: pd.Series, after: pd.Series) -> float:
    """Compute the population stability index of a column between two snapshots.

    Parameters
    ----------
    before, after : pandas.Series
        The column's values (text as read, or typed) in each snapshot.

    Returns
    -------
    float
        0 for the same distribution; larger for a larger shift.

    Examples
    --------
    >>> a = pd.Series(range(1000)).astype(str)
    >>> round(psi(a, a), 6)
    0.0
    >>> psi(a, (pd.Series(range(1000)) + 400).astype(str)) > 0.25
    True
    """
    x = parse.parse_numbers(before.astype("string"))
    y = parse.parse_numbers(after.astype("string"))
    numeric = x.notna().mean() >= 0.95 and y.notna().mean() >= 0.95 * (
        after.notna().mean()
    )
    if numeric and x.nunique() > _LEVELS:
        edges = np.unique(
            np.nanquantile(x.to_numpy(dtype=float), np.linspace(0, 1, 11))
        )
        cuts = np.concatenate(([-np.inf], edges[1:-1], [np.inf]))
        b = pd.cut(x, cuts, labels=False).astype("Int64").astype("string")
        a = pd.cut(y, cuts, labels=False).astype("Int64").astype("string")
    else:
        b = before.astype("string").str.strip()
        a = after.astype("string").str.strip()
        common = pd.concat([b, a]).value_counts().index[:_LEVELS]
        b = b.where(b.isin(common) | b.isna(), "(other)")
        a = a.where(a.isin(common) | a.isna(), "(other)")
    b, a = b.fillna("(missing)"), a.fillna("(missing)")
    order = sorted(set(b) | set(a))
    p, q = _shares(b, order), _shares(a, order)
    return float(np.sum((q - p) * np.log(q / p)))


def drift_table(
    before: pd.DataFrame, after: pd.DataFrame, columns: list[str]
) -> pd.DataFrame:
    """Give each column's PSI and level, largest first.

    Returns
    -------
    pandas.DataFrame
        ``column``, ``psi``, ``level`` (``stable``, ``moderate``, ``major``).
    """
    rows = [(c, psi(before[c], after[c])) for c in columns]
    out = pd.DataFrame(rows, columns=["column", "psi"])
    out["level"] = np.select(
        [out["psi"] >= PSI_MAJOR, out["psi"] >= PSI_MODERATE],
        ["major", "moderate"],
        default="stable",
    )
    return out.sort_values("psi", ascending=False, kind="stable").reset_index(drop=True)
