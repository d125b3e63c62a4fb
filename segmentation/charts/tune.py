"""The Tune page's charts: customer map, metric per k, segment sizes, selection.

Pure builders that take small tables and return Altair charts; import them through
:mod:`segmentation.charts`. Segments get the same colour in every chart here: an
integer-like segment ``"3"`` is always the fourth colour of the Okabe-Ito palette
(readable with the common forms of colour blindness), whatever segments a chart
happens to show. The map is the one chart that ships one row per customer, so it
refuses more than :data:`MAX_MAP_POINTS` rows: lay out a sample
(``segmentation.cluster.embed.project``) and say so on screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import MappingProxyType

import altair as alt
import numpy as np
import pandas as pd

from segmentation.charts import palette
from segmentation.labels import UNASSIGNED, UNASSIGNED_LABEL

__all__ = (
    "BRUSH",
    "MAX_MAP_POINTS",
    "metric_vs_k_chart",
    "segment_map_chart",
    "segment_sizes_chart",
    "selection_profile_chart",
)

#: The most points :func:`segment_map_chart` draws.
MAX_MAP_POINTS = 10_000
#: Name of the map's interval selection: ``event["selection"][BRUSH]`` in Streamlit.
BRUSH = "brush"
#: Labels drawn in grey: customers that no segment took.
_UNASSIGNED = frozenset({UNASSIGNED, str(UNASSIGNED_LABEL)})

#: Axis titles of the sweep metrics, with the direction that is better.
_METRICS = MappingProxyType(
    {
        "silhouette": "Silhouette (higher is better)",
        "calinski_harabasz": "Calinski-Harabasz (higher is better)",
        "davies_bouldin": "Davies-Bouldin (lower is better)",
        "inertia": "Inertia (lower is better; look for the elbow)",
        "bic": "BIC (lower is better)",
        "stability": "Stability (higher is better)",
    }
)


def segment_map_chart(
    points: pd.DataFrame,
    *,
    tooltip: Sequence[str] = (),
    title: str = "Customers by segment",
    order: Sequence[str] | None = None,
    max_points: int = MAX_MAP_POINTS,
) -> alt.Chart:
    """Scatter of customers on the map, coloured by segment, with a brush.

    Parameters
    ----------
    points : pandas.DataFrame
        One row per drawn customer: ``x``, ``y`` (from ``embed.project``),
        ``segment`` (number or label) and the ``tooltip`` columns.
    tooltip : sequence of str
        Columns shown on hover after the segment, e.g. the id and key features.
    title : str
        Chart title.
    order : sequence of str, optional
        Every segment label, in legend order; by default the labels present,
        numbers first in numeric order.
    max_points : int, default 10,000
        The most rows accepted.

    Returns
    -------
    altair.Chart
        Circles; an interval selection named :data:`BRUSH` over x and y greys out
        the points outside it; ``st.altair_chart(chart, on_select="rerun")``
        returns its x and y ranges. (Outside Streamlit, Altair's default
        ``to_dict()`` refuses more than 5,000 rows: wrap it in
        ``alt.data_transformers.disable_max_rows()``.)

    Raises
    ------
    ValueError
        If a column is missing or there are more than ``max_points`` rows.

    Examples
    --------
    >>> pts = pd.DataFrame({"x": [0.0, 1.0], "y": [1.0, 0.0], "segment": [0, 1],
    ...                     "id": ["C1", "C2"]})
    >>> spec = segment_map_chart(pts, tooltip=["id"]).to_dict()
    >>> spec["mark"]["type"], [p["name"] for p in spec["params"]]
    ('circle', ['brush'])
    >>> spec["encoding"]["color"]["condition"]["scale"]["range"]
    ['#E69F00', '#56B4E9']
    """
    missing = [c for c in ("x", "y", "segment", *tooltip) if c not in points]
    if missing:
        raise ValueError(f"The map's points lack column(s): {', '.join(missing)}.")
    if len(points) > max_points:
        raise ValueError(
            f"The map draws at most {max_points:,} points, not {len(points):,}: "
            "lay out a sample of the rows (segmentation.cluster.embed.project)."
        )
    table = pd.DataFrame(
        {
            "x": points["x"].to_numpy(dtype=float),
            "y": points["y"].to_numpy(dtype=float),
            "segment": _labels(points["segment"]),
        }
    )
    tips = [alt.Tooltip("segment:N", title="Segment")]
    for i, name in enumerate(tooltip):  # safe field names: user columns may hold "."
        field, column = f"t{i}", points[name]
        if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(
            column
        ):
            table[field] = column.to_numpy(dtype=float)
            tips.append(alt.Tooltip(f"{field}:Q", title=str(name), format=",.4~g"))
        else:
            table[field] = column.astype("string").fillna("(missing)").to_numpy()
            tips.append(alt.Tooltip(f"{field}:N", title=str(name)))
    scale = _segment_scale(table["segment"], order)
    colour = alt.Color("segment:N", title="Segment", scale=scale)
    brush = alt.selection_interval(name=BRUSH, encodings=["x", "y"])
    encoding = {
        "x": alt.X("x:Q", axis=None, scale=alt.Scale(zero=False)),
        "y": alt.Y("y:Q", axis=None, scale=alt.Scale(zero=False)),
        "color": alt.when(brush).then(colour).otherwise(alt.value(palette.FADED)),
        "tooltip": tips,
    }
    if len(scale.domain) > len(palette.SEGMENT_COLOURS):
        # The colours repeat: shapes tell the segments apart.
        encoding["shape"] = alt.Shape("segment:N", title="Segment", sort=scale.domain)
    return (
        alt.Chart(table, title=title)
        .mark_circle(size=18, opacity=0.75)
        .encode(**encoding)
        .add_params(brush)
        .properties(height=440)
    )


def metric_vs_k_chart(
    sweep_rows: pd.DataFrame,
    *,
    metric: str,
    recommended_k: int | None = None,
    title: str | None = None,
) -> alt.LayerChart:
    """One sweep metric against the number of segments, the recommended k marked.

    Parameters
    ----------
    sweep_rows : pandas.DataFrame
        One row per k: a ``k`` column and the metric's column (``sg.sweep``);
        missing values (a metric the algorithm does not define) are left out.
    metric : str
        The column to draw, e.g. ``"silhouette"``.
    recommended_k : int, optional
        Marked with a dashed rule and a label when it is one of the rows' k.
    title : str, optional
        Chart title; by default the metric's name and which way is better.

    Returns
    -------
    altair.LayerChart
        A line with a point per k, then the rule and its label; a text notice
        when the metric has no value.

    Raises
    ------
    ValueError
        If ``k`` or the metric is not a column.

    Examples
    --------
    >>> rows = pd.DataFrame({"k": [2, 3, 4], "silhouette": [0.31, 0.45, 0.40]})
    >>> spec = metric_vs_k_chart(rows, metric="silhouette", recommended_k=3).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['line', 'rule', 'text']
    """
    for name in ("k", metric):
        if name not in sweep_rows:
            raise ValueError(f"The sweep rows lack a {name!r} column.")
    label = _METRICS.get(metric, metric)
    title = title or label.split(" (")[0]
    table = pd.DataFrame(
        {
            "k": pd.to_numeric(sweep_rows["k"], errors="coerce"),
            "value": pd.to_numeric(sweep_rows[metric], errors="coerce"),
        }
    ).dropna()
    table = table[np.isfinite(table["value"])].astype({"k": int}).sort_values("k")
    if table.empty:
        return alt.layer(_notice(title, f"{label.split(' (')[0]} is not defined here"))
    line = (
        alt.Chart(table, title=title)
        .mark_line(point=True, color=palette.BAR)
        .encode(
            x=alt.X(
                "k:Q", title="Number of segments (k)", axis=alt.Axis(tickMinStep=1)
            ),
            y=alt.Y("value:Q", title=label, scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("k:Q", title="k"),
                alt.Tooltip("value:Q", title=metric, format=",.4~g"),
            ],
        )
    )
    if recommended_k is None or recommended_k not in set(table["k"]):
        return alt.layer(line)
    mark = pd.DataFrame({"k": [recommended_k], "text": [f"k = {recommended_k}"]})
    rule = (
        alt.Chart(mark)
        .mark_rule(color=palette.ATTENTION, strokeDash=[4, 3])
        .encode(x="k:Q")
    )
    text = (
        alt.Chart(mark)
        .mark_text(align="left", dx=4, baseline="top", color=palette.ATTENTION)
        .encode(x="k:Q", y=alt.value(2), text="text:N")
    )
    return alt.layer(line, rule, text)


def segment_sizes_chart(
    summary: pd.DataFrame,
    *,
    title: str = "Customers per segment",
    order: Sequence[str] | None = None,
) -> alt.Chart:
    """Bars per segment: how many customers and what share, in the map's colours.

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per segment: ``segment`` and ``size``, optionally ``share`` (0 to
        1; computed from the sizes when absent) and ``segment_name`` (shown
        beside the number), as in the export summary.
    title : str
        Chart title.
    order : sequence of str, optional
        Segment labels in bar order (as for :func:`segment_map_chart`).

    Returns
    -------
    altair.Chart
        Horizontal bars, one data row per segment; a text notice when empty.

    Examples
    --------
    >>> s = pd.DataFrame({"segment": [1, 0], "size": [30, 70],
    ...                   "segment_name": ["Lapsed", "Loyal"]})
    >>> spec = segment_sizes_chart(s).to_dict()
    >>> [(r["label"], r["share"]) for r in spec["datasets"][spec["data"]["name"]]]
    [('0 · Loyal', 0.7), ('1 · Lapsed', 0.3)]
    """
    if summary.empty:
        return _notice(title, "No segments yet")
    sizes = pd.to_numeric(summary["size"], errors="coerce").fillna(0).astype(int)
    table = pd.DataFrame({"segment": _labels(summary["segment"]), "size": sizes})
    total = int(sizes.sum())
    share = summary["share"] if "share" in summary else sizes / max(total, 1)
    table["share"] = pd.to_numeric(share, errors="coerce").to_numpy(dtype=float)
    names = (
        summary["segment_name"].astype("string").fillna("").to_numpy()
        if "segment_name" in summary
        else [""] * len(table)
    )
    table["label"] = [
        f"{seg} · {name}" if name and name != seg else seg
        for seg, name in zip(table["segment"], names, strict=True)
    ]
    scale = _segment_scale(table["segment"], order)
    rank = {label: i for i, label in enumerate(scale.domain)}
    table = table.sort_values("segment", key=lambda s: s.map(rank), kind="stable")
    return (
        alt.Chart(table, title=title)
        .mark_bar()
        .encode(
            x=alt.X("size:Q", title="Customers"),
            y=alt.Y("label:N", title=None, sort=list(table["label"])),
            color=alt.Color("segment:N", scale=scale, legend=None),
            tooltip=[
                alt.Tooltip("label:N", title="Segment"),
                alt.Tooltip("size:Q", title="Customers", format=","),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
        .properties(height=alt.Step(22))
    )


def selection_profile_chart(
    profile: pd.DataFrame,
    *,
    title: str = "The selection against everyone",
    axis_title: str = "Selection minus everyone (standard deviations)",
    max_features: int = 15,
) -> alt.Chart:
    """Diverging bars: how the brushed customers differ from everyone, per feature.

    Parameters
    ----------
    profile : pandas.DataFrame
        One row per feature: ``feature``, ``difference`` (the selection's mean
        minus everyone's, in standard deviations of everyone, or for a category
        the difference of shares), and optionally ``selection`` and ``everyone``
        (the two values as they should read in the tooltip, e.g. "1,234.50").
    title, axis_title : str
        Chart and x-axis titles.
    max_features : int, default 15
        The features with the largest differences are drawn, at most this many.

    Returns
    -------
    altair.Chart
        Bars right (higher than everyone) or left (lower), largest difference on
        top; a text notice when there is nothing to compare.

    Examples
    --------
    >>> p = pd.DataFrame({"feature": ["age", "spend", "visits"],
    ...                   "difference": [-0.2, 1.5, None]})
    >>> spec = selection_profile_chart(p).to_dict()
    >>> [(r["feature"], r["direction"]) for r in spec["datasets"][spec["data"]["name"]]]
    [('spend', 'higher'), ('age', 'lower')]
    """
    table = pd.DataFrame(
        {
            "feature": profile["feature"].astype(str).to_numpy(),
            "difference": pd.to_numeric(profile["difference"], errors="coerce"),
        }
    )
    tips = [alt.Tooltip("feature:N", title="Feature")]
    for name, label in (("selection", "Selection"), ("everyone", "Everyone")):
        if name in profile:
            table[name] = profile[name].astype("string").fillna("").to_numpy()
            tips.append(alt.Tooltip(f"{name}:N", title=label))
    tips.append(alt.Tooltip("difference:Q", title="Difference", format="+.2f"))
    table = table[np.isfinite(table["difference"])]
    if table.empty:
        return _notice(title, "Nothing to compare")
    table = table.loc[
        table["difference"].abs().sort_values(ascending=False, kind="stable").index
    ].head(max_features)
    table["direction"] = np.where(table["difference"] >= 0, "higher", "lower")
    return (
        alt.Chart(table, title=title)
        .mark_bar()
        .encode(
            x=alt.X("difference:Q", title=axis_title),
            y=alt.Y("feature:N", title=None, sort=list(table["feature"])),
            color=alt.Color(
                "direction:N",
                scale=alt.Scale(
                    domain=["higher", "lower"], range=[palette.HIGHER, palette.LOWER]
                ),
                legend=alt.Legend(title="Than everyone", orient="bottom"),
            ),
            tooltip=tips,
        )
        .properties(height=alt.Step(22))
    )


def _labels(segments: pd.Series) -> list[str]:
    """Segment labels as text: 3 and 3.0 both read "3", missing reads "-1"."""
    out = []
    for value in segments.tolist():
        if value is None or (isinstance(value, float) and np.isnan(value)):
            out.append("-1")
        elif isinstance(value, float | np.floating) and float(value).is_integer():
            out.append(str(int(value)))
        else:
            out.append(str(value))
    return out


def _segment_scale(labels: Iterable[str], order: Sequence[str] | None) -> alt.Scale:
    present = list(dict.fromkeys(labels))
    domain = [str(s) for s in order] if order is not None else []
    domain += sorted((s for s in present if s not in domain), key=_natural)
    numbered = all(_is_int(s) for s in domain if s not in _UNASSIGNED)
    colours, spare = [], 0
    for label in domain:
        if label in _UNASSIGNED:
            colours.append(palette.UNASSIGNED_GREY)
        elif numbered:
            colours.append(
                palette.SEGMENT_COLOURS[int(label) % len(palette.SEGMENT_COLOURS)]
            )
        else:
            colours.append(
                palette.SEGMENT_COLOURS[spare % len(palette.SEGMENT_COLOURS)]
            )
            spare += 1
    return alt.Scale(domain=domain, range=colours)


def _natural(label: str) -> tuple[int, float, str]:
    if label in _UNASSIGNED:
        return (2, 0.0, label)
    return (0, float(int(label)), "") if _is_int(label) else (1, 0.0, label)


def _is_int(label: str) -> bool:
    return label.lstrip("-").isdigit()


def _notice(title: str, text: str) -> alt.Chart:
    table = pd.DataFrame({"text": [text]})
    return alt.Chart(table, title=title).mark_text(size=14).encode(text="text:N")
