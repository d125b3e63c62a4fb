"""Read a table of any size in chunks, with the same text :func:`read_table` gives.

:func:`open_table_stream` looks at the first megabytes of a file only (format,
encoding, delimiter, preamble, header: the same decisions as the whole-file reader,
made on the same sample) and returns a :class:`TableStream`, whose
:meth:`TableStream.chunks` reads the file again from the start each time it is
called and yields one text frame per block. Concatenated, the chunks equal
:func:`~segmentation.reading.table.read_table`'s frame (every cell the text of the
file, empty cells missing, rows in file order), so a table larger than memory can
be labelled and written chunk by chunk.

- CSV, TSV, semicolon- and pipe-delimited text, gzip-compressed or not, in any
  encoding the whole-file reader knows: parsed by Arrow's streaming CSV reader,
  quoted line breaks included. A UTF-8 file is checked in full before the first
  chunk (:meth:`TableStream.scan`), so a file that is not valid UTF-8 further on
  is read as Windows-1252 (or Latin-1) throughout, as the whole-file reader does.
- Parquet: its record batches; timestamps are written as the whole-file reader
  writes them (dates alone when every value of the column is at midnight).
- Excel, whitespace-aligned text and text with classic-Mac line endings have no
  chunked reader: they are read whole, up to the whole-file reader's size limit.
"""

from __future__ import annotations

import codecs
import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from segmentation.errors import InputError
from segmentation.reading import sniff
from segmentation.reading.formats import arrow_text, at_midnight
from segmentation.reading.table import (
    DEFAULT_MAX_BYTES,
    TableInfo,
    TableRead,
    first_line_ending,
    read_table_with_info,
    unique_headers,
)

__all__ = (
    "DEFAULT_BLOCK_BYTES",
    "TableStream",
    "open_table_stream",
)

