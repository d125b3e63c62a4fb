"""The figures a segment's message rests on, and the rule that picks its objective.

:func:`segment_facts` gathers, for one segment of a
:class:`~segmentation.describe.segment_profile.Profile`, what :func:`choose_objective`
and the copy need: its shares, value index, churn risk, the means of the recency,
frequency, tenure and value columns (when they were features; otherwise only their mean
percentile ranks are known), the typical order value (value mean / frequency mean), an
interest level that stands out, and its most telling traits.

**Objective rule** (first match wins; thresholds are module constants):

1. *onboard*: new customers. With a tenure column, a mean tenure percentile at
   most :data:`NEW_TENURE_PERCENTILE`; without one, at most
   :data:`NEW_MAX_ORDERS` orders on average (or a frequency percentile at most
   0.2) and a recency percentile at most 0.5 (bought recently).
2. *win back*: churn level high and past value (value index at least
   :data:`PAST_VALUE_INDEX`, or value unknown); high risk with little past value
   gets *nurture*, a low-cost touch. When churn was observed (an outcome column
   such as Churn gives the segment's rate), a high rate is *retain*: the
   customers still in the segment are the ones to keep.
3. *retain*: churn level medium.
4. *reward*: value index at least :data:`REWARD_INDEX` (low or unknown risk);
   with no value column, a frequency percentile at least 0.7 and low risk. On
   the expected basis (a profile whose ``value_basis`` is ``expected``) the
   index is the segment's share of expected value over its customer share, and
   the reason says so; win back always looks at past value.
5. *upsell*: room to grow: orders worth less than :data:`ROOM_ORDER_RATIO` of
   everyone's typical order, or a frequency percentile below 0.5, or a value
   percentile at least 0.15 below the frequency percentile (small baskets).
6. *nurture*: everything else.

Without value and recency columns the objective comes from the traits: a tenure-like
feature at least 0.8 standard deviations below average is *onboard*; spending
or activity (spend, purchases, visits, opens, ...) at least 0.5 above is
*reward*; a high income (0.5 above) is *upsell*; else *nurture*.

A segment is **bargain-like** (tone "value-focused") when its orders are worth
less than :data:`BARGAIN_ORDER_RATIO` of everyone's (or its value percentile is
0.2 below its frequency percentile) and it answers campaigns (a campaign,
coupon or discount feature 0.5 above average; without one, a frequency
percentile of at least 0.6).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

import pandas as pd

from segmentation.choices import DEFAULT_HORIZON_DAYS
from segmentation.describe.segment_profile import Profile
from segmentation.messaging.channel_advice import ChannelAdvice, figure_text
from segmentation.schema.vocabulary import (
    ACTIVITY_WORDS,
    CAPACITY_WORDS,
    NEWNESS_WORDS,
    RESPONSE_WORDS,
    VAGUE_LEVELS,
    name_tokens,
    names_an_interest,
)

__all__ = (
    "BARGAIN_ORDER_RATIO",
    "NEW_MAX_ORDERS",
    "NEW_TENURE_PERCENTILE",
    "OBJECTIVES",
    "PAST_VALUE_INDEX",
    "REWARD_INDEX",
    "ROOM_ORDER_RATIO",
    "Mean",
    "SegmentFacts",
    "choose_objective",
    "format_amount",
    "is_bargain_like",
    "segment_facts",
)

#: The objectives a message can have.
OBJECTIVES = ("reward", "retain", "upsell", "win back", "nurture", "onboard")
NEW_TENURE_PERCENTILE = 0.25
NEW_MAX_ORDERS = 2.0
PAST_VALUE_INDEX = 0.25
REWARD_INDEX = 1.5
#: Churn levels steer the objective only when the segments' churn risks spread at
#: least this much (highest minus lowest); segments cut on, say, demographics all sit
#: near the average risk of 0.5, and a "medium" for each would make every one "retain".
MIN_RISK_SPREAD = 0.1
ROOM_ORDER_RATIO = 0.8
#: A segment whose mean frequency percentile is under this buys less often than most.
ROOM_FREQUENCY_PERCENTILE = 0.4
BARGAIN_ORDER_RATIO = 0.6

_MONEY = MappingProxyType(
    {
        **dict.fromkeys(("usd", "dollar", "dollars"), "$"),
        **dict.fromkeys(("eur", "euro", "euros"), "€"),
        **dict.fromkeys(("gbp", "pound", "pounds", "sterling"), "£"),
    }
)


class Mean(NamedTuple):
    """A feature's segment mean beside everyone's, with its label."""

    label: str
    mean: float
    overall: float

    def text(self) -> str:
        """Say it as "Recency days 41 vs 97 overall"."""
        mean, overall = figure_text(self.mean), figure_text(self.overall)
        return f"{self.label} {mean} vs {overall} overall"


@dataclass(frozen=True)
class SegmentFacts:
    """What one segment's suggestion rests on (NaN: not known).

    Attributes
    ----------
    segment, name : int, str
    size : int
    customer_share, revenue_share, value_index, value_mean : float
    churn_risk : float
    churn_level : str
    percentiles : dict of str to float
        Mean percentile ranks of recency, frequency, value and tenure.
    recency, frequency, tenure : Mean or None
        Means of the role columns, when they were features.
    order_value : tuple of (float, float) or None
        Segment and overall value per order.
    interest : str or None
        A level of an interest-like feature the segment over-represents.
    activity, capacity, newness, response : Mean or None
        The most telling spending/activity, income, tenure and campaign features,
        with their standardised difference in ``effects``.
    money : str
        Currency symbol the value column's name gives, else "".
    advice : ChannelAdvice
    churn_outcome : str or None
        The outcome column churn risk was observed from (None: from recency).
    churn_overall : float
        Everyone's rate of that outcome (NaN without one).
    unit : str
        What one purchase is called ("order", "transaction").
    value_basis : {"past", "expected"}
        The profile's basis for "high value".
    expected_index, expected_share : float
        The segment's share of expected value over its customer share, and that
        share (NaN without the models).
    horizon_days : int
        The days ahead expected value counts over.
    """

    segment: int
    name: str
    size: int
    customer_share: float
    revenue_share: float
    value_index: float
    value_mean: float
    churn_risk: float
    churn_level: str
    percentiles: dict[str, float]
    recency: Mean | None
    frequency: Mean | None
    tenure: Mean | None
    order_value: tuple[float, float] | None
    interest: str | None
    activity: Mean | None
    capacity: Mean | None
    newness: Mean | None
    response: Mean | None
    money: str
    advice: ChannelAdvice
    effects: dict[str, float] = field(default_factory=dict)
    churn_outcome: str | None = None
    churn_overall: float = math.nan
    unit: str = "order"
    value_basis: str = "past"
    expected_index: float = math.nan
    expected_share: float = math.nan
    horizon_days: int = DEFAULT_HORIZON_DAYS

    @property
    def on_expected(self) -> bool:
        """Whether "high value" rests on expected value (the models fitted)."""
        return self.value_basis == "expected" and not math.isnan(self.expected_index)

    @property
    def basis_index(self) -> float:
        """The value index "high value" rests on: expected, or past."""
        return self.expected_index if self.on_expected else self.value_index

    def basis_text(self) -> str:
        """Name the index as the reasons write it ("expected value index 1.52")."""
        if self.on_expected:
            return (
                f"expected value index {self.expected_index:.2f}, next "
                f"{self.horizon_days:,} days"
            )
        return f"value index {self.value_index:.2f}"

    @property
    def has_value(self) -> bool:
        """Whether a value column gave a value index."""
        return not math.isnan(self.value_index)

    @property
    def has_risk(self) -> bool:
        """Whether a recency column gave a churn risk."""
        return not math.isnan(self.churn_risk)

    @property
    def orders(self) -> float:
        """Mean order count (NaN when the frequency column was not a feature)."""
        return self.frequency.mean if self.frequency else math.nan

    def amount(self, value: float) -> str:
        """Write an amount of the value column's money."""
        return format_amount(value, self.money)


