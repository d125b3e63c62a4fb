"""Outcome rates per segment: how often what the marketer cares about happened.

An outcome column records a result (churned, responded, exited, complained). It is
not segmented on; instead each segment's rate of it is set beside everyone's, so a
segment reads "Churn: 42% vs 27% overall".

Which value counts as "it happened": True for yes/no columns; for other two-valued
columns the level whose words say so (``Attrited Customer``, ``True.``,
``Churned``), else the rarer level. Missing values are left out of the rate and
counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from segmentation.schema.vocabulary import (
    CHURN_OUTCOME_WORDS,
    POSITIVE_OUTCOME_WORDS,
    name_tokens,
)

__all__ = (
    "CHURN_LIFT_HIGH",
    "CHURN_LIFT_MEDIUM",
    "OUTCOME_COLUMNS",
    "ObservedChurn",
    "observed_churn",
    "outcome_flags",
    "outcome_sentence",
    "outcome_table",
    "rate_column",
)

#: With observed churn, a segment's churn level is high from this multiple of the
#: overall churn rate...
CHURN_LIFT_HIGH = 1.3
#: ... and medium from this one (low below).
CHURN_LIFT_MEDIUM = 1.1

#: Columns of :func:`outcome_table`.
OUTCOME_COLUMNS = (
    "segment",
    "outcome",
    "level",
    "rate",
    "overall_rate",
    "lift",
    "count",
    "known",
)


def outcome_flags(values: pd.Series) -> tuple[pd.Series, str]:
    """Say for each customer whether the outcome happened, and which level that is.

    Parameters
    ----------
    values : pandas.Series
        The outcome column, typed (booleans) or as text.

    Returns
    -------
    tuple of (Series, str)
        A nullable boolean Series (NA where the value is missing) and the level
        that counts as the outcome, as written (``"Yes"`` for booleans).

    Examples
    --------
    >>> flags, level = outcome_flags(pd.Series(["Existing", "Attrited", "Existing"]))
    >>> flags.tolist(), level
    ([False, True, False], 'Attrited')
    >>> outcome_flags(pd.Series([True, False, None]))[0].tolist()
    [True, False, <NA>]
    """
    missing = values.isna()
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("boolean"), "Yes"
    text = values.astype("str").where(~missing)
    levels = text.dropna().value_counts()
    if levels.empty:
        return pd.Series(pd.NA, index=values.index, dtype="boolean"), ""
    level = _positive_level(levels)
    flags = (text == level).astype("boolean").where(~missing, pd.NA)
    return flags, level


def _positive_level(counts: pd.Series) -> str:
    """Return the level that says the outcome happened, else the rarer one."""
    for level in counts.index:
        words = set(name_tokens(re.sub(r"[^\w\s-]", " ", str(level))))
        if words & POSITIVE_OUTCOME_WORDS:
            return str(level)
    return str(counts.index[-1])


def outcome_table(
    table: pd.DataFrame,
    outcomes: tuple[str, ...] | list[str],
    segment_of: pd.Series,
    segments: list[int],
) -> pd.DataFrame:
    """Per segment and outcome: its rate beside everyone's.

    Parameters
    ----------
    table : pandas.DataFrame
        The segmented table (typed or text), same index as ``segment_of``.
    outcomes : sequence of str
        The outcome columns; those the table lacks are skipped.
    segment_of : pandas.Series
        Segment of each row.
    segments : list of int
        Segments in display order.

    Returns
    -------
    pandas.DataFrame
        :data:`OUTCOME_COLUMNS`: ``level`` is the value counted, ``rate`` the share
        of the segment's known values that are it (NaN when none is known),
        ``overall_rate`` the same over every row, ``lift`` = rate / overall rate,
        ``count`` the segment's customers with it, ``known`` those with a value.

    Examples
    --------
    >>> t = outcome_table(pd.DataFrame({"Churn": ["Yes", "No", "No", "Yes"]}),
    ...                   ["Churn"], pd.Series([0, 0, 1, 1]), [0, 1])
    >>> t[["segment", "level", "rate", "overall_rate", "count"]].values.tolist()
    [[0, 'Yes', 0.5, 0.5, 1], [1, 'Yes', 0.5, 0.5, 1]]
    """
    rows = []
    groups = segment_of.to_numpy()
    for name in outcomes:
        if name not in table.columns:
            continue
        flags, level = outcome_flags(table[name])
        hit = flags.fillna(False).astype("int64")
        known = flags.notna().astype("int64")
        count = hit.groupby(groups).sum().reindex(segments, fill_value=0)
        seen = known.groupby(groups).sum().reindex(segments, fill_value=0)
        overall = hit.sum() / known.sum() if known.sum() else np.nan
        for segment in segments:
            n_known = int(seen[segment])
            rate = count[segment] / n_known if n_known else np.nan
            rows.append(
                {
                    "segment": int(segment),
                    "outcome": name,
                    "level": level,
                    "rate": float(rate),
                    "overall_rate": float(overall),
                    "lift": float(rate / overall) if overall else np.nan,
                    "count": int(count[segment]),
                    "known": n_known,
                }
            )
    return pd.DataFrame(rows, columns=list(OUTCOME_COLUMNS))


def rate_column(outcome: str) -> str:
    """Name of the summary column holding an outcome's rate (``<outcome>_rate``).

    Examples
    --------
    >>> rate_column("Churn")
    'Churn_rate'
    """
    return f"{outcome}_rate"


@dataclass(frozen=True, slots=True)
class ObservedChurn:
    """Churn risk read from an outcome that records who left.

    Attributes
    ----------
    outcome : str
        The outcome column (``Churn``, ``Exited``, ``Attrition_Flag``).
    risk : pandas.Series
        Index segment: the segment's churn rate.
    level : pandas.Series
        Index segment: ``high``, ``medium``, ``low`` or ``unknown``.
    note : str
        How it was read, for the profile's notes.
    """

    outcome: str
    risk: pd.Series
    level: pd.Series
    note: str


def observed_churn(outcomes: pd.DataFrame) -> ObservedChurn | None:
    """Churn risk per segment from the first outcome named like churn, if any.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        From :func:`outcome_table`.

    Returns
    -------
    ObservedChurn or None
        None when no outcome says the customer left.

    Examples
    --------
    >>> t = outcome_table(pd.DataFrame({"Exited": [True, True, False, False, False]}),
    ...                   ["Exited"], pd.Series([0, 0, 0, 1, 1]), [0, 1])
    >>> found = observed_churn(t)
    >>> found.risk.round(2).tolist(), found.level.tolist()
    ([0.67, 0.0], ['high', 'low'])
    """
    for name in dict.fromkeys(outcomes["outcome"]):
        if not set(name_tokens(name)) & CHURN_OUTCOME_WORDS:
            continue
        rows = outcomes[outcomes["outcome"] == name].set_index("segment")
        overall = float(rows["overall_rate"].iloc[0])
        level = pd.Series(
            [_churn_level(rate, overall) for rate in rows["rate"]], index=rows.index
        )
        note = (
            f"Churn risk is observed: the share of each segment with {name} = "
            f"{rows['level'].iloc[0]} ({overall:.0%} overall); high from "
            f"{CHURN_LIFT_HIGH:g}x the overall rate, medium from "
            f"{CHURN_LIFT_MEDIUM:g}x, low below."
        )
        return ObservedChurn(name, rows["rate"], level, note)
    return None


def _churn_level(rate: float, overall: float) -> str:
    if pd.isna(rate) or not overall > 0:
        return "unknown"
    if rate >= CHURN_LIFT_HIGH * overall:
        return "high"
    return "medium" if rate >= CHURN_LIFT_MEDIUM * overall else "low"


def outcome_sentence(row: pd.Series | dict) -> str:
    """Write one row of :func:`outcome_table` as a phrase: rate vs everyone's.

    Examples
    --------
    >>> outcome_sentence({"outcome": "Churn", "level": "Yes", "rate": 0.42,
    ...                   "overall_rate": 0.27, "count": 84, "known": 200})
    'Churn = Yes: 42% vs 27% overall (84 of 200)'
    """
    rate, overall = row["rate"], row["overall_rate"]
    if pd.isna(rate):
        return f"{row['outcome']} = {row['level']}: not known for this segment"
    return (
        f"{row['outcome']} = {row['level']}: {rate:.0%} vs {overall:.0%} overall "
        f"({int(row['count']):,} of {int(row['known']):,})"
    )
