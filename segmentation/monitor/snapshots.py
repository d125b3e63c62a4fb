"""Snapshots of a customer base taken from one transaction log, and their history.

A fitted model whose recipe reads a transaction log labels the customers as they
stood on any day: the log's lines on or after that day are left out and recency
counts to it (:func:`segmentation.behaviour.behaviour_of_log`). A snapshot holds
the customers who had bought by then: the log's customers alone, or the rows of
the customer table that the log's customers match. The model's other columns
(the customer table's) are taken as they are.

Each snapshot carries how well the model's segments separate its customers (a
silhouette on a seeded sample), so that a comparison can say when the model has
stopped fitting the customers (:func:`segmentation.monitor.compare_snapshots`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import silhouette_score

from segmentation import workflow
from segmentation.behaviour.log_match import id_text
from segmentation.errors import InputError
from segmentation.labels import segment_text_key
from segmentation.model import SegmentationModel
from segmentation.monitor.drift import PSI_MAJOR, PSI_MODERATE, psi
from segmentation.recipe import Feature, Recipe, TransactionMapping

__all__ = (
    "RFM_FEATURES",
    "Snapshot",
    "log_model",
    "log_snapshot",
    "quarter_ends",
    "quarter_ends_before",
    "segment_drift",
    "size_history",
    "snapshot_names",
)

#: The behaviour columns :func:`log_model` segments on.
RFM_FEATURES = ("recency_days", "frequency", "monetary")
#: Customers the silhouette of a snapshot is measured on, at most.
QUALITY_SAMPLE = 3_000


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The customers as they stood on one day, labelled by a model.

    Attributes
    ----------
    name : str
        What the snapshot is called (its day, ``YYYY-MM-DD``).
    table : pandas.DataFrame
        One row per customer who had bought by then: the id column, ``segment``
        (the label's text, as labelled files write it) and the model's feature
        columns (typed).
    id_column : str
        The id column of ``table``.
    quality : float or None
        Silhouette of the model's segments on this snapshot (None when fewer than
        two segments hold customers).
    """

    name: str
    table: pd.DataFrame
    id_column: str
    quality: float | None


def _day(value: object) -> str:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if stamp is pd.NaT:
        raise InputError(f"{value!r} is not a date; use YYYY-MM-DD.")
    return f"{stamp:%Y-%m-%d}"


def _quality(matrix: np.ndarray, labels: np.ndarray, seed: int) -> float | None:
    keep = labels >= 0
    matrix, labels = np.asarray(matrix)[keep], labels[keep]
    if len(set(labels.tolist())) < 2 or len(labels) < 3:
        return None
    size = min(QUALITY_SAMPLE, len(labels))
    return float(silhouette_score(matrix, labels, sample_size=size, random_state=seed))


def log_snapshot(
    model: SegmentationModel,
    transactions: pd.DataFrame,
    as_of: object,
    *,
    customers: pd.DataFrame | None = None,
    log_decimal: str = ".",
) -> Snapshot:
    """Label the customers as they stood on ``as_of`` with a fitted model.

    Parameters
    ----------
    model : SegmentationModel
        Fitted; its recipe maps a transaction log.
    transactions : pandas.DataFrame
        The log as read (it may reach past ``as_of``: later lines are left out).
    as_of : str, date or Timestamp
        The day of the snapshot.
    customers : pandas.DataFrame, optional
        The customer table as read, when the model was fitted on one (its rows
        whose customers had bought by ``as_of`` are kept).
    log_decimal : {".", ","}, default "."
        How the log's amounts write their decimals.

    Returns
    -------
    Snapshot

    Raises
    ------
    InputError
        The model reads no log, ``as_of`` is not a date or no line is before it.
    """
    recipe = model.recipe
    if recipe.transactions is None:
        raise InputError(
            "The model does not read a transaction log, so snapshots cannot be "
            "taken from one; compare labelled tables instead."
        )
    day = _day(as_of)
    mapping = dataclasses.replace(recipe.transactions, as_of=day)
    dated = recipe.replace(transactions=mapping)
    frame = None
    id_column = mapping.customer
    if customers is not None and recipe.id_column:
        # Only the customer table's rows need the log's buyers as of the day; a
        # log alone holds nobody else.
        behaviour = workflow.behaviour(transactions, mapping, decimal=log_decimal)
        bought = set(id_text(behaviour.table[mapping.customer]))
        frame = customers[id_text(customers[recipe.id_column]).isin(bought).to_numpy()]
        frame = frame.reset_index(drop=True)
        id_column = recipe.id_column
    table, _ = workflow.segmentation_table(
        frame[model.schema_.names] if frame is not None else None,
        model.schema_,
        dated,
        transactions,
        log_decimal=log_decimal,
    )
    matrix = model.transformer_.transform(table)
    labels = np.asarray(model.segmenter_.predict(matrix))
    ids = (frame if frame is not None else table)[id_column]
    out = pd.DataFrame({id_column: ids.to_numpy(), "segment": labels.astype(str)})
    for name in recipe.feature_names:
        if name in table.columns and name != id_column:
            out[name] = table[name].to_numpy()
    quality = _quality(matrix, labels, recipe.seed)
    return Snapshot(day, out, id_column, quality)


