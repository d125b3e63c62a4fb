"""Read a customer table or transaction log from CSV/TSV/TXT, Excel or Parquet.

Every cell comes back as the text it had in the file, so an export can write it
back unchanged: a zero-padded id stays ``"00001"``, a date keeps its own format,
``"58138"`` never becomes ``"58138.0"``. Types are decided later, from the values,
by :func:`segmentation.infer_schema`.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple

import pandas as pd
import pyarrow as pa

from segmentation.errors import InputError
from segmentation.reading import sniff
from segmentation.reading.formats import read_excel_rows, read_parquet_text

__all__ = (
    "DEFAULT_MAX_BYTES",
    "TableInfo",
    "TableRead",
    "read_table",
    "read_table_with_info",
)

#: Files larger than this (500 MB, the app's upload limit) are refused.
DEFAULT_MAX_BYTES = 500 * 1024 * 1024

Source = str | os.PathLike | bytes | bytearray | IO[bytes]


@dataclass(frozen=True, slots=True)
class TableInfo:
    """What was learnt while reading a table.

    Attributes
    ----------
    name : str
        The file name.
    format : str
        ``"csv"``, ``"excel"`` or ``"parquet"``.
    encoding : str or None
        Text encoding (text files only).
    delimiter : str or None
        Field delimiter (text files only); ``"\\s+"`` for whitespace-aligned.
    decimal : str
        ``"."`` or ``","``: how numbers in the file write their decimals.
    sheet : str or None
        The Excel sheet that was read.
    skipped_lines : int
        Lines (or sheet rows) before the header that were not part of the table.
    line_ending : str
        ``"\\r\\n"``, ``"\\r"`` or ``"\\n"``: how the file's first line ends (text
        files; ``"\\n"`` otherwise).
    warnings : tuple of str
        Plain sentences about anything that was changed or skipped.
    """

    name: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str = "."
    sheet: str | None = None
    skipped_lines: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)
    line_ending: str = "\n"


class TableRead(NamedTuple):
    """A table as read and what was learnt while reading it.

    Attributes
    ----------
    frame : pandas.DataFrame
        One string column per file column (see :func:`read_table`).
    info : TableInfo
        The format, dialect and decimal mark found, and any warnings.
    """

    frame: pd.DataFrame
    info: TableInfo


def read_table(
    source: Source,
    filename: str | None = None,
    *,
    sheet: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> pd.DataFrame:
    """Read a table, keeping the text of every cell.

    The same as ``read_table_with_info(...).frame``; use
    :func:`read_table_with_info` where the decimal mark or the reader's warnings
    matter (numbers written ``1.234,50`` are read by passing ``info.decimal`` to
    :func:`segmentation.infer_schema` and the steps after it).

    Parameters
    ----------
    source : path, bytes or binary file-like
        The file. A file-like object (such as an uploaded file) is read whole.
    filename : str, optional
        The file's name when ``source`` is bytes or file-like; used in messages.
    sheet : str, optional
        The Excel sheet to read; by default the sheet holding the most cells.
    max_bytes : int, default 500 MB
        Larger files (also after gzip decompression) are refused.

    Returns
    -------
    pandas.DataFrame
        One string column per file column, each cell the text as in the file and
        empty cells missing; rows in file order on a RangeIndex.

    Raises
    ------
    InputError
        With one sentence naming the file and the problem.

    Examples
    --------
    >>> df = read_table(b"id;spend\\n00001;1.234,50\\n00002;99\\n", "crm.csv")
    >>> df["id"].tolist(), df["spend"].tolist()
    (['00001', '00002'], ['1.234,50', '99'])
    """
    return read_table_with_info(
        source, filename, sheet=sheet, max_bytes=max_bytes
    ).frame


def read_table_with_info(
    source: Source,
    filename: str | None = None,
    *,
    sheet: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> TableRead:
    """Read a table, keeping the text of every cell, and say how it was read.

    Parameters
    ----------
    source, filename, sheet, max_bytes
        As for :func:`read_table`.

    Returns
    -------
    TableRead
        The frame :func:`read_table` gives and the :class:`TableInfo`.

    Raises
    ------
    InputError
        With one sentence naming the file and the problem.

    Examples
    --------
    >>> frame, info = read_table_with_info(b"id;spend\\n1;1.234,50\\n", "crm.csv")
    >>> info.delimiter, info.decimal
    (';', ',')
    """
    read, refused = None, False
    if isinstance(source, (str, os.PathLike)):
        path, name = _checked_path(source, filename, max_bytes)
        read, refused = _read_file_utf8(path, name)
    if read is None:
        read, name = _read_in_memory(source, filename, sheet, max_bytes, refused)
    frame, info = read
    if frame.empty and len(frame.columns):
        raise InputError(f"{name} has column names but no data rows.")
    if not len(frame.columns):
        raise InputError(f"{name} is empty.")
    return TableRead(frame, info)


def _read_in_memory(
    source: Source,
    filename: str | None,
    sheet: str | None,
    max_bytes: int,
    refused: bool,
) -> tuple[tuple[pd.DataFrame, TableInfo], str]:
    """Read the file's bytes into memory and the table from them; and its name."""
    data, name = _read_source(source, filename, max_bytes)
    if not data or data.isspace():
        raise InputError(f"{name} is empty.")
    if data.startswith(b"\x1f\x8b"):
        data = _gunzip(data, name, max_bytes)
        if not data or data.isspace():
            raise InputError(f"{name} is empty once decompressed.")
    kind = sniff.detect_format(data, name)
    if kind == "excel":
        return _read_excel(data, name, sheet), name
    if kind == "parquet":
        return (read_parquet_text(data, name), TableInfo(name, "parquet")), name
    return _read_text(data, name, refused), name


