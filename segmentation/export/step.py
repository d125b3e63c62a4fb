"""The export step of a run: the labelled table exactly as the recipe asks for it.

The Export page and ``segmentation fit`` both call :func:`labelled_output`, so a
recipe saved from the app and run headless writes the same file: every input row
in input order with its original text, then ``segment`` and ``segment_name`` (the
recipe's names over the generated ones), ``ab_group`` when the recipe holds out a
control share, ``rule_segment`` when the recipe has rule-based segments, and one
``group_<name>`` column per group the analyst kept by hand.
Formula neutralisation follows ``recipe.neutralise_formulas`` when written.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from segmentation.export.groups import group_membership
from segmentation.export.holdout import ab_split
from segmentation.export.labelled import labelled_table
from segmentation.labels import default_names
from segmentation.recipe import Recipe
from segmentation.rules.conditions import evaluate_rules
from segmentation.rules.summary import assign_rule_segment
from segmentation.schema.infer import infer_schema

__all__ = ("applied_names", "applied_output", "final_names", "labelled_output")


def final_names(generated: Mapping[int, str], recipe: Recipe) -> dict[int, str]:
    """Return the generated names with the recipe's own names on top.

    Examples
    --------
    >>> r = Recipe(segment_names=((1, "VIP"),))
    >>> final_names({0: "Champions", 1: "Loyal customers"}, r)
    {0: 'Champions', 1: 'VIP'}
    """
    return {**dict(generated), **recipe.names}


def applied_names(recipe: Recipe, labels: np.ndarray) -> dict[int, str]:
    """Return a saved model's names, with default names for the segments it lacks.

    Examples
    --------
    >>> applied_names(Recipe(segment_names=((1, "VIP"),)), np.array([0, 1, 1]))
    {0: 'Segment 0', 1: 'VIP'}
    """
    found = np.unique(labels)
    defaults = dict(zip(found.tolist(), default_names(found), strict=True))
    return {**{int(k): v for k, v in defaults.items()}, **recipe.names}


def applied_output(
    frame: pd.DataFrame,
    labels: np.ndarray | pd.Series,
    recipe: Recipe,
    *,
    first_row: int = 1,
) -> pd.DataFrame:
    """Build the labelled table of new data labelled by a saved model.

    Every row as read, then ``segment`` and ``segment_name`` (the model's names,
    see :func:`applied_names`) and the model's kept groups (``group_<name>``, by
    customer id). What ``segmentation apply`` writes and the Data page offers.
    ``first_row`` is the 1-based number of ``frame``'s first row in its file,
    for a chunk of a larger table.
    """
    values = np.asarray(labels)
    groups = recipe.groups
    extra = group_membership(frame, recipe.id_column, groups, first_row=first_row)
    extra = extra or None
    return labelled_table(frame, values, applied_names(recipe, values), extra=extra)


def labelled_output(
    frame: pd.DataFrame,
    labels: np.ndarray | pd.Series,
    recipe: Recipe,
    names: Mapping[int, str],
    *,
    typed: pd.DataFrame | None = None,
    decimal: str = ".",
) -> pd.DataFrame:
    """Build the labelled table a run exports.

    Parameters
    ----------
    frame : pandas.DataFrame
        The customer table as read (every cell text), one row per customer.
    labels : array-like of int
        Segment of each row, by position.
    recipe : Recipe
        Its ``holdout``, ``seed`` and ``rules`` are used.
    names : mapping of int to str
        Segment names (see :func:`final_names`).
    typed : pandas.DataFrame, optional
        The typed table the rules are evaluated on (same rows as ``frame``); rule
        columns it lacks are typed from ``frame``.
    decimal : {".", ","}, default "."
        How ``frame``'s numbers write their decimals (its ``TableInfo.decimal``).

    Returns
    -------
    pandas.DataFrame
        See :func:`segmentation.export.labelled.labelled_table`.
    """
    values = np.asarray(labels)
    groups = None
    if recipe.holdout > 0:
        groups = ab_split(values, recipe.holdout, seed=recipe.seed).to_numpy()
    extra: dict[str, np.ndarray] = {}
    if recipe.rules:
        table = _rule_columns(frame, recipe, typed, decimal)
        membership = evaluate_rules(table, recipe.rules)
        segment = assign_rule_segment(membership, recipe.rules)
        extra["rule_segment"] = segment.to_numpy()
    if recipe.groups:
        extra |= group_membership(frame, recipe.id_column, recipe.groups)
    return labelled_table(frame, values, names, ab_groups=groups, extra=extra or None)


def _rule_columns(
    frame: pd.DataFrame, recipe: Recipe, typed: pd.DataFrame | None, decimal: str
) -> pd.DataFrame:
    """Return the typed columns the rules read (from ``typed``, else ``frame``)."""
    needed = list(
        dict.fromkeys(c.column for rule in recipe.rules for c in rule.conditions)
    )
    have = typed.reset_index(drop=True) if typed is not None else None
    missing = [c for c in needed if have is None or c not in have.columns]
    if not missing:
        return have
    present = [c for c in missing if c in frame.columns]
    schema = infer_schema(frame[present], decimal=decimal)
    parsed = schema.typed(frame[present]).reset_index(drop=True)
    return parsed if have is None else pd.concat([have, parsed], axis=1)