#: Bytes of text per chunk (about 100,000 rows of a 10-column table).
DEFAULT_BLOCK_BYTES = 8 * 1024 * 1024
#: Bytes Arrow's streaming CSV reader parses at a time. Its memory is about 40
#: times this (it reads and parses ahead): 1 MB keeps it near 90 MB, where 32 MB
#: blocks took 1.3 GB. Chunks are put together from several of its batches.
ARROW_BLOCK_BYTES = 1024 * 1024
#: Bytes read to decide the format, encoding and dialect (the whole-file reader
#: decides them on the first 256k characters).
HEAD_BYTES = 4 * 1024 * 1024
#: Bytes read at a time while scanning a file before its first chunk.
_SCAN_BYTES = 8 * 1024 * 1024
#: Bytes cp1252 leaves undefined: a file holding one is read as Latin-1.
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class TableStream:
    """A table read chunk by chunk (see :func:`open_table_stream`).

    Attributes
    ----------
    path : Path or str
        The file: a local path, or a URL that ``fsspec`` opens (``s3://...``,
        ``file:///...``).
    info : TableInfo
        What the whole-file reader would say of it (format, encoding, delimiter,
        line ending, warnings; the decimal mark is read from the first chunk).
    columns : tuple of str
        The column names, made unique as the whole-file reader makes them.
    kind : {"csv", "parquet", "whole"}
        How the chunks are read (``"whole"``: one chunk, the file read whole).
    block_bytes : int
        Bytes of text per chunk (CSV); Parquet batches hold about as much.
    """

    path: Path | str
    info: TableInfo
    columns: tuple[str, ...]
    kind: str
    block_bytes: int = DEFAULT_BLOCK_BYTES
    gzipped: bool = False
    codec: str = "utf-8"
    skip_bytes: int = 0
    sheet: str | None = None

    def chunks(self) -> Iterator[pd.DataFrame]:
        """Yield the table's rows as text frames, in file order.

        Each frame has the table's columns and a RangeIndex continuing the last
        one's (the first starts at 0). The file is read again from its start at
        each call.

        Raises
        ------
        InputError
            When a line further on does not fit the table (a different number
            of fields, a quote never closed) or the file is damaged.
        """
        if self.kind == "whole":
            yield _read_whole(self.path, self.info.name, self.sheet).frame
            return
        start = 0
        for batches in _grouped(self.batches(), self.block_bytes):
            frame = _text_frame(batches, self.columns, start)
            start += len(frame)
            yield frame
        if not start:
            raise InputError(f"{self.info.name} has column names but no data rows.")

    def batches(self) -> Iterator[pa.RecordBatch]:
        """Yield the rows as Arrow record batches of text (nulls for empty cells).

        The batches have the table's column names; see :meth:`chunks`.
        """
        if self.kind == "whole":
            frame = _read_whole(self.path, self.info.name, self.sheet).frame
            yield pa.RecordBatch.from_pandas(frame, preserve_index=False)
        elif self.kind == "parquet":
            yield from _parquet_batches(self)
        else:
            yield from _csv_batches(self)

    def scan(self) -> TableStream:
        """Check the encoding of the whole text file, and whether it has quotes.

        A UTF-8 file that fails to decode further on is read as Windows-1252 (or,
        when that fails too, as Latin-1), the whole-file reader's order, and the
        stream returned says so. The scan reads raw bytes only.

        Returns
        -------
        TableStream
            This stream, or one with the encoding the whole file needs.
        """
        if self.kind != "csv" or self.codec not in ("utf-8", "cp1252"):
            return self
        codec = self.codec
        if self.codec == "utf-8" and self.info.encoding == "utf-8":
            if not _decodes(self, "utf-8"):
                codec = "cp1252" if _decodes(self, "cp1252") else "latin-1"
        elif self.codec == "cp1252" and not _decodes(self, "cp1252"):
            codec = "latin-1"
        if codec == self.codec:
            return self
        # The header too is read as the whole file is.
        info = replace(self.info, encoding=codec)
        return _with_header(replace(self, codec=codec, info=info))

    def quote_free(self) -> bool:
        """Whether the raw text holds no quote mark (nor comma, unless delimiter).

        True means no cell or column name can hold a comma, quote or line break
        (the names are in the raw text too); False means the cells must be read
        to know. Text files in ASCII-compatible encodings only; False for
        anything else.
        """
        if self.kind != "csv" or self.codec not in ("utf-8", "cp1252", "latin-1"):
            return False
        needles = [b'"'] + ([b","] if self.info.delimiter != "," else [])
        return not any(
            needle in block for block in _raw_blocks(self) for needle in needles
        )


def open_table_stream(
    path: str | Path,
    *,
    block_bytes: int = DEFAULT_BLOCK_BYTES,
    sheet: str | None = None,
) -> TableStream:
    """Open a table to read in chunks, deciding how from its first megabytes.

    Parameters
    ----------
    path : str or Path
        A CSV/TSV/TXT file (gzip-compressed or not), a Parquet file, or an Excel
        workbook (read whole). A URL (``s3://bucket/file.csv``) is opened with
        ``fsspec`` and the package of its store.
    block_bytes : int, default 32 MB
        Bytes of text per chunk.
    sheet : str, optional
        The Excel sheet to read (by default the one holding the most cells).

    Returns
    -------
    TableStream
        Call :meth:`TableStream.scan` before reading a text file whose encoding
        matters (it checks the whole file), then :meth:`TableStream.chunks`.

    Raises
    ------
    InputError
        When the file is missing, empty, not a table, or one of the formats
        read whole and larger than the whole-file reader's limit.
    """
    path, name = _checked(path)
    head, gzipped, complete = _head(path, name)
    if not head or head.isspace():
        raise InputError(
            f"{name} is empty" + (" once decompressed." if gzipped else ".")
        )
    kind = sniff.detect_format(head, name)
    if kind == "parquet" and not gzipped:
        return _parquet_stream(path, name, block_bytes)
    if kind != "text":
        return _whole_stream(path, name, block_bytes, sheet)
    return _text_stream(path, name, head, gzipped, complete, block_bytes)


# Opening ---------------------------------------------------------------------------


def _is_url(path: Path | str) -> bool:
    return "://" in str(path)