def _read_source(
    source: Source, filename: str | None, max_bytes: int
) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        name = filename or "the file"
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        path, name = _checked_path(source, filename, max_bytes)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path} could not be read ({exc.strerror}).") from None
    elif hasattr(source, "read"):
        name = filename or Path(str(getattr(source, "name", "") or "the file")).name
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(max_bytes + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
    else:
        raise InputError(f"Cannot read a table from a {type(source).__name__}.")
    if len(data) > max_bytes:
        raise InputError(f"{name} is larger than the {_mb(max_bytes)} limit.")
    return data, name


def _checked_path(
    source: str | os.PathLike, filename: str | None, max_bytes: int
) -> tuple[Path, str]:
    """Return the path and the file's name; refuse a missing, folder or big file."""
    path = Path(source)
    name = filename or path.name
    if not path.exists():
        raise InputError(f"{path} does not exist.")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file.")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"{name} is {_mb(size)}, larger than the {_mb(max_bytes)} limit."
        )
    return path, name


def _read_file_utf8(
    path: Path, name: str
) -> tuple[tuple[pd.DataFrame, TableInfo] | None, bool]:
    """Parse a plain UTF-8 text file from its path, sniffed from its head.

    Arrow reads the file itself rather than a copy of it in memory (a memory
    map would do as well, but turns a file cut short while it is read into a
    crash). Anything else (gzip, workbooks, other encodings, layouts that need
    the whole text) is left to the reader of bytes. Returns what
    :func:`_read_utf8_bytes` returns; (None, False) when the file could not be
    opened.
    """
    try:
        # A pipe can be opened only once: it is left, unopened, to the reader
        # of bytes, which reads it whole.
        if not stat.S_ISREG(path.stat().st_mode):
            return None, False
        with path.open("rb") as handle:
            head = handle.read(sniff.UTF8_HEAD_BYTES)
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        return None, False
    if not head or not sniff.plain_text_start(head[:_MAGIC_BYTES], name):
        return None, False
    return _read_utf8_bytes(head, name, whole=path, size=size)


#: Enough bytes to tell the file formats apart by their first bytes.
_MAGIC_BYTES = 64


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def _gunzip(data: bytes, name: str, max_bytes: int) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error:
        raise InputError(f"{name} is a damaged gzip file.") from None
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise InputError(
            f"{name} is larger than the {_mb(max_bytes)} limit once decompressed."
        )
    if not inflater.eof:
        raise InputError(f"{name} is a truncated gzip file.")
    return out


# ---------------------------------------------------------------------------
# Text tables
# ---------------------------------------------------------------------------

_TOKENIZE_ERROR = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _read_text(
    data: bytes, name: str, bytes_refused: bool = False
) -> tuple[pd.DataFrame, TableInfo]:
    """Read a text table; ``bytes_refused``: Arrow already refused its bytes."""
    if not bytes_refused:
        read, bytes_refused = _read_utf8_bytes(data, name)
        if read is not None:
            return read
    return _read_decoded(data, name, bytes_refused=bytes_refused)


