"""Plain-language rules per segment, read off shallow decision trees.

For each segment a small decision tree learns "in this segment or not" from the
recipe's features, and the branch that best picks the segment out is worded as a
rule: "Recency days at least 160", "Device is Mobile and age under 35". Thresholds
are rounded for people, then the rule's precision and coverage are counted again
on every row, so the figures shown are true of the words shown.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from sklearn.tree import DecisionTreeClassifier

from segmentation.describe.explain_inputs import (
    TOP_LEVELS,
    Column,
    feature_column,
    tree_inputs,
)
from segmentation.describe.inputs import SegmentedTable, segmented_table
from segmentation.errors import InputError
from segmentation.recipe import Recipe
from segmentation.rules.conditions import Condition, RuleSegment, evaluate_rules
from segmentation.schema.infer import Schema

__all__ = ("MAX_FIT_ROWS", "TOP_LEVELS", "rule_mask", "segment_rules")

#: Rows a tree is fitted on at most: larger tables are sampled (seeded).
MAX_FIT_ROWS = 50_000
#: F1 a threshold with 3 significant digits must gain over 2 digits to be shown.
ROUNDING_TOLERANCE = 0.01
_COLUMNS = ("segment", "rule", "precision", "coverage", "matches", "size", "conditions")

###############################################################################
# Features as the trees see them


@dataclass(frozen=True, slots=True)
class _Clause:
    """What a tree path says about one feature, merged into one bound each way."""

    column: int
    low: float | None = None  # values >= low
    high: float | None = None  # values < high
    equal: int | None = None  # the category level
    not_equal: tuple[int, ...] = ()


###############################################################################
# Tree paths as clauses


def _paths(tree: DecisionTreeClassifier) -> list[tuple[int, tuple]]:
    """Each node but the root that predicts the segment, with its path."""
    t = tree.tree_
    predicts = t.value[:, 0, 1] > t.value[:, 0, 0]
    found, stack = [], [(0, ())]
    while stack:
        node, path = stack.pop()
        if node and predicts[node]:
            found.append((node, path))
        if t.children_left[node] >= 0:
            j, threshold = int(t.feature[node]), float(t.threshold[node])
            stack.append((t.children_right[node], (*path, (j, False, threshold))))
            stack.append((t.children_left[node], (*path, (j, True, threshold))))
    return sorted(found, key=lambda item: item[0])


def _clauses(
    path: tuple, inputs: list[tuple[int, int]], columns: list[Column]
) -> tuple[_Clause, ...]:
    """Merge a path's splits: one clause per feature, in the order first met."""
    merged: dict[int, _Clause] = {}
    for j, left, threshold in path:
        i, level = inputs[j]
        clause = merged.get(i, _Clause(i))
        if level >= 0 and left:
            clause = replace(clause, not_equal=(*clause.not_equal, level))
        elif level >= 0:
            clause = replace(clause, equal=level)
        else:
            # x <= t is x < t, or x < floor(t) + 1 on whole numbers; x > t likewise.
            bound = math.floor(threshold) + 1.0 if columns[i].whole else threshold
            if left:
                high = bound if clause.high is None else min(clause.high, bound)
                clause = replace(clause, high=high)
            else:
                low = bound if clause.low is None else max(clause.low, bound)
                clause = replace(clause, low=low)
        merged[i] = clause
    return tuple(
        replace(c, not_equal=()) if c.equal is not None else c for c in merged.values()
    )


def _mask(clauses: Iterable[_Clause], columns: list[Column], n: int) -> np.ndarray:
    """Rows meeting every clause; a missing value meets none."""
    mask = np.ones(n, dtype=bool)
    for c in clauses:
        values = columns[c.column].values
        if c.low is not None:
            mask &= values >= c.low
        if c.high is not None:
            mask &= values < c.high
        if c.equal is not None:
            mask &= values == c.equal
        for level in c.not_equal:
            mask &= (values != level) & ~np.isnan(values)
    return mask


def _f1(mask: np.ndarray, target: np.ndarray) -> float:
    hits = int(np.count_nonzero(mask & target))
    return 2 * hits / (int(np.count_nonzero(mask)) + int(np.count_nonzero(target)))


