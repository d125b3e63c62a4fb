"""Typed getters and setters of the session state (keys: :mod:`ui.keys`).

Canonical state lives under the non-widget keys below (widget keys are cleared when
the user leaves a page). Everything here reads or writes ``st.session_state``, which
is per browser session; this module holds no state of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from segmentation.behaviour import DEFAULT_RFM_RULES, RFMRule
from segmentation.recipe import Recipe
from ui.keys import (
    AUTOLOAD_DONE,
    DATA_CHOICES,
    DATASET,
    EXCLUDED,
    LOAD_ERROR,
    RECIPE,
    RECIPE_IS_DEFAULT,
    RFM_RULES,
    RFM_RULES_BASE,
    RULE_DRAFTS,
    SAMPLE_CHOICE,
    SCHEMA,
    SEGMENT_LABELS,
    TRANSACTIONS,
    TUNE_ALGORITHM,
    TUNE_CHOICE,
    TUNE_K,
    TUNE_LAYOUT,
    TUNE_MAP,
    TUNE_SEED,
    TX_ERROR,
    TX_UPLOAD,
    UPLOAD,
)
from ui.state_types import (
    DataChoices,
    Dataset,
    Exclusions,
    SegmentLabels,
    TuneChoice,
)

if TYPE_CHECKING:
    import pandas as pd

    from segmentation.schema import Schema
    from ui.rule_drafts import RuleDraft

__all__ = (
    "ANY_MATRIX",
    "AUTOLOAD_DONE",
    "DATASET",
    "EXCLUDED",
    "LOAD_ERROR",
    "RECIPE",
    "RFM_RULES",
    "RFM_RULES_BASE",
    "RULE_DRAFTS",
    "SAMPLE_CHOICE",
    "SCHEMA",
    "SEGMENT_LABELS",
    "TUNE_ALGORITHM",
    "TUNE_CHOICE",
    "TUNE_K",
    "TUNE_LAYOUT",
    "TUNE_MAP",
    "TUNE_SEED",
    "TRANSACTIONS",
    "TX_ERROR",
    "TX_UPLOAD",
    "UPLOAD",
    "DataChoices",
    "Dataset",
    "Exclusions",
    "SegmentLabels",
    "TuneChoice",
    "autoload_done",
    "clear_load_error",
    "clear_tx_error",
    "customer_table",
    "export_source",
    "export_table",
    "get_data_choices",
    "get_dataset",
    "get_exclusions",
    "get_load_error",
    "get_recipe",
    "get_rfm_rules",
    "get_rfm_rules_base",
    "get_rule_drafts",
    "get_schema",
    "get_segment_labels",
    "get_tune_choice",
    "get_transactions",
    "get_tx_error",
    "recipe_is_default",
    "mark_autoload_done",
    "set_data_choices",
    "set_dataset",
    "set_exclusions",
    "set_load_error",
    "set_recipe",
    "set_rfm_rules",
    "set_rfm_rules_base",
    "set_rule_drafts",
    "set_schema",
    "set_segment_labels",
    "set_tune_choice",
    "set_transactions",
    "set_tx_error",
)


def get_dataset() -> Dataset | None:
    """Return the loaded dataset, or None when nothing is loaded."""
    value = st.session_state.get(DATASET)
    return value if isinstance(value, Dataset) else None


def set_dataset(dataset: Dataset, schema: Schema) -> None:
    """Store a newly loaded dataset with its inferred schema.

    Parameters
    ----------
    dataset : Dataset
        The table.
    schema : Schema
        Its inferred schema.
    """
    st.session_state[DATASET] = dataset
    st.session_state[SCHEMA] = schema


def get_schema() -> Schema | None:
    """Return the current schema, or None when nothing is loaded."""
    return st.session_state.get(SCHEMA)


def set_schema(schema: Schema) -> None:
    """Replace the current schema (after the user edited roles or families)."""
    st.session_state[SCHEMA] = schema


def get_load_error() -> str | None:
    """Return the message of the last failed load, if any."""
    value = st.session_state.get(LOAD_ERROR)
    return value if isinstance(value, str) else None


def set_load_error(message: str) -> None:
    """Remember why the last load failed."""
    st.session_state[LOAD_ERROR] = message


def clear_load_error() -> None:
    """Forget the last load failure."""
    st.session_state.pop(LOAD_ERROR, None)


def autoload_done() -> bool:
    """Return True once the first-run sample load has been attempted."""
    return bool(st.session_state.get(AUTOLOAD_DONE, False))


def mark_autoload_done() -> None:
    """Record that the first-run sample load has been attempted."""
    st.session_state[AUTOLOAD_DONE] = True


def get_transactions() -> Dataset | None:
    """Return the transaction log chosen on the Criteria page, or None."""
    value = st.session_state.get(TRANSACTIONS)
    return value if isinstance(value, Dataset) else None


def set_transactions(log: Dataset | None) -> None:
    """Store the transaction log (None removes it)."""
    st.session_state[TRANSACTIONS] = log


def export_source(customers: pd.DataFrame | None, table: pd.DataFrame) -> pd.DataFrame:
    """Return the rows the labelled CSV writes, as text.

    Parameters
    ----------
    customers : pandas.DataFrame or None
        The customer table as read; None when there is only a transaction log.
    table : pandas.DataFrame
        The segmented table (the behaviour table when there is only a log).
    """
    written = export_table(customers, table)
    return written if written is customers else written.astype("string")


def export_table(customers: pd.DataFrame | None, table: pd.DataFrame) -> pd.DataFrame:
    """Return the table whose rows the labelled CSV writes, as held (no copy).

    The customer table as read, or, with only a transaction log, the segmented
    table (its behaviour); :func:`export_source` gives it as text.
    """
    return customers if customers is not None else table


def customer_table() -> Dataset | None:
    """Return the customer table: the loaded dataset, unless it is the log itself.

    When the analyst loaded only a transaction log on the Data page and chose it as
    the log on the Criteria page, there is no customer table: the segmentation
    table is the behaviour computed from the log alone.
    """
    dataset = get_dataset()
    log = get_transactions()
    if dataset is not None and log is not None and log.digest == dataset.digest:
        return None
    return dataset


def get_tx_error() -> str | None:
    """Return the message of the last failed transaction-log load, if any."""
    value = st.session_state.get(TX_ERROR)
    return value if isinstance(value, str) else None


def set_tx_error(message: str) -> None:
    """Remember why the last transaction-log load failed."""
    st.session_state[TX_ERROR] = message


def clear_tx_error() -> None:
    """Forget the last transaction-log load failure."""
    st.session_state.pop(TX_ERROR, None)


def get_recipe() -> Recipe | None:
    """Return the recipe built on the Criteria page, or None before it ran."""
    value = st.session_state.get(RECIPE)
    return value if isinstance(value, Recipe) else None


def set_recipe(recipe: Recipe, *, default: bool = False) -> None:
    """Store the recipe for the later pages (Tune, Segments, Export).

    ``default`` marks the default criteria chosen for the Tune page before any
    visit to the Criteria page (see :func:`recipe_is_default`).
    """
    st.session_state[RECIPE] = recipe
    st.session_state[RECIPE_IS_DEFAULT] = default


def recipe_is_default() -> bool:
    """Return True while the recipe is the default one, not the Criteria page's."""
    return bool(st.session_state.get(RECIPE_IS_DEFAULT, False))


