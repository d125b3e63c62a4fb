"""Recommend a number of segments from a sweep table, with the reason in words.

:func:`recommend_k` combines three measures of
:func:`segmentation.cluster.k_sweep.sweep`: among the k whose stability is at least 0.8,
the highest silhouette; when the elbow of the inertia curve (kneedle, :func:`elbow`) is
also stable and within 0.02 of that silhouette, the elbow wins the tie. The reason names
the figures.
:func:`recommend_for_matrix` sweeps the k of :data:`K_RANGE` that the data can
take and recommends one: what the app's Tune page starts its k slider at and what
``segmentation fit`` uses when it is given no k.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from segmentation.cluster import algorithms
from segmentation.cluster import k_sweep as metrics
from segmentation.describe import checks
from segmentation.errors import InputError

__all__ = (
    "K_RANGE",
    "STABLE",
    "TIE",
    "candidate_ks",
    "elbow",
    "recommend_for_matrix",
    "recommend_k",
)

#: Smallest and largest number of segments offered and swept for a recommendation.
K_RANGE = (2, 12)

#: Stability (mean ARI) from which a k counts as stable.
STABLE = 0.8
#: Silhouettes closer than this are a tie, which the elbow breaks.
TIE = 0.02


def elbow(ks: Sequence[int], values: Sequence[float]) -> int | None:
    """Find the elbow of a decreasing curve by kneedle (Satopaa et al., 2011).

    Both axes are scaled to 0..1; the elbow is the point farthest below the
    straight line from the first point to the last. None with fewer than three
    points or no bend.

    Examples
    --------
    >>> elbow([1, 2, 3, 4, 5, 6], [100, 40, 12, 10, 8, 6])
    3
    >>> elbow([1, 2, 3], [3.0, 2.0, 1.0]) is None
    True
    """
    x = np.asarray(ks, dtype=float)
    y = np.asarray(values, dtype=float)
    keep = np.isfinite(y)
    x, y = x[keep], y[keep]
    if len(x) < 3 or np.ptp(y) == 0:
        return None
    xn = (x - x.min()) / np.ptp(x)
    yn = (y - y.min()) / np.ptp(y)
    gap = (1 - xn) - yn
    best = int(np.argmax(gap))
    return int(x[best]) if gap[best] > 1e-9 else None


def recommend_k(table: pd.DataFrame) -> tuple[int, str]:
    """Recommend a number of segments from a sweep table, with the reason in words.

    Among the k with stability of at least 0.8 (all k when none is, or when
    stability was not measured), take the highest silhouette; when the elbow of
    the inertia curve (or, for a mixture, the lowest BIC) is one of them and its
    silhouette is within 0.02 of the best, take the elbow instead. A k where one
    segment holds :data:`~segmentation.describe.checks.DOMINANT_SHARE` of the
    customers or more, or whose segments are ranges of one feature (the table's
    :data:`~segmentation.cluster.k_sweep.SHAPE` columns), is left out first when
    another k is not, and the reason says so.

    Parameters
    ----------
    table : DataFrame
        From :func:`segmentation.cluster.k_sweep.sweep` or
        :func:`segmentation.cluster.k_sweep.sweep_matrix`.

    Returns
    -------
    tuple of (int, str)
        The k and one sentence that names the figures.

    Examples
    --------
    >>> t = pd.DataFrame({"k": [2, 3, 4], "silhouette": [0.40, 0.61, 0.52],
    ...                   "inertia": [90.0, 30.0, 25.0],
    ...                   "stability": [0.95, 0.97, 0.70]})
    >>> k, reason = recommend_k(t)
    >>> k
    3
    >>> print(reason)
    k = 3: the highest silhouette (0.61) among the stable choices (stability 0.97; \
k = 4 is below 0.8), and the elbow of the inertia curve is also at k = 3.
    """
    if table.empty:
        raise InputError("The sweep has no rows to recommend from.")
    every = table.set_index("k")
    turn, what = _elbow_of(every)
    rows, left_out = _well_shaped(every)
    k, reason = _choose(rows, turn, what)
    return k, reason + left_out


def _well_shaped(rows: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Leave out the k where one segment dominates or one column drives the split.

    Only when some k remain; the sentence returned says what was left out and why
    (or that every k has the problem).
    """
    if "largest_share" not in rows:
        return rows, ""
    dominated = rows["largest_share"] >= checks.DOMINANT_SHARE
    driver = rows["driven_by"] if "driven_by" in rows else pd.Series(None, rows.index)
    flagged = dominated | driver.notna()
    if not flagged.any():
        return rows, ""
    why = {
        int(k): (
            f"one segment holds {rows.at[k, 'largest_share']:.0%} of the customers"
            if dominated[k]
            else f"the segments are mostly ranges of {driver[k]}"
        )
        for k in rows.index[flagged]
    }
    said = "; ".join(f"k = {k}: {text}" for k, text in why.items())
    if flagged.all():
        return rows, f" Every k has a problem ({said}): check the features."
    return rows[~flagged], f" Left out: {said}."


