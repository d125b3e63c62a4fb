"""The per-feature tables of a profile, and the traits that set segments apart.

Used by :func:`segmentation.describe.segment_profile.profile`; see there for the
definitions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from segmentation.schema.vocabulary import name_tokens

__all__ = (
    "MAX_TRAITS",
    "MIN_EFFECT",
    "MIN_LEVEL_SHARE",
    "MISSING_LEVEL",
    "TOP_LEVELS",
    "categorical_tables",
    "numeric_table",
    "traits_table",
)

#: The level that stands for a missing category.
MISSING_LEVEL = "(missing)"
#: Levels held by less than this share of a segment are not listed for it.
MIN_LEVEL_SHARE = 0.05
#: Levels listed per segment and categorical feature.
TOP_LEVELS = 3
#: Traits per segment, at most.
MAX_TRAITS = 5
#: Smallest absolute effect (std_diff or Cohen's h) that makes a trait.
MIN_EFFECT = 0.2


def _ordered(frame: pd.DataFrame, segments: list[int], features: list[str]):
    position = {s: i for i, s in enumerate(segments)}
    order = {f: i for i, f in enumerate(features)}
    keys = frame["segment"].map(position) * (len(order) + 1) + frame["feature"].map(
        order
    )
    return frame.iloc[np.argsort(keys.to_numpy(), kind="stable")].reset_index(drop=True)


def numeric_table(
    numbers: dict[str, pd.Series],
    segment_of: pd.Series,
    segments: list[int],
    labels_of: dict[str, str],
) -> pd.DataFrame:
    """Per segment and numeric feature: means, medians, std_diff, missing share.

    Parameters
    ----------
    numbers : dict of str to Series
        Each numeric feature's values (dates already in days).
    segment_of : Series
        Segment of each row, same index.
    segments : list of int
        Segments in display order.
    labels_of : dict of str to str
        Each feature's human label.

    Examples
    --------
    >>> t = numeric_table({"age": pd.Series([20.0, 30.0, 40.0, None])},
    ...                   pd.Series([0, 0, 1, 1]), [0, 1], {"age": "Age"})
    >>> t[["segment", "mean", "overall_mean", "missing_share"]].values.tolist()
    [[0.0, 25.0, 30.0, 0.0], [1.0, 40.0, 30.0, 0.5]]
    >>> t["std_diff"].round(4).tolist()  # std of 20, 30, 40 is 8.165
    [-0.6124, 1.2247]
    """
    columns = ["segment", "feature", "label", "mean", "median", "overall_mean"]
    columns += ["overall_median", "std_diff", "missing_share"]
    parts = []
    groups = segment_of.to_numpy()
    for feature, values in numbers.items():
        grouped = values.groupby(groups)
        mean = grouped.mean().reindex(segments)
        std = values.std(ddof=0)
        overall = values.mean()
        diff = (mean - overall) / std if std > 0 else mean * 0.0
        parts.append(
            pd.DataFrame(
                {
                    "segment": segments,
                    "feature": feature,
                    "label": labels_of[feature],
                    "mean": mean.to_numpy(),
                    "median": grouped.median().reindex(segments).to_numpy(),
                    "overall_mean": overall,
                    "overall_median": values.median(),
                    "std_diff": diff.to_numpy(),
                    "missing_share": values.isna()
                    .groupby(groups)
                    .mean()
                    .reindex(segments)
                    .to_numpy(),
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=columns)
    return _ordered(pd.concat(parts, ignore_index=True), segments, list(numbers))


def categorical_tables(
    levels: dict[str, pd.Series],
    segment_of: pd.Series,
    segments: list[int],
    labels_of: dict[str, str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Build the top-levels table, and each segment x feature's strongest level.

    Parameters
    ----------
    levels : dict of str to Series
        Each categorical feature's values as text, missing as :data:`MISSING_LEVEL`.
    segment_of, segments, labels_of
        As for :func:`numeric_table`.

    Returns
    -------
    tuple of DataFrame
        The :data:`TOP_LEVELS` levels of highest lift per segment and feature
        (share at least :data:`MIN_LEVEL_SHARE`), and the level of largest
        absolute Cohen's h per segment and feature (held by at least that share of
        the segment or of everyone; not the missing level), for traits.
    """
    columns = ["segment", "feature", "label", "level", "share", "overall_share"]
    columns += ["lift", "effect"]
    tops, strongest = [], []
    groups = segment_of.to_numpy()
    for feature, values in levels.items():
        counts = pd.crosstab(groups, values.to_numpy()).reindex(segments)
        share = counts.div(counts.sum(axis=1), axis=0)
        overall = values.value_counts(normalize=True).reindex(share.columns)
        for segment in segments:
            rows = pd.DataFrame(
                {
                    "segment": segment,
                    "feature": feature,
                    "label": labels_of[feature],
                    "level": share.columns.astype("str"),
                    "share": share.loc[segment].to_numpy(dtype="float64"),
                    "overall_share": overall.to_numpy(dtype="float64"),
                }
            )
            rows["lift"] = rows["share"] / rows["overall_share"]
            rows["effect"] = 2 * np.arcsin(np.sqrt(rows["share"])) - 2 * np.arcsin(
                np.sqrt(rows["overall_share"])
            )
            held = rows[rows["share"] >= MIN_LEVEL_SHARE]
            tops.append(
                held.sort_values(
                    ["lift", "share", "level"],
                    ascending=[False, False, True],
                    kind="stable",
                ).head(TOP_LEVELS)
            )
            seen = rows[
                (rows[["share", "overall_share"]].max(axis=1) >= MIN_LEVEL_SHARE)
                & (rows["level"] != MISSING_LEVEL)
            ]
            if len(seen):
                # Largest |h| first; on a tie, the level the segment has more of.
                strength = seen.assign(_abs=seen["effect"].abs().round(9))
                strongest.append(
                    strength.sort_values(
                        ["_abs", "effect"], ascending=False, kind="stable"
                    )
                    .head(1)
                    .drop(columns="_abs")
                )
    if not tops:
        return pd.DataFrame(columns=columns), pd.DataFrame(columns=columns)
    top = _ordered(pd.concat(tops, ignore_index=True), segments, list(levels))
    strong = pd.concat(strongest, ignore_index=True) if strongest else top.iloc[:0]
    return top, strong