def _read_utf8_bytes(
    data: bytes, name: str, *, whole: Path | None = None, size: int | None = None
) -> tuple[tuple[pd.DataFrame, TableInfo] | None, bool]:
    """Parse a UTF-8 file as its bytes, its layout sniffed from its head.

    ``data`` is the whole file, or its head when ``whole`` gives its path (and
    ``size`` its length). Returns the table (None when the file is not UTF-8
    from its start or needs its whole text: a JSON-like start, lines above the
    header, whitespace alignment, or a file Arrow refuses) and whether Arrow
    refused the bytes.
    """
    found = sniff.utf8_head(data, name, size)
    if found is None:
        return None, False
    head, encoding = found
    if head.isspace() or "\n" not in head or head.lstrip().startswith(("{", "[")):
        return None, False
    sniff.refuse_non_tables(head, name)
    dialect = sniff.sniff_dialect(head)
    if dialect.skip_lines or dialect.delimiter == sniff.WHITESPACE:
        return None, False
    # Arrow skips a byte-order mark at the start of a file it reads by path.
    raw = whole if whole is not None else _utf8_body(data, encoding)
    grid = _read_csv_fast(raw, dialect.delimiter)
    if grid is None:
        return None, True
    ending = first_line_ending(head)
    return _text_table(grid, name, ending, encoding, dialect, []), False


def _utf8_body(data: bytes, encoding: str) -> pa.Buffer:
    """Give a UTF-8 file's bytes after any byte-order mark, without copying them."""
    body = pa.py_buffer(data)
    return body.slice(len(codecs.BOM_UTF8)) if encoding == "utf-8-sig" else body


def _read_decoded(
    data: bytes, name: str, *, bytes_refused: bool
) -> tuple[pd.DataFrame, TableInfo]:
    """Decode the whole file and parse its text.

    ``bytes_refused``: Arrow already refused the file's bytes, so a file that
    is still UTF-8 goes straight to the C engine (whose errors say where).
    """
    text, encoding = sniff.decode_text(data, name)
    if not text or text.isspace():  # strip() would copy the whole text
        raise InputError(f"{name} is empty.")
    sniff.refuse_non_tables(text, name)
    line_ending = first_line_ending(text)
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # classic Mac line endings
    dialect = sniff.sniff_dialect(text)
    warnings: list[str] = []
    if dialect.skip_lines:
        text = "".join(text.splitlines(keepends=True)[dialect.skip_lines :])
        warnings.append(
            f"Skipped {dialect.skip_lines} line(s) above the header that are not "
            "part of the table."
        )
    # UTF-8 bytes Arrow can parse as they are, without encoding the text again.
    raw = None
    if encoding in ("utf-8", "utf-8-sig") and not dialect.skip_lines and "\n" in text:
        raw = _utf8_body(data, encoding)
    arrow = not (bytes_refused and raw is not None)
    grid = _parse_grid(text, dialect.delimiter, name, warnings, raw, arrow=arrow)
    return _text_table(grid, name, line_ending, encoding, dialect, warnings)


def _text_table(
    grid: pd.DataFrame,
    name: str,
    line_ending: str,
    encoding: str,
    dialect: sniff.Dialect,
    warnings: list[str],
) -> tuple[pd.DataFrame, TableInfo]:
    """Name the columns of a parsed text table and say how it was read."""
    frame = _frame_from_grid(grid, warnings)
    decimal = sniff.detect_decimal(_sample_cells(frame), dialect.delimiter)
    info = TableInfo(
        name=name,
        format="csv",
        encoding=encoding,
        delimiter=dialect.delimiter,
        decimal=decimal,
        skipped_lines=dialect.skip_lines,
        warnings=tuple(warnings),
        line_ending=line_ending,
    )
    return frame, info


def first_line_ending(text: str) -> str:
    """Say how the first line of the text ends (``"\\n"`` for a single line)."""
    end = re.search(r"\r\n|\r|\n", text)
    return end.group(0) if end else "\n"


def _parse_grid(
    text: str,
    delimiter: str,
    name: str,
    warnings: list[str],
    raw: pa.Buffer | None = None,
    *,
    arrow: bool = True,
) -> pd.DataFrame:
    if arrow and delimiter != sniff.WHITESPACE:
        grid = _read_csv_fast(raw if raw is not None else text, delimiter)
        if grid is not None:
            return grid
    try:
        return _read_csv(text, delimiter, name)
    except _TooWide as wide:
        expected, line, saw = wide.args
    # Rows wider than the header: accept only when every extra field is empty
    # (a trailing delimiter), otherwise the file is ragged and we say where.
    grid = _read_csv(text, delimiter, name, width=_max_fields(text, delimiter, name))
    if grid.iloc[:, expected:].notna().any().any():
        raise InputError(
            f"{name}: line {line} has {saw} fields but the header has {expected}; "
            "check the delimiter, or quote values that contain it."
        )
    warnings.append(
        "Ignored empty trailing fields after the last column on some lines."
    )
    return grid.iloc[:, :expected]


