"""Altair chart builders: pure functions that take tables and return ``alt.Chart``.

Every builder aggregates or samples before charting, so a chart never carries more
than a few thousand rows to the browser (``MAX_CHART_ROWS``) whatever the size of
the data (the customer map and the other Tune charts are in
:mod:`segmentation.charts.tune`). Colours come from
:mod:`segmentation.charts.palette`.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from segmentation.charts import palette

__all__ = (
    "MAX_CHART_ROWS",
    "distribution_chart",
    "missing_share_chart",
    "rfm_heatmap_chart",
    "segment_size_chart",
)

#: The most rows any chart built here ships to the browser.
MAX_CHART_ROWS = 5_000

_MISSING_LABEL = "(missing)"

_NUMERIC_ROLES = frozenset({"numeric"})
_DATETIME_ROLES = frozenset({"datetime"})
_CATEGORY_ROLES = frozenset({"categorical", "boolean"})


def missing_share_chart(
    columns: pd.DataFrame,
    *,
    high: float = 0.5,
    max_columns: int = 60,
) -> alt.Chart:
    """Bar chart of the share of missing values, for the columns that have any.

    Parameters
    ----------
    columns : pandas.DataFrame
        One row per column of the data, with at least ``name`` (column name) and
        ``missing_share`` (0 to 1), such as ``QualityReport.columns``; a
        ``missing`` count, when present, shows in the tooltip.
    high : float, default 0.5
        Columns missing more than this share are drawn in a warning colour.
    max_columns : int, default 60
        Draw at most this many columns, those with the largest missing share.

    Returns
    -------
    altair.Chart
        Horizontal bars sorted by missing share, largest first; a text notice
        when no column has missing values.

    Examples
    --------
    >>> cols = pd.DataFrame({"name": ["age", "email"], "missing_share": [0.1, 0.0]})
    >>> spec = missing_share_chart(cols).to_dict()
    >>> spec["mark"]["type"], spec["encoding"]["x"]["field"]
    ('bar', 'missing_share')
    >>> [row["name"] for row in spec["datasets"][spec["data"]["name"]]]
    ['age']
    """
    title = "Share of missing values per column"
    shares = pd.to_numeric(columns["missing_share"], errors="coerce").fillna(0.0)
    counts = columns["missing"] if "missing" in columns else shares * np.nan
    table = pd.DataFrame(
        {
            "name": columns["name"].astype(str).to_numpy(),
            "missing_share": shares.to_numpy(dtype=float),
            "missing": pd.to_numeric(counts, errors="coerce").to_numpy(dtype=float),
        }
    )
    table = table[table["missing_share"] > 0]
    if table.empty:
        return _empty_chart(title, "No missing values in any column")
    table = table.sort_values(
        ["missing_share", "name"], ascending=[False, True], kind="stable"
    ).head(max_columns)
    table["level"] = np.where(table["missing_share"] > high, "high", "ok")
    top = max(0.05, float(table["missing_share"].max()))
    return (
        alt.Chart(table, title=title)
        .mark_bar()
        .encode(
            x=alt.X(
                "missing_share:Q",
                title="Missing share",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, min(1.0, top)], nice=True),
            ),
            y=alt.Y("name:N", title=None, sort=None),
            color=alt.Color(
                "level:N",
                scale=alt.Scale(
                    domain=["ok", "high"], range=[palette.BAR, palette.ATTENTION]
                ),
                legend=alt.Legend(
                    title=f"More than {high:.0%} missing",
                    orient="bottom",
                    labelExpr=_yes_no_expr(),
                ),
            ),
            tooltip=[
                alt.Tooltip("name:N", title="Column"),
                alt.Tooltip("missing_share:Q", title="Missing share", format=".1%"),
                alt.Tooltip("missing:Q", title="Missing cells", format=","),
            ],
        )
        .properties(height=alt.Step(22))
    )


def distribution_chart(
    values: pd.Series,
    role: str,
    title: str,
    *,
    bins: int = 30,
    top: int = 20,
) -> alt.Chart:
    """Distribution of one column: a histogram or a bar chart of top categories.

    Parameters
    ----------
    values : pandas.Series
        The column's values, parsed (numbers as floats, dates as datetimes) or as
        text; text is parsed here with missing on failure.
    role : str
        The column's role: ``"numeric"`` and ``"datetime"`` give a histogram,
        ``"categorical"`` and ``"boolean"`` a bar chart of the most frequent values.
    title : str
        Chart title, usually the column name.
    bins : int, default 30
        Number of histogram bins.
    top : int, default 20
        Number of categories drawn; the rest are summed into one "Other" bar and
        missing values get a bar of their own.

    Returns
    -------
    altair.Chart
        The chart, built from at most ``max(bins, top + 2)`` aggregated rows.

    Raises
    ------
    ValueError
        If ``role`` has no distribution chart (id, text, pii).

    Examples
    --------
    >>> ages = pd.Series([31.0, 45.0, 45.5, 62.0])
    >>> spec = distribution_chart(ages, "numeric", "age").to_dict()
    >>> spec["mark"]["type"], len(spec["datasets"][spec["data"]["name"]]) <= 30
    ('bar', True)
    """
    if role in _NUMERIC_ROLES:
        return _histogram(pd.to_numeric(values, errors="coerce"), title, bins=bins)
    if role in _DATETIME_ROLES:
        return _date_histogram(values, title, bins=bins)
    if role in _CATEGORY_ROLES:
        return _top_categories(values, title, top=top)
    raise ValueError(f"No distribution chart for a column with role {role!r}.")


def rfm_heatmap_chart(
    scored: pd.DataFrame,
    *,
    recency: str = "r_score",
    frequency: str = "f_score",
    monetary: str = "monetary",
    scores: int = 5,
) -> alt.Chart:
    """Recency x frequency grid coloured by the mean monetary value of each cell.

    Parameters
    ----------
    scored : pandas.DataFrame
        One row per customer with integer recency and frequency scores (1 to
        ``scores``, higher is better) and a monetary value, such as the output of
        ``segmentation.behaviour.transactions.rfm_segments``.
    recency, frequency, monetary : str
        Names of those three columns.
    scores : int, default 5
        Scores run from 1 to this; every cell of the grid is drawn, empty ones
        included (count 0, no colour).

    Returns
    -------
    altair.Chart
        ``rect`` marks, ``scores`` x ``scores`` rows of data: frequency score on
        x, recency score on y (best at the top), colour the mean monetary value;
        the tooltip gives both scores, the customer count and the mean.

    Examples
    --------
    >>> scored = pd.DataFrame({"r_score": [5, 5, 1], "f_score": [4, 4, 1],
    ...                        "monetary": [100.0, 300.0, 20.0]})
    >>> spec = rfm_heatmap_chart(scored).to_dict()
    >>> spec["mark"]["type"], len(spec["datasets"][spec["data"]["name"]])
    ('rect', 25)
    >>> [row for row in spec["datasets"][spec["data"]["name"]]
    ...  if row["count"]][-1]
    {'r_score': 5, 'f_score': 4, 'count': 2, 'mean_monetary': 200.0}
    """
    grid = pd.DataFrame(
        {
            "r": pd.to_numeric(scored[recency], errors="coerce"),
            "f": pd.to_numeric(scored[frequency], errors="coerce"),
            "m": pd.to_numeric(scored[monetary], errors="coerce"),
        }
    ).dropna(subset=["r", "f"])
    grid = grid.astype({"r": "int64", "f": "int64"})
    cells = pd.MultiIndex.from_product(
        [range(1, scores + 1), range(1, scores + 1)], names=["r", "f"]
    )
    stats = grid.groupby(["r", "f"])["m"].agg(["size", "mean"]).reindex(cells)
    table = pd.DataFrame(
        {
            recency: cells.get_level_values("r").to_numpy(dtype=int),
            frequency: cells.get_level_values("f").to_numpy(dtype=int),
            "count": stats["size"].fillna(0).to_numpy(dtype=int),
            "mean_monetary": stats["mean"].to_numpy(dtype=float),
        }
    )
    axis_values = list(range(1, scores + 1))
    return (
        alt.Chart(table, title="Customers by recency and frequency score")
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X(
                f"{frequency}:O",
                title="Frequency score (5 = most orders)",
                sort=axis_values,
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y(
                f"{recency}:O",
                title="Recency score (5 = most recent)",
                sort=axis_values[::-1],
            ),
            color=alt.Color(
                "mean_monetary:Q",
                title="Mean monetary",
                scale=alt.Scale(scheme=palette.SEQUENTIAL_SCHEME),
            ),
            tooltip=[
                alt.Tooltip(f"{recency}:O", title="Recency score"),
                alt.Tooltip(f"{frequency}:O", title="Frequency score"),
                alt.Tooltip("count:Q", title="Customers", format=","),
                alt.Tooltip("mean_monetary:Q", title="Mean monetary", format=",.2f"),
            ],
        )
        .properties(width=alt.Step(44), height=alt.Step(44))
    )


def segment_size_chart(
    labels: pd.Series,
    *,
    title: str = "Customers per segment",
    order: list[str] | None = None,
) -> alt.Chart:
    """Horizontal bars: how many customers each segment holds, and their share.

    Parameters
    ----------
    labels : pandas.Series
        One segment name per customer (missing values are left out).
    title : str
        Chart title.
    order : list of str, optional
        The order of the bars; by default the largest segment first, ties by name.
        Segments listed here but absent from ``labels`` get an empty bar.

    Returns
    -------
    altair.Chart
        One row of data per segment: ``segment``, ``count`` and ``share`` (0 to
        1, of the labelled customers); a text notice when there is no label.

    Examples
    --------
    >>> labels = pd.Series(["Loyal", "Lost", "Loyal", "New"])
    >>> spec = segment_size_chart(labels).to_dict()
    >>> [(r["segment"], r["count"]) for r in spec["datasets"][spec["data"]["name"]]]
    [('Loyal', 2), ('Lost', 1), ('New', 1)]
    """
    counts = labels.dropna().astype(str).value_counts()
    if order is None:
        counts = counts.sort_index(kind="stable").sort_values(
            ascending=False, kind="stable"
        )
    else:
        extra = [name for name in counts.index if name not in order]
        counts = counts.reindex([*order, *extra], fill_value=0)
    if counts.empty:
        return _empty_chart(title, "No customers to count")
    total = int(counts.sum())
    table = pd.DataFrame(
        {
            "segment": [str(name) for name in counts.index],
            "count": counts.to_numpy(dtype=int),
            "share": counts.to_numpy(dtype=float) / total if total else 0.0,
        }
    )
    return (
        alt.Chart(table, title=title)
        .mark_bar(color=palette.BAR)
        .encode(
            x=alt.X("count:Q", title="Customers"),
            y=alt.Y("segment:N", title=None, sort=list(table["segment"])),
            tooltip=[
                alt.Tooltip("segment:N", title="Segment"),
                alt.Tooltip("count:Q", title="Customers", format=","),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
        .properties(height=alt.Step(22))
    )


# ---------------------------------------------------------------------------
# Builders behind distribution_chart
# ---------------------------------------------------------------------------


def _histogram(numbers: pd.Series, title: str, *, bins: int) -> alt.Chart:
    finite = numbers.to_numpy(dtype=float, na_value=np.nan)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return _empty_chart(title)
    counts, edges = np.histogram(finite, bins=max(1, bins))
    table = pd.DataFrame({"start": edges[:-1], "end": edges[1:], "count": counts})
    return (
        alt.Chart(table, title=title)
        .mark_bar(color=palette.BAR)
        .encode(
            x=alt.X("start:Q", title=title, bin="binned"),
            x2="end:Q",
            y=alt.Y("count:Q", title="Rows"),
            tooltip=[
                alt.Tooltip("start:Q", title="From", format=",.4~g"),
                alt.Tooltip("end:Q", title="To", format=",.4~g"),
                alt.Tooltip("count:Q", title="Rows", format=","),
            ],
        )
    )


def _date_histogram(values: pd.Series, title: str, *, bins: int) -> alt.Chart:
    if not pd.api.types.is_datetime64_any_dtype(values):
        values = pd.to_datetime(values, errors="coerce", format="mixed")
    stamps = values.dropna()
    if stamps.empty:
        return _empty_chart(title)
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_convert(None)
    ns = stamps.astype("datetime64[ns]").astype("int64").to_numpy()
    counts, edges = np.histogram(ns, bins=max(1, bins))
    table = pd.DataFrame(
        {
            "start": pd.to_datetime(edges[:-1].astype("int64")),
            "end": pd.to_datetime(edges[1:].astype("int64")),
            "count": counts,
        }
    )
    return (
        alt.Chart(table, title=title)
        .mark_bar(color=palette.BAR)
        .encode(
            x=alt.X("start:T", title=title),
            x2="end:T",
            y=alt.Y("count:Q", title="Rows"),
            tooltip=[
                alt.Tooltip("start:T", title="From"),
                alt.Tooltip("end:T", title="To"),
                alt.Tooltip("count:Q", title="Rows", format=","),
            ],
        )
    )


def _top_categories(values: pd.Series, title: str, *, top: int) -> alt.Chart:
    counts = values.dropna().astype(str).value_counts(sort=True)
    counts = counts.sort_index(kind="stable").sort_values(
        ascending=False, kind="stable"
    )
    shown = counts.head(max(1, top))
    labels = [str(label) for label in shown.index]
    sizes = [int(size) for size in shown.to_numpy()]
    kinds = ["value"] * len(labels)
    rest = counts.iloc[len(shown) :]
    if len(rest):
        labels.append(f"Other ({len(rest):,} more values)")
        sizes.append(int(rest.sum()))
        kinds.append("other")
    n_missing = int(values.isna().sum())
    if n_missing:
        labels.append(_MISSING_LABEL)
        sizes.append(n_missing)
        kinds.append("missing")
    if not labels:
        return _empty_chart(title)
    table = pd.DataFrame({"value": labels, "count": sizes, "kind": kinds})
    return (
        alt.Chart(table, title=title)
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title="Rows"),
            y=alt.Y("value:N", title=None, sort=labels),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(
                    domain=["value", "other", "missing"],
                    range=[palette.BAR, palette.OTHER_LEVELS, palette.MISSING],
                ),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("value:N", title=title),
                alt.Tooltip("count:Q", title="Rows", format=","),
            ],
        )
        .properties(height=alt.Step(22))
    )


def _empty_chart(title: str, notice: str = "No values to show") -> alt.Chart:
    table = pd.DataFrame({"text": [notice]})
    return alt.Chart(table, title=title).mark_text(size=14).encode(text="text:N")


def _yes_no_expr() -> str:
    return "datum.label == 'high' ? 'yes' : 'no'"
