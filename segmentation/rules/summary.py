"""What rule-based segments add up to: one segment per customer, sizes and overlap.

A customer may match several rules
(:func:`segmentation.rules.conditions.evaluate_rules`,
:func:`rule_overlap`) but gets one segment (:func:`assign_rule_segment`): the first
matching rule in rule order, so **the order of the rules decides overlaps**.
Customers no rule matches make up an "everyone else" segment.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType

import numpy as np
import pandas as pd

from segmentation.errors import InputError
from segmentation.rules.conditions import (
    EVERYONE_ELSE,
    LIST_OPS,
    MISSING_OPS,
    Condition,
    RuleSegment,
    rule_column_names,
    rule_error,
)

__all__ = ("assign_rule_segment", "describe_rule", "rule_overlap", "rule_summary")

_SYMBOLS = MappingProxyType({"==": "=", "!=": "≠", "<=": "≤", ">=": "≥"})


def _matrix(
    membership: pd.DataFrame, rules: Sequence[RuleSegment]
) -> tuple[list[str], np.ndarray]:
    columns = rule_column_names(rules)
    for rule, column in zip(rules, columns, strict=True):
        if column not in membership.columns:
            problem = (
                f"no column {column!r} in the membership; evaluate the rules first"
            )
            raise rule_error(rule.name, problem)
    matrix = membership[columns].fillna(False).to_numpy(dtype=bool)
    return [rule.name for rule in rules], matrix


def _first_match(matrix: np.ndarray) -> np.ndarray:
    """Per row, the index of the first True column, or the column count if none."""
    if matrix.shape[1] == 0:
        return np.zeros(len(matrix), dtype=np.int64)
    return np.where(matrix.any(axis=1), matrix.argmax(axis=1), matrix.shape[1])


def _everyone_else(label: str, names: list[str]) -> str:
    label = label.strip() if isinstance(label, str) else ""
    if not label:
        raise InputError("The segment of customers no rule matches needs a name.")
    if label.casefold() in {n.casefold() for n in names}:
        raise rule_error(
            label, "it has the name of the segment no rule matches; rename it"
        )
    return label


def assign_rule_segment(
    membership: pd.DataFrame,
    rules: Sequence[RuleSegment],
    *,
    everyone_else: str = EVERYONE_ELSE,
) -> pd.Series:
    """Give each customer one segment: the first rule it matches, in rule order.

    Priority decides overlaps: a customer matching the first and the third rule
    goes to the first. Reorder the rules to change who wins.

    Parameters
    ----------
    membership : pandas.DataFrame
        :func:`evaluate_rules` output for these rules.
    rules : sequence of RuleSegment
        Highest priority first.
    everyone_else : str
        The segment of customers no rule matches; no rule may have this name.

    Returns
    -------
    pandas.Series
        Segment names, named ``rule_segment``, on the index of ``membership``.

    Examples
    --------
    >>> from segmentation.rules.conditions import evaluate_rules
    >>> typed = pd.DataFrame({"recency_days": [10.0, 200.0, 400.0]})
    >>> rules = [RuleSegment("Lost", (Condition("recency_days", ">", 365),)),
    ...          RuleSegment("Lapsed", (Condition("recency_days", ">", 180),))]
    >>> assign_rule_segment(evaluate_rules(typed, rules), rules).tolist()
    ['Everyone else', 'Lapsed', 'Lost']
    """
    names, matrix = _matrix(membership, rules)
    labels = np.array([*names, _everyone_else(everyone_else, names)], dtype=object)
    segment = labels[_first_match(matrix)]
    return pd.Series(segment, index=membership.index, name="rule_segment", dtype="str")


def rule_summary(
    membership: pd.DataFrame,
    rules: Sequence[RuleSegment],
    *,
    everyone_else: str = EVERYONE_ELSE,
) -> pd.DataFrame:
    """Size each rule segment, then everyone else.

    Returns
    -------
    pandas.DataFrame
        One row per rule in rule order, then one for everyone else: ``name``;
        ``size`` (customers matching it); ``share`` of all customers (0 to 1, 0
        when there are none); ``exclusive_size`` (matching it and no other rule);
        ``assigned_size`` (its customers after priority, as
        :func:`assign_rule_segment` gives them). Everyone else's three sizes are
        the customers no rule matches.

    Examples
    --------
    >>> from segmentation.rules.conditions import evaluate_rules
    >>> typed = pd.DataFrame({"recency_days": [10.0, 200.0, 400.0, 90.0]})
    >>> rules = [RuleSegment("Lost", (Condition("recency_days", ">", 365),)),
    ...          RuleSegment("Lapsed", (Condition("recency_days", ">", 180),))]
    >>> rule_summary(evaluate_rules(typed, rules), rules)
                name  size  share  exclusive_size  assigned_size
    0           Lost     1   0.25               0              1
    1         Lapsed     2   0.50               1              1
    2  Everyone else     2   0.50               2              2
    """
    names, matrix = _matrix(membership, rules)
    label = _everyone_else(everyone_else, names)
    hits = matrix.sum(axis=1)
    nobody = int((hits == 0).sum())
    size = np.array([*matrix.sum(axis=0), nobody], dtype=np.int64)
    exclusive = np.array([*(matrix[hits == 1]).sum(axis=0), nobody], dtype=np.int64)
    assigned = np.bincount(_first_match(matrix), minlength=len(names) + 1)
    share = size / len(matrix) if len(matrix) else np.zeros(len(size))
    return pd.DataFrame(
        {
            "name": pd.Series([*names, label], dtype="str"),
            "size": size,
            "share": share,
            "exclusive_size": exclusive,
            "assigned_size": assigned.astype(np.int64),
        }
    )


def rule_overlap(
    membership: pd.DataFrame, *, rules: Sequence[RuleSegment] | None = None
) -> pd.DataFrame:
    """Count the customers in both rules, for every pair of rules.

    Parameters
    ----------
    membership : pandas.DataFrame
        :func:`evaluate_rules` output.
    rules : sequence of RuleSegment, optional
        When given, rows and columns are labelled by rule name, not column name.

    Returns
    -------
    pandas.DataFrame
        Square, symmetric, int64; the diagonal holds each rule's size.

    Examples
    --------
    >>> membership = pd.DataFrame({"rule_a": [True, True, False],
    ...                            "rule_b": [True, False, False]})
    >>> rule_overlap(membership)
            rule_a  rule_b
    rule_a       2       1
    rule_b       1       1
    """
    if rules is None:
        labels = [str(c) for c in membership.columns]
        matrix = membership.fillna(False).to_numpy(dtype=bool)
    else:
        labels, matrix = _matrix(membership, rules)
    counts = matrix.T.astype(np.int64) @ matrix.astype(np.int64)
    return pd.DataFrame(counts, index=labels, columns=labels)


###############################################################################
# Words


def describe_rule(rule: RuleSegment) -> str:
    """Say what a rule picks, in plain words.

    Examples
    --------
    >>> describe_rule(RuleSegment("VIP", (Condition("total_spend", ">", 2000),
    ...                                   Condition("recency_days", "<=", 30))))
    'total_spend > 2000 and recency_days ≤ 30'
    >>> describe_rule(RuleSegment("French mobile", (
    ...     Condition("country", "==", "France"),
    ...     Condition("device", "in", ["Mobile", "Tablet"]))))
    'country = France and device is Mobile or Tablet'
    """
    if not rule.conditions:
        return "no conditions yet (matches no one)"
    joiner = " and " if rule.combine == "all" else " or "
    return joiner.join(_describe(c) for c in rule.conditions)


def _describe(c: Condition) -> str:
    if c.op in MISSING_OPS:
        return f"{c.column} {c.op}"
    if c.op == "contains":
        return f'{c.column} contains "{c.value}"'
    if c.op not in LIST_OPS:
        return f"{c.column} {_SYMBOLS.get(c.op, c.op)} {_show(c.value)}"
    shown = [_show(v) for v in c.value]
    if c.op == "between":
        return f"{c.column} between {shown[0]} and {shown[1]}"
    if len(shown) < 2:
        listed = "in an empty list" if not shown else shown[0]
        return f"{c.column} is {'not ' * (c.op == 'not in')}{listed}"
    if c.op == "not in":
        return f"{c.column} is none of {', '.join(shown)}"
    return f"{c.column} is {', '.join(shown[:-1])} or {shown[-1]}"


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
