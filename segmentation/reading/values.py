"""Turn cell text into values: numbers, booleans and dates, vectorised.

Used by schema inference (to decide a column's type from its values) and by
:meth:`segmentation.schema.infer.Schema.typed` (to parse the whole column once decided).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from functools import cache
from types import MappingProxyType

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from segmentation.schema.vocabulary import names_a_date

__all__ = (
    "MISSING_TOKENS",
    "NUMERIC_MISSING_TOKENS",
    "UNIX_MILLISECONDS",
    "UNIX_SECONDS",
    "date_formats",
    "detect_date_format",
    "missing_mask",
    "missing_masks",
    "DistinctCells",
    "each_distinct",
    "missing_token_counts",
    "parse_booleans",
    "parse_dates",
    "parse_numbers",
)

#: Cell texts that mean "no value" in real exports (compared case-insensitively).
MISSING_TOKENS = frozenset(
    {
        "",
        "na",
        "n/a",
        "n.a.",
        "nan",
        "null",
        "nil",
        "-",
        "--",
        "?",
        "#n/a",
        "#null!",
        "#value!",
        "#div/0!",
        "(blank)",
        "missing",
    }
)
#: Cell texts that mean "no value" only in a column of numbers or dates; in a column
#: of labels they are a value (a plan called "None").
NUMERIC_MISSING_TOKENS = frozenset({"none"})
TRUE_TOKENS = frozenset({"yes", "y", "true", "t", "1", "ja", "oui", "si", "sí"})
FALSE_TOKENS = frozenset({"no", "n", "false", "f", "0", "nein", "non"})

_CURRENCY = (
    r"^(?:[$€£¥₹₩₽₺]|[A-Z]{3}\s|R\$|CHF\s?|kr\.?\s?)"
    r"|(?:\s?[$€£¥₹₩₽₺]|\s[A-Z]{3}|\s?kr\.?|\s?zł)$"
)
_GROUPED_POINT = r"^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$"
_GROUPED_COMMA = r"^[-+]?\d{1,3}(\.\d{3})+(,\d*)?$"
_SPACES = r"[\s\u00a0\u202f']"
_PARENS = r"^\((.*)\)$"


def _tokens(numeric: bool) -> frozenset[str]:
    return MISSING_TOKENS | NUMERIC_MISSING_TOKENS if numeric else MISSING_TOKENS


def missing_mask(values: pd.Series, *, numeric: bool = False) -> pd.Series:
    """Say which cells are missing: empty, or a token such as ``NA`` or ``null``.

    Parameters
    ----------
    values : pandas.Series
        Cell texts.
    numeric : bool
        The column holds numbers or dates, so :data:`NUMERIC_MISSING_TOKENS`
        (``None``) are missing too.

    Returns
    -------
    pandas.Series
        True where the cell is missing.

    Examples
    --------
    >>> missing_mask(pd.Series(["1", None, " n/a ", "NULL", "0", "None"])).tolist()
    [False, True, True, True, False, False]
    >>> missing_mask(pd.Series(["1", "None"]), numeric=True).tolist()
    [False, True]
    """
    return DistinctCells(values, counting=False).missing(numeric=numeric)


#: Cells looked at to tell a column of mostly distinct texts (ids, e-mails).
_DISTINCT_PROBE = 10_000
#: Columns shorter than this are never read as mostly distinct.
_LONG_COLUMN = 10 * _DISTINCT_PROBE


def _arrow_chunks(values: pd.Series) -> pa.Array | pa.ChunkedArray:
    """Give the cells as Arrow text, in the chunks the reader left them in."""
    text = values if pd.api.types.is_string_dtype(values) else values.astype("str")
    return pa.array(text, type=pa.string(), from_pandas=True)


def _mostly_distinct(values: pd.Series) -> bool:
    """Say whether a long column's first cells are mostly distinct texts.

    Hashing a column of a million distinct texts into a dictionary costs five
    times looking at each cell once; for those the cells are looked at directly.
    Only the first cells are turned into Arrow text to tell.
    """
    if len(values) < _LONG_COLUMN:
        return False
    return _mostly_distinct_head(_arrow_chunks(values.iloc[:_DISTINCT_PROBE]))


def _mostly_distinct_head(head: pa.Array | pa.ChunkedArray) -> bool:
    return int(pc.count_distinct(head).as_py()) > _DISTINCT_PROBE // 2


def _mostly_long(head: pa.Array) -> bool:
    """Say whether nearly all of a column's first cells are too long to be tokens.

    Then looking for missing-value tokens cell by cell touches few cells, and
    counting the distinct texts needs only the set of them (Arrow's ``unique``,
    about 60% of a dictionary encoding's time on a million distinct texts).
    """
    longer = pc.fill_null(pc.greater(pc.binary_length(head), _TOKEN_LENGTH), True)
    return (pc.sum(longer).as_py() or 0) >= 0.9 * len(head)


def _in_order(texts: pa.Array) -> bool:
    """Say whether texts (no nulls) strictly increase, so none repeats.

    Ids in a customer export usually come in order; telling so compares each
    text with the next, instead of hashing them all. The first cells are
    looked at first, so a column out of order costs little.
    """
    for head in (texts[: _DISTINCT_PROBE + 1], texts):
        if len(head) > 1 and not pc.all(pc.less(head[:-1], head[1:])).as_py():
            return False
    return True


def missing_masks(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Give :func:`missing_mask` for a column of labels and for one of numbers.

    One pass over the text instead of two; see :class:`DistinctCells`.

    Examples
    --------
    >>> labels, numbers = missing_masks(pd.Series(["1", "None", "NA"]))
    >>> labels.tolist(), numbers.tolist()
    ([False, False, True], [False, True, True])
    """
    cells = DistinctCells(values)
    return cells.missing(numeric=False), cells.missing(numeric=True)


#: The longest missing-value token, in bytes (longer texts are never tokens).
_TOKEN_LENGTH = max(
    len(t.encode("utf-8")) for t in MISSING_TOKENS | NUMERIC_MISSING_TOKENS
)


def _total_length(text: pa.Array) -> int:
    return int(pc.sum(pc.binary_length(text)).as_py() or 0)


class DistinctCells:
    """A column's cells through their distinct texts: what is missing, what is new.

    The column is hashed once (Arrow's dictionary encoding); stripping,
    lower-casing and looking up missing-value tokens then run on the distinct
    texts only, a few hundred in a column of a million labels or small numbers.
    A long column whose first cells are mostly distinct (ids, e-mails) is looked
    at cell by cell instead when that is cheaper: its distinct texts are not to
    be counted, or come in order (counted by comparing neighbours), or are too
    long to be tokens (counted as a set, without a code for every cell).

    Parameters
    ----------
    values : pandas.Series
        Cell texts (other values are written as text first).
    counting : bool, default True
        Whether :meth:`distinct_present` will be asked.

    Examples
    --------
    >>> cells = DistinctCells(pd.Series([" a", "a", "N/A", None, "b", "None"]))
    >>> cells.missing(numeric=False).tolist()
    [False, False, True, True, False, False]
    >>> cells.distinct_present(numeric=True)
    2
    """

    def __init__(self, values: pd.Series, *, counting: bool = True) -> None:
        array = _arrow_chunks(values)
        self._index = values.index
        self._null = array.is_null().to_numpy(zero_copy_only=False)
        head = array[:_DISTINCT_PROBE]
        self._by_cell = (
            len(array) >= _LONG_COLUMN
            and _mostly_distinct_head(head)
            and (not counting or _mostly_long(head) or _in_order(pc.drop_null(head)))
        )
        if self._by_cell:
            # Mostly distinct (ids, e-mails): each cell is looked at once.
            if isinstance(array, pa.ChunkedArray):
                array = array.combine_chunks()
            self._codes = np.arange(len(array))
            self._stripped = pc.utf8_trim_whitespace(array)
            self._same = False
        else:
            self._codes, dictionary = _dictionary_codes(array)
            self._stripped = pc.utf8_trim_whitespace(dictionary)
            self._same = _total_length(self._stripped) == _total_length(dictionary)
        # Only short texts can be tokens: lower-case and look up those alone.
        short = np.flatnonzero(
            pc.fill_null(
                pc.less_equal(pc.binary_length(self._stripped), _TOKEN_LENGTH), False
            ).to_numpy(zero_copy_only=False)
        )
        lowered = pc.utf8_lower(self._stripped.take(pa.array(short)))
        self._token = {}
        for numeric in (False, True):
            found = pc.is_in(lowered, value_set=pa.array(sorted(_tokens(numeric))))
            token = np.zeros(len(self._stripped), dtype=bool)
            token[short] = pc.fill_null(found, False).to_numpy(zero_copy_only=False)
            self._token[numeric] = token

    def missing(self, *, numeric: bool) -> pd.Series:
        """Say which cells are missing, as :func:`missing_mask` does."""
        token = self._token[numeric]
        if not token.any():
            return pd.Series(self._null.copy(), index=self._index)
        if self._by_cell:
            return pd.Series(self._null | token, index=self._index)
        return pd.Series(self._null | token[self._codes], index=self._index)

    def stripped_at(self, positions: np.ndarray) -> pd.Series:
        """Give the stripped texts of the cells at ``positions``, in that order.

        Examples
        --------
        >>> DistinctCells(pd.Series([" a", None, "b "])).stripped_at([2, 0]).tolist()
        ['b', 'a']
        """
        nulls = self._null[positions]
        codes = pa.array(self._codes[positions], mask=nulls if nulls.any() else None)
        return pd.Series(self._stripped.take(codes), dtype="str")

    def distinct_present(self, *, numeric: bool) -> int:
        """Count the distinct stripped texts of the cells that are not missing."""
        token = self._token[numeric]
        if self._by_cell:
            kept = pc.filter(self._stripped, pa.array(~(self._null | token)))
            return len(kept) if _in_order(kept) else len(pc.unique(kept))
        if self._same:  # nothing was stripped: the texts are distinct already
            return int(len(token) - token.sum())
        kept = pc.filter(self._stripped, pa.array(~token))
        return int(pc.count_distinct(kept).as_py())


def _dictionary_codes(
    array: pa.Array | pa.ChunkedArray,
) -> tuple[np.ndarray, pa.Array]:
    """Hash the texts: each cell's position in the dictionary (0 for nulls), and it.

    Arrow gives every chunk of a chunked column the same dictionary, so the
    chunks are encoded as they are rather than combined first.
    """
    encoded = pc.dictionary_encode(array)
    chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
    if not chunks:
        return np.zeros(0, dtype=np.int32), pa.array([], pa.string())
    codes = [
        (pc.fill_null(c.indices, 0) if c.null_count else c.indices).to_numpy(
            zero_copy_only=False
        )
        for c in chunks
    ]
    return np.concatenate(codes), chunks[-1].dictionary


def missing_token_counts(values: pd.Series, *, numeric: bool = False) -> pd.Series:
    """Count the missing-value tokens of a column, as written in the file.

    Empty cells are not tokens and are not counted.

    Parameters
    ----------
    values : pandas.Series
        Cell texts.
    numeric : bool
        As in :func:`missing_mask`.

    Returns
    -------
    pandas.Series
        Cells per token text (stripped, spelling kept), most frequent first, ties
        in text order.

    Examples
    --------
    >>> counts = missing_token_counts(pd.Series(["None", "-", "3", "None", "", "N/A"]),
    ...                               numeric=True)
    >>> counts.to_dict()
    {'None': 2, '-': 1, 'N/A': 1}
    """
    text = values.dropna().astype("str").str.strip()
    text = text[text.ne("") & text.str.lower().isin(_tokens(numeric))]
    counts = text.value_counts()
    order = sorted(counts.index, key=lambda token: (-counts[token], token))
    return counts.reindex(order).astype("int64").rename("cells")


def parse_numbers(values: pd.Series, decimal: str = ".") -> pd.Series:
    """Parse numbers written as people write them.

    Currency symbols and codes, percent signs, thousands separators (``1,234.50``,
    or ``1.234,50`` with ``decimal=","``), spaces and accounting negatives
    ``(1,234)`` are understood. Anything else, and infinities, become NaN. Plain
    numbers take a fast path; only the rest are cleaned text by text.

    Parameters
    ----------
    values : pandas.Series
        Cell texts.
    decimal : {".", ","}
        The decimal mark of the file.

    Returns
    -------
    pandas.Series
        float64 values, NaN where the text is not a number.

    Examples
    --------
    >>> parse_numbers(pd.Series(["$1,234.50", "45%", "(12)", "abc", "1e3"])).tolist()
    [1234.5, 45.0, -12.0, nan, 1000.0]
    >>> parse_numbers(pd.Series(["1.234,5", "3,25 €"]), decimal=",").tolist()
    [1234.5, 3.25]
    """
    text = values.astype("str")
    if decimal == ".":
        numbers = _plain_numbers(text)
        if numbers is None:
            numbers = pd.to_numeric(text, errors="coerce").astype("float64")
        todo = numbers.isna() & text.notna()
        if todo.any():
            numbers[todo] = _clean_numbers(text[todo], decimal)
    else:
        numbers = _clean_numbers(text, decimal)
    return numbers.where(np.isfinite(numbers))


def _plain_numbers(text: pd.Series) -> pd.Series | None:
    """Cast a column of plain numbers with Arrow (20 times ``to_numeric``).

    None when some cell is not a plain number (Arrow refuses the whole cast);
    the caller then parses cell by cell.
    """
    try:
        array = pa.array(text, type=pa.string(), from_pandas=True)
        numbers = pc.cast(array, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    values = numbers.to_numpy(zero_copy_only=False)
    return pd.Series(values, index=text.index, name=text.name, dtype="float64")


def _clean_numbers(text: pd.Series, decimal: str) -> pd.Series:
    if not text.str.contains(r"\d", regex=True).fillna(False).any():
        # No finite number is written without a digit.
        return pd.Series(np.nan, index=text.index, name=text.name, dtype="float64")
    text = text.str.strip()
    negative = text.str.match(_PARENS).fillna(False).astype(bool)
    text = text.str.replace(_PARENS, r"\1", regex=True)
    text = text.str.replace(_CURRENCY, "", regex=True).str.replace("%$", "", regex=True)
    text = text.str.replace(_SPACES, "", regex=True)
    if decimal == ",":
        grouped = text.str.match(_GROUPED_COMMA).fillna(False).astype(bool)
        text = text.where(~grouped, text.str.replace(".", "", regex=False))
        text = text.str.replace(",", ".", regex=False)
    else:
        grouped = text.str.match(_GROUPED_POINT).fillna(False).astype(bool)
        text = text.where(~grouped, text.str.replace(",", "", regex=False))
    text = text.where(~text.str.contains("[^0-9eE.+\\-]", regex=True).fillna(True))
    numbers = pd.to_numeric(text, errors="coerce").astype("float64")
    return numbers.where(~negative, -numbers.abs())


def parse_booleans(values: pd.Series) -> pd.Series:
    """Parse yes/no, true/false, y/n, t/f and 1/0 (any case) into a boolean Series.

    Examples
    --------
    >>> parse_booleans(pd.Series(["Yes", "no", None, "maybe"])).tolist()
    [True, False, <NA>, <NA>]
    """
    return each_distinct(values, _booleans)


def _booleans(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.strip().str.lower()
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[text.isin(TRUE_TOKENS)] = True
    out[text.isin(FALSE_TOKENS)] = False
    return out


def each_distinct(
    values: pd.Series, parse: Callable[[pd.Series], pd.Series]
) -> pd.Series:
    """Run an element-wise parser once per distinct value of a long column.

    A column of a million dates or yes/no flags holds a few thousand distinct
    texts; parsing those and spreading the answers by position gives the same
    values for a fraction of the work. Short columns, and columns whose first
    cells are mostly distinct (timestamps to the second), are parsed whole.

    Parameters
    ----------
    values : pandas.Series
        The column.
    parse : callable
        Takes a Series and gives one value per cell, on the same index; must
        answer each cell from that cell alone.

    Returns
    -------
    pandas.Series
        ``parse(values)``, on ``values``' index.

    Examples
    --------
    >>> flags = pd.Series(["yes", "no"] * 60_000)
    >>> each_distinct(flags, lambda v: v.eq("yes")).sum()
    np.int64(60000)
    """
    if len(values) < _DISTINCT_PARSE_ROWS or _mostly_distinct(values):
        return parse(values)
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    answers = parse(pd.Series(distinct, name=values.name))
    spread = answers.iloc[codes]
    spread.index = values.index
    return spread


#: Columns shorter than this are parsed cell by cell (see :func:`each_distinct`).
_DISTINCT_PARSE_ROWS = 20_000


@cache
def date_formats() -> tuple[str, ...]:
    """Date formats tried on a column, ISO first, then day-first and month-first.

    Examples
    --------
    >>> "%Y-%m-%d %H:%M:%S" in date_formats(), "%d/%m/%Y" in date_formats()
    (True, True)
    """
    times = ("", " %H:%M:%S", " %H:%M", "T%H:%M:%S", " %I:%M %p", " %I:%M:%S %p")
    formats: list[str] = []
    for day in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"):
        formats += [day + t for t in times]
    for sep in ("/", "-", "."):
        for year in ("%Y", "%y"):
            for order in (("%d", "%m"), ("%m", "%d")):
                day = sep.join((*order, year))
                formats += [day + t for t in times]
    formats += [
        "%d %b %Y",
        "%d %B %Y",
        "%b %d, %Y",
        "%B %d, %Y",
        "%d-%b-%Y",
        "%d-%b-%y",
        "%b %d %Y",
        "%a, %d %b %Y %H:%M:%S",
    ]
    return tuple(formats)


_DATE_LIKE = re.compile(
    r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}[ -][A-Za-z]{3,9}[ -]\d{2,4}"
    r"|[A-Za-z]{3,9} \d{1,2},? \d{4}"
)


#: Unix epoch time in seconds and in milliseconds, as date "formats".
UNIX_SECONDS = "unix_s"
UNIX_MILLISECONDS = "unix_ms"
#: Compact forms (``19970101``, ``19970101093000``, ``1997-01``) and their shape.
_COMPACT = (
    ("%Y%m%d", r"^\d{8}$"),
    ("%Y%m%d%H%M%S", r"^\d{14}$"),
    ("%Y-%m", r"^\d{4}-\d{2}$"),
)
_COMPACT_YEARS = (1900, 2100)
_ANY_COMPACT = "|".join(f"(?:{shape})" for _, shape in _COMPACT)
#: Epoch forms: their shape and how many units make a second.
_EPOCH = MappingProxyType(
    {
        UNIX_SECONDS: (r"^\d{9,10}(?:\.\d+)?$", 1),
        UNIX_MILLISECONDS: (r"^\d{12,13}$", 1000),
    }
)
_EPOCH_SECONDS = (315_532_800, 4_102_444_800)  # 1980-01-01 to 2100-01-01


def detect_date_format(
    values: pd.Series, min_share: float = 0.95, *, name: str | None = None
) -> str | None:
    """Find the date format that parses the most of ``values``.

    Compact forms come first: ``YYYYMMDD``, ``YYYYMMDDhhmmss`` and ``YYYY-MM``.
    They look like numbers (or codes), so they are dates only when every value is
    a real calendar date from 1900 to 2100, or when the column ``name`` says it
    holds dates and ``min_share`` of them are. Unix epoch seconds and milliseconds
    (1980 to 2100) are dates only under such a name.

    Day-first and month-first are told apart by the values themselves: a day
    above 12 settles it. When every value fits both, month-first is not assumed:
    the ISO or day-first reading that parses as many wins only if it parses more,
    so ties go to the earlier format in :func:`date_formats` (day-first before
    month-first for the same separators), and the caller is told by
    ``ambiguous_day_month``.

    Parameters
    ----------
    values : pandas.Series
        Non-missing cell texts (a sample is enough), or numbers.
    min_share : float
        The share of values a format must parse.
    name : str, optional
        The column name; see :func:`segmentation.schema.vocabulary.names_a_date`.

    Returns
    -------
    str or None
        A ``strftime`` format, ``"ISO8601"`` for ISO text with fractions or
        zones, :data:`UNIX_SECONDS` or :data:`UNIX_MILLISECONDS`, or None when
        the values are not dates.

    Examples
    --------
    >>> detect_date_format(pd.Series(["13/01/2024", "02/03/2024"]))
    '%d/%m/%Y'
    >>> detect_date_format(pd.Series(["01/13/2024", "02/03/2024"]))
    '%m/%d/%Y'
    >>> detect_date_format(pd.Series(["12", "13"])) is None
    True
    >>> detect_date_format(pd.Series(["19970101", "19970230"])) is None
    True
    >>> detect_date_format(pd.Series(["19970101", "19970228"]))
    '%Y%m%d'
    >>> detect_date_format(pd.Series(["1700000000"]), name="created_at")
    'unix_s'
    >>> detect_date_format(pd.Series(["1700000000"]), name="amount") is None
    True
    """
    text = _date_text(values)
    # Every date form below has digits: a column of words is settled at once.
    if text.empty or not text.str.contains(r"\d", regex=True).any():
        return None
    named = names_a_date(name)
    found = _compact_format(text, min_share if named else 1.0)
    if found is None and named:
        found = _epoch_format(text, min_share)
    return found or _written_format(text, min_share)


def _written_format(text: pd.Series, min_share: float) -> str | None:
    """Find the best of :func:`date_formats`, or ISO 8601, for dates written out."""
    if text.str.contains(_DATE_LIKE).mean() < min_share:
        return None
    best, best_share = None, 0.0
    for fmt in date_formats():
        share = _parsed_share(text, fmt)
        if share > best_share:
            best, best_share = fmt, share
        if share == 1.0:
            break
    if best_share < min_share:
        share = _parsed_share(text, "ISO8601")
        if share >= min_share:
            return "ISO8601"
        return None
    return best


def _date_text(values: pd.Series) -> pd.Series:
    """Cell texts, stripped; whole floats lose their ``.0`` (19970101.0)."""
    if pd.api.types.is_float_dtype(values.dtype):
        present = values.dropna()
        if present.mod(1).eq(0).all() and present.abs().lt(1e15).all():
            values = values.astype("Int64")
    return values.astype("str").str.strip()


def _compact_format(text: pd.Series, need: float) -> str | None:
    if not text.str.match(_ANY_COMPACT).fillna(False).any():
        return None
    for fmt, shape in _COMPACT:
        parsed = _parse_compact(text, fmt, shape)
        share = float(parsed.dt.year.between(*_COMPACT_YEARS).mean())
        if share > 0 and share >= need:
            return fmt
    return None


def _epoch_format(text: pd.Series, need: float) -> str | None:
    for fmt, (shape, per_second) in _EPOCH.items():
        seconds = _epoch_numbers(text, shape) / per_second
        share = float(seconds.between(*_EPOCH_SECONDS).mean())
        if share > 0 and share >= need:
            return fmt
    return None


def _epoch_numbers(text: pd.Series, shape: str) -> pd.Series:
    fits = text.str.match(shape).fillna(False).astype(bool)
    return pd.to_numeric(text.where(fits), errors="coerce").astype("float64")


def _parse_compact(text: pd.Series, fmt: str, shape: str) -> pd.Series:
    fits = text.str.match(shape).fillna(False).astype(bool)
    if not fits.any():
        return pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pd.to_datetime(text.where(fits), format=fmt, errors="coerce")


def ambiguous_day_month(values: pd.Series, fmt: str) -> bool:
    """Say whether every value would also parse with day and month swapped.

    Examples
    --------
    >>> ambiguous_day_month(pd.Series(["01/02/2024", "03/04/2024"]), "%d/%m/%Y")
    True
    """
    if "%d" not in fmt or "%m" not in fmt or fmt.startswith("%Y"):
        return False
    swapped = fmt.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
    return _parsed_share(values.astype("str").str.strip(), swapped) == 1.0


def _parsed_share(text: pd.Series, fmt: str) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
    return float(parsed.notna().mean())


def parse_dates(values: pd.Series, fmt: str) -> pd.Series:
    """Parse a column of dates with a known format; unparseable text becomes NaT.

    Parameters
    ----------
    values : pandas.Series
        Cell texts, or numbers.
    fmt : str
        A format from :func:`detect_date_format`.

    Returns
    -------
    pandas.Series
        datetime64 values without a time zone (zoned times are turned to UTC).

    Examples
    --------
    >>> parse_dates(pd.Series(["09/12/2011", "junk"]), "%d/%m/%Y").dt.month.tolist()
    [12.0, nan]
    >>> parse_dates(pd.Series(["19970102", "1997012"]), "%Y%m%d").dt.day.tolist()
    [2.0, nan]
    >>> parse_dates(pd.Series([1700000000000]), UNIX_MILLISECONDS).tolist()
    [Timestamp('2023-11-14 22:13:20')]
    """
    return each_distinct(values, lambda cells: _dates(cells, fmt))


def _dates(values: pd.Series, fmt: str) -> pd.Series:
    text = _date_text(values)
    compact = dict(_COMPACT)
    if fmt in _EPOCH:
        shape, per_second = _EPOCH[fmt]
        unit = "s" if per_second == 1 else "ms"
        return pd.to_datetime(_epoch_numbers(text, shape), unit=unit, errors="coerce")
    if fmt in compact:
        return _parse_compact(text, fmt, compact[fmt])
    if fmt in _ISO_SHAPES:
        found = _iso_dates(text, fmt)
        if found is not None:
            return found
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    return parsed


#: ISO forms Arrow reads strictly (a real calendar date, every field two digits):
#: the length of such a text and the character between its date and its time.
_ISO_SHAPES = MappingProxyType(
    {
        "%Y-%m-%d": (10, None),
        "%Y-%m-%d %H:%M": (16, " "),
        "%Y-%m-%d %H:%M:%S": (19, " "),
        "%Y-%m-%dT%H:%M:%S": (19, "T"),
    }
)


def _iso_dates(text: pd.Series, fmt: str) -> pd.Series | None:
    """Parse ISO dates with Arrow, as pandas would; None when Arrow cannot say.

    Arrow's cast reads the texts of exactly the ISO shape three times faster
    than pandas and without holding the interpreter (a million time stamps: 58
    ms against 173 ms); the few texts of another shape (unpadded, junk) go to
    pandas. A text of the right shape Arrow refuses (30 February) leaves the
    whole column to pandas, which makes it NaT.
    """
    length, between = _ISO_SHAPES[fmt]
    array = pa.array(text, type=pa.string(), from_pandas=True)
    shaped = pc.equal(pc.binary_length(array), length)
    if between is not None:
        middle = pc.utf8_slice_codeunits(array, 10, 11)
        shaped = pc.and_(shaped, pc.equal(middle, between))
    shaped = pc.fill_null(shaped, False)
    if not pc.any(shaped).as_py():
        return None
    try:
        stamps = pc.cast(
            pc.if_else(shaped, array, pa.scalar(None, pa.string())),
            pa.timestamp("us"),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    parsed = pd.Series(
        stamps.to_numpy(zero_copy_only=False), index=text.index, name=text.name
    )
    rest = ~shaped.to_numpy(zero_copy_only=False) & text.notna().to_numpy()
    if rest.any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed[rest] = pd.to_datetime(text[rest], format=fmt, errors="coerce")
    return parsed
