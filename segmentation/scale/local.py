"""Label a table of any size on this machine, chunk by chunk, in constant memory.

:func:`apply_streaming` reads the file in chunks (:mod:`segmentation.reading.stream`),
labels each (:class:`~segmentation.scale.labelling.Labeller`) and writes it at once
(:class:`~segmentation.export.chunked.ChunkedCsvWriter`): memory holds one chunk,
whatever the file's size. The file written is byte for byte the one labelling the
whole table in memory writes (``read_table_with_info``, ``model.predict``,
``applied_output``, ``write_csv``), with one documented difference: every text value
is quoted when a segment name the model can give holds a comma, quote or line break,
even if no row of this file gets that segment (the whole-table writer looks only at
the names given).

Two things are decided from the whole file before the first chunk is written, by
reading it once more (raw bytes, which is quick, or parsed cells when the raw text
has quote marks): whether its encoding holds throughout (a UTF-8 file with one
Windows-1252 byte deep inside is read as Windows-1252, as the whole-file reader
does) and whether any cell needs quoting.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from segmentation.behaviour.log_match import MatchCount
from segmentation.errors import InputError
from segmentation.export.chunked import ChunkedCsvWriter, fits_encoding
from segmentation.export.labelled import (
    csv_needs_quotes,
    csv_options_like,
    replaced_columns,
    text_needs_quotes,
)
from segmentation.reading.stream import (
    DEFAULT_BLOCK_BYTES,
    TableStream,
    open_table_stream,
)
from segmentation.reading.table import TableInfo
from segmentation.scale.labelling import (
    Labeller,
    SegmentSizes,
    log_refusal,
    log_tally,
)

__all__ = ("AppliedFile", "apply_streaming")


@dataclass(frozen=True, slots=True)
class AppliedFile:
    """What :func:`apply_streaming` wrote.

    Attributes
    ----------
    output : str
        The file written.
    rows : int
        Rows written (every row of the input).
    chunks : int
        Chunks the input was read in.
    sizes : list of (str, int)
        Rows per segment, by segment number: (segment name, rows).
    replaced : list of str
        The input's own columns that the added ones replaced.
    match : MatchCount or None
        How the table's customers matched the transaction log, when one was read.
    info : TableInfo
        How the input was read.
    """

    output: str
    rows: int
    chunks: int
    sizes: list[tuple[str, int]]
    replaced: list[str]
    match: MatchCount | None
    info: TableInfo


def apply_streaming(
    labeller: Labeller,
    path: str | Path,
    output: str | Path,
    *,
    neutralise: bool = True,
    block_bytes: int = DEFAULT_BLOCK_BYTES,
    sheet: str | None = None,
) -> AppliedFile:
    """Label every row of a file with a saved model and write it, chunk by chunk.

    Parameters
    ----------
    labeller : Labeller
        The model (and its log's behaviour).
    path : str or Path
        CSV/TSV (gzip or not), Parquet or Excel; see
        :func:`~segmentation.reading.stream.open_table_stream`.
    output : str or Path
        The CSV file to write: every input row in input order, its original text,
        then ``segment``, ``segment_name`` and any kept groups; the input's line
        ending, encoding and byte-order mark (as ``csv_options_like`` says).
    neutralise : bool, default True
        Prefix formula-like cells (OWASP), as ``write_csv`` does.
    block_bytes : int, default 32 MB
        Text read per chunk.
    sheet : str, optional
        The sheet of an Excel workbook.

    Returns
    -------
    AppliedFile

    Raises
    ------
    InputError
        When the file cannot be read, lacks a column the model reads, or matches
        too few of the transaction log's customers (the output is then removed).
    """
    stream = open_table_stream(path, block_bytes=block_bytes, sheet=sheet).scan()
    labeller.check_columns(stream.columns, stream.info.name)
    options = _write_options(labeller, stream)
    quoted = _quoted(labeller, stream)
    tally = log_tally(labeller)
    sizes = SegmentSizes()
    replaced: list[str] = []
    chunks = 0
    try:
        with ChunkedCsvWriter(
            output, quoted=quoted, neutralise=neutralise, **options
        ) as writer:
            for chunk in stream.chunks():
                labelled = labeller.label(chunk, first_row=sizes.rows + 1)
                if not chunks:
                    replaced = replaced_columns(chunk.columns, labelled)
                if tally is not None:
                    tally.add(chunk[labeller.model.recipe.id_column])
                writer.write(labelled)
                sizes.add(labelled)
                chunks += 1
        match = tally.count() if tally is not None else None
        if match is not None and match.refused:
            raise InputError(log_refusal(labeller, match, stream))
    except BaseException:
        Path(output).unlink(missing_ok=True)
        raise
    return AppliedFile(
        str(output), sizes.rows, chunks, sizes.listed(), replaced, match, stream.info
    )


def _write_options(labeller: Labeller, stream: TableStream) -> dict[str, object]:
    """Give the input's own line ending, encoding and mark, as the whole writer.

    That writer keeps the input's encoding when every character fits it: the
    input's cells do (they were decoded from it), so the names added decide.
    """
    options = csv_options_like(stream.info)
    texts = list(stream.columns) + labeller.possible_names()
    if not fits_encoding(texts, str(options["encoding"])):
        options["encoding"] = "utf-8"
    return options


def _quoted(labeller: Labeller, stream: TableStream) -> bool:
    if any(text_needs_quotes(name) for name in labeller.possible_names()):
        return True
    if stream.quote_free():
        return False
    batches = stream.batches()
    return any(csv_needs_quotes(pa.Table.from_batches([b])) for b in batches)