def format_amount(value: float, symbol: str = "") -> str:
    """Write money as a whole number with thousands separators.

    Examples
    --------
    >>> format_amount(3558.59), format_amount(24.94, "$")
    ('3,559', '$25')
    """
    return f"{symbol}{value:,.0f}"


def _mean(numeric: pd.DataFrame, feature: str | None) -> Mean | None:
    if feature is None or feature not in numeric.index:
        return None
    row = numeric.loc[feature]
    if pd.isna(row["mean"]) or pd.isna(row["overall_mean"]):
        return None
    return Mean(str(row["label"]), float(row["mean"]), float(row["overall_mean"]))


def _strongest(numeric: pd.DataFrame, words: frozenset[str], exclude=()) -> str | None:
    names = [
        f
        for f in numeric.index
        if f not in exclude
        and set(name_tokens(f)) & words
        and "last" not in name_tokens(f)
        and pd.notna(numeric.at[f, "std_diff"])
    ]
    if not names:
        return None
    return max(names, key=lambda f: (abs(numeric.at[f, "std_diff"]), -names.index(f)))


def _interest(profile: Profile, segment: int) -> str | None:
    rows = profile.categorical[profile.categorical["segment"] == segment]
    interests = [f for f in profile.features if names_an_interest(f)]
    rows = rows[rows["feature"].isin(interests)]
    rows = rows[~rows["level"].str.lower().isin(VAGUE_LEVELS) & (rows["lift"] >= 1.1)]
    if rows.empty:
        return None
    return str(
        rows.sort_values("lift", ascending=False, kind="stable").iloc[0]["level"]
    )