def _round_to(value: float, digits: int, whole: bool, up: bool) -> float:
    """Round down (or up) to ``digits`` significant digits; whole numbers stay whole.

    Examples
    --------
    >>> _round_to(1234.5, 2, False, False), _round_to(1234.5, 2, False, True)
    (1200.0, 1300.0)
    >>> _round_to(0.03456, 2, False, True), _round_to(7.0, 2, True, False)
    (0.035, 7.0)
    """
    if value == 0 or not math.isfinite(value):
        return value
    exponent = math.floor(math.log10(abs(value))) - digits + 1
    exponent = max(exponent, 0) if whole else exponent
    steps = (math.ceil if up else math.floor)(value / 10.0**exponent)
    return float(round(steps * 10.0**exponent, max(-exponent, 0)))


def _rounded(
    clauses: tuple[_Clause, ...], columns: list[Column], target: np.ndarray
) -> tuple[_Clause, ...]:
    """Round each numeric bound for people, keeping F1 as high as the digits allow.

    2 significant digits, or 3 when that is clearly better; down or up, whichever
    gives the rule the higher F1 (the nearer to the exact bound on ties).
    """
    rounded = list(clauses)
    for i, clause in enumerate(clauses):
        column = columns[clause.column]
        for side in ("low", "high") if column.kind == "numeric" else ():
            exact = getattr(clause, side)
            if exact is None:
                continue
            best = []
            for digits in (2, 3):
                options = {_round_to(exact, digits, column.whole, up) for up in (0, 1)}
                scored = []
                for value in sorted(options, key=lambda v, e=exact: (abs(v - e), v)):
                    trial = [*rounded[:i], replace(rounded[i], **{side: value})]
                    trial += rounded[i + 1 :]
                    f1 = _f1(_mask(trial, columns, len(target)), target)
                    scored.append((f1, value))
                best.append(max(scored, key=lambda item: item[0]))
            (coarse, value), (fine, finer) = best
            value = finer if fine > coarse + ROUNDING_TOLERANCE else value
            rounded[i] = replace(rounded[i], **{side: value})
    return tuple(rounded)


def _best_clauses(
    matrix: np.ndarray,
    inputs: list[tuple[int, int]],
    columns: list[Column],
    target: np.ndarray,
    fit_rows: np.ndarray,
    max_depth: int,
) -> tuple[_Clause, ...]:
    """Return the rounded path with the best F1 on all rows; () when none fits."""
    fit_target = target[fit_rows]
    if matrix.shape[1] == 0 or fit_target.all() or not fit_target.any():
        return ()
    tree = DecisionTreeClassifier(
        max_depth=max_depth,
        random_state=0,
        class_weight="balanced",
        min_samples_leaf=max(20, len(fit_rows) // 100),
    ).fit(matrix[fit_rows], fit_target)
    best: tuple[float, int, tuple[_Clause, ...]] | None = None
    for _, path in _paths(tree):
        clauses = _clauses(path, inputs, columns)
        score = (_f1(_mask(clauses, columns, len(target)), target), -len(clauses))
        if best is None or score > best[:2]:
            best = (*score, clauses)
    return () if best is None else _rounded(best[2], columns, target)


###############################################################################
# Conditions and words


def _conditions(clause: _Clause, column: Column) -> list[tuple[str, str, object]]:
    name = column.name
    if column.kind == "categorical":
        if clause.equal is not None:
            return [(name, "==", column.levels[clause.equal])]
        return [(name, "!=", column.levels[level]) for level in clause.not_equal]
    if column.kind == "boolean":
        return [(name, "==", clause.low is not None)]
    if column.kind == "datetime":
        # Fewer days before the latest date is a later date: days < high is "on or
        # after" the day high - 1 days back, days >= low "before" low - 1 days back.
        reference = column.reference
        return [
            (name, op, str((reference - pd.Timedelta(days=days - 1)).date()))
            for op, days in ((">=", clause.high), ("<", clause.low))
            if days is not None
        ]
    bounds = ((">=", clause.low), ("<", clause.high))
    number = int if column.whole else float
    return [(name, op, number(v)) for op, v in bounds if v is not None]


def _number(value: object) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,g}"


