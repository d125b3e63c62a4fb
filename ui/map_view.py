"""The customer map: PCA at once, UMAP when ready, coloured by segment, brushable.

Both layouts depend only on the feature matrix, never on k or the algorithm: they
are computed once per matrix (PCA through ``st.cache_data``, UMAP in a background
thread through ``st.cache_resource``) and recoloured when the segments change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from segmentation import charts, describe
from segmentation.labels import UNASSIGNED
from segmentation.recipe import Recipe
from ui import cached, jobs, kept_groups, keys, state
from ui.tune import Matrix

__all__ = (
    "LAYOUTS",
    "MAP_ROWS",
    "Layouts",
    "brushed",
    "layouts",
    "map_points",
    "map_section",
    "segment_names",
    "segment_sizes",
    "show_map",
    "show_selection",
)

_LOG = logging.getLogger(__name__)

#: Most customers drawn on the map (a chart ships every row to the browser).
MAP_ROWS = 5_000
#: Seed of the map's sample and layout: fixed, so the map never depends on k.
MAP_SEED = 0
#: The layouts offered: value -> label.
LAYOUTS = MappingProxyType({"umap": "UMAP", "pca": "PCA"})
#: Label of customers HDBSCAN leaves in no segment.


@dataclass(frozen=True, slots=True)
class Layouts:
    """The map layouts of one feature matrix.

    Attributes
    ----------
    pca : pandas.DataFrame
        ``x``, ``y`` per sampled row (index: rows of the matrix).
    umap : pandas.DataFrame or None
        The same for UMAP, once it is ready.
    umap_job : Job
        The background UMAP layout.
    umap_ended : bool
        Whether that job had ended when the layouts were read (``umap`` is None
        after an end when it failed).
    total : int
        Number of customers (the map may show a sample).
    """

    pca: pd.DataFrame
    umap: pd.DataFrame | None
    umap_job: jobs.Job
    umap_ended: bool
    total: int

    @property
    def umap_failed(self) -> bool:
        """True when the UMAP layout ended with an error."""
        return self.umap_ended and self.umap is None


def layouts(data: Matrix) -> Layouts:
    """Return the PCA layout (computed now, cached) and the UMAP one if ready.

    The UMAP layout is started in the background on the first call for a matrix;
    later calls only look at it.
    """
    matrix = data.prepared.matrix
    pca = cached.projection(data.key, "pca", MAP_ROWS, MAP_SEED, _matrix=matrix)
    job = jobs.umap_job(data.key, MAP_ROWS, MAP_SEED, _matrix=matrix)
    umap, ended = None, job.done
    if ended:
        try:
            umap = job.future.result().copy()
        except Exception as exc:  # the PCA map stays usable
            _LOG.error("The UMAP layout failed", exc_info=exc)
    return Layouts(pca, umap, job, ended, len(matrix))


def segment_names(labels: np.ndarray) -> pd.Series:
    """Turn integer labels into the names the map and the bars show."""
    names = pd.Series(labels).astype(str)
    return names.where(pd.Series(labels) >= 0, UNASSIGNED)


def segment_sizes(names: pd.Series) -> pd.DataFrame:
    """Return one row per segment: ``segment`` (its name) and ``size``."""
    counts = names.value_counts(sort=False)
    return pd.DataFrame({"segment": counts.index.astype(str), "size": counts.values})


def map_points(
    layout: pd.DataFrame,
    table: pd.DataFrame,
    names: pd.Series,
    recipe: Recipe,
) -> tuple[pd.DataFrame, list[str]]:
    """Return the map's rows: position, segment, id and key features.

    Parameters
    ----------
    layout : pandas.DataFrame
        ``x``, ``y`` indexed by the sampled rows.
    table : pandas.DataFrame
        The typed table to segment.
    names : pandas.Series
        Segment name per row of ``table`` (positional).
    recipe : Recipe
        For the id column and the features.

    Returns
    -------
    tuple
        The points and the names of the extra tooltip columns.
    """
    rows = table.index.get_indexer(layout.index)
    sample = table.iloc[rows]
    segments = pd.Series(names.to_numpy()[rows], index=sample.index)
    shown = describe.key_features(sample, segments, recipe)
    points = pd.DataFrame(
        {"x": layout["x"].to_numpy(), "y": layout["y"].to_numpy()}, index=sample.index
    )
    points["segment"] = segments
    extra = []
    if recipe.id_column and recipe.id_column in table:
        points[recipe.id_column] = sample[recipe.id_column].astype(str)
        extra.append(recipe.id_column)
    for name in shown:
        points[name] = pd.to_numeric(sample[name], errors="coerce").round(2)
    return points, extra + shown


def show_map(points: pd.DataFrame, tooltip: list[str], method: str) -> list[Any]:
    """Draw the map and return the index of the brushed customers (maybe empty)."""
    chart = charts.segment_map_chart(
        points,
        tooltip=tooltip,
        title=f"Customers by segment ({LAYOUTS[method]} layout)",
    )
    event = st.altair_chart(
        chart,
        width="stretch",
        on_select="rerun",
        selection_mode=charts.BRUSH,
        key=keys.map_chart(method),
    )
    return brushed(points, event)


def brushed(points: pd.DataFrame, event: Any) -> list[Any]:
    """Return the index of the points inside the brushed rectangle.

    Parameters
    ----------
    points : pandas.DataFrame
        The map's rows (``x``, ``y``).
    event : mapping
        What ``st.altair_chart(on_select="rerun")`` returned: the interval per
        field under ``selection.brush``.

    Returns
    -------
    list
        Index labels of the brushed points; empty without a selection.
    """
    try:
        interval = dict(event["selection"][charts.BRUSH])
    except (KeyError, TypeError):
        return []
    mask = pd.Series(True, index=points.index)
    for field in ("x", "y"):
        if field in interval and len(interval[field]) == 2:
            low, high = sorted(float(v) for v in interval[field])
            mask &= points[field].between(low, high)
    if not interval:
        return []
    return points.index[mask].tolist()


def map_section(
    data: Matrix, layouts: Layouts, names: pd.Series, recipe: Recipe
) -> None:
    """Draw the layout switch, the map, the segment sizes and the selection.

    Parameters
    ----------
    data : Matrix
        The prepared matrix and table.
    layouts : Layouts
        The cached layouts of that matrix.
    names : pandas.Series
        Segment name per row of the table (positional).
    recipe : Recipe
        For the id column and the features.
    """
    method = st.segmented_control(
        "Map layout",
        list(LAYOUTS),
        format_func=LAYOUTS.__getitem__,
        default="umap",
        required=True,
        key=state.TUNE_LAYOUT,
        help="UMAP keeps similar customers together; PCA is the plain linear view.",
    )
    layout = layouts.umap if method == "umap" else layouts.pca
    if layout is None:
        method, layout = "pca", layouts.pca
        if layouts.umap_failed:
            st.warning("The UMAP map could not be computed; showing the PCA map.")
    points, tooltip = map_points(layout, data.prepared.table, names, recipe)
    mapped, sizes = st.columns([3, 1])
    with mapped:
        selected = show_map(points, tooltip, method)
        if len(points) < layouts.total:
            st.caption(f"Showing {len(points):,} of {layouts.total:,} customers.")
    with sizes:
        chart = charts.segment_sizes_chart(segment_sizes(names))
        st.altair_chart(chart, width="stretch")
    show_selection(points, selected, data.prepared.table, recipe)
    kept_groups.kept_list()


def show_selection(
    points: pd.DataFrame, selected: list[Any], table: pd.DataFrame, recipe: Recipe
) -> None:
    """Show the brushed customers' profile against everyone (or how to brush)."""
    st.subheader("Selection")
    if not selected:
        st.caption("Drag a rectangle on the map to compare those customers.")
        return
    profile = describe.selection_profile(table, selected, recipe)
    mix = points.loc[selected, "segment"].value_counts()
    st.caption(
        f"{len(selected):,} customers selected on the map, by segment: "
        + ", ".join(_segment_count(name, count) for name, count in mix.items())
        + ". Compared with all customers:"
    )
    st.altair_chart(charts.selection_profile_chart(profile), width="stretch")
    st.dataframe(profile, hide_index=True)
    kept_groups.keep_form(selected, table)


def _segment_count(name: str, count: int) -> str:
    if name == UNASSIGNED:
        return f"{count:,} unassigned"
    return f"{count:,} in segment {name}"