def get_data_choices(digest: str) -> DataChoices:
    """Return the measures and labels chosen for the file ``digest`` (none at first)."""
    value = st.session_state.get(DATA_CHOICES)
    if isinstance(value, DataChoices) and value.digest == digest:
        return value
    return DataChoices(digest)


def set_data_choices(choices: DataChoices) -> None:
    """Store the measures and labels chosen on the Data page."""
    st.session_state[DATA_CHOICES] = choices


def get_exclusions() -> Exclusions:
    """Return the families and columns left out of the features (none at first)."""
    value = st.session_state.get(EXCLUDED)
    return value if isinstance(value, Exclusions) else Exclusions()


def set_exclusions(exclusions: Exclusions) -> None:
    """Store the families and columns left out of the features."""
    st.session_state[EXCLUDED] = exclusions


def get_rule_drafts() -> tuple[RuleDraft, ...]:
    """Return the rule editor's drafts (valid or not), in priority order."""
    value = st.session_state.get(RULE_DRAFTS)
    return tuple(value) if isinstance(value, tuple) else ()


def set_rule_drafts(drafts: tuple[RuleDraft, ...]) -> None:
    """Store the rule editor's drafts."""
    st.session_state[RULE_DRAFTS] = tuple(drafts)


def get_rfm_rules() -> tuple[RFMRule, ...]:
    """Return the RFM segment rules in use (``DEFAULT_RFM_RULES`` at first)."""
    value = st.session_state.get(RFM_RULES)
    return value if isinstance(value, tuple) and value else DEFAULT_RFM_RULES


