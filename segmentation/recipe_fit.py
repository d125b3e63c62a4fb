"""Fit a saved recipe to the table loaded now: keep what fits, say what does not.

A recipe saved on one table and opened on another (next month's export, a
colleague's file) may name columns the new table lacks. :func:`fit_recipe` keeps
every choice that still applies and drops the rest, one sentence per drop, so
the app can restore the work and say exactly what it could not restore.
Behaviour columns (recency, frequency, monetary...) are looked for among the
columns the transaction log gives when the recipe takes behaviour from one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from segmentation.recipe import Recipe

__all__ = ("RecipeFit", "fit_recipe")


@dataclass(frozen=True, slots=True)
class RecipeFit:
    """A recipe cut to a table, and what was cut.

    Attributes
    ----------
    recipe : Recipe
        Every choice of the saved recipe that applies to the table.
    problems : tuple of str
        One sentence per choice that was left out.
    """

    recipe: Recipe
    problems: tuple[str, ...]


def _listed(names: Iterable[str]) -> str:
    return ", ".join(repr(n) for n in names)


def fit_recipe(
    recipe: Recipe, columns: Iterable[object], behaviour: Iterable[object] = ()
) -> RecipeFit:
    """Keep the recipe's choices that apply to a table with these columns.

    Parameters
    ----------
    recipe : Recipe
        The saved recipe.
    columns : iterable of str
        The loaded customer table's columns.
    behaviour : iterable of str, optional
        The columns the transaction log adds (when one is loaded and mapped).

    Returns
    -------
    RecipeFit

    Examples
    --------
    >>> from segmentation.recipe import Feature
    >>> r = Recipe(id_column="id", features=(Feature("age", "numeric"),
    ...            Feature("shoe_size", "numeric")), labels=(("age", "Age (years)"),))
    >>> fitted = fit_recipe(r, ["id", "age"])
    >>> fitted.recipe.feature_names, fitted.problems
    (['age'], ("The table has no column 'shoe_size': left out of the criteria.",))
    """
    have = {str(c) for c in columns} | {str(c) for c in behaviour}
    problems: list[str] = []

    def kept(names: Iterable[str], what: str) -> set[str]:
        names = list(dict.fromkeys(names))
        missing = [n for n in names if n not in have]
        if missing:
            noun = "column" if len(missing) == 1 else "columns"
            problems.append(f"The table has no {noun} {_listed(missing)}: {what}.")
        return {n for n in names if n in have}

    features = kept((f.name for f in recipe.features), "left out of the criteria")
    described = kept((f.name for f in recipe.described), "no longer described")
    outcomes = kept(recipe.outcomes, "no longer reported as an outcome")
    rules = []
    for rule in recipe.rules:
        used = [c.column for c in rule.conditions if c.column not in have]
        if used:
            problems.append(
                f"Rule {rule.name!r} uses {_listed(used)}, which the table does not "
                "have: left out."
            )
        else:
            rules.append(rule)
    measures = []
    for measure, parts in recipe.measures:
        if all(p in have for p in parts):
            measures.append((measure, parts))
        else:
            missing = [p for p in parts if p not in have]
            problems.append(
                f"The {measure} was set to {_listed(missing)}, which the table does "
                "not have: it is found from the column names again."
            )
    labels = tuple(
        (column, label)
        for column, label in recipe.labels
        if all(part in have for part in column.split(" + "))
    )
    id_column = recipe.id_column
    if id_column is not None and id_column not in have:
        problems.append(
            f"The table has no id column {id_column!r}: the inferred one is used."
        )
        id_column = None
    fitted = recipe.replace(
        id_column=id_column,
        features=tuple(f for f in recipe.features if f.name in features),
        described=tuple(f for f in recipe.described if f.name in described),
        outcomes=tuple(o for o in recipe.outcomes if o in outcomes),
        rules=tuple(rules),
        measures=tuple(measures),
        labels=labels,
    )
    return RecipeFit(fitted, tuple(problems))
