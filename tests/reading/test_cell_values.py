"""Fast paths of cell reading agree with the plain definitions, cell for cell.

``DistinctCells`` counts missing and distinct values through each column's
distinct texts; ``parse_numbers`` casts plain-number columns with Arrow. Both are
checked against the plain pandas reading on generated columns: padded and
upper-case tokens, Unicode spaces, long texts, numbers with signs, exponents,
currency and junk.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segmentation.reading import values as parse

TOKENS = sorted(parse.MISSING_TOKENS | parse.NUMERIC_MISSING_TOKENS)
CELLS = st.one_of(
    st.none(),
    st.sampled_from(TOKENS).map(str.upper),
    st.sampled_from(TOKENS),
    st.builds(
        lambda pad, token, tail: pad + token + tail,
        st.sampled_from(["", " ", "\u00a0", "\t"]),
        st.sampled_from(TOKENS + ["Paris", "42", "None of these"]),
        st.sampled_from(["", " ", "\u2003"]),
    ),
    st.text(max_size=30),
)
NUMBERS = st.one_of(
    st.none(),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["1e3", "-0.5", "+7", ".5", "5.", "$12", "1,234.5", "n/a", "x"]),
)


def _plain_missing(values: pd.Series, numeric: bool) -> pd.Series:
    text = values.astype("str").str.strip().str.lower()
    tokens = parse.MISSING_TOKENS | (parse.NUMERIC_MISSING_TOKENS if numeric else set())
    return values.isna() | text.isin(tokens)


def _assert_plain(
    found: parse.DistinctCells, values: pd.Series, positions: np.ndarray | None = None
) -> None:
    """Missing cells, distinct counts and stripped texts as the plain reading's."""
    for numeric in (False, True):
        missing = _plain_missing(values, numeric)
        assert found.missing(numeric=numeric).tolist() == missing.tolist()
        present = values[~missing].astype("str").str.strip()
        assert found.distinct_present(numeric=numeric) == present.nunique()
    if positions is not None:
        expected = values.iloc[positions].str.strip().tolist()
        assert found.stripped_at(positions).tolist() == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(CELLS, min_size=1, max_size=60))
def test_missing_and_distinct_counts_match_the_plain_reading(cells):
    values = pd.Series(cells, dtype="str")
    _assert_plain(parse.DistinctCells(values), values)


@settings(max_examples=200, deadline=None)
@given(st.lists(NUMBERS, min_size=1, max_size=40))
def test_numbers_match_cell_by_cell_parsing(cells):
    values = pd.Series(cells, dtype="str")
    fast = parse.parse_numbers(values)
    slow = pd.Series(
        [parse.parse_numbers(pd.Series([c], dtype="str")).iloc[0] for c in cells]
    )
    pd.testing.assert_series_equal(fast, slow, check_names=False, check_index=False)


def test_a_column_of_plain_numbers_is_cast_whole():
    values = pd.Series(["1", "2.5", None, "-3e2", " 4 "], dtype="str")
    assert parse.parse_numbers(values).tolist()[:2] == [1.0, 2.5]
    assert parse.parse_numbers(values).isna().tolist() == [
        False,
        False,
        True,
        False,
        False,
    ]


def _ids(rows: int, order: str, long: bool) -> pd.Series:
    """Mostly distinct ids, in order or not, with tokens, padding and repeats.

    Long ids (8 characters) cannot be missing-value tokens; short ones (6) can.
    """
    ids = [f"C{i:07d}" if long else f"{i:06d}" for i in range(rows)]
    if order == "shuffled":
        ids = [ids[i] for i in np.random.default_rng(3).permutation(rows)]
    values = pd.Series(ids, dtype="str")
    values.iloc[[5, 90_000]] = [None, " N/A "]
    values.iloc[[20_000, 110_000]] = ["None", "null"]
    if order == "repeats":
        values.iloc[50_000] = " " + values.iloc[49_999] + " "  # same once stripped
        values.iloc[60_000] = values.iloc[10]
    return values


@pytest.mark.parametrize("long", [True, False], ids=["long", "short"])
@pytest.mark.parametrize("order", ["sorted", "shuffled", "repeats"])
def test_a_long_column_of_ids_is_read_cell_by_cell_and_agrees(order, long):
    values = _ids(150_000, order, long)
    assert parse._mostly_distinct(values)
    cells = parse.DistinctCells(values)
    # Hashed only when short cells out of order make a dictionary cheaper.
    assert cells._by_cell == (long or order != "shuffled")
    mask = parse.missing_mask(values)  # cell by cell whatever the order
    assert mask.tolist() == _plain_missing(values, False).tolist()
    _assert_plain(cells, values, np.array([0, 5, 90_000, 149_999, 50_000]))


