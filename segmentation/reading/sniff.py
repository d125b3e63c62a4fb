"""Recognise what a file is: its format, its text encoding and its CSV dialect.

Everything here works on the first bytes or characters of a file and decides; the
readers in :mod:`segmentation.reading.table` then parse with the decision.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from types import MappingProxyType

from segmentation.errors import InputError

__all__ = (
    "Dialect",
    "bomless_utf16",
    "decode_text",
    "detect_format",
    "plain_text_start",
    "utf8_head",
    "sniff_dialect",
    "WHITESPACE",
)

#: The delimiter value that stands for "runs of spaces or tabs".
WHITESPACE = r"\s+"
_DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_CHARS = 256 * 1024
_SAMPLE_RECORDS = 400
_MAX_PREAMBLE = 30

_GZIP = b"\x1f\x8b"
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARQUET = b"PAR1"
_KNOWN_BINARY = MappingProxyType(
    {
        b"\x89PNG": "a PNG image",
        b"\xff\xd8\xff": "a JPEG image",
        b"GIF8": "a GIF image",
        b"%PDF": "a PDF document",
        b"\x7fELF": "a program",
        b"MZ": "a Windows program",
        b"BZh": "a bzip2 archive",
        b"\xfd7zXZ": "an xz archive",
        b"7z\xbc\xaf": "a 7-Zip archive",
        b"Rar!": "a RAR archive",
        b"SQLite format 3": "an SQLite database",
    }
)


def detect_format(data: bytes, name: str) -> str:
    """Say what kind of file ``data`` holds.

    Parameters
    ----------
    data : bytes
        The whole file, already decompressed if it was gzip.
    name : str
        The file name, used only in messages.

    Returns
    -------
    str
        ``"excel"``, ``"parquet"`` or ``"text"``.

    Raises
    ------
    InputError
        When the bytes are a format that holds no table we can read.

    Examples
    --------
    >>> detect_format(b"a,b\\n1,2\\n", "x.csv")
    'text'
    >>> detect_format(b"PAR1....PAR1", "x.parquet")
    'parquet'
    """
    if data.startswith(_PARQUET):
        return "parquet"
    if data.startswith(_ZIP):
        office = (b"xl/", b"docProps/", b"[Content_Types].xml")
        if any(marker in data for marker in office) or name.lower().endswith(
            (".xlsx", ".xlsm")
        ):
            return "excel"
        if b"opendocument.spreadsheet" in data[:256]:
            raise InputError(
                f"{name} is an OpenDocument spreadsheet, which is not supported; "
                "save it as .xlsx or CSV."
            )
        raise InputError(
            f"{name} is a zip archive that is not an Excel workbook; "
            "unzip it and load the table inside."
        )
    if data.startswith(_OLE2):
        raise InputError(
            f"{name} is an old-style .xls workbook or a password-protected Office "
            "file; save it as .xlsx or CSV without a password."
        )
    for magic, what in _KNOWN_BINARY.items():
        if data.startswith(magic):
            raise InputError(f"{name} is {what}, not a table (binary file).")
    return "text"


def plain_text_start(head: bytes, name: str) -> bool:
    """Say whether a file's first bytes start a plain text file.

    False for gzip, zip (workbooks: told apart from the whole file) and Parquet;
    the formats :func:`detect_format` refuses raise its :class:`InputError`.

    Examples
    --------
    >>> plain_text_start(b"id,spend\\n1,2\\n", "x.csv")
    True
    >>> plain_text_start(b"\\x1f\\x8b\\x08\\x00", "x.csv.gz")
    False
    """
    if head.startswith((_GZIP, _ZIP)):
        return False
    return detect_format(head, name) == "text"


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode the bytes of a text table.

    Byte-order marks decide first (UTF-8, UTF-16 LE/BE, UTF-32); UTF-16 without a
    mark is recognised by its zero bytes; otherwise UTF-8 is tried, then cp1252, and
    latin-1 accepts whatever is left.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    name : str
        The file name, used only in messages.

    Returns
    -------
    tuple of (str, str)
        The text and the name of the encoding that decoded it.

    Raises
    ------
    InputError
        When the bytes are binary rather than text.

    Examples
    --------
    >>> decode_text("café".encode("cp1252"), "x.csv")
    ('café', 'cp1252')
    """
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _strict_decode(data, encoding, name), encoding
    bomless = bomless_utf16(data)
    if bomless:
        return _strict_decode(data, bomless, name), bomless
    if b"\x00" in data[:65536]:
        raise InputError(f"{name} is a binary file, not a text table.")
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _refuse_binary_text(text, name), encoding
    return _refuse_binary_text(data.decode("latin-1"), name), "latin-1"