def _overall_value(profile: Profile) -> float:
    numeric = profile.numeric[profile.numeric["feature"] == profile.value_column]
    if not numeric.empty:
        return float(numeric["overall_mean"].iloc[0])
    means = profile.value["revenue_per_customer"]
    sizes = profile.sizes["size"].reindex(means.index)
    known = means.notna()
    return float((means[known] * sizes[known]).sum() / sizes[known].sum())


def segment_facts(
    profile: Profile,
    segment: int,
    name: str,
    advice: ChannelAdvice,
    unit: str = "order",
) -> SegmentFacts:
    """Gather the figures one segment's message rests on.

    Parameters
    ----------
    profile : Profile
    segment : int
    name : str
        The segment's name.
    advice : ChannelAdvice
        Its channel (see :func:`segmentation.messaging.channel_advice.advise_channel`).
    unit : str, default "order"
        What one purchase is called in the business.

    Returns
    -------
    SegmentFacts
    """
    value = profile.value.loc[segment]
    numeric = profile.numeric[profile.numeric["segment"] == segment]
    numeric = numeric.set_index("feature")
    roles = (profile.recency_column, profile.frequency_column, profile.tenure_column)
    frequency = _mean(numeric, profile.frequency_column)
    value_mean = float(value["revenue_per_customer"])
    order_value = None
    if frequency and frequency.mean > 0 and frequency.overall > 0:
        if not math.isnan(value_mean):
            overall = _overall_value(profile) / frequency.overall
            order_value = (value_mean / frequency.mean, overall)
    picks = {
        "activity": _strongest(numeric, ACTIVITY_WORDS, roles),
        "capacity": _strongest(numeric, CAPACITY_WORDS),
        "newness": _strongest(numeric, NEWNESS_WORDS),
        "response": _strongest(numeric, RESPONSE_WORDS),
    }
    value_name = profile.value_column or ""
    tokens = set(name_tokens(value_name)) | set(name_tokens(profile.label(value_name)))
    money = next((_MONEY[t] for t in sorted(tokens) if t in _MONEY), "")
    return SegmentFacts(
        segment=segment,
        name=name,
        size=int(profile.sizes.at[segment, "size"]),
        customer_share=float(value["customer_share"]),
        revenue_share=float(value["revenue_share"]),
        value_index=float(value["value_index"]),
        value_mean=value_mean,
        churn_risk=float(value["churn_risk"]),
        churn_level=str(value["churn_level"]),
        percentiles={
            key: float(value[f"{key}_percentile"])
            for key in ("recency", "frequency", "value", "tenure")
        },
        recency=_mean(numeric, profile.recency_column),
        frequency=frequency,
        tenure=_mean(numeric, profile.tenure_column),
        order_value=order_value,
        interest=_interest(profile, segment),
        money=money,
        advice=advice,
        churn_outcome=profile.churn_outcome,
        churn_overall=_churn_overall(profile),
        unit=unit,
        value_basis=profile.value_basis,
        expected_index=float(value.get("expected_index", math.nan)),
        expected_share=float(value.get("expected_share", math.nan)),
        horizon_days=profile.horizon_days,
        effects={
            key: float(numeric.at[feature, "std_diff"])
            for key, feature in picks.items()
            if feature
        },
        **{key: _mean(numeric, feature) for key, feature in picks.items()},
    )


def _churn_overall(profile: Profile) -> float:
    outcomes = profile.outcomes
    if profile.churn_outcome is None or outcomes is None or outcomes.empty:
        return math.nan
    rows = outcomes[outcomes["outcome"] == profile.churn_outcome]
    return float(rows["overall_rate"].iloc[0]) if not rows.empty else math.nan


