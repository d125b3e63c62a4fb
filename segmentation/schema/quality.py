"""Data-quality report: what is missing, odd or implausible, in plain sentences.

Each finding names the column and says what was found and how much, so an analyst
can decide what to do before segmenting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from segmentation.reading import values as parse
from segmentation.schema.detect import NUMERIC_ROLES
from segmentation.schema.infer import ColumnSchema, Schema, infer_schema
from segmentation.schema.vocabulary import NON_NEGATIVE_WORDS, name_tokens

__all__ = ("Finding", "QualityReport", "quality_report")

NEAR_CONSTANT_SHARE = 0.95
HIGH_CARDINALITY = 50
TOKENS_SHOWN = 8
ROBUST_Z = 3.5


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing worth knowing about the data.

    Attributes
    ----------
    column : str or None
        The column it is about; None for the whole table.
    kind : str
        ``missing``, ``missing_tokens``, ``constant``, ``near_constant``,
        ``high_cardinality``, ``outliers``, ``implausible``, ``unparsed``,
        ``duplicates`` or ``duplicate_ids``.
    severity : str
        ``warning`` (likely to distort segments) or ``info``.
    message : str
        The finding as a plain sentence.
    """

    column: str | None
    kind: str
    severity: str
    message: str


@dataclass(frozen=True, slots=True)
class QualityReport:
    """The quality of a table.

    Attributes
    ----------
    rows : int
        Rows in the table.
    columns : pandas.DataFrame
        One row per column: name, role, family, missing, missing_share, unique,
        outliers, unparsed.
    findings : tuple of Finding
        Warnings first, then notes, each in column order.
    duplicate_rows : int
        Rows that repeat an earlier row in every column but the id columns.
    """

    rows: int
    columns: pd.DataFrame
    findings: tuple[Finding, ...]
    duplicate_rows: int

    def messages(self) -> list[str]:
        """Return the findings as sentences."""
        return [f.message for f in self.findings]


def quality_report(df: pd.DataFrame, schema: Schema | None = None) -> QualityReport:
    """Check every column of a table and the table as a whole.

    Parameters
    ----------
    df : pandas.DataFrame
        The table as :func:`segmentation.read_table` returns it.
    schema : Schema, optional
        Roles to judge the columns by; inferred when not given.

    Returns
    -------
    QualityReport

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["1", "2", "3", "4"], "spend": ["10", "-5", "", "10"],
    ...                    "plan": ["a", "a", "a", "a"]})
    >>> for finding in quality_report(df).findings:
    ...     print(finding.column, finding.kind)
    spend missing
    spend implausible
    plan constant
    None duplicates
    """
    schema = schema or infer_schema(df)
    typed = schema.typed(df)
    findings: list[Finding] = []
    rows = []
    for column in schema.columns:
        values = typed[column.name]
        raw = df[column.name]
        blank = column.missing_mask(raw)
        missing = int(blank.sum())
        held = _placeholder_cells(raw[~blank], column)
        unparsed = int((~blank & values.isna()).sum()) - held
        outliers = _outliers(values) if column.role == "numeric" else 0
        rows.append(
            {
                "name": column.name,
                "role": column.role,
                "family": column.family,
                "missing": missing,
                "missing_share": missing / len(df) if len(df) else 0.0,
                "unique": int(values.nunique()),
                "outliers": outliers,
                "unparsed": unparsed,
            }
        )
        findings += _column_findings(
            column.name, column.role, values, missing, unparsed
        )
        findings += _token_findings(column.name, raw, column.role in NUMERIC_ROLES)
        if held:
            codes = " and ".join(f"{code:g}" for code in column.placeholders)
            findings.append(
                Finding(
                    column.name,
                    "placeholder",
                    "warning",
                    f"{column.name}: {codes} in {held:,} of {len(df):,} rows "
                    f"({held / len(df):.1%}) stands apart from the other values, "
                    "so it is read as a code for 'none' or 'unknown': treated as "
                    "missing (segmenting adds a missing indicator unless that is "
                    "switched off).",
                )
            )
        if outliers:
            findings.append(
                Finding(
                    column.name,
                    "outliers",
                    "info",
                    f"{column.name}: {outliers:,} value(s) far from the rest "
                    f"(robust z-score above {ROBUST_Z}); consider a log scale or "
                    "clipping.",
                )
            )
    duplicates = _duplicate_rows(df, schema)
    if duplicates:
        findings.append(
            Finding(
                None,
                "duplicates",
                "warning",
                f"{duplicates:,} row(s) repeat an earlier row in every column except "
                "the ids.",
            )
        )
    findings.sort(key=lambda f: f.severity != "warning")
    return QualityReport(len(df), pd.DataFrame(rows), tuple(findings), duplicates)


def _placeholder_cells(raw: pd.Series, column: ColumnSchema) -> int:
    """Count the cells holding one of the column's placeholder codes."""
    if not column.placeholders or column.role != "numeric":
        return 0
    numbers = parse.parse_numbers(raw.astype("str"), column.decimal)
    return int(numbers.isin(column.placeholders).sum())


