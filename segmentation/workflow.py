"""The run as a few steps over a Recipe, shared by the app and the CLI.

Both faces call these steps and nothing else to wire the library together, which is
what makes a recipe saved in the app give the same result headless.

1. :func:`segmentation_table`: the customer table, typed, with behaviour from the
   transaction log joined on the customer id (or the behaviour table alone);
2. :func:`prepare`: that table and a recipe -> the feature matrix.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

import pandas as pd
from sklearn.compose import ColumnTransformer

from segmentation import rfm
from segmentation.errors import InputError
from segmentation.features import build
from segmentation.recipe import Recipe, TransactionMapping
from segmentation.schema import Schema, infer_schema

__all__ = ["Prepared", "behaviour", "fingerprint", "prepare", "segmentation_table"]


def fingerprint(*blobs: bytes) -> str:
    """SHA-256 (hex) of a file's bytes, or of several files' digests in order.

    Examples
    --------
    >>> fingerprint(b"abc") == hashlib.sha256(b"abc").hexdigest()
    True
    """
    if len(blobs) == 1:
        return hashlib.sha256(blobs[0]).hexdigest()
    digest = hashlib.sha256()
    for blob in blobs:
        digest.update(hashlib.sha256(blob).digest())
    return digest.hexdigest()


def behaviour(transactions: pd.DataFrame, mapping: TransactionMapping) -> pd.DataFrame:
    """Per-customer behaviour (RFM and more) from a transaction log and its mapping."""
    return rfm.customer_behaviour(
        transactions,
        customer=mapping.customer,
        date=mapping.date,
        amount=mapping.amount,
        quantity=mapping.quantity,
        price=mapping.price,
        invoice=mapping.invoice,
        as_of=mapping.as_of,
    )


def segmentation_table(
    frame: pd.DataFrame | None,
    schema: Schema | None,
    recipe: Recipe,
    transactions: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, Schema]:
    """Build the typed table to segment, and its schema.

    Parameters
    ----------
    frame : DataFrame or None
        The customer table as read (text cells); None when there is only a log.
    schema : Schema or None
        Its schema (roles as the analyst left them).
    recipe : Recipe
        Its ``id_column`` and ``transactions`` mapping are used.
    transactions : DataFrame, optional
        The transaction log as read.

    Returns
    -------
    tuple of (DataFrame, Schema)
        One row per customer-table row, in input order (customers without
        transactions get missing behaviour, imputed later); or one row per
        customer of the log when there is no customer table.
    """
    if frame is None and transactions is None:
        raise InputError("Load a customer table or a transaction log first.")
    if transactions is None or recipe.transactions is None:
        if frame is None or schema is None:
            raise InputError("Map the transaction log's columns first.")
        return schema.typed(frame), schema
    table = behaviour(transactions, recipe.transactions)
    key = recipe.transactions.customer
    behaviour_schema = _behaviour_schema(table, key)
    if frame is None or schema is None:
        return table.reset_index(drop=True), behaviour_schema
    return _join(frame, schema, recipe.id_column, table, key, behaviour_schema)


def _behaviour_schema(table: pd.DataFrame, key: str) -> Schema:
    inferred = infer_schema(table)
    columns = tuple(
        replace(c, role="id", family=None)
        if c.name == key
        else replace(c, family="behavioral")
        for c in inferred.columns
    )
    return replace(inferred, columns=columns)


def _join(
    frame: pd.DataFrame,
    schema: Schema,
    id_column: str | None,
    table: pd.DataFrame,
    key: str,
    behaviour_schema: Schema,
) -> tuple[pd.DataFrame, Schema]:
    if not id_column or id_column not in frame.columns:
        raise InputError(
            "Choose the customer id column of the customer table to join the "
            "transaction log on."
        )
    typed = schema.typed(frame)
    extra = table.drop(columns=[key])
    taken = set(typed.columns)
    renames = {c: f"tx_{c}" for c in extra.columns if c in taken}
    extra = extra.rename(columns=renames)
    ids = frame[id_column].astype("str").str.strip()
    lookup = table[key].astype("str").str.strip()
    if lookup.duplicated().any():
        raise InputError(f"The behaviour table repeats customer ids in {key}.")
    positions = pd.Index(lookup).get_indexer(ids)
    joined = extra.iloc[positions.clip(min=0)].reset_index(drop=True)
    joined.index = typed.index
    joined = joined.where(pd.Series(positions >= 0, index=typed.index), axis=0)
    added = tuple(
        replace(
            c,
            name=(name := renames.get(c.name, c.name)),
            missing=int(joined[name].isna().sum()),
            unique=int(joined[name].nunique()),
        )
        for c in behaviour_schema.columns
        if c.name != key
    )
    combined = pd.concat([typed, joined], axis=1)
    return combined, replace(schema, columns=schema.columns + added)


@dataclass(frozen=True, slots=True)
class Prepared:
    """The table to segment and its feature matrix.

    Attributes
    ----------
    table : DataFrame
        Typed table, one row per customer (see :func:`segmentation_table`).
    schema : Schema
        Its schema, behaviour columns included.
    matrix : DataFrame
        The features as numbers, no missing values, same index as ``table``.
    transformer : ColumnTransformer
        Fitted; turns new tables of the same shape into matrices.
    """

    table: pd.DataFrame
    schema: Schema
    matrix: pd.DataFrame
    transformer: ColumnTransformer


def prepare(
    frame: pd.DataFrame | None,
    schema: Schema | None,
    recipe: Recipe,
    transactions: pd.DataFrame | None = None,
) -> Prepared:
    """Build the table to segment and turn it into the feature matrix.

    Parameters
    ----------
    frame, schema, recipe, transactions
        As for :func:`segmentation_table`.

    Returns
    -------
    Prepared

    Raises
    ------
    InputError
        When a feature of the recipe is not a column of the table.
    """
    table, full_schema = segmentation_table(frame, schema, recipe, transactions)
    missing = [name for name in recipe.feature_names if name not in table.columns]
    if missing:
        raise InputError(
            f"The recipe uses column(s) the data does not have: {', '.join(missing)}."
        )
    transformer = build(recipe)
    matrix = transformer.fit_transform(table)
    return Prepared(table, full_schema, matrix, transformer)
