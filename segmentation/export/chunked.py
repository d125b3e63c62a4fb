"""Write a labelled table chunk by chunk, byte for byte as :func:`write_csv` writes it.

:func:`~segmentation.export.labelled.write_csv` decides two things from the whole
table: whether to quote (some cell or name holds a comma, quote or line break) and
whether the text fits the input's own encoding. :class:`ChunkedCsvWriter` is told
both up front (the caller learns them from the input file and the model, see
:mod:`segmentation.scale.local`) and then writes each chunk as it comes, the header
once, so memory holds one chunk at a time.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from segmentation.errors import InputError
from segmentation.export.labelled import arrow_csv_table, csv_write_options

__all__ = ("ChunkedCsvWriter", "fits_encoding")

_UTF8_BOM = b"\xef\xbb\xbf"


def fits_encoding(texts: list[str], encoding: str) -> bool:
    """Whether every text can be written in ``encoding`` (always for UTF-8).

    Examples
    --------
    >>> fits_encoding(["Montréal", "café"], "cp1252"), fits_encoding(["東京"], "cp1252")
    (True, False)
    """
    try:
        for text in texts:
            text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


class ChunkedCsvWriter:
    """Write labelled chunks to one CSV file, as :func:`write_csv` writes the whole.

    Parameters
    ----------
    path : str or Path
        The file to write (replaced).
    quoted : bool
        Whether every text value is quoted (what ``csv_needs_quotes`` says of the
        whole table).
    neutralise : bool, default True
        Prefix formula-like text cells and names (``neutralise_formulas``).
    bom, eol, encoding
        As for :func:`write_csv`; ``encoding`` must fit every character written
        (:func:`fits_encoding`), or writing stops with :class:`InputError`.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "out.csv")
    >>> with ChunkedCsvWriter(path, quoted=False) as writer:
    ...     writer.write(pd.DataFrame({"id": ["1"], "segment": [0]}))
    ...     writer.write(pd.DataFrame({"id": ["=2"], "segment": [1]}))
    >>> print(open(path).read())
    id,segment
    1,0
    '=2,1
    <BLANKLINE>
    """

    def __init__(
        self,
        path: str | Path,
        *,
        quoted: bool,
        neutralise: bool = True,
        bom: bool = False,
        eol: str = "\n",
        encoding: str = "utf-8",
    ) -> None:
        self.path = str(path)
        self.rows = 0
        self._options = csv_write_options(quoted, eol)
        self._neutralise = neutralise
        self._bom = bom and encoding == "utf-8"
        self._encoding = encoding
        self._file: IO[bytes] | None = None
        self._writer: pacsv.CSVWriter | None = None

    def write(self, table: pd.DataFrame) -> None:
        """Append one chunk (the header with the first).

        Raises
        ------
        InputError
            When the file cannot be written, or a chunk's columns differ.
        """
        arrow = arrow_csv_table(table, self._neutralise)
        try:
            if self._writer is None:
                self._open(arrow.schema)
            self._writer.write_table(arrow)
        except (OSError, pa.ArrowException, UnicodeEncodeError) as exc:
            raise InputError(f"{self.path}: cannot write ({exc}).") from None
        self.rows += len(table)

    def close(self) -> None:
        """Finish the file."""
        if self._writer is not None:
            self._writer.close()
        if self._file is not None:
            self._file.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _open(self, schema: pa.Schema) -> None:
        try:
            self._file = open(self.path, "wb")  # noqa: SIM115 - closed in close()
        except OSError as exc:
            raise InputError(f"{self.path}: cannot write ({exc.strerror}).") from None
        if self._bom:
            self._file.write(_UTF8_BOM)
        sink: object = self._file
        if self._encoding not in ("utf-8", "utf8"):
            sink = _Transcoder(self._file, self._encoding)
        self._writer = pacsv.CSVWriter(
            pa.PythonFile(sink, mode="w"), schema, write_options=self._options
        )


class _Transcoder:
    """A binary sink taking UTF-8 and writing another encoding (BOM once)."""

    def __init__(self, out: IO[bytes], encoding: str) -> None:
        self._out = out
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._encoder = codecs.getincrementalencoder(encoding)()
        self.closed = False

    def write(self, data: bytes) -> int:
        self._out.write(self._encoder.encode(self._decoder.decode(bytes(data))))
        return len(data)

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        self.closed = True
