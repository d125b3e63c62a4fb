"""Export: the labelled table, CSV writing (round trip, formulas) and the A/B split.

Round trips use the bundled sample and the shared real datasets: the written file,
read back as text, must give the same rows in the same order with the same values.
Expected outputs of the small cases are written out by hand.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import DATASETS, DECEMBER, MALL

import segmentation as sg
import segmentation.cli as cli
from segmentation.errors import InputError
from segmentation.export.labelled import (
    _neutralised,
    ab_split,
    frame_csv_bytes,
    labelled_table,
    neutralise_formulas,
    to_csv_bytes,
    write_csv,
)

ROOT = Path(__file__).resolve().parents[2]
CUSTOMERS = ROOT / "sample_data" / "customers.csv"
needs_shared = pytest.mark.skipif(
    not DATASETS.is_dir(), reason="../shared/datasets is absent (CI always has it)"
)


def _read_back(data: bytes | Path) -> pd.DataFrame:
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    return pd.read_csv(source, dtype=str, keep_default_na=False, na_values=[""])


def _labels(n: int) -> np.ndarray:
    """-1, 0, 1, 2, -1, 0, ... : every label, the unassigned included."""
    return np.arange(n) % 4 - 1


# Round trips on real files ------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        CUSTOMERS,
        pytest.param(MALL, marks=needs_shared),
        pytest.param(DECEMBER, marks=needs_shared),
    ],
    ids=["sample_customers", "mall_customers", "online_retail_2010_12"],
)
def test_real_files_round_trip_row_for_row(path):
    frame = sg.read_table(path)
    labels = _labels(len(frame))
    data = to_csv_bytes(labelled_table(frame, labels))
    back = _read_back(data)
    original = _read_back(path)
    pd.testing.assert_frame_equal(back[list(original.columns)], original)
    assert list(back.columns) == [*original.columns, "segment", "segment_name"]
    assert back["segment"].tolist() == [str(v) for v in labels]
    names = {"-1": "Unassigned", "0": "Segment 0", "1": "Segment 1", "2": "Segment 2"}
    assert back["segment_name"].tolist() == back["segment"].map(names).tolist()
    # Byte for byte: the original lines are the start of the written lines.
    with open(path, newline="", encoding="utf-8") as handle:
        raw = list(csv.reader(handle))
    written = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert [row[:-2] for row in written] == raw


@needs_shared
def test_rfm_output_of_the_real_log_fits_and_round_trips(tmp_path):
    behaviour, out = tmp_path / "rfm.csv", tmp_path / "out.csv"
    argv = ["rfm", str(DECEMBER), "--customer", "CustomerID", "--date", "InvoiceDate"]
    argv += ["--quantity", "Quantity", "--price", "UnitPrice", "--invoice", "InvoiceNo"]
    assert cli.main([*argv, "-o", str(behaviour)]) == 0
    features = "recency_days,frequency,monetary"
    fit = ["fit", str(behaviour), "--features", features, "--k", "4", "-o", str(out)]
    assert cli.main(fit) == 0
    original, back = _read_back(behaviour), _read_back(out)
    pd.testing.assert_frame_equal(back[list(original.columns)], original)
    assert set(back["segment"]) == {"0", "1", "2", "3"}


def test_zero_padded_ids_dates_and_odd_text_survive(tmp_path):
    source = tmp_path / "people.csv"
    source.write_text(
        "id,joined,spend,city,note\n"
        "00017,03/04/2024,58138,Montréal,\n"
        '00002,,-12.50,,"said ""hi"", left"\n'
        "00100,31/12/2023,1.50,Québec City,None\n",
        encoding="utf-8",
    )
    frame = sg.read_table(source)
    data = to_csv_bytes(labelled_table(frame, np.array([1, 0, 1])))
    # A cell with quotes makes Arrow quote every text value (ints stay bare).
    assert data.decode("utf-8") == (
        '"id","joined","spend","city","note","segment","segment_name"\n'
        '"00017","03/04/2024","58138","Montréal",,1,"Segment 1"\n'
        '"00002",,"-12.50",,"said ""hi"", left",0,"Segment 0"\n'
        '"00100","31/12/2023","1.50","Québec City","None",1,"Segment 1"\n'
    )
    back = _read_back(data)
    assert back["id"].tolist() == ["00017", "00002", "00100"]
    assert back["joined"].tolist()[0] == "03/04/2024"
    assert back["note"].tolist()[1:] == ['said "hi", left', "None"]
    assert back["city"].isna().tolist() == [False, True, False]


def test_compact_dates_used_as_features_are_written_back_as_in_the_file(tmp_path):
    source, out = tmp_path / "customers.csv", tmp_path / "labelled.csv"
    rows = ["customer_id,first_order,created_at,cohort,spend"]
    for i in range(24):
        day = f"1997{i % 12 + 1:02d}{i % 28 + 1:02d}"
        rows.append(f"{i:05d},{day},{852076800 + i * 86_400},1997-{i % 12 + 1:02d},{i}")
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    schema = sg.infer_schema(sg.read_table(source))
    assert schema.with_role("datetime") == ["first_order", "created_at", "cohort"]
    features = "first_order,created_at,cohort,spend"
    fit = ["fit", str(source), "--features", features, "--k", "2", "-o", str(out)]
    assert cli.main(fit) == 0
    original, back = _read_back(source), _read_back(out)
    pd.testing.assert_frame_equal(back[list(original.columns)], original)
    assert back["first_order"].iloc[23] == "19971224"
    assert back["created_at"].iloc[1] == "852163200"
    with open(source, newline="", encoding="utf-8") as handle:
        raw = list(csv.reader(handle))
    with open(out, newline="", encoding="utf-8") as handle:
        written = list(csv.reader(handle))
    assert [row[: len(raw[0])] for row in written] == raw


def test_missing_tokens_are_written_back_as_in_the_file(tmp_path):
    source, out = tmp_path / "customers.csv", tmp_path / "labelled.csv"
    tokens = ["None", "N/A", "NULL", "null", "?", "NaN", "-", ""]
    rows = ["customer_id,spend,plan"]
    for i in range(40):
        spend = str(i * 3) if i % 2 else tokens[i // 2 % len(tokens)]
        rows.append(f"{i:05d},{spend},{['None', 'Basic', 'Premium'][i % 3]}")
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    schema = sg.infer_schema(sg.read_table(source))
    assert (schema["spend"].role, schema["plan"].role) == ("numeric", "categorical")
    fit = ["fit", str(source), "--features", "spend,plan", "--k", "2", "-o", str(out)]
    assert cli.main(fit) == 0
    with open(source, newline="", encoding="utf-8") as handle:
        raw = list(csv.reader(handle))
    with open(out, newline="", encoding="utf-8") as handle:
        written = list(csv.reader(handle))
    assert [row[:3] for row in written] == raw
    assert [row[1] for row in written[1:17:2]] == tokens


def test_plain_files_are_written_without_quotes_and_with_a_bom_on_request(tmp_path):
    frame = pd.DataFrame({"id": ["00017", "00018"], "city": ["Düsseldorf", None]})
    table = labelled_table(frame, np.array([0, 0]))
    expected = (
        "id,city,segment,segment_name\n00017,Düsseldorf,0,Segment 0\n"
        "00018,,0,Segment 0\n"
    )
    assert to_csv_bytes(table).decode("utf-8") == expected
    with_bom = to_csv_bytes(table, bom=True)
    assert with_bom[:3] == b"\xef\xbb\xbf" and with_bom[3:] == expected.encode()
    path = tmp_path / "out.csv"
    write_csv(table, path)
    assert path.read_bytes() == expected.encode()
    with pytest.raises(InputError, match="cannot write"):
        write_csv(table, tmp_path / "missing_folder" / "out.csv")


# The labelled table -------------------------------------------------------------------


def test_labelled_table_adds_columns_in_order_and_keeps_the_input():
    frame = pd.DataFrame(
        {"segment": ["old", "old", "old"], "id": ["a", "b", "c"]}, index=[10, 11, 12]
    )
    before = frame.copy()
    groups = pd.Series(["control", "treatment", "treatment"])
    out = labelled_table(
        frame,
        np.array([2, -1, 2]),
        {2: "Champions"},
        ab_groups=groups,
        extra={"rfm_segment": ["Lost", "New", "Lost"]},
    )
    pd.testing.assert_frame_equal(frame, before)
    assert out.columns.tolist() == [
        "id",
        "segment",
        "segment_name",
        "ab_group",
        "rfm_segment",
    ]
    assert out.index.tolist() == [10, 11, 12]
    assert out["segment"].tolist() == [2, -1, 2]
    assert out["segment"].dtype == np.int64
    assert out["segment_name"].tolist() == ["Champions", "Unassigned", "Champions"]
    assert out["ab_group"].tolist() == ["control", "treatment", "treatment"]
    assert sg.export.replaced_columns(frame.columns, out) == ["segment"]
    plain = labelled_table(frame[["id"]], np.array([0, 1, 0]))
    assert sg.export.replaced_columns(["id"], plain) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"labels": [0, 1]}, "segment column has 2 values for 3 rows"),
        ({"ab_groups": ["control"]}, "ab_group column has 1 values for 3 rows"),
        ({"extra": {"x": [1, 2, 3, 4]}}, "x column has 4 values"),
        ({"extra": {"segment_name": [1, 2, 3]}}, "clashes"),
    ],
)
def test_labelled_table_refuses_columns_of_the_wrong_length(kwargs, message):
    frame = pd.DataFrame({"id": ["a", "b", "c"]})
    options = {"labels": [0, 1, 0], **kwargs}
    with pytest.raises(InputError, match=message):
        labelled_table(frame, **options)


def test_repeated_column_names_are_refused():
    frame = pd.DataFrame([["1", "2"]], columns=["a", "a"])
    with pytest.raises(InputError, match="repeats a column name"):
        to_csv_bytes(frame)


# Formula neutralisation ---------------------------------------------------------------

CASES = [
    ("=SUM(A1)", "'=SUM(A1)"),
    ("=1", "'=1"),
    ("+1 555 0100", "'+1 555 0100"),
    ("-cmd", "'-cmd"),
    ("-1+1", "'-1+1"),
    ("--1", "'--1"),
    ("-", "-"),  # a missing value's usual spelling, not a formula
    ("--", "'--"),
    ("@x", "'@x"),
    ("\tx", "'\tx"),
    ("\r=x", "'\r=x"),
    ("-12.50\n", "'-12.50\n"),
    ("-12.50", "-12.50"),
    ("+3", "+3"),
    ("-1e5", "-1e5"),
    ("-1,234.50", "-1,234.50"),
    ("-12,50", "-12,50"),
    ("-.5", "-.5"),
    ("Paris", "Paris"),
    ("a=b", "a=b"),
    (" =x", " =x"),  # not at the start: OWASP lists first characters only
    ("", ""),
    ("Zoë", "Zoë"),
]


@pytest.mark.parametrize("dtype", ["str", "object"])
def test_neutralise_formulas_table_of_cases(dtype):
    values = pd.Series([c for c, _ in CASES] + [None], dtype=dtype, name="n")
    out = neutralise_formulas(values)
    assert out.iloc[:-1].tolist() == [expected for _, expected in CASES]
    assert out.isna().tolist() == [False] * len(CASES) + [True]
    assert out.name == "n" and out.dtype == values.dtype


def test_numbers_and_dates_are_not_text_and_stay_as_they_are():
    numbers = pd.Series([-1.5, np.nan, 3.0])
    pd.testing.assert_series_equal(neutralise_formulas(numbers), numbers)
    mixed = pd.Series([-1, "-x", None], dtype=object)
    assert neutralise_formulas(mixed).tolist() == [-1, "'-x", None]


def test_the_csv_neutralises_cells_and_headers_unless_switched_off():
    frame = pd.DataFrame({"=cmd": ['=HYPERLINK("x")', "-12.50"], "b": ["@me", "ok"]})
    on = to_csv_bytes(frame).decode("utf-8")
    assert on == ('"\'=cmd","b"\n"\'=HYPERLINK(""x"")","\'@me"\n"-12.50","ok"\n')
    off = to_csv_bytes(frame, neutralise=False)
    back = _read_back(off)
    assert back.columns.tolist() == ["=cmd", "b"]
    assert back.to_dict("list") == {
        "=cmd": ['=HYPERLINK("x")', "-12.50"],
        "b": ["@me", "ok"],
    }


TEXT = st.one_of(
    st.none(),
    st.text(alphabet="=+-@\t\r0123456789.,eE xé", max_size=8),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=30), st.integers(0, 5))
def test_the_fast_column_path_agrees_with_the_cell_path(cells, start):
    """The Arrow path (text columns) and the per-cell path (object) agree."""
    text = pd.Series(cells, dtype="str").iloc[start:]
    cellwise = pd.Series(cells, dtype=object).iloc[start:]
    fast = neutralise_formulas(text)
    slow = neutralise_formulas(cellwise)
    assert fast.isna().tolist() == slow.isna().tolist()
    assert fast.dropna().tolist() == slow.dropna().tolist()
    for before, after in zip(cellwise.dropna(), slow.dropna(), strict=True):
        assert after in (before, "'" + before)
    # Arrow arrays that start inside their buffers, with 64-bit offsets:
    for kind in (pa.string(), pa.large_string()):
        sliced = pa.array(cells, type=kind).slice(start)
        assert _neutralised(sliced).to_pylist() == slow.tolist()
        chunked = pa.chunked_array([sliced, sliced])  # as Arrow's reader makes them
        assert _neutralised(chunked).to_pylist() == slow.tolist() * 2


def test_frame_csv_bytes_rounds_floats_formats_dates_and_neutralises():
    df = pd.DataFrame(
        {
            "segment": [0, 1],
            "share": [1180.4800000000002, 1 / 3],
            "day": pd.to_datetime(["2024-03-04 05:06:07", "2024-12-31 00:00:00"]),
            "subject": ["+20% off", "Hello"],
        }
    )
    assert frame_csv_bytes(df).decode("utf-8") == (
        "segment,share,day,subject\n"
        "0,1180.48,2024-03-04 05:06:07,'+20% off\n"
        "1,0.333333,2024-12-31 00:00:00,Hello\n"
    )
    assert b"\n0,1180.48,2024-03-04 05:06:07,+20% off\n" in frame_csv_bytes(
        df, neutralise=False
    )


# A/B split ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def planted() -> np.ndarray:
    truth = pd.read_csv(ROOT / "sample_data" / "customers_truth.csv")
    return pd.factorize(truth["planted_segment"])[0]


@pytest.mark.parametrize("share", [0.2, 0.5, 0.9, 0.01])
def test_each_segment_holds_out_its_share(planted, share):
    groups = ab_split(planted, share, seed=1)
    assert set(groups) <= {"treatment", "control"} and len(groups) == len(planted)
    for segment in np.unique(planted):
        inside = groups[planted == segment]
        n, control = len(inside), int((inside == "control").sum())
        assert abs(control - n * share) <= 0.5 + 1e-9
        assert control == int(np.floor(n * share + 0.5))


def test_sizes_one_and_two_round_halves_up():
    labels = np.array([5, 7, 7, -1, -1, -1])
    # 5: 1 row; 7: 2 rows; -1: 3 rows.
    counts = {0.5: (1, 1, 2), 0.2: (0, 0, 1), 0.3: (0, 1, 1), 0.0: (0, 0, 0)}
    for share, expected in counts.items():
        groups = ab_split(labels, share)
        got = tuple(int((groups[labels == s] == "control").sum()) for s in (5, 7, -1))
        assert got == expected, share


def test_share_zero_treats_everyone_and_the_index_is_kept():
    labels = pd.Series([0, 1, 1], index=["a", "b", "c"])
    groups = ab_split(labels, 0)
    assert groups.tolist() == ["treatment"] * 3
    assert groups.index.tolist() == ["a", "b", "c"] and groups.name == "ab_group"
    assert ab_split(np.array([], dtype=int), 0.5).tolist() == []


def test_same_seed_same_groups_other_seed_other_groups(planted):
    first = ab_split(planted, 0.2, seed=7)
    pd.testing.assert_series_equal(first, ab_split(planted, 0.2, seed=7))
    other = ab_split(planted, 0.2, seed=8)
    assert (first != other).sum() > 500
    # The controls are spread over the file, not the first rows of each segment.
    controls = np.flatnonzero(first == "control")
    assert 2000 < controls.mean() < 3000


def test_another_segment_does_not_reshuffle_this_one(planted):
    groups = ab_split(planted, 0.3, seed=2)
    grown = np.r_[planted, np.full(700, 9)]  # a new segment appended
    moved = np.where(planted == 1, 4, planted)  # segment 1 merged into 4
    mine = planted == 0
    for labels in (grown, moved):
        again = ab_split(labels, 0.3, seed=2)
        assert again.iloc[: len(planted)][mine].tolist() == groups[mine].tolist()


@pytest.mark.parametrize("share", [-0.1, 0.95, 1, float("nan"), "a", True, None])
def test_shares_outside_zero_to_point_nine_are_refused(share):
    with pytest.raises(InputError, match=r"control share must be a number from 0"):
        ab_split(np.array([0, 1]), share)
