"""Turn a typed customer table into the numeric matrix that clustering works on.

:func:`build` assembles a scikit-learn ``ColumnTransformer`` (pandas output) from a
:class:`~segmentation.recipe.Recipe`: one pipeline per criteria family and kind of
column. Numbers are log-transformed when skewed, clipped, scaled and imputed (with
a missing-value indicator); dates become "days since"; booleans 0/1; categories
one-hot with rare levels grouped. Each family's columns are weighted so that its
total pull is proportional to its weight, however many columns it has.
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
    transformers = []
    for (family, kind), columns in groups.items():
        factor = recipe.weight(family) / math.sqrt(per_family[family])
        name = f"{kind}_{family or 'other'}"
        transformers.append(
            (name, _pipeline(kind, recipe.preprocessing, factor, as_of), columns)
        )
    transformer = ColumnTransformer(
        transformers, remainder="drop", verbose_feature_names_out=False
    )
    return transformer.set_output(transform="pandas")


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
