"""The Export page's files: what each download holds, built from the current run.

The labelled CSV goes through ``segmentation.export.step.labelled_output``, the
step ``segmentation fit`` uses, and the recipe offered carries the names, the
holdout share and the formula switch, so running it headless writes the same file.
The model is fitted once per labelling and checked against the page's labels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from segmentation.describe import Description, summary_table
from segmentation.export import (
    csv_options_like,
    frame_csv_bytes,
    labelled_output,
    to_csv_bytes,
)
from segmentation.model import SegmentationModel
from segmentation.reading import TableInfo
from segmentation.recipe import Recipe
from ui import state
from ui.segments import Run

__all__ = (
    "export_recipe",
    "labelled_csv",
    "labelled_preview",
    "messages_csv",
    "model_bytes",
    "source_columns",
    "summary_csv",
)


def export_recipe(
    run: Run, names: dict[int, str], holdout: float, neutralise: bool
) -> Recipe:
    """Return the run's recipe with the segment names, holdout and formula switch.

    Every segment's name is stored, generated or edited, so the recipe names the
    segments the same way wherever it runs.
    """
    return run.recipe.replace(
        segment_names=tuple(sorted(names.items())),
        holdout=float(holdout),
        neutralise_formulas=bool(neutralise),
    )


def source_columns(run: Run) -> pd.Index:
    """Return the columns of the table as read (the behaviour table's, log only)."""
    return state.export_table(run.customers, run.data.prepared.table).columns


def labelled_preview(run: Run, recipe: Recipe, names: dict[int, str]) -> pd.DataFrame:
    """Return the labelled table (every row) as the CSV will hold it."""
    return labelled_output(
        run.source,
        run.labels.labels.to_numpy(),
        recipe,
        names,
        typed=run.data.prepared.table,
        decimal=run.decimal,
    )


def labelled_csv(
    table: pd.DataFrame, neutralise: bool, like: TableInfo | None = None
) -> bytes:
    """Return the labelled CSV's bytes for ``table`` (see :func:`labelled_preview`).

    ``like`` is how the customer table was read: its line endings and encoding
    are kept (see :func:`segmentation.export.csv_options_like`).
    """
    return to_csv_bytes(table, neutralise=neutralise, **csv_options_like(like))


def summary_csv(
    described: Description, names: dict[int, str], neutralise: bool
) -> bytes:
    """Return the segment summary's bytes (one row per segment)."""
    return frame_csv_bytes(summary_table(described, names), neutralise=neutralise)


def messages_csv(messages: pd.DataFrame, neutralise: bool) -> bytes:
    """Return the messages' bytes (one row per segment, as edited)."""
    return frame_csv_bytes(messages, neutralise=neutralise)


@st.cache_data(max_entries=8, show_spinner="Fitting the model file...")
def _fitted_model(labels_key: str, recipe_json: str, _run: Run) -> SegmentationModel:
    """Fit the run's recipe on its data; check the labels are the page's.

    Raises
    ------
    RuntimeError
        When the model's labels differ from the page's (they must not).
    """
    model = SegmentationModel(Recipe.from_json(recipe_json))
    model.fit(
        _run.customers,
        transactions=_run.log,
        decimal=_run.decimal,
        log_decimal=_run.log_decimal,
    )
    if not np.array_equal(np.asarray(model.labels_), _run.labels.labels.to_numpy()):
        raise RuntimeError("the model file's labels differ from the page's")
    return model


def model_bytes(run: Run, recipe: Recipe) -> bytes:
    """Return the model file's bytes: the run's fitted model carrying ``recipe``.

    The fit is cached per labelling; names, the holdout share and the formula
    switch do not change it, so changing them only rewrites the file.
    """
    model = _fitted_model(run.labels.key, run.recipe.to_json(), _run=run)
    model.recipe = recipe  # a copy: st.cache_data returns a fresh object per call
    return model.to_bytes()
