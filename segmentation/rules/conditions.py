"""Rule-based segments: customers picked by conditions on their columns.

Rules such as ``total_spend > 2000 and recency_days <= 30`` run on the typed table
(:meth:`segmentation.schema.infer.Schema.typed`). They are data: frozen, hashable and
JSON-able through ``to_dict`` / ``from_dict``, so a Recipe can store them.

Which rule each customer matches is :func:`evaluate_rules`; what that adds up to
(one segment per customer, sizes, overlap, rules in words) is in
:mod:`segmentation.rules.summary`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import operator
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from segmentation.errors import InputError
from segmentation.reading.values import FALSE_TOKENS, TRUE_TOKENS, parse_numbers

__all__ = (
    "COMBINES",
    "EVERYONE_ELSE",
    "LIST_OPS",
    "MISSING_OPS",
    "OPS",
    "Condition",
    "RuleSegment",
    "evaluate_rules",
    "rule_column_names",
    "rule_error",
)

_COMPARE = MappingProxyType(
    {
        "==": operator.eq,
        "!=": operator.ne,
        "<": operator.lt,
        "<=": operator.le,
        ">": operator.gt,
        ">=": operator.ge,
    }
)
MISSING_OPS = ("is missing", "is not missing")
#: Operators a condition can use.
OPS = (*_COMPARE, "between", "in", "not in", "contains", *MISSING_OPS)
#: How a rule joins its conditions: ``all`` (AND) or ``any`` (OR).
COMBINES = ("all", "any")
EVERYONE_ELSE = "Everyone else"

_ALIASES = MappingProxyType(
    {"=": "==", "≠": "!=", "≤": "<=", "≥": ">=", "and": "all", "or": "any"}
)
_ORDERED_OPS = frozenset({"<", "<=", ">", ">=", "between"})
LIST_OPS = frozenset({"between", "in", "not in"})
_KIND_WORDS = MappingProxyType(
    {"numeric": "a number", "datetime": "a date", "boolean": "yes or no"}
)
_HOLDS = MappingProxyType(
    {"numeric": "numbers", "datetime": "dates", "boolean": "yes/no values"}
)

###############################################################################
# Rules as data


@dataclass(frozen=True, slots=True)
class Condition:
    """One test on one column, such as ``total_spend > 2000``.

    Values are read for the column's type when evaluated: numbers (``"2000"`` and
    ``"$2,000"`` too) for numeric columns; ISO dates (``"2024-01-31"``) for
    datetime columns, a date at midnight comparing whole days; True/False (or
    yes/no) for boolean columns; trimmed, case-sensitive text for the others.
    Missing values pass no test but ``is missing`` (not even ``!=`` or ``not in``).

    Attributes
    ----------
    column : str
    op : str
        One of :data:`OPS` (``=``, ``≠``, ``≤``, ``≥`` are read as ``==``, ...).
    value : object
        One value for comparisons and ``contains`` (case-insensitive substring);
        ``(low, high)`` for ``between`` (inclusive); a sequence for ``in`` and
        ``not in``; None for the missing tests. Sequences are kept as tuples and
        dates as ISO text.

    Examples
    --------
    >>> c = Condition("device", "in", ["Mobile", "Tablet"])
    >>> c.to_dict()
    {'column': 'device', 'op': 'in', 'value': ['Mobile', 'Tablet']}
    >>> Condition.from_dict(c.to_dict()) == c
    True
    """

    column: str
    op: str
    value: Any = None

    def __post_init__(self) -> None:
        op = " ".join(str(self.op).split()).lower()
        object.__setattr__(self, "op", _ALIASES.get(op, op))
        object.__setattr__(self, "value", _plain(self.value))

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"column", "op", "value"}`` in JSON types."""
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"column": self.column, "op": self.op, "value": value}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Condition:
        """Build a condition from :meth:`to_dict` output."""
        return _as_condition(data, rule=None)


