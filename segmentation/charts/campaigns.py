"""Altair chart of a campaign's lift per segment, with its 95% interval.

It takes the per-segment table of :func:`segmentation.campaigns.campaign_results`
(a row per segment), never the customers. A segment where the campaign worked is
drawn in the palette's "higher" colour, one where it worked against in "lower",
the rest in grey.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from segmentation.charts import palette

__all__ = ("lift_chart",)


def lift_chart(
    table: pd.DataFrame, *, title: str = "Lift per segment"
) -> alt.LayerChart:
    """Points at each segment's lift, bars across its 95% interval, a line at 0.

    Parameters
    ----------
    table : pandas.DataFrame
        ``segment``, ``segment_name``, ``lift``, ``lift_low``, ``lift_high`` and
        ``verdict``, as in ``CampaignResults.segments`` (lifts as fractions).
    title : str
        Chart title.

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> t = pd.DataFrame({"segment": ["0", "1"], "segment_name": ["Loyal", ""],
    ...     "lift": [0.05, -0.01], "lift_low": [0.02, -0.04],
    ...     "lift_high": [0.08, 0.02], "verdict": ["worked", "no evidence"]})
    >>> spec = lift_chart(t).to_dict()
    >>> [r["label"] for rows in spec["datasets"].values() for r in rows if "label" in r]
    ['0 · Loyal', '1']
    """
    data = table[["segment", "lift", "lift_low", "lift_high", "verdict"]].copy()
    names = table.get("segment_name")
    data["label"] = [
        f"{s} · {n}" if isinstance(n, str) and n else str(s)
        for s, n in zip(
            table["segment"],
            names if names is not None else [""] * len(table),
            strict=True,
        )
    ]
    colours = alt.Scale(
        domain=["worked", "worked against", "no evidence", "too few customers to tell"],
        range=[palette.HIGHER, palette.LOWER, palette.UNASSIGNED_GREY,
               palette.UNASSIGNED_GREY],
    )  # fmt: skip
    base = alt.Chart(data, title=title).encode(
        y=alt.Y(
            "label:N",
            sort=list(data["label"]),
            title=None,
            axis=alt.Axis(labelLimit=260),
        )
    )
    interval = base.mark_rule(strokeWidth=3).encode(
        x=alt.X(
            "lift_low:Q",
            title="Lift (treatment rate minus control rate)",
            axis=alt.Axis(format="+%"),
        ),  # fmt: skip
        x2="lift_high:Q",
        color=alt.Color("verdict:N", scale=colours, title="Verdict"),
    )
    point = base.mark_point(filled=True, size=90).encode(
        x="lift:Q",
        color=alt.Color("verdict:N", scale=colours, title="Verdict"),
        tooltip=[
            alt.Tooltip("label:N", title="Segment"),
            alt.Tooltip("lift:Q", title="Lift", format="+.1%"),
            alt.Tooltip("lift_low:Q", title="95% interval from", format="+.1%"),
            alt.Tooltip("lift_high:Q", title="to", format="+.1%"),
            alt.Tooltip("verdict:N", title="Verdict"),
        ],
    )
    zero = (
        alt.Chart(pd.DataFrame({"x": [0.0]}))
        .mark_rule(color=palette.MISSING, strokeDash=[4, 4])
        .encode(x="x:Q")
    )
    return (zero + interval + point).properties(height=alt.Step(34))
