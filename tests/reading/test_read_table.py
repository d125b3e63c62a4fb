"""``segmentation.read_table`` against the awkward-file corpus and random bytes.

The expectations come from ``tests/corpus/manifest.json``, written by
``tests/corpus/make_corpus.py`` from how each file was built.
"""

from __future__ import annotations

import codecs
import gzip
import importlib.util
import io
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import segmentation as sg

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FILES = CORPUS / "files"
MANIFEST: dict[str, Any] = json.loads(
    (CORPUS / "manifest.json").read_text(encoding="utf-8")
)
ENTRIES: list[dict[str, Any]] = MANIFEST["entries"]

LOADABLE = [e for e in ENTRIES if "error" not in e["expect"]]
BROKEN = [e for e in ENTRIES if "error" in e["expect"]]
# Loaded with default arguments: the same file read through every kind of source.
PLAIN_LOADABLE = [e for e in LOADABLE if not e.get("kwargs")]
TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".gz")
CSV_LOADABLE = [
    e
    for e in PLAIN_LOADABLE
    if e["filename"].endswith(TEXT_SUFFIXES)
    and e["expect"].get("format", "csv") == "csv"
]
SINGLE_CHAR_DELIMITERS = {",", ";", "\t", "|"}
TABLE_INFO_FIELDS = (
    "name",
    "format",
    "encoding",
    "delimiter",
    "decimal",
    "sheet",
    "skipped_lines",
    "warnings",
)


def ids(entries: list[dict[str, Any]]) -> list[str]:
    return [e["id"] for e in entries]


def path_of(entry: dict[str, Any]) -> Path:
    return FILES / entry["filename"]


# ---------------------------------------------------------------------------
# helpers that check one result against the contract
# ---------------------------------------------------------------------------


def assert_one_line_message(err: BaseException) -> str:
    """The InputError message: non-empty, one line, no traceback text."""
    assert isinstance(err, sg.InputError)
    assert isinstance(err, ValueError)
    msg = str(err)
    assert msg.strip(), "InputError has an empty message"
    assert "\n" not in msg and "\r" not in msg, f"message is not one line: {msg!r}"
    assert "Traceback" not in msg
    return msg


def assert_error_matches(msg: str, expect: dict[str, Any], filename: str) -> None:
    # The filename may legitimately appear in the message; take it out so that a
    # substring which happens to be part of the name cannot match by accident.
    text = msg.lower().replace(filename.lower(), " ")
    assert expect["error"] in text, (
        f"expected {expect['error']!r} in the message for {filename}: {msg!r}"
    )
    line = expect.get("error_line")
    if line is not None:
        assert re.search(rf"(?<!\d){line}(?!\d)", text), (
            f"message should name line {line}: {msg!r}"
        )


def assert_frame_shape(df: pd.DataFrame, rows: int) -> None:
    assert isinstance(df, pd.DataFrame)
    assert len(df) == rows, f"expected {rows} rows, got {len(df)}"
    assert isinstance(df.index, pd.RangeIndex), type(df.index)
    assert df.index.equals(pd.RangeIndex(rows))
    for col in df.columns:
        assert isinstance(col, str), f"column name {col!r} is not a str"
        assert pd.api.types.is_string_dtype(df[col]), (
            f"column {col!r} has dtype {df[col].dtype}, expected a string dtype"
        )


def assert_cell(actual: Any, expected: str | None, where: str) -> None:
    if expected is None:
        assert pd.isna(actual), f"{where}: expected a missing cell, got {actual!r}"
    else:
        assert isinstance(actual, str), (
            f"{where}: expected {expected!r}, got {actual!r}"
        )
        assert actual == expected, f"{where}: expected {expected!r}, got {actual!r}"


def normalised_codec(name: str) -> str:
    return codecs.lookup(name).name


