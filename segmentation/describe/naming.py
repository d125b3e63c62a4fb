"""Short, distinct segment names from a profile.

:func:`segment_names` names each segment of a
:class:`~segmentation.describe.segment_profile.Profile`:

- **-1** is always "Unassigned".
- **Behaviour-led segments** (the value, recency or frequency column is among the
  segment's top three traits) get an RFM-style name from
  :data:`BEHAVIOUR_RULES`, the vocabulary of
  :data:`segmentation.behaviour.rfm.DEFAULT_RFM_RULES` (Champions, Loyal, At risk,
  New, ...) applied to the segment's mean percentile ranks (0-1, 0.5 is the
  middle): *recentness* (1 - recency percentile), *frequency*, *value* and
  *newness* (1 - tenure percentile). The first rule whose ranges all hold wins.
- **Other segments** are named from their top two traits, each turned into a word
  or two (:data:`TRAIT_WORDS`: "older", "high-income", "frequent", a category
  level such as "Mobile"), then "customers": "Older Desktop customers".
  A segment with no trait is "Typical customers".

Names are at most :data:`MAX_LENGTH` characters. Two segments that would share a
name are told apart by their next traits, in parentheses ("Loyal customers
(younger)"); only when nothing else differs is a number added. The same profile
always gives the same names.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from segmentation.describe.segment_profile import Profile
from segmentation.labels import UNASSIGNED
from segmentation.schema.vocabulary import (
    NOT_TOTAL_WORDS,
    TRAIT_WORDS,
    VAGUE_LEVELS,
    name_tokens,
    readable_label,
)

__all__ = (
    "BEHAVIOUR_RULES",
    "MAX_LENGTH",
    "MIN_NAMED_SHARE",
    "BehaviourRule",
    "describe_name_basis",
    "segment_names",
)

MAX_LENGTH = 40
_ANY = (0.0, 1.0)


@dataclass(frozen=True, slots=True)
class BehaviourRule:
    """An RFM-style name and the percentile ranges (both ends included) it needs.

    Attributes
    ----------
    name : str
    recentness, frequency, value, newness : tuple of (float, float)
        Ranges of the segment's mean percentile ranks; ``(0, 1)`` accepts any,
        even an unknown one.
    value_minus_frequency : tuple of (float, float)
        Range of value percentile minus frequency percentile (-1 to 1): low
        means many orders for little money (small baskets).
    """

    name: str
    recentness: tuple[float, float] = _ANY
    frequency: tuple[float, float] = _ANY
    value: tuple[float, float] = _ANY
    newness: tuple[float, float] = _ANY
    value_minus_frequency: tuple[float, float] = (-1.0, 1.0)

    def matches(self, figures: dict[str, float]) -> bool:
        """Say whether a segment's percentile figures fall in every range."""
        for key in ("recentness", "frequency", "value", "newness"):
            low, high = getattr(self, key)
            if (low, high) == _ANY:
                continue
            if not low <= figures[key] <= high:  # NaN fails
                return False
        low, high = self.value_minus_frequency
        if (low, high) != (-1.0, 1.0):
            gap = figures["value"] - figures["frequency"]
            if not low <= gap <= high:
                return False
        return True


#: Evaluated in order, first match wins; no match falls back to trait names.
#: "New" needs tenure evidence (a sign-up or first-purchase column); recent buyers
#: with few orders and no known tenure are "Recent one-off buyers".
# fmt: off
BEHAVIOUR_RULES: tuple[BehaviourRule, ...] = (
    BehaviourRule("New customers", newness=(0.75, 1), frequency=(0, 0.35)),
    BehaviourRule("At-risk big spenders", recentness=(0, 0.3), frequency=(0.6, 1),
                  value=(0.7, 1)),
    BehaviourRule("At-risk regulars", recentness=(0, 0.3), frequency=(0.6, 1)),
    BehaviourRule("Lapsed customers", recentness=(0, 0.3)),
    BehaviourRule("Champions", recentness=(0.55, 1), frequency=(0.7, 1),
                  value=(0.7, 1)),
    BehaviourRule("Frequent small-basket buyers", frequency=(0.6, 1),
                  value_minus_frequency=(-1, -0.15)),
    BehaviourRule("Loyal customers", recentness=(0.3, 1), frequency=(0.5, 1),
                  value=(0.5, 1)),
    BehaviourRule("Big spenders", value=(0.75, 1)),
    BehaviourRule("Potential loyalists", recentness=(0.55, 1),
                  frequency=(0.35, 1)),
    BehaviourRule("Recent one-off buyers", recentness=(0.55, 1),
                  frequency=(0, 0.35)),
    BehaviourRule("Slipping customers", recentness=(0, 0.45)),
)
# fmt: on

_BEHAVIOUR_RANKS = 3


