"""The Criteria page's RFM view: the R x F heatmap, segment sizes and their rules.

Shown when a transaction log gives behaviour. The named segments come from rules
held as data (``segmentation.behaviour.rfm.DEFAULT_RFM_RULES``); their score ranges
can be edited in a small table, first match wins.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from segmentation import charts
from segmentation.behaviour import DEFAULT_RFM_RULES, RFMRule, rules_from_dicts
from segmentation.errors import InputError
from segmentation.recipe import TransactionMapping
from ui import cached, keys, state

__all__ = ("rfm_view", "rules_table")

#: Widget key of the editable RFM rules table.
_BOUNDS = ("r_min", "r_max", "f_min", "f_max", "m_min", "m_max")


def on_reset_rules() -> None:
    """Go back to the default RFM rules (the reset button's ``on_click``)."""
    state.set_rfm_rules(DEFAULT_RFM_RULES)
    st.session_state.pop(keys.RFM_RULES_EDITOR, None)


def _whole(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None if value is None or pd.isna(value) else value


def rules_table() -> tuple[RFMRule, ...]:
    """Show the RFM rules as an editable table; return the rules in use.

    Returns
    -------
    tuple of RFMRule
        The edited rules, or the previous ones (with an error shown) when an edit
        makes a rule impossible.
    """
    stored = state.get_rfm_rules()
    base = (
        state.get_rfm_rules_base()
        if keys.RFM_RULES_EDITOR in st.session_state
        else stored
    )
    state.set_rfm_rules_base(base)
    frame = pd.DataFrame([rule.to_dict() for rule in base])
    score = {"min_value": 1, "max_value": 5, "step": 1, "format": "%d"}
    edited = st.data_editor(
        frame,
        key=keys.RFM_RULES_EDITOR,
        hide_index=True,
        num_rows="fixed",
        disabled=["name", "description"],
        column_config={
            "name": st.column_config.TextColumn("Segment", pinned=True),
            **{
                bound: st.column_config.NumberColumn(bound, **score)
                for bound in _BOUNDS
            },
            "description": st.column_config.TextColumn("Who", width="large"),
        },
    )
    records = [
        {key: _whole(value) for key, value in record.items()}
        for record in edited.to_dict("records")
    ]
    try:
        chosen = rules_from_dicts(records)
    except InputError as exc:
        st.error(f"{exc} The previous rules stay in use.")
        return stored
    state.set_rfm_rules(chosen)
    return chosen


def rfm_view(digest: str, mapping: TransactionMapping, behaviour: pd.DataFrame) -> None:
    """Draw the RFM heatmap, the named segments' sizes and their rules.

    Parameters
    ----------
    digest : str
        SHA-256 of the log (cache key).
    mapping : TransactionMapping
        The log's mapping (cache key).
    behaviour : pandas.DataFrame
        ``customer_behaviour`` output.
    """
    heat, sizes = st.columns(2)
    with st.expander("RFM segment rules (score ranges, first match wins)"):
        rfm_rules = rules_table()
        st.button(
            "Reset to the default rules",
            key=keys.RFM_RESET,
            on_click=on_reset_rules,
        )
    try:
        scored = cached.rfm_segments(digest, mapping, rfm_rules, _behaviour=behaviour)
    except InputError as exc:
        st.error(f"RFM scores could not be computed: {exc}")
        return
    heat.altair_chart(charts.rfm_heatmap_chart(scored), width="stretch")
    sizes.altair_chart(
        charts.segment_size_chart(
            scored["rfm_segment"],
            title="Customers per RFM segment",
            order=[rule.name for rule in rfm_rules],
        ),
        width="stretch",
    )
