"""Warnings about segments a campaign cannot use well: too small, or near twins.

- Too small to target: under 1% of the customers or under 50 customers (either).
  A campaign cell that small gives no readable response rate.
- Nearly the same as another: two segments whose centroids differ by less than
  0.25 standard deviations on every column of the feature matrix (each column's
  standard deviation over all customers). Such a pair would get the same message;
  a smaller k, or other features, would serve better.

- One segment holding most customers: at least :data:`DOMINANT_SHARE` of them in
  one segment; the segmentation hardly splits the base.
- Driven by one column: when the segments are ranges of a single column, that
  column accounts for at least :data:`DRIVER_SHARE` of the separation between the
  segments (its share of the between-segment sum of squares of the feature matrix,
  its one-hot and missing-indicator columns counted with it), with three features
  or more. Such segments say nothing the column alone does not.

The unassigned customers (-1) are never checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = (
    "DOMINANT_SHARE",
    "DRIVER_SHARE",
    "MIN_SEGMENT_SHARE",
    "MIN_SEGMENT_SIZE",
    "TWIN_THRESHOLD",
    "SegmentWarning",
    "dominant_segment",
    "driving_column",
    "driving_share",
    "largest_segment",
    "segment_warnings",
    "shape_warnings",
    "similar_segments",
    "small_segments",
)

#: A segment under this share of the customers is too small to target.
MIN_SEGMENT_SHARE = 0.01
#: A segment under this many customers is too small to target.
MIN_SEGMENT_SIZE = 50
#: Two segments closer than this (in standard deviations) on every column are twins.
TWIN_THRESHOLD = 0.25
#: One segment holding this share of the customers or more dominates.
DOMINANT_SHARE = 0.8
#: One column giving this share of the separation or more drives the segments.
DRIVER_SHARE = 0.7


@dataclass(frozen=True, slots=True)
class SegmentWarning:
    """One problem with one or two segments.

    Attributes
    ----------
    kind : {"small", "similar", "dominant", "driver"}
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


def dominant_segment(
    labels: np.ndarray | pd.Series, *, max_share: float = DOMINANT_SHARE
) -> list[SegmentWarning]:
    """Warn of a segment holding ``max_share`` of the customers or more.

    Examples
    --------
    >>> [w.text[:22] for w in dominant_segment([0] * 90 + [1] * 10)]
    ['Segment 0 holds 90% of']
    """
    values = np.asarray(labels)
    if len(np.unique(values[values >= 0])) < 2:
        return []
    segment, share = largest_segment(values)
    if share < max_share:
        return []
    return [
        SegmentWarning(
            "dominant",
            (segment,),
            f"Segment {segment} holds {share:.0%} of the customers: the segmentation "
            "hardly splits the base. Try other features, another algorithm or a "
            "larger k.",
        )
    ]


def largest_segment(labels: np.ndarray | pd.Series) -> tuple[int, float]:
    """Return the largest segment and its share of every customer (-1: none).

    Examples
    --------
    >>> largest_segment([0, 1, 1, -1])
    (1, 0.5)
    """
    values = np.asarray(labels)
    found, counts = np.unique(values[values >= 0], return_counts=True)
    if not len(found):
        return -1, float("nan")
    top = int(np.argmax(counts))
    return int(found[top]), float(counts[top] / len(values))


def driving_column(
    matrix: pd.DataFrame,
    labels: np.ndarray | pd.Series,
    features: list[str] | tuple[str, ...],
    *,
    min_share: float = DRIVER_SHARE,
) -> list[SegmentWarning]:
    """Warn of a feature that alone accounts for most of the separation.

    Parameters
    ----------
    matrix : pandas.DataFrame
        The feature matrix, its columns named after the features (``spend``,
        ``plan_Gold``, ``missingindicator_spend``).
    labels : array-like
        Segment per row (-1 ignored).
    features : sequence of str
        The recipe's feature names.
    min_share : float, default 0.7

    Returns
    -------
    list of SegmentWarning
        One warning naming the column and its share, or none.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> m = pd.DataFrame({"pdays": np.r_[np.zeros(50), np.ones(50) * 9],
    ...                   "age": rng.normal(size=100), "spend": rng.normal(size=100)})
    >>> [w.kind for w in driving_column(m, [0] * 50 + [1] * 50, ["pdays", "age",
    ...                                                          "spend"])]
    ['driver']
    """
    found = driving_share(matrix, labels, features)
    if found is None or found[1] < min_share:
        return []
    name, share = found
    return [
        SegmentWarning(
            "driver",
            (),
            f"The segments are mostly ranges of {name}: it gives {share:.0%} of the "
            "separation between them, so they say little more than that column "
            "alone. Check its values (a code such as -1 or 999 for 'none'?), lower "
            "its family's weight or leave it out.",
        )
    ]


def driving_share(
    matrix: pd.DataFrame,
    labels: np.ndarray | pd.Series,
    features: list[str] | tuple[str, ...],
) -> tuple[str, float] | None:
    """Return the feature giving most of the separation between segments, and its share.

    The share is of the between-segment sum of squares of the feature matrix (a
    feature's one-hot and missing-indicator columns counted with it). None with
    fewer than three features, a matrix without column names, or one segment.

    Examples
    --------
    >>> m = pd.DataFrame({"a": [0.0, 0, 9, 9], "b": [0.0, 1, 0, 1],
    ...                   "c": [1.0, 0, 1, 0]})
    >>> driving_share(m, [0, 0, 1, 1], ["a", "b", "c"])
    ('a', 1.0)
    """
    if len(features) < 3 or not isinstance(matrix, pd.DataFrame):
        return None
    values = np.asarray(labels)
    kept = values >= 0
    x = matrix.to_numpy(dtype=np.float64)[kept]
    groups = values[kept]
    if len(np.unique(groups)) < 2:
        return None
    means = x.mean(axis=0)
    between = np.zeros(x.shape[1])
    for segment in np.unique(groups):
        rows = x[groups == segment]
        between += len(rows) * (rows.mean(axis=0) - means) ** 2
    total = between.sum()
    if not total > 0:
        return None
    per_feature: dict[str, float] = {}
    for column, amount in zip(matrix.columns, between, strict=True):
        owner = _feature_of(str(column), features)
        per_feature[owner] = per_feature.get(owner, 0.0) + float(amount)
    name, amount = max(per_feature.items(), key=lambda item: item[1])
    if name not in features:
        return None
    return name, float(amount / total)


def _feature_of(column: str, features: list[str] | tuple[str, ...]) -> str:
    """Return the feature a matrix column comes from (its own name for none)."""
    if column.startswith("missingindicator_"):
        column = column[len("missingindicator_") :]
    owners = [f for f in features if column == f or column.startswith(f"{f}_")]
    return max(owners, key=len) if owners else column


def shape_warnings(
    labels: np.ndarray | pd.Series,
    matrix: np.ndarray | pd.DataFrame | None = None,
    features: list[str] | tuple[str, ...] = (),
) -> list[SegmentWarning]:
    """Warnings about the labelling's shape: small, dominant, driven by one column.

    The last needs the feature matrix (with named columns) and the feature names.
    """
    out = small_segments(labels) + dominant_segment(labels)
    if matrix is not None and features:
        out += driving_column(matrix, labels, features)
    return out


def segment_warnings(
    matrix: np.ndarray | pd.DataFrame,
    labels: np.ndarray | pd.Series,
    features: list[str] | tuple[str, ...] = (),
) -> list[SegmentWarning]:
    """Every warning: the shape warnings, then near twins."""
    return shape_warnings(labels, matrix, features) + similar_segments(matrix, labels)
