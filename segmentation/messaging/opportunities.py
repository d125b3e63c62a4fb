"""Where the openings are: short hints per segment, each with its figures.

:func:`find_opportunities` reads the facts the messages rest on
(:func:`segmentation.messaging.suggest.every_segment_facts`) and gives, per
segment, the hints whose evidence is there; none is given without its figures.

- **valuable but shrinking**: value index at least :data:`VALUABLE_INDEX` and a
  share of expected value (the models of a transaction log) below
  :data:`SHRINKING_RATIO` of its share of past revenue;
- **valuable but hard to reach**: the index "high value" rests on (expected or
  past, see :attr:`SegmentFacts.basis_index`) at least :data:`VALUABLE_INDEX`
  and at least :data:`HARD_TO_REACH` of the segment opted out of marketing, or
  every engagement count (opens, clicks, visits) at most :data:`LOW_ENGAGEMENT`
  of everyone's;
- **responsive but rarely contacted**: a response to marketing above everyone's
  (a response outcome at least :data:`RESPONSIVE_LIFT` times the overall rate, or
  a campaign/coupon feature at least :data:`RESPONSIVE_EFFECT` standard
  deviations above the mean) and a count of contacts (calls, mailings, bank
  marketing's ``campaign``) at most :data:`RARELY_CONTACTED` of everyone's mean;
- **big and low-value with room to grow**: at least :data:`BIG_SHARE_FACTOR`
  times an even share of the customers, a value index below
  :data:`LOW_VALUE_INDEX`, and a purchase frequency at most
  :data:`ROOM_FREQUENCY_RATIO` of the most valuable segment's (mean orders when
  frequency was a feature, else the mean frequency percentile at least 0.3
  lower); a segment at high churn risk is a win-back case instead.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from segmentation.describe.segment_profile import Profile
from segmentation.messaging.channel_advice import figure_text, percent
from segmentation.messaging.facts import SegmentFacts
from segmentation.messaging.suggest import channel_evidence_for, every_segment_facts
from segmentation.schema.vocabulary import (
    CONTACT_COUNT_NAMES,
    CONTACT_COUNT_WORDS,
    RESPONSE_OUTCOME_WORDS,
    name_tokens,
)

__all__ = (
    "BIG_SHARE_FACTOR",
    "HARD_TO_REACH",
    "LOW_ENGAGEMENT",
    "LOW_VALUE_INDEX",
    "OPPORTUNITY_COLUMNS",
    "RARELY_CONTACTED",
    "RESPONSIVE_EFFECT",
    "RESPONSIVE_LIFT",
    "ROOM_FREQUENCY_RATIO",
    "SHRINKING_RATIO",
    "VALUABLE_INDEX",
    "find_opportunities",
)

#: Columns of :func:`find_opportunities`, in order.
OPPORTUNITY_COLUMNS = ("segment", "segment_name", "kind", "hint")
#: A segment is valuable from this value index...
VALUABLE_INDEX = 1.2
#: ... and low-value below this one.
LOW_VALUE_INDEX = 0.8
#: Shrinking: expected-value share below this share of the past-revenue share.
SHRINKING_RATIO = 0.85
#: Hard to reach: at least this share opted out of marketing.
HARD_TO_REACH = 0.3
#: ... or engages little: every engagement count at most this share of everyone's.
LOW_ENGAGEMENT = 0.7
#: Responsive: a response outcome at least this many times the overall rate...
RESPONSIVE_LIFT = 1.25
#: ... or a campaign/coupon feature this many standard deviations above the mean.
RESPONSIVE_EFFECT = 0.5
#: Rarely contacted: a mean count of contacts at most this share of everyone's.
RARELY_CONTACTED = 0.85
#: Big: at least this many times an even share of the customers (1 / segments).
BIG_SHARE_FACTOR = 1.25
#: Room to grow: frequency at most this share of the most valuable segment's.
ROOM_FREQUENCY_RATIO = 0.5


def find_opportunities(
    profile: Profile,
    names: Mapping[int, str] | None = None,
    *,
    channels: pd.DataFrame | None = None,
    business: str = "retail",
) -> pd.DataFrame:
    """Give each segment's opportunity hints, with their figures.

    Parameters
    ----------
    profile : Profile
    names : mapping of int to str, optional
        Segment names (generated ones where missing).
    channels : pandas.DataFrame, optional
        Channel evidence (:func:`segmentation.messaging.channels.channel_mix`),
        which tells who opted out of marketing.
    business : str, default "retail"
        Says what one purchase is called.

    Returns
    -------
    pandas.DataFrame
        :data:`OPPORTUNITY_COLUMNS`, one row per hint, in the profile's segment
        order; empty when no segment shows one.
    """
    # The evidence once: the facts read it, and so does the engagement check.
    evidence = channel_evidence_for(profile, channels)
    every = [
        (segment, name, facts)
        for segment, name, facts in every_segment_facts(
            profile, names, channels=evidence, business=business
        )
        if facts is not None
    ]
    best = max(
        (facts for _, _, facts in every if facts.has_value),
        key=lambda facts: facts.basis_index,
        default=None,
    )
    even = 1 / max(len(every), 1)
    rows = []
    for segment, name, facts in every:
        hints = (
            _shrinking(facts),
            _hard_to_reach(facts, _engagement(evidence, segment, profile)),
            _responsive(profile, segment, facts),
            _room_to_grow(facts, best, even),
        )
        for kind, hint in (h for h in hints if h is not None):
            rows.append((segment, name, kind, hint))
    return pd.DataFrame(rows, columns=list(OPPORTUNITY_COLUMNS)).astype(
        {"segment": "int64"}
    )


def _shrinking(f: SegmentFacts) -> tuple[str, str] | None:
    if not (f.has_value and f.on_expected and f.value_index >= VALUABLE_INDEX):
        return None
    if not f.expected_share < SHRINKING_RATIO * f.revenue_share:
        return None
    return "valuable but shrinking", (
        f"Valuable but shrinking: {percent(f.revenue_share)} of past revenue "
        f"(value index {f.value_index:.2f}) but {percent(f.expected_share)} of "
        f"the value expected over the next {f.horizon_days:,} days."
    )


def _hard_to_reach(
    f: SegmentFacts, engagement: list[tuple[str, float, float]] | None = None
) -> tuple[str, str] | None:
    if not f.has_value or f.basis_index < VALUABLE_INDEX:
        return None
    opted_out = f.advice.opted_out
    if opted_out is not None and opted_out >= HARD_TO_REACH:
        why = f"{percent(opted_out)} opted out of marketing"
    elif engagement and all(
        mean <= LOW_ENGAGEMENT * all_ for _, mean, all_ in engagement
    ):
        shown = "; ".join(
            f"{label} {figure_text(mean)} vs {figure_text(all_)} overall"
            for label, mean, all_ in engagement
        )
        why = f"they engage little ({shown})"
    else:
        return None
    return "valuable but hard to reach", (
        f"Valuable but hard to reach: {f.basis_text()}, but {why}."
    )


def _engagement(
    evidence: pd.DataFrame, segment: int, profile: Profile
) -> list[tuple[str, float, float]]:
    """Give the segment's engagement counts: label, its mean, everyone's."""
    rows = evidence[
        (evidence["segment"] == segment) & (evidence["evidence"] == "engagement")
    ]
    return [
        (profile.label(str(row.column)), float(row.share), float(row.overall))
        for row in rows.itertuples()
        if pd.notna(row.share) and pd.notna(row.overall) and row.overall > 0
    ]


def _responsive(
    profile: Profile, segment: int, f: SegmentFacts
) -> tuple[str, str] | None:
    contacts = _contact_count(profile, segment)
    if contacts is None or not contacts[1] <= RARELY_CONTACTED * contacts[2]:
        return None
    response = _response_outcome(profile, segment)
    if response is None and f.response and f.effects["response"] >= RESPONSIVE_EFFECT:
        response = f.response.text()
    if response is None:
        return None
    label, mean, overall = contacts
    return "responsive but rarely contacted", (
        f"Responsive but rarely contacted: {response}, yet {label} "
        f"{figure_text(mean)} vs {figure_text(overall)} overall."
    )


def _response_outcome(profile: Profile, segment: int) -> str | None:
    """Name a response outcome the segment shows more of, with its rates."""
    outcomes = profile.outcomes
    if outcomes is None or outcomes.empty:
        return None
    rows = outcomes[outcomes["segment"] == segment]
    for row in rows.itertuples():
        tokens = set(name_tokens(row.outcome)) | {str(row.outcome).strip().lower()}
        if not tokens & RESPONSE_OUTCOME_WORDS or not row.lift >= RESPONSIVE_LIFT:
            continue
        return (
            f"{row.outcome} = {row.level} {percent(row.rate)} vs "
            f"{percent(row.overall_rate)} overall"
        )
    return None


def _contact_count(profile: Profile, segment: int) -> tuple[str, float, float] | None:
    """Give a contact count's label, segment mean and overall mean, if profiled."""
    numeric = profile.numeric
    rows = numeric[numeric["segment"] == segment]
    for row in rows.itertuples():
        named = str(row.feature).strip().lower() in CONTACT_COUNT_NAMES
        if named or set(name_tokens(row.feature)) & CONTACT_COUNT_WORDS:
            return profile.label(row.feature), float(row.mean), float(row.overall_mean)
    return None


def _room_to_grow(
    f: SegmentFacts, best: SegmentFacts | None, even: float
) -> tuple[str, str] | None:
    if best is None or best.segment == f.segment or not f.has_value:
        return None
    if f.customer_share < BIG_SHARE_FACTOR * even or f.basis_index >= LOW_VALUE_INDEX:
        return None
    if f.churn_level == "high":  # leaving, not growing: a win-back case
        return None
    if f.frequency and best.frequency:
        if not f.frequency.mean <= ROOM_FREQUENCY_RATIO * best.frequency.mean:
            return None
        gap = (
            f"{figure_text(f.frequency.mean)} {f.unit}s per customer vs "
            f"{figure_text(best.frequency.mean)} in {best.name}"
        )
    else:
        mine, theirs = f.percentiles["frequency"], best.percentiles["frequency"]
        if not mine <= theirs - 0.3:
            return None
        gap = f"frequency percentile {mine:.2f} vs {theirs:.2f} in {best.name}"
    return "big and low-value with room to grow", (
        f"Big and low-value with room to grow: {percent(f.customer_share)} of "
        f"customers, {f.basis_text()}; {gap}."
    )
