"""Streaming ``apply``: the chunked file is byte for byte the whole-table one.

The reference is the whole-table path every face used before streaming: read the
file whole (``read_table_with_info``), ``model.predict``, ``applied_output``,
``write_csv`` with the input's own line ending and encoding. Each case writes the
bundled customers in another shape (encodings, delimiters, quoting, preamble,
gzip, Parquet) and labels it in chunks of a few kilobytes, so every file spans
dozens of chunks.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import segmentation as sg
from segmentation import export, scale
from segmentation.errors import InputError
from segmentation.model import SegmentationModel
from segmentation.reading import read_table_with_info
from segmentation.reading import stream as stream_module
from segmentation.reading.stream import open_table_stream
from segmentation.recipe import Feature, Recipe, TransactionMapping

ROOT = Path(__file__).resolve().parents[2]
CUSTOMERS = ROOT / "sample_data" / "customers.csv"
TRANSACTIONS = ROOT / "sample_data" / "transactions.csv"
#: Small enough that the 5,000 customers (about 700 KB) make a dozen chunks.
BLOCK = 64 * 1024
FEATURES = (
    Feature("total_spend", "numeric", "behavioral"),
    Feature("recency_days", "numeric", "behavioral"),
    Feature("orders", "numeric", "behavioral"),
    Feature("signup_date", "datetime", "demographic"),
    Feature("preferred_channel", "categorical", "behavioral"),
    Feature("city", "categorical", "geographic"),
)


@pytest.fixture(autouse=True)
def small_head(monkeypatch):
    """Decide from the first 300 KB (not 4 MB), so the files here are larger."""
    monkeypatch.setattr(stream_module, "HEAD_BYTES", 300_000)


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return sg.read_table(CUSTOMERS)


@pytest.fixture(scope="module")
def model(customers) -> SegmentationModel:
    schema = sg.infer_schema(customers)
    recipe = Recipe.from_schema(schema, columns=(), k=4, seed=5)
    recipe = recipe.replace(
        features=FEATURES,
        segment_names=((0, "Loyal, frequent"), (2, "Lapsed")),
        id_column="customer_id",
    )
    return SegmentationModel(recipe).fit(customers)


def whole_table_output(model: SegmentationModel, path: Path, out: Path) -> bytes:
    """Label the file read whole and write it, as ``apply`` did before streaming."""
    frame, info = read_table_with_info(path)
    labels = model.predict(frame)
    table = export.applied_output(frame, labels, model.recipe)
    export.write_csv(table, out, **export.csv_options_like(info))
    return out.read_bytes()


def _variants(customers: pd.DataFrame, folder: Path) -> dict[str, Path]:
    """The bundled customers written in many shapes a CRM export takes."""
    text = CUSTOMERS.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    files = {
        "utf8": CUSTOMERS,
        "crlf": ("crlf.csv", text.replace("\n", "\r\n").encode("utf-8")),
        "bom": ("bom.csv", b"\xef\xbb\xbf" + text.encode("utf-8")),
        "cp1252": ("cp1252.csv", text.encode("cp1252")),
        "utf16": ("utf16.csv", text.encode("utf-16")),
        "semicolon": ("semi.csv", text.replace(",", ";").encode("utf-8")),
        "preamble": ("pre.csv", ("Export of 2026-06-30\n\n" + text).encode("utf-8")),
        # ASCII for the first 4,900 rows: the head looks like UTF-8; the end
        # is Windows-1252, so the whole file is read as Windows-1252.
        "late_cp1252": (
            "late.csv",
            "".join(lines[:4901]).encode("ascii", "replace")
            + "".join(lines[4901:]).encode("cp1252"),
        ),
        # The same, with a header that is valid UTF-8 ("prénom"): read as
        # Windows-1252 like the rest of the file, as the whole-file reader does.
        "late_cp1252_header": (
            "late_header.csv",
            lines[0].replace("first_name", "prénom").encode("utf-8")
            + "".join(lines[1:4901]).encode("ascii", "replace")
            + "".join(lines[4901:]).encode("cp1252"),
        ),
        "gzip": ("customers.csv.gz", gzip.compress(text.encode("utf-8"))),
    }
    quoted = customers.copy()
    quoted["first_name"] = quoted["first_name"].where(
        quoted.index % 97 != 5, quoted["first_name"] + ', "Jr."\nline two'
    )
    quoted.loc[4990, "email"] = "=HYPERLINK(evil)"
    files["quoted"] = ("quoted.csv", export.to_csv_bytes(quoted, neutralise=False))
    paths = {}
    for key, value in files.items():
        if isinstance(value, Path):
            paths[key] = value
            continue
        name, data = value
        paths[key] = folder / name
        paths[key].write_bytes(data)
    table = pa.Table.from_pandas(customers, preserve_index=False)
    stamps = pd.to_datetime(customers["signup_date"]).astype("datetime64[us]")
    table = table.set_column(
        table.schema.get_field_index("signup_date"), "signup_date", pa.array(stamps)
    )
    # Read whole (no chunked reader), with commas in its cells: quoted.
    paths["excel"] = folder / "customers.xlsx"
    quoted.head(1500).to_excel(paths["excel"], index=False)
    paths["parquet"] = folder / "customers.parquet"
    pq.write_table(table, paths["parquet"], row_group_size=400)
    return paths


@pytest.fixture(scope="module")
def variants(customers, tmp_path_factory) -> dict[str, Path]:
    return _variants(customers, tmp_path_factory.mktemp("variants"))


CASES = (
    "utf8",
    "crlf",
    "bom",
    "cp1252",
    "utf16",
    "semicolon",
    "preamble",
    "late_cp1252",
    "late_cp1252_header",
    "gzip",
    "quoted",
    "excel",
    "parquet",
)


@pytest.mark.parametrize("case", CASES)
def test_streamed_file_is_byte_for_byte_the_whole_table_one(
    case, model, variants, tmp_path
):
    path = variants[case]
    expected = whole_table_output(model, path, tmp_path / "whole.csv")
    out = tmp_path / "streamed.csv"
    applied = scale.apply_streaming(
        scale.Labeller.for_model(model), path, out, block_bytes=BLOCK
    )
    rows = 1500 if case == "excel" else 5000
    assert applied.chunks == 1 if case == "excel" else applied.chunks >= 8
    assert applied.rows == rows
    assert out.read_bytes() == expected
    counts = pd.Series(model.predict(sg.read_table(path))).value_counts()
    assert dict(applied.sizes) == {
        name: int(counts[s])
        for s, name in export.applied_names(
            model.recipe, counts.index.to_numpy()
        ).items()
    }


def test_the_chunks_put_together_are_the_table_read_whole(variants):
    for case in CASES:
        stream = open_table_stream(variants[case], block_bytes=BLOCK).scan()
        chunks = list(stream.chunks())
        whole = sg.read_table(variants[case])
        pd.testing.assert_frame_equal(pd.concat(chunks), whole)
        assert stream.columns == tuple(whole.columns)


def test_the_late_windows_bytes_decide_the_encoding(variants):
    stream = open_table_stream(variants["late_cp1252"], block_bytes=BLOCK)
    assert stream.info.encoding == "utf-8"  # what the first 300 KB say
    assert stream.scan().info.encoding == "cp1252"  # what the whole file says


def test_a_transaction_log_is_read_once_and_joined_chunk_by_chunk(tmp_path):
    customers = sg.read_table(CUSTOMERS)
    log = read_table_with_info(TRANSACTIONS)
    mapping = TransactionMapping(
        customer="customer_id", date="order_date", amount="amount", invoice="order_id"
    )
    schema = sg.infer_schema(customers)
    recipe = Recipe.from_schema(schema, columns=(), transactions=mapping, k=4, seed=2)
    recipe = recipe.replace(
        features=tuple(
            Feature(n, "numeric", "behavioral")
            for n in ("tx_recency_days", "frequency", "monetary")
        ),
        id_column="customer_id",
    )
    model = SegmentationModel(recipe).fit(customers, log.frame)
    # Half the customers: those the log does not know get imputed behaviour.
    part = tmp_path / "part.csv"
    part.write_bytes(export.to_csv_bytes(customers.iloc[::2], neutralise=False))
    frame = sg.read_table(part)
    labels = model.predict(frame, log.frame)
    table = export.applied_output(frame, labels, recipe)
    expected = export.to_csv_bytes(table)
    out = tmp_path / "out.csv"
    labeller = scale.Labeller.for_model(model, log)
    applied = scale.apply_streaming(labeller, part, out, block_bytes=BLOCK)
    assert out.read_bytes() == expected
    whole = sg.workflow.log_match(frame["customer_id"], log.frame, mapping)
    assert applied.match == whole


def test_a_log_matching_none_of_the_table_removes_the_output(tmp_path):
    customers = sg.read_table(CUSTOMERS)
    log = read_table_with_info(TRANSACTIONS)
    mapping = TransactionMapping(
        customer="customer_id", date="order_date", amount="amount"
    )
    schema = sg.infer_schema(customers)
    recipe = Recipe.from_schema(schema, columns=(), transactions=mapping, k=3)
    recipe = recipe.replace(
        features=(Feature("frequency", "numeric", "behavioral"),),
        id_column="customer_id",
    )
    model = SegmentationModel(recipe).fit(customers, log.frame)
    strangers = customers.assign(customer_id="X" + customers["customer_id"])
    path = tmp_path / "strangers.csv"
    path.write_bytes(export.to_csv_bytes(strangers, neutralise=False))
    out = tmp_path / "out.csv"
    with pytest.raises(InputError, match="0 of 5,000 customers"):
        scale.apply_streaming(
            scale.Labeller.for_model(model, log), path, out, block_bytes=BLOCK
        )
    assert not out.exists()


def test_groups_held_by_row_number_count_rows_across_chunks(customers, tmp_path):
    schema = sg.infer_schema(customers)
    recipe = Recipe.from_schema(schema, columns=(), k=3, seed=1)
    picked = ("3", "2500", "4999")
    recipe = recipe.replace(
        features=FEATURES[:3], id_column=None, groups=(("Picked", picked),)
    )
    model = SegmentationModel(recipe).fit(customers)
    out = tmp_path / "out.csv"
    scale.apply_streaming(
        scale.Labeller.for_model(model), CUSTOMERS, out, block_bytes=BLOCK
    )
    written = pd.read_csv(out, dtype=str)
    rows = np.flatnonzero(written["group_picked"].to_numpy() == "1") + 1
    assert [str(r) for r in rows] == list(picked)
    assert out.read_bytes() == whole_table_output(model, CUSTOMERS, tmp_path / "w.csv")


def test_a_ragged_line_deep_in_the_file_is_one_sentence(model, tmp_path):
    lines = CUSTOMERS.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4000] = lines[4000].rstrip("\n") + ",extra,fields\n"
    path = tmp_path / "ragged.csv"
    path.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out.csv"
    with pytest.raises(InputError, match="fields but the header has 23"):
        scale.apply_streaming(
            scale.Labeller.for_model(model), path, out, block_bytes=BLOCK
        )
    assert not out.exists()


def test_a_file_without_a_model_column_is_refused_before_writing(model, tmp_path):
    customers = sg.read_table(CUSTOMERS).drop(columns=["total_spend"])
    path = tmp_path / "nospend.csv"
    path.write_bytes(export.to_csv_bytes(customers, neutralise=False))
    out = tmp_path / "out.csv"
    with pytest.raises(InputError, match="nospend.csv lacks the model's column"):
        scale.apply_streaming(scale.Labeller.for_model(model), path, out)
    assert not out.exists()


@pytest.mark.parametrize("case", ["utf8", "gzip", "parquet", "cp1252"])
def test_a_url_is_read_as_the_file_is(case, model, variants, tmp_path):
    """``file://`` goes through fsspec, as ``s3://`` or ``gs://`` would."""
    path = variants[case]
    by_url, by_path = tmp_path / "url.csv", tmp_path / "path.csv"
    labeller = scale.Labeller.for_model(model)
    scale.apply_streaming(labeller, path.as_uri(), by_url, block_bytes=BLOCK)
    scale.apply_streaming(labeller, path, by_path, block_bytes=BLOCK)
    assert by_url.read_bytes() == by_path.read_bytes()


