"""Look at one column, its name and its values, and decide what it is.

:func:`detect_column` is the engine behind :func:`segmentation.infer_schema`. It
reads a sample of the column's values (at most 5,000, taken evenly through the
file) so that a million-row table is inspected in well under a second.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from segmentation.reading import values as parse
from segmentation.schema.vocabulary import (
    CODE_NAME_WORDS,
    COUNT_WORDS,
    FAMILY_VALUES,
    FAMILY_WORDS,
    GENERIC_NAME_WORDS,
    ID_ENTITIES,
    ID_SUFFIXES,
    ID_WORDS,
    PII_NAME_RULES,
    name_tokens,
    names_an_outcome,
)

__all__ = (
    "NUMERIC_ROLES",
    "PLACEHOLDER_CANDIDATES",
    "detect_column",
    "placeholder_codes",
)

SAMPLE_SIZE = 5000
NUMERIC_SHARE = 0.95
#: Roles in which :data:`segmentation.reading.values.NUMERIC_MISSING_TOKENS` are
#: missing.
NUMERIC_ROLES = frozenset({"numeric", "datetime"})

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_IPV4 = re.compile(r"^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$")
_IPV6 = re.compile(r"^[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}$")
_PHONE = re.compile(r"^\+?[\d\s().\-/]{7,22}$")
_STREET = re.compile(
    r"^\d+[A-Za-z]?,?\s+.*\b(st|street|rd|road|ave|avenue|blvd|boulevard|lane|ln|dr|"
    r"drive|way|ct|court|pl|place|terrace|close|crescent|sq|square|hwy|highway|"
    r"strasse|straße|rue|via|calle)\b",
    re.IGNORECASE,
)
_PERSON = re.compile(r"^[A-Z][a-zA-Z'\-.]+( [A-Z][a-zA-Z'\-.]+){0,3}$")
_CODE = re.compile(r"^(?=.*\d)[A-Za-z0-9_\-/.#]+$")
_DATE_SHAPE = re.compile(r"^\d{1,4}[-/. ]\d{1,2}[-/. ]\d{1,4}$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$")


def detect_column(name: str, values: pd.Series, decimal: str = ".") -> dict:
    """Decide the role, family and type of one column.

    Parameters
    ----------
    name : str
        Column name.
    values : pandas.Series
        The column's cells (text as read, or already typed).
    decimal : {".", ","}
        The file's decimal mark.

    Returns
    -------
    dict
        The fields of :class:`segmentation.schema.infer.ColumnSchema`.
    """
    text = values if pd.api.types.is_string_dtype(values) else _as_text(values)
    cells = parse.DistinctCells(text)
    as_labels, as_numbers = cells.missing(numeric=False), cells.missing(numeric=True)
    if as_numbers.sum() > as_labels.sum() and _numbers_apart(
        name, _Present(text, np.flatnonzero(~as_numbers.to_numpy())), decimal
    ):
        unique = cells.distinct_present(numeric=True)
        found = _detect(name, text, decimal, as_numbers, unique)
        if found["role"] in NUMERIC_ROLES:
            return found
    unique = cells.distinct_present(numeric=False)
    return _detect(name, text, decimal, as_labels, unique)


def _numbers_apart(name: str, rest: _Present, decimal: str) -> bool:
    """Say, from a sample, whether the cells left could be numbers or dates."""
    counts = rest.sample().value_counts()
    if counts.empty:
        return False
    distinct = pd.Series(counts.index, dtype="str")
    numbers = parse.parse_numbers(distinct, decimal).notna().to_numpy()
    if counts[numbers].sum() >= NUMERIC_SHARE * counts.sum():
        return True
    return parse.detect_date_format(_sample(distinct, 500), name=name) is not None


def _detect(
    name: str, text: pd.Series, decimal: str, missing: pd.Series, unique: int
) -> dict:
    """Detect from the cells that are not ``missing`` (``unique`` distinct)."""
    kept = np.flatnonzero(~missing.to_numpy())
    present = _Present(text, kept)
    out: dict = {
        "name": name,
        "missing": int(missing.sum()),
        "unique": unique,
        "decimal": decimal,
        "family": None,
        "pii_kind": None,
        "date_format": None,
        "placeholders": (),
    }
    tokens = name_tokens(name)
    if not len(kept):
        out.update(role="categorical", dtype="string", reason="every value is missing")
        out["warnings"] = ("Every value is missing.",)
        return out
    sample = present.sample()
    found = _pii(tokens, sample) or _role(
        name, sample, out["unique"], len(present), decimal
    )
    out.update(found)
    if _is_outcome(name, present, out):
        out.update(
            role="outcome",
            reason="two values under a result's name: reported per segment, "
            "not segmented on",
        )
    if out["role"] not in ("id", "pii", "text"):
        out["family"] = _family(tokens, sample)
    out["warnings"] = tuple(out.get("warnings", ()))
    return out


class _Present:
    """The cells that are not missing, stripped when they are looked at.

    Stripping the whole column costs more than all the detection; the sample
    and the shares are taken from the kept positions, in file order.
    """

    def __init__(self, text: pd.Series, kept: np.ndarray) -> None:
        self._text = text
        self._kept = kept

    def __len__(self) -> int:
        return len(self._kept)

    def sample(self, size: int = SAMPLE_SIZE) -> pd.Series:
        """Return the stripped cells at evenly spaced kept positions (as _sample)."""
        kept = self._kept
        if len(kept) > size:
            kept = kept[np.linspace(0, len(kept) - 1, size).astype(int)]
        picked = self._text.iloc[kept].astype("str").str.strip()
        return picked.reset_index(drop=True)

    def value_counts(self, normalize: bool = False) -> pd.Series:
        """Count the stripped cells, over every kept position."""
        stripped = self._text.iloc[self._kept].astype("str").str.strip()
        return stripped.value_counts(normalize=normalize)


def _is_outcome(name: str, present: _Present, found: dict) -> bool:
    """Say whether a column is a result: two values under a churn-like name.

    A stray third value (a description row, a typo) in under 1% of the rows does
    not make it something else.
    """
    if found["role"] not in ("boolean", "categorical", "numeric"):
        return False
    if not names_an_outcome(name):
        return False
    if found["unique"] != 2:
        if not 2 < found["unique"] <= 4:
            return False
        shares = present.value_counts(normalize=True)
        if shares.iloc[:2].sum() < 0.99:
            return False
    return True


def _as_text(values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime("%Y-%m-%d %H:%M:%S").astype("str")
    if pd.api.types.is_float_dtype(values):
        integral = values.dropna().mod(1).eq(0).all()
        if integral:
            return values.astype("Int64").astype("str")
    return values.astype("str")


def _sample(present: pd.Series, size: int = SAMPLE_SIZE) -> pd.Series:
    if len(present) <= size:
        return present.reset_index(drop=True)
    positions = np.linspace(0, len(present) - 1, size).astype(int)
    return present.iloc[positions].reset_index(drop=True)


def _per_value(
    sample: pd.Series,
    check: Callable[[pd.Series], pd.Series],
    *,
    arrow: bool = False,
) -> pd.Series:
    """Run an element-wise check once per distinct text; answer for every cell.

    A sample of 5,000 cells holds a few dozen distinct texts in most columns, and
    the regular expressions run in Python: this is most of the detection's time.
    The distinct texts go to ``check`` as Python strings (regular expressions on
    a few values), or in the sample's Arrow type with ``arrow`` (number parsing,
    whose fast path is Arrow's).
    """
    codes, distinct = pd.factorize(sample, use_na_sentinel=False)
    dtype = sample.dtype if arrow else object
    answers = check(pd.Series(distinct, dtype=dtype)).to_numpy()
    return pd.Series(answers[codes], index=sample.index)


def _share(sample: pd.Series, pattern: re.Pattern[str]) -> float:
    return float(
        _per_value(sample, lambda text: text.str.match(pattern).fillna(False)).mean()
    )


def _pii(tokens: list[str], sample: pd.Series) -> dict | None:
    """Personal data, by name with values that agree, or by values alone."""
    hinted = {
        kind
        for kind, needed, vetoes in PII_NAME_RULES
        if needed <= set(tokens) and not vetoes & set(tokens)
    }
    checks = (
        ("email", _share(sample, _EMAIL), 0.5, 0.8),
        ("ip", max(_share(sample, _IPV4), _share(sample, _IPV6)), 0.5, 0.9),
        ("address", _share(sample, _STREET), 0.3, 0.6),
        ("phone", _phone_share(sample, "phone" in hinted), 0.6, 0.9),
    )
    for kind, share, with_name, alone in checks:
        if share >= (with_name if kind in hinted else alone):
            how = "its name and values" if kind in hinted else "its values"
            return _found("pii", "string", f"personal data ({kind}), from {how}", kind)
    if "name" in hinted and _share(sample, _PERSON) >= 0.6 and sample.nunique() > 5:
        return _found(
            "pii", "string", "personal data (person names), from its name", "name"
        )
    if "national id" in hinted:
        return _found(
            "pii", "string", "personal data (national id), from its name", "national id"
        )
    return None


def _phone_share(sample: pd.Series, named: bool) -> float:
    return float(_per_value(sample, lambda text: _phone_like(text, named)).mean())


def _phone_like(sample: pd.Series, named: bool) -> pd.Series:
    shaped = sample.str.match(_PHONE).fillna(False)
    digits = sample.str.count(r"\d")
    formatted = sample.str.contains(r"[+\s()\-]", regex=True).fillna(False)
    date_like = sample.str.match(_DATE_SHAPE).fillna(False)
    enough = digits.between(7, 15) if named else digits.between(9, 15)
    return shaped & enough & formatted & ~date_like


def _found(
    role: str, dtype: str, reason: str, pii_kind: str | None = None, **extra
) -> dict:
    return {
        "role": role,
        "dtype": dtype,
        "reason": reason,
        "pii_kind": pii_kind,
        **extra,
    }


def _role(
    name: str, sample: pd.Series, unique: int, present: int, decimal: str
) -> dict:
    tokens = name_tokens(name)
    lowered = set(sample.str.lower().unique())
    if len(lowered) <= 2 and lowered <= (parse.TRUE_TOKENS | parse.FALSE_TOKENS):
        if not lowered <= {"0", "1"} or len(lowered) == 2:
            return _found("boolean", "bool", "two values that read as yes and no")
    numbers = _per_value(
        sample, lambda text: parse.parse_numbers(text, decimal), arrow=True
    )
    numeric_share = float(numbers.notna().mean())
    integral = bool(numbers.dropna().mod(1).eq(0).all())
    if _named_id(tokens) and (numeric_share < NUMERIC_SHARE or integral):
        return _found("id", "string", "its name says it identifies a record")
    named_family = _family(tokens, sample.iloc[:0]) is not None
    if not named_family and _valued_id(sample, unique, present, numbers, integral):
        return _found("id", "string", "every value is distinct and looks like a code")
    dated = _dated(name, sample)
    if dated:
        return dated
    if numeric_share >= NUMERIC_SHARE and not _zero_padded(sample):
        if integral and _number_codes(tokens, numbers):
            return _found(
                "categorical", "string", f"{unique:,} category codes written as numbers"
            )
        return _numeric(sample, numbers, integral)
    words = _per_value(sample, lambda text: text.str.split().str.len()).mean()
    length = _per_value(sample, lambda text: text.str.len()).mean()
    if length > 40 or (words >= 3 and (unique > 200 or unique > 0.3 * present)):
        return _found(
            "text", "string", "free text: long or many-worded, mostly distinct"
        )
    return _found("categorical", "string", f"{unique:,} distinct labels")


def _number_codes(tokens: list[str], numbers: pd.Series) -> bool:
    """Say whether small whole numbers under a name like ``Channel`` are codes."""
    named = set(tokens) & CODE_NAME_WORDS and not set(tokens) & COUNT_WORDS
    return bool(named) and numbers.nunique() <= 10 and numbers.min() >= 0


def _dated(name: str, sample: pd.Series) -> dict | None:
    """Give the datetime role when the values are dates (see detect_date_format)."""
    distinct = _sample(pd.Series(sample.unique()), 500)
    date_format = parse.detect_date_format(distinct, name=name)
    if not date_format:
        return None
    found = _found(
        "datetime",
        "datetime64[ns]",
        "its values are dates",
        date_format=date_format,
    )
    if parse.ambiguous_day_month(distinct, date_format):
        order = (
            "day-first"
            if date_format.find("%d") < date_format.find("%m")
            else ("month-first")
        )
        found["warnings"] = (
            f"Every date could be day-first or month-first; read as {order}.",
        )
    return found


def _numeric(sample: pd.Series, numbers: pd.Series, integral: bool) -> dict:
    found = _found(
        "numeric", "int64" if integral else "float64", "its values are numbers"
    )
    warnings = []
    junk = sample[numbers.isna()]
    if len(junk):
        examples = ", ".join(repr(v) for v in junk.unique()[:3])
        warnings.append(
            f"{len(junk) / len(sample):.1%} of values are not numbers "
            f"(e.g. {examples}) and are treated as missing."
        )
    codes = placeholder_codes(numbers) if integral else ()
    if codes:
        rest = numbers[numbers.notna() & ~numbers.isin(codes)]
        shown = " and ".join(f"{code:g}" for code in codes)
        share = float(numbers.isin(codes).mean())
        warnings.append(
            f"{shown} ({share:.0%} of values) stands apart from the other values "
            f"({rest.min():g} to {rest.max():g}): read as a code for 'none' or "
            "'unknown' and treated as missing."
        )
        found["placeholders"] = codes
    if warnings:
        found["warnings"] = tuple(warnings)
    return found


#: Codes that exports write for "never" or "unknown" in a column of counts or days.
PLACEHOLDER_CANDIDATES = (-1.0, -9.0, -99.0, -999.0, -9999.0, 99.0, 999.0, 9999.0)
PLACEHOLDER_CANDIDATES += (99999.0, 999999.0)


def placeholder_codes(numbers: pd.Series) -> tuple[float, ...]:
    """Find codes standing for "never" or "unknown" among whole numbers.

    A negative code (-1, -99, ...) counts when every other value is 0 or more; a
    run of nines (99, 999, ...) when it is more than five times the largest other
    value. Either way the other values must be varied (5 distinct or more) and the
    code must be at least 0.5% of the values.

    Examples
    --------
    >>> days = pd.Series([-1.0] * 80 + [float(d) for d in range(1, 21)])
    >>> placeholder_codes(days), placeholder_codes(pd.Series([999.0] * 5 + [1.0] * 5))
    ((-1.0,), ())
    >>> placeholder_codes(pd.Series([999.0] * 9 + [float(d) for d in range(28)]))
    (999.0,)
    >>> placeholder_codes(pd.Series([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0] * 10))
    (-1.0,)
    >>> placeholder_codes(pd.Series([-5.0, -1.0, 0.0, 3.0, 9.0, 12.0] * 10))
    ()
    """
    present = numbers.dropna()
    if present.empty:
        return ()
    counts = present.value_counts()
    found = []
    for code in PLACEHOLDER_CANDIDATES:
        if code not in counts.index or counts[code] < 0.005 * len(present):
            continue
        rest = present[present != code]
        if rest.nunique() < 5:
            continue
        if code < 0 and rest.min() >= 0:
            found.append(code)
        elif code > 0 and code > 5 * rest.max():
            found.append(code)
    return tuple(found)


def _named_id(tokens: list[str]) -> bool:
    if any(t in ID_WORDS for t in tokens):
        return True
    return any(
        a in ID_ENTITIES and b in ID_SUFFIXES
        for a, b in zip(tokens, tokens[1:], strict=False)
    )


def _valued_id(
    sample: pd.Series, unique: int, present: int, numbers: pd.Series, integral: bool
) -> bool:
    if present < 20 or unique < present:
        return False
    if _share(sample, _UUID) > 0.95:
        return True
    letters = sample.str.contains(r"[A-Za-z]", regex=True).mean()
    if (
        _share(sample, _CODE) > 0.95
        and letters > 0.95
        and sample.str.len().nunique() <= 3
    ):
        return True
    if _zero_padded(sample):
        return True
    if integral and numbers.notna().all() and numbers.min() in (0, 1):
        span = numbers.max() - numbers.min() + 1
        return bool(span <= 1.1 * present)  # a row number
    return False


def _zero_padded(sample: pd.Series) -> bool:
    padded = _per_value(sample, lambda text: text.str.match(r"^0\d+$").fillna(False))
    return bool(padded.mean() > 0.1)


def _family(tokens: list[str], sample: pd.Series) -> str | None:
    """From the name, last word first (the head noun); else from category values.

    Words that only say how the value is kept (``category``, ``count``, ``flag``)
    come last, so ``Income_Category`` is demographic.
    """
    telling = [t for t in tokens if t not in GENERIC_NAME_WORDS and not t.isdigit()]
    generic = [t for t in tokens if t not in telling]
    for token in [*reversed(telling), *reversed(generic)]:
        for family, words in FAMILY_WORDS.items():
            if token in words:
                return family
    lowered = sample.str.lower()
    for family, values in FAMILY_VALUES.items():
        if lowered.isin(values).mean() >= 0.6:
            return family
    return None
