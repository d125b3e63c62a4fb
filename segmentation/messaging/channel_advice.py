"""Which channel to use for one segment, said with the figure it rests on.

:func:`advise_channel` reads one segment's rows of a
:func:`segmentation.messaging.channels.channel_mix` table and picks, in this order of
evidence:

1. **preference** (the first preference column): among the channels the segment
   prefers more than everyone does (lift at least 1), the one with the largest
   share; when none is over-represented, the largest share. "Email: 70% prefer
   it vs 41% overall".
2. **consent** to a named channel: the largest share opted in.
3. **engagement** counts: the channel whose count has the highest lift.
4. **device** (weak evidence): the level of highest lift that hints at a channel
   (:data:`segmentation.messaging.channels.DEVICE_CHANNELS`).

The opted-out share (the preference level "(opted out)", else a "no" to
marketing as a whole) always comes first when it is at least
:data:`LARGE_OPT_OUT`: "58% opted out of marketing: exclude them; reach the rest
by Email (29% prefer it vs 41% overall)"; a smaller one closes the text. A
preference or consent choice is backed by the same channel's engagement count
when that count is at least :data:`SUPPORT_LIFT` times everyone's, and a device
level held by at least half the segment and :data:`DEVICE_LIFT` times as often
as everyone is named as the layout to design for. With no evidence at all the
text says so: :data:`NO_EVIDENCE`.

:func:`evidence_from_profile` gives the same kind of table from a profile alone,
when a channel, device or engagement column was a clustering feature (its
categorical table keeps only the top levels, so it is thinner evidence).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from segmentation.describe.segment_profile import Profile, human_label
from segmentation.messaging.channels import (
    CHANNEL_COLUMNS,
    DEVICE_CHANNELS,
    MEAN_LEVEL,
    MISSING,
    OPT_OUT_TEXTS,
    OPTED_IN,
    OPTED_OUT,
    canonical_channel,
    find_channel_columns,
)

__all__ = (
    "DEVICE_LIFT",
    "LARGE_OPT_OUT",
    "NO_EVIDENCE",
    "SUPPORT_LIFT",
    "ChannelAdvice",
    "advise_channel",
    "evidence_from_profile",
    "figure_text",
    "percent",
)

#: An opted-out share from which the advice leads with "exclude them".
LARGE_OPT_OUT = 0.2
#: Engagement lift from which it backs up the chosen channel.
SUPPORT_LIFT = 1.2
#: Device lift (with at least half the segment) from which it sets the layout.
DEVICE_LIFT = 1.2
#: An engagement within this share of everyone's is "about as much as average".
ABOUT_AVERAGE = 0.05
#: What the advice says when the data holds no channel evidence.
NO_EVIDENCE = "No channel evidence in the data: test Email vs SMS"


@dataclass(frozen=True, slots=True)
class ChannelAdvice:
    """The channel for one segment.

    Attributes
    ----------
    channel : str or None
        The chosen channel ("Email", "SMS", ...), None without evidence.
    text : str
        The advice with its figures, as the messages table shows it.
    figure : str
        The figure the choice rests on ("Email 70% vs 41% overall"), "" if none.
    opted_out : float or None
        Share of the segment that opted out of marketing (None: not known).
    device : str or None
        The device level that stands out in the segment, if one does.
    """

    channel: str | None
    text: str
    figure: str
    opted_out: float | None
    device: str | None = None


def percent(share: float) -> str:
    """Write a share as a percent: whole numbers, one decimal below 1%.

    Examples
    --------
    >>> percent(0.58), percent(0.004), percent(0.0), percent(1.0)
    ('58%', '0.4%', '0%', '100%')
    """
    if 0 < share < 0.01:
        return f"{share:.1%}"
    return f"{share:.0%}"


def figure_text(value: float) -> str:
    """Write a mean as people read it: 0.98, 4.9, 41, 3,574.

    Examples
    --------
    >>> figure_text(0.983), figure_text(4.93), figure_text(40.86), figure_text(3573.6)
    ('0.98', '4.9', '41', '3,574')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if abs(value) < 1:
        return f"{value:.2f}"
    if abs(value) < 10:
        return f"{value:.1f}"
    return f"{value:,.0f}"


def _pick_level(rows: pd.DataFrame) -> pd.Series:
    rows = rows[rows["share"] > 0]
    over = rows[rows["lift"] >= 1]
    pool = over if not over.empty else rows
    return pool.sort_values(["share", "lift"], ascending=False, kind="stable").iloc[0]