def _clause_words(conditions: list[tuple[str, str, object]], kind: str) -> str:
    label = " ".join(str(conditions[0][0]).replace("_", " ").split())
    ops = {op: value for _, op, value in conditions}
    levels = [str(value) for _, _, value in conditions]
    if kind == "boolean":
        return f"{label} is {'yes' if ops['=='] else 'no'}"
    if kind == "categorical" and ("==" in ops or len(levels) == 1):
        return f"{label} is {'' if '==' in ops else 'not '}{levels[0]}"
    if kind == "categorical" and len(levels) == 2:
        return f"{label} is neither {levels[0]} nor {levels[1]}"
    if kind == "categorical":
        return f"{label} is none of {', '.join(levels[:-1])} or {levels[-1]}"
    if kind == "datetime":
        words = {">=": "on or after {}", "<": "before {}"}
        return f"{label} " + " and ".join(words[o].format(v) for o, v in ops.items())
    words = {">=": "at least {}", "<": "under {}"}
    return f"{label} " + " and ".join(
        words[op].format(_number(value)) for op, value in ops.items()
    )


def _words(conditions: tuple[tuple[str, str, object], ...], kinds: dict) -> str:
    """Word the conditions as one sentence, one clause per feature."""
    groups: dict[str, list[tuple[str, str, object]]] = {}
    for condition in conditions:
        groups.setdefault(condition[0], []).append(condition)
    text = " and ".join(_clause_words(g, kinds[name]) for name, g in groups.items())
    return text[:1].upper() + text[1:] if text else "Everyone"


###############################################################################
# Public functions


def rule_mask(
    df: pd.DataFrame, conditions: Iterable[tuple[str, str, object] | Condition]
) -> pd.Series:
    """Say which rows meet every condition, as the rules read them.

    Parameters
    ----------
    df : pandas.DataFrame
        The typed table (:meth:`segmentation.schema.infer.Schema.typed`); not changed.
    conditions : iterable of (column, operator, value) or Condition
        All must hold. Operators are those of :data:`segmentation.rules.conditions.OPS`;
        :func:`segment_rules` uses ``<``, ``>=``, ``==`` and ``!=``. A missing
        value meets no condition (not even ``!=``). No conditions: every row.

    Returns
    -------
    pandas.Series
        Booleans on the index of ``df``.

    Raises
    ------
    InputError
        For an unknown column or operator, or a value that does not fit the column.

    Examples
    --------
    >>> df = pd.DataFrame({"age": [25.0, 40.0, None],
    ...                    "device": ["Mobile", "Desktop", "Mobile"]})
    >>> rule_mask(df, [("age", "<", 35), ("device", "==", "Mobile")]).tolist()
    [True, False, False]
    >>> rule_mask(df, [("device", "!=", "Desktop")]).tolist()
    [True, False, True]
    """
    try:
        items = [c if isinstance(c, Condition) else Condition(*c) for c in conditions]
    except TypeError:
        raise InputError("A condition is a column, an operator and a value.") from None
    if not items:
        return pd.Series(True, index=df.index, dtype=bool)
    membership = evaluate_rules(df, [RuleSegment("rule", tuple(items))])
    return membership.iloc[:, 0].rename(None)


