"""Find the categorical columns without structure: describe with them, don't split.

A column such as gender in a telecom's table is often independent of everything
else the customers do. Clustered on, it still splits the base (a 50/50 column is
the easiest split there is) into "male" and "female" twins with the same charges
and tenure. :func:`describe_only` finds such columns: categorical or yes/no
criteria associated with none of the other criteria, measured by an effect size
and a test from scipy (Cramér's V with the chi-square test against a categorical
column; the Kruskal-Wallis epsilon squared and test against a numeric or date
column). They are left out of the default criteria and still described.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from segmentation.recipe import Feature

__all__ = ("Association", "describe_only", "strongest_association")

#: Effect sizes below these are "none" (Cohen's small effects).
MIN_CRAMERS_V = 0.1
MIN_EPSILON_SQUARED = 0.01
#: ... and so is any effect the test cannot tell from chance at this level.
MAX_P_VALUE = 0.001
#: Rows looked at (a seeded sample above it): enough to see a small effect.
MAX_ROWS = 5000
_GROUPED = ("categorical", "boolean")
_ORDERED = ("numeric", "datetime")


@dataclass(frozen=True)
class Association:
    """How strongly one column goes with another.

    Attributes
    ----------
    column, other : str
        The categorical column and the criterion it is measured against.
    measure : str
        ``"Cramér's V"`` or ``"epsilon squared"``.
    size : float
        The effect size (0 for none).
    p_value : float
        The test's p-value.
    """

    column: str
    other: str
    measure: str
    size: float
    p_value: float

    @property
    def floor(self) -> float:
        """The smallest effect of its measure that counts (Cohen's small)."""
        return MIN_CRAMERS_V if self.measure == "Cramér's V" else MIN_EPSILON_SQUARED

    @property
    def is_real(self) -> bool:
        """True when the effect is at least small and not chance."""
        return self.size >= self.floor and self.p_value < MAX_P_VALUE


def strongest_association(
    typed: pd.DataFrame, column: str, others: Sequence[Feature]
) -> Association | None:
    """Find the strongest association of a categorical column with other criteria.

    Parameters
    ----------
    typed : DataFrame
        The typed table (``Schema.typed``).
    column : str
        A categorical or yes/no column of ``typed``.
    others : sequence of Feature
        The criteria to measure it against.

    Returns
    -------
    Association or None
        The real association with the largest effect, else the largest effect
        seen; None when there is nothing to measure against.
    """
    groups = _levels(typed[column])
    found = [
        a
        for other in others
        if other.name != column and other.name in typed.columns
        for a in [_association(groups, typed[other.name], other, column)]
        if a is not None
    ]
    if not found:
        return None
    return max(found, key=lambda a: (a.is_real, a.size / a.floor))


def describe_only(
    typed: pd.DataFrame, features: Sequence[Feature], *, seed: int = 0
) -> dict[str, Association | None]:
    """Find the categorical criteria associated with none of the other criteria.

    Parameters
    ----------
    typed : DataFrame
        The typed table (``Schema.typed``); above :data:`MAX_ROWS` rows a seeded
        sample is measured.
    features : sequence of Feature
        The candidate criteria.
    seed : int, default 0
        Seed of the sample.

    Returns
    -------
    dict
        Column -> its strongest (not real) association, for each categorical or
        yes/no criterion without a real one. Empty when no numeric or date
        criterion would remain to segment on, or there is nothing to compare.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> spend = np.r_[rng.normal(10, 1, 300), rng.normal(30, 1, 300)]
    >>> df = pd.DataFrame({"spend": spend,
    ...                    "plan": ["basic"] * 300 + ["plus"] * 300,
    ...                    "gender": rng.choice(["f", "m"], 600)})
    >>> kinds = {"spend": "numeric", "plan": "categorical", "gender": "categorical"}
    >>> sorted(describe_only(df, [Feature(n, k) for n, k in kinds.items()]))
    ['gender']
    """
    if not any(f.kind in _ORDERED for f in features):
        return {}
    sample = (
        typed if len(typed) <= MAX_ROWS else typed.sample(MAX_ROWS, random_state=seed)
    )
    out: dict[str, Association | None] = {}
    for feature in features:
        if feature.kind not in _GROUPED or feature.name not in sample.columns:
            continue
        strongest = strongest_association(sample, feature.name, features)
        if strongest is not None and not strongest.is_real:
            out[feature.name] = strongest
    return out


def _levels(values: pd.Series) -> pd.Series:
    text = values.astype("object")
    return text.where(text.notna(), "(missing)").astype(str)


def _association(
    groups: pd.Series, other: pd.Series, feature: Feature, column: str
) -> Association | None:
    if feature.kind in _GROUPED:
        table = pd.crosstab(groups, _levels(other))
        if min(table.shape) < 2:
            return None
        from scipy.stats import chi2_contingency
        from scipy.stats.contingency import association

        p_value = float(chi2_contingency(table.to_numpy()).pvalue)
        size = float(association(table.to_numpy(), method="cramer"))
        return Association(column, feature.name, "Cramér's V", size, p_value)
    if feature.kind not in _ORDERED:
        return None
    numbers = (
        pd.to_datetime(other, errors="coerce").astype("int64").where(other.notna())
        if feature.kind == "datetime"
        else pd.to_numeric(other, errors="coerce")
    )
    keep = numbers.notna()
    samples = [
        numbers[keep & (groups == level)].to_numpy(dtype=float)
        for level in groups[keep].unique()
    ]
    samples = [s for s in samples if len(s)]
    n = int(keep.sum())
    if len(samples) < 2 or n < 3 or np.ptp(numbers[keep].to_numpy(dtype=float)) == 0:
        return None
    from scipy.stats import kruskal  # importing scipy.stats takes 1-2 s

    result = kruskal(*samples)
    size = float(result.statistic) / (n - 1)
    return Association(
        column, feature.name, "epsilon squared", size, float(result.pvalue)
    )
