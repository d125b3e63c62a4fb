"""Export: the labelled customer list, CSV writing safe for spreadsheets, A/B holdout.

- :func:`labelled_table`: every input row, in input order, its original text, then
  ``segment``, ``segment_name`` (and ``ab_group`` and any extra columns);
- :func:`to_csv_bytes` / :func:`write_csv`: that table as UTF-8 CSV, every cell as its
  text, with formula neutralisation on by default (:func:`neutralise_formulas`);
- :func:`frame_csv_bytes`: the same writer for small computed tables (summaries);
- :func:`ab_split` (from :mod:`segmentation.export.holdout`): a seeded control group of
  a given share inside every segment, for the ``ab_group`` column.

Writing goes through Arrow's CSV writer: 1M rows x 25 text columns take about 1 s
(neutralisation included), against 7-9 s for ``DataFrame.to_csv``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from segmentation.errors import InputError
from segmentation.export.holdout import MAX_CONTROL_SHARE, ab_split, check_control_share
from segmentation.labels import default_names
from segmentation.reading.table import TableInfo

__all__ = (
    "arrow_csv_table",
    "csv_needs_quotes",
    "csv_options_like",
    "csv_write_options",
    "text_needs_quotes",
    "ADDED",
    "MAX_CONTROL_SHARE",
    "ab_split",
    "check_control_share",
    "frame_csv_bytes",
    "labelled_table",
    "neutralise_formulas",
    "to_csv_bytes",
    "write_csv",
)

#: Columns :func:`labelled_table` appends to the input's (``ab_group`` when asked).
ADDED = ("segment", "segment_name", "ab_group")
#: First characters that make a spreadsheet read a cell as a formula (OWASP).
_FORMULA_START = r"^[=+\-@\t\r]"
#: A cell that is a number in full (sign, digits with . or , separators, exponent),
#: or a lone "-" (the usual placeholder of a missing value).
_PLAIN_NUMBER = (
    r"^(?:[+-]?(?:[0-9]+(?:[.,][0-9]+)*[.,]?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?|-)$"
)
_FORMULA_BYTES = np.isin(np.arange(256), list(b"=+-@\t\r"))
_FORMULA_BYTES.setflags(write=False)
_UTF8_BOM = b"\xef\xbb\xbf"
#: Characters that make a CSV writer quote.
_QUOTED = '[,"\r\n]'


# Formula neutralisation -------------------------------------------------------------


def neutralise_formulas(values: pd.Series) -> pd.Series:
    """Prefix text cells a spreadsheet would run as a formula with a single quote.

    Follows OWASP's advice on CSV injection: a text cell starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading ``'``, so Excel, LibreOffice
    and Google Sheets show it as text instead of evaluating it.

    One deliberate exception: a cell that is a plain number in full (optional sign,
    digits with ``.`` or ``,`` separators, optional exponent: ``-12.50``, ``+3``,
    ``-1e5``, ``-1,234.50``) is left alone. Spreadsheets read it as a number, it
    cannot reference a cell or call a function, and negative amounts (refunds) are
    common; prefixing them would turn every refund into text. A lone ``-`` (a missing
    value's usual spelling) is left alone too: it is no formula. Anything else after
    the sign (``+1 555 0100``, ``-cmd``, ``--``, ``=SUM(A1)``, ``@x``) is prefixed.

    Parameters
    ----------
    values : Series
        Any column; only its text cells are looked at.

    Returns
    -------
    Series
        A new series, same index, name, dtype and length; missing values stay
        missing and non-text cells (numbers, dates) are unchanged. A categorical
        column is returned as it is: write it through :func:`to_csv_bytes`, which
        neutralises its text.

    Examples
    --------
    >>> s = pd.Series(["=SUM(A1)", "-12.50", "+1 555 0100", "@x", None, "Paris"])
    >>> out = neutralise_formulas(s)
    >>> out.dropna().tolist(), bool(out.isna()[4])
    (["'=SUM(A1)", '-12.50', "'+1 555 0100", "'@x", 'Paris'], True)
    """
    if pd.api.types.is_object_dtype(values):
        cells = [_neutralised_cell(v) for v in values.to_numpy()]
        return pd.Series(cells, index=values.index, name=values.name, dtype=object)
    if not pd.api.types.is_string_dtype(values):
        return values.copy()  # numbers, dates, categories: no text cells
    text = pa.array(values, type=pa.string(), from_pandas=True)
    out = _neutralised(text).to_numpy(zero_copy_only=False)
    return pd.Series(out, index=values.index, name=values.name, dtype=values.dtype)


def _neutralised_cell(value: object) -> object:
    if (
        isinstance(value, str)
        and re.match(_FORMULA_START, value)
        and not re.fullmatch(_PLAIN_NUMBER, value)
    ):
        return "'" + value
    return value


def _neutralised(text: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Arrow version of :func:`neutralise_formulas` (nulls stay null).

    Only the first byte of each cell is looked at for the whole column; the few
    cells that start like a formula are then checked against the number pattern.
    """
    if isinstance(text, pa.ChunkedArray):
        chunks = [_neutralised(chunk) for chunk in text.chunks]
        return pa.chunked_array(chunks, type=text.type)
    rows = _formula_like_rows(text)
    if len(rows):
        cells = text.take(pa.array(rows))
        number = pc.match_substring_regex(cells, _PLAIN_NUMBER)
        rows = rows[~number.to_numpy(zero_copy_only=False)]
    if not len(rows):
        return text
    mask = np.zeros(len(text), dtype=bool)
    mask[rows] = True
    quote, empty = pa.scalar("'", text.type), pa.scalar("", text.type)
    prefixed = pc.binary_join_element_wise(quote, text, empty)
    return pc.if_else(pa.array(mask), prefixed, text)


def _formula_like_rows(text: pa.Array) -> np.ndarray:
    """Positions of the non-missing cells whose first byte is = + - @ tab or CR.

    ``text`` is a string or large_string array; its buffers are read directly.
    """
    _, offsets_buffer, data_buffer = text.buffers()
    if data_buffer is None or data_buffer.size == 0:
        return np.empty(0, dtype=np.int64)
    width = np.int32 if text.type == pa.string() else np.int64
    offsets = np.frombuffer(offsets_buffer, dtype=width)
    offsets = offsets[text.offset : text.offset + len(text) + 1]
    starts = offsets[:-1]
    filled = offsets[1:] > starts
    first = np.zeros(len(text), dtype=np.uint8)
    first[filled] = np.frombuffer(data_buffer, dtype=np.uint8)[starts[filled]]
    risky = _FORMULA_BYTES[first]
    if text.null_count:
        risky &= text.is_valid().to_numpy(zero_copy_only=False)
    return np.flatnonzero(risky)


# The labelled table -----------------------------------------------------------------


def labelled_table(
    frame: pd.DataFrame,
    labels: np.ndarray | pd.Series,
    names: Mapping[int, str] | None = None,
    *,
    ab_groups: pd.Series | np.ndarray | None = None,
    extra: Mapping[str, pd.Series | np.ndarray] | None = None,
) -> pd.DataFrame:
    """Append segment, segment name, A/B group and extras to the table as read.

    Parameters
    ----------
    frame : DataFrame
        The table exactly as read (:func:`segmentation.read_table` keeps every cell
        as text).
    labels : array of int
        One segment per row, in row order (-1 = unassigned).
    names : mapping of int to str, optional
        Segment names; a label not in it gets ``Segment N`` (``Unassigned`` for -1).
    ab_groups : Series or array, optional
        ``treatment``/``control`` per row (see :func:`ab_split`), in row order.
    extra : mapping of str to Series or array, optional
        More columns (rule-based segments, say), each one value per row in row order
        (taken by position, not by index).

    Returns
    -------
    DataFrame
        Every input row in input order with its original columns untouched, then
        ``segment`` (int), ``segment_name``, ``ab_group`` when given, then ``extra``.
        When the table already has a column of one of the added names, the added
        one replaces it (it moves to the end); :func:`replaced_columns` names them
        so the caller can say so. Done here so that every face behaves alike.

    Raises
    ------
    InputError
        When a column of values does not have one value per row.

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["007", "008"], "segment": ["x", "y"]})
    >>> out = labelled_table(df, np.array([1, -1]), {1: "Loyal"})
    >>> out.to_dict("list")
    {'id': ['007', '008'], 'segment': [1, -1], 'segment_name': ['Loyal', 'Unassigned']}
    >>> replaced_columns(df.columns, out)
    ['segment']
    """
    rows = len(frame)
    labels = _per_row(labels, rows, "segment").astype(np.int64)
    added: dict[str, np.ndarray] = {
        "segment": labels,
        "segment_name": _names_of(labels, names or {}),
    }
    if ab_groups is not None:
        added["ab_group"] = _per_row(ab_groups, rows, "ab_group").astype(object)
    for column, values in (extra or {}).items():
        if column in added:
            raise InputError(f"The extra column {column!r} clashes with an added one.")
        added[str(column)] = _per_row(values, rows, str(column))
    replaced = [c for c in frame.columns if c in added]
    table = frame.drop(columns=replaced) if replaced else frame.copy(deep=False)
    for column, values in added.items():
        text = column in ("segment_name", "ab_group")
        table[column] = pd.array(values, dtype="str") if text else values
    return table


def replaced_columns(columns: Iterable[object], labelled: pd.DataFrame) -> list[str]:
    """Name the columns of a table that its labelled table replaced.

    Parameters
    ----------
    columns : iterable
        The table's columns as read (``frame.columns``).
    labelled : DataFrame
        :func:`labelled_table` of it: the kept columns, then the added ones, of
        which ``segment`` comes first.

    Returns
    -------
    list of str
        The table's own columns that have an added column's name (its own
        ``segment``, say), in the table's order; empty when none had.
    """
    added = set(labelled.columns[list(labelled.columns).index("segment") :])
    return [str(c) for c in columns if c in added]


def _per_row(values: object, rows: int, column: str) -> np.ndarray:
    array = values.to_numpy() if isinstance(values, pd.Series) else np.asarray(values)
    if array.ndim != 1 or len(array) != rows:
        raise InputError(
            f"The {column} column has {len(array):,} values for {rows:,} rows."
        )
    return array


def _names_of(labels: np.ndarray, names: Mapping[int, str]) -> np.ndarray:
    present = np.unique(labels)
    defaults = default_names(present)
    lookup = np.array(
        [str(names.get(int(v), d)) for v, d in zip(present, defaults, strict=True)],
        dtype=object,
    )
    return lookup[np.searchsorted(present, labels)]


# CSV writing ------------------------------------------------------------------------


def to_csv_bytes(
    table: pd.DataFrame,
    *,
    neutralise: bool = True,
    bom: bool = False,
    eol: str = "\n",
    encoding: str = "utf-8",
) -> bytes:
    """Write the table as CSV bytes: a header, then ``eol``-ended lines (UTF-8).

    Every column is written as its text: a text column exactly as it is ("58138"
    stays "58138", "00001" stays "00001", a date in its own format); a missing value
    is an empty field. Integer columns are written as integers and other computed
    columns as ``str(value)``. Values are quoted only when the file needs it (a comma,
    quote or line break in some cell or header); then every text value is.

    Parameters
    ----------
    table : DataFrame
        Column names must be unique.
    neutralise : bool, default True
        Apply :func:`neutralise_formulas` to every text cell and to the header names:
        the one documented change to the text (DESIGN.md section 6).
    bom : bool, default False
        Start with a UTF-8 byte-order mark. Off by default, because e-mail tools, ad
        platforms and most programs expect none (it can stick to the first header
        name). Excel needs one only when a file is opened by double-click, to show
        accents such as "Montréal" correctly; its Data > From Text/CSV import reads
        UTF-8 without it.
    eol : str, default "\\n"
        The line ending (``"\\r\\n"`` to return a Windows file as it came; see
        :func:`csv_options_like`).
    encoding : str, default "utf-8"
        Another text encoding (``cp1252``, ``utf-16``) is used when every
        character of the table fits it; otherwise the bytes stay UTF-8.

    Returns
    -------
    bytes

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["00017", None], "note": ["=HYPERLINK(x)", "-3.5"]})
    >>> print(to_csv_bytes(df).decode())
    id,note
    00017,'=HYPERLINK(x)
    ,-3.5
    <BLANKLINE>
    >>> to_csv_bytes(df, eol="\\r\\n", encoding="cp1252")
    b"id,note\\r\\n00017,'=HYPERLINK(x)\\r\\n,-3.5\\r\\n"
    """
    sink = pa.BufferOutputStream()
    if bom and encoding == "utf-8":
        sink.write(_UTF8_BOM)
    _write(arrow_csv_table(table, neutralise), sink, eol)
    return _encoded(sink.getvalue().to_pybytes(), encoding)


def write_csv(
    table: pd.DataFrame,
    path: str | Path,
    *,
    neutralise: bool = True,
    bom: bool = False,
    eol: str = "\n",
    encoding: str = "utf-8",
) -> None:
    """Write :func:`to_csv_bytes` output to a file (UTF-8 with no copy in memory).

    Raises
    ------
    InputError
        When the file cannot be written.
    """
    arrow_table = arrow_csv_table(table, neutralise)
    try:
        if encoding != "utf-8":
            Path(path).write_bytes(
                to_csv_bytes(table, neutralise=neutralise, eol=eol, encoding=encoding)
            )
            return
        with pa.OSFile(str(path), "wb") as sink:
            if bom:
                sink.write(_UTF8_BOM)
            _write(arrow_table, sink, eol)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"{path}: cannot write ({exc}).") from None


