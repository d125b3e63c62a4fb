"""Rule drafts: rules as the analyst writes them, and their evaluation on a table.

A draft (:class:`RuleDraft`) may be incomplete or wrong without being lost; only
drafts that evaluate on the table become
:class:`segmentation.rules.conditions.RuleSegment` objects in the recipe. Condition
values are typed as text and read for the column's type by
:mod:`segmentation.rules.conditions`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from segmentation import rules
from segmentation.errors import InputError
from ui import cached

__all__ = ("Evaluated", "Row", "RuleDraft", "cell", "draft_to_rule", "evaluate")

#: One condition row: column, operator, value text (None where empty).
Row = tuple[str | None, str | None, str | None]


@dataclass(frozen=True, slots=True)
class RuleDraft:
    """A rule as the analyst is writing it (possibly not valid yet).

    Attributes
    ----------
    uid : int
        Stable number of the draft: its widgets' keys are built from it.
    name : str
    combine : str
        ``"all"`` or ``"any"``.
    conditions : tuple of (column, operator, value text)
        The current conditions.
    base : tuple of (column, operator, value text)
        The conditions the data editor was opened with; its edits apply to them.
    """

    uid: int
    name: str
    combine: str = "all"
    conditions: tuple[Row, ...] = ()
    base: tuple[Row, ...] = ()


@dataclass(frozen=True, slots=True)
class Evaluated:
    """The rules that work on the table, their membership, and the others' errors.

    Attributes
    ----------
    rules : tuple of RuleSegment
        Valid rules, in priority order.
    membership : pandas.DataFrame
        One bool column per valid rule (``rules.evaluate_rules`` layout).
    errors : dict
        Draft uid -> the sentence saying what is wrong.
    """

    rules: tuple[rules.RuleSegment, ...]
    membership: pd.DataFrame
    errors: dict[int, str]


def cell(value: object) -> str | None:
    """Return an edited cell as trimmed text, or None when it is empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _split(text: str, between: bool) -> tuple[str, ...]:
    if ";" in text:
        parts = text.split(";")
    elif between and " and " in text.lower():
        at = text.lower().index(" and ")
        parts = [text[:at], text[at + 5 :]]
    else:
        parts = text.split(",")
    return tuple(part.strip() for part in parts if part.strip())


def _value(op: str, text: str | None) -> object:
    canonical = rules.Condition("x", op).op
    if canonical in ("is missing", "is not missing"):
        return None
    if text is None:
        return None
    if canonical in ("between", "in", "not in"):
        return _split(text, canonical == "between")
    return text


def draft_to_rule(draft: RuleDraft) -> rules.RuleSegment:
    """Turn a draft into a rule; InputError with a sentence when it cannot be.

    Empty condition rows are skipped; ``between`` takes two values and ``in`` /
    ``not in`` a list, separated by ``;`` (or ``,``; ``and`` for between).
    """
    name = draft.name.strip() or f"Rule {draft.uid}"
    conditions = []
    for number, (column, op, value) in enumerate(draft.conditions, start=1):
        if column is None and op is None and value is None:
            continue
        if column is None or op is None:
            missing = "a column" if column is None else "an operator"
            raise InputError(f"Rule {name!r}: condition {number} needs {missing}.")
        conditions.append(rules.Condition(column, op, _value(op, value)))
    return rules.RuleSegment(name, tuple(conditions), draft.combine)


def evaluate(
    drafts: tuple[RuleDraft, ...], table_key: str, typed: pd.DataFrame
) -> Evaluated:
    """Evaluate each draft on the table, keeping the ones that work.

    Parameters
    ----------
    drafts : tuple of RuleDraft
        In priority order.
    table_key : str
        Content key of ``typed`` (for the cache).
    typed : pandas.DataFrame
        The typed table to segment.

    Returns
    -------
    Evaluated
    """
    valid: list[rules.RuleSegment] = []
    columns: list[pd.Series] = []
    errors: dict[int, str] = {}
    for draft in drafts:
        try:
            rule = draft_to_rule(draft)
            rules.rule_column_names([*valid, rule])  # refuses a repeated name
            if rule.name.casefold() == rules.EVERYONE_ELSE.casefold():
                raise InputError(
                    f"Rule {rule.name!r}: its name is the label for customers no "
                    "rule matches; rename it."
                )
            columns.append(cached.evaluate_rule(table_key, rule, typed))
        except InputError as exc:
            errors[draft.uid] = str(exc)
            continue
        valid.append(rule)
    names = rules.rule_column_names(valid)
    membership = pd.DataFrame(
        {name: column.to_numpy() for name, column in zip(names, columns, strict=True)},
        index=typed.index,
        columns=names,
        dtype=bool,
    )
    return Evaluated(tuple(valid), membership, errors)
