"""Who moved where between two labelled snapshots of the same customers.

Two labelled files (from ``segmentation fit`` or ``apply``, or the app's export)
are matched on the customer id: customers in both **stayed** in their segment or
**moved** to another; customers only in the later one are **new**, only in the
earlier one **gone**. Segments are read as the files write them (the ``segment``
column's text). Every customer of either file is counted exactly once.

The verdict is "stable", or "refit advised" with its reasons: a feature drifted
by a major shift (PSI of :data:`~segmentation.monitor.drift.PSI_MAJOR` or more),
a segment's share of the customers moved by :data:`SHARE_SHIFT` or more, or (when
the model's quality on both snapshots is known) the segments separate much less
well than before: the silhouette fell by :data:`QUALITY_DROP` of its value or more.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from segmentation.behaviour.log_match import id_text
from segmentation.errors import InputError
from segmentation.labels import segment_text_key
from segmentation.monitor.drift import PSI_MAJOR, drift_table

__all__ = (
    "GONE",
    "NEW",
    "QUALITY_DROP",
    "SHARE_SHIFT",
    "Migration",
    "compare_snapshots",
)

#: The "from" of customers only in the later snapshot.
NEW = "new"
#: The "to" of customers only in the earlier snapshot.
GONE = "gone"
#: A segment whose share of the customers moves by this much advises a refit.
SHARE_SHIFT = 0.10
#: A silhouette that falls by this share of its earlier value advises a refit.
QUALITY_DROP = 0.25
#: Columns a labelled file adds: never compared for drift.
ADDED = ("segment", "segment_name", "ab_group", "rule_segment")


@dataclass(frozen=True, slots=True)
class Migration:
    """Two snapshots compared.

    Attributes
    ----------
    matched, stayed, moved, new, gone : int
        Customers in both files; of them in the same and in another segment;
        customers only after; only before.
    matrix : pandas.DataFrame
        ``from``, ``to``, ``customers``: every non-empty cell, ``new`` as the
        from and ``gone`` as the to of customers in one file only.
    sizes : pandas.DataFrame
        ``segment``, ``before``, ``after``, ``before_share``, ``after_share``.
    drift : pandas.DataFrame
        ``column``, ``psi``, ``level`` for the columns both files share.
    verdict : str
        "stable", or "refit advised: " and the reasons.
    """

    matched: int
    stayed: int
    moved: int
    new: int
    gone: int
    matrix: pd.DataFrame
    sizes: pd.DataFrame
    drift: pd.DataFrame
    verdict: str


def _keyed(frame: pd.DataFrame, id_column: str, which: str) -> pd.Series:
    for column in (id_column, "segment"):
        if column not in frame.columns:
            raise InputError(f"The {which} file has no column {column!r}.")
    ids = id_text(frame[id_column])
    if ids.duplicated().any():
        first = ids[ids.duplicated()].iloc[0]
        raise InputError(f"The {which} file repeats the customer id {first!r}.")
    segments = frame["segment"].astype("string").str.strip()
    return pd.Series(segments.to_numpy(), index=pd.Index(ids.to_numpy()))


def _order(values) -> list[str]:
    return sorted(set(values), key=segment_text_key)


def compare_snapshots(
    before: pd.DataFrame,
    after: pd.DataFrame,
    id_column: str,
    *,
    quality: tuple[float | None, float | None] = (None, None),
) -> Migration:
    """Compare two labelled snapshots of a customer base.

    Parameters
    ----------
    before, after : pandas.DataFrame
        Labelled tables as read (a ``segment`` column and the id column).
    id_column : str
        The customer id column of both.
    quality : (float or None, float or None), optional
        The model's silhouette on each snapshot (see
        :class:`segmentation.monitor.Snapshot`), when known.

    Returns
    -------
    Migration

    Raises
    ------
    InputError
        A file without the id or ``segment`` column, or repeating an id.

    Examples
    --------
    >>> b = pd.DataFrame({"id": ["1", "2", "3"], "segment": ["0", "0", "1"]})
    >>> a = pd.DataFrame({"id": ["2", "3", "4"], "segment": ["1", "1", "0"]})
    >>> m = compare_snapshots(b, a, "id")
    >>> (m.matched, m.stayed, m.moved, m.new, m.gone)
    (2, 1, 1, 1, 1)
    >>> m.matrix.values.tolist()
    [['0', '1', 1], ['0', 'gone', 1], ['1', '1', 1], ['new', '0', 1]]
    """
    was = _keyed(before, id_column, "earlier")
    now = _keyed(after, id_column, "later")
    both = was.index.intersection(now.index)
    same = was[both].to_numpy() == now[both].to_numpy()
    pairs = pd.DataFrame(
        {
            "from": pd.concat(
                [was, pd.Series(NEW, index=now.index.difference(was.index))]
            ),
        }
    )
    pairs["to"] = pd.concat(
        [now, pd.Series(GONE, index=was.index.difference(now.index))]
    ).reindex(pairs.index)
    counts = pairs.groupby(["from", "to"], sort=False).size()
    order = {v: i for i, v in enumerate(_order(set(was) | set(now)))}
    order |= {NEW: len(order), GONE: len(order) + 1}
    matrix = counts.rename("customers").reset_index()
    matrix = matrix.sort_values(
        ["from", "to"], key=lambda s: s.map(order), kind="stable"
    ).reset_index(drop=True)
    matrix["customers"] = matrix["customers"].astype("int64")
    segments = _order(set(was) | set(now))
    sizes = pd.DataFrame(
        {
            "segment": segments,
            "before": was.value_counts().reindex(segments, fill_value=0).to_numpy(),
            "after": now.value_counts().reindex(segments, fill_value=0).to_numpy(),
        }
    )
    sizes["before_share"] = sizes["before"] / max(len(was), 1)
    sizes["after_share"] = sizes["after"] / max(len(now), 1)
    shared = [
        str(c)
        for c in before.columns
        if c in after.columns
        and c != id_column
        and c not in ADDED
        and not str(c).startswith("group_")
    ]
    drift = drift_table(before, after, shared)
    return Migration(
        matched=len(both),
        stayed=int(same.sum()),
        moved=int((~same).sum()),
        new=len(now.index.difference(was.index)),
        gone=len(was.index.difference(now.index)),
        matrix=matrix,
        sizes=sizes,
        drift=drift,
        verdict=_verdict(sizes, drift, quality),
    )


def _verdict(
    sizes: pd.DataFrame,
    drift: pd.DataFrame,
    quality: tuple[float | None, float | None] = (None, None),
) -> str:
    reasons = []
    major = drift[drift["psi"] >= PSI_MAJOR]
    if not major.empty:
        listed = ", ".join(
            f"{r.column} (PSI {r.psi:.2f})" for r in major.itertuples(index=False)
        )
        reasons.append(f"major drift in {listed}")
    shift = sizes[(sizes["after_share"] - sizes["before_share"]).abs() >= SHARE_SHIFT]
    for row in shift.itertuples(index=False):
        reasons.append(
            f"segment {row.segment} went from {row.before_share:.0%} to "
            f"{row.after_share:.0%} of the customers"
        )
    was, now = quality
    if (
        was is not None
        and now is not None
        and was > 0
        and now <= was * (1 - QUALITY_DROP)
    ):
        reasons.append(
            f"the segments separate less well (silhouette {was:.2f} before, "
            f"{now:.2f} now)"
        )
    return "refit advised: " + "; ".join(reasons) if reasons else "stable"
