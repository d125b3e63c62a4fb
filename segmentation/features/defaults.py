"""The criteria an expert starts from: segment on behaviour, describe with the rest.

:func:`default_criteria` splits a table's usable columns into the features that
define the segments and the columns that only describe them:

- when the table records behaviour (at least :data:`MIN_BEHAVIOUR_COLUMNS` numeric
  or date columns of the behavioural family), demographic and geographic columns
  describe the segments: marketers segment on what customers do and profile the
  segments by who they are;
- a column named as a part of a date only (``day``, ``month``) describes: when a
  contact happened says nothing of the customer;
- a categorical or yes/no column associated with no other criterion (see
  :mod:`segmentation.features.structure`) describes rather than splits;
- outcome columns are neither (they are reported as rates).

The analyst can segment on any of them; the reasons say why each was left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from segmentation.features.structure import describe_only
from segmentation.recipe import Feature, Recipe
from segmentation.schema import Schema
from segmentation.schema.vocabulary import names_a_calendar_part

__all__ = ("DESCRIBING_FAMILIES", "DefaultCriteria", "default_criteria")

#: Families that describe the segments when the table has behaviour to segment on.
DESCRIBING_FAMILIES = ("demographic", "geographic")
#: Behavioural numeric or date columns that make a table "about behaviour".
MIN_BEHAVIOUR_COLUMNS = 2


@dataclass(frozen=True)
class DefaultCriteria:
    """The default split of a table's usable columns.

    Attributes
    ----------
    features : tuple of Feature
        The columns to segment on, in table order.
    described : tuple of Feature
        The usable columns that describe the segments instead, in table order.
    reasons : dict
        Column of ``described`` -> why it describes rather than defines, one
        short clause ("no other criterion differs by it ...").
    """

    features: tuple[Feature, ...]
    described: tuple[Feature, ...] = ()
    reasons: dict[str, str] = field(default_factory=dict)

    def recipe(self, schema: Schema, **options: object) -> Recipe:
        """Make the recipe of these features and described columns."""
        base = Recipe.from_schema(
            schema, columns=tuple(f.name for f in self.features), **options
        )
        return base.replace(described=self.described)


def default_criteria(
    schema: Schema, typed: pd.DataFrame, *, seed: int = 0
) -> DefaultCriteria:
    """Choose the features to segment on and the columns that describe.

    Parameters
    ----------
    schema : Schema
        Roles and families of the table's columns.
    typed : DataFrame
        The typed table (``schema.typed(df)``), for the association tests.
    seed : int, default 0
        Seed of the sample the tests look at on a large table.

    Returns
    -------
    DefaultCriteria

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"orders": rng.poisson(5, 400).astype(str),
    ...                    "total_spend": rng.gamma(2, 50, 400).round(2).astype(str),
    ...                    "age": rng.integers(18, 80, 400).astype(str)})
    >>> from segmentation.schema import infer_schema
    >>> s = infer_schema(df)
    >>> chosen = default_criteria(s, s.typed(df))
    >>> [f.name for f in chosen.features], [f.name for f in chosen.described]
    (['orders', 'total_spend'], ['age'])
    """
    usable = Recipe.from_schema(schema).features
    behaviour = [
        f
        for f in usable
        if f.family == "behavioral" and f.kind in ("numeric", "datetime")
    ]
    reasons: dict[str, str] = {}
    if len(behaviour) >= MIN_BEHAVIOUR_COLUMNS:
        for f in usable:
            if f.family in DESCRIBING_FAMILIES:
                reasons[f.name] = (
                    f"a {f.family} column: the table records behaviour to segment "
                    "on, and who customers are describes the segments"
                )
    for f in usable:
        if f.name not in reasons and names_a_calendar_part(f.name):
            reasons[f.name] = (
                "a part of a date (day, month): when something happened, not what "
                "the customer does"
            )
    kept = [f for f in usable if f.name not in reasons]
    for name, strongest in describe_only(typed, kept, seed=seed).items():
        reasons[name] = "no other criterion differs by it" + (
            f" (strongest: {strongest.measure} {strongest.size:.2f} with "
            f"{strongest.other})"
            if strongest is not None
            else ""
        )
    return DefaultCriteria(
        features=tuple(f for f in usable if f.name not in reasons),
        described=tuple(f for f in usable if f.name in reasons),
        reasons=reasons,
    )
