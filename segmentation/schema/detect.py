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
_DIGIT = re.compile(r"\d")
_PHONE_PUNCTUATION = re.compile(r"[+\s()\-]")
_LETTER = re.compile(r"[A-Za-z]")
_ZERO_PADDED = re.compile(r"^0\d+$")


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
        name, _Present(cells, as_numbers), decimal
    ):
        unique = cells.distinct_present(numeric=True)
        found = _detect(name, cells, decimal, as_numbers, unique)
        if found["role"] in NUMERIC_ROLES:
            return found
    unique = cells.distinct_present(numeric=False)
    return _detect(name, cells, decimal, as_labels, unique)


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
    name: str,
    cells: parse.DistinctCells,
    decimal: str,
    missing: pd.Series,
    unique: int,
) -> dict:
    """Detect from the cells that are not ``missing`` (``unique`` distinct)."""
    present = _Present(cells, missing)
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
    if not len(present):
        out.update(role="categorical", dtype="string", reason="every value is missing")
        out["warnings"] = ("Every value is missing.",)
        return out
    sample = _Texts(present.sample())
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
    and the shares are read through the column's distinct texts, stripped once
    each, at the kept positions in file order.
    """

    def __init__(self, cells: parse.DistinctCells, missing: pd.Series) -> None:
        self._cells = cells
        self._kept = np.flatnonzero(~missing.to_numpy())

    def __len__(self) -> int:
        return len(self._kept)

    def sample(self, size: int = SAMPLE_SIZE) -> pd.Series:
        """Return the stripped cells at evenly spaced kept positions (as _sample)."""
        kept = self._kept
        if len(kept) > size:
            kept = kept[np.linspace(0, len(kept) - 1, size).astype(int)]
        return self._cells.stripped_at(kept)

    def value_counts(self, normalize: bool = False) -> pd.Series:
        """Count the stripped cells, over every kept position."""
        return self._cells.stripped_at(self._kept).value_counts(normalize=normalize)


class _Texts:
    """A sample of stripped cells read through its distinct texts.

    A sample of 5,000 cells holds a few dozen distinct texts in most columns;
    each check runs once per distinct text, in Python (regular expressions on a
    few strings), and counts as often as its text occurs.
    """

    def __init__(self, cells: pd.Series) -> None:
        codes, distinct = pd.factorize(cells, use_na_sentinel=False)
        self.cells = cells
        #: The distinct texts, in order of first appearance, in the cells' type.
        self.distinct = pd.Series(distinct, dtype=cells.dtype)
        self.strings = [str(text) for text in distinct.tolist()]
        self._codes = codes
        self._counts = np.bincount(codes, minlength=len(distinct))

    def share(self, test: Callable[[str], object]) -> float:
        """Share of the cells whose text passes ``test``."""
        passed = np.fromiter(
            (bool(test(text)) for text in self.strings), bool, len(self.strings)
        )
        return float(self._counts[passed].sum() / len(self._codes))

    def mean(self, measure: Callable[[str], float]) -> float:
        """Mean over the cells of ``measure`` of their text."""
        found = np.fromiter(
            (measure(text) for text in self.strings), float, len(self.strings)
        )
        return float((found * self._counts).sum() / len(self._codes))

    def spread(self, answers: pd.Series) -> pd.Series:
        """Give each cell the answer found for its distinct text."""
        return pd.Series(answers.to_numpy()[self._codes], index=self.cells.index)


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


def _pii(tokens: list[str], sample: _Texts) -> dict | None:
    """Personal data, by name with values that agree, or by values alone."""
    hinted = {
        kind
        for kind, needed, vetoes in PII_NAME_RULES
        if needed <= set(tokens) and not vetoes & set(tokens)
    }
    named_phone = "phone" in hinted
    checks = (
        ("email", sample.share(_EMAIL.match), 0.5, 0.8),
        ("ip", max(sample.share(_IPV4.match), sample.share(_IPV6.match)), 0.5, 0.9),
        ("address", sample.share(_STREET.match), 0.3, 0.6),
        ("phone", sample.share(lambda text: _phone_like(text, named_phone)), 0.6, 0.9),
    )
    for kind, share, with_name, alone in checks:
        if share >= (with_name if kind in hinted else alone):
            how = "its name and values" if kind in hinted else "its values"
            return _found("pii", "string", f"personal data ({kind}), from {how}", kind)
    if (
        "name" in hinted
        and sample.share(_PERSON.match) >= 0.6
        and len(sample.strings) > 5
    ):
        return _found(
            "pii", "string", "personal data (person names), from its name", "name"
        )
    if "national id" in hinted:
        return _found(
            "pii", "string", "personal data (national id), from its name", "national id"
        )
    return None


def _phone_like(text: str, named: bool) -> bool:
    """Shaped like a phone number, with punctuation, and not like a date."""
    if not _PHONE.match(text) or _DATE_SHAPE.match(text):
        return False
    digits = len(_DIGIT.findall(text))
    least = 7 if named else 9
    return least <= digits <= 15 and _PHONE_PUNCTUATION.search(text) is not None


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


def _role(name: str, sample: _Texts, unique: int, present: int, decimal: str) -> dict:
    tokens = name_tokens(name)
    lowered = {text.lower() for text in sample.strings}
    if len(lowered) <= 2 and lowered <= (parse.TRUE_TOKENS | parse.FALSE_TOKENS):
        if not lowered <= {"0", "1"} or len(lowered) == 2:
            return _found("boolean", "bool", "two values that read as yes and no")
    numbers = sample.spread(parse.parse_numbers(sample.distinct, decimal))
    numeric_share = float(numbers.notna().mean())
    integral = bool(numbers.dropna().mod(1).eq(0).all())
    if _named_id(tokens) and (numeric_share < NUMERIC_SHARE or integral):
        return _found("id", "string", "its name says it identifies a record")
    named_family = _family(tokens) is not None
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
    words = sample.mean(lambda text: len(text.split()))
    length = sample.mean(len)
    if length > 40 or (words >= 3 and (unique > 200 or unique > 0.3 * present)):
        return _found(
            "text", "string", "free text: long or many-worded, mostly distinct"
        )
    return _found("categorical", "string", f"{unique:,} distinct labels")


def _number_codes(tokens: list[str], numbers: pd.Series) -> bool:
    """Say whether small whole numbers under a name like ``Channel`` are codes."""
    named = set(tokens) & CODE_NAME_WORDS and not set(tokens) & COUNT_WORDS
    return bool(named) and numbers.nunique() <= 10 and numbers.min() >= 0


def _dated(name: str, sample: _Texts) -> dict | None:
    """Give the datetime role when the values are dates (see detect_date_format)."""
    distinct = _sample(sample.distinct, 500)
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


def _numeric(sample: _Texts, numbers: pd.Series, integral: bool) -> dict:
    found = _found(
        "numeric", "int64" if integral else "float64", "its values are numbers"
    )
    warnings = []
    junk = sample.cells[numbers.isna()]
    if len(junk):
        examples = ", ".join(repr(v) for v in junk.unique()[:3])
        warnings.append(
            f"{len(junk) / len(sample.cells):.1%} of values are not numbers "
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
    sample: _Texts, unique: int, present: int, numbers: pd.Series, integral: bool
) -> bool:
    if present < 20 or unique < present:
        return False
    if sample.share(_UUID.match) > 0.95:
        return True
    if (
        sample.share(_CODE.match) > 0.95
        and sample.share(_LETTER.search) > 0.95
        and len({len(text) for text in sample.strings}) <= 3
    ):
        return True
    if _zero_padded(sample):
        return True
    if integral and numbers.notna().all() and numbers.min() in (0, 1):
        span = numbers.max() - numbers.min() + 1
        return bool(span <= 1.1 * present)  # a row number
    return False


def _zero_padded(sample: _Texts) -> bool:
    return sample.share(_ZERO_PADDED.match) > 0.1


def _family(tokens: list[str], sample: _Texts | None = None) -> str | None:
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
    if sample is None:
        return None
    for family, values in FAMILY_VALUES.items():
        if sample.share(lambda text, known=values: text.lower() in known) >= 0.6:
            return family
    return None