def assert_table_info(info: sg.TableInfo, expect: dict[str, Any]) -> Any:
    assert isinstance(info, sg.TableInfo), type(info)
    for field in TABLE_INFO_FIELDS:
        assert hasattr(info, field), f"TableInfo has no {field!r}"
    assert info.format in {"csv", "excel", "parquet"}, info.format
    assert info.decimal in {".", ","}, info.decimal
    assert isinstance(info.warnings, tuple), type(info.warnings)
    assert all(isinstance(w, str) and w for w in info.warnings), info.warnings
    assert isinstance(info.skipped_lines, int) and info.skipped_lines >= 0

    if "format" in expect:
        assert info.format == expect["format"]
    if "delimiter" in expect:
        assert info.delimiter == expect["delimiter"], (
            f"delimiter {info.delimiter!r}, expected {expect['delimiter']!r}"
        )
    if "decimal" in expect:
        assert info.decimal == expect["decimal"], (
            f"decimal {info.decimal!r}, expected {expect['decimal']!r}"
        )
    if "encoding" in expect:
        assert isinstance(info.encoding, str), info.encoding
        got = normalised_codec(info.encoding)
        want = normalised_codec(expect["encoding"])
        assert got.startswith(want), f"encoding {info.encoding!r}, expected {want!r}"
    if "skipped_lines" in expect:
        assert info.skipped_lines == expect["skipped_lines"]
    if "sheet" in expect:
        assert info.sheet == expect["sheet"]
    if "warning_contains" in expect:
        needle = expect["warning_contains"].lower()
        assert any(needle in w.lower() for w in info.warnings), (
            f"no warning mentions {needle!r}: {info.warnings!r}"
        )
    return info


def check_loaded(read: sg.TableRead, expect: dict[str, Any]) -> None:
    df = read.frame
    assert df.attrs == {}, "the reader's notes are beside the frame, not in it"
    assert list(df.columns) == expect["columns"]
    assert_frame_shape(df, expect["rows"])
    for col, values in expect.get("cells", {}).items():
        got = df[col].tolist()
        for i, want in enumerate(values):
            assert_cell(got[i], want, f"{col}[{i}]")
    assert_table_info(read.info, expect)


# ---------------------------------------------------------------------------
# the corpus itself
# ---------------------------------------------------------------------------


def load_generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "make_corpus_for_tests", CORPUS / "make_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_manifest_lists_every_file_and_only_those() -> None:
    on_disk = {p.name for p in FILES.iterdir() if p.is_file()}
    listed = {e["filename"] for e in ENTRIES}
    assert listed == on_disk
    assert len(on_disk) >= 32
    assert sum((FILES / n).stat().st_size for n in on_disk) < 1024 * 1024
    assert len({e["id"] for e in ENTRIES}) == len(ENTRIES)
    for entry in ENTRIES:
        expect = entry["expect"]
        assert entry["exercises"]
        if "error" in expect:
            assert expect["error"] == expect["error"].lower()
        else:
            assert len(expect["columns"]) == len(set(expect["columns"]))
            assert set(expect.get("cells", {})) <= set(expect["columns"])


def test_committed_corpus_matches_generator() -> None:
    """The files on disk are what make_corpus.py writes (xlsx/parquet excepted).

    Workbook and parquet bytes depend on the openpyxl/pyarrow versions, so only
    their presence is checked; everything else must be byte-identical.
    """
    files, entries = load_generator().build()
    assert entries == ENTRIES
    assert set(files) == {p.name for p in FILES.iterdir() if p.is_file()}
    for name, data in files.items():
        if name.endswith((".xlsx", ".parquet")):
            continue
        assert (FILES / name).read_bytes() == data, name


# ---------------------------------------------------------------------------
# every manifest entry, read from its path
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry", LOADABLE, ids=ids(LOADABLE))
def test_corpus_file_loads(entry: dict[str, Any]) -> None:
    read = sg.read_table_with_info(path_of(entry), **entry.get("kwargs", {}))
    check_loaded(read, entry["expect"])
    pd.testing.assert_frame_equal(
        sg.read_table(path_of(entry), **entry.get("kwargs", {})), read.frame
    )


@pytest.mark.parametrize("entry", BROKEN, ids=ids(BROKEN))
def test_corpus_file_raises_input_error(entry: dict[str, Any]) -> None:
    with pytest.raises(sg.InputError) as excinfo:
        sg.read_table(path_of(entry), **entry.get("kwargs", {}))
    msg = assert_one_line_message(excinfo.value)
    assert_error_matches(msg, entry["expect"], entry["filename"])