def csv_options_like(info: TableInfo | None) -> dict[str, object]:
    """Give the line ending, encoding and byte-order mark of a table's own file.

    Keyword arguments of :func:`to_csv_bytes` and :func:`write_csv`, so the
    labelled file comes back as the input went in (plus the new columns): CRLF
    lines stay CRLF, a Windows-1252 or UTF-16 file keeps its encoding where every
    character fits it, a UTF-8 file with a byte-order mark keeps the mark. Excel
    and Parquet inputs give plain UTF-8 with ``\\n``.

    Examples
    --------
    >>> from segmentation.reading import TableInfo
    >>> csv_options_like(TableInfo("a.csv", "csv", "utf-8-sig", line_ending="\\r\\n"))
    {'eol': '\\r\\n', 'encoding': 'utf-8', 'bom': True}
    """
    if info is None or info.format != "csv":
        return {"eol": "\n", "encoding": "utf-8", "bom": False}
    encoding = info.encoding or "utf-8"
    bom = encoding == "utf-8-sig"
    return {
        "eol": info.line_ending,
        "encoding": "utf-8" if bom else encoding,
        "bom": bom,
    }


def _encoded(data: bytes, encoding: str) -> bytes:
    """Re-encode UTF-8 bytes when every character fits ``encoding``."""
    if encoding in ("utf-8", "utf8"):
        return data
    try:
        return data.decode("utf-8").encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return data