def snapshot_names(model: SegmentationModel, snapshot: Snapshot) -> dict[str, str]:
    """Name a snapshot's segments from what sets them apart, as the Segments page does.

    Parameters
    ----------
    model : SegmentationModel
        The model that labelled the snapshot.
    snapshot : Snapshot
        Usually the one the model was fitted on.

    Returns
    -------
    dict
        Segment (as written) -> name; the model's own names where it has them.
    """
    from segmentation.describe import describe

    table = snapshot.table
    labels = table["segment"].astype(int).to_numpy()
    found = describe(table, labels, model.recipe, rules=False, channels=False)
    names = {str(k): v for k, v in found.names.items()}
    names.update({str(k): v for k, v in model.recipe.segment_names})
    return names


def log_model(
    transactions: pd.DataFrame,
    mapping: TransactionMapping,
    as_of: object,
    *,
    k: int = 4,
    seed: int = 0,
    log_decimal: str = ".",
) -> SegmentationModel:
    """Fit k-means segments on the log's recency, frequency and value as of a day.

    The model for snapshots of a log alone (:data:`RFM_FEATURES`, k-means).

    Parameters
    ----------
    transactions : pandas.DataFrame
        The log as read.
    mapping : TransactionMapping
        Its columns (its ``as_of`` is replaced).
    as_of : str, date or Timestamp
        The day the model is fitted on.
    k, seed : int
        The number of segments and the random seed.
    log_decimal : {".", ","}, default "."
        How the log's amounts write their decimals.

    Returns
    -------
    SegmentationModel
        Fitted.
    """
    mapping = dataclasses.replace(mapping, as_of=_day(as_of))
    recipe = Recipe(
        id_column=mapping.customer,
        features=tuple(Feature(n, "numeric", "behavioral") for n in RFM_FEATURES),
        transactions=mapping,
        algorithm="kmeans",
        k=k,
        seed=seed,
    )
    return SegmentationModel(recipe).fit(None, transactions, log_decimal=log_decimal)


def quarter_ends(
    transactions: pd.DataFrame, mapping: TransactionMapping, count: int = 3
) -> list[str]:
    """Return the last ``count`` quarter ends of a log, the latest first covering it.

    The latest is the first quarter end after the log's last line (so the last
    snapshot holds every line); the others are the quarter ends before it.

    Parameters
    ----------
    transactions : pandas.DataFrame
        The log as read.
    mapping : TransactionMapping
        Its columns.
    count : int, default 3
        How many days.

    Returns
    -------
    list of str
        ``YYYY-MM-DD``, earliest first.
    """
    report = workflow.behaviour(
        transactions, dataclasses.replace(mapping, as_of=None)
    ).report
    return quarter_ends_before(report.as_of, count)


def quarter_ends_before(as_of: pd.Timestamp, count: int = 3) -> list[str]:
    """Return the last ``count`` quarter ends of a log whose as-of day is given.

    :func:`quarter_ends` from the day after the log's last line (a behaviour
    report's ``as_of`` without a given day), for a face that has the report.

    Examples
    --------
    >>> quarter_ends_before(pd.Timestamp("2026-07-01"), 3)
    ['2025-12-31', '2026-03-31', '2026-06-30']
    """
    last = as_of - pd.Timedelta(days=1)
    end = last + pd.offsets.QuarterEnd(0)
    days = [end - pd.offsets.QuarterEnd(i) for i in range(count)]
    return sorted(f"{d:%Y-%m-%d}" for d in days)


def size_history(snapshots: Sequence[Snapshot]) -> pd.DataFrame:
    """Give the size and share of every segment in every snapshot.

    Returns
    -------
    pandas.DataFrame
        ``snapshot``, ``segment``, ``customers``, ``share`` in snapshot order, a
        row for every segment of any snapshot (0 where it holds nobody).
    """
    segments = sorted(
        {s for snap in snapshots for s in snap.table["segment"]}, key=segment_text_key
    )
    rows = []
    for snap in snapshots:
        counts = snap.table["segment"].value_counts()
        total = max(len(snap.table), 1)
        for segment in segments:
            n = int(counts.get(segment, 0))
            rows.append((snap.name, segment, n, n / total))
    return pd.DataFrame(rows, columns=["snapshot", "segment", "customers", "share"])


def segment_drift(
    before: pd.DataFrame, after: pd.DataFrame, columns: Sequence[str]
) -> pd.DataFrame:
    """Give each segment's drift: the PSI of each column within the segment.

    A segment whose customers now look different from its customers before has
    changed meaning even when its size has not.

    Parameters
    ----------
    before, after : pandas.DataFrame
        Labelled snapshots (a ``segment`` column).
    columns : sequence of str
        Columns of both to compare.

    Returns
    -------
    pandas.DataFrame
        ``segment``, ``column``, ``psi``, ``level`` for segments in both, the
        largest drift of each segment first.
    """
    rows = []
    shared = sorted(set(before["segment"]) & set(after["segment"]))
    for segment in shared:
        was = before[before["segment"] == segment]
        now = after[after["segment"] == segment]
        for column in columns:
            rows.append((segment, column, psi(was[column], now[column])))
    out = pd.DataFrame(rows, columns=["segment", "column", "psi"])
    out["level"] = np.select(
        [out["psi"] >= PSI_MAJOR, out["psi"] >= PSI_MODERATE],
        ["major", "moderate"],
        default="stable",
    )
    return out.sort_values(
        ["segment", "psi"], ascending=[True, False], kind="stable"
    ).reset_index(drop=True)
