"""Altair charts of the Segments page: the profile heatmap and value against size.

Both take the tables of a :class:`segmentation.describe.segment_profile.Profile` (one
row per segment and feature, or per segment), so they carry at most a few hundred rows
to the browser whatever the number of customers. Colours are colour-blind safe: the
heatmap uses the blue-orange diverging scheme, the bars two Okabe-Ito colours.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from segmentation.charts import palette
from segmentation.labels import UNASSIGNED

__all__ = ("CLIP", "profile_heatmap_chart", "segment_label", "value_share_chart")

#: Standardised differences beyond this are drawn at full colour.
CLIP = 2.0


def segment_label(segment: int, names: Mapping[int, str] | None = None) -> str:
    """Return how a chart labels a segment: ``"0 · Champions"`` or ``"0"``.

    Examples
    --------
    >>> segment_label(0, {0: "Champions"})
    '0 · Champions'
    >>> segment_label(-1)
    'Unassigned'
    """
    if segment < 0:
        return UNASSIGNED
    name = (names or {}).get(segment)
    return f"{segment} · {name}" if name else str(segment)


def profile_heatmap_chart(
    numeric: pd.DataFrame,
    names: Mapping[int, str] | None = None,
    *,
    max_features: int = 25,
) -> alt.Chart:
    """Heatmap of segments x numeric features, coloured by standardised difference.

    Parameters
    ----------
    numeric : pandas.DataFrame
        One row per segment and feature with ``segment``, ``feature``, ``mean``,
        ``overall_mean`` and ``std_diff`` (the segment's mean minus everyone's,
        in standard deviations), as in ``Profile.numeric``.
    names : mapping, optional
        Segment number -> name, for the row labels.
    max_features : int, default 25
        The features that differ most between segments are kept, at most this many.

    Returns
    -------
    altair.Chart
        Cells coloured from blue (below average) to orange (above), clipped at
        +-2 standard deviations, with the segment's mean written in each cell.

    Examples
    --------
    >>> table = pd.DataFrame({"segment": [0, 1], "feature": ["age", "age"],
    ...     "mean": [30.0, 50.0], "overall_mean": [40.0, 40.0],
    ...     "std_diff": [-1.0, 1.0]})
    >>> spec = profile_heatmap_chart(table).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['rect', 'text']
    """
    data = numeric.loc[:, ["segment", "feature", "mean", "overall_mean", "std_diff"]]
    data = data[data["segment"] >= 0].copy()
    spread = data.groupby("feature")["std_diff"].apply(lambda s: s.abs().max())
    keep = spread.sort_values(ascending=False, kind="stable").index[:max_features]
    data = data[data["feature"].isin(keep)]
    data["label"] = [segment_label(int(s), names) for s in data["segment"]]
    data["shown"] = data["std_diff"].clip(-CLIP, CLIP)
    data["text"] = data["mean"].map(_short_number)
    order = [segment_label(int(s), names) for s in sorted(data["segment"].unique())]
    base = alt.Chart(data, title="How each segment differs from the average").encode(
        x=alt.X(
            "feature:N", sort=list(keep), title=None, axis=alt.Axis(labelAngle=-35)
        ),
        y=alt.Y("label:N", sort=order, title=None),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "shown:Q",
            scale=alt.Scale(
                scheme=palette.DIVERGING_SCHEME, domain=[-CLIP, CLIP], domainMid=0
            ),
            title="vs average (sd)",
        ),
        tooltip=[
            alt.Tooltip("label:N", title="Segment"),
            alt.Tooltip("feature:N", title="Feature"),
            alt.Tooltip("mean:Q", title="Segment mean", format=",.2f"),
            alt.Tooltip("overall_mean:Q", title="Everyone's mean", format=",.2f"),
            alt.Tooltip("std_diff:Q", title="Difference (sd)", format="+.2f"),
        ],
    )
    text = base.mark_text(fontSize=11).encode(
        text="text:N",
        color=alt.condition(
            f"abs(datum.shown) > {CLIP * 0.6}", alt.value("white"), alt.value("black")
        ),
    )
    return alt.layer(cells, text).properties(height=alt.Step(34))


def value_share_chart(
    value: pd.DataFrame, names: Mapping[int, str] | None = None
) -> alt.Chart:
    """Bars of each segment's share of customers beside its share of revenue.

    Parameters
    ----------
    value : pandas.DataFrame
        One row per segment, indexed by segment number, with ``customer_share``
        and ``revenue_share`` (0 to 1), as in ``Profile.value``.
    names : mapping, optional
        Segment number -> name, for the labels.

    Returns
    -------
    altair.Chart
        Horizontal grouped bars; a segment whose revenue bar outgrows its customer
        bar is worth more than its size.

    Examples
    --------
    >>> table = pd.DataFrame({"customer_share": [0.6, 0.4],
    ...     "revenue_share": [0.3, 0.7]}, index=[0, 1])
    >>> value_share_chart(table).to_dict()["mark"]["type"]
    'bar'
    """
    data = value.loc[value.index >= 0, ["customer_share", "revenue_share"]]
    labels = [segment_label(int(s), names) for s in data.index]
    long = pd.DataFrame(
        {
            "segment": labels * 2,
            "measure": ["Customers"] * len(data) + ["Revenue"] * len(data),
            "share": list(data["customer_share"]) + list(data["revenue_share"]),
        }
    )
    return (
        alt.Chart(long, title="Share of customers and share of revenue")
        .mark_bar()
        .encode(
            y=alt.Y("segment:N", sort=labels, title=None),
            yOffset=alt.YOffset("measure:N", sort=["Customers", "Revenue"]),
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title=None),
            color=alt.Color(
                "measure:N",
                scale=alt.Scale(
                    domain=["Customers", "Revenue"],
                    range=[palette.CUSTOMERS, palette.REVENUE],
                ),
                title=None,
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("segment:N", title="Segment"),
                alt.Tooltip("measure:N", title="Share of"),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
    )


def _short_number(value: float) -> str:
    """Write a cell's number in at most about five characters."""
    if pd.isna(value):
        return ""
    size = abs(value)
    if size >= 1e6:
        return f"{value / 1e6:.1f}M"
    if size >= 1e4:
        return f"{value / 1e3:.0f}k"
    if size >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}"
