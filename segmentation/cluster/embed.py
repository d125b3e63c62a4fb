"""Where each customer sits on the map: a 2-D projection of a sample of rows.

:func:`project` lays out at most ``max_rows`` rows of a feature matrix (a
deterministic sample, :func:`sample_rows`) with PCA, which is instant, or UMAP,
which takes seconds. Neither depends on the number of segments: the caller computes
a projection once per feature matrix, caches it, and recolours it when the
segments change. Every customer still gets a segment; only the map shows a sample,
and :func:`layout` says how large (a :class:`Layout`'s ``sample_rows`` of
``total_rows``) so the page can tell the analyst.

UMAP start-up
-------------
umap-learn compiles its numba functions the first time they run in a process.
Left to itself it finds neighbours with pynndescent from 4,096 rows on, and
compiling that path costs 40-60 s on a 2-core machine; numba's disk cache does not
help, because pynndescent compiles those functions with ``cache=False``. Here the
neighbours come from scikit-learn instead (exact, on the sample of at most 10,000
rows, well under a second) and are handed to UMAP as ``precomputed_knn``, so
pynndescent never runs: what remains to compile (the fuzzy graph and the layout
epochs) takes about 5 s, and :func:`warm_up` pays it on a tiny synthetic matrix.
An app calls :func:`start_warm_up_thread` once per server process at start-up
(wrapped in ``st.cache_resource``); by the time an analyst reaches the map, UMAP
answers in about 2 s for the 5,000-row sample.

UMAP runs with ``random_state=seed`` so the same matrix and seed give the same map.
That makes umap-learn single-threaded (``n_jobs=1``), which on 2 cores is as fast
as the parallel, non-reproducible mode (see ``bench/bench_map.py``).

Thread safety: numba's OpenMP or TBB threading layers can be entered from several
threads at once; its fallback "workqueue" layer (when neither libgomp nor TBB is
installed) aborts the process if two threads run parallel code together. Callers
that may run UMAP from several threads should run the layouts one at a time (for
instance on one single-worker executor, warm-up included) or pass the same lock to
:func:`warm_up` and hold it around :func:`project`.
"""

from __future__ import annotations

import logging
import threading
import time
import warnings
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.neighbors import NearestNeighbors
from threadpoolctl import threadpool_limits

from segmentation.errors import InputError

__all__ = (
    "DEFAULT_EPOCHS",
    "Layout",
    "MAX_MAP_ROWS",
    "METHODS",
    "N_NEIGHBORS",
    "NUMBA_CACHE_DIR",
    "layout",
    "project",
    "sample_rows",
    "start_warm_up_thread",
    "warm_up",
)

_LOG = logging.getLogger(__name__)

#: The most rows a map shows (a chart ships every point to the browser).
MAX_MAP_ROWS = 10_000
#: Projection methods :func:`project` knows.
METHODS = ("umap", "pca")
#: UMAP's optimisation epochs unless told otherwise: umap-learn's own default
#: above 10,000 rows; below, it would use 500, which is 2.5x slower for a map that
#: keeps its neighbourhoods as well (trustworthiness 0.950 vs 0.953 on the sample).
DEFAULT_EPOCHS = 200
#: Neighbours per point in UMAP's graph (umap-learn's default).
N_NEIGHBORS = 15
#: Where the app may point numba's disk cache (``NUMBA_CACHE_DIR``), inside the
#: project and ignored by git; it must be set before numba is first imported.
NUMBA_CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache" / "numba"

_WARM_UP_SHAPE = (200, 8)
_WARM_UP_EPOCHS = 20


def sample_rows(
    n_rows: int, *, max_rows: int = MAX_MAP_ROWS, seed: int = 0
) -> np.ndarray:
    """Positions of the rows drawn on the map: all of them, or a random sample.

    Parameters
    ----------
    n_rows : int
        Number of rows of the matrix.
    max_rows : int, default 10,000
        The most rows kept.
    seed : int, default 0
        Seed of the sample: the same arguments always give the same positions.

    Returns
    -------
    numpy.ndarray
        Sorted, distinct integer positions, ``min(n_rows, max_rows)`` of them.

    Raises
    ------
    ValueError
        If ``n_rows`` is negative or ``max_rows`` is less than 1.

    Examples
    --------
    >>> sample_rows(4).tolist()
    [0, 1, 2, 3]
    >>> picked = sample_rows(1_000_000, max_rows=5, seed=3)
    >>> len(picked), bool((picked[1:] > picked[:-1]).all())
    (5, True)
    >>> (sample_rows(1_000_000, max_rows=5, seed=3) == picked).all()
    np.True_
    """
    if n_rows < 0:
        raise ValueError(f"n_rows must be 0 or more, not {n_rows}.")
    if max_rows < 1:
        raise ValueError(f"max_rows must be 1 or more, not {max_rows}.")
    if n_rows <= max_rows:
        return np.arange(n_rows, dtype=np.int64)
    picked = np.random.default_rng(seed).choice(n_rows, size=max_rows, replace=False)
    return np.sort(picked).astype(np.int64)


