"""How a group of customers differs from everyone: the map's selection and tooltip.

:func:`selection_profile` compares a brushed group of the customer map with the
whole base, feature by feature (numbers in standard deviations, categories by the
level most over-represented in the group); :func:`key_features` ranks the numeric
features by how much of their variance the segments explain (eta squared), which
the map's tooltip shows first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from segmentation.recipe import Recipe

__all__ = ("key_features", "selection_profile")


def key_features(
    table: pd.DataFrame, labels: pd.Series, recipe: Recipe, top: int = 3
) -> list[str]:
    """Return the numeric features whose means differ most between segments.

    Ranked by the share of their variance explained by the segments (eta
    squared), so the tooltip shows what tells the segments apart.
    """
    numeric = [f.name for f in recipe.features if f.kind == "numeric"]
    scores = {}
    for name in numeric:
        values = pd.to_numeric(table[name], errors="coerce")
        total = values.var(ddof=0)
        if not total > 0:
            continue
        means = values.groupby(labels.to_numpy()).transform("mean")
        scores[name] = float(means.var(ddof=0) / total)
    return sorted(scores, key=lambda name: -scores[name])[:top]


def selection_profile(
    table: pd.DataFrame, selected: Sequence[Any], recipe: Recipe
) -> pd.DataFrame:
    """How the brushed customers differ from everyone, feature by feature.

    Parameters
    ----------
    table : pandas.DataFrame
        The typed table to segment (everyone).
    selected : list
        Index labels of the selected customers.
    recipe : Recipe
        Its features are compared.

    Returns
    -------
    pandas.DataFrame
        One row per feature (under the analyst's label when the recipe gives
        one): ``feature``, ``selection`` and ``everyone`` (the mean
        of a number, or the share of the category most over-represented in the
        selection, as text), and ``difference``: the selection's mean minus
        everyone's in standard deviations, or the share's difference in points
        of share (-1 to 1). Sorted by the size of the difference.
    """
    chosen = table.loc[selected]
    labels = dict(recipe.labels)
    rows = []
    for feature in recipe.features:
        if feature.name not in table:
            continue
        if feature.kind in ("numeric", "datetime"):
            row = _numeric_row(feature.name, table[feature.name], chosen)
        else:
            row = _category_row(feature.name, table[feature.name], chosen)
        if row is not None and feature.name in labels:
            row = (row[0].replace(feature.name, labels[feature.name], 1), *row[1:])
        rows.append(row)
    out = pd.DataFrame(
        [row for row in rows if row is not None],
        columns=["feature", "selection", "everyone", "difference"],
    )
    order = out["difference"].abs().sort_values(ascending=False, kind="stable").index
    return out.loc[order].reset_index(drop=True)


def _numeric_row(name: str, column: pd.Series, chosen: pd.DataFrame) -> tuple | None:
    values = _as_number(column)
    picked = _as_number(chosen[name])
    spread = values.std()
    if picked.notna().sum() == 0 or not spread > 0:
        return None
    mean, everyone = picked.mean(), values.mean()
    return (name, f"{mean:,.2f}", f"{everyone:,.2f}", (mean - everyone) / spread)


def _category_row(name: str, column: pd.Series, chosen: pd.DataFrame) -> tuple | None:
    values = column.astype("string").fillna("(missing)")
    picked = chosen[name].astype("string").fillna("(missing)")
    if picked.empty:
        return None
    lift = picked.value_counts(normalize=True).sub(
        values.value_counts(normalize=True), fill_value=0
    )
    level = str(lift.sort_values(ascending=False, kind="stable").index[0])
    inside = float((picked == level).mean())
    overall = float((values == level).mean())
    return (f"{name} = {level}", f"{inside:.0%}", f"{overall:.0%}", inside - overall)


def _as_number(values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return (values - values.min()).dt.days.astype(float)
    return pd.to_numeric(values, errors="coerce").astype(float)
