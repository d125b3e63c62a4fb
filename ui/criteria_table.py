"""The table behind the Criteria page: content keys, the joined table, the matrix.

Everything here goes through ``ui.cached`` with keys made of file digests, the
schema token and the recipe's JSON, so two sessions on the same files share the
work and a change of any choice that matters recomputes.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from segmentation.errors import InputError
from segmentation.recipe import Recipe
from segmentation.schema import Schema
from ui import cache_keys, cached, state

__all__ = ("ContentKey", "content_key", "input_fingerprint", "matrix_metrics", "table")

ContentKey = tuple[str | None, str | None, str | None]


def input_fingerprint(
    customers: state.Dataset | None, log: state.Dataset | None
) -> str | None:
    """Compute the recipe's ``input_fingerprint`` from the files' digests.

    Equal to ``segmentation.workflow.fingerprint`` of the file bytes: the digest of
    one file, or the SHA-256 of the files' raw digests in order (customer table
    first, then the log).

    Parameters
    ----------
    customers, log : Dataset or None
        The customer table and the transaction log, when used.

    Returns
    -------
    str or None
        None when there is neither.
    """
    return cache_keys.files_digest(
        *[d.digest for d in (customers, log) if d is not None]
    )


def content_key(
    customers: state.Dataset | None, schema: Schema | None, log: state.Dataset | None
) -> ContentKey:
    """Return the customer digest, schema token and log digest (None if absent)."""
    return (
        customers.digest if customers is not None else None,
        cache_keys.schema_token(schema) if customers is not None and schema else None,
        log.digest if log is not None else None,
    )


def _table_recipe(recipe: Recipe) -> Recipe:
    """Keep the parts of a recipe the table depends on: id column, mapping."""
    return Recipe(id_column=recipe.id_column, transactions=recipe.transactions)


def table(
    customers: state.Dataset | None,
    schema: Schema | None,
    log: state.Dataset | None,
    recipe: Recipe,
) -> tuple[pd.DataFrame, Schema, Recipe, str]:
    """Build the typed table to segment, else fall back to the customer table.

    Parameters
    ----------
    customers : Dataset or None
        The customer table (None: the log alone).
    schema : Schema or None
        Its schema.
    log : Dataset or None
        The transaction log.
    recipe : Recipe
        Its ``id_column`` and ``transactions`` say how to join.

    Returns
    -------
    tuple
        The table, its schema, the recipe actually used (without the mapping when
        the join failed, with a message shown) and a content key of the table.

    Raises
    ------
    InputError
        When there is no table at all (the log alone could not be read).
    """
    key = content_key(customers, schema, log if recipe.transactions else None)
    try:
        frame, full = cached.segmentation_table(
            key,
            _table_recipe(recipe).to_json(),
            log.decimal if log is not None else ".",
            _frame=customers.frame if customers is not None else None,
            _schema=schema if customers is not None else None,
            _log=log.frame if log is not None and recipe.transactions else None,
        )
    except InputError as exc:
        if customers is None or recipe.transactions is None:
            raise
        st.error(f"{exc} Using the customer table alone for now.")
        return table(customers, schema, None, recipe.replace(transactions=None))
    digest = cache_keys.content_key(key, _table_recipe(recipe).to_json(), length=64)
    return frame, full, recipe, digest


def matrix_metrics(
    customers: state.Dataset | None,
    schema: Schema | None,
    log: state.Dataset | None,
    recipe: Recipe,
) -> None:
    """Show how many columns are chosen and the feature matrix's shape.

    Parameters
    ----------
    customers, schema, log
        As for :func:`table`.
    recipe : Recipe
        The recipe whose matrix is built (its rules and fingerprint do not matter).
    """
    chosen, shape = st.columns(2)
    chosen.metric("Columns chosen", f"{len(recipe.features):,}")
    if not recipe.features:
        shape.warning("Choose at least one column to segment on.")
        return
    key = content_key(customers, schema, log if recipe.transactions else None)
    plain = recipe.replace(rules=(), input_fingerprint=None)
    try:
        prepared = cached.prepare(
            key,
            plain.to_json(),
            log.decimal if log is not None else ".",
            _frame=customers.frame if customers is not None else None,
            _schema=schema if customers is not None else None,
            _log=log.frame if log is not None and recipe.transactions else None,
        )
    except InputError as exc:
        shape.error(f"The feature matrix could not be built: {exc}")
        return
    rows, columns = prepared.matrix.shape
    shape.metric(
        "Feature matrix",
        f"{rows:,} rows × {columns:,} columns",
        help="After encoding categories, adding missing-value indicators and "
        "weighting: what the clustering will work on.",
    )
