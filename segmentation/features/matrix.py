"""Turn a typed customer table into the numeric matrix that clustering works on.

:func:`build` assembles a scikit-learn ``ColumnTransformer`` (pandas output) from a
:class:`~segmentation.recipe.Recipe`: one pipeline per criteria family and kind of
column. Numbers are log-transformed when skewed, clipped, scaled and imputed (with
a missing-value indicator); dates become "days since"; booleans 0/1; categories
one-hot with rare levels grouped. Each family's columns are weighted so that its
total pull is proportional to its weight, however many columns it has, with one
limit: a categorical column's share (its whole one-hot block) is never larger
than an average numeric column's share, so a lone categorical in its own family
cannot outweigh the numeric structure (a 50/50 column is the easiest split there
is); the family's weight then multiplies the share as for any column.
"""

from __future__ import annotations

import math
from collections import defaultdict

from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, RobustScaler, StandardScaler

from segmentation.errors import InputError
from segmentation.features.transformers import (
    DaysSince,
    QuantileClipper,
    SkewLog1p,
    ToFloat,
    ToText,
    Weight,
)
from segmentation.recipe import Preprocessing, Recipe

__all__ = ("build",)


def build(recipe: Recipe, *, as_of: str | None = None) -> ColumnTransformer:
    """Build the (unfitted) transformer from a table to the feature matrix.

    Parameters
    ----------
    recipe : Recipe
        Its features, family weights and preprocessing are used.
    as_of : str, optional
        Reference day for "days since" on date features; by default the day after
        the latest date in the data the transformer is fitted on.

    Returns
    -------
    sklearn.compose.ColumnTransformer
        With pandas output; fit it on the typed table (``Schema.typed``).

    Raises
    ------
    InputError
        When the recipe has no features.

    Examples
    --------
    >>> import pandas as pd
    >>> from segmentation.recipe import Feature
    >>> r = Recipe(features=(Feature("spend", "numeric", "behavioral"),
    ...                      Feature("tier", "categorical", "behavioral")))
    >>> df = pd.DataFrame({"spend": [10.0, None, 30.0], "tier": ["a", "b", None]})
    >>> build(r).fit_transform(df).shape
    (3, 5)
    """
    if not recipe.features:
        raise InputError("Choose at least one column to segment on.")
    groups: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    per_family: dict[str | None, int] = defaultdict(int)
    for feature in recipe.features:
        groups[(feature.family, feature.kind)].append(feature.name)
        per_family[feature.family] += 1
    cap = _categorical_cap(recipe, per_family)
    transformers = []
    for (family, kind), columns in groups.items():
        share = 1 / math.sqrt(per_family[family])
        if kind == "categorical" and cap is not None:
            share = min(share, cap)
        factor = recipe.weight(family) * share
        name = f"{kind}_{family or 'other'}"
        transformers.append(
            (name, _pipeline(kind, recipe.preprocessing, factor, as_of), columns)
        )
    transformer = ColumnTransformer(
        transformers, remainder="drop", verbose_feature_names_out=False
    )
    return transformer.set_output(transform="pandas")


def _categorical_cap(recipe: Recipe, per_family: dict[str | None, int]) -> float | None:
    """Return the mean share of the numeric and date columns (None: there are none)."""
    shares = [
        1 / math.sqrt(per_family[f.family])
        for f in recipe.features
        if f.kind in ("numeric", "datetime")
    ]
    return sum(shares) / len(shares) if shares else None


def _pipeline(
    kind: str, options: Preprocessing, factor: float, as_of: str | None
) -> Pipeline:
    if kind == "categorical":
        steps = [
            ("text", ToText()),
            (
                "onehot",
                OneHotEncoder(
                    min_frequency=options.rare_share or None,
                    handle_unknown="infrequent_if_exist",
                    sparse_output=False,
                ),
            ),
        ]
    elif kind == "boolean":
        steps = [
            ("float", ToFloat()),
            (
                "impute",
                SimpleImputer(
                    strategy="most_frequent", add_indicator=options.missing_indicator
                ),
            ),
        ]
    else:
        steps = [("days", DaysSince(as_of=as_of))] if kind == "datetime" else []
        steps += _numeric_steps(options)
    steps.append(("weight", Weight(factor)))
    return Pipeline(steps)


def _numeric_steps(options: Preprocessing) -> list[tuple[str, object]]:
    steps: list[tuple[str, object]] = [("float", ToFloat())]
    steps.append(
        ("log1p", SkewLog1p(mode=options.log1p, threshold=options.skew_threshold))
    )
    if options.clip:
        steps.append(("clip", QuantileClipper(options.clip_lower, options.clip_upper)))
    if options.scaling == "robust":
        steps.append(("scale", RobustScaler(unit_variance=True)))
    elif options.scaling == "standard":
        steps.append(("scale", StandardScaler()))
    steps.append(
        (
            "impute",
            SimpleImputer(
                strategy=options.impute,
                add_indicator=options.missing_indicator,
                keep_empty_features=True,
            ),
        )
    )
    return steps
