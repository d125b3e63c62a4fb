"""Warnings about segments a campaign cannot use well: too small, or near twins.

- Too small to target: under 1% of the customers or under 50 customers (either).
  A campaign cell that small gives no readable response rate.
- Nearly the same as another: two segments whose centroids differ by less than
  0.25 standard deviations on every column of the feature matrix (each column's
  standard deviation over all customers). Such a pair would get the same message;
  a smaller k, or other features, would serve better.

The unassigned customers (-1) are never checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = (
    "MIN_SEGMENT_SHARE",
    "MIN_SEGMENT_SIZE",
    "TWIN_THRESHOLD",
    "SegmentWarning",
    "segment_warnings",
    "similar_segments",
    "small_segments",
)

#: A segment under this share of the customers is too small to target.
MIN_SEGMENT_SHARE = 0.01
#: A segment under this many customers is too small to target.
MIN_SEGMENT_SIZE = 50
#: Two segments closer than this (in standard deviations) on every column are twins.
TWIN_THRESHOLD = 0.25


@dataclass(frozen=True, slots=True)
class SegmentWarning:
    """One problem with one or two segments.

    Attributes
    ----------
    kind : {"small", "similar"}
    segments : tuple of int
        The segment, or the pair.
    text : str
        The sentence shown to the analyst.
    """

    kind: str
    segments: tuple[int, ...]
    text: str


def small_segments(
    labels: np.ndarray | pd.Series,
    *,
    min_share: float = MIN_SEGMENT_SHARE,
    min_size: int = MIN_SEGMENT_SIZE,
) -> list[SegmentWarning]:
    """Segments under ``min_share`` of the customers or under ``min_size`` customers.

    Examples
    --------
    >>> [w.segments for w in small_segments([0] * 990 + [1] * 10)]
    [(1,)]
    """
    values = np.asarray(labels)
    total = len(values)
    out = []
    found, counts = np.unique(values[values >= 0], return_counts=True)
    for segment, size in zip(found, counts, strict=True):
        share = size / total
        if share < min_share or size < min_size:
            out.append(
                SegmentWarning(
                    "small",
                    (int(segment),),
                    f"Segment {segment} has {size:,} customers ({share:.1%}): too "
                    f"few to target on their own (under {min_size} customers or "
                    f"{min_share:.0%}). Consider a smaller k.",
                )
            )
    return out


def similar_segments(
    matrix: np.ndarray | pd.DataFrame,
    labels: np.ndarray | pd.Series,
    *,
    threshold: float = TWIN_THRESHOLD,
) -> list[SegmentWarning]:
    """Pairs of segments whose centroids are within ``threshold`` sd on every column.

    Parameters
    ----------
    matrix : array-like of shape (n, d)
        The feature matrix the segments were found on.
    labels : array-like of shape (n,)
        Segment per row (-1 ignored).
    threshold : float, default 0.25
        Largest difference, in standard deviations of the column, that still
        counts as the same.

    Returns
    -------
    list of SegmentWarning
        One per pair, in segment order.

    Examples
    --------
    >>> x = np.array([[0.0], [0.1], [5.0], [5.1], [5.05], [0.05]])
    >>> similar_segments(x, [0, 0, 1, 1, 2, 2])
    []
    >>> [w.segments for w in similar_segments(x, [0, 1, 2, 2, 2, 0])]
    [(0, 1)]
    """
    x = np.asarray(matrix, dtype=np.float64)
    values = np.asarray(labels)
    spread = x.std(axis=0)
    used = spread > 0
    if not used.any():
        return []
    segments = np.unique(values[values >= 0])
    centroids = np.vstack([x[values == s][:, used].mean(axis=0) for s in segments])
    scaled = centroids / spread[used]
    out = []
    for i, a in enumerate(segments):
        for j in range(i + 1, len(segments)):
            gap = float(np.abs(scaled[i] - scaled[j]).max())
            if gap < threshold:
                b = segments[j]
                out.append(
                    SegmentWarning(
                        "similar",
                        (int(a), int(b)),
                        f"Segments {a} and {b} are nearly the same: their averages "
                        f"differ by at most {gap:.2f} standard deviations on every "
                        "feature. They would get the same message; consider a "
                        "smaller k.",
                    )
                )
    return out


def segment_warnings(
    matrix: np.ndarray | pd.DataFrame, labels: np.ndarray | pd.Series
) -> list[SegmentWarning]:
    """Every warning: small segments first, then near twins."""
    return small_segments(labels) + similar_segments(matrix, labels)