def set_rfm_rules(rfm_rules: tuple[RFMRule, ...]) -> None:
    """Store the RFM segment rules (edited thresholds)."""
    st.session_state[RFM_RULES] = tuple(rfm_rules)


def get_rfm_rules_base() -> tuple[RFMRule, ...]:
    """Return the RFM rules the rules table was opened with."""
    value = st.session_state.get(RFM_RULES_BASE)
    return value if isinstance(value, tuple) and value else get_rfm_rules()


def set_rfm_rules_base(rfm_rules: tuple[RFMRule, ...]) -> None:
    """Remember the RFM rules the rules table is opened with."""
    st.session_state[RFM_RULES_BASE] = tuple(rfm_rules)


#: The matrix key of Tune choices made for whatever matrix comes next (an opened
#: recipe's algorithm, k and seed).
ANY_MATRIX = "*"


def get_tune_choice(matrix_key: str) -> TuneChoice:
    """Return the Tune page's choices for a feature matrix.

    Parameters
    ----------
    matrix_key : str
        Content key of the current feature matrix.

    Returns
    -------
    TuneChoice
        The stored choices; for a different matrix, the same algorithm and seed
        with k back to the recommendation (None). Choices stored for
        :data:`ANY_MATRIX` (an opened recipe's) are taken whole by the next
        matrix.
    """
    value = st.session_state.get(TUNE_CHOICE)
    if not isinstance(value, TuneChoice):
        return TuneChoice(matrix_key)
    if value.matrix_key == ANY_MATRIX:  # an opened recipe's choices: adopted once
        adopted = TuneChoice(matrix_key, value.algorithm, value.k, value.seed)
        st.session_state[TUNE_CHOICE] = adopted
        return adopted
    if value.matrix_key != matrix_key:
        return TuneChoice(matrix_key, value.algorithm, None, value.seed)
    return value


def set_tune_choice(choice: TuneChoice) -> None:
    """Store the Tune page's choices."""
    st.session_state[TUNE_CHOICE] = choice


def get_segment_labels(key: str | None = None) -> SegmentLabels | None:
    """Return the tuned segment labels, optionally only when they match ``key``.

    Parameters
    ----------
    key : str, optional
        The labels' expected content key (or matrix key); labels computed for
        anything else are not returned.

    Returns
    -------
    SegmentLabels or None
    """
    value = st.session_state.get(SEGMENT_LABELS)
    if not isinstance(value, SegmentLabels):
        return None
    if key is not None and key not in (value.key, value.matrix_key):
        return None
    return value


def set_segment_labels(labels: SegmentLabels) -> None:
    """Store the tuned segment labels for the Segments and Export pages."""
    st.session_state[SEGMENT_LABELS] = labels
