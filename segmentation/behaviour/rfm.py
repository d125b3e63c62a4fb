"""RFM scores (1-5 by quintile) and named RFM segments from rules held as data.

:func:`rfm_scores` adds ``r_score``, ``f_score`` and ``m_score`` to a behaviour
table; :func:`rfm_segments` names each customer by the first matching
:class:`RFMRule`. The rules are plain data (:data:`DEFAULT_RFM_RULES`): pass your
own to move a threshold, and store them in a recipe with :func:`rules_to_dicts` /
:func:`rules_from_dicts`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields

import numpy as np
import pandas as pd

from segmentation.errors import InputError

__all__ = (
    "DEFAULT_RFM_RULES",
    "RFMRule",
    "rfm_scores",
    "rfm_segments",
    "rules_from_dicts",
    "rules_to_dicts",
)

SCORE_COLUMNS = ("r_score", "f_score", "m_score")


@dataclass(frozen=True, slots=True)
class RFMRule:
    """A named RFM segment: inclusive ranges of r, f and m scores (1-5).

    Attributes
    ----------
    name : str
        The segment name.
    r_min, r_max, f_min, f_max : int
        Recency and frequency score ranges, both ends included.
    m_min, m_max : int, default 1 and 5
        Monetary score range; the default accepts every score.
    description : str
        Who the segment is, in a sentence.

    Examples
    --------
    >>> rule = RFMRule("Champions", 5, 5, 4, 5, description="Best customers.")
    >>> RFMRule.from_dict(rule.to_dict()) == rule
    True
    >>> rule.matches(np.array([5, 4]), np.array([5, 5]), np.array([1, 1])).tolist()
    [True, False]
    """

    name: str
    r_min: int
    r_max: int
    f_min: int
    f_max: int
    m_min: int = 1
    m_max: int = 5
    description: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InputError(f"An RFM rule needs a name, not {self.name!r}.")
        if self.description is None:  # an emptied cell in an edited table
            object.__setattr__(self, "description", "")
        if not isinstance(self.description, str):
            raise InputError(f"RFM rule {self.name!r}: the description must be text.")
        for axis in "rfm":
            low, high = getattr(self, f"{axis}_min"), getattr(self, f"{axis}_max")
            for bound in (low, high):
                if isinstance(bound, bool) or not isinstance(bound, int | np.integer):
                    raise InputError(
                        f"RFM rule {self.name!r}: {axis} bounds must be whole "
                        f"numbers 1-5, not {bound!r}."
                    )
            if not 1 <= low <= high <= 5:
                raise InputError(
                    f"RFM rule {self.name!r}: {axis}_min {low} and {axis}_max "
                    f"{high} must satisfy 1 <= min <= max <= 5."
                )

    def matches(self, r: np.ndarray, f: np.ndarray, m: np.ndarray) -> np.ndarray:
        """Say, for each customer, whether its scores fall in this rule's ranges."""
        return (
            (r >= self.r_min)
            & (r <= self.r_max)
            & (f >= self.f_min)
            & (f <= self.f_max)
            & (m >= self.m_min)
            & (m <= self.m_max)
        )

    def to_dict(self) -> dict[str, str | int]:
        """Return the rule as a plain dict (JSON-ready)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> RFMRule:
        """Build a rule from :meth:`to_dict` output; unknown keys are refused."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(
                f"RFM rule {data.get('name', '?')!r}: unknown key(s) "
                f"{', '.join(unknown)}; expected {', '.join(sorted(known))}."
            )
        missing = [
            k for k in ("name", "r_min", "r_max", "f_min", "f_max") if k not in data
        ]
        if missing:
            raise InputError(
                f"RFM rule {data.get('name', '?')!r}: missing {', '.join(missing)}."
            )
        return cls(**data)  # type: ignore[arg-type]


