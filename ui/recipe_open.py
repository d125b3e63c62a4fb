"""Open a saved recipe on the Criteria page: every choice restored that fits.

The recipe is cut to the loaded table (:func:`segmentation.fit_recipe`), then
restored: criteria and their weights, preprocessing, rules, measures and labels,
the algorithm, k and seed (the Tune page starts from them), segment names (given
to the segments the recipe's algorithm, k and seed find) and the holdout share
(the Export page starts from it). The Criteria page's widgets restart from the
restored choices. A sentence says what was restored and one per choice that
could not be.
"""

from __future__ import annotations

import streamlit as st

import segmentation as sg
from segmentation.behaviour import BEHAVIOUR_COLUMNS
from segmentation.errors import InputError
from segmentation.recipe import Recipe
from ui import criteria, keys, state
from ui import criteria_table as tables
from ui.rule_drafts import RuleDraft

__all__ = (
    "adopt_pending_names",
    "names_identity",
    "on_open",
    "opened_notice",
    "recipe_uploader",
)


def recipe_uploader() -> None:
    """Show the recipe uploader and what opening the last recipe said."""
    st.file_uploader(
        "Open a recipe (JSON) saved from the Export page or `segmentation fit "
        "--save-recipe`",
        type=["json"],
        key=keys.OPEN_RECIPE,
        on_change=on_open,
        help="Restores the criteria, weights, preprocessing, rules, measures, "
        "labels, algorithm, k, seed, segment names and holdout of a saved run.",
    )
    dataset = state.get_dataset()
    said = opened_notice(dataset.digest if dataset else "")
    if said is None:
        return
    restored, problems = said
    if restored.startswith("The recipe could not"):
        st.error(restored)
        return
    st.success(restored, icon=":material/restore:")
    for problem in problems:
        st.warning(problem)


def opened_notice(digest: str) -> tuple[str, tuple[str, ...]] | None:
    """Return what opening a recipe on the table ``digest`` said, if anything."""
    value = st.session_state.get(keys.OPENED_RECIPE)
    if isinstance(value, tuple) and len(value) == 3 and value[0] == digest:
        return str(value[1]), tuple(value[2])
    return None


def names_identity(recipe: Recipe) -> str:
    """Say what segment names belong to: the criteria, algorithm, k and seed."""
    families = sorted({f.family or "" for f in recipe.features})
    return recipe.replace(
        weights=tuple((family, recipe.weight(family or None)) for family in families),
        input_fingerprint=None,
        rules=(),
        segment_names=(),
        holdout=0.0,
        neutralise_formulas=True,
        outcomes=(),
        described=(),
        business=None,
        measures=(),
        labels=(),
        groups=(),
    ).to_json()


def adopt_pending_names(tuned: Recipe, partition: str) -> None:
    """Give an opened recipe's names to the segments its own settings found.

    Parameters
    ----------
    tuned : Recipe
        The recipe the Tune page just clustered with (algorithm, k, seed set).
    partition : str
        The labels' :attr:`~ui.state.SegmentLabels.partition`.
    """
    pending = st.session_state.get(keys.PENDING_NAMES)
    if not isinstance(pending, tuple) or pending[0] != names_identity(tuned):
        return
    from ui import segments

    segments.set_names(partition, dict(pending[1]))
    del st.session_state[keys.PENDING_NAMES]


def on_open() -> None:
    """Read the uploaded recipe and restore it (the uploader's ``on_change``)."""
    uploaded = st.session_state.get(keys.OPEN_RECIPE)
    dataset = state.get_dataset()
    if uploaded is None or dataset is None:
        return
    try:
        saved = Recipe.from_json(uploaded.getvalue().decode("utf-8-sig"))
    except (InputError, UnicodeDecodeError) as exc:
        text = f"The recipe could not be opened: {exc}"
        st.session_state[keys.OPENED_RECIPE] = (dataset.digest, text, ())
        return
    customers = state.customer_table()
    log = state.get_transactions() if saved.transactions else None
    columns = customers.frame.columns if customers is not None else ()
    fitted = sg.fit_recipe(saved, columns, BEHAVIOUR_COLUMNS if log else ())
    problems = list(fitted.problems)
    recipe = fitted.recipe
    if saved.transactions and log is None:
        problems.append(
            "The recipe takes behaviour from a transaction log: load the log below, "
            "then open the recipe again to restore its behaviour criteria."
        )
        recipe = recipe.replace(transactions=None)
    recipe = recipe.replace(input_fingerprint=tables.input_fingerprint(customers, log))
    _restore(recipe, customers)
    text = f"Opened {uploaded.name}: {_restored_words(recipe)}."
    st.session_state[keys.OPENED_RECIPE] = (dataset.digest, text, tuple(problems))


def _restore(recipe: Recipe, customers: state.Dataset | None) -> None:
    for key in keys.criteria_choice_widgets(list(st.session_state.keys())):
        del st.session_state[key]
    state.set_recipe(recipe)
    schema = state.get_schema()
    if schema is not None:
        state.set_exclusions(_exclusions(recipe, schema))
    drafts = state.get_rule_drafts()
    start = max((d.uid for d in drafts), default=0) + 1
    state.set_rule_drafts(
        tuple(_draft(start + i, rule) for i, rule in enumerate(recipe.rules))
    )
    if customers is not None:
        state.set_data_choices(
            state.DataChoices(customers.digest, recipe.measures, recipe.labels)
        )
    state.set_tune_choice(
        state.TuneChoice(state.ANY_MATRIX, recipe.algorithm, recipe.k, recipe.seed)
    )
    if recipe.segment_names:
        st.session_state[keys.PENDING_NAMES] = (
            names_identity(recipe),
            dict(recipe.segment_names),
        )


def _exclusions(recipe: Recipe, schema: sg.Schema) -> state.Exclusions:
    """Exclusions that give back the recipe's features on the Criteria page."""
    chosen = set(recipe.feature_names)
    groups = criteria.candidates(schema)
    families = tuple(
        family
        for family, features in groups.items()
        if family != criteria.NO_FAMILY and not chosen & {f.name for f in features}
    )
    columns = tuple(
        f.name for features in groups.values() for f in features if f.name not in chosen
    )
    kept = tuple(f.family for f in recipe.features if f.family)
    return state.Exclusions(
        families, columns, tuple(dict.fromkeys(kept)), tuple(sorted(chosen))
    )


def _value_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple | list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _draft(uid: int, rule: sg.RuleSegment) -> RuleDraft:
    rows = tuple((c.column, c.op, _value_text(c.value)) for c in rule.conditions)
    return RuleDraft(uid, rule.name, rule.combine, rows, rows)


def _restored_words(recipe: Recipe) -> str:
    parts = [f"{len(recipe.features)} criteria"]
    if recipe.rules:
        parts.append(f"{len(recipe.rules)} rule{'s' if len(recipe.rules) > 1 else ''}")
    k = f"k = {recipe.k}" if recipe.k else "k as recommended"
    parts.append(f"{recipe.algorithm}, {k}, seed {recipe.seed}")
    if recipe.segment_names:
        parts.append(f"{len(recipe.segment_names)} segment names")
    if recipe.holdout:
        parts.append(f"a {recipe.holdout:.0%} holdout")
    return ", ".join(parts)