def utf8_head(
    data: bytes, name: str, size: int | None = None
) -> tuple[str, str] | None:
    """Decode only the head of a file that starts as UTF-8: enough to sniff it.

    A UTF-8 file can go to the parser as its bytes (the parser checks the rest
    is UTF-8 too), so decoding it whole only to look at its layout would be a
    copy of the file for nothing.

    Parameters
    ----------
    data : bytes
        The whole file, or its first :data:`UTF8_HEAD_BYTES` bytes or more.
    name : str
        Names the file in the message about binary bytes.

    size : int, optional
        The file's length in bytes when ``data`` is only its head.

    Returns
    -------
    tuple of (str, str) or None
        The head's text (the whole text of a short file; otherwise at least
        one character more than :func:`sniff_dialect` reads) and ``"utf-8"``
        or ``"utf-8-sig"``; None when the file does not start as UTF-8 (another
        byte-order mark, UTF-16 without one, zero bytes, or bytes UTF-8
        refuses), for :func:`decode_text` to decide.

    Raises
    ------
    InputError
        The head holds control bytes: a binary file.

    Examples
    --------
    >>> utf8_head("id;café\\n1;2\\n".encode(), "x.csv")
    ('id;café\\n1;2\\n', 'utf-8')
    >>> utf8_head("café".encode("cp1252"), "x.csv") is None
    True
    """
    first = data[:65536]
    encoding, start = "utf-8", 0
    if first.startswith(codecs.BOM_UTF8):
        encoding, start = "utf-8-sig", len(codecs.BOM_UTF8)
    elif first.startswith(_OTHER_BOMS) or bomless_utf16(first):
        return None
    if b"\x00" in first:
        return None
    end = start + 4 * _SAMPLE_CHARS + 4  # 4 bytes at most per character
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(
            data[start:end], final=end >= (len(data) if size is None else size)
        )
    except UnicodeDecodeError:
        return None
    if encoding == "utf-8-sig":
        text = text.lstrip("\ufeff")
    return _refuse_binary_text(text, name), encoding


#: Bytes of a file's head that :func:`utf8_head` reads at most.
UTF8_HEAD_BYTES = len(codecs.BOM_UTF8) + 4 * _SAMPLE_CHARS + 4

_OTHER_BOMS = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)


def _strict_decode(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} starts like {encoding.upper()} text but is damaged near byte "
            f"{exc.start}."
        ) from None
    return _refuse_binary_text(text.lstrip("\ufeff"), name)


def bomless_utf16(data: bytes) -> str | None:
    """Name UTF-16 without a byte-order mark ("utf-16-le"/"-be") from its zero bytes."""
    head = data[:4096]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _refuse_binary_text(text: str, name: str) -> str:
    head = text[:8192]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if head and controls > 0.01 * len(head) + 2:
        raise InputError(f"{name} is a binary file, not a text table.")
    return text


def refuse_non_tables(text: str, name: str) -> None:
    """Raise :class:`InputError` when text is a web page or JSON, not a table.

    Parameters
    ----------
    text : str
        The decoded file.
    name : str
        The file name, used only in messages.
    """
    head = text.lstrip()[:512].lower()
    if head.startswith(("<!doctype", "<html", "<head", "<body", "<table", "<?xml")):
        raise InputError(
            f"{name} is a web page or XML document (HTML), not a table; "
            "export the table itself as CSV or Excel."
        )
    if head.startswith(("{", "[")):
        first_line = text.lstrip().split("\n", 1)[0].strip()
        for candidate in (text, first_line):
            try:
                json.loads(candidate)
            except ValueError:
                continue
            raise InputError(
                f"{name} holds JSON, not a table; export the data as CSV or Excel."
            )


@dataclass(frozen=True, slots=True)
class Dialect:
    """How a text table is laid out.

    Attributes
    ----------
    delimiter : str
        One of ``, ; TAB |`` or :data:`WHITESPACE`.
    skip_lines : int
        Physical lines before the header (a preamble such as "Report run on ...").
    fields : int
        The number of fields in most records.
    """

    delimiter: str
    skip_lines: int
    fields: int


