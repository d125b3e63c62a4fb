"""Two segments side by side, or one segment against everyone else, with tests.

:func:`compare_segments` puts the two groups' sizes, value, outcome rates and
every profiled trait side by side and tests each difference:

- **Numbers** (a numeric trait, the value measure): the means side by side, the
  difference in standard deviations of everyone (a standardised effect), and
  scipy's two-sided Mann-Whitney U test (no normality assumed: spend and counts
  are skewed).
- **Categories**: the level whose share differs most, its two shares, Cohen's h
  as the effect, and scipy's chi-square test of the whole level-by-group table.
- **Yes/no traits and outcomes**: the share saying yes (the outcome's own level),
  Cohen's h, and statsmodels' two-proportion z-test.

p-values are adjusted for the number of comparisons with Holm's method
(statsmodels); a difference is significant when its adjusted p-value is under
:data:`ALPHA`. Rows are sorted by the size of the effect. "Everyone else" is
every assigned customer outside the first segment: two groups of different
customers, as the tests need.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from segmentation.describe import value as pv
from segmentation.describe.inputs import SegmentedTable, segmented_table
from segmentation.describe.outcomes import outcome_flags
from segmentation.describe.segment_profile import human_label
from segmentation.errors import InputError
from segmentation.recipe import Recipe
from segmentation.schema import Schema

__all__ = (
    "ALPHA",
    "COMPARISON_COLUMNS",
    "EVERYONE_ELSE",
    "Comparison",
    "compare",
    "compare_segments",
)

#: Significance level of the adjusted p-values.
ALPHA = 0.05
#: The second group when it is not a segment.
EVERYONE_ELSE = "everyone else"
#: Columns of :attr:`Comparison.traits`.
COMPARISON_COLUMNS = (
    "trait",
    "kind",
    "first",
    "second",
    "difference",
    "effect",
    "test",
    "p_value",
    "p_adjusted",
    "significant",
)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two groups of customers compared.

    Attributes
    ----------
    first, second : str
        What the groups are ("segment 2", "everyone else").
    sizes : tuple of int
        Customers in each group.
    shares : tuple of float
        Their shares of all customers.
    traits : pandas.DataFrame
        :data:`COMPARISON_COLUMNS`, one row per trait, largest effect first.
        ``kind`` is ``mean`` (``first``/``second`` are means, ``difference``
        their difference) or ``share`` (shares of a level, named in ``trait``).
    """

    first: str
    second: str
    sizes: tuple[int, int]
    shares: tuple[float, float]
    traits: pd.DataFrame


def compare_segments(
    table: pd.DataFrame,
    labels: np.ndarray | pd.Series,
    recipe: Recipe,
    segment: int,
    other: int | None = None,
    *,
    schema: Schema | None = None,
) -> Comparison:
    """Compare a segment with another, or with everyone else.

    Parameters
    ----------
    table : pandas.DataFrame
        The segmented table, as :func:`segmentation.describe.describe` takes it.
    labels : array-like of int
        Segment of each row (-1: unassigned, in neither group).
    recipe : Recipe
        Its profiled columns, outcomes, measures and labels are compared.
    segment : int
        The first segment.
    other : int, optional
        The second segment; everyone else when None.
    schema : Schema, optional
        Roles of the table's text columns.

    Returns
    -------
    Comparison

    Raises
    ------
    InputError
        As :func:`compare`.
    """
    data = segmented_table(table, labels, recipe, schema=schema)
    return compare(data, segment, other)


def compare(data: SegmentedTable, segment: int, other: int | None = None) -> Comparison:
    """Compare two groups of a table whose labels are already checked.

    See :func:`compare_segments`.

    Parameters
    ----------
    data : SegmentedTable
        The typed table and its labels (see
        :func:`segmentation.describe.inputs.segmented_table`).
    segment : int
        The first segment.
    other : int, optional
        The second segment; everyone else when None.

    Returns
    -------
    Comparison

    Raises
    ------
    InputError
        A segment that is not in the labels, the same segment twice, or a group
        without customers.
    """
    labels = data.labels.to_numpy()
    known = set(labels.tolist()) - {-1}
    for s in (segment, other):
        if s is not None and s not in known:
            raise InputError(f"There is no segment {s}.")
    if other == segment:
        raise InputError("Pick two different segments to compare.")
    first = labels == segment
    second = (
        labels == other if other is not None else (labels != segment) & (labels != -1)
    )
    if not first.any() or not second.any():
        raise InputError("One of the groups has no customers.")
    rows = _trait_rows(data, first, second)
    traits = pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))
    if not traits.empty:
        traits["p_adjusted"] = _holm(traits["p_value"].to_numpy(dtype=float))
        traits["significant"] = traits["p_adjusted"] < ALPHA
        order = traits["effect"].abs().sort_values(ascending=False, kind="stable")
        traits = traits.loc[order.index].reset_index(drop=True)
    total = len(labels)
    sizes = (int(first.sum()), int(second.sum()))
    return Comparison(
        first=f"segment {segment}",
        second=f"segment {other}" if other is not None else EVERYONE_ELSE,
        sizes=sizes,
        shares=(sizes[0] / total, sizes[1] / total),
        traits=traits,
    )


