"""Tune: the algorithm, the number of segments, metrics per k and the customer map.

The feature matrix and the map's layouts are computed once per matrix, outside the
fragment below; moving k or changing the algorithm reruns only the fragment, which
reclusters the cached matrix and recolours the cached map.
"""

import streamlit as st

from segmentation import cluster
from ui import map_view, state, tune, tune_controls, widgets
from ui.map_view import Layouts
from ui.tune import Matrix

st.title("Tune")
if widgets.require_data() is None:
    st.stop()
recipe = tune.ready_recipe()
if recipe is None:
    st.stop()
st.caption(
    "Choose how many segments to make, and how. The charts score every k to guide "
    "you; the map places similar customers close together and colours them by "
    "segment. Drag a rectangle on the map to see how those customers differ."
)
data = tune.matrix(recipe)
if data is None:
    st.stop()
layouts = None
with widgets.guarded("The customer map"):
    layouts = map_view.layouts(data)


@st.fragment
def tuner(data: Matrix, layouts: Layouts | None, recipe) -> None:
    with widgets.guarded("The segments and the map"):
        choice = state.get_tune_choice(data.key)
        left, middle, right = st.columns([2, 4, 1])
        with left:
            algorithm = tune_controls.algorithm_picker(choice)
        with right:
            seed = tune_controls.seed_picker(choice)
        job = result = None
        ended = True  # read once: the sweep may end while this runs
        if cluster.algorithm(algorithm).takes_k:
            job = tune.start_sweep(data, algorithm, seed, recipe.feature_names)
            ended = job.done
            result = tune.sweep_result(job) if ended else None
        with middle:
            recommended = result.k if result else None
            k = tune_controls.k_picker(choice, algorithm, recommended, data.top_k)
        labels = tune.segments(data, recipe, algorithm, k, seed)
        if labels is None:
            return
        tune.show_counts(labels, data)
        umap = layouts.umap_job if layouts and not layouts.umap_ended else None
        label = cluster.algorithm(algorithm).label
        tune.watch(data.key, None if ended else job, umap, label, k)
        if result is not None:
            tune.show_sweep(result, k)
        if layouts is not None:
            names = map_view.segment_names(labels.labels.to_numpy())
            map_view.map_section(data, layouts, names, recipe)


tune.progress(data.key)
tuner(data, layouts, recipe)
