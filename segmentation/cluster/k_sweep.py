"""Choose the number of segments: metrics per k, and a recommendation in words.

:func:`sweep` fits the recipe's algorithm at every k and measures each result:

- ``silhouette`` (-1..1, higher = better separated), on a fixed seeded sample of
  at most 5,000 rows (the full measure is quadratic in the rows);
- ``calinski_harabasz`` (higher = better) and ``davies_bouldin`` (lower = better),
  on all rows;
- ``inertia``: within-segment sum of squares (k-means and Ward), for the elbow;
- ``bic``: the Gaussian mixture's Bayesian information criterion (lower = better);
- ``stability``: mean ARI over 5 seeded bootstrap resamples
  (:mod:`segmentation.cluster.stability`).

:func:`segmentation.cluster.recommend.recommend_k` turns the table into a k and a
reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score
from sklearn.metrics.pairwise import euclidean_distances

from segmentation import workflow
from segmentation.cluster import algorithms, registry, stability
from segmentation.cluster.segmenter import Segmenter
from segmentation.describe import checks
from segmentation.errors import InputError
from segmentation.recipe import Recipe

__all__ = (
    "SweepResult",
    "METRICS",
    "SHAPE",
    "segment_stability",
    "silhouette",
    "sweep",
    "sweep_matrix",
)

#: Columns of a sweep table, in order.
METRICS = (
    "k",
    "silhouette",
    "calinski_harabasz",
    "davies_bouldin",
    "inertia",
    "bic",
    "stability",
)
#: Columns a sweep table adds after the metrics: how the customers split at each k
#: (the share of the largest segment, and the feature that alone gives most of
#: the separation when it gives at least ``DRIVER_SHARE`` of it; see
#: :mod:`segmentation.describe.checks`).
SHAPE = ("largest_share", "driven_by")


@dataclass(frozen=True, slots=True, eq=False)
class SweepResult:
    """The figures of a k sweep and how they were computed.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per k, the columns of :data:`METRICS` then :data:`SHAPE`.
    algorithm : str
        The algorithm swept.
    notes : tuple of str
        Sentences on samples and resamples the figures rest on.
    """

    table: pd.DataFrame
    algorithm: str
    notes: tuple[str, ...] = ()


def sweep_matrix(
    x: np.ndarray | pd.DataFrame,
    ks: Sequence[int],
    *,
    algorithm: str = "kmeans",
    seed: int = 0,
    resamples: int = 5,
    features: Sequence[str] = (),
) -> SweepResult:
    """Fit every k on a feature matrix and measure each segmentation.

    Parameters
    ----------
    x : array-like of shape (n, d)
        The feature matrix (no missing values).
    ks : sequence of int
        Numbers of segments to try, each 2 or more.
    algorithm : {"kmeans", "gmm", "ward"}, default "kmeans"
    seed : int, default 0
    resamples : int, default 5
        Bootstrap resamples for ``stability`` (0 leaves it out).
    features : sequence of str, optional
        The features the matrix's columns come from (its columns named after
        them): with them, ``driven_by`` names a feature that drives the split.

    Returns
    -------
    SweepResult
        ``table``: one row per k with the columns of :data:`METRICS` (NaN where a
        metric is not defined) and :data:`SHAPE`; ``notes``: how they were
        computed.

    Raises
    ------
    InputError
        For ``hdbscan`` (it finds k itself), a k below 2, or a k above the number
        of distinct rows.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = np.vstack([rng.normal(c, 0.2, (60, 2)) for c in (0, 4, 8)])
    >>> table = sweep_matrix(x, [2, 3, 4]).table
    >>> table["k"][table["silhouette"].idxmax()]
    np.int64(3)
    """
    named = x if isinstance(x, pd.DataFrame) else None
    x = np.asarray(x, dtype=np.float64)
    ks = _check_ks(x, ks, algorithm)
    with algorithms.one_thread():
        return _sweep(x, ks, algorithm, seed, resamples, named, features)


def _shape(
    labels: np.ndarray, named: pd.DataFrame | None, features: Sequence[str]
) -> dict[str, object]:
    """Measure the largest segment's share and find a feature driving the split."""
    largest = checks.largest_segment(labels)[1]
    driver = None
    if named is not None and features:
        found = checks.driving_share(named, labels, list(features))
        if found is not None and found[1] >= checks.DRIVER_SHARE:
            driver = found[0]
    return {"largest_share": largest, "driven_by": driver}