@dataclass(frozen=True, slots=True, eq=False)
class Layout:
    """Where a sample of customers sits on the map, and how it was drawn.

    Attributes
    ----------
    xy : pandas.DataFrame
        Float columns ``x`` and ``y``, indexed by the sampled rows' index labels.
    method : {"umap", "pca"}
        The method used (small samples get PCA whatever was asked).
    total_rows : int
        Rows of the matrix.
    sample_rows : int
        Rows laid out.
    seed : int
    """

    xy: pd.DataFrame
    method: str
    total_rows: int
    sample_rows: int
    seed: int


def project(
    matrix: pd.DataFrame | np.ndarray,
    *,
    method: Literal["umap", "pca"] = "umap",
    max_rows: int = MAX_MAP_ROWS,
    seed: int = 0,
    n_epochs: int | None = None,
) -> pd.DataFrame:
    """Return the ``x``, ``y`` frame of :func:`layout` (same arguments).

    Examples
    --------
    >>> m = pd.DataFrame(np.random.default_rng(0).normal(size=(30, 3)))
    >>> list(project(m, method="pca").columns)
    ['x', 'y']
    """
    return layout(
        matrix, method=method, max_rows=max_rows, seed=seed, n_epochs=n_epochs
    ).xy


def layout(
    matrix: pd.DataFrame | np.ndarray,
    *,
    method: Literal["umap", "pca"] = "umap",
    max_rows: int = MAX_MAP_ROWS,
    seed: int = 0,
    n_epochs: int | None = None,
) -> Layout:
    """Lay out a sample of the matrix's rows in two dimensions.

    Parameters
    ----------
    matrix : pandas.DataFrame or numpy.ndarray
        The feature matrix, one row per customer, numbers only, no missing values
        (``Prepared.matrix``). An array is indexed 0..n-1.
    method : {"umap", "pca"}, default "umap"
        ``"pca"``: the first two principal components, instant. ``"umap"``: UMAP
        on exact nearest neighbours, seconds (see the module notes). Samples of
        16 rows or fewer get PCA whatever is asked (``Layout.method`` says so).
    max_rows : int, default 10,000
        The most rows laid out (see :func:`sample_rows`).
    seed : int, default 0
        Seed of the sample and of UMAP: the same matrix and seed give the same
        coordinates.
    n_epochs : int, optional
        UMAP optimisation epochs; default :data:`DEFAULT_EPOCHS`.

    Returns
    -------
    Layout
        ``xy``: float columns ``x`` and ``y``, indexed by the index labels of the
        sampled rows, in matrix order; the method used, the matrix's rows, the rows
        laid out and the seed.

    Raises
    ------
    InputError
        If the matrix has no rows or columns, or missing or infinite values.
    ValueError
        If ``method`` is unknown.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> m = pd.DataFrame(rng.normal(size=(50, 3)), index=[f"c{i}" for i in range(50)])
    >>> drawn = layout(m, method="pca", max_rows=20)
    >>> list(drawn.xy.columns), len(drawn.xy), drawn.xy.index.isin(m.index).all()
    (['x', 'y'], 20, np.True_)
    >>> drawn.sample_rows, drawn.total_rows, drawn.method
    (20, 50, 'pca')
    """
    if method not in METHODS:
        raise ValueError(f"Unknown projection method {method!r}; use one of {METHODS}.")
    frame = matrix if isinstance(matrix, pd.DataFrame) else pd.DataFrame(matrix)
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        raise InputError("There are no customers or no features to draw on the map.")
    rows = sample_rows(len(frame), max_rows=max_rows, seed=seed)
    values = _numbers(frame.iloc[rows])
    used = "umap" if method == "umap" and len(rows) > N_NEIGHBORS + 1 else "pca"
    if used == "umap":
        coords = _umap_layout(values, seed=seed, n_epochs=n_epochs or DEFAULT_EPOCHS)
    else:
        coords = _pca_layout(values)
    xy = pd.DataFrame(
        np.asarray(coords, dtype=np.float64),
        index=frame.index[rows],
        columns=["x", "y"],
    )
    return Layout(xy, used, total_rows=len(frame), sample_rows=len(rows), seed=seed)