@pytest.mark.parametrize("entry", BROKEN, ids=ids(BROKEN))
def test_corpus_file_raises_input_error_from_bytes(entry: dict[str, Any]) -> None:
    data = path_of(entry).read_bytes()
    with pytest.raises(sg.InputError) as excinfo:
        sg.read_table(data, filename=entry["filename"], **entry.get("kwargs", {}))
    msg = assert_one_line_message(excinfo.value)
    assert_error_matches(msg, entry["expect"], entry["filename"])


@pytest.mark.parametrize("entry", LOADABLE, ids=ids(LOADABLE))
def test_columns_use_pandas_str_dtype(entry: dict[str, Any]) -> None:
    """Stricter than is_string_dtype: pandas' own string dtype, not object."""
    df = sg.read_table(path_of(entry), **entry.get("kwargs", {}))
    for col in df.columns:
        assert isinstance(df[col].dtype, pd.StringDtype), (col, df[col].dtype)


# ---------------------------------------------------------------------------
# path, str path, bytes, file-like objects agree
# ---------------------------------------------------------------------------


class ReadOnly:
    """A minimal binary reader: only ``read`` (and optionally ``name``)."""

    def __init__(self, data: bytes, name: str | None = None) -> None:
        self._buf = io.BytesIO(data)
        if name is not None:
            self.name = name

    def read(self, size: int = -1) -> bytes:
        return self._buf.read(size)


@pytest.mark.parametrize("entry", PLAIN_LOADABLE, ids=ids(PLAIN_LOADABLE))
def test_path_bytes_and_file_like_give_the_same_frame(entry: dict[str, Any]) -> None:
    path = path_of(entry)
    name = entry["filename"]
    data = path.read_bytes()
    reference, info = sg.read_table_with_info(path)
    assert Path(info.name).name == name

    variants: dict[str, pd.DataFrame] = {
        "str path": sg.read_table(str(path)),
        "bytes + filename": sg.read_table(data, filename=name),
        "BytesIO + filename": sg.read_table(io.BytesIO(data), filename=name),
        "BytesIO with .name": sg.read_table(_named_bytesio(data, name)),
        "read-only object + filename": sg.read_table(ReadOnly(data), filename=name),
        "read-only object with .name": sg.read_table(ReadOnly(data, name)),
    }
    with path.open("rb") as fh:
        variants["open file"] = sg.read_table(fh)
    for label, df in variants.items():
        try:
            pd.testing.assert_frame_equal(df, reference)
        except AssertionError as exc:  # pragma: no cover - failure path
            raise AssertionError(
                f"{label} differs from reading the path: {exc}"
            ) from exc
    for label, source in {
        "bytes + filename": (data, name),
        "BytesIO with .name": (_named_bytesio(data, name),),
    }.items():
        other = sg.read_table_with_info(*source).info
        assert other.format == info.format, label
        assert Path(other.name).name == name, label


def _named_bytesio(data: bytes, name: str) -> io.BytesIO:
    buf = io.BytesIO(data)
    buf.name = name  # type: ignore[attr-defined]
    return buf


def test_input_error_is_a_value_error() -> None:
    assert issubclass(sg.InputError, ValueError)


# ---------------------------------------------------------------------------
# max_bytes
# ---------------------------------------------------------------------------


def _csv_of_size(n_rows: int) -> bytes:
    return (
        "id,name,spend\n" + "".join(f"{i},name{i},{i}.5\n" for i in range(n_rows))
    ).encode()


def test_max_bytes_rejects_a_larger_file_and_accepts_a_smaller_one(
    tmp_path: Path,
) -> None:
    data = _csv_of_size(200)
    assert 3000 < len(data) < 6000
    with pytest.raises(sg.InputError) as excinfo:
        sg.read_table(data, filename="big.csv", max_bytes=1000)
    assert "larger than" in assert_one_line_message(excinfo.value).lower()

    path = tmp_path / "big.csv"
    path.write_bytes(data)
    with pytest.raises(sg.InputError) as excinfo:
        sg.read_table(path, max_bytes=1000)
    assert "larger than" in assert_one_line_message(excinfo.value).lower()

    with pytest.raises(sg.InputError):
        sg.read_table(io.BytesIO(data), filename="big.csv", max_bytes=1000)

    df = sg.read_table(data, filename="big.csv", max_bytes=len(data) + 1)
    assert len(df) == 200
    assert df["name"].iloc[-1] == "name199"


