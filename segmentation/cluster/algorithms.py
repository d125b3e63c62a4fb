"""The clustering algorithms, each fitted the way that works on this product's data.

:class:`segmentation.cluster.segmenter.Segmenter` wraps them as one scikit-learn
clusterer; the sweep and the stability measures call them directly (one Ward tree serves
every k). Figures are from this project's machine (2 cores, 24 GiB):

``kmeans``
    k-means (Lloyd). On Mall Customers, one k-means++ start (``n_init="auto"``)
    with the default seed 0 lands in a poor local minimum at k = 5 (ARI 0.71
    against the well-known five groups, silhouette 0.46, and k = 6 looks best);
    ten starts find the right split for every seed tried (ARI 0.985, silhouette
    0.555). So the best of 10 k-means++ starts is kept. Above 10,000 rows the ten
    starts run on a seeded sample of 10,000 rows and their best centres start one
    k-means run on all rows, which then converges in a few passes: on 1M rows,
    k = 2..10 takes 3.1 s, against 4.1 s for a single k-means++ start on all rows
    (one thread each). ``MiniBatchKMeans`` is not used: it was slower here and
    less exact (1M rows, k = 2..10: 25 s and 5.7% more inertia; 100k rows: 0.74 s
    against 0.61 s).
``gmm``
    A Gaussian mixture (full covariances) started from the k-means centres, so it
    is as reproducible as k-means; its BIC is reported. Above 50,000 rows it is
    fitted on a seeded sample of 50,000 rows and predicts the rest. It suits
    numeric features: on many one-hot columns the 0/1 columns rule its likelihood
    (the bundled sample with every usable column, 97 matrix columns, k = 5: ARI
    0.04 against the planted segments, where k-means gets 0.93).
``ward``
    Ward's agglomerative clustering (SciPy's linkage, the one scikit-learn uses).
    Its memory grows with the square of the rows (10k rows: about 1 GB, 20k: 3.3
    GB), so above 10,000 rows it is fitted on a seeded sample of 10,000 rows and
    every other row goes to the nearest segment centre; the segmenter's notes say
    so.
``hdbscan``
    Density-based (``sklearn.cluster.HDBSCAN``): the data decide the number of
    segments (``n_clusters`` is ignored) and rows in no dense region are noise,
    labelled -1 ("unassigned"). A segment must hold at least 2% of the rows fitted
    (and at least 10): on the bundled sample that finds the five planted segments
    (ARI 1.0 on the assigned rows, 10% noise) where smaller minimums split them
    into 6-12 pieces. Above 10,000 rows it is fitted on a seeded sample of 10,000
    rows (50k rows take 17 s single-threaded) and every other row takes the label
    of its nearest fitted row, noise included; the notes say so.

Everything here runs with one OpenMP thread (:func:`one_thread`). The labels are
then the same on any machine, whatever its cores, and a busy machine does not
stall the fit: measured here while another job ran, k-means at k = 2..10 on 5,000
rows took 0.57 s on one thread and 43 s on two (OpenMP threads spin-wait for a
core); on a quiet 2-core machine two threads gain little at these sizes. The limit
holds for the whole process while a fit runs; two fits at once in one process (two
app sessions) can at worst leave OpenMP on one thread afterwards, which is what this
module asks for anyway.
"""

from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import HDBSCAN, KMeans
from sklearn.metrics import pairwise_distances_argmin
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import NearestNeighbors
from threadpoolctl import threadpool_limits

from segmentation.cluster import registry

__all__ = (
    "KMEANS_INIT_ROWS",
    "KMEANS_STARTS",
    "MIN_SEGMENT_SHARE",
    "centres_of",
    "count_distinct_rows",
    "cut_tree",
    "fit_gmm",
    "fit_hdbscan",
    "fit_kmeans",
    "nearest",
    "one_thread",
    "sample_rows",
    "sampled_note",
    "ward_labels",
    "ward_tree",
    "within_sum_of_squares",
)

#: k-means starts; above ``KMEANS_INIT_ROWS`` rows they run on a sample that size.
KMEANS_STARTS = 10
KMEANS_INIT_ROWS = 10_000
#: HDBSCAN's smallest segment, as a share of the rows fitted (and at least 10 rows).
MIN_SEGMENT_SHARE = 0.02


def one_thread() -> threadpool_limits:
    """Context manager: OpenMP (scikit-learn's k-means loops) on one thread.

    Examples
    --------
    >>> with one_thread():
    ...     pass
    """
    return threadpool_limits(limits=1, user_api="openmp")


def sample_rows(n: int, size: int, seed: int) -> np.ndarray:
    """Sorted positions of a seeded random sample of ``size`` of ``n`` rows.

    All rows (``arange(n)``) when ``n <= size``.

    Examples
    --------
    >>> sample_rows(5, 10, 0).tolist()
    [0, 1, 2, 3, 4]
    >>> len(sample_rows(1000, 10, 0)), (sample_rows(1000, 10, 0) ==
    ...                                 sample_rows(1000, 10, 0)).all()
    (10, np.True_)
    """
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size, replace=False))


