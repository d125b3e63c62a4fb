"""A new customer table starts a clean slate; what still fits it carries over.

When a table with other content replaces the loaded one, the choices made for the
old table are reset: the transaction log (it held other customers) with its RFM
rules, the criteria, segment names and the messages of the old segments. Rules
whose columns are all in the new table, and the criteria exclusions of a table
with the same columns, carry over. A notice says what was reset and what was
kept (or, when nothing was set, that the new table replaces the old one); the
Data page shows it while the new table is loaded.
"""

from __future__ import annotations

import streamlit as st

from ui import keys, state

__all__ = ("notice", "start_clean")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]


def start_clean(new: state.Dataset) -> None:
    """Reset what belonged to the loaded table before ``new`` replaces it.

    Parameters
    ----------
    new : Dataset
        The table about to be loaded. Nothing happens when it is the loaded
        table again, or when nothing was loaded.
    """
    old = state.get_dataset()
    if old is None or old.digest == new.digest:
        return
    same_columns = list(map(str, old.frame.columns)) == list(
        map(str, new.frame.columns)
    )
    columns = set(map(str, new.frame.columns))
    reset: list[str] = []
    kept: list[str] = []
    drafts = state.get_rule_drafts()
    if drafts:
        used = {column for d in drafts for column, _, _ in d.conditions if column}
        if used <= columns:
            kept.append(f"{_plural(len(drafts), 'rule')} (their columns are all here)")
        else:
            state.set_rule_drafts(())
            reset.append(_plural(len(drafts), "rule"))
    if state.get_transactions() is not None:
        state.set_transactions(None)
        st.session_state.pop(keys.RFM_RULES, None)
        st.session_state.pop(keys.RFM_RULES_BASE, None)
        reset.append("the transaction log")
    if state.get_recipe() is not None:
        st.session_state.pop(keys.RECIPE, None)
        if same_columns:
            kept.append("the criteria (same columns)")
        else:
            state.set_exclusions(state.Exclusions())
            reset.append("the criteria")
    if st.session_state.pop(keys.SEGMENT_NAMES, None) is not None:
        reset.append("segment names")
    # The messages follow the segments; they are kept for every run, edited or
    # not, so their reset is not news.
    st.session_state.pop(keys.EXPORT_MESSAGES, None)
    st.session_state.pop(keys.EXPORT_PREPARED, None)
    text = f"New table {new.name}: "
    if reset:
        text += f"reset {_and(reset)} made for {old.name}."
    if kept:
        text += f"{' Kept' if reset else 'kept'} {_and(kept)}."
    if not (reset or kept):
        text += f"it replaces {old.name}, for which nothing had been chosen yet."
    st.session_state[keys.NEW_TABLE_NOTICE] = (new.digest, text)


def notice(digest: str) -> str | None:
    """Return what was reset when the table ``digest`` was loaded, if anything."""
    value = st.session_state.get(keys.NEW_TABLE_NOTICE)
    if isinstance(value, tuple) and len(value) == 2 and value[0] == digest:
        return str(value[1])
    return None
