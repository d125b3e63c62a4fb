"""Read Excel workbooks and Parquet files as text, cell by cell.

Numbers are written the way a person reads them (``58138``, not ``58138.0``), dates
as ISO text (``2011-12-09`` or ``2011-12-09 08:26:00``), so the rest of the product
sees the same kind of table whatever the file format.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections import Counter

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from segmentation.errors import InputError

__all__ = (
    "arrow_text",
    "at_midnight",
    "cell_text",
    "read_excel_rows",
    "read_parquet_text",
)

_MAX_HEADER_SEARCH = 30


def cell_text(value: object) -> str | None:
    """Write one spreadsheet cell as text.

    Examples
    --------
    >>> cell_text(58138.0), cell_text(0.1 + 0.2), cell_text(True), cell_text(None)
    ('58138', '0.3', 'TRUE', None)
    >>> cell_text(dt.datetime(2011, 12, 9)), cell_text(dt.datetime(2011, 12, 9, 8, 26))
    ('2011-12-09', '2011-12-09 08:26:00')
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    text = str(value)
    return text if text.strip() else None


def read_excel_rows(
    data: bytes, name: str, sheet: str | None
) -> tuple[str, list[list[str | None]], int]:
    """Read the table of one sheet as rows of text.

    Parameters
    ----------
    data : bytes
        The .xlsx file.
    name : str
        File name, used in messages.
    sheet : str, optional
        The sheet to read; by default the one holding the most filled cells.

    Returns
    -------
    tuple
        The sheet name, the rows (header first; empty rows and columns dropped), and
        how many rows above the header were skipped.
    """
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        TypeError,
        EOFError,
    ) as exc:
        raise InputError(
            f"{name} is a damaged Excel file ({type(exc).__name__}); "
            "open it in Excel and save it again."
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            listed = ", ".join(book.sheetnames)
            raise InputError(
                f"{name} has no sheet named {sheet!r}; its sheets are {listed}."
            )
        candidates = [sheet] if sheet is not None else book.sheetnames
        best: tuple[int, str, list[list[str | None]]] | None = None
        for title in candidates:
            rows = _sheet_rows(book[title], name)
            filled = sum(v is not None for row in rows for v in row)
            if best is None or filled > best[0]:
                best = (filled, title, rows)
    finally:
        book.close()
    if best is None or best[0] == 0:
        raise InputError(f"{name} has no filled cells.")
    _, title, rows = best
    skipped = _header_row(rows)
    return title, _trim_columns(rows[skipped:]), skipped


def _sheet_rows(worksheet: object, name: str) -> list[list[str | None]]:
    try:
        rows = [
            [cell_text(v) for v in row]
            for row in worksheet.iter_rows(values_only=True)  # type: ignore[attr-defined]
        ]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise InputError(
            f"{name} is a damaged Excel file ({type(exc).__name__}); "
            "open it in Excel and save it again."
        ) from None
    return [row for row in rows if any(v is not None for v in row)]


def _header_row(rows: list[list[str | None]]) -> int:
    """Index of the first row as wide as most rows (titles above are skipped)."""
    widths = [sum(v is not None for v in row) for row in rows]
    mode = Counter(widths).most_common(1)[0][0]
    for index, width in enumerate(widths[:_MAX_HEADER_SEARCH]):
        if width >= mode:
            return index
    return 0


def _trim_columns(rows: list[list[str | None]]) -> list[list[str | None]]:
    width = max(
        (
            max((i for i, v in enumerate(row) if v is not None), default=-1) + 1
            for row in rows
        ),
        default=0,
    )
    return [(row + [None] * width)[:width] for row in rows]


def read_parquet_text(data: bytes, name: str) -> pd.DataFrame:
    """Read a Parquet file with every column turned into text.

    Parameters
    ----------
    data : bytes
        The .parquet file.
    name : str
        File name, used in messages.

    Returns
    -------
    pandas.DataFrame
        String columns; nulls missing.
    """
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError, ValueError):
        raise InputError(
            f"{name} is a damaged or incomplete Parquet file; export it again."
        ) from None
    columns = {}
    for column_name, column in zip(table.column_names, table.columns, strict=True):
        columns[str(column_name)] = arrow_text(column).to_pandas(
            types_mapper=pd.ArrowDtype
        )
    frame = pd.DataFrame(columns)
    return frame.astype("str") if len(frame.columns) else frame


def arrow_text(
    column: pa.ChunkedArray, midnight: bool | None = None
) -> pa.ChunkedArray:
    """Turn a Parquet column into text, as :func:`read_parquet_text` writes it.

    Parameters
    ----------
    column : pyarrow.ChunkedArray
        Any column.
    midnight : bool, optional
        For a timestamp column: whether every value of the whole column is at
        midnight (then dates alone are written). Found from ``column`` when not
        given; a caller reading the column in parts gives it.
    """
    kind = column.type
    if pa.types.is_timestamp(kind):
        column = column.cast(pa.timestamp("s", kind.tz), safe=False)
        if midnight is None:
            midnight = at_midnight(column)
        return pc.strftime(
            column, format="%Y-%m-%d" if midnight else "%Y-%m-%d %H:%M:%S"
        )
    if pa.types.is_boolean(kind):
        return pc.if_else(column, "TRUE", "FALSE")
    if pa.types.is_dictionary(kind):
        column = column.cast(kind.value_type)
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return column
    try:
        return pc.cast(column, pa.string())
    except pa.ArrowNotImplementedError:
        return pa.chunked_array(
            [
                pa.array(
                    [None if v is None else str(v) for v in column.to_pylist()],
                    pa.string(),
                )
            ]
        )


def at_midnight(column: pa.ChunkedArray) -> bool:
    """Whether every value of a timestamp column is at midnight (True when none)."""
    column = column.cast(pa.timestamp("s", column.type.tz), safe=False)
    valid = pc.drop_null(column)
    return (
        len(valid) > 0
        and pc.all(pc.equal(pc.strftime(valid, format="%H:%M:%S"), "00:00:00")).as_py()
    )