def frame_csv_bytes(
    df: pd.DataFrame, *, neutralise: bool = True, digits: int = 6
) -> bytes:
    """CSV bytes of a small computed table (a summary, messages), for every face.

    Floats are rounded to ``digits`` decimals (1180.48, not 1180.4800000000002) and
    dates written ``YYYY-MM-DD HH:MM:SS``; then it is :func:`to_csv_bytes`, with the
    same neutralisation. The index is not written.

    Examples
    --------
    >>> df = pd.DataFrame({"segment": [0, 1], "share": [2 / 3, 1 / 3],
    ...                    "subject": ["-50% today", "+ new"]})
    >>> print(frame_csv_bytes(df, digits=3).decode())
    segment,share,subject
    0,0.667,'-50% today
    1,0.333,'+ new
    <BLANKLINE>
    """
    out = df.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_float_dtype(values):
            out[column] = values.round(digits)
        elif pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.strftime("%Y-%m-%d %H:%M:%S")
    return to_csv_bytes(out, neutralise=neutralise)


def arrow_csv_table(table: pd.DataFrame, neutralise: bool) -> pa.Table:
    """Turn a table into the Arrow table our CSV writer writes (text as text)."""
    names = [str(c) for c in table.columns]
    if len(set(names)) != len(names):
        raise InputError("The table repeats a column name; rename it first.")
    arrays = [_arrow_column(table.iloc[:, i]) for i in range(table.shape[1])]
    if neutralise:
        arrays = [_neutralised(a) if pa.types.is_string(a.type) else a for a in arrays]
        header = _neutralised(pa.array(names, type=pa.string()))
        names = header.to_pylist()
    return pa.Table.from_arrays(arrays, names=names)