def segment_names(profile: Profile) -> dict[int, str]:
    """Name every segment of a profile (see the module notes for the rules).

    Parameters
    ----------
    profile : Profile
        From :func:`segmentation.describe.segment_profile.profile`.

    Returns
    -------
    dict of int to str
        One distinct name per segment, in the profile's segment order.

    Examples
    --------
    >>> from segmentation.describe.segment_profile import profile
    >>> from segmentation.recipe import Feature, Recipe
    >>> df = pd.DataFrame({"age": [22, 25, 24, 61, 66, 70, 64],
    ...                    "device": ["Mobile"] * 3 + ["Desktop"] * 4})
    >>> r = Recipe(features=(Feature("age", "numeric"),
    ...                      Feature("device", "categorical")))
    >>> segment_names(profile(df, [1, 1, 1, 0, 0, 0, -1], r))
    {0: 'Older Desktop customers', 1: 'Younger Mobile customers', -1: 'Unassigned'}
    """
    return {segment: name for segment, (name, _) in _named(profile).items()}


def describe_name_basis(profile: Profile, segment: int) -> str:
    """Say in a sentence why a segment got its name.

    Examples
    --------
    >>> from segmentation.describe.segment_profile import profile
    >>> from segmentation.recipe import Feature, Recipe
    >>> df = pd.DataFrame({"age": [22, 25, 61, 66]})
    >>> p = profile(df, [1, 1, 0, 0], Recipe(features=(Feature("age", "numeric"),)))
    >>> describe_name_basis(p, 0)
    'Named from its top traits: Age well above average (64 vs 44).'
    """
    named = _named(profile)
    if segment not in named:
        raise KeyError(segment)
    return named[segment][1]


def _figures(profile: Profile, segment: int) -> dict[str, float]:
    row = profile.value.loc[segment]
    return {
        "recentness": 1 - row["recency_percentile"],
        "frequency": row["frequency_percentile"],
        "value": row["value_percentile"],
        "newness": 1 - row["tenure_percentile"],
    }


def _behaviour_led(profile: Profile, traits: pd.DataFrame) -> bool:
    roles = {profile.value_column, profile.recency_column, profile.frequency_column}
    top = traits[traits["rank"] <= _BEHAVIOUR_RANKS]["feature"]
    return bool(set(top) & (roles - {None}))


#: A category level names a segment only when at least this share of it holds it.
MIN_NAMED_SHARE = 0.5


def _level_word(level: str, feature: str, profile: Profile) -> str:
    label = " ".join(_name_words(profile.label(feature)))
    if level.lower() in ("yes", "true"):
        return label
    if level.lower() in ("no", "false"):
        return f"non-{label}"
    if level.lower() in VAGUE_LEVELS or len(level) < 3 or not level[0].isalpha():
        return f"{label} {level}"
    return level


def _word(trait: pd.Series, profile: Profile) -> tuple[str, str] | None:
    """Turn a trait into a word or two for a name, with its text (None: no word).

    A category the segment lacks ("0% Device = Desktop") is named by the level it
    over-represents most instead, when its lift is at least 1.2.
    """
    feature = str(trait["feature"])
    if trait["kind"] == "categorical":
        levels = profile.categorical[
            (profile.categorical["segment"] == trait["segment"])
            & (profile.categorical["feature"] == feature)
        ]
        if trait["effect"] > 0:
            held = levels.loc[levels["level"] == trait["level"], "share"]
            if held.empty or held.iloc[0] < MIN_NAMED_SHARE:
                return None  # over-represented, yet not what most of them are
            return _level_word(str(trait["level"]), feature, profile), trait["text"]
        top = levels
        if top.empty or top["lift"].iloc[0] < 1.2:
            return None
        row = top.iloc[0]
        if row["share"] < MIN_NAMED_SHARE:
            return None
        text = (
            f"{row['share']:.0%} {row['label']} = {row['level']} vs "
            f"{row['overall_share']:.0%} overall"
        )
        return _level_word(str(row["level"]), feature, profile), text
    tokens = set(name_tokens(feature))
    if readable_label(feature) == "customer since":
        tokens.add("tenure")  # Dt_Customer: the days since the customer joined
    above = trait["effect"] > 0
    if feature in profile.labels:
        tokens = set(name_tokens(profile.labels[feature]))
    for words, high, low in TRAIT_WORDS:
        if high == "high-spend" and tokens & NOT_TOTAL_WORDS:
            continue  # a loan's term, a credit limit: not what customers spend
        if tokens & words:
            return (high if above else low), trait["text"]
    label = "-".join(_name_words(profile.label(feature)))
    return f"{'high' if above else 'low'}-{label}", trait["text"]


def _words(traits: pd.DataFrame, profile: Profile) -> list[tuple[str, str, bool]]:
    """List (word, trait text, is a category level) for traits that make a word."""
    out: list[tuple[str, str, bool]] = []
    for _, trait in traits.iterrows():
        found = _word(trait, profile)
        said = {w for w, _, _ in out}
        if found and found[0] not in said and _OPPOSITE.get(found[0]) not in said:
            out.append((*found, trait["kind"] == "categorical"))
    return out


