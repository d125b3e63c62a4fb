"""The Criteria page's rule-based segments: an editor, live sizes and overlaps.

Rules are kept as drafts (:class:`ui.rule_drafts.RuleDraft`) in session state, so
a rule being written can be wrong without being lost. Each rule is a name, AND/OR
and a table of conditions edited with ``st.data_editor``; under each rule, its
size or the sentence saying what is wrong with it.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import pandas as pd
import streamlit as st

from segmentation import rules
from segmentation.rules import describe_rule, rule_overlap, rule_summary
from ui import keys, state, widgets
from ui.rule_drafts import Evaluated, Row, RuleDraft, cell

__all__ = (
    "CONDITION_COLUMNS",
    "editor",
    "show_sizes",
    "summary",
)

CONDITION_COLUMNS = ("column", "operator", "value")
COMBINE_LABELS = MappingProxyType(
    {"all": "all conditions (AND)", "any": "any condition (OR)"}
)


# ---------------------------------------------------------------------------
# Callbacks
# ---------------------------------------------------------------------------


def on_add_rule() -> None:
    """Add a draft from the "add a rule" row (the button's ``on_click``)."""
    drafts = state.get_rule_drafts()
    uid = max((d.uid for d in drafts), default=0) + 1
    values = {k: cell(st.session_state.get(key)) for k, key in keys.NEW_RULE.items()}
    name = values["name"] or f"Rule {uid}"
    row = (values["column"], values["operator"], values["value"])
    conditions = (row,) if row[0] or row[1] else ()
    state.set_rule_drafts(
        (*drafts, RuleDraft(uid, name, "all", conditions, conditions))
    )
    st.session_state[keys.NEW_RULE["name"]] = ""
    st.session_state[keys.NEW_RULE["value"]] = ""


def on_remove_rule(uid: int) -> None:
    """Delete a draft (its Remove button's ``on_click``)."""
    state.set_rule_drafts(tuple(d for d in state.get_rule_drafts() if d.uid != uid))


def on_raise_rule(uid: int) -> None:
    """Move a draft one place up: it wins overlaps over the rule it passes."""
    drafts = list(state.get_rule_drafts())
    at = next((i for i, d in enumerate(drafts) if d.uid == uid), 0)
    if at > 0:
        drafts[at - 1], drafts[at] = drafts[at], drafts[at - 1]
    state.set_rule_drafts(tuple(drafts))


# ---------------------------------------------------------------------------
# Widgets
# ---------------------------------------------------------------------------


def _conditions_editor(draft: RuleDraft, columns: list[str]) -> tuple[Row, ...]:
    key = keys.rule_part(draft.uid, "conditions")
    base = draft.base if key in st.session_state else draft.conditions
    frame = pd.DataFrame(list(base), columns=list(CONDITION_COLUMNS), dtype="object")
    edited = st.data_editor(
        frame,
        key=key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "column": st.column_config.SelectboxColumn(
                "Column", options=columns, required=True
            ),
            "operator": st.column_config.SelectboxColumn(
                "Operator", options=list(rules.OPS), required=True
            ),
            "value": st.column_config.TextColumn(
                "Value",
                help="Numbers, dates as YYYY-MM-DD, yes/no, or text; two values "
                "for between and a list for in, separated by ';'.",
            ),
        },
    )
    rows = tuple(
        tuple(cell(record.get(name)) for name in CONDITION_COLUMNS)
        for record in edited.to_dict("records")
    )
    return rows, base


def _draft_widgets(draft: RuleDraft, columns: list[str], first: bool) -> RuleDraft:
    name_col, combine_col, up_col, remove_col = st.columns(
        [4, 4, 1.3, 1.7], vertical_alignment="bottom"
    )
    name = name_col.text_input(
        "Rule name", value=draft.name, key=keys.rule_part(draft.uid, "name")
    )
    combine = combine_col.segmented_control(
        "Match",
        list(COMBINE_LABELS),
        default=draft.combine,
        required=True,
        format_func=COMBINE_LABELS.get,
        key=keys.rule_part(draft.uid, "combine"),
    )
    up_col.button(
        "Up",
        icon=":material/arrow_upward:",
        width="stretch",
        key=keys.rule_part(draft.uid, "up"),
        on_click=on_raise_rule,
        args=(draft.uid,),
        disabled=first,
        help="Move up: earlier rules win customers that match several rules.",
    )
    remove_col.button(
        "Remove",
        icon=":material/delete:",
        width="stretch",
        key=keys.rule_part(draft.uid, "remove"),
        on_click=on_remove_rule,
        args=(draft.uid,),
    )
    conditions, base = _conditions_editor(draft, columns)
    return replace(
        draft,
        name=name,
        combine=combine or draft.combine,
        conditions=conditions,
        base=base,
    )


