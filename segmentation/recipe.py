"""The Recipe: every choice of a segmentation run, so it can be reproduced headless.

A recipe saved from the app and given to ``segmentation fit --recipe`` gives the same
labels on the same file. It is a frozen dataclass with a JSON round trip; its
``version`` lets a newer release read older recipes and refuse newer ones clearly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from segmentation.choices import DEFAULT_HORIZON_DAYS, EDITABLE_MEASURES, VALUE_BASES
from segmentation.errors import InputError
from segmentation.schema.business import check_business
from segmentation.schema.infer import FAMILIES, Schema

__all__ = (
    "EDITABLE_MEASURES",
    "FEATURE_KINDS",
    "RECIPE_VERSION",
    "Feature",
    "Preprocessing",
    "Recipe",
    "TransactionMapping",
)

#: Version 2 added ``segment_names``, ``holdout`` and ``neutralise_formulas``;
#: version 1 recipes read as before (no names, no holdout, neutralised).
#: Version 3 added ``outcomes``; older recipes read with none.
#: Version 4 added ``described``, ``business``, ``measures`` and ``labels``; older
#: recipes describe only their features, guess their business and measures from
#: the columns, and label columns by their names.
RECIPE_VERSION = 5
#: Roles that can be features, and how each is prepared.
FEATURE_KINDS = ("numeric", "categorical", "boolean", "datetime")


@dataclass(frozen=True, slots=True)
class Feature:
    """One column used to segment.

    Attributes
    ----------
    name : str
        Column name (in the customer table, or a behaviour column from the log).
    kind : str
        ``numeric``, ``categorical``, ``boolean`` or ``datetime``.
    family : str or None
        Its criteria family; its weight comes from the family.
    """

    name: str
    kind: str
    family: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in FEATURE_KINDS:
            raise InputError(
                f"Feature {self.name!r} has kind {self.kind!r}; "
                f"use one of {', '.join(FEATURE_KINDS)}."
            )
        if self.family is not None and self.family not in FAMILIES:
            raise InputError(
                f"Feature {self.name!r} has unknown family {self.family!r}."
            )


@dataclass(frozen=True, slots=True)
class Preprocessing:
    """How features are turned into numbers.

    Attributes
    ----------
    log1p : {"auto", "on", "off"}
        ``auto``: log1p on non-negative numeric columns whose skewness is above
        ``skew_threshold``.
    skew_threshold : float
    scaling : {"robust", "standard", "none"}
    clip : bool
        Clip numeric columns to the ``clip_lower`` and ``clip_upper`` quantiles.
    clip_lower, clip_upper : float
    rare_share : float
        Categories rarer than this share are grouped as one "infrequent" level.
    impute : {"median", "mean"}
        How missing numbers are filled; an indicator column records where.
    missing_indicator : bool
    """

    log1p: str = "auto"
    skew_threshold: float = 1.0
    scaling: str = "robust"
    clip: bool = True
    clip_lower: float = 0.01
    clip_upper: float = 0.99
    rare_share: float = 0.01
    impute: str = "median"
    missing_indicator: bool = True

    def __post_init__(self) -> None:
        choices = {
            "log1p": ("auto", "on", "off"),
            "scaling": ("robust", "standard", "none"),
            "impute": ("median", "mean"),
        }
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise InputError(
                    f"Preprocessing {name} is {getattr(self, name)!r}; "
                    f"use one of {', '.join(allowed)}."
                )
        if not 0 <= self.clip_lower < self.clip_upper <= 1:
            raise InputError(
                "Preprocessing clip quantiles must satisfy 0 <= lower < upper <= 1."
            )
        if not 0 <= self.rare_share < 1:
            raise InputError("Preprocessing rare_share must be between 0 and 1.")


@dataclass(frozen=True, slots=True)
class TransactionMapping:
    """Which columns of a transaction log mean what (see ``customer_behaviour``).

    Attributes
    ----------
    customer, date : str
    amount, quantity, price, invoice : str or None
    as_of : str or None
        ``YYYY-MM-DD``; by default the day after the last transaction.
    """

    customer: str
    date: str
    amount: str | None = None
    quantity: str | None = None
    price: str | None = None
    invoice: str | None = None
    as_of: str | None = None


@dataclass(frozen=True, slots=True)
class Recipe:
    """Every choice of a segmentation run.

    Attributes
    ----------
    version : int
        Format version of the recipe.
    input_fingerprint : str or None
        SHA-256 of the customer file (and of the log, when there is one).
    id_column : str or None
        The customer id column.
    features : tuple of Feature
    weights : tuple of (family, weight)
        Family weights; families not listed weigh 1.0.
    preprocessing : Preprocessing
    rules : tuple
        Rule-based segments (:class:`segmentation.rules.conditions.RuleSegment`).
    transactions : TransactionMapping or None
        How to read the transaction log, when behaviour comes from one.
    algorithm : str
        The clustering algorithm (see :mod:`segmentation.cluster.segmenter`).
    k : int or None
        The number of segments; None until chosen (or for algorithms that find it).
    seed : int
        Random seed of every random step, so a run can be repeated exactly.
    segment_names : tuple of (int, str)
        The analyst's names for segments, over the generated ones.
    holdout : float
        A/B control share held out of each segment (0: no ``ab_group`` column).
    neutralise_formulas : bool
        Whether exports prefix formula-like text cells with a quote.
    outcomes : tuple of str
        Columns that record a result (churn, response): never features, their
        rate is reported per segment.
    described : tuple of Feature
        Columns that describe the segments (profiles, names) without defining
        them: never clustered on.
    business : str or None
        The kind of business the messages speak to (see
        :data:`segmentation.schema.business.BUSINESSES`); None: guessed from the
        columns.
    measures : tuple of (measure, columns)
        The analyst's value, frequency, recency and tenure columns, over the
        inferred ones (see :func:`segmentation.describe.find_role_columns`):
        value and frequency may be a sum of columns ("spend per product line"),
        recency and tenure are one column; no column leaves the measure out.
    labels : tuple of (column, label)
        Readable labels for columns ("Wine spend" for ``MntWines``), used in
        traits and names over the ones made from the column names.
    groups : tuple of (name, ids)
        Groups the analyst kept by hand (a brushed region of the map): named,
        rule-less, held as the customers' ids (the id column's text, or 1-based
        row numbers when there is no id column). The labelled file gets one
        ``group_<name>`` column per group, 1 for its members.
    value_basis : {"expected", "past"}
        What "high value" and a message's objective rest on: the customers'
        expected value over ``horizon_days`` (when the table has a transaction
        log's behaviour and the models fit it; past value otherwise) or what they
        have spent.
    horizon_days : int
        Days ahead the expected purchases and value count over.

    Examples
    --------
    >>> r = Recipe(features=(Feature("age", "numeric", "demographic"),),
    ...            weights=(("demographic", 2.0),))
    >>> Recipe.from_json(r.to_json()) == r
    True
    >>> r.weight("demographic"), r.weight("geographic")
    (2.0, 1.0)
    """

    version: int = RECIPE_VERSION
    input_fingerprint: str | None = None
    id_column: str | None = None
    features: tuple[Feature, ...] = ()
    weights: tuple[tuple[str, float], ...] = ()
    preprocessing: Preprocessing = field(default_factory=Preprocessing)
    rules: tuple[Any, ...] = ()
    transactions: TransactionMapping | None = None
    algorithm: str = "kmeans"
    k: int | None = None
    seed: int = 0
    segment_names: tuple[tuple[int, str], ...] = ()
    holdout: float = 0.0
    neutralise_formulas: bool = True
    outcomes: tuple[str, ...] = ()
    described: tuple[Feature, ...] = ()
    business: str | None = None
    measures: tuple[tuple[str, tuple[str, ...]], ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    value_basis: str = "expected"
    horizon_days: int = DEFAULT_HORIZON_DAYS

    def __post_init__(self) -> None:
        check_business(self.business)
        _check_groups(self.groups)
        _check_measures(self.measures, self.labels)
        if self.k is not None and (not isinstance(self.k, int) or self.k < 1):
            raise InputError(
                "The number of segments must be a whole number of 1 or more, "
                f"not {self.k!r}."
            )
        if self.value_basis not in VALUE_BASES:
            raise InputError(
                f"The value basis must be one of {', '.join(VALUE_BASES)}, not "
                f"{self.value_basis!r}."
            )
        if (
            isinstance(self.horizon_days, bool)
            or not isinstance(self.horizon_days, int)
            or self.horizon_days < 1
        ):
            raise InputError(
                "The horizon must be a whole number of days, 1 or more, not "
                f"{self.horizon_days!r}."
            )
        if not isinstance(self.seed, int):
            raise InputError(f"The seed must be a whole number, not {self.seed!r}.")
        if not (isinstance(self.holdout, int | float) and 0 <= self.holdout <= 0.9):
            raise InputError(
                f"The holdout share must be between 0 and 0.9, not {self.holdout!r}."
            )
        names = [f.name for f in self.features]
        both = [n for n in self.outcomes if n in names]
        if both:
            raise InputError(
                f"{', '.join(both)} cannot be both a feature and an outcome of the "
                "recipe."
            )
        described = [f.name for f in self.described]
        clash = [n for n in described if n in names or n in self.outcomes]
        if clash:
            raise InputError(
                f"{', '.join(clash)} cannot both describe the segments and be a "
                "feature or an outcome of the recipe."
            )
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise InputError(
                f"The recipe lists feature(s) {', '.join(repeated)} twice."
            )
        for family, weight in self.weights:
            if family not in FAMILIES:
                raise InputError(f"The recipe weighs an unknown family {family!r}.")
            if not weight >= 0:
                raise InputError(
                    f"The weight of {family} must be 0 or more, not {weight}."
                )

    @property
    def names(self) -> dict[int, str]:
        """The analyst's segment names as a dict."""
        return dict(self.segment_names)

    @property
    def profiled(self) -> tuple[Feature, ...]:
        """The columns that describe the segments: the features, then ``described``."""
        return self.features + self.described

    @property
    def feature_names(self) -> list[str]:
        """Names of the features, in order."""
        return [f.name for f in self.features]

    def weight(self, family: str | None) -> float:
        """Return the weight of a family (1.0 when not set, or with no family)."""
        return dict(self.weights).get(family, 1.0) if family else 1.0

    def replace(self, **changes: Any) -> Recipe:
        """Return a copy with some fields changed."""
        return replace(self, **changes)

    @classmethod
    def from_schema(
        cls,
        schema: Schema,
        *,
        families: tuple[str, ...] | None = None,
        columns: tuple[str, ...] | None = None,
        **options: Any,
    ) -> Recipe:
        """Start a recipe from a schema: its usable columns, optionally narrowed.

        Parameters
        ----------
        schema : Schema
        families : tuple of str, optional
            Keep only features of these families.
        columns : tuple of str, optional
            Keep only these columns (in this order).
        **options
            Other :class:`Recipe` fields.
        """
        names = list(columns) if columns is not None else schema.feature_candidates()
        features = []
        for name in names:
            if name not in schema:
                raise InputError(f"There is no column named {name!r}.")
            column = schema[name]
            if column.role not in FEATURE_KINDS:
                article = "an" if column.role[:1] in "aeiou" else "a"
                raise InputError(
                    f"{name} is {article} {column.role} column and cannot be a "
                    "feature; change its role first."
                )
            if families is None or column.family in families:
                features.append(Feature(name, column.role, column.family))
        id_columns = schema.with_role("id")
        options.setdefault("id_column", id_columns[0] if id_columns else None)
        options.setdefault("outcomes", tuple(schema.with_role("outcome")))
        return cls(features=tuple(features), **options)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (lists, dicts, str, numbers) for JSON."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["features"] = [asdict(f) for f in self.features]
        out["described"] = [asdict(f) for f in self.described]
        out["weights"] = {family: weight for family, weight in self.weights}
        out["preprocessing"] = asdict(self.preprocessing)
        out["rules"] = [rule.to_dict() for rule in self.rules]
        out["transactions"] = asdict(self.transactions) if self.transactions else None
        out["segment_names"] = {str(s): name for s, name in self.segment_names}
        out["measures"] = {m: list(columns) for m, columns in self.measures}
        out["labels"] = dict(self.labels)
        out["groups"] = {name: list(ids) for name, ids in self.groups}
        return out

    def to_json(self) -> str:
        """Return the recipe as indented JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recipe:
        """Read a recipe from :meth:`to_dict` data; InputError when it does not fit."""
        if not isinstance(data, Mapping):
            raise InputError("A recipe must be a JSON object.")
        version = data.get("version", RECIPE_VERSION)
        if not isinstance(version, int) or version > RECIPE_VERSION:
            raise InputError(
                f"This recipe has version {version!r}; this release reads up to "
                f"{RECIPE_VERSION}."
            )
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(f"The recipe has unknown field(s): {', '.join(unknown)}.")
        try:
            return cls(
                version=version,
                input_fingerprint=data.get("input_fingerprint"),
                id_column=data.get("id_column"),
                features=tuple(Feature(**f) for f in data.get("features", ())),
                weights=tuple(
                    (str(k), float(v))
                    for k, v in dict(data.get("weights") or {}).items()
                ),
                preprocessing=Preprocessing(**dict(data.get("preprocessing") or {})),
                rules=_rules_from(data.get("rules") or ()),
                transactions=(
                    TransactionMapping(**data["transactions"])
                    if data.get("transactions")
                    else None
                ),
                algorithm=data.get("algorithm", "kmeans"),
                k=data.get("k"),
                seed=data.get("seed", 0),
                segment_names=_names_from(data.get("segment_names") or {}),
                holdout=data.get("holdout", 0.0),
                neutralise_formulas=bool(data.get("neutralise_formulas", True)),
                outcomes=tuple(str(name) for name in data.get("outcomes") or ()),
                described=tuple(Feature(**f) for f in data.get("described") or ()),
                business=data.get("business"),
                measures=tuple(
                    (str(m), tuple(str(c) for c in columns))
                    for m, columns in dict(data.get("measures") or {}).items()
                ),
                labels=tuple(
                    (str(c), str(label))
                    for c, label in dict(data.get("labels") or {}).items()
                ),
                groups=tuple(
                    (str(name), tuple(str(i) for i in ids))
                    for name, ids in dict(data.get("groups") or {}).items()
                ),
                value_basis=data.get("value_basis", "expected"),
                horizon_days=data.get("horizon_days", DEFAULT_HORIZON_DAYS),
            )
        except TypeError as exc:
            raise InputError(f"The recipe does not fit this release ({exc}).") from None

    @classmethod
    def from_json(cls, text: str) -> Recipe:
        """Read a recipe from JSON text."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise InputError(
                f"The recipe is not valid JSON ({exc.msg}, line {exc.lineno})."
            ) from None
        return cls.from_dict(data)