def _checked(path: str | Path) -> tuple[Path | str, str]:
    """Return the path (a Path, or the URL) and the file's name; refuse none."""
    if not _is_url(path):
        local = Path(path)
        if not local.exists():
            raise InputError(f"{local} does not exist.")
        if local.is_dir():
            raise InputError(f"{local} is a folder, not a file.")
        if not local.is_file():
            raise InputError(
                f"{local} is a pipe or a device, not a file: labelling in chunks "
                "reads the file more than once, so save it to a file first."
            )
        return local, local.name
    import fsspec

    url = str(path)
    try:
        fs, inner = fsspec.core.url_to_fs(url)
        exists, folder = fs.exists(inner), fs.isdir(inner)
    except (ImportError, ValueError, OSError) as exc:
        raise InputError(f"{url} cannot be opened ({exc}).") from None
    if not exists:
        raise InputError(f"{url} does not exist.")
    if folder:
        raise InputError(f"{url} is a folder, not a file.")
    return url, inner.rstrip("/").rsplit("/", 1)[-1]


def _open(path: Path | str) -> IO[bytes]:
    """Open a local file or a URL for reading bytes."""
    if _is_url(path):
        import fsspec

        return fsspec.open(str(path), "rb").open()
    return open(path, "rb")  # noqa: SIM115 - the caller closes it


def _size(path: Path | str) -> int:
    if _is_url(path):
        import fsspec

        fs, inner = fsspec.core.url_to_fs(str(path))
        return int(fs.size(inner))
    return Path(path).stat().st_size


def _read_whole(path: Path | str, name: str, sheet: str | None) -> TableRead:
    if not _is_url(path):
        return read_table_with_info(path, sheet=sheet)
    with _open(path) as source:
        return read_table_with_info(source, name, sheet=sheet)


def _head(path: Path | str, name: str) -> tuple[bytes, bool, bool]:
    """Return the first :data:`HEAD_BYTES` (decompressed), gzipped, whole file."""
    with _open(path) as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    try:
        with _open(path) as raw:
            source = gzip.GzipFile(fileobj=raw) if gzipped else raw
            head = source.read(HEAD_BYTES + 1)
    except (OSError, EOFError, gzip.BadGzipFile):
        raise InputError(f"{name} is a damaged gzip file.") from None
    return head[:HEAD_BYTES], gzipped, len(head) <= HEAD_BYTES


def _whole_stream(
    path: Path | str, name: str, block_bytes: int, sheet: str | None = None
) -> TableStream:
    if _size(path) > DEFAULT_MAX_BYTES:
        raise InputError(
            f"{name} is larger than the {DEFAULT_MAX_BYTES // 2**20:,} MB that can "
            "be read whole; save it as CSV or Parquet to label it in chunks."
        )
    frame, info = _read_whole(path, name, sheet)
    columns = tuple(frame.columns)
    return TableStream(path, info, columns, "whole", block_bytes, sheet=sheet)


def _text_stream(
    path: Path | str,
    name: str,
    head: bytes,
    gzipped: bool,
    complete: bool,
    block: int,
) -> TableStream:
    text, encoding, codec, bom = _head_text(head, name, complete)
    sniff.refuse_non_tables(text, name)
    dialect = sniff.sniff_dialect(text)
    mac = "\r" in text and "\n" not in text
    if dialect.delimiter == sniff.WHITESPACE or mac:
        return _whole_stream(path, name, block)
    preamble = "".join(text.splitlines(keepends=True)[: dialect.skip_lines])
    warnings = []
    if dialect.skip_lines:
        warnings.append(
            f"Skipped {dialect.skip_lines} line(s) above the header that are not "
            "part of the table."
        )
    info = TableInfo(
        name=name,
        format="csv",
        encoding=encoding,
        delimiter=dialect.delimiter,
        skipped_lines=dialect.skip_lines,
        line_ending=first_line_ending(text),
    )
    stream = TableStream(
        path,
        info,
        (),
        "csv",
        block,
        gzipped=gzipped,
        codec=codec,
        skip_bytes=bom + len(preamble.encode(codec)),
    )
    return _with_header(replace(stream, info=replace(info, warnings=tuple(warnings))))


