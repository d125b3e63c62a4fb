"""Cluster the feature matrix into segments numbered by size.

:class:`Segmenter` is a scikit-learn clusterer over the algorithms of
:mod:`segmentation.cluster.algorithms`: ``kmeans`` (best of 10 starts), ``gmm`` (with
its BIC), ``ward`` and ``hdbscan`` (which finds k itself and marks noise -1); the last
three are fitted on a seeded sample on large data (k-means above a million rows), and
:attr:`Segmenter.notes_` says so.

Segments are numbered by size, largest first (0, 1, ...); equal sizes are ordered
by the first row of each segment; noise stays -1. The same matrix, algorithm, k and
seed give the same labels on every run.

Mixed numeric and categorical data are clustered on the one-hot, family-weighted
matrix of :func:`segmentation.features.matrix.build`. It was compared with k-prototypes
(``kmodes`` 0.12.2: Huang init, 10 starts, gamma chosen by the package) on the
bundled customers: the six behavioural numbers, age, income and household size, and
the categorical gender, education, country, interests, device, os and preferred
channel, k = 5, seeds 0-2. Both recover the planted segments equally well (ARI
0.974 for one-hot against 0.972, silhouette 0.113 for both), but k-prototypes takes
12-13 s where one-hot takes 0.4-2.7 s including the preparation, and it is one
algorithm where the one-hot matrix serves all four. So one-hot + weights is kept
and ``kmodes`` is not a dependency (``bench/compare_mixed.py`` reruns the
comparison).
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.metrics import pairwise_distances_argmin
from sklearn.utils.validation import check_is_fitted, validate_data

from segmentation.cluster import registry
from segmentation.cluster.algorithms import (
    centres_of,
    count_distinct_rows,
    fit_gmm,
    fit_hdbscan,
    fit_kmeans,
    nearest,
    one_thread,
    sample_rows,
    sampled_note,
    ward_labels,
    within_sum_of_squares,
)
from segmentation.errors import InputError

__all__ = ("Segmenter", "number_by_size")


def number_by_size(labels: np.ndarray) -> np.ndarray:
    """Renumber labels by segment size, largest first; noise (-1) stays -1.

    Segments of equal size are ordered by their first row, so the numbering is
    a function of the partition alone, never of the algorithm's label order.

    Parameters
    ----------
    labels : array-like of int
        Any labels; negative ones mean noise.

    Returns
    -------
    ndarray of int
        0 for the largest segment, 1 for the next, ...

    Examples
    --------
    >>> number_by_size([7, 3, 3, -1, 7, 5, 3]).tolist()
    [1, 0, 0, -1, 1, 2, 0]
    >>> number_by_size([2, 1, 1, 2]).tolist()  # a tie: the first row's wins
    [0, 1, 1, 0]
    """
    labels = np.asarray(labels)
    return _relabel(_renumbering(labels), labels)


def _renumbering(labels: np.ndarray, size: int = 0) -> np.ndarray:
    """Array ``m`` such that ``m[old]`` is the size-ordered label of ``old``.

    ``m`` has at least ``size`` entries; labels that never occur map to -1.
    """
    rows = np.flatnonzero(labels >= 0)
    length = max(int(labels.max(initial=0)) + 1, size, 1)
    mapping = np.full(length, -1, dtype=np.int64)
    if len(rows):
        ids, first, counts = np.unique(
            labels[rows], return_index=True, return_counts=True
        )
        order = np.lexsort((rows[first], -counts))
        mapping[ids[order]] = np.arange(len(ids))
    return mapping


def _relabel(mapping: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Apply a renumbering; negative labels (noise) become -1."""
    return np.where(labels >= 0, mapping[np.clip(labels, 0, None)], -1)


