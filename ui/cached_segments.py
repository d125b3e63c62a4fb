"""``st.cache_data`` wrappers for the Segments and Export pages, keyed by content.

The labels' content key (matrix key, algorithm, k and seed) stands for the table,
the labels and the matrix, which are passed unhashed (``_`` arguments).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from segmentation.describe import Comparison, Description, compare_segments, describe
from segmentation.recipe import Recipe
from segmentation.schema import Schema

__all__ = ("comparison", "description")


@st.cache_data(max_entries=20, show_spinner="Describing the segments...")
def description(
    labels_key: str,
    recipe_json: str,
    _table: pd.DataFrame,
    _labels: np.ndarray,
    _matrix: pd.DataFrame,
    _schema: Schema | None,
) -> Description:
    """Profile, rules, names and warnings of a labelling (see ``describe``).

    Parameters
    ----------
    labels_key : str
        Content key of the labels: part of the cache key.
    recipe_json : str
        The recipe that gave them: part of the cache key.
    _table, _labels, _matrix, _schema
        The segmented table, the labels, the feature matrix and the table's
        schema (not hashed).
    """
    recipe = Recipe.from_json(recipe_json)
    return describe(_table, _labels, recipe, matrix=_matrix, schema=_schema)


@st.cache_data(max_entries=40, show_spinner="Comparing the segments...")
def comparison(
    labels_key: str,
    recipe_json: str,
    segment: int,
    other: int | None,
    _table: pd.DataFrame,
    _labels: np.ndarray,
    _schema: Schema | None,
) -> Comparison:
    """Two segments (or one and everyone else) side by side, tested.

    See :func:`segmentation.describe.compare_segments`; keyed like
    :func:`description`, plus the two groups.
    """
    recipe = Recipe.from_json(recipe_json)
    return compare_segments(_table, _labels, recipe, segment, other, schema=_schema)