def _add_row(columns: list[str]) -> None:
    st.markdown("**Add a rule**")
    name, column, op, value, add = st.columns(
        [3, 3, 2, 2, 1.5], vertical_alignment="bottom"
    )
    name.text_input("Name", key=keys.NEW_RULE["name"], placeholder="e.g. Big spenders")
    column.selectbox(
        "Column", columns, index=None, key=keys.NEW_RULE["column"], placeholder="Choose"
    )
    op.selectbox(
        "Operator",
        rules.OPS,
        index=None,
        key=keys.NEW_RULE["operator"],
        placeholder="Choose",
    )
    value.text_input("Value", key=keys.NEW_RULE["value"], placeholder="e.g. 2000")
    add.button(
        "Add rule",
        key=keys.ADD_RULE,
        on_click=on_add_rule,
        type="primary",
        width="stretch",
    )


def editor(columns: list[str]) -> tuple[tuple[RuleDraft, ...], dict[int, object]]:
    """Draw every draft with its widgets, then the "add a rule" row.

    Parameters
    ----------
    columns : list of str
        Columns a condition can test.

    Returns
    -------
    tuple
        The drafts with this run's edits (also stored in session state), and per
        draft uid an ``st.empty`` slot for :func:`show_sizes`.
    """
    drafts = state.get_rule_drafts()
    updated = []
    slots = {}
    for index, draft in enumerate(drafts):
        with st.container(border=True):
            updated.append(_draft_widgets(draft, columns, index == 0))
            slots[draft.uid] = st.empty()
    state.set_rule_drafts(tuple(updated))
    _add_row(columns)
    return tuple(updated), slots


def summary(evaluated: Evaluated) -> None:
    """Sizes of the valid rules and everyone else, and their overlaps.

    Parameters
    ----------
    evaluated : Evaluated
        From :func:`evaluate`.
    """
    if not evaluated.rules:
        st.caption("No rule yet: add one above to size it.")
        return
    table = rule_summary(evaluated.membership, evaluated.rules)
    words = [describe_rule(rule) for rule in evaluated.rules]
    table.insert(1, "conditions", [*words, "matches no rule"])
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "name": "Segment",
            "conditions": "Conditions",
            "size": st.column_config.NumberColumn("Customers", format="%d"),
            "share": st.column_config.NumberColumn("Share", format="percent"),
            "exclusive_size": st.column_config.NumberColumn(
                "Only this rule", format="%d"
            ),
            "assigned_size": st.column_config.NumberColumn(
                "Assigned (first match)", format="%d"
            ),
        },
    )
    if len(evaluated.rules) > 1:
        st.markdown("**Overlap** (customers matching both rules)")
        overlap = rule_overlap(evaluated.membership, rules=evaluated.rules)
        st.dataframe(overlap)


def show_sizes(
    drafts: tuple[RuleDraft, ...], evaluated: Evaluated, slots: dict[int, object]
) -> None:
    """Under each draft: its size and conditions, or the sentence saying what is wrong.

    Parameters
    ----------
    drafts : tuple of RuleDraft
        The drafts drawn by :func:`editor`.
    evaluated : Evaluated
        From :func:`evaluate` on those drafts.
    slots : dict
        The ``st.empty`` slots :func:`editor` returned.
    """
    rows = len(evaluated.membership)
    columns = dict(
        zip(
            [r.name for r in evaluated.rules], evaluated.membership.columns, strict=True
        )
    )
    rules_by_name = {rule.name: rule for rule in evaluated.rules}
    for draft in drafts:
        slot = slots.get(draft.uid)
        if slot is None:
            continue
        if draft.uid in evaluated.errors:
            slot.error(evaluated.errors[draft.uid])
            continue
        name = draft.name.strip() or f"Rule {draft.uid}"
        if name not in columns:
            continue
        size = int(evaluated.membership[columns[name]].sum())
        share = size / rows if rows else 0.0
        words = widgets.md_escape(describe_rule(rules_by_name[name]))
        slot.caption(f"{size:,} customers ({share:.1%}) · {words}")