def test_a_pipe_is_refused_in_one_sentence_before_it_is_opened(model, tmp_path):
    """Labelling in chunks reads the file more than once: a pipe cannot serve."""
    import os

    pipe = tmp_path / "customers.csv"
    os.mkfifo(pipe)  # no writer: opening it would block, so it must not be
    out = tmp_path / "out.csv"
    with pytest.raises(InputError, match="is a pipe or a device, not a file"):
        scale.apply_streaming(scale.Labeller.for_model(model), pipe, out)
    assert not out.exists()


def test_a_missing_url_is_one_sentence(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        open_table_stream((tmp_path / "nothing.csv").as_uri())


def test_a_table_read_whole_with_commas_is_quoted_whatever_the_names(tmp_path):
    """An Excel table (read whole, pandas' large_string cells) quotes its commas."""
    customers = sg.read_table(CUSTOMERS).head(300)
    customers.loc[7, "city"] = "Paris, France"
    path = tmp_path / "customers.xlsx"
    customers.to_excel(path, index=False)
    schema = sg.infer_schema(customers)
    recipe = Recipe.from_schema(schema, columns=(), k=2, seed=1)
    recipe = recipe.replace(features=FEATURES[:2])  # no name holds a comma
    model = SegmentationModel(recipe).fit(customers)
    out = tmp_path / "out.csv"
    scale.apply_streaming(scale.Labeller.for_model(model), path, out)
    assert out.read_bytes() == whole_table_output(model, path, tmp_path / "w.csv")
    assert b'"Paris, France"' in out.read_bytes()