#: Each trait word's opposite: a name never holds both ("frequent infrequent"
#: when two frequency columns go opposite ways).
_OPPOSITE = MappingProxyType(
    {
        **{high: low for _, high, low in TRAIT_WORDS},
        **{low: high for _, high, low in TRAIT_WORDS},
    }
)


def _name_words(label: str) -> list[str]:
    """Words of a label for a name: lower case, acronyms kept (``CLV``)."""
    return [w if w.isupper() and len(w) > 1 else w.lower() for w in label.split()]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _base(profile: Profile, segment: int, traits: pd.DataFrame) -> tuple[str, str]:
    """Choose the name before duplicates are told apart, and say why."""
    if _behaviour_led(profile, traits) and segment in profile.value.index:
        figures = _figures(profile, segment)
        for rule in BEHAVIOUR_RULES:
            if rule.matches(figures):
                shown = ", ".join(
                    f"{key} {value:.2f}"
                    for key, value in figures.items()
                    if not math.isnan(value)
                )
                return rule.name, (
                    "Behaviour leads its traits, so it is named by its mean "
                    f"percentile ranks (0-1, 0.5 is the middle): {shown}."
                )
    if traits.empty:
        return "Typical customers", "No trait sets it clearly apart."
    chosen: list[tuple[str, str, bool]] = []
    for word, text, is_level in _words(traits, profile):
        words = [w for w, _, _ in chosen] + [word]
        if len(_capital(" ".join([*words, "customers"]))) <= MAX_LENGTH:
            chosen.append((word, text, is_level))
        if len(chosen) == 2:
            break
    if not chosen:
        return "Typical customers", "No trait makes a clear name."
    # Figures before category levels: "Older Desktop customers".
    words = [w for w, _, is_level in sorted(chosen, key=lambda c: c[2])]
    return _capital(" ".join([*words, "customers"])), (
        f"Named from its top traits: {'; '.join(t for _, t, _ in chosen)}."
    )


def _named(profile: Profile) -> dict[int, tuple[str, str]]:
    result: dict[int, tuple[str, str]] = {}
    spare: dict[int, list[str]] = {}
    for segment in profile.segments:
        if segment == -1:
            result[segment] = (UNASSIGNED, "Rows left out of every segment.")
            continue
        traits = profile.traits[profile.traits["segment"] == segment]
        result[segment] = _base(profile, segment, traits)
        spare[segment] = [word for word, _, _ in _words(traits, profile)]
    return _distinct(result, spare)


def _distinct(
    result: dict[int, tuple[str, str]], spare: dict[int, list[str]]
) -> dict[int, tuple[str, str]]:
    """Tell apart segments that share a name by further traits, then by numbers."""
    bases = {segment: name for segment, (name, _) in result.items()}
    added: dict[int, list[str]] = {segment: [] for segment in spare}
    changed = True
    while changed:
        changed = False
        for group in _clash_groups(result):
            for segment in group:
                word = _telling_word(segment, group, spare, added, bases)
                if word is None:
                    continue
                added[segment].append(word)
                name = f"{bases[segment]} ({', '.join(added[segment])})"
                result[segment] = (name, result[segment][1])
                changed = True
    for group in _clash_groups(result):
        for number, segment in enumerate(group, start=1):
            name, basis = result[segment]
            result[segment] = (f"{name[: MAX_LENGTH - 3].rstrip()} {number}", basis)
    for segment, words in added.items():
        if words:
            name, basis = result[segment]
            result[segment] = (name, f"{basis} Told apart by: {', '.join(words)}.")
    return result


def _telling_word(segment, group, spare, added, bases) -> str | None:
    """Pick the next trait word that fits and that not all the peers share."""
    others = [set(spare.get(other, [])) for other in group if other != segment]
    for word in spare.get(segment, []):
        if word in added[segment] or word.lower() in bases[segment].lower():
            continue
        if others and all(word in other for other in others):
            continue
        words = ", ".join([*added[segment], word])
        if len(f"{bases[segment]} ({words})") <= MAX_LENGTH:
            return word
    return None


def _clash_groups(result: dict[int, tuple[str, str]]) -> list[list[int]]:
    """Segments whose names use the same words, in any order, as another's.

    "Inactive low-spend customers" and "Low-spend inactive customers" read as the
    same segment, so they clash as much as two equal names.
    """
    groups: dict[tuple[str, ...], list[int]] = {}
    for segment, (name, _) in result.items():
        key = tuple(sorted(re.findall(r"[\w'-]+", name.lower())))
        groups.setdefault(key, []).append(segment)
    return [group for group in groups.values() if len(group) > 1]