def count_distinct_rows(x: np.ndarray, *, at_least: int | None = None) -> int:
    """Count the distinct rows of a matrix (customers the features tell apart).

    Parameters
    ----------
    x : ndarray of shape (n, d)
    at_least : int, optional
        Return as soon as this many are found in the first 50,000 rows (cheap
        check on large data); the count returned is then a lower bound.

    Examples
    --------
    >>> count_distinct_rows(np.array([[1.0, 2.0], [1.0, 2.0], [0.0, 2.0]]))
    2
    """
    x = np.ascontiguousarray(x)
    if at_least is not None and len(x) > 50_000:
        found = len(np.unique(x[:50_000], axis=0))
        if found >= at_least:
            return found
    return len(np.unique(x, axis=0)) if len(x) else 0


def fit_kmeans(
    x: np.ndarray, k: int, seed: int, *, starts: int = KMEANS_STARTS
) -> KMeans:
    """Keep the best of 10 k-means++ starts (on a 10,000-row sample above that)."""
    if len(x) <= KMEANS_INIT_ROWS:
        return KMeans(k, n_init=starts, random_state=seed).fit(x)
    rows = sample_rows(len(x), KMEANS_INIT_ROWS, seed)
    start = KMeans(k, n_init=starts, random_state=seed).fit(x[rows])
    return KMeans(k, init=start.cluster_centers_, n_init=1, random_state=seed).fit(x)


def fit_gmm(
    x: np.ndarray, k: int, seed: int, *, starts: int = KMEANS_STARTS
) -> GaussianMixture:
    """Fit a full-covariance Gaussian mixture started from the k-means centres."""
    means = fit_kmeans(x, k, seed, starts=starts).cluster_centers_
    return GaussianMixture(k, means_init=means, random_state=seed).fit(x)


def ward_tree(x: np.ndarray) -> np.ndarray:
    """Ward linkage matrix of the rows (cut it with :func:`cut_tree`)."""
    return linkage(x, method="ward")


def cut_tree(tree: np.ndarray, k: int) -> np.ndarray:
    """Labels 0..k-1 from a Ward linkage matrix cut into ``k`` segments."""
    return fcluster(tree, t=k, criterion="maxclust") - 1


def ward_labels(
    x: np.ndarray, k: int, *, seed: int, tree: np.ndarray | None = None
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Ward labels of all rows, fitted on a sample above 10,000 rows.

    Parameters
    ----------
    x : ndarray of shape (n, d)
    k : int
    seed : int
        Seed of the sample.
    tree : ndarray, optional
        :func:`ward_tree` of that sample, when already computed (a sweep cuts one
        tree at every k).

    Returns
    -------
    tuple of (ndarray, tuple of str)
        Labels 0..k-1 (not yet numbered by size) and the notes on sampling.
    """
    rows = sample_rows(len(x), registry.algorithm("ward").fit_rows or len(x), seed)
    tree = ward_tree(x[rows]) if tree is None else tree
    labels = cut_tree(tree, k)
    if len(rows) == len(x):
        return labels, ()
    out = pairwise_distances_argmin(x, centres_of(x[rows], labels, k))
    out[rows] = labels
    how = "every other row was assigned to the nearest segment centre"
    return out, (sampled_note("ward", len(rows), len(x), how),)


def fit_hdbscan(x: np.ndarray) -> np.ndarray:
    """HDBSCAN labels (-1 for noise) with the smallest segment 2% of the rows."""
    smallest = max(10, round(MIN_SEGMENT_SHARE * len(x)))
    if len(x) <= smallest:
        return np.full(len(x), -1)
    return HDBSCAN(min_cluster_size=smallest, copy=True).fit(x).labels_


def centres_of(x: np.ndarray, labels: np.ndarray, n: int) -> np.ndarray:
    """Mean row of each label 0..n-1 (noise ignored)."""
    centres = np.zeros((n, x.shape[1]))
    counts = np.bincount(labels[labels >= 0], minlength=n)[:, None]
    np.add.at(centres, labels[labels >= 0], x[labels >= 0])
    return centres / np.maximum(counts, 1)


def within_sum_of_squares(x: np.ndarray, labels: np.ndarray, n: int) -> float:
    """Sum of squared distances of rows to their segment's mean (k-means inertia)."""
    centres = centres_of(x, labels, n)
    kept = labels >= 0
    return float(((x[kept] - centres[labels[kept]]) ** 2).sum())


def sampled_note(
    algorithm: str,
    fitted: int,
    total: int,
    how: str,
    *,
    why: str = "it does not scale to more",
) -> str:
    """Say that ``algorithm`` was fitted on a sample, and how the rest was labelled."""
    subject = registry.algorithm(algorithm).subject
    return (
        f"{subject[:1].upper()}{subject[1:]} was fitted on a random sample of "
        f"{fitted:,} of the "
        f"{total:,} rows ({why}); {how}."
    )


def nearest(points: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Position of the nearest of ``points`` for each row of ``x``."""
    index = NearestNeighbors(n_neighbors=1).fit(points)
    return index.kneighbors(x, return_distance=False)[:, 0]
