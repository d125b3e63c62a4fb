"""Slow work done in the background, once per content key, for every session.

The k sweep (seconds to a minute) and the UMAP layout (seconds, a minute the first
time a server process compiles UMAP) would freeze the Tune page if it waited for
them. Each runs instead on a worker thread, started through ``st.cache_resource``
keyed by content (matrix key, algorithm, seed), so the first session to ask starts
it and every later call, from any session, gets the same :class:`Job`. The page
draws what it has (the PCA map, the segments at a provisional k) and polls.

Worker threads never touch Streamlit: they call the library and record progress.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from segmentation import cluster

__all__ = ("Job", "start_umap_warm_up", "sweep_job", "umap_job", "wait_for_umap_jobs")

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Job:
    """A piece of background work and how far it got.

    Attributes
    ----------
    future : concurrent.futures.Future
        Resolves to the result, or raises what the work raised.
    steps : int
        Number of steps the work has.
    started : float
        ``time.monotonic()`` when it was submitted.
    finished : list
        One entry per finished step, appended by the worker thread.
    """

    future: Future
    steps: int
    started: float = field(default_factory=time.monotonic)
    finished: list = field(default_factory=list)

    @property
    def done(self) -> bool:
        """True once the work ended (with a result or an error)."""
        return self.future.done()

    @property
    def progress(self) -> float:
        """Share of the steps finished, 0 to 1."""
        return min(len(self.finished) / self.steps, 1.0) if self.steps else 1.0

    @property
    def seconds(self) -> float:
        """Seconds since the work was submitted."""
        return time.monotonic() - self.started


def _submit(
    executor: ThreadPoolExecutor, steps: int, work: Callable[[list], Any]
) -> Job:
    """Submit ``work(finished)`` and return its job (``finished`` is the job's list)."""
    finished: list = []
    future = executor.submit(work, finished)
    return Job(future=future, steps=steps, finished=finished)


@st.cache_resource(show_spinner=False)
def _executor(name: str, workers: int) -> ThreadPoolExecutor:
    """Return the worker pool ``name`` of this server process."""
    return ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)


@st.cache_resource(show_spinner=False)
def _umap_lock() -> threading.Lock:
    """Return the lock every UMAP run of this server process holds (warm-up too).

    numba's fallback threading layer aborts the process when two threads run its
    parallel code at once (see ``segmentation.cluster.embed``).
    """
    return threading.Lock()


def _sweep_groups(algorithm: str, ks: Sequence[int]) -> list[tuple[int, ...]]:
    """One k per step, except where one tree is cut at every k (Ward): one step."""
    if cluster.algorithm(algorithm).one_tree_for_every_k:
        return [tuple(ks)]
    return [(k,) for k in ks]


@st.cache_resource(max_entries=32, show_spinner=False)
def sweep_job(
    matrix_key: str,
    algorithm: str,
    ks: tuple[int, ...],
    seed: int,
    _matrix,
    _features: tuple[str, ...] = (),
) -> Job:
    """Start the k sweep of a matrix (see ``cluster.sweep_matrix``), once per key.

    Every k is fitted and resampled on its own, so sweeping them one at a time
    (to report progress) gives the same figures as one sweep of all.

    Parameters
    ----------
    matrix_key : str
        Content key of the feature matrix: part of the cache key.
    algorithm : str
        An algorithm that takes k: part of the cache key.
    ks : tuple of int
        The numbers of segments to score: part of the cache key.
    seed : int
        Random seed: part of the cache key.
    _matrix : pandas.DataFrame
        The feature matrix (not hashed; copied for the worker).
    _features : tuple of str
        The recipe's features (not hashed: the matrix key holds them), so that
        each k says whether one feature drives its split.

    Returns
    -------
    Job
        Resolves to one row per k (``cluster.METRICS`` and ``cluster.SHAPE``);
        raises ``InputError`` when the data cannot be swept.
    """
    groups = _sweep_groups(algorithm, ks)
    matrix = _matrix.copy()

    def work(finished: list) -> pd.DataFrame:
        parts = []
        for group in groups:
            result = cluster.sweep_matrix(
                matrix, group, algorithm=algorithm, seed=seed, features=_features
            )
            parts.append(result.table)
            finished.append(group)
        return pd.concat(parts, ignore_index=True)

    return _submit(_executor("k-sweep", 2), len(groups), work)


@st.cache_resource(max_entries=8, show_spinner=False)
def umap_job(matrix_key: str, max_rows: int, seed: int, _matrix) -> Job:
    """Start the UMAP layout of a matrix (see ``cluster.project``), once per key.

    Parameters
    ----------
    matrix_key : str
        Content key of the feature matrix: part of the cache key.
    max_rows : int
        Largest sample laid out: part of the cache key.
    seed : int
        Random seed: part of the cache key.
    _matrix : pandas.DataFrame
        The feature matrix (not hashed; copied for the worker).

    Returns
    -------
    Job
        Resolves to the ``x``, ``y`` frame of ``cluster.project(method="umap")``.
    """
    matrix = _matrix.copy()

    def work(finished: list) -> pd.DataFrame:
        with _umap_lock():
            layout = cluster.project(
                matrix, method="umap", max_rows=max_rows, seed=seed
            )
        finished.append("umap")
        return layout

    return _submit(_executor("umap-layout", 1), 1, work)


def wait_for_umap_jobs(timeout: float | None = None) -> None:
    """Block until every UMAP layout submitted so far has ended.

    The layouts run one at a time on one worker, in order, so a no-op submitted
    now ends after all of them.

    Parameters
    ----------
    timeout : float, optional
        Seconds to wait at most (``TimeoutError`` after that).
    """
    _executor("umap-layout", 1).submit(lambda: None).result(timeout=timeout)


@st.cache_resource(show_spinner=False)
def start_umap_warm_up() -> bool:
    """Compile UMAP in a background thread, once per server process.

    Returns
    -------
    bool
        True once the warm-up thread was started (it runs on its own and holds
        the same lock as the layouts).
    """
    cluster.start_warm_up_thread(lock=_umap_lock())
    return True