#: The widely used R x F grid, with "Lost" carved out of its corner by spend.
#: Evaluated in order, first match wins; the grid covers all 25 (r, f) cells.
# fmt: off
DEFAULT_RFM_RULES: tuple[RFMRule, ...] = (
    #       name                 r_min/max f_min/max m_min/max
    RFMRule("Champions",          5, 5,     4, 5,     1, 5,
            "Bought recently and buy often."),
    RFMRule("Loyal",              3, 4,     4, 5,     1, 5,
            "Buy often; respond to loyalty offers."),
    RFMRule("Potential loyalist", 4, 5,     2, 3,     1, 5,
            "Recent customers with a few orders."),
    RFMRule("New",                5, 5,     1, 1,     1, 5,
            "Bought for the first time, recently."),
    RFMRule("Promising",          4, 4,     1, 1,     1, 5,
            "Fairly recent, one order so far."),
    RFMRule("Need attention",     3, 3,     3, 3,     1, 5,
            "Average recency and frequency; starting to slip."),
    RFMRule("About to sleep",     3, 3,     1, 2,     1, 5,
            "Few orders and fading recency."),
    RFMRule("Can't lose them",    1, 2,     5, 5,     1, 5,
            "Used to buy the most often, but have not come back."),
    RFMRule("At risk",            1, 2,     3, 4,     1, 5,
            "Bought often, but long ago."),
    RFMRule("Lost",               1, 1,     1, 2,     1, 2,
            "Lowest recency, frequency and spend."),
    RFMRule("Hibernating",        1, 2,     1, 2,     1, 5,
            "Few orders, long ago."),
)
# fmt: on


def rules_to_dicts(rules: Iterable[RFMRule]) -> list[dict[str, str | int]]:
    """Turn rules into plain dicts, in order, for a JSON recipe.

    Examples
    --------
    >>> rules_from_dicts(rules_to_dicts(DEFAULT_RFM_RULES)) == DEFAULT_RFM_RULES
    True
    """
    return [rule.to_dict() for rule in rules]


def rules_from_dicts(items: Iterable[Mapping[str, object]]) -> tuple[RFMRule, ...]:
    """Read rules back from :func:`rules_to_dicts` output; InputError when malformed."""
    rules = []
    for item in items:
        if not isinstance(item, Mapping):
            raise InputError(f"An RFM rule must be a mapping, not {item!r}.")
        rules.append(RFMRule.from_dict(item))
    return tuple(rules)


def _quintiles(values: pd.Series) -> np.ndarray:
    """1-5 by rank: ties broken by row order, so the five bins are equal in size."""
    rank = values.rank(method="first").to_numpy(dtype=np.int64)
    n = len(values)
    return (rank * 5 + n - 1) // n


def rfm_scores(
    behaviour: pd.DataFrame,
    *,
    recency: str = "recency_days",
    frequency: str = "frequency",
    monetary: str = "monetary",
) -> pd.DataFrame:
    """Add r_score, f_score and m_score: 1-5 by quintile of rank.

    Each column is ranked (``rank(method="first")``: equal values in row order)
    and the ranks are cut into five equal bins, so all five scores exist even when
    a third of the customers share one value (one-time buyers). Recency is
    reversed: the most recent fifth gets ``r_score`` 5. Higher frequency and
    monetary give higher scores. Rows from
    :func:`~segmentation.behaviour.transactions.customer_behaviour` are ordered by
    customer id, which makes the tie-breaking deterministic.

    Parameters
    ----------
    behaviour : pandas.DataFrame
        One row per customer.
    recency, frequency, monetary : str
        The column names.

    Returns
    -------
    pandas.DataFrame
        A copy with ``r_score``, ``f_score``, ``m_score`` (int64) added.

    Examples
    --------
    >>> b = pd.DataFrame({"recency_days": [1, 5, 9, 30, 200],
    ...                   "frequency": [1, 1, 1, 1, 8],
    ...                   "monetary": [10.0, 50.0, 20.0, 5.0, 900.0]})
    >>> rfm_scores(b)[["r_score", "f_score", "m_score"]].values.tolist()
    [[5, 1, 2], [4, 2, 4], [3, 3, 3], [2, 4, 1], [1, 5, 5]]
    """
    names = {"recency": recency, "frequency": frequency, "monetary": monetary}
    absent = [f"{c!r} (the {r} column)" for r, c in names.items() if c not in behaviour]
    if absent:
        raise InputError(
            f"No column {', '.join(absent)}; columns are: "
            f"{', '.join(map(str, behaviour.columns))}."
        )
    for role, column in names.items():
        values = behaviour[column]
        if not pd.api.types.is_numeric_dtype(values.dtype):
            raise InputError(f"Column {column!r} (the {role} column) is not numeric.")
        if values.isna().any():
            raise InputError(
                f"Column {column!r} (the {role} column) has {int(values.isna().sum())}"
                " missing values; fill or drop them before scoring."
            )
    out = behaviour.copy()
    if len(out):
        out["r_score"] = 6 - _quintiles(behaviour[recency])
        out["f_score"] = _quintiles(behaviour[frequency])
        out["m_score"] = _quintiles(behaviour[monetary])
    else:
        for column in SCORE_COLUMNS:
            out[column] = pd.Series(dtype=np.int64)
    return out


