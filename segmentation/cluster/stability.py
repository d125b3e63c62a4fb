"""How stable segments are when the customers are resampled.

A segmentation worth acting on should come back when the data change a little.
Both measures here refit the same algorithm on seeded bootstrap resamples (drawn
with replacement, of at most 5,000 rows; k-means keeps the best of 3 starts there)
and compare, on a fixed evaluation sample of at most 5,000 rows, the segments the
resampled model gives with the ones the full model gave:

- :func:`bootstrap_stability`: mean adjusted Rand index (ARI) per k (1 = the same
  partition every time; near 0 = no better than chance);
- :func:`segment_jaccard`: per segment, the Jaccard similarity with its best
  match in each resample (Hennig's cluster-wise stability; below about 0.6 a
  segment is not reliably there, above 0.85 it is).

On large data the resamples are smaller than the data, which makes both measures a
little pessimistic; it is what keeps a sweep of 100k customers within seconds.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import adjusted_rand_score, pairwise_distances_argmin

from segmentation.cluster import algorithms, registry

__all__ = (
    "EVALUATION_ROWS",
    "RESAMPLE_ROWS",
    "RESAMPLE_STARTS",
    "bootstrap_stability",
    "evaluation_rows",
    "resampled_labels",
    "segment_jaccard",
)

#: Rows of each bootstrap resample, at most.
RESAMPLE_ROWS = 5_000
#: k-means starts of a resampled fit (the full fit keeps the best of 10): three
#: make a poor local minimum rare (Mall Customers at k = 5: 1 start in 4 lands in
#: one) at a third of the cost.
RESAMPLE_STARTS = 3
#: Rows on which resampled and full segmentations are compared (and the
#: silhouette is computed), at most.
EVALUATION_ROWS = 5_000


def evaluation_rows(n: int, seed: int) -> np.ndarray:
    """Pick the fixed seeded sample (at most 5,000 rows) metrics are computed on.

    Examples
    --------
    >>> evaluation_rows(3, 0).tolist()
    [0, 1, 2]
    """
    return algorithms.sample_rows(n, EVALUATION_ROWS, seed)


def resampled_labels(
    x: np.ndarray,
    ks: Sequence[int],
    *,
    algorithm: str,
    seed: int,
    resamples: int,
    evaluate: np.ndarray,
) -> Iterator[dict[int, np.ndarray]]:
    """Yield, per bootstrap resample, the labels its models give the evaluation rows.

    Parameters
    ----------
    x : ndarray of shape (n, d)
        The feature matrix.
    ks : sequence of int
        Numbers of segments (ignored for ``hdbscan``, whose one entry is keyed 0).
    algorithm : str
        As for :class:`segmentation.cluster.segmenter.Segmenter`.
    seed : int
        Resample ``b`` is drawn with ``numpy.random.default_rng((seed, b))`` and
        its models use ``random_state = seed + 1 + b``.
    resamples : int
    evaluate : ndarray of int
        Positions of the evaluation rows.

    Yields
    ------
    dict of int to ndarray
        k -> labels of the evaluation rows (-1 for HDBSCAN noise).
    """
    size = min(len(x), RESAMPLE_ROWS)
    target = x[evaluate]
    for b in range(resamples):
        rows = np.random.default_rng((seed, b)).integers(0, len(x), size)
        sample = x[rows]
        with warnings.catch_warnings(), algorithms.one_thread():
            # A resample can hold fewer distinct rows than k: k-means then warns.
            warnings.simplefilter("ignore", ConvergenceWarning)
            yield _labels_for(sample, target, ks, algorithm, seed + 1 + b)


def _labels_for(
    sample: np.ndarray,
    target: np.ndarray,
    ks: Sequence[int],
    algorithm: str,
    seed: int,
) -> dict[int, np.ndarray]:
    spec = registry.algorithm(algorithm)
    if spec.one_tree_for_every_k:
        tree = algorithms.ward_tree(sample)
        out = {}
        for k in ks:
            labels = algorithms.cut_tree(tree, k)
            centres = algorithms.centres_of(sample, labels, k)
            out[k] = pairwise_distances_argmin(target, centres)
        return out
    if spec.finds_k:
        labels = algorithms.fit_hdbscan(sample)
        nearest = pairwise_distances_argmin(target, sample)
        return {0: labels[nearest]}
    fit = algorithms.fit_gmm if algorithm == "gmm" else algorithms.fit_kmeans
    return {k: fit(sample, k, seed, starts=RESAMPLE_STARTS).predict(target) for k in ks}


def bootstrap_stability(
    x: np.ndarray,
    labels: dict[int, np.ndarray],
    *,
    algorithm: str = "kmeans",
    seed: int = 0,
    resamples: int = 5,
    evaluate: np.ndarray | None = None,
) -> dict[int, float]:
    """Mean ARI, per k, between the full segmentation and resampled ones.

    Parameters
    ----------
    x : ndarray of shape (n, d)
    labels : dict of int to ndarray
        k -> labels of all ``n`` rows from the model fitted on all of ``x``.
    algorithm, seed, resamples
        As for :func:`resampled_labels`.
    evaluate : ndarray of int, optional
        Evaluation rows; :func:`evaluation_rows` by default.

    Returns
    -------
    dict of int to float

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = np.vstack([rng.normal(c, 0.1, (50, 2)) for c in (0, 3, 6)])
    >>> from segmentation.cluster.segmenter import Segmenter
    >>> full = {k: Segmenter(n_clusters=k).fit(x).labels_ for k in (2, 3)}
    >>> round(bootstrap_stability(x, full)[3], 2)
    1.0
    """
    evaluate = evaluation_rows(len(x), seed) if evaluate is None else evaluate
    ks = sorted(labels)
    scores: dict[int, list[float]] = {k: [] for k in ks}
    for found in resampled_labels(
        x, ks, algorithm=algorithm, seed=seed, resamples=resamples, evaluate=evaluate
    ):
        for k in ks:
            scores[k].append(adjusted_rand_score(labels[k][evaluate], found[k]))
    return {k: float(np.mean(v)) for k, v in scores.items()}


def segment_jaccard(
    x: np.ndarray,
    labels: np.ndarray,
    *,
    algorithm: str = "kmeans",
    seed: int = 0,
    resamples: int = 10,
) -> pd.DataFrame:
    """Per-segment stability: Jaccard with the best-matching resampled segment.

    Parameters
    ----------
    x : ndarray of shape (n, d)
    labels : ndarray of int
        The segments of all rows (-1 = unassigned, left out).
    algorithm : str
        The algorithm that found them; the number of segments is taken from
        ``labels``.
    seed : int
    resamples : int, default 10

    Returns
    -------
    DataFrame
        One row per segment: ``segment``, ``size`` (rows in the full data),
        ``stability`` (mean Jaccard over resamples), ``lowest`` (the worst
        resample's), ``verdict`` (``stable`` >= 0.85, ``fairly stable`` >= 0.6,
        else ``unstable``).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = np.vstack([rng.normal(c, 0.1, (40, 2)) for c in (0, 3)])
    >>> from segmentation.cluster.segmenter import Segmenter
    >>> labels = Segmenter(n_clusters=2).fit(x).labels_
    >>> segment_jaccard(x, labels, resamples=3)["stability"].round(2).tolist()
    [1.0, 1.0]
    """
    labels = np.asarray(labels)
    evaluate = evaluation_rows(len(x), seed)
    segments = np.unique(labels[labels >= 0])
    k = len(segments)
    reference = labels[evaluate]
    scores = np.zeros((resamples, k))
    for b, found in enumerate(
        resampled_labels(
            x,
            [k],
            algorithm=algorithm,
            seed=seed,
            resamples=resamples,
            evaluate=evaluate,
        )
    ):
        other = next(iter(found.values()))
        scores[b] = [_best_jaccard(reference == s, other) for s in segments]
    stability = scores.mean(axis=0) if resamples else np.full(k, np.nan)
    return pd.DataFrame(
        {
            "segment": segments,
            "size": [int((labels == s).sum()) for s in segments],
            "stability": stability,
            "lowest": scores.min(axis=0) if resamples else stability,
            "verdict": [_verdict(v) for v in stability],
        }
    )


def _best_jaccard(member: np.ndarray, other: np.ndarray) -> float:
    """Highest Jaccard similarity of one set of rows with any segment of ``other``."""
    if not member.any():
        return 0.0
    best = 0.0
    for s in np.unique(other[other >= 0]):
        theirs = other == s
        union = (member | theirs).sum()
        best = max(best, (member & theirs).sum() / union)
    return float(best)


def _verdict(value: float) -> str:
    if value >= 0.85:
        return "stable"
    return "fairly stable" if value >= 0.6 else "unstable"