def _choose(rows: pd.DataFrame, turn: int | None, what: str) -> tuple[int, str]:
    if rows["silhouette"].isna().all():
        k = turn if turn is not None else int(rows.index.min())
        why = f"{what} is at k = {k}" if turn is not None else "the smallest k tried"
        return k, f"k = {k}: no silhouette could be computed; {why}."
    stab = rows["stability"] if "stability" in rows else pd.Series(np.nan, rows.index)
    stable = rows[stab >= STABLE]
    if not stab.notna().any():
        pool, scope = rows, "of all k tried (stability not measured)"
    elif stable["silhouette"].notna().any():
        pool, scope = stable, _stable_scope(rows, stable)
    else:
        pool, scope = rows, f"of all k tried (none reaches stability {STABLE:g})"
    best = int(pool["silhouette"].idxmax())
    sil = rows["silhouette"]
    if turn in pool.index and turn != best and sil[turn] >= sil[best] - TIE:
        return turn, (
            f"k = {turn}: {what}, with a silhouette of {sil[turn]:.2f}, within "
            f"{TIE:g} of the highest (k = {best}: {sil[best]:.2f}) {scope}."
        )
    if pool is stable:
        scope = _stable_scope(rows, stable, stab[best])
    text = f"k = {best}: the highest silhouette ({sil[best]:.2f}) {scope}"
    if turn is None:
        return best, text + "."
    if turn == best:
        return best, f"{text}, and {what} is also at k = {turn}."
    return best, f"{text}; {what} is at k = {turn} instead."


def _stable_scope(
    rows: pd.DataFrame, stable: pd.DataFrame, figure: float | None = None
) -> str:
    """Say that the pool is the stable k, naming the unstable ones (and a figure)."""
    unstable = [int(k) for k in rows.index if k not in stable.index]
    verb = "is" if len(unstable) == 1 else "are"
    below = f"k = {', '.join(map(str, unstable))} {verb} below {STABLE:g}"
    if figure is None:
        return "among the stable choices" + (f"; {below}" if unstable else "")
    inside = f"stability {figure:.2f}" + (f"; {below}" if unstable else "")
    return f"among the stable choices ({inside})"


def _elbow_of(rows: pd.DataFrame) -> tuple[int | None, str]:
    if "inertia" in rows and rows["inertia"].notna().sum() >= 3:
        return elbow(rows.index, rows["inertia"]), "the elbow of the inertia curve"
    if "bic" in rows and rows["bic"].notna().any():
        return int(rows["bic"].idxmin()), "the lowest BIC"
    return None, ""


def candidate_ks(
    matrix: pd.DataFrame | np.ndarray, high: int = K_RANGE[1]
) -> list[int]:
    """Return the k to sweep: from 2 up to ``high``, the distinct rows, or rows - 1.

    Parameters
    ----------
    matrix : DataFrame or ndarray of shape (n, d)
        The feature matrix.
    high : int, default ``K_RANGE[1]``
        The largest k wanted.

    Returns
    -------
    list of int

    Raises
    ------
    InputError
        When the features tell fewer than two customers apart.

    Examples
    --------
    >>> candidate_ks(np.array([[0.0], [1.0], [1.0], [2.0], [3.0]]))
    [2, 3, 4]
    """
    x = np.asarray(matrix, dtype=float)
    distinct = algorithms.count_distinct_rows(x, at_least=high)
    top = min(high, distinct, len(x) - 1)
    if top < K_RANGE[0]:
        raise InputError(
            f"The chosen features tell only {distinct:,} customer(s) apart: too few "
            "to split into segments."
        )
    return list(range(K_RANGE[0], top + 1))


def recommend_for_matrix(
    matrix: pd.DataFrame | np.ndarray,
    *,
    algorithm: str = "kmeans",
    seed: int = 0,
    ks: Sequence[int] | None = None,
    features: Sequence[str] = (),
) -> tuple[int, str]:
    """Sweep a feature matrix and recommend a number of segments.

    The sweep is :func:`segmentation.cluster.k_sweep.sweep_matrix` over ``ks`` (by
    default
    :func:`candidate_ks`, the k the app's Tune page sweeps) and the choice is
    :func:`recommend_k`'s.

    Parameters
    ----------
    matrix : DataFrame or ndarray of shape (n, d)
        The feature matrix (``workflow.prepare(...).matrix``).
    algorithm : str, default "kmeans"
        An algorithm that takes k.
    seed : int, default 0
    ks : sequence of int, optional
        The k to try.
    features : sequence of str, optional
        The features the matrix's columns come from, so that a k whose segments
        are ranges of one feature is left out.

    Returns
    -------
    tuple of (int, str)
        The k and the sentence that says why.

    Raises
    ------
    InputError
        When the matrix cannot be swept (too few distinct rows, or an algorithm
        that finds k itself).
    """
    chosen = list(ks) if ks is not None else candidate_ks(matrix)
    result = metrics.sweep_matrix(
        matrix, chosen, algorithm=algorithm, seed=seed, features=features
    )
    return recommend_k(result.table)
