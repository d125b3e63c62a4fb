"""The Tune page's parts: the feature matrix, the controls and the k sweep.

The matrix comes from ``ui.cached.prepare`` under the same key the Criteria page
uses, so arriving here costs nothing when the Criteria page built it already. The
controls keep their canonical values in ``state.TuneChoice`` (widget keys are
cleared when the analyst leaves the page) and sync through ``on_change``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

import segmentation as sg
from segmentation import charts, cluster
from segmentation.errors import InputError
from segmentation.labels import UNASSIGNED
from segmentation.recipe import Recipe
from segmentation.workflow import Prepared
from ui import cache_keys, cached, criteria_defaults, jobs, keys, recipe_open, state
from ui import criteria_table as tables
from ui.tune_controls import K_RANGE
from ui.widgets import md_escape

__all__ = (
    "K_RANGE",
    "Matrix",
    "Sweep",
    "labels_key",
    "matrix",
    "matrix_recipe",
    "ready_recipe",
    "segments",
    "show_counts",
    "show_sweep",
    "progress",
    "watch",
    "start_sweep",
    "sweep_result",
)

#: How often the page checks on its background work, in seconds.
POLL_SECONDS = 1.0

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Matrix:
    """The prepared table and matrix, with their content key.

    Attributes
    ----------
    key : str
        Content key: data digests plus the recipe's features and preprocessing.
        The number of segments, the algorithm and the seed are not part of it.
    prepared : Prepared
        The typed table, its schema, the matrix and the fitted transformer.
    top_k : int
        The largest number of segments offered: ``K_RANGE[1]``, or fewer when the
        features tell fewer customers apart.
    """

    key: str
    prepared: Prepared
    top_k: int

    @property
    def rows(self) -> int:
        """Number of customers."""
        return len(self.prepared.matrix)


@dataclass(frozen=True, slots=True)
class Sweep:
    """Quality metrics per k and the recommendation drawn from them.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per k (see ``metrics.sweep_matrix``).
    k : int
        The recommended number of segments.
    reason : str
        Why, in words.
    """

    table: pd.DataFrame
    k: int
    reason: str


def matrix_recipe(recipe: Recipe) -> Recipe:
    """Keep the parts of a recipe the feature matrix depends on.

    Rules, kept groups, the fingerprint, the algorithm, k and the seed do not
    change the matrix; dropping them makes the key equal to the Criteria page's.
    """
    return recipe.replace(
        rules=(), input_fingerprint=None, algorithm="kmeans", k=None, seed=0, groups=()
    )


def ready_recipe() -> Recipe | None:
    """Return the recipe to tune, else say why and return None.

    The Criteria page's recipe when it was made for the data loaded now (one
    without features: the analyst is told to choose some); otherwise the default
    criteria of the loaded customer table (stored, so the
    Segments and Export pages follow), with a caption saying so.
    """
    recipe = state.get_recipe()
    current = False
    if recipe is not None:
        log = state.get_transactions() if recipe.transactions else None
        fingerprint = tables.input_fingerprint(state.customer_table(), log)
        current = recipe.input_fingerprint in (None, fingerprint)
        if current and recipe.features:
            if state.recipe_is_default():
                _say_default(recipe)
            return recipe
    default = None if current else criteria_defaults.default_recipe()
    if default is not None and default.features:
        state.set_recipe(default, default=True)
        _say_default(default)
        return default
    st.info(
        "Nothing to segment on yet: choose the criteria and their columns on "
        "the Criteria page first."
    )
    st.page_link(
        "app_pages/criteria.py", label="Go to the Criteria page", icon=":material/tune:"
    )
    return None


def _say_default(recipe: Recipe) -> None:
    """Say that the default criteria are in use, naming the first few."""
    names = recipe.feature_names
    more = len(names) - 4
    words = ", ".join(names[:4]) + (f" and {more} more" if more > 0 else "")
    st.caption(
        f"Segmenting on the default criteria ({words}); change them on the "
        "Criteria page."
    )


def matrix(recipe: Recipe) -> Matrix | None:
    """Build (or fetch from the cache) the feature matrix of the recipe in state.

    Parameters
    ----------
    recipe : Recipe
        The recipe from the Criteria page (with at least one feature).

    Returns
    -------
    Matrix or None
        None after showing a sentence when the matrix cannot be built.
    """
    log = state.get_transactions() if recipe.transactions else None
    customers = state.customer_table()
    schema = state.get_schema()
    key = tables.content_key(customers, schema, log)
    recipe_json = matrix_recipe(recipe).to_json()
    try:
        prepared = cached.prepare(
            key,
            recipe_json,
            log.decimal if log is not None else ".",
            _frame=customers.frame if customers is not None else None,
            _schema=schema if customers is not None else None,
            _log=log.frame if log is not None else None,
        )
    except InputError as exc:
        st.error(f"The feature matrix could not be built: {exc}")
        return None
    matrix_key = cache_keys.content_key(key, recipe_json)
    high = K_RANGE[1]
    distinct = cached.distinct_rows(matrix_key, high, _matrix=prepared.matrix)
    top = min(high, distinct, len(prepared.matrix) - 1)
    if top < K_RANGE[0]:
        st.error(
            f"The chosen features tell only {distinct} customer(s) apart: too few to "
            "split into segments. Choose other columns on the Criteria page."
        )
        return None
    return Matrix(matrix_key, prepared, top)


def labels_key(matrix_key: str, algorithm: str, k: int | None, seed: int) -> str:
    """Return the content key of a clustering of a matrix."""
    return cache_keys.content_key(matrix_key, algorithm, k, seed)


def start_sweep(
    data: Matrix, algorithm: str, seed: int, features: Sequence[str] = ()
) -> jobs.Job:
    """Start (or find) the background sweep of every k of ``K_RANGE``.

    Parameters
    ----------
    data : Matrix
        The prepared matrix.
    algorithm : str
        An algorithm that takes k (see ``segmentation.cluster.registry``).
    seed : int
        Random seed.
    features : sequence of str, optional
        The recipe's features, so that each k says whether one drives its split.

    Returns
    -------
    Job
        The sweep, shared by every session working on the same matrix.
    """
    ks = tuple(range(K_RANGE[0], data.top_k + 1))
    return jobs.sweep_job(
        data.key,
        algorithm,
        ks,
        seed,
        _matrix=data.prepared.matrix,
        _features=tuple(features),
    )


def sweep_result(job: jobs.Job) -> Sweep | None:
    """Return the ended sweep and its recommendation (None after showing an error).

    Parameters
    ----------
    job : Job
        A sweep that has ended (``job.done``).
    """
    try:
        table = job.future.result()
        k, reason = sg.recommend_k(table)
    except InputError as exc:
        st.error(f"The quality metrics per k could not be computed: {exc}")
        return None
    except Exception as exc:  # a library bug must not take the page down
        _LOG.error("The k sweep failed", exc_info=exc)
        st.error(
            "The quality metrics per k could not be computed because of an "
            f"unexpected error ({type(exc).__name__}); the segments still work."
        )
        return None
    return Sweep(table.copy(), int(k), str(reason))


def watch(
    key: str, sweep: jobs.Job | None, umap: jobs.Job | None, label: str, k: int
) -> None:
    """Hand the background jobs the page does not show yet to :func:`progress`.

    Parameters
    ----------
    key : str
        The matrix's key (jobs of another matrix are not shown).
    sweep, umap : Job or None
        The k sweep and the UMAP layout whose results the page does not show
        yet (None: nothing to wait for).
    label : str
        The algorithm's name, for the sentence.
    k : int
        The number of segments used until the recommendation is ready.
    """
    if sweep is None and umap is None:
        st.session_state.pop(keys.TUNE_WATCHED, None)
    else:
        st.session_state[keys.TUNE_WATCHED] = (key, sweep, umap, label, k)


@st.fragment(run_every=POLL_SECONDS)
def progress(key: str) -> None:
    """Show the progress of the watched jobs; rerun the page when one ends.

    A fragment of its own at the top level of the page (Streamlit does not keep
    a timed fragment nested in another one ticking reliably). It reads what
    :func:`watch` left, so it follows the Tune fragment's reruns at its next
    tick.

    Parameters
    ----------
    key : str
        The key of the matrix the page shows.
    """
    watched = st.session_state.get(keys.TUNE_WATCHED)
    if not watched or watched[0] != key:
        return
    _, sweep, umap, label, k = watched
    if any(job is not None and job.done for job in (sweep, umap)):
        # Forget them first: the page's rerun draws this fragment before the
        # Tune fragment says what is still running.
        st.session_state.pop(keys.TUNE_WATCHED, None)
        st.rerun()  # the whole page, so that it shows what is ready
    if sweep is not None:
        st.progress(
            sweep.progress,
            text=f"Scoring {label} for every k in the background "
            f"({len(sweep.finished)} of {sweep.steps} done, "
            f"{sweep.seconds:.0f} s). The segments use k = {k} until the "
            "recommendation is ready.",
        )
    if umap is not None:
        st.caption(
            f"The UMAP map is being computed ({umap.seconds:.0f} s so far); the "
            "PCA map is shown meanwhile."
        )


def show_sweep(result: Sweep, k: int) -> None:
    """Show the recommendation in words and the metric-vs-k charts."""
    st.markdown(f"**Recommended:** {md_escape(result.reason)}")
    if k != result.k:
        st.caption(f"You chose k = {k}.")
    table = result.table
    shown = [
        name
        for name in ("silhouette", "stability", "inertia", "bic")
        if name in table and table[name].notna().any()
    ]
    if "inertia" in shown and "bic" in shown:
        shown.remove("inertia")
    for column, metric in zip(st.columns(len(shown)), shown, strict=True):
        chart = charts.metric_vs_k_chart(table, metric=metric, recommended_k=result.k)
        column.altair_chart(chart, width="stretch")


def segments(
    data: Matrix, recipe: Recipe, algorithm: str, k: int, seed: int
) -> state.SegmentLabels | None:
    """Cluster the cached matrix, store the labels and the choices in the recipe.

    Parameters
    ----------
    data : Matrix
        The prepared matrix (reused as is: no rebuild).
    recipe : Recipe
        The recipe in state; its algorithm, k and seed are replaced.
    algorithm : str
        The clustering algorithm.
    k : int
        The number of segments (ignored by algorithms that find it).
    seed : int
        Random seed.

    Returns
    -------
    SegmentLabels or None
        None after showing a sentence when the clustering failed.
    """
    spec = cluster.algorithm(algorithm)
    used_k = None if spec.finds_k else k
    label = spec.label
    with st.spinner(f"Finding segments with {label}...", show_time=True):
        try:
            labels, notes = cached.cluster_labels(
                data.key, algorithm, used_k, seed, _matrix=data.prepared.matrix
            )
        except InputError as exc:
            st.error(f"{label} could not segment these customers: {exc}")
            return None
    # The fragment may run with the recipe of the page's last full run; what
    # changed in state since without touching the matrix (a kept group) stays.
    current = state.get_recipe()
    if current is not None and matrix_recipe(current) == matrix_recipe(recipe):
        recipe = current
    tuned = recipe.replace(algorithm=algorithm, k=used_k, seed=seed)
    result = state.SegmentLabels(
        key=labels_key(data.key, algorithm, used_k, seed),
        matrix_key=data.key,
        recipe_json=tuned.to_json(),
        labels=pd.Series(labels, index=data.prepared.table.index, name="segment"),
    )
    state.set_recipe(tuned, default=state.recipe_is_default())
    state.set_segment_labels(result)
    recipe_open.adopt_pending_names(tuned, result.partition)
    for note in notes:
        st.caption(note)
    return result


def _size_words(size: int, total: int) -> str:
    """Say a segment's share, or its count when the share would round to 0%.

    >>> _size_words(2_500, 5_000), _size_words(1, 5_000)
    ('50%', '1 customer')
    """
    if size / total >= 0.005:
        return f"{size / total:.0%}"
    return f"{size:,} customer{'' if size == 1 else 's'}"


def show_counts(result: state.SegmentLabels, data: Matrix) -> None:
    """Metrics: how many segments, the largest and smallest, the unassigned.

    Below them, the library's warnings: segments too small to target, one segment
    holding most customers, segments that are ranges of one column, near twins.
    """
    labels = result.labels
    sizes = labels[labels >= 0].value_counts()
    total = len(labels)
    cells = st.columns(4)
    cells[0].metric("Segments", f"{result.n_segments}")
    if not sizes.empty:
        cells[1].metric("Largest segment", _size_words(int(sizes.max()), total))
        cells[2].metric("Smallest segment", _size_words(int(sizes.min()), total))
    unassigned = int((labels < 0).sum())
    if unassigned:
        cells[3].metric(UNASSIGNED, f"{unassigned:,}")
    features = tuple(f.name for f in Recipe.from_json(result.recipe_json).features)
    for text in cached.segment_warnings(
        result.key, features, _matrix=data.prepared.matrix, _labels=labels.to_numpy()
    ):
        st.warning(text)
