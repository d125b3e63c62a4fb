"""Per-segment profiles: sizes, figures per feature, distinguishing traits, value.

:func:`profile` describes a segmented table: how big each segment is, how its
customers differ from everyone on each feature of the recipe, the few traits that
set it apart most (as phrases a marketer reads), and what it is worth and how
likely it is to slip away (see :mod:`segmentation.describe.value`). Everything is a
plain pandas table, in segment order (0, 1, ... then -1, the unassigned rows).

Definitions:

- Numeric features: segment ``mean`` and ``median`` beside the overall ones
  (all rows, unassigned included); ``std_diff`` = (segment mean - overall mean) /
  overall standard deviation (population, ``ddof=0``), 0 when that deviation is 0.
  Missing values are skipped in every figure and counted in ``missing_share``.
  Dates are described as days before the reference day (``as_of``, or the day
  after the latest date in the table), their label ending in "(days ago)".
- Categorical features (and booleans, as Yes / No): the share of each level in
  the segment and overall, ``lift`` = share / overall share, and the effect size
  Cohen's h = 2 asin sqrt(share) - 2 asin sqrt(overall share). Missing values are
  the level "(missing)". The table keeps, per segment and feature, the
  :data:`TOP_LEVELS` levels of highest lift among those with a share of at least
  :data:`MIN_LEVEL_SHARE`.
- Traits: per segment, the features with the largest absolute effect (``std_diff``
  for numbers; for a category, the level with the largest absolute h among those
  held by at least :data:`MIN_LEVEL_SHARE` of the segment or of everyone),
  at most :data:`MAX_TRAITS` of them, each at least :data:`MIN_EFFECT`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from segmentation.choices import DEFAULT_HORIZON_DAYS
from segmentation.describe import value as pv
from segmentation.describe.ahead import table_value_ahead
from segmentation.describe.feature_tables import (
    MAX_TRAITS,
    MIN_EFFECT,
    MIN_LEVEL_SHARE,
    MISSING_LEVEL,
    TOP_LEVELS,
    categorical_tables,
    numeric_table,
    traits_table,
)
from segmentation.describe.inputs import SegmentedTable, segmented_table
from segmentation.describe.outcomes import observed_churn, outcome_table, rate_column
from segmentation.errors import InputError
from segmentation.recipe import Recipe
from segmentation.schema.infer import Schema
from segmentation.schema.vocabulary import readable_label

__all__ = (
    "MAX_TRAITS",
    "MIN_EFFECT",
    "MIN_LEVEL_SHARE",
    "MISSING_LEVEL",
    "TOP_LEVELS",
    "Profile",
    "human_label",
    "profile",
)

_VALUE_COLUMNS = (
    "revenue_share",
    "revenue_per_customer",
    "value_index",
    "churn_risk",
    "churn_level",
    "expected_value",
    "p_alive",
    "expected_total",
    "expected_share",
)


def human_label(name: str) -> str:
    """Write a column name as people do: underscores to spaces, first letter capital.

    Examples
    --------
    >>> human_label("total_spend"), human_label("Annual Income (k$)")
    ('Total spend', 'Annual Income (k$)')
    >>> human_label("MonthlyCharges"), human_label("MntWines")
    ('Monthly charges', 'Wines spend')
    """
    text = readable_label(name)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, eq=False)
class Profile:
    """What sets each segment apart, and what it is worth.

    Attributes
    ----------
    sizes : pandas.DataFrame
        Index ``segment``; columns ``size``, ``share`` (0-1).
    numeric : pandas.DataFrame
        One row per segment and numeric (or date) feature: ``segment``,
        ``feature``, ``label``, ``mean``, ``median``, ``overall_mean``,
        ``overall_median``, ``std_diff``, ``missing_share``.
    categorical : pandas.DataFrame
        ``segment``, ``feature``, ``label``, ``level``, ``share``,
        ``overall_share``, ``lift``, ``effect`` (Cohen's h); the top levels by lift.
    traits : pandas.DataFrame
        ``segment``, ``rank`` (1 = most distinguishing), ``feature``, ``kind``
        (numeric / categorical), ``effect``, ``text``, ``level`` (categorical).
    value : pandas.DataFrame
        Index ``segment``: ``customer_share``, ``revenue_share``,
        ``revenue_per_customer``, ``value_index``, ``churn_risk``, ``churn_level``,
        ``expected_value``, and the mean percentile ranks ``recency_percentile``,
        ``frequency_percentile``, ``value_percentile``, ``tenure_percentile``.
    value_column, recency_column, frequency_column, tenure_column : str or None
        The role columns used (see :mod:`segmentation.describe.value`).
    notes : tuple of str
        How value, churn risk and expected value were computed, or why not.
    total : int
        Customers (rows).
    features : tuple of str
        The described features.
    tenure_column : str or None
        The tenure column used, if any.
    outcomes : pandas.DataFrame
        Per segment and outcome column of the recipe: the rate beside everyone's
        (see :func:`segmentation.describe.outcomes.outcome_table`).
    common : pandas.DataFrame
        Per segment and categorical feature: its most common ``level`` and that
        level's ``share`` of the segment.
    churn_outcome : str or None
        The outcome column churn risk was observed from (its rate per segment),
        None when churn risk comes from recency and frequency.
    labels : dict of str to str
        The analyst's labels of columns (a recipe's ``labels``).
    value_basis : {"past", "expected"}
        What "high value" rests on in this profile: ``expected`` when the recipe
        asks for it and the models of a transaction log were fitted (``value``
        then has their figures), else ``past``.
    horizon_days : int
        The days ahead expected value counts over.
    """

    sizes: pd.DataFrame
    numeric: pd.DataFrame
    categorical: pd.DataFrame
    traits: pd.DataFrame
    value: pd.DataFrame
    value_column: str | None
    recency_column: str | None
    frequency_column: str | None
    notes: tuple[str, ...]
    total: int
    features: tuple[str, ...]
    tenure_column: str | None = None
    outcomes: pd.DataFrame | None = None
    common: pd.DataFrame | None = None
    churn_outcome: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    measures: dict[str, tuple[str, ...]] = field(default_factory=dict)
    value_basis: str = "past"
    horizon_days: int = DEFAULT_HORIZON_DAYS

    def label(self, column: str) -> str:
        """Return a column's readable label, lower case: the analyst's, or made."""
        given = self.labels.get(column)
        if not given:
            return readable_label(column)
        return given if given[:2].isupper() else given[:1].lower() + given[1:]

    @property
    def segments(self) -> list[int]:
        """Segment numbers in display order (-1 last)."""
        return [int(s) for s in self.sizes.index]

    def summary(self) -> pd.DataFrame:
        """One row per segment: size, share, figures per feature, value and risk.

        ``mean_<feature>`` for numbers (``mean_days_since_<feature>`` for dates),
        for categories ``most_common_<feature>``, the segment's most common level
        with its share (``"Mobile (72%)"``), and ``highest_lift_<feature>``, the
        level most over-represented against everyone with its share and lift
        (``"Tablet (12%, 2.4x)"``); ``<outcome>_rate`` for each
        outcome (a fraction); then revenue share, revenue per customer, value
        index, churn risk and level, expected value.
        """
        out = self.sizes.reset_index()
        for feature in dict.fromkeys(self.numeric["feature"]):
            rows = self.numeric[self.numeric["feature"] == feature]
            days = rows["label"].iloc[0].endswith("(days ago)")
            name = f"mean_days_since_{feature}" if days else f"mean_{feature}"
            out[name] = out["segment"].map(rows.set_index("segment")["mean"])
        common = self.common if self.common is not None else pd.DataFrame()
        for feature in dict.fromkeys(self.categorical["feature"]):
            rows = self.categorical[self.categorical["feature"] == feature]
            if not common.empty:
                mine = common[common["feature"] == feature].set_index("segment")
                held = mine["level"] + " (" + mine["share"].map("{:.0%}".format) + ")"
                out[f"most_common_{feature}"] = out["segment"].map(held)
            first = rows.drop_duplicates("segment").set_index("segment")
            top = (
                first["level"]
                + " ("
                + first["share"].map("{:.0%}".format)
                + ", "
                + first["lift"].map("{:.1f}x".format)
                + ")"
            )
            out[f"highest_lift_{feature}"] = out["segment"].map(top)
        outcomes = self.outcomes if self.outcomes is not None else pd.DataFrame()
        for name in dict.fromkeys(outcomes.get("outcome", ())):
            rows = outcomes[outcomes["outcome"] == name].set_index("segment")
            out[rate_column(name)] = out["segment"].map(rows["rate"])
        for column in _VALUE_COLUMNS:
            out[column] = out["segment"].map(self.value[column])
        return out


def profile(
    df: pd.DataFrame,
    labels: np.ndarray | pd.Series,
    recipe: Recipe,
    *,
    schema: Schema | None = None,
    as_of: str | None = None,
) -> Profile:
    """Describe each segment of a segmented table.

    Parameters
    ----------
    df : pandas.DataFrame
        The segmented table, one row per customer: typed (as
        :func:`segmentation.workflow.prepare` gives it) or as read (text cells).
    labels : array-like of int
        Segment of each row, by position: 0..k-1, -1 for unassigned.
    recipe : Recipe
        Its features and described columns are described; its id column never
        is.
    schema : Schema, optional
        Roles of the text columns; inferred from ``df`` when not given (the
        recipe's feature kinds always win).
    as_of : str, optional
        ``YYYY-MM-DD``: the day dates count back from; by default the recipe's
        transaction ``as_of``, else the day after the latest date in the table.

    Returns
    -------
    Profile

    Raises
    ------
    InputError
        No rows, labels that do not match the rows, or a feature the table lacks.

    Examples
    --------
    >>> from segmentation.recipe import Feature
    >>> df = pd.DataFrame({"spend": ["10", "20", "30", "100", "120"],
    ...                    "device": ["Web", "Web", "App", "App", "App"]})
    >>> r = Recipe(features=(Feature("spend", "numeric"),
    ...                      Feature("device", "categorical")))
    >>> p = profile(df, [1, 1, 1, 0, 0], r)
    >>> p.sizes["size"].tolist(), p.value_column
    ([2, 3], 'spend')
    >>> p.traits.loc[p.traits["segment"] == 0, "text"].tolist()
    ['100% Device = App vs 60% overall', 'Spend 2.0x the average (110 vs 56)']
    """
    return profile_of(segmented_table(df, labels, recipe, schema=schema), as_of=as_of)


def profile_of(data: SegmentedTable, *, as_of: str | None = None) -> Profile:
    """Describe each segment of a table made ready by :func:`segmented_table`.

    See :func:`profile`, which makes the table ready and calls this.

    Parameters
    ----------
    data : SegmentedTable
    as_of : str, optional
        ``YYYY-MM-DD``: the day dates count back from (see :func:`profile`).

    Returns
    -------
    Profile
    """
    recipe, table, segment_of = data.recipe, data.table, data.labels
    features = [
        f
        for f in recipe.profiled
        if f.name != recipe.id_column and f.name in table.columns
    ]
    reference = _reference(table, recipe, as_of)
    segments = data.segments
    numbers, levels, labels_of = _feature_values(
        table, features, reference, dict(recipe.labels)
    )
    numeric = numeric_table(numbers, segment_of, segments, labels_of)
    categorical, level_traits = categorical_tables(
        levels, segment_of, segments, labels_of
    )
    traits = traits_table(numeric, level_traits, segments, [f.name for f in features])
    roles = pv.find_role_columns(table, recipe.id_column, dict(recipe.measures))
    ahead = table_value_ahead(table, recipe.horizon_days)
    figures = pv.customer_figures(table, roles, reference, ahead)
    counts = segment_of.value_counts().reindex(segments)
    sizes = pd.DataFrame(
        {
            "size": counts.to_numpy(dtype="int64"),
            "share": counts.to_numpy() / len(table),
        },
        index=pd.Index(segments, name="segment"),
    )
    notes = pv.value_notes(roles, figures, reference, dict(recipe.labels), ahead)
    notes += _feature_notes(numbers, levels, labels_of, reference)
    value = pv.value_table(figures, segment_of, segments)
    outcomes = outcome_table(table, recipe.outcomes, segment_of, segments)
    churn = observed_churn(outcomes)
    if churn is not None:
        value["churn_risk"] = churn.risk.reindex(value.index)
        value["churn_level"] = churn.level.reindex(value.index).fillna("unknown")
        notes = tuple(n for n in notes if not n.startswith(pv.CHURN_NOTE_STARTS))
        notes += (churn.note,)
    return Profile(
        sizes=sizes,
        numeric=numeric,
        categorical=categorical,
        traits=traits,
        value=value,
        value_column=roles.value,
        recency_column=roles.recency,
        frequency_column=roles.frequency,
        notes=notes,
        total=len(table),
        features=tuple(f.name for f in features),
        tenure_column=roles.tenure,
        outcomes=outcomes,
        common=_most_common(levels, segment_of, segments),
        churn_outcome=churn.outcome if churn is not None else None,
        labels=dict(recipe.labels),
        measures=dict(recipe.measures),
        value_basis=(
            "expected"
            if recipe.value_basis == "expected" and ahead is not None and ahead.fitted
            else "past"
        ),
        horizon_days=recipe.horizon_days,
    )


def _most_common(
    levels: dict[str, pd.Series], segment_of: pd.Series, segments: list[int]
) -> pd.DataFrame:
    """Per segment and categorical feature: the most common level and its share."""
    rows = []
    groups = segment_of.to_numpy()
    for feature, values in levels.items():
        shares = pd.crosstab(groups, values.to_numpy(), normalize="index")
        for segment in segments:
            if segment not in shares.index:
                continue
            row = shares.loc[segment]
            rows.append(
                {
                    "segment": int(segment),
                    "feature": feature,
                    "level": str(row.idxmax()),
                    "share": float(row.max()),
                }
            )
    return pd.DataFrame(rows, columns=["segment", "feature", "level", "share"])


def _reference(
    table: pd.DataFrame, recipe: Recipe, as_of: str | None
) -> pd.Timestamp | None:
    given = as_of or (recipe.transactions.as_of if recipe.transactions else None)
    if given:
        try:
            return pd.Timestamp(given).normalize()
        except (ValueError, TypeError):
            raise InputError(f"as_of {given!r} is not a date (YYYY-MM-DD).") from None
    latest = [
        table[c].max()
        for c in table.columns
        if pd.api.types.is_datetime64_any_dtype(table[c].dtype)
    ]
    latest = [d for d in latest if pd.notna(d)]
    return max(latest).normalize() + pd.Timedelta(days=1) if latest else None


def _feature_values(table, features, reference, given):
    """Split features into numbers (dates as days) and text levels, with labels.

    ``given`` holds the analyst's labels (column -> label) over the made ones.
    """
    numbers: dict[str, pd.Series] = {}
    levels: dict[str, pd.Series] = {}
    labels: dict[str, str] = {}
    for feature in features:
        values = table[feature.name]
        labels[feature.name] = given.get(feature.name) or human_label(feature.name)
        if feature.kind in ("categorical", "boolean"):
            levels[feature.name] = _levels(values)
        elif pd.api.types.is_datetime64_any_dtype(values.dtype):
            numbers[feature.name] = (
                (reference - values) / pd.Timedelta(days=1)
                if reference is not None
                else pd.Series(np.nan, index=values.index)
            )
            labels[feature.name] += " (days ago)"
        else:
            numbers[feature.name] = pd.to_numeric(values, errors="coerce").astype(
                "float64"
            )
    return numbers, levels, labels


def _levels(values: pd.Series) -> pd.Series:
    """Values as level text: whole numbers without '.0', booleans as Yes/No."""

    def text(value: object) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return MISSING_LEVEL
        if isinstance(value, bool | np.bool_):
            return "Yes" if value else "No"
        if isinstance(value, float | np.floating) and float(value).is_integer():
            return str(int(value))
        return str(value)

    return pd.Series([text(v) for v in values.tolist()], index=values.index)


def _feature_notes(numbers, levels, labels_of, reference) -> tuple[str, ...]:
    notes = []
    if any(label.endswith("(days ago)") for label in labels_of.values()):
        notes.append(
            f"Dates are described as days before {reference:%Y-%m-%d} (days ago)."
        )
    gaps = [
        f"{name} ({int(values.isna().sum()):,})"
        for name, values in numbers.items()
        if values.isna().any()
    ]
    gaps += [
        f"{name} ({int((values == MISSING_LEVEL).sum()):,})"
        for name, values in levels.items()
        if (values == MISSING_LEVEL).any()
    ]
    if gaps:
        notes.append(
            "Missing values are skipped in means and shown as missing_share for "
            f"numbers and as the level {MISSING_LEVEL} for categories: "
            f"{', '.join(gaps)}."
        )
    return tuple(notes)