def sniff_dialect(text: str) -> Dialect:
    """Find the delimiter, and any preamble lines, of a text table.

    Each candidate delimiter parses a sample with the csv module (so quoted fields
    count right); the one whose records most often share one field count above one
    wins. When none does, runs of whitespace are tried; a file where nothing splits
    is a one-column table.

    Parameters
    ----------
    text : str
        The decoded file.

    Returns
    -------
    Dialect

    Examples
    --------
    >>> sniff_dialect("a;b;c\\n1,5;2;3\\n4;5,5;6\\n")
    Dialect(delimiter=';', skip_lines=0, fields=3)
    >>> sniff_dialect("Sales report\\n\\nid,total\\n1,2\\n3,4\\n").skip_lines
    2
    """
    lines = text[:_SAMPLE_CHARS].splitlines(keepends=True)
    if len(text) > _SAMPLE_CHARS and len(lines) > 1:
        lines = lines[:-1]  # the last line of a cut sample may be cut too
    lines = lines[: _SAMPLE_RECORDS * 4]
    best: tuple[float, int, int] | None = None
    chosen = Dialect(",", 0, 1)
    for rank, delimiter in enumerate(_DELIMITERS):
        counts = _field_counts(lines, delimiter)
        score = _consistency(counts)
        if score is None:
            continue
        key = (score[0], score[1], -rank)
        if best is None or key > best:
            best = key
            chosen = Dialect(delimiter, 0, score[1])
    if best is None or best[0] < 0.5:
        counts = [(len(line.split()), 1) for line in lines if line.strip()]
        score = _consistency(counts)
        if (
            score is not None
            and score[0] >= 0.8
            and (best is None or score[0] > best[0])
        ):
            chosen = Dialect(WHITESPACE, 0, score[1])
        elif best is None or best[0] < 0.5:
            chosen = Dialect(chosen.delimiter if best else ",", 0, chosen.fields)
    return Dialect(chosen.delimiter, _preamble(lines, chosen), chosen.fields)


def _field_counts(lines: list[str], delimiter: str) -> list[tuple[int, int]]:
    """Return (fields, physical lines) for each record of the sample."""
    counts: list[tuple[int, int]] = []
    reader = csv.reader(io.StringIO("".join(lines)), delimiter=delimiter)
    previous = 0
    try:
        for record in reader:
            used = reader.line_num - previous
            previous = reader.line_num
            if record:
                counts.append((len(record), used))
            else:
                counts.append((0, used))
            if len(counts) >= _SAMPLE_RECORDS:
                break
    except csv.Error:
        pass
    return counts


def _consistency(counts: list[tuple[int, int]]) -> tuple[float, int] | None:
    """Share of non-blank records that have the modal field count, and that count."""
    sizes = [fields for fields, _ in counts if fields > 0]
    if not sizes:
        return None
    mode, hits = Counter(sizes).most_common(1)[0]
    if mode < 2:
        return None
    return hits / len(sizes), mode


def _preamble(lines: list[str], dialect: Dialect) -> int:
    """Count the physical lines before the first record that has the modal width."""
    if dialect.fields < 2:
        return 0
    if dialect.delimiter == WHITESPACE:
        counts = [(len(line.split()), 1) for line in lines]
    else:
        counts = _field_counts(lines, dialect.delimiter)
    skipped = 0
    for fields, used in counts[:_MAX_PREAMBLE]:
        # A title line has one field or far fewer than the table; a header with a
        # missing trailing field (rows ending in a delimiter) is still the header.
        if fields > 1 and fields * 2 > dialect.fields:
            return skipped
        skipped += used
    return 0


_DECIMAL_COMMA = re.compile(r"^[-+]?(\d{1,3}(\.\d{3})+|\d+),\d+$")
_DECIMAL_POINT = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d*)\.\d+$")


def detect_decimal(values: list[str], delimiter: str) -> str:
    """Decide whether numbers in a text table use a decimal comma.

    Parameters
    ----------
    values : list of str
        A sample of cell texts from the table.
    delimiter : str
        The table's delimiter; a comma-delimited file keeps the decimal point.

    Returns
    -------
    str
        ``","`` or ``"."``.

    Examples
    --------
    >>> detect_decimal(["1,5", "2", "1.234,50", "x"], ";")
    ','
    >>> detect_decimal(["1.5", "2,000.25"], ";")
    '.'
    """
    if delimiter == ",":
        return "."
    comma = sum(1 for v in values if _DECIMAL_COMMA.match(v))
    point = sum(1 for v in values if _DECIMAL_POINT.match(v))
    return "," if comma > point else "."
