"""The Criteria page's feature choices: families, columns, weights, preprocessing.

Widgets start from the recipe in session state (so a trip to another page and back
keeps every choice) and the page writes the new recipe back on every run. Columns
and families the analyst takes out are remembered as exclusions, so columns that
appear later (behaviour from a transaction log) are chosen by default.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

import streamlit as st

from segmentation.errors import InputError
from segmentation.recipe import Feature, Preprocessing, Recipe
from segmentation.schema import FAMILIES, Schema
from ui import keys, state

__all__ = (
    "candidates",
    "described_columns",
    "feature_picker",
    "outcome_note",
    "preprocessing_picker",
)

FAMILY_LABELS = MappingProxyType(
    {
        "demographic": "Demographic",
        "geographic": "Geographic",
        "psychographic": "Psychographic",
        "behavioral": "Behavioural",
        "technographic": "Technographic",
    }
)
NO_FAMILY = "other"
NONE: Mapping[str, str] = MappingProxyType({})
WEIGHT_RANGE = (0.0, 3.0, 0.25)


def candidates(schema: Schema) -> dict[str, list[Feature]]:
    """Group the usable columns of a schema by family (``"other"``: none).

    Usable means what :meth:`Recipe.from_schema` takes by default: numeric,
    categorical, boolean and date columns that are not constant; ids, personal data
    and free text only when the analyst changed their role on the Data page.
    """
    groups: dict[str, list[Feature]] = {}
    for feature in Recipe.from_schema(schema).features:
        groups.setdefault(feature.family or NO_FAMILY, []).append(feature)
    return groups


def _label(family: str) -> str:
    return FAMILY_LABELS.get(family, "Without a family")


def feature_picker(
    schema: Schema, stored: Recipe | None, described: Mapping[str, str] = NONE
) -> tuple[tuple[Feature, ...], tuple[tuple[str, float], ...]]:
    """Families, their columns and their weights; return features and weights.

    Parameters
    ----------
    schema : Schema
        Schema of the table to segment (behaviour columns included).
    stored : Recipe or None
        The recipe in state: its weights start the sliders.
    described : mapping, optional
        Columns that describe the segments by default, with the reason: left out
        of the features unless the analyst adds them (or their whole family).

    Returns
    -------
    tuple
        The chosen features in table order, and ``(family, weight)`` pairs for
        the chosen families.
    """
    groups = candidates(schema)
    excluded = state.get_exclusions()
    present = [family for family in FAMILIES if family in groups]
    describing = {f for f in present if all(x.name in described for x in groups[f])}
    quiet = describing - set(excluded.kept_families)
    chosen = st.multiselect(
        "Criteria families",
        list(FAMILIES),
        default=[f for f in present if f not in excluded.families and f not in quiet],
        format_func=_label,
        key=keys.CRITERIA_FAMILIES,
        help="The kinds of traits that define similar customers.",
    )
    empty = [_label(f) for f in chosen if f not in groups]
    if empty:
        st.caption(f"No usable column in: {', '.join(empty)}.")
    shown = [f for f in chosen if f in groups]
    if NO_FAMILY in groups:
        shown.append(NO_FAMILY)
    features: list[Feature] = []
    weights: list[tuple[str, float]] = []
    dropped: set[str] = set(excluded.columns)
    kept: set[str] = set(excluded.kept_columns)
    for family in shown:
        names = [feature.name for feature in groups[family]]
        by_default = (
            set()
            if family in describing
            else {n for n in names if n in described and n not in kept}
        )
        picked, weight = _family_row(family, names, dropped | by_default, stored)
        dropped = (dropped - set(names)) | (set(names) - set(picked) - by_default)
        kept = (kept - set(names)) | (set(picked) & set(described))
        features += [f for f in groups[family] if f.name in picked]
        if family != NO_FAMILY:
            weights.append((family, weight))
    families_out = (set(excluded.families) - set(present)) | (
        set(present) - set(chosen) - quiet
    )
    state.set_exclusions(
        state.Exclusions(
            tuple(sorted(families_out)),
            tuple(sorted(dropped)),
            tuple(
                sorted(
                    (set(excluded.kept_families) - set(present))
                    | (set(chosen) & describing)
                )
            ),
            tuple(sorted(kept)),
        )
    )
    order = {name: i for i, name in enumerate(schema.names)}
    features.sort(key=lambda f: order.get(f.name, len(order)))
    return tuple(features), tuple(weights)


def described_columns(
    schema: Schema, features: tuple[Feature, ...], reasons: Mapping[str, str]
) -> tuple[Feature, ...]:
    """Say which usable columns describe rather than define; return them.

    Every usable column not segmented on describes the segments (their
    profiles and names). The ones left out by default are said with the reason.

    Parameters
    ----------
    schema : Schema
        Schema of the table to segment.
    features : tuple of Feature
        The chosen features.
    reasons : mapping
        Why each column left out by default describes (column -> reason).

    Returns
    -------
    tuple of Feature
        The usable columns that are not features, in table order, for the recipe.
    """
    chosen = {f.name for f in features}
    out = tuple(f for f in Recipe.from_schema(schema).features if f.name not in chosen)
    by_reason: dict[str, list[str]] = {}
    for feature in out:
        if feature.name in reasons:
            by_reason.setdefault(reasons[feature.name], []).append(feature.name)
    if by_reason:
        said = "; ".join(
            f"{', '.join(names)}: {reason}" for reason, names in by_reason.items()
        )
        st.caption(
            f"Described, not segmented on: {said}. They still describe each "
            "segment on the Segments page; add them above to segment on them."
        )
    return out


def outcome_note(schema: Schema) -> tuple[str, ...]:
    """Say which outcome columns are kept out of the criteria; return them.

    Parameters
    ----------
    schema : Schema
        Schema of the table to segment.

    Returns
    -------
    tuple of str
        The columns with the role ``outcome``, for the recipe.
    """
    outcomes = tuple(schema.with_role("outcome"))
    if outcomes:
        named = ", ".join(outcomes)
        st.caption(
            f"Outcome column(s) {named} record a result: they are not segmented on, "
            "and the Segments page shows each segment's rate of them. Change the "
            "role on the Data page to segment on one."
        )
    return outcomes


def _family_row(
    family: str, names: list[str], dropped: set[str], stored: Recipe | None
) -> tuple[list[str], float]:
    left, right = st.columns([3, 1])
    picked = left.multiselect(
        f"{_label(family)} columns",
        names,
        default=[name for name in names if name not in dropped],
        key=keys.family_columns(family, names),
    )
    if family == NO_FAMILY:
        right.caption("Weight 1: give these columns a family on the Data page.")
        return picked, 1.0
    low, high, step = WEIGHT_RANGE
    start = min(max(stored.weight(family) if stored else 1.0, low), high)
    weight = right.slider(
        f"{_label(family)} weight",
        min_value=low,
        max_value=high,
        value=float(start),
        step=step,
        key=keys.family_weight(family),
        help="How much this family pulls customers together, whatever its "
        "number of columns; 0 leaves it out of the distance.",
    )
    return picked, float(weight)


def _choice(
    where, label: str, options: tuple[str, ...], value: str, key: str, **kw
) -> str:
    picked = where.segmented_control(
        label,
        options,
        default=value if value in options else options[0],
        required=True,
        key=key,
        **kw,
    )
    return str(picked) if picked is not None else value


def preprocessing_picker(stored: Preprocessing) -> Preprocessing:
    """Preprocessing switches, started from ``stored``; return the choice.

    Parameters
    ----------
    stored : Preprocessing
        The current options (the defaults at first).

    Returns
    -------
    Preprocessing
        The chosen options; on an impossible combination, a message is shown and
        ``stored`` is returned.
    """
    first, second, third = st.columns(3)
    log1p = _choice(
        first,
        "Log transform (log1p)",
        ("auto", "on", "off"),
        stored.log1p,
        keys.CRITERIA_LOG1P,
        help="auto: on non-negative columns whose skewness is above the threshold.",
    )
    skew = first.number_input(
        "Skewness threshold (auto)",
        min_value=0.0,
        max_value=20.0,
        value=float(stored.skew_threshold),
        step=0.5,
        key=keys.CRITERIA_SKEW,
        disabled=log1p != "auto",
    )
    scaling = _choice(
        second,
        "Scaling",
        ("robust", "standard", "none"),
        stored.scaling,
        keys.CRITERIA_SCALING,
    )
    impute = _choice(
        second,
        "Fill missing numbers with",
        ("median", "mean"),
        stored.impute,
        keys.CRITERIA_IMPUTE,
    )
    indicator = second.toggle(
        "Add missing-value indicators",
        value=stored.missing_indicator,
        key=keys.CRITERIA_INDICATOR,
    )
    clip = third.toggle("Clip outliers", value=stored.clip, key=keys.CRITERIA_CLIP)
    lower, upper = third.slider(
        "Clip to quantiles",
        min_value=0.0,
        max_value=1.0,
        value=(float(stored.clip_lower), float(stored.clip_upper)),
        step=0.01,
        key=keys.CRITERIA_CLIP_RANGE,
        disabled=not clip,
    )
    rare = third.slider(
        "Group categories rarer than (share)",
        min_value=0.0,
        max_value=0.2,
        value=float(stored.rare_share),
        step=0.005,
        format="%.3f",
        key=keys.CRITERIA_RARE,
    )
    return _checked(
        lambda: Preprocessing(
            log1p=log1p,
            skew_threshold=float(skew),
            scaling=scaling,
            clip=bool(clip),
            clip_lower=float(lower),
            clip_upper=float(upper),
            rare_share=float(rare),
            impute=impute,
            missing_indicator=bool(indicator),
        ),
        stored,
    )


def _checked(
    build: Callable[[], Preprocessing], stored: Preprocessing
) -> Preprocessing:
    try:
        return build()
    except InputError as exc:
        st.error(f"{exc} Keeping the previous preprocessing.")
        return stored
