"""Altair charts of segments over time: who moved where, and sizes per snapshot.

Both take the small tables of :mod:`segmentation.monitor` (a row per pair of
segments, or per snapshot and segment), never the customers. Segments keep the
map's colours (:mod:`segmentation.charts.palette`).
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from segmentation.charts import palette
from segmentation.charts.tune import _segment_scale

__all__ = ("migration_chart", "size_history_chart")


def _label(segment: str, names: Mapping[str, str]) -> str:
    name = names.get(segment)
    return f"{segment} · {name}" if name else segment


def migration_chart(
    matrix: pd.DataFrame,
    names: Mapping[str, str] | None = None,
    *,
    title: str = "Who moved where",
) -> alt.LayerChart:
    """Heatmap of customers from each segment (rows) to each segment (columns).

    Parameters
    ----------
    matrix : pandas.DataFrame
        ``from``, ``to``, ``customers`` as in ``Migration.matrix`` (``new`` and
        ``gone`` for customers in one snapshot only).
    names : mapping, optional
        Segment (as written) -> name, for the labels.
    title : str
        Chart title.

    Returns
    -------
    altair.LayerChart
        Cells coloured by the share of their row (where the row's customers
        went), each with its count.

    Examples
    --------
    >>> m = pd.DataFrame({"from": ["0", "0", "new"], "to": ["0", "1", "0"],
    ...                   "customers": [3, 1, 2]})
    >>> spec = migration_chart(m).to_dict()
    >>> [r["share"] for r in spec["datasets"][spec["data"]["name"]]]
    [0.75, 0.25, 1.0]
    """
    names = dict(names or {})
    table = matrix.copy()
    table["share"] = table["customers"] / table.groupby("from")["customers"].transform(
        "sum"
    )
    table["from"] = [_label(str(s), names) for s in table["from"]]
    table["to"] = [_label(str(s), names) for s in table["to"]]
    order_from = list(dict.fromkeys(table["from"]))
    order_to = sorted(set(table["to"]), key=lambda v: _order_key(v, order_from))
    base = alt.Chart(table, title=title).encode(
        x=alt.X("to:N", sort=order_to, title="Now in", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("from:N", sort=order_from, title="Was in"),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "share:Q",
            scale=alt.Scale(scheme=palette.SEQUENTIAL_SCHEME, domain=[0, 1]),
            title="Share of the row",
        ),
        tooltip=[
            alt.Tooltip("from:N", title="Was in"),
            alt.Tooltip("to:N", title="Now in"),
            alt.Tooltip("customers:Q", title="Customers", format=","),
            alt.Tooltip("share:Q", title="Share of the row", format=".0%"),
        ],
    )
    text = base.mark_text(fontSize=12).encode(
        text=alt.Text("customers:Q", format=","),
        color=alt.condition(
            "datum.share > 0.5",
            alt.value(palette.INK_ON_LIGHT),
            alt.value(palette.INK_ON_DARK),
        ),
    )
    return (cells + text).properties(height=alt.Step(36))


def _order_key(label: str, rows: list[str]) -> tuple[int, int]:
    return (0, rows.index(label)) if label in rows else (1, 0)


def size_history_chart(
    history: pd.DataFrame,
    names: Mapping[str, str] | None = None,
    *,
    title: str = "Share of the customers per snapshot",
) -> alt.Chart:
    """Lines of each segment's share of the customers across snapshots.

    Parameters
    ----------
    history : pandas.DataFrame
        ``snapshot``, ``segment``, ``customers``, ``share`` as
        :func:`segmentation.monitor.size_history` gives them.
    names : mapping, optional
        Segment (as written) -> name, for the tooltip.
    title : str
        Chart title.

    Returns
    -------
    altair.Chart
        One line with points per segment, in the map's colours.

    Examples
    --------
    >>> h = pd.DataFrame({"snapshot": ["a", "a", "b", "b"],
    ...                   "segment": ["0", "1", "0", "1"],
    ...                   "customers": [6, 4, 5, 5], "share": [.6, .4, .5, .5]})
    >>> spec = size_history_chart(h).to_dict()
    >>> spec["encoding"]["x"]["sort"]
    ['a', 'b']
    """
    names = dict(names or {})
    table = history.copy()
    table["segment"] = table["segment"].astype(str)
    table["label"] = [_label(s, names) for s in table["segment"]]
    order = list(dict.fromkeys(table["snapshot"]))
    return (
        alt.Chart(table, title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "snapshot:N", sort=order, title="Snapshot", axis=alt.Axis(labelAngle=0)
            ),  # fmt: skip
            y=alt.Y(
                "share:Q", title="Share of the customers", axis=alt.Axis(format="%")
            ),  # fmt: skip
            color=alt.Color(
                "segment:N",
                scale=_segment_scale(table["segment"], None),
                title="Segment",
            ),
            tooltip=[
                alt.Tooltip("snapshot:N", title="Snapshot"),
                alt.Tooltip("label:N", title="Segment"),
                alt.Tooltip("customers:Q", title="Customers", format=","),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
    )
