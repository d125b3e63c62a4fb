"""The Data page's measures and column labels.

What value, frequency, recency and tenure are read from, and the words used for
each column in traits and names. The inferred measures (see
:func:`segmentation.describe.find_role_columns`) start the pickers; only the
analyst's changes are kept (per file, in session state) and travel in the recipe
the Criteria page builds.
"""

from __future__ import annotations

from types import MappingProxyType

import pandas as pd
import streamlit as st

from segmentation.choices import EDITABLE_MEASURES
from segmentation.describe import RoleColumns, human_label
from segmentation.schema import Schema
from ui import keys, state

__all__ = ("labels_editor", "measures_picker")

#: The measures that may be a sum of columns; the others are one column.
SUMMED = ("value", "frequency")
_HELP = MappingProxyType(
    {
        "value": "What a customer is worth: spend, revenue, charges or balance; "
        "several columns (spend per product line) are summed.",
        "frequency": "How often a customer buys: orders or purchases; several count "
        "columns (per channel) are summed.",
        "recency": "Days since the last purchase, or the date of the last purchase.",
        "tenure": "How long a customer has been one: days, or the date they joined.",
    }
)
NONE = "(none)"


def _inferred(roles: RoleColumns) -> dict[str, tuple[str, ...]]:
    return {
        "value": roles.value_columns,
        "frequency": roles.frequency_columns,
        "recency": (roles.recency,) if roles.recency else (),
        "tenure": (roles.tenure,) if roles.tenure else (),
    }


def measures_picker(digest: str, schema: Schema, roles: RoleColumns) -> None:
    """Show one picker per measure, started from the inferred columns; keep changes.

    Parameters
    ----------
    digest : str
        The loaded file's digest (the widgets and the stored choices are its own).
    schema : Schema
        Its schema: numeric columns can be value and frequency, numeric and date
        columns recency and tenure.
    roles : RoleColumns
        The inferred measures.
    """
    numeric = [c.name for c in schema.columns if c.role == "numeric"]
    dated = [c.name for c in schema.columns if c.role in ("numeric", "datetime")]
    stored = state.get_data_choices(digest)
    given = dict(stored.measures)
    inferred = _inferred(roles)
    changed: dict[str, tuple[str, ...]] = {}
    for measure, where in zip(EDITABLE_MEASURES, st.columns(4), strict=True):
        start = given.get(measure, inferred[measure])
        if measure in SUMMED:
            picked = where.multiselect(
                measure.capitalize(),
                numeric,
                default=[c for c in start if c in numeric],
                key=keys.measure_picker(measure, digest),
                help=_HELP[measure],
            )
            chosen = tuple(picked)
        else:
            options = [NONE, *dated]
            first = start[0] if start and start[0] in dated else NONE
            picked = where.selectbox(
                measure.capitalize(),
                options,
                index=options.index(first),
                key=keys.measure_picker(measure, digest),
                help=_HELP[measure],
            )
            chosen = () if picked == NONE else (str(picked),)
        if chosen != tuple(inferred[measure]):
            changed[measure] = chosen
    summed = [m for m in SUMMED if len(changed.get(m, inferred[m])) > 1]
    for measure in summed:
        parts = changed.get(measure, inferred[measure])
        st.caption(f"{measure.capitalize()} is the sum of {' + '.join(parts)}.")
    state.set_data_choices(
        state.DataChoices(digest, tuple(changed.items()), stored.labels)
    )


def labels_editor(digest: str, schema: Schema) -> None:
    """Show each usable column's label for editing; keep the changed ones.

    Parameters
    ----------
    digest : str
        The loaded file's digest.
    schema : Schema
        Its schema: the columns fit to segment on or to describe get a label.
    """
    names = [c.name for c in schema.columns if c.role not in ("id", "pii", "text")]
    if not names:
        st.caption("No column to label: every column is an id, personal data or text.")
        return
    made = {name: human_label(name) for name in names}
    stored = state.get_data_choices(digest)
    given = dict(stored.labels)
    table = pd.DataFrame(
        {
            "column": pd.Series(names, dtype="object"),
            "label": pd.Series([given.get(n, made[n]) for n in names], dtype="object"),
        }
    )
    edited = st.data_editor(
        table,
        key=keys.labels_editor(digest),
        hide_index=True,
        num_rows="fixed",
        disabled=["column"],
        column_config={
            "column": st.column_config.TextColumn("Column", pinned=True),
            "label": st.column_config.TextColumn("Label in traits and names"),
        },
    )
    labels = tuple(
        (str(row.column), str(row.label).strip())
        for row in edited.itertuples(index=False)
        if str(row.label).strip() and str(row.label).strip() != made[row.column]
    )
    state.set_data_choices(state.DataChoices(digest, stored.measures, labels))