def _new(f: SegmentFacts) -> str | None:
    tenure = f.percentiles["tenure"]
    if not math.isnan(tenure):
        if tenure > NEW_TENURE_PERCENTILE:
            return None
        said = f.tenure.text() if f.tenure else f"tenure percentile {tenure:.2f}"
        return f"new customers ({said})"
    recent = f.percentiles["recency"] <= 0.5
    if f.frequency:
        if f.orders <= NEW_MAX_ORDERS and recent:
            return (
                f"new customers ({figure_text(f.orders)} {f.unit}s on average, recent)"
            )
        return None
    if f.percentiles["frequency"] <= 0.2 and recent:
        return f"new customers (few {f.unit}s, recent)"
    return None


def _room(f: SegmentFacts) -> str | None:
    if f.order_value and f.order_value[0] < ROOM_ORDER_RATIO * f.order_value[1]:
        segment, overall = (f.amount(x) for x in f.order_value)
        return f"room to grow: {f.unit}s average {segment} vs {overall} overall"
    frequency, value = f.percentiles["frequency"], f.percentiles["value"]
    if frequency < ROOM_FREQUENCY_PERCENTILE:
        return (
            "room to grow: buys less often than most (frequency percentile "
            f"{frequency:.2f})"
        )
    if value - frequency <= -0.15:
        return (
            f"room to grow: small baskets (value percentile {value:.2f} vs "
            f"frequency {frequency:.2f})"
        )
    return None


def is_bargain_like(f: SegmentFacts) -> bool:
    """Say whether a segment buys cheaply and answers offers (see module notes)."""
    if f.order_value:
        cheap = f.order_value[0] < BARGAIN_ORDER_RATIO * f.order_value[1]
    else:
        cheap = f.percentiles["value"] - f.percentiles["frequency"] <= -0.2
    if "response" in f.effects:
        return cheap and f.effects["response"] >= 0.5
    return cheap and f.percentiles["frequency"] >= 0.6


def choose_objective(
    f: SegmentFacts, *, risk_separates: bool = True
) -> tuple[str, str]:
    """Pick a segment's objective by the module's rule, and say why.

    Parameters
    ----------
    f : SegmentFacts
    risk_separates : bool, default True
        False when the segments' churn risks hardly differ (see
        :data:`MIN_RISK_SPREAD`): churn levels then do not decide the objective.

    Returns
    -------
    tuple of (str, str)
        One of :data:`OBJECTIVES`, and the reason in a phrase.
    """
    if not f.has_value and not f.has_risk:
        return _objective_from_traits(f)
    if reason := _new(f):
        return "onboard", reason
    risk = f"{f.churn_risk:.2f}"
    if risk_separates and f.churn_level == "high" and f.churn_outcome:
        return "retain", (
            f"{f.churn_outcome} is high in this segment ({f.churn_risk:.0%} vs "
            f"{f.churn_overall:.0%} overall): keep the customers still here"
        )
    if risk_separates and f.churn_level == "high":
        if not f.has_value or f.value_index >= PAST_VALUE_INDEX:
            past = f" with past value (value index {f.value_index:.2f})"
            return (
                "win back",
                f"churn risk is high ({risk}){past if f.has_value else ''}",
            )
        return "nurture", (
            f"churn risk is high ({risk}) but past value is small (value index "
            f"{f.value_index:.2f}): a low-cost touch"
        )
    if risk_separates and f.churn_level == "medium":
        return "retain", f"churn risk is medium ({risk})"
    if f.has_value and f.basis_index >= REWARD_INDEX:
        what = f" in expected value over the next {f.horizon_days:,} days"
        return "reward", (
            f"worth {f.basis_index:.2f}x its head count"
            f"{what if f.on_expected else ''}, churn risk {f.churn_level}"
        )
    if not f.has_value and f.percentiles["frequency"] >= 0.7:
        return "reward", "frequent buyers with low churn risk"
    if reason := _room(f):
        return "upsell", reason
    return "nurture", "no strong sign of high value, risk, newness or room to grow"


def _objective_from_traits(f: SegmentFacts) -> tuple[str, str]:
    effects = f.effects
    if f.newness and effects["newness"] <= -0.8:
        return "onboard", f"newer than most ({f.newness.text()})"
    if f.activity and effects["activity"] >= 0.5:
        return "reward", f"more active than most ({f.activity.text()})"
    if f.capacity and effects["capacity"] >= 0.5:
        return "upsell", f"room to grow: high means ({f.capacity.text()})"
    if f.activity and effects["activity"] <= -0.5:
        return "nurture", f"less active than most ({f.activity.text()})"
    return "nurture", "no trait points to value, risk or newness"
