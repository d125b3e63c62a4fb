"""Chart builders: marks, encodings, colours and the row cap, read from to_dict()."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from segmentation import charts


def rows_of(spec: dict) -> list[dict]:
    """The inline data rows a chart spec ships to the browser."""
    return spec["datasets"][spec["data"]["name"]]


def test_missing_share_chart_bars_sorted_by_share_with_percent_axis():
    columns = pd.DataFrame(
        {
            "name": ["age", "email", "city", "zip"],
            "missing_share": [0.10, 0.75, 0.0, 0.10],
            "missing": [10, 75, 0, 10],
        }
    )
    spec = charts.missing_share_chart(columns).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "missing_share"
    assert spec["encoding"]["x"]["axis"]["format"] == "%"
    assert spec["encoding"]["y"]["field"] == "name"
    rows = rows_of(spec)
    # Columns without missing values are left out; ties in name order.
    assert [row["name"] for row in rows] == ["email", "age", "zip"]
    assert {row["name"]: row["level"] for row in rows} == {
        "email": "high",
        "age": "ok",
        "zip": "ok",
    }
    assert rows[0]["missing"] == 75


def test_missing_share_chart_without_missing_values_says_so():
    columns = pd.DataFrame({"name": ["a", "b"], "missing_share": [0.0, 0.0]})
    spec = charts.missing_share_chart(columns).to_dict()
    assert spec["mark"]["type"] == "text"
    assert rows_of(spec) == [{"text": "No missing values in any column"}]


def test_missing_share_chart_uses_colour_blind_safe_colours():
    columns = pd.DataFrame({"name": ["a"], "missing_share": [0.9]})
    colours = charts.missing_share_chart(columns).to_dict()["encoding"]["color"]
    assert set(colours["scale"]["range"]) <= set(charts.OKABE_ITO)


def test_missing_share_chart_caps_the_number_of_columns():
    columns = pd.DataFrame(
        {"name": [f"c{i}" for i in range(500)], "missing_share": np.linspace(0, 1, 500)}
    )
    rows = rows_of(charts.missing_share_chart(columns, max_columns=40).to_dict())
    assert len(rows) == 40
    assert rows[0]["missing_share"] == pytest.approx(1.0)


def test_numeric_histogram_aggregates_a_million_values_into_bins():
    values = pd.Series(np.random.default_rng(0).normal(50, 10, 1_000_000))
    spec = charts.distribution_chart(values, "numeric", "age", bins=30).to_dict()
    rows = rows_of(spec)
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "start"
    assert spec["encoding"]["x2"]["field"] == "end"
    assert spec["encoding"]["y"]["field"] == "count"
    assert len(rows) == 30 <= charts.MAX_CHART_ROWS
    assert sum(row["count"] for row in rows) == 1_000_000


def test_numeric_histogram_ignores_missing_and_infinite_values():
    values = pd.Series([1.0, 2.0, np.nan, np.inf, -np.inf, 3.0])
    rows = rows_of(charts.distribution_chart(values, "numeric", "x", bins=3).to_dict())
    assert sum(row["count"] for row in rows) == 3


def test_numeric_histogram_of_text_values_parses_them():
    values = pd.Series(["1", "2", "oops", None], dtype="str")
    rows = rows_of(charts.distribution_chart(values, "numeric", "x", bins=2).to_dict())
    assert sum(row["count"] for row in rows) == 2


def test_date_histogram_has_a_temporal_axis():
    values = pd.Series(pd.date_range("2024-01-01", periods=365, freq="D"))
    spec = charts.distribution_chart(values, "datetime", "signup", bins=12).to_dict()
    assert spec["encoding"]["x"]["type"] == "temporal"
    assert sum(row["count"] for row in rows_of(spec)) == 365


def test_top_categories_lumps_the_tail_and_counts_missing():
    values = pd.Series(
        ["Email"] * 50 + ["SMS"] * 30 + [f"rare{i}" for i in range(40)] + [None] * 7,
        dtype="str",
    )
    spec = charts.distribution_chart(values, "categorical", "channel", top=5).to_dict()
    rows = rows_of(spec)
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "count"
    assert spec["encoding"]["y"]["field"] == "value"
    assert [row["value"] for row in rows[:2]] == ["Email", "SMS"]
    assert len(rows) == 5 + 2
    assert rows[-2] == {"value": "Other (37 more values)", "count": 37, "kind": "other"}
    assert rows[-1] == {"value": "(missing)", "count": 7, "kind": "missing"}
    assert sum(row["count"] for row in rows) == len(values)
    assert spec["encoding"]["y"]["sort"] == [row["value"] for row in rows]


def test_boolean_column_is_a_bar_per_value():
    values = pd.Series([True, False, True, None], dtype="boolean")
    rows = rows_of(charts.distribution_chart(values, "boolean", "vip").to_dict())
    assert {row["value"]: row["count"] for row in rows} == {
        "True": 2,
        "False": 1,
        "(missing)": 1,
    }


def test_many_distinct_categories_stay_under_the_row_cap():
    values = pd.Series([f"id{i}" for i in range(100_000)], dtype="str")
    rows = rows_of(charts.distribution_chart(values, "categorical", "x").to_dict())
    assert len(rows) <= 22 <= charts.MAX_CHART_ROWS


@pytest.mark.parametrize("role", ["numeric", "datetime", "categorical"])
def test_all_missing_column_gives_a_text_notice(role):
    values = pd.Series([None, None], dtype="object")
    spec = charts.distribution_chart(values, role, "empty").to_dict()
    if role == "categorical":
        # Missing values are a category of their own.
        assert rows_of(spec) == [{"value": "(missing)", "count": 2, "kind": "missing"}]
    else:
        assert spec["mark"]["type"] == "text"


@pytest.mark.parametrize("role", ["id", "text", "pii"])
def test_roles_without_a_distribution_are_refused(role):
    with pytest.raises(ValueError, match=role):
        charts.distribution_chart(pd.Series(["a"]), role, "x")


# --- RFM heatmap and segment sizes ---------------------------------------------------


def test_rfm_heatmap_is_a_five_by_five_grid_of_counts_and_mean_monetary():
    scored = pd.DataFrame(
        {
            "r_score": [5, 5, 5, 1, 3],
            "f_score": [4, 4, 1, 1, 3],
            "monetary": [100.0, 300.0, 40.0, 20.0, np.nan],
        }
    )
    spec = charts.rfm_heatmap_chart(scored).to_dict()
    assert spec["mark"]["type"] == "rect"
    assert spec["encoding"]["x"]["field"] == "f_score"
    assert spec["encoding"]["y"]["field"] == "r_score"
    assert spec["encoding"]["y"]["sort"] == [5, 4, 3, 2, 1]  # best at the top
    assert spec["encoding"]["color"]["field"] == "mean_monetary"
    tooltips = {t["field"] for t in spec["encoding"]["tooltip"]}
    assert {"count", "mean_monetary", "r_score", "f_score"} <= tooltips
    rows = {(r["r_score"], r["f_score"]): r for r in rows_of(spec)}
    assert len(rows) == 25
    assert rows[(5, 4)]["count"] == 2 and rows[(5, 4)]["mean_monetary"] == 200.0
    assert rows[(1, 1)] == {
        "r_score": 1,
        "f_score": 1,
        "count": 1,
        "mean_monetary": 20.0,
    }
    # A cell whose customers have no monetary value is counted, not coloured.
    assert rows[(3, 3)]["count"] == 1 and rows[(3, 3)]["mean_monetary"] is None
    assert rows[(2, 2)] == {
        "r_score": 2,
        "f_score": 2,
        "count": 0,
        "mean_monetary": None,
    }
    assert sum(r["count"] for r in rows.values()) == len(scored)


def test_rfm_heatmap_reads_other_column_names_and_aggregates_large_input():
    rng = np.random.default_rng(0)
    n = 200_000
    scored = pd.DataFrame(
        {
            "R": rng.integers(1, 6, n),
            "F": rng.integers(1, 6, n),
            "spend": rng.gamma(2.0, 50.0, n),
        }
    )
    spec = charts.rfm_heatmap_chart(
        scored, recency="R", frequency="F", monetary="spend"
    ).to_dict()
    rows = rows_of(spec)
    assert len(rows) == 25 <= charts.MAX_CHART_ROWS
    assert sum(r["count"] for r in rows) == n
    cell = scored[(scored["R"] == 2) & (scored["F"] == 3)]["spend"]
    (row,) = [r for r in rows if (r["R"], r["F"]) == (2, 3)]
    assert row["mean_monetary"] == pytest.approx(cell.mean())


def test_segment_size_chart_counts_shares_and_orders():
    labels = pd.Series(["Loyal", "Lost", "Loyal", None, "New", "Loyal"])
    spec = charts.segment_size_chart(labels, title="Sizes").to_dict()
    assert spec["title"] == "Sizes"
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "count"
    rows = rows_of(spec)
    assert [(r["segment"], r["count"]) for r in rows] == [
        ("Loyal", 3),
        ("Lost", 1),
        ("New", 1),
    ]
    assert rows[0]["share"] == pytest.approx(0.6)
    assert spec["encoding"]["y"]["sort"] == ["Loyal", "Lost", "New"]

    ordered = rows_of(
        charts.segment_size_chart(labels, order=["New", "Champions", "Lost"]).to_dict()
    )
    assert [(r["segment"], r["count"]) for r in ordered] == [
        ("New", 1),
        ("Champions", 0),
        ("Lost", 1),
        ("Loyal", 3),
    ]


def test_segment_size_chart_without_labels_says_so():
    spec = charts.segment_size_chart(pd.Series([None, None], dtype="str")).to_dict()
    assert spec["mark"]["type"] == "text"


def test_every_colour_comes_from_the_palette():
    """A hex colour written anywhere but the palette module is a second palette."""
    root = Path(__file__).resolve().parents[2]
    colour = re.compile(r"#[0-9A-Fa-f]{6}\b")
    found = []
    for folder in ("segmentation", "ui", "app_pages"):
        for path in sorted((root / folder).rglob("*.py")):
            if path.name == "palette.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if colour.search(line) and ">>>" not in line and "['#" not in line:
                    found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