class Segmenter(ClusterMixin, BaseEstimator):
    """Segment the rows of a feature matrix; segments numbered by size.

    Parameters
    ----------
    algorithm : {"kmeans", "gmm", "ward", "hdbscan"}, default "kmeans"
        See the module notes for how each is fitted.
    n_clusters : int, default 5
        Number of segments (ignored by ``hdbscan``, which finds it).
    random_state : int, default 0
        Seed of every random step (starts, samples).

    Attributes
    ----------
    labels_ : ndarray of int
        Segment of each row: 0 is the largest; -1 is noise (``hdbscan`` only).
    n_segments_ : int
        Number of segments found (noise not counted).
    cluster_centers_ : ndarray of shape (n_segments_, n_features)
        Mean row of each segment.
    inertia_ : float or None
        Within-segment sum of squares (``kmeans`` and ``ward``).
    bic_ : float or None
        Bayesian information criterion (``gmm``) on the rows it was fitted on.
    notes_ : tuple of str
        Plain sentences about how the result was reached (sampling).
    estimator_ : KMeans, GaussianMixture or None
        The fitted scikit-learn model behind ``predict`` for kmeans and gmm.
    order_ : ndarray of int
        Maps the estimator's labels to the size-ordered ones.
    reference_points_, reference_labels_ : ndarray
        ``hdbscan``: the rows it was fitted on and their labels; new rows take the
        label of the nearest one.

    Examples
    --------
    >>> x = np.array([[0.0], [0.1], [0.2], [5.0], [5.1]])
    >>> s = Segmenter(n_clusters=2).fit(x)
    >>> s.labels_.tolist(), s.predict(np.array([[4.0], [-1.0]])).tolist()
    ([0, 0, 0, 1, 1], [1, 0])
    """

    def __init__(
        self, algorithm: str = "kmeans", n_clusters: int = 5, *, random_state: int = 0
    ) -> None:
        self.algorithm = algorithm
        self.n_clusters = n_clusters
        self.random_state = random_state

    def fit(self, X, y=None):  # noqa: N803 - scikit-learn's argument name
        """Find the segments of ``X`` (no missing values); return self."""
        x = validate_data(self, X, dtype=np.float64, ensure_min_samples=2)
        self._check(x)
        self.notes_ = ()
        self.estimator_ = None
        self.inertia_ = None
        self.bic_ = None
        with one_thread():
            raw = np.asarray(getattr(self, f"_fit_{self.algorithm}")(x), np.int64)
        k = self.n_clusters
        spec = registry.algorithm(self.algorithm)
        self.order_ = _renumbering(raw, 0 if spec.finds_k else k)
        self.labels_ = _relabel(self.order_, raw)
        self.n_segments_ = int(self.labels_.max()) + 1 if (raw >= 0).any() else 0
        self.cluster_centers_ = centres_of(x, self.labels_, self.n_segments_)
        if spec.reports_inertia:
            self.inertia_ = within_sum_of_squares(x, self.labels_, self.n_segments_)
        if spec.finds_k:
            self.reference_labels_ = _relabel(self.order_, self.reference_labels_)
        elif self.n_segments_ < k:
            self.notes_ += (
                f"{k - self.n_segments_} of the {k} segments asked for came out "
                f"empty; {self.n_segments_} remain.",
            )
        return self

    def _check(self, x: np.ndarray) -> None:
        if registry.algorithm(self.algorithm).finds_k:
            return
        k = self.n_clusters
        if not isinstance(k, int | np.integer) or k < 1:
            raise InputError(
                f"The number of segments must be a whole number of 1 or more, not {k}."
            )
        distinct = count_distinct_rows(x, at_least=k)
        if distinct < k:
            raise InputError(
                f"Asked for {k} segments, but the chosen features tell only "
                f"{distinct} distinct customer(s) apart; ask for at most {distinct}."
            )

    def _fit_kmeans(self, x: np.ndarray) -> np.ndarray:
        rows = sample_rows(len(x), _fit_rows("kmeans", len(x)), self.random_state)
        fitted = x[rows] if len(rows) < len(x) else x
        self.estimator_ = fit_kmeans(fitted, self.n_clusters, self.random_state)
        if len(rows) == len(x):
            return self.estimator_.labels_
        how = "every row then went to its nearest segment centre"
        why = "a sample that size places the centres as well, in a fraction of the time"
        self.notes_ = (sampled_note("kmeans", len(rows), len(x), how, why=why),)
        return self.estimator_.predict(x)

    def _fit_gmm(self, x: np.ndarray) -> np.ndarray:
        rows = sample_rows(len(x), _fit_rows("gmm", len(x)), self.random_state)
        fitted = x[rows] if len(rows) < len(x) else x
        self.estimator_ = fit_gmm(fitted, self.n_clusters, self.random_state)
        self.bic_ = float(self.estimator_.bic(fitted))
        if len(rows) < len(x):
            how = "it then assigned every row to its most likely segment"
            self.notes_ = (sampled_note("gmm", len(rows), len(x), how),)
        return self.estimator_.predict(x)

    def _fit_ward(self, x: np.ndarray) -> np.ndarray:
        labels, notes = ward_labels(x, self.n_clusters, seed=self.random_state)
        self.notes_ = notes
        return labels

    def _fit_hdbscan(self, x: np.ndarray) -> np.ndarray:
        rows = sample_rows(len(x), _fit_rows("hdbscan", len(x)), self.random_state)
        labels = fit_hdbscan(x[rows])
        self.reference_points_ = x[rows].copy()
        self.reference_labels_ = labels
        if len(rows) == len(x):
            return labels
        out = labels[nearest(self.reference_points_, x)]
        out[rows] = labels
        how = (
            "every other row took the label of its nearest fitted row "
            "(unassigned when that row is noise)"
        )
        self.notes_ = (sampled_note("hdbscan", len(rows), len(x), how),)
        return out

    def predict(self, X):  # noqa: N803
        """Segment of each new row, by the fitted model.

        Nearest centre for ``kmeans`` and ``ward``, most likely component for
        ``gmm``, label of the nearest fitted row for ``hdbscan`` (which may be -1).
        For ``ward`` and ``hdbscan`` this can differ from ``labels_`` on the
        training rows near a border.
        """
        check_is_fitted(self, "n_segments_")
        x = validate_data(self, X, dtype=np.float64, reset=False)
        with one_thread():
            if self.algorithm == "kmeans":
                return _relabel(self.order_, self.estimator_.predict(x))
            if self.algorithm == "gmm":
                likelihood = self.estimator_.predict_proba(x)
                likelihood[:, self.order_ < 0] = -1.0  # empty on the fitted rows
                return _relabel(self.order_, likelihood.argmax(axis=1))
            if self.algorithm == "ward":
                return pairwise_distances_argmin(x, self.cluster_centers_)
            return self.reference_labels_[nearest(self.reference_points_, x)]


def _fit_rows(name: str, n: int) -> int:
    """Rows ``name`` is fitted on at most, of ``n`` (see the registry)."""
    return registry.algorithm(name).fit_rows or n
