"""Keep a brushed region of the map as a named group of its own.

The group is held in the recipe (:attr:`segmentation.recipe.Recipe.groups`, by
customer id), so it travels to the Segments and Export pages, into the labelled
file (a ``group_<name>`` column) and into the recipe a headless run repeats.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from segmentation.errors import InputError
from segmentation.export import group_column, group_ids
from ui import keys, state

__all__ = ("keep_form", "kept_list")


def keep_form(selected: Sequence[Any], table: pd.DataFrame) -> None:
    """Show a name and a button that keep the brushed customers as a group.

    Parameters
    ----------
    selected : sequence
        Index labels of the brushed customers in ``table``.
    table : pandas.DataFrame
        The segmented table (its index locates the rows).
    """
    positions = [int(p) for p in table.index.get_indexer(list(selected)) if p >= 0]
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    name = left.text_input(
        "Keep these customers as a group",
        key=keys.KEEP_GROUP_NAME,
        placeholder="A name, e.g. High spenders north",
    )
    right.button(
        "Keep group",
        key=keys.KEEP_GROUP,
        icon=":material/bookmark_add:",
        on_click=_keep,
        args=(positions, table),
        disabled=not name.strip(),
    )
    if error := st.session_state.get(keys.KEEP_GROUP_ERROR):
        st.error(error)


def _keep(positions: list[int], table: pd.DataFrame) -> None:
    st.session_state.pop(keys.KEEP_GROUP_ERROR, None)
    name = str(st.session_state.get(keys.KEEP_GROUP_NAME) or "")
    recipe = state.get_recipe()
    if recipe is None or not positions:
        return
    customers = state.customer_table()
    frame = customers.frame if customers is not None else None
    source = state.export_source(frame, table)
    ids = group_ids(source, recipe.id_column, positions)
    try:
        kept = recipe.replace(groups=(*recipe.groups, (name.strip(), ids)))
    except InputError as exc:
        st.session_state[keys.KEEP_GROUP_ERROR] = str(exc)
        return
    state.set_recipe(kept, default=state.recipe_is_default())
    st.session_state[keys.KEEP_GROUP_NAME] = ""


def _remove(name: str) -> None:
    recipe = state.get_recipe()
    if recipe is not None:
        groups = tuple(g for g in recipe.groups if g[0] != name)
        state.set_recipe(
            recipe.replace(groups=groups), default=state.recipe_is_default()
        )


def kept_list() -> None:
    """List the kept groups, with their column in the export and a remove button."""
    recipe = state.get_recipe()
    if recipe is None or not recipe.groups:
        return
    st.markdown("**Kept groups**")
    for name, ids in recipe.groups:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.caption(
            f"{name}: {len(ids):,} customers (column `{group_column(name)}` in the "
            "labelled file)"
        )
        right.button(
            "Remove",
            key=keys.remove_group(name),
            on_click=_remove,
            args=(name,),
            icon=":material/delete:",
        )
