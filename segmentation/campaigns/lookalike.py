"""Look-alike customers: everyone ranked by likeness to a list of seed customers.

The seeds (customers who bought a product, the best segment, an uploaded list of
ids) are told apart from everyone else by a logistic regression on the feature
matrix of the segmentation (the same preprocessing; outcome columns, ids and
personal data are never features), its probabilities calibrated (Platt's
sigmoid). Every customer's score comes from models that did not see that
customer (five folds), so a non-seed who resembles the seeds is not pushed down
for having been a negative in training, and the seeds' own scores measure how
well the model separates: the AUC of the seeds against everyone else. (Customers
like the seeds who are not seeds count against it, so it understates.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from segmentation import workflow
from segmentation.behaviour.log_match import id_text
from segmentation.errors import InputError
from segmentation.recipe import Recipe
from segmentation.schema import Schema

__all__ = ("FOLDS", "MIN_SEEDS", "Lookalike", "lookalike")

#: Fewer seeds matched in the table than this: no model.
MIN_SEEDS = 10
#: Folds of the out-of-fold scores.
FOLDS = 5


@dataclass(frozen=True, slots=True)
class Lookalike:
    """Every customer's likeness to the seeds.

    Attributes
    ----------
    scores : pandas.DataFrame
        One row per input row, in order: ``lookalike_score`` (0-1, higher is
        more alike), ``lookalike_rank`` (1 = most alike among the non-seeds;
        missing for seeds), ``is_seed`` (1 or 0).
    auc : float
        How well the scores separate the seeds from everyone else (0.5: not at
        all, 1: perfectly), out of fold.
    features : tuple of str
        The columns the model used.
    notes : tuple of str
        Seeds matched and not matched.
    """

    scores: pd.DataFrame
    auc: float
    features: tuple[str, ...]
    notes: tuple[str, ...]


def lookalike(
    frame: pd.DataFrame,
    seeds: Iterable[object],
    *,
    id_column: str,
    schema: Schema,
    features: Sequence[str] | None = None,
    seed: int = 0,
) -> Lookalike:
    """Rank every customer by likeness to the seed customers.

    Parameters
    ----------
    frame : pandas.DataFrame
        The customer table as read.
    seeds : iterable
        The seed customers' ids (as the id column writes them).
    id_column : str
        The customer id column of ``frame``.
    schema : Schema
        Roles and families of ``frame``'s columns.
    features : sequence of str, optional
        The columns to compare customers on; by default every usable column (not
        ids, personal data, outcomes or free text).
    seed : int, default 0
        Seed of the folds.

    Returns
    -------
    Lookalike

    Raises
    ------
    InputError
        Fewer than :data:`MIN_SEEDS` seeds in the table, too few non-seeds, an
        unknown column, or an outcome named as a feature.
    """
    if id_column not in frame.columns:
        raise InputError(f"The table has no id column {id_column!r}.")
    recipe = Recipe.from_schema(
        schema, columns=tuple(features) if features else None
    ).replace(id_column=id_column, seed=seed)
    if not recipe.features:
        raise InputError("The table has no column to compare customers on.")
    ids = id_text(frame[id_column])
    wanted = set(id_text(pd.Series(list(seeds), dtype="object")).dropna())
    is_seed = ids.isin(wanted).to_numpy()
    found = int(is_seed.sum())
    if found < MIN_SEEDS:
        raise InputError(
            f"{found} of the {len(wanted):,} seed ids are in the table's "
            f"{id_column}; at least {MIN_SEEDS} are needed (check the id format)."
        )
    if (~is_seed).sum() < MIN_SEEDS:
        raise InputError("Almost every customer is a seed: nobody is left to rank.")
    matrix = np.asarray(workflow.prepare(frame, schema, recipe).matrix, dtype=float)
    folds = StratifiedKFold(min(FOLDS, found), shuffle=True, random_state=seed)
    model = CalibratedClassifierCV(
        LogisticRegression(max_iter=2_000), method="sigmoid", cv=3
    )
    score = cross_val_predict(
        model, matrix, is_seed.astype(int), cv=folds, method="predict_proba"
    )[:, 1]
    rank = pd.Series(score).where(~is_seed).rank(ascending=False, method="first")
    table = pd.DataFrame(
        {
            "lookalike_score": score,
            "lookalike_rank": rank.astype("Int64").array,
            "is_seed": is_seed.astype(int),
        },
        index=frame.index,
    )
    notes = [f"{found:,} of the {len(wanted):,} seed ids are in the table."]
    if found < len(wanted):
        notes.append(f"{len(wanted) - found:,} seed ids are not: left out.")
    return Lookalike(
        table,
        float(roc_auc_score(is_seed, score)),
        tuple(recipe.feature_names),
        tuple(notes),
    )