def _sweep(
    x: np.ndarray,
    ks: list[int],
    algorithm: str,
    seed: int,
    resamples: int,
    named: pd.DataFrame | None = None,
    features: Sequence[str] = (),
) -> SweepResult:
    evaluate = stability.evaluation_rows(len(x), seed)
    labels, inertia, bic, notes = _fit_all(x, ks, algorithm, seed)
    distances = euclidean_distances(x[evaluate])
    rows = []
    for k in ks:
        rows.append(
            {
                "k": k,
                **_scores(x, labels[k], evaluate, distances),
                "inertia": inertia.get(k, np.nan),
                "bic": bic.get(k, np.nan),
                **_shape(np.asarray(labels[k]), named, features),
            }
        )
    table = pd.DataFrame(rows)
    table["stability"] = np.nan
    if resamples:
        scores = stability.bootstrap_stability(
            x,
            labels,
            algorithm=algorithm,
            seed=seed,
            resamples=resamples,
            evaluate=evaluate,
        )
        table["stability"] = [scores[k] for k in ks]
    return SweepResult(
        table=table[[*METRICS, *SHAPE]],
        algorithm=algorithm,
        notes=(*notes, *_method_notes(len(x), len(evaluate), resamples)),
    )


def _check_ks(x: np.ndarray, ks: Sequence[int], algorithm: str) -> list[int]:
    if registry.algorithm(algorithm).finds_k:
        takes_k = [spec.name for spec in registry.REGISTRY.values() if spec.takes_k]
        raise InputError(
            f"{algorithm} finds the number of segments itself; sweep k with "
            f"{', '.join(takes_k[:-1])} or {takes_k[-1]}."
        )
    ks = sorted({int(k) for k in ks})
    if not ks:
        raise InputError("Give at least one number of segments to try.")
    if ks[0] < 2:
        raise InputError(f"The number of segments must be 2 or more, not {ks[0]}.")
    distinct = algorithms.count_distinct_rows(x, at_least=ks[-1])
    if distinct < ks[-1]:
        raise InputError(
            f"Asked for up to {ks[-1]} segments, but the chosen features tell only "
            f"{distinct} distinct customer(s) apart; try at most {distinct}."
        )
    return ks


def _fit_all(
    x: np.ndarray, ks: list[int], algorithm: str, seed: int
) -> tuple[dict, dict, dict, tuple[str, ...]]:
    labels, inertia, bic = {}, {}, {}
    notes: tuple[str, ...] = ()
    tree = None
    spec = registry.algorithm(algorithm)
    if spec.one_tree_for_every_k:
        rows = algorithms.sample_rows(len(x), spec.fit_rows or len(x), seed)
        tree = algorithms.ward_tree(x[rows])
    for k in ks:
        if spec.one_tree_for_every_k:
            labels[k], notes = algorithms.ward_labels(x, k, seed=seed, tree=tree)
            inertia[k] = algorithms.within_sum_of_squares(x, labels[k], k)
            continue
        model = Segmenter(algorithm, k, random_state=seed).fit(x)
        labels[k], notes = model.labels_, model.notes_
        if model.inertia_ is not None:
            inertia[k] = model.inertia_
        if model.bic_ is not None:
            bic[k] = model.bic_
    return labels, inertia, bic, notes


def _scores(
    x: np.ndarray, labels: np.ndarray, evaluate: np.ndarray, distances: np.ndarray
) -> dict:
    found = len(np.unique(labels))
    if found < 2:
        return dict.fromkeys(("silhouette", "calinski_harabasz", "davies_bouldin"))
    return {
        "silhouette": silhouette(distances, labels[evaluate]),
        "calinski_harabasz": float(calinski_harabasz_score(x, labels)),
        "davies_bouldin": float(davies_bouldin_score(x, labels)),
    }


def silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette from a square distance matrix (NaN unless 2 <= k < n).

    The same figure as :func:`sklearn.metrics.silhouette_score` with
    ``metric="precomputed"`` (a lone member scores 0), computed with one matrix
    product per k so that a sweep computes the distances once.

    Examples
    --------
    >>> x = np.array([[0.0], [1.0], [5.0], [6.0]])
    >>> # Points 0 and 3: (5.5 - 1) / 5.5; points 1 and 2: (4.5 - 1) / 4.5.
    >>> round(silhouette(euclidean_distances(x), np.array([0, 0, 1, 1])), 4)
    0.798
    """
    labels = np.unique(labels, return_inverse=True)[1].ravel()
    k, n = int(labels.max()) + 1, len(labels)
    if not 2 <= k < n:
        return float("nan")
    members = np.zeros((n, k))
    members[np.arange(n), labels] = 1.0
    sums = distances @ members
    counts = members.sum(axis=0)
    own = counts[labels]
    inner = sums[np.arange(n), labels] / np.maximum(own - 1, 1)
    mean_to = sums / counts
    mean_to[np.arange(n), labels] = np.inf
    nearest = mean_to.min(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = (nearest - inner) / np.maximum(inner, nearest)
    scores[(own == 1) | ~np.isfinite(scores)] = 0.0
    return float(scores.mean())


def _method_notes(n: int, evaluated: int, resamples: int) -> list[str]:
    if evaluated < n:
        where = f"on a fixed random sample of {evaluated:,} of the {n:,} rows"
        notes = [f"Silhouette computed {where}; the other scores on all rows."]
    else:
        where = f"on all {n:,} rows"
        notes = [f"Every score computed {where}."]
    if resamples:
        size = min(n, stability.RESAMPLE_ROWS)
        notes.append(
            f"Stability: mean adjusted Rand index over {resamples} bootstrap "
            f"resamples of {size:,} rows, compared {where}."
        )
    return notes


def sweep(
    df: pd.DataFrame,
    recipe: Recipe,
    ks: Sequence[int],
    *,
    transactions: pd.DataFrame | None = None,
    resamples: int = 5,
    decimal: str = ".",
    log_decimal: str = ".",
) -> SweepResult:
    """Metrics per k for a customer table and a recipe (see :func:`sweep_matrix`).

    Parameters
    ----------
    df : DataFrame
        The customer table as :func:`segmentation.read_table` gives it.
    recipe : Recipe
        Its features, preprocessing, algorithm and seed are used (not its k).
    ks : sequence of int
    transactions : DataFrame, optional
        The transaction log, when the recipe maps one.
    resamples : int, default 5
    decimal, log_decimal : {".", ","}, default "."
        How the table's numbers and the log's amounts write their decimals.

    Returns
    -------
    SweepResult
        One row per k (``table``) and how the metrics were computed (``notes``).
    """
    prepared = workflow.prepare_for(
        df, recipe, transactions=transactions, decimal=decimal, log_decimal=log_decimal
    )
    return sweep_matrix(
        prepared.matrix,
        ks,
        algorithm=recipe.algorithm,
        seed=recipe.seed,
        resamples=resamples,
        features=recipe.feature_names,
    )


def segment_stability(
    df: pd.DataFrame,
    recipe: Recipe,
    *,
    transactions: pd.DataFrame | None = None,
    resamples: int = 10,
    decimal: str = ".",
    log_decimal: str = ".",
) -> pd.DataFrame:
    """Per-segment stability of the recipe's segmentation (its algorithm and k).

    Parameters
    ----------
    df : DataFrame
        The customer table as read.
    recipe : Recipe
    transactions : DataFrame, optional
    resamples : int, default 10
    decimal, log_decimal : {".", ","}, default "."

    Returns
    -------
    DataFrame
        As :func:`segmentation.cluster.stability.segment_jaccard`.
    """
    prepared = workflow.prepare_for(
        df, recipe, transactions=transactions, decimal=decimal, log_decimal=log_decimal
    )
    model = workflow.cluster_matrix(prepared.matrix, recipe)
    return stability.segment_jaccard(
        prepared.matrix.to_numpy(),
        model.labels_,
        algorithm=recipe.algorithm,
        seed=recipe.seed,
        resamples=resamples,
    )