def segment_rules(
    df: pd.DataFrame,
    labels: object,
    recipe: Recipe,
    *,
    max_depth: int = 3,
    schema: Schema | None = None,
) -> pd.DataFrame:
    """Describe each segment by one plain-language rule on the recipe's features.

    For each segment, a decision tree (depth ``max_depth``, balanced classes, at
    least 20 rows or 1% of the rows per leaf, ``random_state=0``) separates it from
    all other rows, unassigned ones included. Its inputs: numbers as they are
    (missing values filled with the column's median, for the tree only); dates as
    days before the column's latest date; yes/no as 1/0; each category as an "is
    X" indicator, for the :data:`TOP_LEVELS` most frequent levels of a feature
    (others are not named). Above :data:`MAX_FIT_ROWS` rows the trees fit on a
    sample drawn with ``recipe.seed``; figures are always counted on every row.

    Of the tree's nodes that predict the segment, the one whose path has the best
    F1 on all rows (the harmonic mean of precision and coverage; fewer conditions
    on ties) is kept. Its conditions on the same feature are merged into one bound
    each way; numeric bounds are rounded to 2 significant digits (3 when that
    raises F1 by more than :data:`ROUNDING_TOLERANCE`), down or up, whichever
    scores better, and kept whole on columns of whole numbers; dates stay exact
    days. Precision, coverage and matches are then counted with
    :func:`rule_mask` on the rounded conditions, where a missing value meets no
    condition, so they are true of the words shown.

    Parameters
    ----------
    df : pandas.DataFrame
        The table that was segmented: typed (``workflow.prepare(...).table``) or
        as read (text cells), typed here as the workflow types it.
    labels : array-like of int
        One segment per row, in row order; -1 for rows in no segment (they get no
        rule but count as "not this segment").
    recipe : Recipe
        Its features (never the id column) are what rules may use; its seed draws
        the sample on large tables.
    max_depth : int, default 3
        Depth of the trees: the most conditions a rule has before merging.
    schema : Schema, optional
        Roles of a table as read; by default inferred as
        :func:`segmentation.workflow.schema_for` does.

    Returns
    -------
    pandas.DataFrame
        One row per segment, in ascending order: ``segment``; ``rule`` (words;
        "Everyone" when no tree node predicts the segment); ``precision`` (share
        of matching rows in the segment; NaN when none match); ``coverage`` (share
        of the segment's rows that match); ``matches``; ``size``; ``conditions``
        (tuple of (column, operator, value) for :func:`rule_mask`: operators
        ``<``, ``>=``, ``==``, ``!=``; dates as ``YYYY-MM-DD``, yes/no as bools).

    Raises
    ------
    InputError
        For a feature the table lacks, labels that are not one whole number of
        -1 or more per row, or a depth below 1.

    Examples
    --------
    >>> from segmentation.recipe import Feature
    >>> df = pd.DataFrame({"recency_days": [5.0, 9.0] * 15 + [400.0, 365.0] * 15,
    ...                    "device": ["Mobile", "Desktop"] * 30})
    >>> recipe = Recipe(features=(Feature("recency_days", "numeric"),
    ...                           Feature("device", "categorical")))
    >>> rules = segment_rules(df, [0] * 30 + [1] * 30, recipe)
    >>> rules[["segment", "rule", "precision", "coverage", "matches"]]
       segment                       rule  precision  coverage  matches
    0        0     Recency days under 190        1.0       1.0       30
    1        1  Recency days at least 190        1.0       1.0       30
    >>> rules["conditions"][1]
    (('recency_days', '>=', 190),)
    """
    data = segmented_table(df, labels, recipe, schema=schema)
    return rules_of(data, max_depth=max_depth)


def rules_of(data: SegmentedTable, *, max_depth: int = 3) -> pd.DataFrame:
    """Find one rule in words per segment of a table made ready once.

    See :func:`segment_rules`, which makes the table ready and calls this.

    Parameters
    ----------
    data : SegmentedTable
    max_depth : int, default 3

    Returns
    -------
    pandas.DataFrame
        As :func:`segment_rules`.
    """
    if isinstance(max_depth, bool) or not isinstance(max_depth, int) or max_depth < 1:
        raise InputError(f"The tree depth must be 1 or more, not {max_depth!r}.")
    if not data.kinds:
        raise InputError("Choose at least one column to explain the segments with.")
    recipe, kinds = data.recipe, data.kinds
    typed = data.table[list(kinds)]
    segments = data.labels.to_numpy()
    columns = [feature_column(name, kind, typed[name]) for name, kind in kinds.items()]
    matrix, inputs = tree_inputs(columns)
    rows = len(typed)
    fit_rows = np.arange(rows)
    if rows > MAX_FIT_ROWS:
        sample = np.random.default_rng(recipe.seed).choice(rows, MAX_FIT_ROWS, False)
        fit_rows = np.sort(sample)
    records = []
    for segment in np.unique(segments[segments >= 0]):
        target = segments == segment
        clauses = _best_clauses(matrix, inputs, columns, target, fit_rows, max_depth)
        conditions = tuple(
            condition
            for clause in clauses
            for condition in _conditions(clause, columns[clause.column])
        )
        mask = rule_mask(typed, conditions).to_numpy(dtype=bool)
        matches, hits, size = mask.sum(), (mask & target).sum(), target.sum()
        precision = hits / matches if matches else np.nan
        words = _words(conditions, kinds)
        records.append(
            (segment, words, precision, hits / size, matches, size, conditions)
        )
    out = pd.DataFrame(records, columns=list(_COLUMNS))
    return out.astype({"segment": "int64", "matches": "int64", "size": "int64"})