def _with_header(stream: TableStream) -> TableStream:
    """Read the header row in the stream's encoding: the columns, made unique.

    ``stream.info.warnings`` holds the preamble's warning, if any; the header's
    own (blank or repeated names) are added.
    """
    records = _csv_record_batches(stream)
    first = next(records, None)
    records.close()
    if first is None or first.num_rows == 0:
        raise InputError(f"{stream.info.name} is empty.")
    header = [
        None if v is None else str(v) for v in first.slice(0, 1).to_pylist()[0].values()
    ]
    warnings = [w for w in stream.info.warnings if w.startswith("Skipped ")]
    columns = tuple(unique_headers(header, warnings))
    return replace(
        stream, columns=columns, info=replace(stream.info, warnings=tuple(warnings))
    )


def _head_text(head: bytes, name: str, complete: bool) -> tuple[str, str, str, int]:
    """Decode the head: text, encoding name, codec for the body, BOM bytes.

    A head cut mid-file ends at its last whole line, so the cut never splits a
    character.
    """
    for bom, encoding, codec in _BOMS:
        if head.startswith(bom):
            body = head if complete else _whole_lines(head, codec)
            text, _ = sniff.decode_text(body, name)
            return text, encoding, codec, len(bom)
    bomless = sniff.bomless_utf16(head)
    if bomless:
        body = head if complete else _whole_lines(head, bomless)
        text, _ = sniff.decode_text(body, name)
        return text, bomless, bomless, 0
    body = head if complete else head[: head.rfind(b"\n") + 1] or head
    text, encoding = sniff.decode_text(body, name)
    return text, encoding, encoding, 0


def _whole_lines(head: bytes, codec: str) -> bytes:
    newline = "\n".encode(codec)
    unit = len(newline)
    at = len(head) - unit
    while at >= 0:
        if at % unit == 0 and head[at : at + unit] == newline:
            return head[: at + unit]
        at -= 1
    return head[: len(head) - len(head) % unit]


def _parquet_stream(path: Path | str, name: str, block_bytes: int) -> TableStream:
    try:
        with _open(path) as source:
            names = _parquet_file(source).schema_arrow.names
    except (pa.ArrowException, OSError, ValueError):
        raise InputError(
            f"{name} is a damaged or incomplete Parquet file; export it again."
        ) from None
    info = TableInfo(name, "parquet")
    return TableStream(path, info, tuple(str(n) for n in names), "parquet", block_bytes)


# Reading ---------------------------------------------------------------------------


def _raw_input(stream: TableStream) -> pa.NativeFile:
    if _is_url(stream.path):
        source = pa.PythonFile(_open(stream.path), mode="r")
    else:
        source = pa.OSFile(str(stream.path))
    if stream.gzipped:
        source = pa.CompressedInputStream(source, "gzip")
    return source


def _raw_blocks(stream: TableStream) -> Iterator[bytes]:
    with _raw_input(stream) as source:
        while block := source.read(_SCAN_BYTES):
            yield block


def _decodes(stream: TableStream, codec: str) -> bool:
    if codec == "cp1252":
        return not any(_CP1252_UNDEFINED.search(b) for b in _raw_blocks(stream))
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        for block in _raw_blocks(stream):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _csv_record_batches(stream: TableStream) -> Iterator[pa.RecordBatch]:
    """Arrow batches of the file's records, the header row first (f0, f1, ...)."""
    source = _raw_input(stream)
    try:
        if stream.skip_bytes:
            source.read(stream.skip_bytes)
        reader = pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(
                autogenerate_column_names=True,
                block_size=min(stream.block_bytes, ARROW_BLOCK_BYTES),
                encoding=stream.codec,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=stream.info.delimiter, newlines_in_values=True
            ),
            convert_options=pacsv.ConvertOptions(
                null_values=[""],
                strings_can_be_null=True,
                default_column_type=pa.string(),
            ),
        )
        yield from reader
    except (pa.ArrowException, UnicodeDecodeError, OSError, EOFError) as exc:
        raise InputError(_parse_error(stream.info.name, exc)) from None
    finally:
        source.close()