@dataclass(frozen=True, slots=True)
class RuleSegment:
    """A named segment: the customers meeting all (or any) of its conditions.

    A rule without conditions matches no one, so a rule still being written takes
    no customers from the rules after it.

    Attributes
    ----------
    name : str
        Non-empty, trimmed; unique (ignoring case) within a set of rules.
    conditions : tuple of Condition
        Dicts as :meth:`Condition.to_dict` writes them are accepted too.
    combine : {"all", "any"}
        AND or OR over the conditions.

    Raises
    ------
    InputError
        For an empty name, an unknown operator or combine, or a value of the wrong
        shape for its operator, in one sentence naming the rule and the column.

    Examples
    --------
    >>> vip = RuleSegment("VIP", (Condition("total_spend", ">", 2000),
    ...                           Condition("recency_days", "<=", 30)))
    >>> RuleSegment.from_dict(vip.to_dict()) == vip
    True
    """

    name: str
    conditions: tuple[Condition, ...] = ()
    combine: str = "all"

    def __post_init__(self) -> None:
        name = self.name.strip() if isinstance(self.name, str) else ""
        if not name:
            raise InputError("A rule needs a name; this one has none.")
        items = self.conditions or ()
        items = (items,) if isinstance(items, Condition | Mapping) else items
        conditions = tuple(_as_condition(c, rule=name) for c in items)
        combine = str(self.combine).strip().lower()
        combine = _ALIASES.get(combine, combine)
        if combine not in COMBINES:
            raise rule_error(name, f"unknown combine {self.combine!r}; use all or any")
        for problem in filter(None, map(_shape_problem, conditions)):
            raise rule_error(name, problem)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "conditions", conditions)
        object.__setattr__(self, "combine", combine)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"name", "conditions", "combine"}`` in JSON types."""
        conditions = [c.to_dict() for c in self.conditions]
        return {"name": self.name, "conditions": conditions, "combine": self.combine}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleSegment:
        """Build a rule from :meth:`to_dict` output; unknown fields raise."""
        if not isinstance(data, Mapping):
            raise InputError(f"A rule is a name, conditions and combine, not {data!r}.")
        unknown = sorted(set(data) - {"name", "conditions", "combine"})
        if unknown:
            raise rule_error(data.get("name"), f"unknown field {unknown[0]!r}")
        conditions = tuple(data.get("conditions") or ())
        return cls(data.get("name"), conditions, data.get("combine", "all"))


def _as_condition(item: object, *, rule: str | None) -> Condition:
    if isinstance(item, Condition):
        return item
    if isinstance(item, Mapping) and {"column", "op"} <= set(item) <= set(
        Condition.__slots__
    ):
        return Condition(item["column"], item["op"], item.get("value"))
    problem = f"condition is a column, an operator and a value, not {item!r}"
    raise rule_error(rule, f"a {problem}") if rule else InputError(f"A {problem}.")


def rule_error(rule: str | None, problem: str) -> InputError:
    """Return the InputError for a problem with one rule, as one sentence."""
    return InputError(f"Rule {rule!r}: {problem}.")


def _plain(value: object) -> object:
    """Make a value JSON-able: sequences become tuples, dates ISO text."""
    if isinstance(value, set | frozenset):
        value = sorted(value, key=repr)
    if isinstance(value, list | tuple | np.ndarray | pd.Series | pd.Index):
        return tuple(_plain(v) for v in value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, dt.datetime) and not pd.isna(value):
        stamp = pd.Timestamp(value)
        return str(stamp.date()) if stamp == stamp.normalize() else stamp.isoformat()
    return value.isoformat() if isinstance(value, dt.date) else value


def _shape_problem(c: Condition) -> str | None:
    """Say what is wrong with a condition before any data is seen, if anything."""
    where = f"on column {c.column!r}"
    if not isinstance(c.column, str) or not c.column:
        return f"a condition needs a column name, not {c.column!r}"
    if c.op not in OPS:
        return f"unknown operator {c.op!r} {where}; use one of {', '.join(OPS)}"
    if c.op in MISSING_OPS:
        return None if c.value is None else f"{c.op!r} {where} takes no value"
    if c.op == "between" and not (isinstance(c.value, tuple) and len(c.value) == 2):
        return f"'between' {where} needs two values, [low, high]"
    if c.op in LIST_OPS and not isinstance(c.value, tuple):
        return f"{c.op!r} {where} needs a list of values"
    if c.op not in LIST_OPS and (c.value is None or isinstance(c.value, tuple)):
        return f"{c.op!r} {where} needs one value"
    if c.op == "contains" and not (isinstance(c.value, str) and c.value.strip()):
        return f"'contains' {where} needs some text"
    for v in c.value if isinstance(c.value, tuple) else (c.value,):
        if not isinstance(v, str | int | float) or (
            isinstance(v, float) and not np.isfinite(v)
        ):
            return f"{v!r} cannot be a value {where}"
    return None


###############################################################################
# Evaluation


def rule_column_names(rules: Sequence[RuleSegment]) -> list[str]:
    """Name each rule's membership column: ``rule_`` and a slug of its name.

    The slug is lower-case ASCII (accents dropped, other characters ``_``), or a
    short hash of a name with no letters or digits; clashes get ``_2``, ``_3``...

    Raises
    ------
    InputError
        When two rules share a name, ignoring case.

    Examples
    --------
    >>> rule_column_names([RuleSegment("VIP"), RuleSegment("Fidèles clients!"),
    ...                    RuleSegment("VIP?")])
    ['rule_vip', 'rule_fideles_clients', 'rule_vip_2']
    """
    names: set[str] = set()
    columns: list[str] = []
    for rule in rules:
        if not isinstance(rule, RuleSegment):
            raise InputError(f"Expected a RuleSegment, not {type(rule).__name__}.")
        if rule.name.casefold() in names:
            raise rule_error(
                rule.name, "another rule has this name; rename one of them"
            )
        names.add(rule.name.casefold())
        text = unicodedata.normalize("NFKD", rule.name).encode("ascii", "ignore")
        slug = re.sub(r"[^a-z0-9]+", "_", text.decode().lower()).strip("_")
        slug = slug or hashlib.sha1(rule.name.encode()).hexdigest()[:8]
        column, n = f"rule_{slug}", 2
        while column in columns:
            column, n = f"rule_{slug}_{n}", n + 1
        columns.append(column)
    return columns


def evaluate_rules(typed: pd.DataFrame, rules: Sequence[RuleSegment]) -> pd.DataFrame:
    """Say which customers each rule matches.

    Parameters
    ----------
    typed : pandas.DataFrame
        The typed table (:meth:`segmentation.schema.infer.Schema.typed`); not changed.
    rules : sequence of RuleSegment

    Returns
    -------
    pandas.DataFrame
        One bool column per rule, in rule order, named by
        :func:`rule_column_names`, on the index of ``typed``; never missing.

    Raises
    ------
    InputError
        For a column that does not exist, an operator that does not fit the
        column's type, or a value that cannot be read as that type: one sentence
        naming the rule and the column.

    Examples
    --------
    >>> typed = pd.DataFrame({"total_spend": [2500.0, 150.0, None],
    ...                       "recency_days": [10.0, 200.0, 40.0]})
    >>> rules = [RuleSegment("VIP", (Condition("total_spend", ">", "2000"),
    ...                              Condition("recency_days", "<=", 30))),
    ...          RuleSegment("Lapsed", (Condition("recency_days", ">", 180),))]
    >>> evaluate_rules(typed, rules)
       rule_vip  rule_lapsed
    0      True        False
    1     False         True
    2     False        False
    """
    columns = rule_column_names(rules)
    data = {col: _rule_mask(typed, r) for col, r in zip(columns, rules, strict=True)}
    return pd.DataFrame(data, index=typed.index, columns=columns, dtype=bool)


def _rule_mask(df: pd.DataFrame, rule: RuleSegment) -> np.ndarray:
    if not rule.conditions:
        return np.zeros(len(df), dtype=bool)
    masks = [_condition_mask(df, c, rule.name) for c in rule.conditions]
    join = np.logical_and if rule.combine == "all" else np.logical_or
    return join.reduce(masks)


def _condition_mask(df: pd.DataFrame, c: Condition, rule: str) -> np.ndarray:
    if c.column not in df.columns:
        close = difflib.get_close_matches(c.column, [str(n) for n in df.columns], 1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise rule_error(rule, f"there is no column {c.column!r}{hint}")
    column = df[c.column]
    if isinstance(column, pd.DataFrame):
        raise rule_error(rule, f"column {c.column!r} appears more than once")
    present = column.notna().to_numpy(dtype=bool)
    if c.op in MISSING_OPS:
        return present if c.op == "is not missing" else ~present
    kind = _kind(column)
    if (c.op in _ORDERED_OPS and kind in ("text", "boolean")) or (
        c.op == "contains" and kind != "text"
    ):
        holds = _HOLDS.get(kind, "text")
        does = "searches text" if c.op == "contains" else "compares numbers or dates"
        raise rule_error(
            rule, f"{c.op!r} {does}, but column {c.column!r} holds {holds}"
        )
    items = c.value if isinstance(c.value, tuple) else (c.value,)
    values = [_read(v, kind, c.column, rule) for v in items]
    if c.op == "between" and values[0] > values[1]:
        low, high = c.value
        raise rule_error(
            rule, f"'between' on {c.column!r} has low {low!r} > high {high!r}"
        )
    result = _compare(_aligned(column, kind, values), c.op, values)
    return pd.Series(result).fillna(False).to_numpy(dtype=bool) & present


def _kind(column: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(column.dtype):
        return "boolean"
    if pd.api.types.is_numeric_dtype(column.dtype):
        return "numeric"
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return "datetime"
    return "text"


def _read(value: str | float, kind: str, column: str, rule: str) -> Any:
    """Read one condition value as the column's type, or raise InputError."""
    if kind == "text":
        integral = isinstance(value, float) and value.is_integer()
        return str(int(value) if integral else value).strip()
    read: Any = None
    if kind == "numeric" and not isinstance(value, bool):
        read = float(parse_numbers(pd.Series([str(value)])).iloc[0])
        read = None if np.isnan(read) else read
    elif kind == "boolean":
        token = str(value).strip().lower()
        read = token in TRUE_TOKENS if token in TRUE_TOKENS | FALSE_TOKENS else None
    elif kind == "datetime" and isinstance(value, str):
        try:
            read = pd.to_datetime(value.strip(), format="ISO8601")
        except (ValueError, TypeError):
            read = None
        if read is not None and read.tzinfo is not None:
            read = read.tz_convert("UTC").tz_localize(None)
    if read is None:
        hint = " written as YYYY-MM-DD" if kind == "datetime" else ""
        what = f"{_KIND_WORDS[kind]}{hint} for column {column!r}"
        raise rule_error(rule, f"cannot read {value!r} as {what}")
    return read


def _aligned(column: pd.Series, kind: str, values: list[Any]) -> pd.Series:
    """Return the column as compared: trimmed text, or days for date-only values."""
    if kind == "text":
        return column.astype("str").str.strip()
    if kind == "datetime":
        if getattr(column.dt, "tz", None) is not None:
            column = column.dt.tz_convert("UTC").dt.tz_localize(None)
        if all(v == v.normalize() for v in values):
            return column.dt.normalize()
    return column


def _compare(column: pd.Series, op: str, values: list[Any]) -> pd.Series:
    if op in _COMPARE:
        return _COMPARE[op](column, values[0])
    if op == "between":
        return (column >= values[0]) & (column <= values[1])
    if op in ("in", "not in"):
        return column.isin(values) ^ (op == "not in")
    return column.str.casefold().str.contains(values[0].casefold(), regex=False)
