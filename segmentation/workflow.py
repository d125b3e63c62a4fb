"""The run as a few steps over a Recipe, shared by the app and the CLI.

Both faces call these steps and nothing else to wire the library together, which is
what makes a recipe saved in the app give the same result headless.

1. :func:`segmentation_table`: the customer table, typed, with behaviour from the
   transaction log joined on the customer id (or the behaviour table alone);
2. :func:`prepare`: that table and a recipe -> the feature matrix
   (:func:`prepare_for` does both from the table as read and the recipe alone);
3. :func:`fit`: the matrix and the recipe's algorithm, k and seed -> segment labels,
   numbered by size (:func:`cluster_matrix` keeps the fitted model).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from segmentation.behaviour.log_match import (
    MatchCount,
    id_text,
    join_refusal,
    match_counts,
)
from segmentation.behaviour.transactions import (
    BEHAVIOUR_COLUMNS,
    JOINED_PREFIX,
    Behaviour,
    behaviour_of_log,
)
from segmentation.cluster import registry
from segmentation.errors import InputError
from segmentation.recipe import Recipe, TransactionMapping
from segmentation.schema.infer import Schema, infer_schema

if TYPE_CHECKING:  # scikit-learn is imported when a run needs it, not with the pages
    from sklearn.compose import ColumnTransformer

    from segmentation.cluster.segmenter import Segmenter

__all__ = (
    "Prepared",
    "behaviour",
    "cluster_matrix",
    "extend",
    "fingerprint",
    "fit",
    "log_match",
    "prepare",
    "prepare_for",
    "schema_for",
    "segmentation_table",
)


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


def behaviour(
    transactions: pd.DataFrame, mapping: TransactionMapping, *, decimal: str = "."
) -> Behaviour:
    """Per-customer behaviour (RFM and more) from a log and its mapping; a report.

    ``decimal`` is how the log's amounts write their decimals (its
    ``TableInfo.decimal``).
    """
    return behaviour_of_log(
        transactions,
        customer=mapping.customer,
        date=mapping.date,
        amount=mapping.amount,
        quantity=mapping.quantity,
        price=mapping.price,
        invoice=mapping.invoice,
        as_of=mapping.as_of,
        decimal=decimal,
    )


def log_match(
    customer_ids: pd.Series,
    transactions: pd.DataFrame,
    mapping: TransactionMapping,
    *,
    decimal: str = ".",
) -> MatchCount:
    """Count how a transaction log's customers match the customer table's ids.

    The log's customers are those its behaviour covers (:func:`behaviour`): lines
    without a customer id or with an unreadable date do not count, as they do not
    in the join. The app counts the same way from the behaviour it already holds.

    Parameters
    ----------
    customer_ids : pandas.Series
        The customer table's id column.
    transactions : pandas.DataFrame
        The log as read.
    mapping : TransactionMapping
        Its columns.
    decimal : {".", ","}, default "."
        How the log's amounts write their decimals.

    Returns
    -------
    MatchCount
        See :func:`segmentation.behaviour.log_match.match_counts`.
    """
    table = behaviour(transactions, mapping, decimal=decimal).table
    return match_counts(customer_ids, table[mapping.customer])


def segmentation_table(
    frame: pd.DataFrame | None,
    schema: Schema | None,
    recipe: Recipe,
    transactions: pd.DataFrame | None = None,
    *,
    log_decimal: str = ".",
    behaviour_table: pd.DataFrame | None = None,
    check_match: bool = True,
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
    log_decimal : {".", ","}, default "."
        How the log's amounts write their decimals (its ``TableInfo.decimal``);
        the customer table's numbers are read as its schema says.
    behaviour_table : DataFrame, optional
        ``behaviour(transactions, ...).table`` already computed (a table labelled
        in chunks computes it once); ``transactions`` is then not read.
    check_match : bool, default True
        Refuse a join that matches too few of the table's customers. Off for
        one chunk of a table, whose caller counts the match over all chunks.

    Returns
    -------
    tuple of (DataFrame, Schema)
        One row per customer-table row, in input order (customers without
        transactions get missing behaviour, imputed later); or one row per
        customer of the log when there is no customer table.
    """
    has_log = transactions is not None or behaviour_table is not None
    if frame is None and not has_log:
        raise InputError("Load a customer table or a transaction log first.")
    if not has_log or recipe.transactions is None:
        if frame is None or schema is None:
            raise InputError("Map the transaction log's columns first.")
        return schema.typed(frame), schema
    table = behaviour_table
    if table is None:
        table = behaviour(transactions, recipe.transactions, decimal=log_decimal).table
    key = recipe.transactions.customer
    behaviour_schema = _behaviour_schema(table, key)
    if frame is None or schema is None:
        return table.reset_index(drop=True), behaviour_schema
    return _join(
        frame, schema, recipe.id_column, table, key, behaviour_schema, check_match
    )


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
    check_match: bool = True,
) -> tuple[pd.DataFrame, Schema]:
    if not id_column or id_column not in frame.columns:
        raise InputError(
            "Choose the customer id column of the customer table to join the "
            "transaction log on."
        )
    typed = schema.typed(frame)
    extra = table.drop(columns=[key])
    taken = set(typed.columns)
    renames = {c: f"{JOINED_PREFIX}{c}" for c in extra.columns if c in taken}
    extra = extra.rename(columns=renames)
    match = match_counts(frame[id_column], table[key]) if check_match else None
    if match is not None and match.refused:
        raise InputError(
            join_refusal(match, id_column, key, frame[id_column], table[key])
        )
    ids = id_text(frame[id_column])
    lookup = id_text(table[key])
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
    *,
    log_decimal: str = ".",
) -> Prepared:
    """Build the table to segment and turn it into the feature matrix.

    Parameters
    ----------
    frame, schema, recipe, transactions, log_decimal
        As for :func:`segmentation_table`.

    Returns
    -------
    Prepared

    Raises
    ------
    InputError
        When a feature of the recipe is not a column of the table.
    """
    table, full_schema = segmentation_table(
        frame, schema, recipe, transactions, log_decimal=log_decimal
    )
    missing = [name for name in recipe.feature_names if name not in table.columns]
    if missing:
        raise InputError(
            f"The recipe uses column(s) the data does not have: {', '.join(missing)}."
        )
    from segmentation.features.matrix import build  # scikit-learn, when needed

    transformer = build(recipe)
    matrix = transformer.fit_transform(table)
    return Prepared(table, full_schema, matrix, transformer)