def _parse_error(name: str, exc: Exception) -> str:
    message = str(exc)
    fields = re.search(r"Expected (\d+) columns, got (\d+)", message)
    if fields:
        return (
            f"{name}: a line has {fields.group(2)} fields but the header has "
            f"{fields.group(1)}; check the delimiter, or quote values that "
            "contain it."
        )
    if isinstance(exc, UnicodeDecodeError) or "UTF8" in message:
        return f"{name} is damaged: part of it is not text in its encoding."
    return f"{name} could not be read as a table ({message.splitlines()[0]})."


def _csv_batches(stream: TableStream) -> Iterator[pa.RecordBatch]:
    width = len(stream.columns)
    first = True
    for batch in _csv_record_batches(stream):
        if first:
            batch, first = batch.slice(1), False
        if batch.num_rows:
            yield pa.RecordBatch.from_arrays(
                batch.columns[:width], names=list(stream.columns)
            )


def _parquet_file(source: IO[bytes]) -> object:
    import pyarrow.parquet as pq

    return pq.ParquetFile(source)


def _parquet_batches(stream: TableStream) -> Iterator[pa.RecordBatch]:
    try:
        with _open(stream.path) as source:
            yield from _parquet_text_batches(stream, _parquet_file(source))
    except (pa.ArrowException, OSError, ValueError):
        raise InputError(
            f"{stream.info.name} is a damaged or incomplete Parquet file; export it "
            "again."
        ) from None


def _parquet_text_batches(
    stream: TableStream, parquet: object
) -> Iterator[pa.RecordBatch]:
    midnight = _midnight_columns(parquet)
    rows = _parquet_batch_rows(parquet, stream.block_bytes)
    for batch in parquet.iter_batches(batch_size=rows):
        arrays = [
            arrow_text(pa.chunked_array([column]), midnight.get(name)).combine_chunks()
            for name, column in zip(batch.schema.names, batch.columns, strict=True)
        ]
        yield pa.RecordBatch.from_arrays(arrays, names=list(stream.columns))


def _midnight_columns(parquet: object) -> dict[str, bool]:
    """Whether each timestamp column holds midnights only (over the whole file).

    As :func:`~segmentation.reading.formats.at_midnight` says of the whole
    column: some value, and every value at midnight.
    """
    stamps = [f.name for f in parquet.schema_arrow if pa.types.is_timestamp(f.type)]
    seen = dict.fromkeys(stamps, False)
    other = dict.fromkeys(stamps, False)
    for batch in parquet.iter_batches(columns=stamps) if stamps else ():
        for name in stamps:
            column = pa.chunked_array([batch.column(name)])
            if column.null_count < len(column):
                seen[name] = True
                other[name] = other[name] or not at_midnight(column)
    return {name: seen[name] and not other[name] for name in stamps}


def _parquet_batch_rows(parquet: object, block_bytes: int) -> int:
    meta = parquet.metadata
    rows = max(meta.num_rows, 1)
    size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    return max(1, int(block_bytes / max(size / rows, 1)))


def _grouped(
    batches: Iterator[pa.RecordBatch], size: int
) -> Iterator[list[pa.RecordBatch]]:
    """Put consecutive batches together until they hold ``size`` bytes."""
    group: list[pa.RecordBatch] = []
    held = 0
    for batch in batches:
        group.append(batch)
        held += batch.nbytes
        if held >= size:
            yield group
            group, held = [], 0
    if group:
        yield group


def _text_frame(
    batches: list[pa.RecordBatch], columns: tuple[str, ...], start: int
) -> pd.DataFrame:
    frame = pa.Table.from_batches(batches).to_pandas()
    frame.columns = list(columns)
    frame.index = pd.RangeIndex(start, start + len(frame))
    return frame.astype("str") if len(frame.columns) else frame