def _opted_out(rows: pd.DataFrame) -> float | None:
    preference = rows[rows["evidence"] == "preference"]
    if not preference.empty:
        first = preference[preference["column"] == preference["column"].iloc[0]]
        out = first[first["level"] == OPTED_OUT]
        return float(out["share"].iloc[0]) if not out.empty else None
    consent = rows[(rows["evidence"] == "consent") & (rows["level"] == OPTED_OUT)]
    return float(consent["share"].iloc[0]) if not consent.empty else None


def _choose(
    rows: pd.DataFrame, labels: Mapping[str, str]
) -> tuple[str, str, str] | None:
    """(channel, detail shown after it, short figure) by order of evidence."""
    preference = rows[rows["evidence"] == "preference"]
    if not preference.empty:
        first = preference[preference["column"] == preference["column"].iloc[0]]
        levels = first[~first["level"].isin([OPTED_OUT, MISSING])]
        if (levels["share"] > 0).any():
            row = _pick_level(levels)
            share, overall = percent(row["share"]), percent(row["overall"])
            return (
                str(row["channel"]),
                f"{share} prefer it vs {overall} overall",
                f"{row['channel']} {share} vs {overall} overall",
            )
    consent = rows[(rows["evidence"] == "consent") & rows["channel"].notna()]
    consent = consent[(consent["level"] == OPTED_IN) & (consent["share"] > 0)]
    if not consent.empty:
        row = consent.sort_values("share", ascending=False, kind="stable").iloc[0]
        share, overall = percent(row["share"]), percent(row["overall"])
        return (
            str(row["channel"]),
            f"{share} opted in vs {overall} overall",
            f"{row['channel']} opt-in {share} vs {overall} overall",
        )
    counts = rows[(rows["evidence"] == "engagement") & rows["channel"].notna()]
    counts = counts[counts["lift"].notna()]
    if not counts.empty:
        row = counts.sort_values("lift", ascending=False, kind="stable").iloc[0]
        detail = _count_detail(row, labels)
        return (
            str(row["channel"]),
            f"{_engagement_words(row['lift'])}: {detail}",
            detail,
        )
    devices = rows[(rows["evidence"] == "device") & rows["channel"].notna()]
    devices = devices[(devices["share"] > 0) & (devices["lift"] >= 1)]
    if not devices.empty:
        row = devices.sort_values("lift", ascending=False, kind="stable").iloc[0]
        detail = (
            f"{percent(row['share'])} {row['level']} vs "
            f"{percent(row['overall'])} overall"
        )
        return str(row["channel"]), f"weak evidence, from the device: {detail}", detail
    return None


def _engagement_words(lift: float) -> str:
    """Say how a segment's strongest engagement compares with everyone's."""
    if lift >= 1 + ABOUT_AVERAGE:
        return "engages more than average"
    if lift > 1 - ABOUT_AVERAGE:
        return "engages about as much as average"
    return "its strongest channel, though below average"


def _count_detail(row: pd.Series, labels: Mapping[str, str]) -> str:
    label = labels.get(row["column"]) or human_label(row["column"])
    return (
        f"{label} {figure_text(row['share'])} vs {figure_text(row['overall'])} overall"
    )


def _support(rows: pd.DataFrame, channel: str, labels: Mapping[str, str]) -> str:
    counts = rows[(rows["evidence"] == "engagement") & (rows["channel"] == channel)]
    counts = counts[counts["lift"] >= SUPPORT_LIFT]
    if counts.empty:
        return ""
    row = counts.sort_values("lift", ascending=False, kind="stable").iloc[0]
    return _count_detail(row, labels)


def _device(rows: pd.DataFrame) -> tuple[str | None, str]:
    devices = rows[(rows["evidence"] == "device") & (rows["level"] != MISSING)]
    if devices.empty:
        return None, ""
    first = devices[devices["column"] == devices["column"].iloc[0]]
    strong = first[(first["share"] >= 0.5) & (first["lift"] >= DEVICE_LIFT)]
    if strong.empty:
        return None, ""
    row = strong.iloc[0]
    return str(row["level"]), (
        f"design for {row['level']} ({percent(row['share'])} vs "
        f"{percent(row['overall'])} overall)"
    )