def test_max_bytes_applies_after_gzip_decompression() -> None:
    data = _csv_of_size(2000)
    packed = gzip.compress(data, mtime=0)
    assert len(packed) < len(data) // 2
    limit = (len(packed) + len(data)) // 2  # compressed fits, unpacked does not
    with pytest.raises(sg.InputError) as excinfo:
        sg.read_table(packed, filename="big.csv.gz", max_bytes=limit)
    assert "larger than" in assert_one_line_message(excinfo.value).lower()
    df = sg.read_table(packed, filename="big.csv.gz", max_bytes=len(data) * 2)
    assert len(df) == 2000


@pytest.mark.parametrize("name", ["two_sheets.xlsx", "customers.parquet"])
def test_max_bytes_applies_to_binary_formats(name: str) -> None:
    path = FILES / name
    with pytest.raises(sg.InputError) as excinfo:
        sg.read_table(path, max_bytes=path.stat().st_size // 2)
    assert "larger than" in assert_one_line_message(excinfo.value).lower()


def test_gzip_bomb_loads_with_the_default_limit() -> None:
    df = sg.read_table(FILES / "huge_when_unpacked.csv.gz")
    assert list(df.columns) == ["id", "note"]
    assert len(df) == 80_000
    assert (
        df["id"].iloc[0] == "7"
        and df["note"].iloc[-1] == "the same line again and again"
    )


# ---------------------------------------------------------------------------
# sheets
# ---------------------------------------------------------------------------


def test_unknown_sheet_is_an_input_error() -> None:
    with pytest.raises(sg.InputError) as excinfo:
        sg.read_table(FILES / "quarters.xlsx", sheet="Q7")
    assert "q7" in assert_one_line_message(excinfo.value).lower()


# ---------------------------------------------------------------------------
# round trip: to_csv with the detected delimiter, read again, same frame
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry", CSV_LOADABLE, ids=ids(CSV_LOADABLE))
def test_csv_round_trip_is_exact(entry: dict[str, Any]) -> None:
    df, info = sg.read_table_with_info(path_of(entry))
    # Whitespace-aligned input has no single-character delimiter to write back with.
    sep = info.delimiter if info.delimiter in SINGLE_CHAR_DELIMITERS else ","
    text = df.to_csv(index=False, sep=sep)
    again, again_info = sg.read_table_with_info(
        text.encode("utf-8"), filename="roundtrip.csv"
    )
    pd.testing.assert_frame_equal(again, df)
    if len(df.columns) > 1:
        assert again_info.delimiter == sep


# ---------------------------------------------------------------------------
# property tests: nothing but InputError, and sane frames when it succeeds
# ---------------------------------------------------------------------------

FILENAMES = st.sampled_from(
    [
        None,
        "data.csv",
        "data.txt",
        "data.tsv",
        "data.csv.gz",
        "data.xlsx",
        "data.parquet",
    ]
)
TEXT_CHARS = list("abcXYZ019 .-_/:'") + [
    ",",
    ";",
    "\t",
    "|",
    "\n",
    "\r",
    '"',
    "é",
    "€",
    "ß",
]
FIELD = st.text(alphabet=st.sampled_from(list("abcxyz0123456789 .-é€\"',")), max_size=8)


def _read_or_input_error(data: bytes, filename: str | None) -> pd.DataFrame | None:
    try:
        df, info = sg.read_table_with_info(data, filename=filename)
    except sg.InputError as err:
        assert_one_line_message(err)
        return None
    assert_frame_shape(df, len(df))
    assert len(df) >= 1 and len(df.columns) >= 1
    assert len(set(df.columns)) == len(df.columns), list(df.columns)
    assert_table_info(info, {})
    return df


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), filename=FILENAMES)
def test_arbitrary_bytes_raise_only_input_error(
    data: bytes, filename: str | None
) -> None:
    _read_or_input_error(data, filename)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(alphabet=st.sampled_from(TEXT_CHARS), max_size=600),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    filename=st.sampled_from([None, "data.csv", "data.txt"]),
)
def test_text_like_bytes_raise_only_input_error(
    text: str, encoding: str, filename: str | None
) -> None:
    _read_or_input_error(text.encode(encoding), filename)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(FIELD, min_size=1, max_size=6), min_size=1, max_size=12),
    sep=st.sampled_from([",", ";", "\t", "|"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    gzipped=st.booleans(),
)
def test_table_like_text_raises_only_input_error(
    rows: list[list[str]], sep: str, newline: str, gzipped: bool
) -> None:
    data = newline.join(sep.join(row) for row in rows).encode("utf-8")
    if gzipped:
        data = gzip.compress(data, mtime=0)
    _read_or_input_error(data, "table.csv")


def test_damaged_xlsx_is_not_reported_as_some_other_zip() -> None:
    """A truncated workbook and a zip of CSVs are different problems.

    Telling someone to unzip a damaged .xlsx and "load the table inside" is
    advice they cannot act on.
    """

    def message(name: str) -> str:
        with pytest.raises(sg.InputError) as excinfo:
            sg.read_table(FILES / name)
        return assert_one_line_message(excinfo.value).lower().replace(name, "<file>")

    damaged = message("cut_off.xlsx")
    assert "excel" in damaged or "xlsx" in damaged, damaged
    assert damaged != message("exports.zip")
    assert "unzip" not in damaged, damaged


def test_compact_dates_and_epochs_are_read_as_written_and_typed_as_dates(
    tmp_path: Path,
) -> None:
    """Cells keep their text; the schema reads compact forms and epochs as dates."""
    path = tmp_path / "customers.csv"
    path.write_text(
        "customer_id,first_order,last_seen,cohort,created_at,order_ts,spend\n"
        "19970101,19970101,19970101093000,1997-01,852076800,852076800000,10\n"
        "19970102,19971231,20240229235959,1998-12,946684800,946684800000,20\n"
        "20010911,20000229,20000101000000,2024-03,1700000000,1700000000000,30\n",
        encoding="utf-8",
    )
    df = sg.read_table(path)
    assert df.iloc[0].tolist() == [
        "19970101",
        "19970101",
        "19970101093000",
        "1997-01",
        "852076800",
        "852076800000",
        "10",
    ]
    schema = sg.infer_schema(df)
    assert schema.with_role("datetime") == [
        "first_order",
        "last_seen",
        "cohort",
        "created_at",
        "order_ts",
    ]
    assert schema["customer_id"].role == "id"
    typed = schema.typed(df)
    first = pd.Timestamp("1997-01-01")
    assert typed.iloc[0, 1:6].tolist() == [
        first,
        pd.Timestamp("1997-01-01 09:30:00"),
        first,
        first,
        first,
    ]
    assert df.equals(sg.read_table(path))  # typing left the text alone


def test_missing_tokens_are_read_as_written(tmp_path: Path) -> None:
    """read_table keeps every token as text; the schema decides what is missing."""
    path = tmp_path / "plans.csv"
    path.write_text(
        "id,spend,plan\n1,None,None\n2,N/A,Basic\n3,12.5,NA\n4,-,Premium\n5,,None\n",
        encoding="utf-8",
    )
    df = sg.read_table(path)
    assert df["spend"].tolist()[:4] == ["None", "N/A", "12.5", "-"]
    assert pd.isna(df["spend"].iloc[4])
    assert df["plan"].tolist() == ["None", "Basic", "NA", "Premium", "None"]
    schema = sg.infer_schema(df)
    assert (schema["spend"].role, schema["spend"].missing) == ("numeric", 4)
    assert (schema["plan"].role, schema["plan"].missing) == ("categorical", 1)
    typed = schema.typed(df)
    assert typed["spend"].isna().tolist() == [True, True, False, True, True]
    assert typed["plan"].tolist()[:2] == ["None", "Basic"]


def _long_table(rows: int, first_name: str = "Zoë") -> str:
    lines = ["id,name,spend"] + [
        f"{i:06d},{first_name},{i % 97}.5" for i in range(rows)
    ]
    return "\n".join(lines) + "\n"


def _read_whole_text(text: str) -> pd.DataFrame:
    """The table as the C engine reads the decoded text (the reference)."""
    frame = pd.read_csv(
        io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""]
    )
    return frame.astype("str")


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda text: text.encode("utf-8"), "utf-8"),
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig"),
        (lambda text: text.encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8-sig", "cp1252"],
)
@pytest.mark.parametrize("kind", ["bytes", "path"])
def test_files_longer_than_the_sniffed_head_read_whole(
    encode, encoding, kind, tmp_path
) -> None:
    """A UTF-8 file is sniffed from its head and parsed as bytes: same table."""
    text = _long_table(80_000)  # 1.6 MB: longer than the head decoded to sniff
    source = _as_source(encode(text), kind, tmp_path)
    frame, info = sg.read_table_with_info(source, "long.csv")
    assert info.encoding == encoding
    assert len(frame) == 80_000
    pd.testing.assert_frame_equal(frame, _read_whole_text(text))