def extend(
    prepared: Prepared,
    frame: pd.DataFrame,
    recipe: Recipe,
    *,
    transactions: pd.DataFrame | None = None,
    log_decimal: str = ".",
) -> Prepared:
    """Prepare more rows as a prepared sample was: same schema, same transformer.

    What fitting on a sample needs to label everyone: the rows are typed with the
    schema inferred on the sample and turned into features by the transformer
    fitted on it (nothing is refitted).

    Parameters
    ----------
    prepared : Prepared
        A sample of the table, prepared (:func:`prepare_for`).
    frame : DataFrame
        The whole customer table as read.
    recipe : Recipe
    transactions, log_decimal
        As for :func:`segmentation_table`.

    Returns
    -------
    Prepared
        One row per row of ``frame``, with ``prepared``'s transformer.
    """
    own = [c for c in prepared.schema.columns if c.name in frame.columns]
    schema = Schema(columns=tuple(own), rows=len(frame))
    table, _ = segmentation_table(
        frame[schema.names], schema, recipe, transactions, log_decimal=log_decimal
    )
    matrix = prepared.transformer.transform(table)
    return Prepared(table, prepared.schema, matrix, prepared.transformer)


def schema_for(frame: pd.DataFrame, recipe: Recipe, *, decimal: str = ".") -> Schema:
    """Infer the schema of the columns a recipe needs, with the recipe's roles.

    Only the id column and the feature columns present in ``frame`` are looked at
    (and, with a transaction log, the columns named like behaviour columns, which
    the join renames); roles are decided column by column, so this is the schema
    the app had for them, in a fraction of the time on wide tables. Each feature
    gets the kind and family the recipe gives it. ``decimal`` is how the table's
    numbers write their decimals (its ``TableInfo.decimal``).

    Examples
    --------
    >>> from segmentation.recipe import Feature
    >>> df = pd.DataFrame({"id": ["1", "2", "3"], "zip": ["75001", "10115", "75001"],
    ...                    "note": ["a", "b", "c"]})
    >>> r = Recipe(id_column="id", features=(Feature("zip", "categorical"),))
    >>> [(c.name, c.role) for c in schema_for(df, r).columns]
    [('id', 'id'), ('zip', 'categorical')]
    """
    wanted = {recipe.id_column, *recipe.feature_names}
    if recipe.transactions is not None:
        # Customer columns named like behaviour ones make the join rename those
        # (``tx_recency_days``): keep them so the names match the app's.
        wanted.update(BEHAVIOUR_COLUMNS)
    columns = [name for name in frame.columns if name in wanted]
    schema = infer_schema(frame[columns], decimal=decimal)
    return schema.with_overrides(
        {
            f.name: {"role": f.kind, "family": f.family}
            for f in recipe.features
            if f.name in schema
        }
    )


