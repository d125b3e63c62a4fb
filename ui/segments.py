"""The Segments and Export pages' shared parts: the current run and segment names.

A run is current when the Tune page's labels were computed on the feature matrix
the recipe in state gives now; otherwise both pages point back to Tune. Names are
the generated ones (``segmentation.describe.naming``) with the analyst's edits on top,
kept per labelling: a new k or algorithm starts again from generated names.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from segmentation.describe import Description
from segmentation.reading import TableInfo
from segmentation.recipe import Recipe
from ui import cached_segments, keys, state, tune
from ui.tune import Matrix

__all__ = (
    "Run",
    "chosen_horizon",
    "chosen_value_basis",
    "clean_names",
    "current_run",
    "description",
    "edited_names",
    "names_for",
    "set_horizon",
    "set_names",
    "set_value_basis",
    "value_basis",
)

#: Longest name kept.
MAX_NAME = 60


@dataclass(frozen=True, slots=True)
class Run:
    """The segmented run the Segments and Export pages work on.

    Attributes
    ----------
    data : Matrix
        The prepared table and matrix (cached).
    labels : SegmentLabels
        The Tune page's labels for that matrix.
    recipe : Recipe
        The full recipe, algorithm, k and seed included, that gives the labels.
    customers : pandas.DataFrame or None
        The customer table as read (text cells); None when there is only a log.
    log : pandas.DataFrame or None
        The transaction log as read, when the recipe takes behaviour from one.
    decimal, log_decimal : str
        How the customer table's numbers and the log's amounts write their
        decimals (``"."`` or ``","``).
    info : TableInfo or None
        How the customer table was read (the labelled CSV keeps its line
        endings and encoding); None when there is only a log.

    Everything a download needs is held here, read from session state while the
    page runs: a download's data is built later, outside the page's run.
    """

    data: Matrix
    labels: state.SegmentLabels
    recipe: Recipe
    customers: pd.DataFrame | None = None
    log: pd.DataFrame | None = None
    decimal: str = "."
    log_decimal: str = "."
    info: TableInfo | None = None

    @property
    def source(self) -> pd.DataFrame:
        """The rows the labelled CSV writes (:func:`ui.state.export_source`)."""
        return state.export_source(self.customers, self.data.prepared.table)


def current_run() -> Run | None:
    """Return the current run, or say what is missing and return None."""
    recipe = tune.ready_recipe()
    if recipe is None:
        return None
    data = tune.matrix(recipe)
    if data is None:
        return None
    labels = state.get_segment_labels(data.key)
    if labels is None or labels.matrix_key != data.key:
        st.info(
            "No segments for the current criteria yet: choose the algorithm and the "
            "number of segments on the Tune page first."
        )
        st.page_link(
            "app_pages/tune.py", label="Go to the Tune page", icon=":material/tune:"
        )
        return None
    recipe = Recipe.from_json(labels.recipe_json)
    customers = state.customer_table()
    log = state.get_transactions() if recipe.transactions else None
    return Run(
        data,
        labels,
        recipe,
        customers=customers.frame if customers is not None else None,
        log=log.frame if log is not None else None,
        decimal=customers.decimal if customers is not None else ".",
        log_decimal=log.decimal if log is not None else ".",
        info=customers.info if customers is not None else None,
    )


def description(run: Run) -> Description:
    """Describe the run's segments (cached by the labels' content key).

    Value ahead counts over the horizon the analyst chose on the Segments page,
    else the recipe's.
    """
    recipe_json = run.labels.recipe_json
    horizon = chosen_horizon(run)
    if horizon != run.recipe.horizon_days:
        recipe_json = run.recipe.replace(horizon_days=horizon).to_json()
    return cached_segments.description(
        run.labels.key,
        recipe_json,
        _table=run.data.prepared.table,
        _labels=run.labels.labels.to_numpy(),
        _matrix=run.data.prepared.matrix,
        _schema=run.data.prepared.schema,
    )


def value_basis(run: Run, described: Description) -> Description:
    """Give the description on the value basis the analyst chose.

    The profile holds past and expected figures both; the basis decides which
    one "high value" (rewards, opportunities) rests on. Expected is the default
    and holds only where the models of a transaction log were fitted.
    """
    chosen = chosen_value_basis(run)
    profile = described.profile
    fitted = profile.value["p_alive"].notna().any()
    basis = "expected" if chosen == "expected" and fitted else "past"
    if basis == profile.value_basis:
        return described
    return replace(described, profile=replace(profile, value_basis=basis))


def chosen_value_basis(run: Run) -> str:
    """Return the analyst's value basis: the picker's, else the run recipe's."""
    chosen = st.session_state.get(keys.VALUE_BASIS)
    return chosen if chosen in ("expected", "past") else run.recipe.value_basis


def chosen_horizon(run: Run) -> int:
    """Return the days ahead expected value counts over: chosen, else the recipe's."""
    chosen = st.session_state.get(keys.HORIZON_DAYS)
    if isinstance(chosen, int) and not isinstance(chosen, bool) and chosen >= 1:
        return chosen
    return run.recipe.horizon_days


def set_horizon() -> None:
    """Keep the horizon picker's choice (its ``on_change``) for every page."""
    st.session_state[keys.HORIZON_DAYS] = int(st.session_state[keys.HORIZON_PICKER])


def set_value_basis() -> None:
    """Keep the basis picker's choice (its ``on_change``) for every page."""
    st.session_state[keys.VALUE_BASIS] = st.session_state[keys.VALUE_BASIS_PICKER]


def edited_names(labels_key: str) -> dict[int, str]:
    """Return the analyst's names for a partition (empty for any other one).

    ``labels_key`` is :attr:`ui.state.SegmentLabels.partition`: the names stay
    while every customer stays in the same segment.
    """
    value = st.session_state.get(keys.SEGMENT_NAMES)
    if isinstance(value, tuple) and len(value) == 2 and value[0] == labels_key:
        return dict(value[1])
    return {}


def set_names(labels_key: str, names: dict[int, str]) -> None:
    """Store the analyst's names for a labelling."""
    st.session_state[keys.SEGMENT_NAMES] = (labels_key, dict(names))


def names_for(run: Run, described: Description) -> dict[int, str]:
    """Return the generated names with the analyst's edits on top."""
    return {**described.names, **edited_names(run.labels.partition)}


def clean_names(edited: pd.DataFrame, generated: dict[int, str]) -> dict[int, str]:
    """Turn the names table as edited into names; a blank name falls back.

    Parameters
    ----------
    edited : pandas.DataFrame
        ``segment`` and ``name`` columns, as ``st.data_editor`` returned them.
    generated : dict
        The generated names, used where a name was cleared.

    Returns
    -------
    dict of int to str
        Only the names that differ from the generated ones.

    Examples
    --------
    >>> table = pd.DataFrame({"segment": [0, 1], "name": ["  VIP ", ""]})
    >>> clean_names(table, {0: "Champions", 1: "Lapsed customers"})
    {0: 'VIP'}
    """
    out = {}
    for segment, name in zip(edited["segment"], edited["name"], strict=True):
        text = " ".join(str(name).split())[:MAX_NAME] if pd.notna(name) else ""
        if text and text != generated.get(int(segment)):
            out[int(segment)] = text
    return out