def _column_findings(
    name: str, role: str, values: pd.Series, missing: int, unparsed: int
) -> list[Finding]:
    found: list[Finding] = []
    total = len(values)
    present = values.dropna()
    if total and missing == total:
        found.append(
            Finding(name, "missing", "warning", f"{name}: every value is missing.")
        )
        return found
    if missing:
        severity = "warning" if missing / total > 0.2 else "info"
        found.append(
            Finding(
                name,
                "missing",
                severity,
                f"{name}: {missing:,} of {total:,} values missing "
                f"({missing / total:.1%}).",
            )
        )
    if unparsed:
        kind = "dates" if role == "datetime" else "numbers"
        found.append(
            Finding(
                name,
                "unparsed",
                "warning",
                f"{name}: {unparsed:,} value(s) could not be read as {kind} and are "
                "treated as missing.",
            )
        )
    found += _spread_findings(name, role, present)
    found += _implausible(name, role, present)
    return found


def _token_findings(name: str, raw: pd.Series, numeric: bool) -> list[Finding]:
    """Which missing-value tokens (``None``, ``-``, ``N/A``...) were read, how often."""
    counts = parse.missing_token_counts(raw, numeric=numeric)
    if counts.empty:
        return []
    shown = [f"{token!r} ×{cells:,}" for token, cells in counts.items()]
    if len(shown) > TOKENS_SHOWN:
        shown = [*shown[:TOKENS_SHOWN], f"{len(shown) - TOKENS_SHOWN} more"]
    return [
        Finding(
            name,
            "missing_tokens",
            "info",
            f"{name}: read as missing: {', '.join(shown)}.",
        )
    ]


def _spread_findings(name: str, role: str, present: pd.Series) -> list[Finding]:
    unique = present.nunique()
    if unique == 1:
        return [
            Finding(
                name,
                "constant",
                "warning",
                f"{name}: constant, every value is {_shown(present.iloc[0])}, so it "
                "cannot tell customers apart.",
            )
        ]
    if role in ("id", "pii", "text") or present.empty:
        if role == "id" and unique < len(present) and unique > 0.9 * len(present):
            repeated = len(present) - unique
            return [
                Finding(
                    name,
                    "duplicate_ids",
                    "warning",
                    f"{name}: {repeated:,} id(s) appear more than once.",
                )
            ]
        return []
    top_share = float(present.value_counts(normalize=True).iloc[0])
    found = []
    if top_share >= NEAR_CONSTANT_SHARE:
        found.append(
            Finding(
                name,
                "near_constant",
                "info",
                f"{name}: near-constant, {top_share:.1%} of values are the same, so "
                "it says little about most customers.",
            )
        )
    if role == "categorical" and unique > HIGH_CARDINALITY:
        found.append(
            Finding(
                name,
                "high_cardinality",
                "info",
                f"{name}: {unique:,} distinct labels; rare ones will be grouped as "
                "'Other' when segmenting.",
            )
        )
    return found


def _shown(value: object) -> str:
    """Show one value plainly: ``'a'``, ``1``, ``2.5``, ``2024-01-31``.

    >>> _shown(np.float64(1.0)), _shown("a"), _shown(pd.Timestamp("2024-01-31"))
    ('1', "'a'", '2024-01-31')
    """
    if isinstance(value, pd.Timestamp):
        return str(value.date()) if value == value.normalize() else str(value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return repr(value)


def _implausible(name: str, role: str, present: pd.Series) -> list[Finding]:
    tokens = set(name_tokens(name))
    problems: list[str] = []
    if role == "numeric" and not present.empty:
        if tokens & {"birth", "born", "yob"} and "year" in tokens:
            problems.append(_count(present < 1900, "birth year(s) before 1900"))
        if tokens & {"age", "ages"}:
            problems.append(
                _count((present < 0) | (present > 120), "age(s) below 0 or above 120")
            )
        if tokens & NON_NEGATIVE_WORDS:
            problems.append(
                _count(
                    present < 0,
                    "negative value(s), which is implausible for an amount "
                    "(returns or refunds?)",
                )
            )
    if pd.api.types.is_datetime64_any_dtype(present) and not present.empty:
        future = pd.Timestamp(dt.date.today()) + pd.Timedelta(days=1)
        problems.append(_count(present > future, "date(s) in the future"))
        problems.append(
            _count(present < pd.Timestamp("1900-01-01"), "date(s) before 1900")
        )
    return [
        Finding(name, "implausible", "warning", f"{name}: {p}.") for p in problems if p
    ]


def _count(mask: pd.Series, what: str) -> str:
    count = int(mask.sum())
    return f"{count:,} {what}" if count else ""


def _outliers(values: pd.Series) -> int:
    x = values.dropna().to_numpy(dtype=float)
    if len(x) < 10:
        return 0
    median = np.median(x)
    mad = np.median(np.abs(x - median)) * 1.4826
    if mad == 0:
        q1, q3 = np.percentile(x, [25, 75])
        iqr = q3 - q1
        if iqr == 0:
            return 0
        return int(((x < q1 - 3 * iqr) | (x > q3 + 3 * iqr)).sum())
    return int((np.abs(x - median) / mad > ROBUST_Z).sum())


def _duplicate_rows(df: pd.DataFrame, schema: Schema) -> int:
    ids = set(schema.with_role("id"))
    rest = [c for c in df.columns if c not in ids]
    if not rest or len(df) < 2:
        return 0
    return int(df[rest].duplicated().sum())
