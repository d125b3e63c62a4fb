"""Decide each column's role and criteria family from its name and its values.

Roles: ``id``, ``numeric``, ``categorical``, ``boolean``, ``datetime``, ``text``,
``pii``, ``outcome``. Families: ``demographic``, ``geographic``, ``psychographic``,
``behavioral``, ``technographic``, or None. Personal data (email, phone, person
name, street address, IP, national id) gets the role ``pii`` and stays out of the
features unless the analyst says otherwise. A two-valued column whose name says it
records a result (``Churn``, ``Exited``, ``Attrition_Flag``, ``Response``, ``y``)
gets the role ``outcome``: it is not segmented on by default, and each segment's
rate of it is reported.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TypeVar

import pandas as pd

from segmentation.reading import values as parse
from segmentation.schema.detect import NUMERIC_ROLES, detect_column
from segmentation.schema.vocabulary import name_tokens

__all__ = ("FAMILIES", "ROLES", "ColumnSchema", "Schema", "infer_schema")

ROLES = (
    "id",
    "numeric",
    "categorical",
    "boolean",
    "datetime",
    "text",
    "pii",
    "outcome",
)
FAMILIES = ("demographic", "geographic", "psychographic", "behavioral", "technographic")
T = TypeVar("T")
FEATURE_ROLES = frozenset({"numeric", "categorical", "boolean", "datetime"})


@dataclass(frozen=True, slots=True)
class ColumnSchema:
    """What one column is.

    Attributes
    ----------
    name : str
        Column name.
    role : str
        One of :data:`ROLES`.
    family : str or None
        One of :data:`FAMILIES`, or None.
    dtype : str
        The type its values parse to: ``int64``, ``float64``, ``bool``,
        ``datetime64[ns]`` or ``string``.
    missing : int
        Empty cells and missing-value tokens (``NA``, ``null``, ``-``, ...; also
        ``None`` in a numeric or datetime column).
    unique : int
        Distinct non-missing values.
    pii_kind : str or None
        ``email``, ``phone``, ``name``, ``address``, ``ip`` or ``national id``.
    reason : str
        Why the role was chosen, in words.
    warnings : tuple of str
        Plain sentences about the column's values.
    date_format : str or None
        How the dates are written (``strftime`` codes, or ``unix_s`` and
        ``unix_ms`` for Unix epoch seconds and milliseconds), for datetime columns.
    decimal : str
        The decimal mark numbers use.
    placeholders : tuple of float
        Codes that stand for "never" or "unknown" in a numeric column (``-1`` days
        since the last contact, ``999``): read as missing, not as numbers.
    derived_from : str or None
        The outcome column this one looks computed from (its name holds the
        outcome's and more, as a model's score does): not a default feature.
    """

    name: str
    role: str
    family: str | None
    dtype: str
    missing: int
    unique: int
    pii_kind: str | None = None
    reason: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)
    date_format: str | None = None
    decimal: str = "."
    placeholders: tuple[float, ...] = ()
    derived_from: str | None = None

    def missing_mask(self, values: pd.Series) -> pd.Series:
        """Say which of the column's cells are missing, given its role.

        ``None`` is missing in a numeric or datetime column and a value elsewhere.

        Examples
        --------
        >>> column = ColumnSchema("spend", "numeric", None, "float64", 0, 0)
        >>> column.missing_mask(pd.Series(["1", "None", "n/a"])).tolist()
        [False, True, True]
        """
        return parse.missing_mask(values, numeric=self.role in NUMERIC_ROLES)


@dataclass(frozen=True, slots=True)
class Schema:
    """Roles and families of every column of a table, in column order.

    Attributes
    ----------
    columns : tuple of ColumnSchema
    rows : int
        Rows in the table the schema was inferred from.
    """

    columns: tuple[ColumnSchema, ...]
    rows: int = 0

    @property
    def names(self) -> list[str]:
        """Column names in order."""
        return [c.name for c in self.columns]

    def __getitem__(self, name: str) -> ColumnSchema:
        """Return the column called ``name``; KeyError when there is none."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        """Say whether a column of that name exists."""
        return any(column.name == name for column in self.columns)

    def with_role(self, role: str) -> list[str]:
        """Names of the columns that have ``role``."""
        return [c.name for c in self.columns if c.role == role]

    def feature_candidates(self) -> list[str]:
        """Columns fit to segment on: no id, personal data, free text or constant."""
        return [
            c.name
            for c in self.columns
            if c.role in FEATURE_ROLES and c.unique > 1 and c.derived_from is None
        ]

    def to_frame(self) -> pd.DataFrame:
        """One row per column: name, role, family, dtype, pii, missing, unique, reason.

        Examples
        --------
        >>> s = infer_schema(pd.DataFrame({"age": ["31", "45", "27"]}))
        >>> s.to_frame()[["name", "role", "family"]].values.tolist()
        [['age', 'numeric', 'demographic']]
        """
        return pd.DataFrame(
            {
                "name": [c.name for c in self.columns],
                "role": [c.role for c in self.columns],
                "family": [c.family for c in self.columns],
                "dtype": [c.dtype for c in self.columns],
                "pii": [c.role == "pii" for c in self.columns],
                "missing": [c.missing for c in self.columns],
                "unique": [c.unique for c in self.columns],
                "reason": [c.reason for c in self.columns],
            }
        )

    def with_overrides(
        self, edits: pd.DataFrame | dict[str, dict[str, str | None]]
    ) -> Schema:
        """Apply an analyst's role and family choices.

        Parameters
        ----------
        edits : DataFrame or dict
            An edited :meth:`to_frame` table (its ``name``, ``role`` and ``family``
            columns are read), or ``{column: {"role": ..., "family": ...}}``.

        Returns
        -------
        Schema
            A new schema; unknown roles or families raise ValueError.

        Examples
        --------
        >>> s = infer_schema(pd.DataFrame({"age": ["31", "45", "27"]}))
        >>> s.with_overrides({"age": {"role": "categorical"}})["age"].role
        'categorical'
        """
        if isinstance(edits, pd.DataFrame):
            edits = {
                str(row["name"]): {"role": row.get("role"), "family": row.get("family")}
                for row in edits.to_dict("records")
            }
        columns = []
        for column in self.columns:
            change = edits.get(column.name, {})
            role = change.get("role", column.role) or column.role
            family = change.get("family", column.family)
            family = None if family in ("", "none", None) or pd.isna(family) else family
            if role not in ROLES:
                raise ValueError(f"{column.name}: unknown role {role!r}.")
            if family is not None and family not in FAMILIES:
                raise ValueError(f"{column.name}: unknown family {family!r}.")
            dtype = column.dtype if role == column.role else _dtype_for(role)
            columns.append(replace(column, role=role, family=family, dtype=dtype))
        return replace(self, columns=tuple(columns))

    def typed(self, df: pd.DataFrame) -> pd.DataFrame:
        """Parse the text table into values, column by column, by role.

        Numeric columns become float64 (currency, percent and thousands understood;
        junk becomes NaN), boolean columns pandas ``boolean``, datetime columns
        ``datetime64``; the rest stay text with missing tokens made missing.

        Examples
        --------
        >>> df = pd.DataFrame({"spend": ["$1,200", "n/a"], "vip": ["yes", "no"]})
        >>> t = infer_schema(df).typed(df)
        >>> t["spend"].tolist(), t["vip"].tolist()
        ([1200.0, nan], [True, False])
        """
        names = list(df.columns)
        parsed = each_column(
            lambda name: _typed_column(df[name], self[name] if name in self else None),
            names,
            len(df),
            cost=lambda name: head_distinct(df[name]),
        )
        out = dict(zip(names, parsed, strict=True))
        # copy=False keeps one block per column: consolidating a million rows
        # of numbers into one block is a copy that nothing here needs.
        return pd.DataFrame(out, index=df.index, copy=False)


def _typed_column(values: pd.Series, column: ColumnSchema | None) -> pd.Series:
    """Parse one column by its role (see :meth:`Schema.typed`)."""
    role = column.role if column else "categorical"
    if role == "numeric":
        # No missing-value token reads as a number: the tokens are NaN here
        # without looking for them.
        numbers = parse.parse_numbers(values, column.decimal)
        if column.placeholders:
            numbers = numbers.mask(numbers.isin(column.placeholders))
        return numbers
    missing = (column.missing_mask if column else parse.missing_mask)(values)
    if role == "boolean":
        return parse.parse_booleans(values).where(~missing, pd.NA)
    if role == "outcome":
        return _outcome_values(values.where(~missing))
    if role == "datetime":
        # No missing-value token reads as a date: masking after parsing is the
        # same, and cheaper than rewriting the text first.
        return _dates(values, column).mask(missing)
    text = values.astype("str")
    # Rewriting a column of a million labels costs more than telling whether
    # any cell besides the empty ones is missing.
    return text.where(~missing) if (missing & text.notna()).any() else text


def each_column(
    work: Callable[[Hashable], T],
    names: Sequence[Hashable],
    rows: int,
    cost: Callable[[Hashable], float] | None = None,
) -> list[T]:
    """Run ``work`` on every column name, on threads when the table is large.

    The column work is mostly Arrow and NumPy, which let go of the interpreter,
    so a table of many cells is done on as many threads as there are cores
    (at most four); the results come back in column order either way.

    Parameters
    ----------
    work : callable
        Takes a column name, returns that column's result; must not change
        anything shared.
    names : sequence
        Column names, in order.
    rows : int
        Rows of the table: small tables stay on the calling thread.
    cost : callable, optional
        A rough cost of a column's work: on threads, the costliest start first.

    Returns
    -------
    list
        ``work(name)`` for each name, in the order of ``names``.
    """
    workers = min(os.cpu_count() or 1, 4, len(names))
    if workers < 2 or rows * len(names) < _THREADED_CELLS:
        return [work(name) for name in names]
    # The costliest columns first, so that no thread is left with one of them
    # at the end while the others wait: hashing a column costs with how many
    # distinct texts it holds, told from its first cells.
    order = list(range(len(names)))
    if cost is not None:
        order.sort(key=lambda i: -cost(names[i]))
    with ThreadPoolExecutor(workers) as pool:
        done = dict(zip(order, pool.map(work, [names[i] for i in order]), strict=True))
    return [done[i] for i in range(len(names))]


#: Tables with fewer cells than this are worked on column after column.
_THREADED_CELLS = 500_000


def head_distinct(values: pd.Series, cells: int = 1_000) -> int:
    """Count the distinct values among a column's first cells: what hashing costs.

    Examples
    --------
    >>> head_distinct(pd.Series(["a", "b", "a", None]))
    2
    """
    return int(values.iloc[:cells].nunique())


def _dates(values: pd.Series, column: ColumnSchema) -> pd.Series:
    """Parse dates; a column set to datetime by hand gets the best-fitting format."""
    date_format = column.date_format
    if date_format is None:
        distinct = pd.Series(values.dropna().unique()[:500])
        date_format = parse.detect_date_format(
            distinct, min_share=0.0, name=column.name
        )
    if date_format is None:
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    return parse.parse_dates(values, date_format)


def _outcome_values(values: pd.Series) -> pd.Series:
    """Yes/no outcomes as booleans; other two-valued outcomes stay text."""
    flags = parse.parse_booleans(values)
    if flags.notna().sum() == values.notna().sum():
        return flags
    return values.astype("str").where(values.notna())


def _dtype_for(role: str) -> str:
    return {"numeric": "float64", "boolean": "bool", "datetime": "datetime64[ns]"}.get(
        role, "string"
    )


def infer_schema(df: pd.DataFrame, *, decimal: str = ".") -> Schema:
    """Infer every column's role and criteria family.

    Parameters
    ----------
    df : pandas.DataFrame
        A table as :func:`segmentation.read_table` returns it (text cells); typed
        frames work too.
    decimal : {".", ","}, default "."
        How the table's numbers write their decimals: the ``info.decimal`` of
        :func:`segmentation.read_table_with_info`.

    Returns
    -------
    Schema

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "CustomerID": ["00017", "00018", "00019"],
    ...     "email": ["a@example.com", "b@example.org", "c@example.net"],
    ...     "Country": ["France", "Spain", "France"],
    ...     "total_spend": ["$1,200.50", "$80.00", "$15.25"],
    ...     "signup": ["13/01/2024", "02/03/2024", "28/02/2024"],
    ... })
    >>> [(c.name, c.role, c.family) for c in infer_schema(df).columns]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('CustomerID', 'id', None), ('email', 'pii', None),
     ('Country', 'categorical', 'geographic'),
     ('total_spend', 'numeric', 'behavioral'), ('signup', 'datetime', 'behavioral')]
    """
    columns = tuple(
        ColumnSchema(**found)
        for found in each_column(
            lambda name: detect_column(str(name), df[name], decimal),
            list(df.columns),
            len(df),
            cost=lambda name: head_distinct(df[name]),
        )
    )
    return Schema(columns=_mark_derived(columns), rows=len(df))


def _mark_derived(columns: tuple[ColumnSchema, ...]) -> tuple[ColumnSchema, ...]:
    """Mark columns whose names hold an outcome's name and more (model scores)."""
    outcomes = {
        c.name: set(name_tokens(c.name)) for c in columns if c.role == "outcome"
    }
    out = []
    for column in columns:
        tokens = set(name_tokens(column.name))
        source = next(
            (
                name
                for name, words in outcomes.items()
                if name != column.name
                and words <= tokens
                and len(tokens) > len(words) + 1
            ),
            None,
        )
        if source is not None and column.role in FEATURE_ROLES:
            note = (
                f"Its name holds the outcome {source}: it looks computed from the "
                "result (a model's score), so it is left out of the default criteria."
            )
            column = replace(
                column, derived_from=source, warnings=(*column.warnings, note)
            )
        out.append(column)
    return tuple(out)