def _check_groups(groups: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
    seen: set[str] = set()
    for name, ids in groups:
        if not str(name).strip():
            raise InputError("A kept group needs a name.")
        if name.casefold() in seen:
            raise InputError(f"Two kept groups are called {name!r}.")
        seen.add(name.casefold())
        if not ids:
            raise InputError(f"The kept group {name!r} has no customers.")


def _check_measures(
    measures: tuple[tuple[str, tuple[str, ...]], ...],
    labels: tuple[tuple[str, str], ...],
) -> None:
    for measure, columns in measures:
        if measure not in EDITABLE_MEASURES:
            raise InputError(
                f"Unknown measure {measure!r}; use one of "
                f"{', '.join(EDITABLE_MEASURES)}."
            )
        if measure in ("recency", "tenure") and len(columns) > 1:
            raise InputError(
                f"The {measure} is one column, not {len(columns)} "
                f"({', '.join(columns)})."
            )
    for column, label in labels:
        if not str(label).strip():
            raise InputError(f"The label of {column} is empty.")


def _rules_from(items: Any) -> tuple[Any, ...]:
    if not items:
        return ()
    from segmentation.rules.conditions import RuleSegment

    return tuple(RuleSegment.from_dict(item) for item in items)


def _names_from(items: Any) -> tuple[tuple[int, str], ...]:
    if not isinstance(items, Mapping):
        raise InputError(
            "The recipe's segment_names must map segment numbers to names."
        )
    try:
        return tuple(sorted((int(k), str(v)) for k, v in items.items()))
    except ValueError:
        raise InputError(
            "The recipe's segment_names must map segment numbers to names."
        ) from None
