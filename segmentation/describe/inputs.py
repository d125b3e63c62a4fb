"""The describe step's one input: a segmented table, typed once, labels checked once.

:func:`segmented_table` takes the table as the faces have it (typed by the
workflow, as read with text cells, or both) and returns a :class:`SegmentedTable`:
the recipe's features and the columns that may hold value, recency or frequency
typed by role, and the segment labels checked. The profile, the rules in words and
the channel evidence all read it, so a run is typed and checked in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from segmentation.describe.ahead import LOG_BEHAVIOUR_NAMES
from segmentation.describe.value import role_candidates
from segmentation.errors import InputError
from segmentation.labels import segment_labels
from segmentation.recipe import Recipe
from segmentation.schema.infer import Schema, infer_schema

__all__ = ("SegmentedTable", "segmented_table")


@dataclass(frozen=True, slots=True, eq=False)
class SegmentedTable:
    """A segmented table made ready for describing.

    Attributes
    ----------
    table : pandas.DataFrame
        The feature columns and the value/recency/frequency candidates, typed by
        role (numbers, yes/no, dates; categories as text), rows by position.
    raw : pandas.DataFrame
        Every column as given, rows by position (channel evidence reads text).
    labels : pandas.Series
        ``int64`` segment of each row (-1 unassigned), on the same positions.
    recipe : Recipe
    kinds : dict of str to str
        Kind of each feature (never the id column), in recipe order.
    schema : Schema or None
        The roles the caller gave, if any.
    """

    table: pd.DataFrame
    raw: pd.DataFrame
    labels: pd.Series
    recipe: Recipe
    kinds: dict[str, str]
    schema: Schema | None = None

    @property
    def segments(self) -> list[int]:
        """The segments present, in order, unassigned (-1) last."""
        return sorted(set(self.labels.tolist()), key=lambda s: (s == -1, s))


def segmented_table(
    df: pd.DataFrame,
    labels: np.ndarray | pd.Series | object,
    recipe: Recipe,
    *,
    schema: Schema | None = None,
) -> SegmentedTable:
    """Type a segmented table once and check its labels once.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per customer: typed (``workflow.prepare(...).table``), as read
        (text cells) or both (see :func:`segmentation.describe.step.wide_table`).
    labels : array-like of int
        Segment of each row, by position: 0..k-1, -1 for unassigned.
    recipe : Recipe
        Its features (and the described columns the table has) are typed with
        the kind it gives them.
    schema : Schema, optional
        Roles of text columns; columns it lacks are inferred (with the decimal
        mark of its columns).

    Returns
    -------
    SegmentedTable

    Raises
    ------
    InputError
        Not a table, no rows, labels that do not fit the rows, or a feature the
        table lacks.

    Examples
    --------
    >>> from segmentation.recipe import Feature
    >>> df = pd.DataFrame({"spend": ["$10", "n/a", "30"], "plan": ["A", "B", "A"]})
    >>> r = Recipe(features=(Feature("spend", "numeric"),
    ...                      Feature("plan", "categorical")))
    >>> data = segmented_table(df, [0, 1, 0], r)
    >>> data.table["spend"].tolist(), data.labels.tolist()
    ([10.0, nan, 30.0], [0, 1, 0])
    """
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"Expected a table of customers, not {type(df).__name__}.")
    if len(df) == 0:
        raise InputError("The table has no rows to describe.")
    raw = df.reset_index(drop=True)
    checked = segment_labels(labels, len(raw), raw.index)
    kinds = {f.name: f.kind for f in recipe.features if f.name != recipe.id_column}
    absent = [name for name in kinds if name not in raw.columns]
    if absent:
        raise InputError(
            f"The table lacks the recipe's feature column(s): {', '.join(absent)}."
        )
    kinds.update(
        {
            f.name: f.kind
            for f in recipe.described
            if f.name in raw.columns and f.name != recipe.id_column
        }
    )
    return SegmentedTable(
        table=_typed(raw, recipe, kinds, schema),
        raw=raw,
        labels=checked,
        recipe=recipe,
        kinds=kinds,
        schema=schema,
    )


def _is_text(values: pd.Series) -> bool:
    dtype = values.dtype
    return pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)


def _typed(
    df: pd.DataFrame, recipe: Recipe, kinds: dict[str, str], schema: Schema | None
) -> pd.DataFrame:
    """Take the feature and role-candidate columns, parsing text ones by role."""
    others = [c for c in df.columns if c not in kinds and c != recipe.id_column]
    outcomes = [c for c in others if c in recipe.outcomes]
    rest = [str(c) for c in others if c not in recipe.outcomes]
    measured = {c for _, columns in recipe.measures for c in columns}
    candidates = role_candidates(rest)
    candidates += [
        c
        for c in rest
        if (c in measured or c in LOG_BEHAVIOUR_NAMES) and c not in candidates
    ]
    wanted = list(kinds) + outcomes + candidates
    table = df[wanted].copy()
    text = [c for c in wanted if _is_text(table[c])]
    if not text:
        return table
    given = [schema[c] for c in text if schema is not None and c in schema]
    unknown = [c for c in text if schema is None or c not in schema]
    if unknown:
        # The table's other columns were read with the schema's decimal mark.
        decimal = schema.columns[0].decimal if schema and schema.columns else "."
        inferred = infer_schema(df[unknown], decimal=decimal)
        given += list(inferred.columns)
    roles = {name: kind for name, kind in kinds.items() if name in text}
    roles.update({name: "outcome" for name in outcomes if name in text})
    text_schema = Schema(columns=tuple(given), rows=len(df)).with_overrides(
        {name: {"role": role} for name, role in roles.items()}
    )
    parsed = text_schema.typed(table[text])
    for column in text:
        table[column] = parsed[column]
    return table