def rfm_segments(
    table: pd.DataFrame,
    rules: Sequence[RFMRule] | None = None,
    *,
    other: str = "Other",
    recency: str = "recency_days",
    frequency: str = "frequency",
    monetary: str = "monetary",
) -> pd.DataFrame:
    r"""Add RFM scores (when absent) and a named segment, ``rfm_segment``.

    Rules are evaluated in order and the first match wins; a customer no rule
    matches gets ``other``. The default rules, :data:`DEFAULT_RFM_RULES`, are the
    widely used R x F grid (r_score down, f_score across), with "Lost" taking
    the Hibernating customers of r_score 1 whose m_score is 1-2:

    ==================  =======  =======  =======
    rfm_segment         r_score  f_score  m_score
    ==================  =======  =======  =======
    Champions           5        4-5      any
    Loyal               3-4      4-5      any
    Potential loyalist  4-5      2-3      any
    New                 5        1        any
    Promising           4        1        any
    Need attention      3        3        any
    About to sleep      3        1-2      any
    Can't lose them     1-2      5        any
    At risk             1-2      3-4      any
    Lost                1        1-2      1-2
    Hibernating         1-2      1-2      any
    ==================  =======  =======  =======

    The same as a grid (Ch Champions, Lo Loyal, PL Potential loyalist, Ne New,
    Pr Promising, NA Need attention, AS About to sleep, CL Can't lose them,
    AR At risk, Hi Hibernating, Lt Lost)::

        r_score \ f_score   1      2      3    4    5
        5                   Ne     PL     PL   Ch   Ch
        4                   Pr     PL     PL   Lo   Lo
        3                   AS     AS     NA   Lo   Lo
        2                   Hi     Hi     AR   AR   CL
        1                   Hi/Lt  Hi/Lt  AR   AR   CL

    Parameters
    ----------
    table : pandas.DataFrame
        A behaviour table, with or without scores.
    rules : sequence of RFMRule, optional
        Your own rules; :data:`DEFAULT_RFM_RULES` by default.
    other : str
        The catch-all name.
    recency, frequency, monetary : str
        Column names, used when the scores have to be computed.

    Returns
    -------
    pandas.DataFrame
        A copy with ``r_score``, ``f_score``, ``m_score`` and ``rfm_segment``.

    Examples
    --------
    >>> scores = pd.DataFrame({"r_score": [5, 1, 1, 3], "f_score": [5, 5, 1, 3],
    ...                        "m_score": [5, 4, 1, 3]})
    >>> rfm_segments(scores)["rfm_segment"].tolist()
    ['Champions', "Can't lose them", 'Lost', 'Need attention']
    >>> rfm_segments(scores, [RFMRule("Top", 4, 5, 4, 5)])["rfm_segment"].tolist()
    ['Top', 'Other', 'Other', 'Other']
    """
    rules = DEFAULT_RFM_RULES if rules is None else tuple(rules)
    if not all(isinstance(rule, RFMRule) for rule in rules):
        raise InputError("RFM rules must be RFMRule objects (see rules_from_dicts).")
    if all(column in table.columns for column in SCORE_COLUMNS):
        out = table.copy()
    else:
        out = rfm_scores(table, recency=recency, frequency=frequency, monetary=monetary)
    r, f, m = (out[c].to_numpy() for c in SCORE_COLUMNS)
    names = np.full(len(out), other, dtype=object)
    todo = np.ones(len(out), dtype=bool)
    for rule in rules:
        hit = todo & rule.matches(r, f, m)
        names[hit] = rule.name
        todo &= ~hit
    out["rfm_segment"] = pd.array(names, dtype="str")
    return out