def prepare_for(
    frame: pd.DataFrame | None,
    recipe: Recipe,
    *,
    transactions: pd.DataFrame | None = None,
    decimal: str = ".",
    log_decimal: str = ".",
) -> Prepared:
    """:func:`prepare` from the table as read and a recipe alone (no schema at hand).

    The table is narrowed to the id and feature columns and typed by
    :func:`schema_for`; the matrix is the one :func:`prepare` gives with the app's
    schema, as long as the recipe's features came from it.

    Parameters
    ----------
    frame : DataFrame or None
        The customer table as :func:`segmentation.read_table` gives it.
    recipe : Recipe
    transactions : DataFrame, optional
        The transaction log, when the recipe maps one.
    decimal, log_decimal : {".", ","}, default "."
        How the customer table's numbers and the log's amounts write their
        decimals (each file's ``TableInfo.decimal``).

    Returns
    -------
    Prepared
    """
    if frame is None:
        return prepare(None, None, recipe, transactions, log_decimal=log_decimal)
    schema = schema_for(frame, recipe, decimal=decimal)
    return prepare(
        frame[schema.names], schema, recipe, transactions, log_decimal=log_decimal
    )


def cluster_matrix(matrix: pd.DataFrame | np.ndarray, recipe: Recipe) -> Segmenter:
    """Fit the recipe's algorithm, k and seed on a feature matrix.

    Raises
    ------
    InputError
        When the recipe has no k (and its algorithm needs one), k is below 2 or
        above the number of distinct rows, or the algorithm is unknown.
    """
    if registry.algorithm(recipe.algorithm).takes_k:
        if recipe.k is None:
            raise InputError(f"Choose the number of segments for {recipe.algorithm}.")
        if recipe.k < 2:
            raise InputError(
                f"The number of segments must be 2 or more, not {recipe.k}."
            )
    from segmentation.cluster.segmenter import Segmenter

    model = Segmenter(recipe.algorithm, recipe.k or 2, random_state=recipe.seed)
    return model.fit(matrix)


def fit(prepared: Prepared, recipe: Recipe) -> np.ndarray:
    """Segment labels of the prepared table's rows (0 = largest segment, -1 = none).

    Parameters
    ----------
    prepared : Prepared
        From :func:`prepare`.
    recipe : Recipe
        Its ``algorithm``, ``k`` and ``seed`` are used.

    Returns
    -------
    ndarray of int
        One label per row of ``prepared.table``, in its order.

    Examples
    --------
    >>> from segmentation.recipe import Feature
    >>> df = pd.DataFrame({"spend": ["1", "2", "3", "50", "51", "52", "53"]})
    >>> r = Recipe(features=(Feature("spend", "numeric", "behavioral"),), k=2)
    >>> fit(prepare_for(df, r), r).tolist()
    [1, 1, 1, 0, 0, 0, 0]
    """
    return cluster_matrix(prepared.matrix, recipe).labels_