@pytest.mark.parametrize("kind", ["bytes", "path"])
def test_a_stray_byte_past_the_head_makes_the_file_cp1252(kind, tmp_path) -> None:
    """UTF-8 to the head, then a cp1252 byte: decoded as cp1252 like any such file."""
    text = _long_table(80_000, first_name="Ann") + "099999,Renée,3.5\n"
    data = text.encode("cp1252")
    assert data[:1_100_000].decode("utf-8")  # the head alone reads as UTF-8
    source = _as_source(data, kind, tmp_path)
    frame, info = sg.read_table_with_info(source, "late.csv")
    assert info.encoding == "cp1252"
    assert frame["name"].iloc[-1] == "Renée"
    pd.testing.assert_frame_equal(frame, _read_whole_text(text))


@pytest.mark.parametrize("kind", ["bytes", "path"])
def test_a_ragged_line_past_the_head_is_named(kind, tmp_path) -> None:
    """Arrow refuses the bytes; the text's reader says which line is ragged."""
    text = _long_table(80_000) + "1,2,3,4,5\n" + "7,Ann,2\n"
    source = _as_source(text.encode("utf-8"), kind, tmp_path)
    with pytest.raises(sg.InputError, match=r"line 80002 has 5 fields"):
        sg.read_table(source, "ragged.csv")


