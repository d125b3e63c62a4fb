"""The Tune page's controls: algorithm, number of segments (k) and random seed.

Their canonical values live in ``state.TuneChoice`` (widget keys are cleared when
the analyst leaves the page) and sync through ``on_change``.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from segmentation import cluster
from ui import state

__all__ = (
    "K_RANGE",
    "PROVISIONAL_K",
    "algorithm_picker",
    "k_picker",
    "seed_picker",
)

#: Smallest and largest number of segments offered (the library's sweep range).
K_RANGE = cluster.K_RANGE
#: Number of segments used until the recommendation is ready.
PROVISIONAL_K = 4


def _sync(widget: str, field: str, matrix_key: str) -> None:
    """Copy a widget's value to the canonical ``TuneChoice`` (its ``on_change``)."""
    choice = state.get_tune_choice(matrix_key)
    value = st.session_state.get(widget)
    state.set_tune_choice(replace(choice, **{field: value}))


def algorithm_picker(choice: state.TuneChoice) -> str:
    """Draw the algorithm select box, started from the stored choice."""
    st.session_state[state.TUNE_ALGORITHM] = choice.algorithm
    return st.selectbox(
        "Algorithm",
        list(cluster.REGISTRY),
        format_func=lambda name: cluster.algorithm(name).label,
        key=state.TUNE_ALGORITHM,
        on_change=_sync,
        args=(state.TUNE_ALGORITHM, "algorithm", choice.matrix_key),
        help="k-means suits round, similar-sized groups; a Gaussian mixture allows "
        "stretched ones; Ward merges customers bottom-up; HDBSCAN finds dense "
        "groups and leaves customers in no group unassigned.",
    )


def seed_picker(choice: state.TuneChoice) -> int:
    """Draw the random-seed input, started from the stored choice."""
    st.session_state[state.TUNE_SEED] = choice.seed
    return int(
        st.number_input(
            "Random seed",
            min_value=0,
            max_value=2**31 - 1,
            step=1,
            key=state.TUNE_SEED,
            on_change=_sync,
            args=(state.TUNE_SEED, "seed", choice.matrix_key),
            help="The same seed gives the same segments, here and in the CLI.",
        )
    )


def k_picker(
    choice: state.TuneChoice, algorithm: str, recommended: int | None, top: int
) -> int:
    """Draw the k slider, started from the stored choice or the recommendation.

    Parameters
    ----------
    choice : TuneChoice
        The stored choices (k None: follow the recommendation).
    algorithm : str
        The algorithm chosen (HDBSCAN gets no slider).
    recommended : int or None
        The recommended k, once the sweep is done.
    top : int
        The largest k offered.

    Returns
    -------
    int
        The number of segments to use.
    """
    low = K_RANGE[0]
    default = recommended if recommended is not None else PROVISIONAL_K
    value = min(max(choice.k if choice.k is not None else default, low), top)
    if cluster.algorithm(algorithm).finds_k:
        st.caption(
            "Number of segments: HDBSCAN chooses it from the data; customers in no "
            "dense group are left unassigned."
        )
        return value
    if top == low:
        st.caption(
            f"Number of segments: {low}, the only choice these features allow (they "
            f"tell only {low} customers apart)."
        )
        return low
    st.session_state[state.TUNE_K] = value
    return int(
        st.slider(
            "Number of segments (k)",
            min_value=low,
            max_value=top,
            step=1,
            key=state.TUNE_K,
            on_change=_sync,
            args=(state.TUNE_K, "k", choice.matrix_key),
            help="Starts at the recommended k; move it to split or merge segments.",
        )
    )
