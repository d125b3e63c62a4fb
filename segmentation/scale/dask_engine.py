"""Label a table with a saved model on a Dask cluster: one output file per partition.

:func:`apply_with_dask` reads the file with ``dask.dataframe`` (``read_csv`` split
into byte blocks, ``read_parquet`` by row group), runs
:meth:`~segmentation.scale.labelling.Labeller.label` on every partition, on the
workers, and writes each partition's labelled rows as its own file in the output
folder: ``part-00000.csv``, ``part-00001.csv``, ... in input order, each with the
header (``.parquet`` with ``output_format="parquet"``). Read in order and without
their repeated headers, the parts hold the rows, text and labels the local engine
writes. Scheduling is Dask's own: a local cluster of worker processes by default,
or the scheduler at an address (``tcp://host:8786``), whose workers must read the
input path (shared storage: a network file system or an object store path Dask
knows, such as ``s3://``). The model travels with the task graph.

The table's match with the transaction log is counted part by part on the workers
and summed, as the local engine does chunk by chunk: a match too poor to use
removes the part files and says why.

What differs from the local engine, by design of a partitioned write: each part
decides its own quoting (a part quotes its text values when one of its cells holds
a comma, quote or line break); the encoding is decided from the file's first
megabytes, not checked through to its end; a CSV file whose quoted values hold
line breaks may not split into blocks (Dask's reader documents that it "may
fail"; the command then says to use the local engine, which reads such files; in
this release's tests Dask split them right); a Parquet timestamp column is written
as dates when every value of its partition is at midnight.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from segmentation.behaviour.log_match import MatchCount, MatchTally
from segmentation.errors import InputError
from segmentation.export.labelled import csv_options_like, write_csv
from segmentation.reading.formats import arrow_text
from segmentation.reading.stream import TableStream, open_table_stream
from segmentation.scale.labelling import (
    Labeller,
    SegmentSizes,
    log_refusal,
    log_tally,
    part_counts,
)

__all__ = ("DEFAULT_BLOCKSIZE", "OUTPUT_FORMATS", "AppliedParts", "apply_with_dask")

#: Bytes of CSV per partition.
DEFAULT_BLOCKSIZE = 64 * 1024 * 1024
OUTPUT_FORMATS = ("csv", "parquet")


@dataclass(frozen=True, slots=True)
class AppliedParts:
    """What :func:`apply_with_dask` wrote.

    Attributes
    ----------
    folder : str
        The output folder.
    files : list of str
        The part files, in input order.
    rows : int
        Rows written (every row of the input).
    sizes : list of (str, int)
        Rows per segment, by segment number: (segment name, rows).
    workers : int
        Workers the cluster had.
    match : MatchCount or None
        How the table's customers matched the transaction log, when one was read.
    """

    folder: str
    files: list[str]
    rows: int
    sizes: list[tuple[str, int]]
    workers: int
    match: MatchCount | None = None


def apply_with_dask(
    labeller: Labeller,
    path: str | Path,
    folder: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    output_format: str = "csv",
    neutralise: bool = True,
    blocksize: int = DEFAULT_BLOCKSIZE,
) -> AppliedParts:
    """Label every row of a file on a Dask cluster, one output file per partition.

    Parameters
    ----------
    labeller : Labeller
        The model (and its log's behaviour).
    path : str or Path
        A CSV/TSV file (gzip: one partition) or a Parquet file or folder.
    folder : str or Path
        The output folder (made when missing; part files left by an earlier run
        are removed first).
    scheduler : str, optional
        A running Dask scheduler's address; by default a local cluster is started
        for the run and closed after it.
    workers : int, optional
        Worker processes of the local cluster (default 2, one thread each).
    output_format : {"csv", "parquet"}, default "csv"
        CSV as the local engine writes it (input's line ending and encoding,
        neutralised formulas), or Parquet (the text as read, no neutralisation:
        no spreadsheet evaluates a Parquet cell).
    neutralise : bool, default True
        For CSV parts: prefix formula-like cells (OWASP).
    blocksize : int, default 64 MB
        Bytes of CSV per partition.

    Returns
    -------
    AppliedParts

    Raises
    ------
    InputError
        When the file cannot be read, lacks a model column, cannot be split, or
        the scheduler cannot be reached.
    """
    if output_format not in OUTPUT_FORMATS:
        raise InputError(f"Choose an output format among {', '.join(OUTPUT_FORMATS)}.")
    recipe = labeller.model.recipe
    if recipe.groups and not recipe.id_column:
        raise InputError(
            "The model keeps groups by row number (no id column): label it with "
            "the local engine, which numbers rows across the whole file."
        )
    stream = open_table_stream(path)
    labeller.check_columns(stream.columns, stream.info.name)
    frame = _dask_frame(stream, blocksize)
    out = _output_folder(folder, output_format)
    write = {
        "format": output_format,
        "neutralise": neutralise,
        "options": csv_options_like(stream.info),
    }
    tally = log_tally(labeller)
    parts = _compute(frame, labeller, tally, out, write, scheduler, workers)
    sizes = SegmentSizes()
    for _, counts, counted in parts["results"]:
        sizes.add_counts(counts)
        if tally is not None:
            tally.merge(counted)
    files = [name for name, _, _ in parts["results"]]
    match = tally.count() if tally is not None else None
    if match is not None and match.refused:
        for name in files:
            (out / name).unlink(missing_ok=True)
        raise InputError(log_refusal(labeller, match, stream))
    return AppliedParts(
        str(out), files, sizes.rows, sizes.listed(), parts["workers"], match
    )


def _dask_frame(stream: TableStream, blocksize: int) -> Any:
    import dask.dataframe as dd

    if stream.kind == "parquet":
        return dd.read_parquet(str(stream.path), dtype_backend="pyarrow")
    if stream.kind != "csv":
        raise InputError(
            f"{stream.info.name} is read whole ({stream.info.format}); the Dask "
            "engine reads CSV and Parquet. Save it as one of those."
        )
    ascii_safe = stream.codec in ("utf-8", "cp1252", "latin-1")
    whole = stream.gzipped or not ascii_safe
    encoding = "utf-8-sig" if stream.info.encoding == "utf-8-sig" else stream.codec
    if stream.info.encoding in ("utf-16", "utf-32"):
        encoding = stream.info.encoding
    return dd.read_csv(
        str(stream.path),
        sep=stream.info.delimiter,
        header=0,
        names=list(stream.columns),
        skiprows=stream.info.skipped_lines,
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        encoding=encoding,
        blocksize=None if whole else blocksize,
        sample=min(blocksize, 256_000),
        compression="gzip" if stream.gzipped else None,
    )


def _output_folder(folder: str | Path, output_format: str) -> Path:
    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} is a file; the Dask engine writes a folder of parts.")
    try:
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("part-*.*"):
            if old.suffix in (".csv", ".parquet"):
                old.unlink()
    except OSError as exc:
        raise InputError(f"{out}: cannot write ({exc.strerror or exc}).") from None
    return out


def _compute(
    frame: Any,
    labeller: Labeller,
    tally: MatchTally | None,
    out: Path,
    write: Mapping[str, Any],
    scheduler: str | None,
    workers: int | None,
) -> dict[str, Any]:
    import dask
    from distributed import Client, LocalCluster

    model = dask.delayed(labeller, pure=True)
    log = dask.delayed(tally, pure=True)
    tasks = [
        dask.delayed(_label_part)(part, model, log, str(out), index, write)
        for index, part in enumerate(frame.to_delayed())
    ]
    try:
        if scheduler:
            client = Client(scheduler, timeout="20s")
            cluster = None
        else:
            cluster = LocalCluster(
                n_workers=workers or 2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        raise InputError(
            f"No Dask scheduler answered at {scheduler} ({exc})."
        ) from None
    try:
        count = len(client.scheduler_info().get("workers", {}))
        results = client.gather(client.compute(tasks))
    except InputError:
        raise
    except (ValueError, pd.errors.ParserError) as exc:
        raise InputError(_split_error(exc)) from None
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return {"results": results, "workers": count}


def _split_error(exc: Exception) -> str:
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "EOF inside string" in message:
        return (
            "The file has line breaks inside quoted values, which cannot be split "
            "into blocks; label it with the local engine (--engine local)."
        )
    return f"The file could not be read in blocks ({message})."


def _label_part(
    part: pd.DataFrame,
    labeller: Labeller,
    tally: MatchTally | None,
    folder: str,
    index: int,
    write: Mapping[str, Any],
) -> tuple[str, pd.Series, tuple[int, int, Any] | None]:
    """Label one partition and write its file; its name, sizes and log match."""
    chunk = _as_text(part)
    labelled = labeller.label(chunk)
    counted = None
    if tally is not None:
        counted = tally.part(chunk[labeller.model.recipe.id_column])
    name = f"part-{index:05d}.{write['format']}"
    target = Path(folder) / name
    if write["format"] == "parquet":
        table = pa.Table.from_pandas(labelled, preserve_index=False)
        try:
            pq.write_table(table, target)
        except (OSError, pa.ArrowException) as exc:
            raise InputError(f"{target}: cannot write ({exc}).") from None
    else:
        write_csv(labelled, target, neutralise=write["neutralise"], **write["options"])
    return name, part_counts(labelled), counted


def _as_text(part: pd.DataFrame) -> pd.DataFrame:
    """Turn a partition into a table as the readers give it: text, RangeIndex."""
    columns = {}
    for name in part.columns:
        values = part[name]
        if not (pd.api.types.is_string_dtype(values) or values.dtype == object):
            text = arrow_text(pa.chunked_array([pa.array(values, from_pandas=True)]))
            values = text.to_pandas()
        columns[name] = values
    frame = pd.DataFrame(columns).reset_index(drop=True)
    return frame.astype("str") if len(frame.columns) else frame