def _read_csv_fast(
    text: str | bytes | pa.Buffer | Path, delimiter: str
) -> pd.DataFrame | None:
    """Parse with Arrow's multi-threaded reader; None when it declines the file.

    ``text`` is the decoded text, or its UTF-8 bytes (or the path of a UTF-8
    file). Anything Arrow cannot parse goes to the C engine, whose errors say
    where.
    """
    if isinstance(text, str):
        text = text.encode("utf-8")
    try:
        return pd.read_csv(
            text if isinstance(text, Path) else pa.BufferReader(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            engine="pyarrow",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, OSError):
        return None


class _TooWide(Exception):
    """A row has more fields than the first row: (expected, line, saw)."""


def _read_csv(
    text: str, delimiter: str, name: str, width: int | None = None
) -> pd.DataFrame:
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            names=None if width is None else range(width),
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=True,
            engine="c",
        )
    except pd.errors.EmptyDataError:
        raise InputError(f"{name} is empty.") from None
    except pd.errors.ParserError as exc:
        message = str(exc)
    quote = re.search(r"EOF inside string starting at row (\d+)", message)
    if quote:
        raise InputError(
            f"{name} has a quote mark that is never closed, in record "
            f"{int(quote.group(1)) + 1}; check the quoting of that line."
        )
    match = _TOKENIZE_ERROR.search(message)
    if match and width is None:
        raise _TooWide(*(int(g) for g in match.groups()))
    reason = message.split(". ")[-1].strip().rstrip(".")
    raise InputError(f"{name} could not be read as a table ({reason}).")


def _max_fields(text: str, delimiter: str, name: str) -> int:
    if delimiter == sniff.WHITESPACE:
        return max(len(line.split()) for line in text.splitlines())
    try:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return max((len(r) for r in rows), default=1)
    except csv.Error:
        raise InputError(
            f"{name} could not be read as a table (its quotes or line breaks are "
            "malformed)."
        ) from None


def _frame_from_grid(grid: pd.DataFrame, warnings: list[str]) -> pd.DataFrame:
    header = (
        [None if pd.isna(v) else str(v) for v in grid.iloc[0].tolist()]
        if len(grid)
        else []
    )
    frame = grid.iloc[1:].reset_index(drop=True)
    frame.columns = unique_headers(header, warnings)
    return frame


def unique_headers(header: list[str | None], warnings: list[str]) -> list[str]:
    """Make column names unique and non-blank, saying what was renamed.

    Parameters
    ----------
    header : list of str or None
        The names as found in the file.
    warnings : list of str
        Sentences about renamed columns are appended here.

    Returns
    -------
    list of str

    Examples
    --------
    >>> w = []
    >>> unique_headers(["id", "", "id", " spend "], w)
    ['id', 'column_2', 'id_2', 'spend']
    >>> len(w)
    2
    """
    names: list[str] = []
    blanks: list[int] = []
    duplicates: list[str] = []
    taken: set[str] = set()
    for position, raw in enumerate(header, start=1):
        name = (raw or "").strip()
        if not name:
            name = f"column_{position}"
            blanks.append(position)
        if name in taken:
            duplicates.append(name)
            suffix = 2
            while f"{name}_{suffix}" in taken:
                suffix += 1
            name = f"{name}_{suffix}"
        taken.add(name)
        names.append(name)
    if blanks:
        listed = ", ".join(str(p) for p in blanks)
        warnings.append(
            f"Column(s) {listed} had no name and were named column_N by position."
        )
    if duplicates:
        listed = ", ".join(sorted(set(duplicates)))
        warnings.append(
            f"Repeated column name(s) {listed} were made unique with _2, _3, ..."
        )
    return names


def _sample_cells(frame: pd.DataFrame, rows: int = 200) -> list[str]:
    head = frame.head(rows)
    return [v for col in head.columns for v in head[col].dropna().tolist()]


# ---------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------


def _read_excel(
    data: bytes, name: str, sheet: str | None
) -> tuple[pd.DataFrame, TableInfo]:
    sheet_name, rows, skipped = read_excel_rows(data, name, sheet)
    warnings: list[str] = []
    if skipped:
        warnings.append(
            f"Skipped {skipped} row(s) above the header on sheet {sheet_name}."
        )
    header, body = rows[0], rows[1:]
    columns = unique_headers(header, warnings)
    frame = pd.DataFrame(body, columns=columns, dtype="str")
    decimal = "."
    return frame, TableInfo(
        name=name,
        format="excel",
        decimal=decimal,
        sheet=sheet_name,
        skipped_lines=skipped,
        warnings=tuple(warnings),
    )
