"""Suggested messaging per segment, each with the figures it rests on.

:func:`suggest_messages` turns a :class:`~segmentation.describe.segment_profile.Profile`
into one suggestion per segment: an objective (reward, retain, upsell, win back,
nurture, onboard; see :mod:`segmentation.messaging.facts` for the rule), a channel (see
:mod:`segmentation.messaging.channel_advice`), a tone, an offer idea, a subject line, a
body, a call to action (see :mod:`segmentation.messaging.drafts`) and a
rationale that quotes the profile's figures: share of customers, share of
revenue and value index, churn risk level and score, the recency, frequency and
tenure means against everyone's (their mean percentile ranks when those columns
were not features), the typical order value, and the channel figure. When the
table has no value or recency column the rationale says what evidence was
missing and the objective comes from the traits.

The unassigned rows (-1) get a row too, with objective ``none``, no channel or
copy, and a body saying why: every segment of the profile appears once, as in
the summary table.

Money is written as plain whole numbers with thousands separators ("3,559"):
the value column's unit is unknown unless its name says dollars, euros or pounds.
The same profile, names and channel evidence always give the same table; no two
segments get the same subject or body (the copy varies by each segment's rank
within its objective and by its figures; only when the templates run out, with
many segments of one objective, is the segment's name added).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from segmentation.describe.naming import segment_names
from segmentation.describe.segment_profile import Profile
from segmentation.errors import InputError
from segmentation.messaging.channel_advice import (
    advise_channel,
    evidence_from_profile,
    percent,
)
from segmentation.messaging.channels import CHANNEL_COLUMNS
from segmentation.messaging.drafts import COPY_SETS, MAX_SUBJECT, write_copy
from segmentation.messaging.facts import (
    MIN_RISK_SPREAD,
    OBJECTIVES,
    SegmentFacts,
    choose_objective,
    segment_facts,
)
from segmentation.schema import check_business

__all__ = (
    "MESSAGE_COLUMNS",
    "OBJECTIVES",
    "UNASSIGNED_OBJECTIVE",
    "channel_evidence_for",
    "every_segment_facts",
    "suggest_messages",
)

#: Columns of :func:`suggest_messages`, in order.
MESSAGE_COLUMNS = (
    "segment",
    "segment_name",
    "objective",
    "channel",
    "tone",
    "offer",
    "subject",
    "body",
    "cta",
    "rationale",
)
#: The objective of the unassigned rows (-1): no message.
UNASSIGNED_OBJECTIVE = "none"


def suggest_messages(
    profile: Profile,
    names: Mapping[int, str] | None = None,
    *,
    channels: pd.DataFrame | None = None,
    business: str = "retail",
) -> pd.DataFrame:
    """Suggest a message for each segment, with the figures it rests on.

    Parameters
    ----------
    profile : Profile
        From :func:`segmentation.describe.segment_profile.profile`.
    names : mapping of int to str, optional
        Segment names (an analyst's edits); missing ones, or all when not given,
        come from :func:`segmentation.describe.naming.segment_names`.
    channels : pandas.DataFrame, optional
        Channel evidence from :func:`segmentation.messaging.channels.channel_mix` on the
        same table and labels. Without it, only the profile's own features give
        channel evidence (a channel, device or engagement column that was a
        feature).
    business : str, default "retail"
        The kind of business (see :data:`segmentation.schema.BUSINESSES`): it
        chooses the words of the copy.

    Returns
    -------
    pandas.DataFrame
        :data:`MESSAGE_COLUMNS`, one row per segment in the profile's order
        (-1 last, objective ``none``).

    Raises
    ------
    InputError
        ``channels`` lacks a column of
        :data:`segmentation.messaging.channels.CHANNEL_COLUMNS`.

    Examples
    --------
    >>> from segmentation.describe.segment_profile import profile
    >>> from segmentation.recipe import Feature, Recipe
    >>> df = pd.DataFrame({"spend": [900.0, 800, 100, 90, 80, 70],
    ...                    "recency_days": [5.0, 8, 300, 250, 2, 3],
    ...                    "orders": [20.0, 18, 4, 3, 1, 1]})
    >>> recipe = Recipe(features=(Feature("spend", "numeric"),
    ...                           Feature("orders", "numeric")))
    >>> p = profile(df, [0, 0, 1, 1, 2, 2], recipe)
    >>> suggest_messages(p)["objective"].tolist()
    ['reward', 'win back', 'onboard']
    """
    kind = check_business(business) or "retail"
    rows, seen_objectives = [], {}
    risks = profile.value.loc[profile.value.index >= 0, "churn_risk"].dropna()
    risk_separates = len(risks) > 1 and risks.max() - risks.min() >= MIN_RISK_SPREAD
    every = every_segment_facts(profile, names, channels=channels, business=kind)
    for segment, name, facts in every:
        if facts is None:
            rows.append(_unassigned_row(profile, name))
            continue
        objective, reason = choose_objective(facts, risk_separates=risk_separates)
        if not risk_separates and not risks.empty:
            reason += (
                f"; churn risk barely differs between segments ({risks.min():.2f}"
                f"-{risks.max():.2f}), so it does not decide the objective"
            )
        variant = seen_objectives.get(objective, 0)
        seen_objectives[objective] = variant + 1
        copy = write_copy(objective, facts, variant, kind)
        rows.append(
            {
                "segment": segment,
                "segment_name": name,
                "objective": objective,
                "channel": facts.advice.text,
                **copy._asdict(),
                "rationale": _rationale(facts, objective, reason),
            }
        )
    out = pd.DataFrame(rows, columns=MESSAGE_COLUMNS)
    return _distinct(out).astype({"segment": "int64"})


def every_segment_facts(
    profile: Profile,
    names: Mapping[int, str] | None = None,
    *,
    channels: pd.DataFrame | None = None,
    business: str = "retail",
) -> list[tuple[int, str, SegmentFacts | None]]:
    """Gather each segment's facts, as :func:`suggest_messages` reads them.

    Parameters are those of :func:`suggest_messages`.

    Returns
    -------
    list of (int, str, SegmentFacts or None)
        Segment, name and facts, in the profile's order; the unassigned
        customers (-1) have no facts.
    """
    kind = check_business(business) or "retail"
    evidence = channel_evidence_for(profile, channels)
    given = dict(names or {})
    generated = segment_names(profile) if len(given) < len(profile.segments) else {}
    out: list[tuple[int, str, SegmentFacts | None]] = []
    for segment in profile.segments:
        name = str(given.get(segment, generated.get(segment, segment)))
        if segment == -1:
            out.append((segment, name, None))
            continue
        advice = advise_channel(
            evidence[evidence["segment"] == segment], profile.labels
        )
        unit = COPY_SETS[kind].UNIT
        out.append((segment, name, segment_facts(profile, segment, name, advice, unit)))
    return out


def channel_evidence_for(
    profile: Profile, channels: pd.DataFrame | None
) -> pd.DataFrame:
    """Give the channel evidence: ``channels`` checked, else the profile's own."""
    if channels is None:
        return evidence_from_profile(profile)
    absent = [c for c in CHANNEL_COLUMNS if c not in channels.columns]
    if absent:
        raise InputError(
            f"The channel evidence lacks the column(s) {', '.join(absent)}; build "
            "it with channel_mix()."
        )
    return channels


def _unassigned_row(profile: Profile, name: str) -> dict[str, object]:
    size = int(profile.sizes.at[-1, "size"])
    share = percent(float(profile.sizes.at[-1, "share"]))
    return {
        "segment": -1,
        "segment_name": name,
        "objective": UNASSIGNED_OBJECTIVE,
        "channel": "",
        "tone": "",
        "offer": "",
        "subject": "",
        "body": (
            f"These {size:,} customers ({share}) belong to no segment, so no message "
            "is suggested. Assign them to a segment, or leave them out of the "
            "campaign."
        ),
        "cta": "",
        "rationale": f"Unassigned: {share} of customers are in no segment.",
    }


def _figures(f: SegmentFacts, reason: str) -> list[str]:
    """List the profile's figures for a segment, as the rationale quotes them."""
    figures = [f"{percent(f.customer_share)} of customers"]
    if f.has_value:
        figures[0] += (
            f", {percent(f.revenue_share)} of revenue (value index {f.value_index:.2f})"
        )
        if f.on_expected:
            figures[0] += (
                f", {percent(f.expected_share)} of expected value over the next "
                f"{f.horizon_days:,} days (index {f.expected_index:.2f})"
            )
    if f.has_risk:
        figures.append(f"churn risk {f.churn_level} ({f.churn_risk:.2f})")
    for key, mean in (("recency", f.recency), ("frequency", f.frequency)):
        if mean:
            figures.append(mean.text())
        elif pd.notna(f.percentiles[key]):
            figures.append(f"{key} percentile {f.percentiles[key]:.2f}")
    if f.tenure:
        figures.append(f.tenure.text())
    if f.order_value:
        segment, overall = (f.amount(x) for x in f.order_value)
        figures.append(f"value per {f.unit} {segment} vs {overall} overall")
    if not (f.has_value or f.has_risk):
        traits = [m.text() for m in (f.activity, f.capacity) if m]
        figures += [t for t in traits if t not in reason]
    return figures


def _rationale(f: SegmentFacts, objective: str, reason: str) -> str:
    figures = _figures(f, reason)
    if f.advice.figure:
        figures.append(f"channel {f.advice.figure}")
    if f.advice.opted_out:
        figures.append(f"{percent(f.advice.opted_out)} opted out of marketing")
    missing = []
    if not f.has_value:
        missing.append("no value column (revenue share and value index unknown)")
    if not f.has_risk:
        missing.append("no recency column (churn risk unknown)")
    if not f.advice.figure:
        missing.append("no channel evidence")
    text = f"{objective.capitalize()}: {reason}. {'; '.join(figures)}."
    if missing:
        text += f" Missing evidence: {', '.join(missing)}."
    return text


def _distinct(out: pd.DataFrame) -> pd.DataFrame:
    """Tell apart any subjects or bodies that still coincide, by segment name."""
    out = out.copy()
    assigned = out["segment"] != -1
    for column in ("subject", "body"):
        repeated = out[column].duplicated() & assigned
        for index in out.index[repeated]:
            name = out.at[index, "segment_name"]
            if column == "subject":
                room = MAX_SUBJECT - len(name) - 3
                text = out.at[index, column][: max(room, 0)].rstrip()
                out.at[index, column] = f"{text} ({name})"[:MAX_SUBJECT]
            else:
                out.at[index, column] += f" Picked for {name.lower()}."
    return out
