"""``st.cache_data`` wrappers around the library, keyed by content.

Each wrapper takes the file's SHA-256 digest (and, where the result depends on the
user's role edits, a schema token) as its cache key; the heavy objects themselves are
passed in arguments whose names start with ``_``, which Streamlit leaves out of the
key. The library stays unaware of Streamlit and of caching.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

import segmentation as sg
from segmentation import behaviour, cluster, rules, workflow
from segmentation.recipe import Recipe, TransactionMapping
from segmentation.schema import QualityReport, Schema

__all__ = (
    "default_criteria",
    "role_columns",
    "segment_warnings",
    "cluster_labels",
    "column_values",
    "customer_behaviour",
    "distinct_rows",
    "evaluate_rule",
    "infer_schema",
    "override_schema",
    "prepare",
    "projection",
    "quality_report",
    "read_table",
    "rfm_segments",
    "segmentation_table",
    "suggest_transaction_columns",
)


@st.cache_data(max_entries=20, show_spinner="Reading the file...")
def read_table(digest: str, filename: str, _data: bytes) -> sg.TableRead:
    """Read a table from bytes (see :func:`segmentation.read_table_with_info`).

    Parameters
    ----------
    digest : str
        SHA-256 of ``_data``: the cache key.
    filename : str
        The file's name, used to tell formats apart and in messages.
    _data : bytes
        The file's content (not hashed).

    Returns
    -------
    TableRead
        ``frame``: every cell as text; ``info``: how it was read.
    """
    return sg.read_table_with_info(_data, filename)


@st.cache_data(max_entries=20, show_spinner=False)
def infer_schema(digest: str, decimal: str, _frame: pd.DataFrame) -> Schema:
    """Infer column roles and families (see :func:`segmentation.infer_schema`).

    Parameters
    ----------
    digest : str
        SHA-256 of the file the frame was read from: the cache key.
    decimal : str
        The file's decimal mark (``Dataset.decimal``).
    _frame : pandas.DataFrame
        The table (not hashed).

    Returns
    -------
    Schema
        The inferred schema.
    """
    return sg.infer_schema(_frame, decimal=decimal)


@st.cache_data(max_entries=20, show_spinner=False)
def override_schema(digest: str, edited: pd.DataFrame, _base: Schema) -> Schema:
    """Apply the user's role and family edits to the inferred schema.

    Parameters
    ----------
    digest : str
        SHA-256 of the file: part of the cache key.
    edited : pandas.DataFrame
        The edited ``Schema.to_frame()`` table (hashed: it is small).
    _base : Schema
        The inferred schema of the same file (not hashed).

    Returns
    -------
    Schema
        ``_base.with_overrides(edited)``.
    """
    return _base.with_overrides(edited)


@st.cache_data(max_entries=20, show_spinner="Checking data quality...")
def quality_report(
    digest: str, schema_token: str, _frame: pd.DataFrame, _schema: Schema
) -> QualityReport:
    """Data-quality report (see :func:`segmentation.quality_report`).

    Parameters
    ----------
    digest : str
        SHA-256 of the file: part of the cache key.
    schema_token : str
        ``state.schema_token(_schema)``: part of the cache key.
    _frame : pandas.DataFrame
        The table (not hashed).
    _schema : Schema
        Its current schema (not hashed).

    Returns
    -------
    QualityReport
        Findings and per-column figures.
    """
    return sg.quality_report(_frame, _schema)


@st.cache_data(max_entries=20, show_spinner=False)
def column_values(
    digest: str, schema_token: str, column: str, _frame: pd.DataFrame, _schema: Schema
) -> pd.Series:
    """Parse one column by its role (numbers, dates, booleans, text).

    Parameters
    ----------
    digest : str
        SHA-256 of the file: part of the cache key.
    schema_token : str
        ``state.schema_token(_schema)``: part of the cache key.
    column : str
        The column's name.
    _frame : pandas.DataFrame
        The table (not hashed).
    _schema : Schema
        Its current schema (not hashed).

    Returns
    -------
    pandas.Series
        The column parsed according to its role.
    """
    return _schema.typed(_frame[[column]])[column]


@st.cache_data(max_entries=20, show_spinner=False)
def suggest_transaction_columns(
    digest: str, schema_token: str, _schema: Schema
) -> dict[str, str | None]:
    """Guess a log's column mapping (see ``rfm.suggest_transaction_columns``).

    Parameters
    ----------
    digest : str
        SHA-256 of the log file: part of the cache key.
    schema_token : str
        ``state.schema_token(_schema)``: part of the cache key.
    _schema : Schema
        The log's schema (not hashed).

    Returns
    -------
    dict
        ``customer``, ``date``, ``amount``, ``quantity``, ``price``, ``invoice``:
        a column name or None each.
    """
    return behaviour.suggest_transaction_columns(_schema)


@st.cache_data(max_entries=20, show_spinner="Summarising the transaction log...")
def customer_behaviour(
    digest: str, mapping: TransactionMapping, log_decimal: str, _log: pd.DataFrame
) -> behaviour.Behaviour:
    """Per-customer behaviour from a log (see ``workflow.behaviour``).

    Parameters
    ----------
    digest : str
        SHA-256 of the log file: part of the cache key.
    mapping : TransactionMapping
        Which column means what (hashed: a small frozen dataclass).
    log_decimal : str
        The log's decimal mark.
    _log : pandas.DataFrame
        The log as read (not hashed).

    Returns
    -------
    Behaviour
        ``table``: one row per customer; ``report``: what was used.
    """
    return workflow.behaviour(_log, mapping, decimal=log_decimal)


@st.cache_data(max_entries=20, show_spinner="Fitting value ahead...")
def value_ahead(
    digest: str,
    mapping: TransactionMapping,
    log_decimal: str,
    horizon_days: int,
    _behaviour: pd.DataFrame,
) -> behaviour.ValueAhead:
    """Chance still active, expected purchases and value per customer of a log.

    Parameters
    ----------
    digest, mapping, log_decimal : str, TransactionMapping, str
        The log's cache key, as for :func:`customer_behaviour`.
    horizon_days : int
        Days ahead (part of the key).
    _behaviour : pandas.DataFrame
        ``customer_behaviour(...).table`` for that key (not hashed).
    """
    return behaviour.value_ahead(_behaviour, horizon_days=horizon_days)


@st.cache_data(max_entries=20, show_spinner="Joining the behaviour...")
def segmentation_table(
    key: tuple[str | None, str | None, str | None],
    recipe_json: str,
    log_decimal: str,
    _frame: pd.DataFrame | None,
    _schema: Schema | None,
    _log: pd.DataFrame | None,
) -> tuple[pd.DataFrame, Schema]:
    """Build the typed table to segment (see ``workflow.segmentation_table``).

    Parameters
    ----------
    key : tuple
        Customer-file digest, its schema token and the log digest (None where
        absent): part of the cache key.
    recipe_json : str
        ``Recipe.to_json()`` of a recipe holding only ``id_column`` and
        ``transactions`` (the rest does not change the table).
    log_decimal : str
        The log's decimal mark ("." without a log).
    _frame, _schema, _log
        The customer table, its schema and the log (not hashed).

    Returns
    -------
    tuple of (DataFrame, Schema)
    """
    recipe = Recipe.from_json(recipe_json)
    return workflow.segmentation_table(
        _frame, _schema, recipe, _log, log_decimal=log_decimal
    )


@st.cache_data(max_entries=20, show_spinner=False)
def role_columns(
    digest: str, token: str, _frame: pd.DataFrame, _schema: Schema
) -> sg.describe.RoleColumns:
    """Find the value, frequency, recency and tenure columns of a loaded table.

    Parameters
    ----------
    digest : str
        SHA-256 of the file: part of the cache key.
    token : str
        The schema's token (role edits): part of the cache key.
    _frame : DataFrame
        The table as read (not hashed).
    _schema : Schema
        Its schema (not hashed).
    """
    ids = _schema.with_role("id")
    typed = _schema.typed(_frame)
    return sg.describe.find_role_columns(typed, ids[0] if ids else None)


@st.cache_data(max_entries=20, show_spinner="Looking for columns without structure...")
def default_criteria(
    table_key: str, _table: pd.DataFrame, _schema: Schema
) -> sg.features.DefaultCriteria:
    """Choose the criteria an expert starts from.

    See :func:`segmentation.features.defaults.default_criteria`.

    Parameters
    ----------
    table_key : str
        Content key of the table to segment and its schema: the cache key.
    _table : DataFrame
        The typed table to segment (not hashed).
    _schema : Schema
        Its schema (not hashed).
    """
    return sg.features.default_criteria(_schema, _table)


@st.cache_data(max_entries=8, show_spinner="Building the feature matrix...")
def prepare(
    key: tuple[str | None, str | None, str | None],
    recipe_json: str,
    log_decimal: str,
    _frame: pd.DataFrame | None,
    _schema: Schema | None,
    _log: pd.DataFrame | None,
) -> workflow.Prepared:
    """Build the feature matrix of a recipe (see ``workflow.prepare``).

    Parameters
    ----------
    key : tuple
        As for :func:`segmentation_table`.
    recipe_json : str
        The recipe without its rules and fingerprint (they do not change the
        matrix): part of the cache key.
    log_decimal : str
        The log's decimal mark ("." without a log).
    _frame, _schema, _log
        The customer table, its schema and the log (not hashed).

    Returns
    -------
    Prepared
        The table, its schema, the matrix and the fitted transformer.
    """
    recipe = Recipe.from_json(recipe_json)
    return workflow.prepare(_frame, _schema, recipe, _log, log_decimal=log_decimal)


@st.cache_data(max_entries=200, show_spinner=False)
def evaluate_rule(
    table_key: str, rule: rules.RuleSegment, _typed: pd.DataFrame
) -> pd.Series:
    """Which customers one rule matches (see ``rules.evaluate_rules``).

    Parameters
    ----------
    table_key : str
        Content key of the typed table (digests and mapping): part of the cache key.
    rule : RuleSegment
        The rule (hashed: frozen data).
    _typed : pandas.DataFrame
        The typed table (not hashed).

    Returns
    -------
    pandas.Series
        Boolean, one value per row of ``_typed``.

    Raises
    ------
    InputError
        When the rule does not fit the table (unknown column, wrong value type).
    """
    membership = rules.evaluate_rules(_typed, [rule])
    return membership.iloc[:, 0]


@st.cache_data(max_entries=20, show_spinner=False)
def rfm_segments(
    digest: str,
    mapping: TransactionMapping,
    rfm_rules: tuple[behaviour.RFMRule, ...],
    _behaviour: pd.DataFrame,
) -> pd.DataFrame:
    """RFM scores and named segments of a behaviour table (see ``rfm_segments``).

    Parameters
    ----------
    digest : str
        SHA-256 of the log file: part of the cache key.
    mapping : TransactionMapping
        The mapping the behaviour came from: part of the cache key.
    rfm_rules : tuple of RFMRule
        The segment rules, in order (hashed: small frozen data).
    _behaviour : pandas.DataFrame
        ``customer_behaviour`` output (not hashed).

    Returns
    -------
    pandas.DataFrame
        The behaviour with ``r_score``, ``f_score``, ``m_score``, ``rfm_segment``.
    """
    return behaviour.rfm_segments(_behaviour, rfm_rules)


@st.cache_data(max_entries=20, show_spinner=False)
def distinct_rows(matrix_key: str, at_least: int, _matrix) -> int:
    """Count the customers the features tell apart (see ``count_distinct_rows``).

    Parameters
    ----------
    matrix_key : str
        Content key of the feature matrix: part of the cache key.
    at_least : int
        Stop counting on large data once this many are found: part of the key.
    _matrix : pandas.DataFrame
        The feature matrix (not hashed).

    Returns
    -------
    int
        The number of distinct rows (a lower bound once ``at_least`` is reached).
    """
    values = np.ascontiguousarray(_matrix.to_numpy(dtype=np.float64))
    return cluster.count_distinct_rows(values, at_least=at_least)


@st.cache_data(max_entries=60, show_spinner=False)
def segment_warnings(
    labels_key: str,
    features: tuple[str, ...],
    _matrix: pd.DataFrame,
    _labels: np.ndarray,
) -> list[str]:
    """Warnings about a labelling, once per labels key (the Tune page polls).

    Segments too small to target, one segment holding most customers, segments
    that are ranges of one column, segments nearly the same as another (see
    :mod:`segmentation.describe.checks`).

    Parameters
    ----------
    labels_key : str
        The labels' content key: the cache key.
    features : tuple of str
        The recipe's feature names.
    _matrix : pandas.DataFrame
        The feature matrix the labels were found on (not hashed).
    _labels : numpy.ndarray
        Segment of each row (not hashed).

    Returns
    -------
    list of str
        The sentences, in that order.
    """
    from segmentation.describe import segment_warnings

    return [w.text for w in segment_warnings(_matrix, _labels, features)]


@st.cache_data(max_entries=60, show_spinner=False)
def cluster_labels(
    matrix_key: str, algorithm: str, k: int | None, seed: int, _matrix
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Cluster the prepared matrix (see ``workflow.cluster_matrix``).

    Parameters
    ----------
    matrix_key : str
        Content key of the feature matrix: part of the cache key.
    algorithm : str
        The clustering algorithm: part of the cache key.
    k : int or None
        Number of segments (None where the algorithm finds it): part of the key.
    seed : int
        Random seed: part of the cache key.
    _matrix : pandas.DataFrame
        The feature matrix (not hashed).

    Returns
    -------
    tuple
        One integer per row, numbered by size (0 the largest, -1 unassigned),
        and the notes on how they were found (sampling), as sentences.
    """
    recipe = Recipe(algorithm=algorithm, k=k, seed=seed)
    model = workflow.cluster_matrix(_matrix, recipe)
    return np.asarray(model.labels_), tuple(model.notes_)


@st.cache_data(max_entries=20, show_spinner="Laying out the customers on a map...")
def projection(
    matrix_key: str, method: str, max_rows: int, seed: int, _matrix
) -> pd.DataFrame:
    """2-D projection of a sample of the matrix (see ``cluster.project``).

    It does not depend on the number of segments or the algorithm, so a change of
    either reuses it.

    Parameters
    ----------
    matrix_key : str
        Content key of the feature matrix: part of the cache key.
    method : {"pca", "umap"}
        Projection method: part of the cache key.
    max_rows : int
        Largest sample projected: part of the cache key.
    seed : int
        Random seed of the sample and of the projection: part of the cache key.
    _matrix : pandas.DataFrame
        The feature matrix (not hashed).

    Returns
    -------
    pandas.DataFrame
        Columns ``x`` and ``y``, indexed by the sampled rows of the matrix.
    """
    return cluster.project(_matrix, method=method, max_rows=max_rows, seed=seed)