def _as_source(data: bytes, kind: str, folder: Path) -> bytes | Path:
    """The file as bytes, or written to a path (which Arrow reads itself)."""
    if kind == "bytes":
        return data
    path = folder / "table.csv"
    path.write_bytes(data)
    return path


def test_a_header_in_brackets_is_a_table_not_json() -> None:
    """A first cell such as ``[id]`` sends the file through the whole text."""
    text = _long_table(80_000).replace("id,name", "[id],[name]", 1)
    frame, info = sg.read_table_with_info(text.encode("utf-8"), "brackets.csv")
    assert list(frame.columns) == ["[id]", "[name]", "spend"]
    assert (info.encoding, len(frame)) == ("utf-8", 80_000)


def test_a_named_pipe_is_read_whole(tmp_path: Path) -> None:
    """A pipe (``<(zcat customers.csv.gz)``) is read once, every row kept."""
    import os
    import threading

    text = _long_table(80_000)  # longer than the head sniffed from a file
    pipe = tmp_path / "customers.csv"
    os.mkfifo(pipe)
    found: list[pd.DataFrame] = []

    def write() -> None:
        with pipe.open("w", encoding="utf-8") as out:
            out.write(text)

    def read() -> None:
        found.append(sg.read_table(pipe))

    threads = [threading.Thread(target=job, daemon=True) for job in (write, read)]
    for thread in threads:
        thread.start()
    threads[1].join(timeout=60)
    assert found, "reading the pipe did not finish (read twice?)"
    pd.testing.assert_frame_equal(found[0], _read_whole_text(text))