def advise_channel(
    evidence: pd.DataFrame, labels: Mapping[str, str] | None = None
) -> ChannelAdvice:
    """Pick the channel for one segment from its evidence rows.

    Parameters
    ----------
    evidence : pandas.DataFrame
        One segment's rows of :func:`segmentation.messaging.channels.channel_mix` (or of
        :func:`evidence_from_profile`); may be empty.
    labels : mapping, optional
        The analyst's column labels (a profile's ``labels``) for the figures.

    Returns
    -------
    ChannelAdvice

    Examples
    --------
    >>> from segmentation.messaging.channels import channel_mix
    >>> df = pd.DataFrame({"preferred_channel": ["None", "None", "Email", "SMS",
    ...                                          "Email", "Email"]})
    >>> mix = channel_mix(df, [0, 0, 0, 0, 1, 1])
    >>> print(advise_channel(mix[mix["segment"] == 0]).text)
    ... # doctest: +NORMALIZE_WHITESPACE
    50% opted out of marketing: exclude them;
    reach the rest by SMS (25% prefer it vs 17% overall)
    """
    rows = evidence.reset_index(drop=True)
    opted_out = _opted_out(rows) if not rows.empty else None
    labels = labels or {}
    choice = _choose(rows, labels) if not rows.empty else None
    device, layout = _device(rows) if not rows.empty else (None, "")
    if choice is None:
        if opted_out is not None and opted_out >= LARGE_OPT_OUT:
            text = (
                f"{percent(opted_out)} opted out of marketing: exclude them; no "
                "channel evidence for the rest: test Email vs SMS"
            )
        else:
            text = NO_EVIDENCE
        return ChannelAdvice(None, text, "", opted_out, device)
    channel, detail, figure = choice
    support = (
        _support(rows, channel, labels)
        if "prefer" in detail or "opted in" in detail
        else ""
    )
    if support:
        detail = f"{detail}; {support}"
    if opted_out is not None and opted_out >= LARGE_OPT_OUT:
        text = (
            f"{percent(opted_out)} opted out of marketing: exclude them; reach the "
            f"rest by {channel} ({detail})"
        )
    else:
        text = f"{channel}: {detail}"
        if opted_out:
            text += f"; leave out the {percent(opted_out)} who opted out"
    if layout:
        text += f"; {layout}"
    return ChannelAdvice(channel, text, figure, opted_out, device)


def evidence_from_profile(profile: Profile) -> pd.DataFrame:
    """Channel evidence from the features a profile describes.

    Categorical features named like a channel preference, consent or device (see
    :func:`segmentation.messaging.channels.find_channel_columns`) give their top levels;
    numeric engagement features their means.

    Parameters
    ----------
    profile : Profile

    Returns
    -------
    pandas.DataFrame
        :data:`segmentation.messaging.channels.CHANNEL_COLUMNS`, possibly empty.
    """
    found = {
        c.column: c for c in find_channel_columns(profile.features, profile.measures)
    }
    rows = []
    levels = profile.categorical[profile.categorical["feature"].isin(found)]
    for row in levels.itertuples(index=False):
        column = found[row.feature]
        level, channel = _profile_level(column, str(row.level))
        if level is None:
            continue
        rows.append(
            (row.segment, row.feature, column.evidence, channel, level, row.share,
             row.overall_share, row.lift)
        )  # fmt: skip
    counts = profile.numeric[profile.numeric["feature"].isin(found)]
    for row in counts.itertuples(index=False):
        column = found[row.feature]
        if column.evidence != "engagement":
            continue
        lift = row.mean / row.overall_mean if row.overall_mean else np.nan
        rows.append(
            (row.segment, row.feature, "engagement", column.channel, MEAN_LEVEL,
             row.mean, row.overall_mean, lift)
        )  # fmt: skip
    return pd.DataFrame(rows, columns=CHANNEL_COLUMNS)


def _profile_level(column, level: str) -> tuple[str | None, str | None]:
    """Map a profile level to a channel-evidence level and channel (None: skip)."""
    lower = level.lower()
    if level == MISSING:
        return MISSING, None
    if column.evidence == "device":
        return level, DEVICE_CHANNELS.get(lower)
    if column.evidence == "consent":
        yes = lower in ("yes", "true", "1")
        no = lower in ("no", "false", "0")
        if column.inverted:
            yes, no = no, yes
        if yes:
            return OPTED_IN, column.channel
        return (OPTED_OUT, None) if no and column.channel is None else (None, None)
    if column.evidence == "preference":
        if lower in OPT_OUT_TEXTS:
            return OPTED_OUT, None
        return level, canonical_channel(level)
    return None, None