DATES = st.one_of(
    st.none(),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.dates().map(lambda d: d.strftime(" %d/%m/%Y ")),
    st.sampled_from(["31/02/2020", "n/a", "None", "", "2020-01-05", "13/13/2013"]),
    st.text(max_size=12),
)


def _long(cells: list, rows: int = 25_000) -> pd.Series:
    """The cells repeated to a long column, on an index that is not 0..n."""
    repeated = (cells * (rows // len(cells) + 1))[:rows]
    return pd.Series(repeated, dtype="str", index=range(7, 7 + 3 * rows, 3))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(DATES, min_size=1, max_size=40), st.sampled_from(["%d/%m/%Y", "ISO8601"])
)
def test_dates_parsed_once_per_distinct_text_match_the_whole_column(cells, fmt):
    values = _long(cells)
    fast = parse.parse_dates(values, fmt)
    pd.testing.assert_series_equal(fast, parse._dates(values, fmt))


@settings(max_examples=60, deadline=None)
@given(st.lists(CELLS, min_size=1, max_size=40))
def test_booleans_parsed_once_per_distinct_text_match_the_whole_column(cells):
    values = _long(cells + ["Yes", " no", "TRUE", "0"])
    fast = parse.parse_booleans(values)
    pd.testing.assert_series_equal(fast, parse._booleans(values))


def test_a_column_of_distinct_timestamps_is_parsed_whole():
    stamps = pd.Series(
        pd.date_range("2020-01-01", periods=150_000, freq="min").strftime(
            "%Y-%m-%d %H:%M:%S"
        ),
        dtype="str",
    )
    assert parse._mostly_distinct(stamps)
    parsed = parse.parse_dates(stamps, "%Y-%m-%d %H:%M:%S")
    assert parsed.iloc[-1] == pd.Timestamp("2020-04-14 03:59:00")
    assert parsed.notna().all()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=1, max_size=15), min_size=2, max_size=5))
def test_a_column_in_several_chunks_reads_as_one(chunks):
    """The reader's chunks share one dictionary once encoded: same answers."""
    import pyarrow as pa

    chunked = pa.chunked_array([pa.array(c, pa.string()) for c in chunks])
    values = pd.Series(chunked, dtype="str")
    assert pa.array(values, from_pandas=True).num_chunks == len(chunks)
    whole = pd.Series([c for chunk in chunks for c in chunk], dtype="str")
    found = parse.DistinctCells(values)
    _assert_plain(found, whole, np.arange(len(whole))[::2])


ISO_FORMATS = ["%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
STAMPS = st.one_of(
    st.none(),
    st.datetimes().flatmap(
        lambda d: st.sampled_from(
            [d.strftime(f) for f in ISO_FORMATS] + [f" {d:%Y-%m-%d %H:%M:%S} "]
        )
    ),
    st.sampled_from(
        [
            "2023-02-30",
            "2023-02-30 00:00:00",
            "2023-1-5 1:2:3",
            "2023-01-05 24:00:00",
            "2023-01-05 01:02:60",
            "2023-01-05 01:02:03Z",
            "2023-01-05 01:02:03.5",
            "n/a",
            "None",
            "",
            "0001-01-01 00:00:00",
            "9999-12-31",
            "2023-01-05x01:02:03",
        ]
    ),
    st.text(max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(STAMPS, min_size=1, max_size=30), st.sampled_from(ISO_FORMATS))
def test_iso_dates_read_by_arrow_match_pandas(cells, fmt):
    """Arrow's strict ISO reading gives what pandas gives, text for text."""
    values = pd.Series(cells, dtype="str")
    expected = pd.to_datetime(parse._date_text(values), format=fmt, errors="coerce")
    pd.testing.assert_series_equal(parse._dates(values, fmt), expected)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.datetimes(min_value=pd.Timestamp("1900-01-01").to_pydatetime()).map(
                lambda d: d.strftime("%Y-%m-%d %H:%M:%S")
            ),
            st.sampled_from([None, "n/a", "2023-1-5 1:2:3", " 2023-01-05 01:02:03"]),
        ),
        min_size=1,
        max_size=30,
    ).filter(lambda cells: any(c and len(c) == 19 for c in cells))
)
def test_clean_time_stamps_are_read_by_arrow(cells):
    """A column of clean stamps takes Arrow's path, and agrees with pandas."""
    values = pd.Series(cells, dtype="str")
    fmt = "%Y-%m-%d %H:%M:%S"
    fast = parse._iso_dates(parse._date_text(values), fmt)
    assert fast is not None
    expected = pd.to_datetime(parse._date_text(values), format=fmt, errors="coerce")
    pd.testing.assert_series_equal(fast, expected)