def _arrow_column(values: pd.Series) -> pa.Array:
    if pd.api.types.is_integer_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return pa.array(values, from_pandas=True)
    if not (
        pd.api.types.is_string_dtype(values)
        and not pd.api.types.is_object_dtype(values)
    ):
        values = values.map(str, na_action="ignore").astype("str")
    return pa.array(values, type=pa.string(), from_pandas=True)


def _write(table: pa.Table, sink: pa.NativeFile, eol: str = "\n") -> None:
    options = csv_write_options(csv_needs_quotes(table), eol)
    pacsv.write_csv(table, sink, write_options=options)


def csv_write_options(quoted: bool, eol: str = "\n") -> pacsv.WriteOptions:
    """Arrow's options for our CSV: every text value quoted, or none.

    Parameters
    ----------
    quoted : bool
        Whether some cell or name holds a comma, quote or line break
        (:func:`csv_needs_quotes`); then every text value is quoted.
    eol : str, default "\\n"
        The line ending.
    """
    quoting = "needed" if quoted else "none"
    return pacsv.WriteOptions(quoting_style=quoting, quoting_header=quoting, eol=eol)


def csv_needs_quotes(table: pa.Table) -> bool:
    """Whether a column name or text cell holds a comma, quote or line break.

    Text columns of either Arrow string type are read (pandas gives
    ``large_string``).
    """
    if any(text_needs_quotes(name) for name in table.column_names):
        return True
    return any(
        (pa.types.is_string(column.type) or pa.types.is_large_string(column.type))
        and pc.any(pc.match_substring_regex(column, _QUOTED)).as_py()
        for column in table.columns
    )


def text_needs_quotes(text: str) -> bool:
    """Whether a name or value holds a comma, quote or line break.

    Examples
    --------
    >>> text_needs_quotes("Loyal, frequent"), text_needs_quotes("Lapsed")
    (True, False)
    """
    return re.search(_QUOTED, text) is not None