def _fmt(value: float) -> str:
    """Format a figure for a sentence: 3,559 / 94 / 4.9 / 0.35."""
    if abs(value) >= 10:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.2f}"


def _numeric_text(row: pd.Series) -> str:
    label, mean, overall = row["label"], row["mean"], row["overall_mean"]
    days = label.endswith("(days ago)") or "days" in name_tokens(row["feature"])
    figures = f"({_fmt(mean)} vs {_fmt(overall)}{' days' if days else ''})"
    ratio = mean / overall if mean > 0 and overall > 0 else np.nan
    if ratio >= 1.5:
        return f"{label} {ratio:.1f}x the average {figures}"
    strong = abs(row["std_diff"]) >= 0.8 or ratio <= 0.5
    side = "above" if row["std_diff"] > 0 else "below"
    return f"{label} {'well ' if strong else ''}{side} average {figures}"


def _level_text(row: pd.Series) -> str:
    return (
        f"{row['share']:.0%} {row['label']} = {row['level']} vs "
        f"{row['overall_share']:.0%} overall"
    )


def traits_table(
    numeric: pd.DataFrame,
    level_traits: pd.DataFrame,
    segments: list[int],
    features: list[str],
) -> pd.DataFrame:
    """Rank each segment's traits: largest absolute effect first, at most five.

    Parameters
    ----------
    numeric : DataFrame
        From :func:`numeric_table` (``std_diff`` is the effect).
    level_traits : DataFrame
        The second table of :func:`categorical_tables` (Cohen's h is the effect).
    segments : list of int
    features : list of str
        Feature order, to break ties.
    """
    columns = ["segment", "rank", "feature", "kind", "effect", "text", "level"]
    candidates = []
    for _, row in numeric.dropna(subset=["std_diff"]).iterrows():
        candidates.append(
            (row["segment"], row["feature"], "numeric", row["std_diff"])
            + (_numeric_text(row), None)
        )
    for _, row in level_traits.iterrows():
        candidates.append(
            (row["segment"], row["feature"], "categorical", row["effect"])
            + (_level_text(row), row["level"])
        )
    frame = pd.DataFrame(
        candidates, columns=["segment", "feature", "kind", "effect", "text", "level"]
    )
    frame = frame[frame["effect"].abs() >= MIN_EFFECT]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    order = {f: i for i, f in enumerate(features)}
    frame = frame.assign(
        _strength=-frame["effect"].abs(), _order=frame["feature"].map(order)
    ).sort_values(["_strength", "_order"], kind="stable")
    picked = []
    for segment in segments:
        rows = frame[frame["segment"] == segment].head(MAX_TRAITS)
        picked.append(rows.assign(rank=np.arange(1, len(rows) + 1)))
    out = pd.concat(picked, ignore_index=True)
    out["segment"] = out["segment"].astype("int64")
    return out[columns]
