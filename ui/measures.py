"""The Data page's measures and column labels.

What value, frequency, recency and tenure are read from, which columns are the
contact channel, consent and engagement the messages rest on, and the words used
for each column in traits and names. The inferred measures (see
:func:`segmentation.describe.find_role_columns` and
:func:`segmentation.messaging.contact_columns`) start the pickers;
only the analyst's changes are kept (per file, in session state) and travel in
the recipe the Criteria page builds. A summed value or frequency can be given a
name: it is the label of the sum.
"""

from __future__ import annotations

from types import MappingProxyType

import pandas as pd
import streamlit as st

from segmentation.choices import CONTACT_MEASURES, ROLE_MEASURES
from segmentation.describe import RoleColumns, human_label
from segmentation.messaging import contact_columns
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
        "channel": "The channel customers prefer or were contacted on (email, SMS, "
        "phone...): the messages suggest it.",
        "consent": "Yes/no permissions to contact (email opt-in, marketing "
        "consent): opted-out customers are left out of a channel.",
        "engagement": "Counts of opens, clicks, visits or logins on a channel: "
        "the messages compare each segment's with everyone's.",
    }
)
NONE = "(none)"


def _inferred(roles: RoleColumns, schema: Schema) -> dict[str, tuple[str, ...]]:
    found = {
        "value": roles.value_columns,
        "frequency": roles.frequency_columns,
        "recency": (roles.recency,) if roles.recency else (),
        "tenure": (roles.tenure,) if roles.tenure else (),
    }
    usable = [c.name for c in schema.columns if c.role not in _NOT_CONTACT]
    return found | contact_columns(usable)


#: Roles of columns that are never contact evidence unless chosen.
_NOT_CONTACT = ("id", "pii", "text", "datetime")


def measures_picker(digest: str, schema: Schema, roles: RoleColumns) -> None:
    """Show one picker per measure, started from the inferred columns; keep changes.

    Parameters
    ----------
    digest : str
        The loaded file's digest (the widgets and the stored choices are its own).
    schema : Schema
        Its schema: numeric columns can be value and frequency, numeric and date
        columns recency and tenure, any column but the id the contact measures.
    roles : RoleColumns
        The inferred value, frequency, recency and tenure.
    """
    stored = state.get_data_choices(digest)
    given = dict(stored.measures)
    inferred = _inferred(roles, schema)
    changed: dict[str, tuple[str, ...]] = {}
    for row in (ROLE_MEASURES, CONTACT_MEASURES):
        for measure, where in zip(row, st.columns(len(row)), strict=True):
            chosen = _picker(where, measure, digest, schema, given, inferred)
            if chosen != tuple(inferred[measure]):
                changed[measure] = chosen
    labels = dict(stored.labels)
    for measure in SUMMED:
        parts = changed.get(measure, inferred[measure])
        if len(parts) > 1:
            labels = _sum_name(measure, parts, digest, labels)
    state.set_data_choices(
        state.DataChoices(digest, tuple(changed.items()), tuple(labels.items()))
    )


def _picker(where, measure, digest, schema, given, inferred) -> tuple[str, ...]:
    """One measure's widget; returns the columns chosen."""
    start = given.get(measure, inferred[measure])
    key = keys.measure_picker(measure, digest)
    label, text = measure.capitalize(), _HELP[measure]
    if measure in CONTACT_MEASURES or measure in SUMMED:
        if measure in SUMMED:
            options = [c.name for c in schema.columns if c.role == "numeric"]
        else:
            options = [c.name for c in schema.columns if c.role != "id"]
        default = [c for c in start if c in options]
        return tuple(where.multiselect(label, options, default, key=key, help=text))
    dated = [c.name for c in schema.columns if c.role in ("numeric", "datetime")]
    options = [NONE, *dated]
    first = start[0] if start and start[0] in dated else NONE
    picked = where.selectbox(label, options, options.index(first), key=key, help=text)
    return () if picked == NONE else (str(picked),)


def _sum_name(
    measure: str, parts: tuple[str, ...], digest: str, labels: dict[str, str]
) -> dict[str, str]:
    """Say a summed measure's parts and let the analyst name it (its label)."""
    total = " + ".join(parts)
    named = st.text_input(
        f"Name of the {measure} (the sum of {total})",
        value=labels.get(total, ""),
        key=keys.measure_name(measure, digest),
        placeholder=human_label(total),
        help="How the sum is called in notes and messages, e.g. 'total spend'.",
    ).strip()
    out = {c: v for c, v in labels.items() if c != total}
    return out | ({total: named} if named else {})


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
    sums = tuple((c, v) for c, v in stored.labels if c not in made)
    state.set_data_choices(state.DataChoices(digest, stored.measures, labels + sums))