def warm_up(*, lock: AbstractContextManager | None = None) -> float:
    """Compile UMAP's numba code now, so the first real map does not wait for it.

    Runs :func:`project` with UMAP on a small synthetic matrix: the same code path
    and argument types as a real map of any size, a fraction of a second of work
    once compiled. Safe to call from a background thread.

    Parameters
    ----------
    lock : context manager, optional
        Held while UMAP runs (see the module notes on thread safety).

    Returns
    -------
    float
        Seconds it took, importing umap-learn included (about 5-10 s in a fresh
        process, well under 1 s once compiled).
    """
    start = time.perf_counter()
    rng = np.random.default_rng(0)
    rows, columns = _WARM_UP_SHAPE
    centres = rng.normal(scale=10.0, size=(4, columns))
    data = centres[np.arange(rows) % 4] + rng.normal(size=(rows, columns))
    with lock if lock is not None else nullcontext():
        project(data, method="umap", seed=0, n_epochs=_WARM_UP_EPOCHS)
    return time.perf_counter() - start


def start_warm_up_thread(
    *, lock: AbstractContextManager | None = None
) -> threading.Thread:
    """Run :func:`warm_up` in a daemon thread and return the started thread.

    Call it once per server process, at start-up: the function keeps no state, so
    an app wraps it in ``st.cache_resource`` to start one thread per process
    rather than one per session. A failed warm-up is logged, not raised: the
    first map is then just slower.

    Parameters
    ----------
    lock : context manager, optional
        Passed to :func:`warm_up`.

    Returns
    -------
    threading.Thread
        Already started; ``join()`` it to wait for the compilation.
    """
    thread = threading.Thread(
        target=_warm_up_logged, kwargs={"lock": lock}, name="umap-warm-up", daemon=True
    )
    thread.start()
    return thread


def _warm_up_logged(*, lock: AbstractContextManager | None) -> None:
    try:
        seconds = warm_up(lock=lock)
    except Exception:  # a failed warm-up must never take the app down
        _LOG.exception("UMAP warm-up failed; the first map will compile UMAP itself")
    else:
        _LOG.info("UMAP warm-up done in %.1f s", seconds)


def _numbers(frame: pd.DataFrame) -> np.ndarray:
    try:
        values = frame.to_numpy(dtype=np.float32)
    except (TypeError, ValueError) as error:
        raise InputError(
            "The feature matrix must hold numbers only to draw the map."
        ) from error
    if not np.isfinite(values).all():
        raise InputError(
            "The feature matrix has missing or infinite values; it cannot be mapped."
        )
    return np.ascontiguousarray(values)


def _pca_layout(values: np.ndarray) -> np.ndarray:
    n_components = min(2, values.shape[0], values.shape[1])
    coords = np.zeros((values.shape[0], 2))
    if n_components and np.ptp(values, axis=0).max() > 0:
        pca = PCA(n_components=n_components, svd_solver="full")
        coords[:, :n_components] = pca.fit_transform(values)
    return coords


def _umap_layout(values: np.ndarray, *, seed: int | None, n_epochs: int) -> np.ndarray:
    """UMAP on exact neighbours; ``seed=None`` runs it in parallel, unreproducibly.

    Parameters
    ----------
    values : numpy.ndarray
        C-contiguous float32 matrix of more than ``N_NEIGHBORS + 1`` rows.
    seed : int or None
        ``random_state`` of UMAP (None is for benchmarks only).
    n_epochs : int
        Optimisation epochs.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 2)``.
    """
    # One BLAS thread: the spectral start (ARPACK) spent 2.2 s waiting on two
    # OpenBLAS threads with another job on the 2 cores, 0.08 s on one.
    with warnings.catch_warnings(), threadpool_limits(limits=1, user_api="blas"):
        # Without TensorFlow only ParametricUMAP is missing, and without a
        # pynndescent index only transforming new rows: neither is used here.
        warnings.filterwarnings("ignore", message="Tensorflow not installed")
        warnings.filterwarnings("ignore", message=r"precomputed_knn\[2\]")
        import umap  # deferred: importing it loads numba, which takes seconds

        neighbours = NearestNeighbors(n_neighbors=N_NEIGHBORS).fit(values)
        distances, indices = neighbours.kneighbors(values)
        reducer = umap.UMAP(
            n_neighbors=N_NEIGHBORS,
            n_components=2,
            n_epochs=n_epochs,
            random_state=seed,
            n_jobs=1 if seed is not None else -1,
            precomputed_knn=(indices, distances, None),
        )
        return reducer.fit_transform(values)
