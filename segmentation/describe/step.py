"""The describe step of a run: what each segment is, in figures and in words.

After :mod:`segmentation.workflow` has prepared the table and found the segments,
:func:`describe` gathers everything the Segments and Export pages and
``segmentation fit --summary/--messages`` show: the profile (sizes, traits, value,
churn risk), a plain-language rule per segment, names, warnings about segments too
small or too alike to target, the channel evidence and the suggested messages.
Both faces call it, so the app and the command line describe a run the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from segmentation.describe.checks import (
    SegmentWarning,
    segment_warnings,
    shape_warnings,
)
from segmentation.describe.explain import rules_of
from segmentation.describe.inputs import segmented_table
from segmentation.describe.naming import segment_names
from segmentation.describe.segment_profile import Profile, profile_of
from segmentation.messaging.channels import channel_evidence
from segmentation.messaging.opportunities import find_opportunities
from segmentation.messaging.suggest import suggest_messages
from segmentation.recipe import Recipe
from segmentation.schema.business import BusinessGuess, business_of
from segmentation.schema.infer import Schema

__all__ = (
    "Description",
    "describe",
    "messages",
    "opportunities",
    "summary_table",
    "wide_table",
)


@dataclass(frozen=True, slots=True)
class Description:
    """Everything said about the segments of one run.

    Attributes
    ----------
    profile : Profile
        Sizes, per-feature figures, traits, value and churn risk.
    rules : pandas.DataFrame
        One plain-language rule per segment with its precision and coverage
        (see :func:`segmentation.describe.explain.segment_rules`).
    names : dict of int to str
        The generated name of each segment (-1: "Unassigned").
    warnings : tuple of SegmentWarning
        Segments too small to target, or nearly the same as another.
    channels : pandas.DataFrame or None
        Channel evidence per segment (see
        :func:`segmentation.messaging.channels.channel_mix`).
    business : BusinessGuess
        The kind of business the messages speak to: the recipe's, else guessed
        from the table's columns.
    """

    profile: Profile
    rules: pd.DataFrame
    names: dict[int, str]
    warnings: tuple[SegmentWarning, ...] = field(default=())
    channels: pd.DataFrame | None = None
    business: BusinessGuess = field(default_factory=lambda: BusinessGuess("retail"))


def wide_table(frame: pd.DataFrame | None, table: pd.DataFrame) -> pd.DataFrame:
    """Add the columns of the file that the segmented table left out.

    ``segmentation.workflow.prepare_for`` types only the id and feature columns;
    the value, recency and channel columns a description uses may be others. They
    are added as read (text); the profile types what it needs.

    Parameters
    ----------
    frame : pandas.DataFrame or None
        The customer table as read (None when there is only a transaction log).
    table : pandas.DataFrame
        The segmented table, one row per row of ``frame`` in the same order.

    Returns
    -------
    pandas.DataFrame
        ``table`` with the other columns of ``frame`` after its own.
    """
    if frame is None or len(frame) != len(table):
        return table
    others = [c for c in frame.columns if c not in table.columns]
    if not others:
        return table
    extra = frame[others].set_axis(table.index, axis=0)
    return pd.concat([table, extra], axis=1)


def describe(
    table: pd.DataFrame,
    labels: np.ndarray | pd.Series,
    recipe: Recipe,
    *,
    matrix: pd.DataFrame | np.ndarray | None = None,
    schema: Schema | None = None,
    rules: bool = True,
    channels: bool = True,
) -> Description:
    """Describe the segments of a segmented table.

    Parameters
    ----------
    table : pandas.DataFrame
        The segmented table, one row per customer (typed, as read, or both:
        see :func:`wide_table`).
    labels : array-like of int
        Segment of each row, by position (0..k-1, -1 unassigned).
    recipe : Recipe
        Its features are described.
    matrix : array-like, optional
        The feature matrix the segments were found on; without it, no check for
        near-twin segments.
    schema : Schema, optional
        Roles of the table's text columns (inferred when missing).
    rules, channels : bool, default True
        Whether to find the rules in words (for the summary) and the channel
        evidence (for the messages); left out, those fields are empty and the
        description costs less (the names need neither).

    Returns
    -------
    Description
    """
    data = segmented_table(table, labels, recipe, schema=schema)
    values = data.labels.to_numpy()
    found = profile_of(data)
    found_rules = (
        rules_of(data)
        if rules
        else pd.DataFrame(columns=["segment", "rule", "precision", "coverage"])
    )
    if matrix is None:
        warnings = shape_warnings(values)
    else:
        features = [f.name for f in recipe.features]
        warnings = segment_warnings(matrix, values, features)
    evidence = (
        channel_evidence(
            data.raw, data.labels, schema=schema, measures=dict(recipe.measures)
        )
        if channels
        else None
    )
    return Description(
        found,
        found_rules,
        segment_names(found),
        tuple(warnings),
        channels=evidence,
        business=business_of(recipe.business, data.raw.columns),
    )


def messages(description: Description, names: Mapping[int, str]) -> pd.DataFrame:
    """Suggested messaging per segment, under the given names.

    See :func:`segmentation.messaging.suggest.suggest_messages`; what ``segmentation fit
    --messages`` writes and the Export page offers for editing.
    """
    return suggest_messages(
        description.profile,
        dict(names),
        channels=description.channels,
        business=description.business.kind,
    )


def opportunities(description: Description, names: Mapping[int, str]) -> pd.DataFrame:
    """Opportunity hints per segment, under the given names.

    See :func:`segmentation.messaging.opportunities.find_opportunities`.
    """
    return find_opportunities(
        description.profile,
        dict(names),
        channels=description.channels,
        business=description.business.kind,
    )


def summary_table(description: Description, names: Mapping[int, str]) -> pd.DataFrame:
    """One row per segment: number, name, size, share and the profile figures.

    What ``segmentation fit --summary`` writes and the Export page offers; the
    rule in words and its precision and coverage come after the profile figures.

    Parameters
    ----------
    description : Description
    names : mapping of int to str
        The names to use (the generated ones, or the analyst's).

    Returns
    -------
    pandas.DataFrame
    """
    out = description.profile.summary()
    out.insert(1, "segment_name", [names.get(int(s), str(s)) for s in out["segment"]])
    rules = description.rules.set_index("segment")
    out["rule"] = out["segment"].map(rules["rule"])
    out["rule_precision"] = out["segment"].map(rules["precision"])
    out["rule_coverage"] = out["segment"].map(rules["coverage"])
    hints = opportunities(description, names).groupby("segment")["hint"]
    joined = hints.agg(" ".join).to_dict()
    out["opportunities"] = [joined.get(int(s), "") for s in out["segment"]]
    return out