def _label(data: SegmentedTable, column: str) -> str:
    given = dict(data.recipe.labels).get(column)
    return given or human_label(column)


def _trait_rows(data: SegmentedTable, first: np.ndarray, second: np.ndarray) -> list:
    recipe, table = data.recipe, data.table
    rows = []
    roles = pv.find_role_columns(table, recipe.id_column, dict(recipe.measures))
    profiled = {f.name for f in recipe.profiled}
    if roles.value is not None and roles.value not in profiled:
        figures = pv.customer_figures(table, roles, None)
        trait = f"{_label(data, roles.value)} (value)"
        row = _mean_row(trait, figures["value"], first, second)
        rows += [row] if row else []
    for outcome in recipe.outcomes:
        if outcome in table.columns:
            flags, level = outcome_flags(table[outcome])
            trait = f"{_label(data, outcome)} = {level}"
            row = _share_row(trait, flags, first, second)
            rows += [row] if row else []
    for feature in recipe.profiled:
        if feature.name not in table.columns or feature.name == recipe.id_column:
            continue
        values = table[feature.name]
        label = _label(data, feature.name)
        if feature.name == roles.value:
            label += " (value)"
        if feature.kind == "numeric":
            row = _mean_row(label, values, first, second)
        elif feature.kind == "boolean" or pd.api.types.is_bool_dtype(values.dtype):
            flags, level = outcome_flags(values)
            row = _share_row(f"{label} = {level}", flags, first, second)
        elif feature.kind == "categorical":
            row = _level_row(label, values, first, second)
        else:
            row = None
        rows += [row] if row else []
    return rows


def _mean_row(trait: str, values: pd.Series, first, second) -> tuple | None:
    from scipy.stats import mannwhitneyu

    numbers = pd.to_numeric(values, errors="coerce").astype("float64").to_numpy()
    a, b = numbers[first], numbers[second]
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    spread = np.nanstd(numbers)
    if len(a) == 0 or len(b) == 0 or not spread > 0:
        return None
    p = float(mannwhitneyu(a, b, alternative="two-sided").pvalue)
    difference = float(a.mean() - b.mean())
    return (trait, "mean", float(a.mean()), float(b.mean()), difference,
            difference / spread, "Mann-Whitney U", p, np.nan, False)  # fmt: skip


def _cohen_h(a: float, b: float) -> float:
    return float(2 * np.arcsin(np.sqrt(a)) - 2 * np.arcsin(np.sqrt(b)))


def _share_row(trait: str, flags: pd.Series, first, second) -> tuple | None:
    from statsmodels.stats.proportion import proportions_ztest

    known = flags.notna().to_numpy()
    yes = flags.fillna(False).astype(bool).to_numpy()
    n = np.array([(first & known).sum(), (second & known).sum()])
    count = np.array([(first & yes).sum(), (second & yes).sum()])
    if n.min() == 0 or count.sum() in (0, n.sum()):
        return None
    a, b = count / n
    p = float(proportions_ztest(count, n)[1])
    return (trait, "share", float(a), float(b), float(a - b), _cohen_h(a, b),
            "two-proportion z", p, np.nan, False)  # fmt: skip


def _level_row(label: str, values: pd.Series, first, second) -> tuple | None:
    from scipy.stats import chi2_contingency

    text = values.astype("string").fillna("(missing)").to_numpy()
    group = np.where(first, "first", np.where(second, "second", ""))
    inside = group != ""
    counts = pd.crosstab(text[inside], group[inside])
    if counts.shape[0] < 2 or counts.shape[1] < 2:
        return None
    shares = counts / counts.sum()
    gap = (shares["first"] - shares["second"]).abs()
    level = str(gap.sort_values(ascending=False, kind="stable").index[0])
    a, b = float(shares.at[level, "first"]), float(shares.at[level, "second"])
    p = float(chi2_contingency(counts.to_numpy())[1])
    return (f"{label} = {level}", "share", a, b, a - b, _cohen_h(a, b),
            "chi-square", p, np.nan, False)  # fmt: skip


def _holm(p_values: np.ndarray) -> np.ndarray:
    from statsmodels.stats.multitest import multipletests

    return multipletests(p_values, alpha=ALPHA, method="holm")[1]
