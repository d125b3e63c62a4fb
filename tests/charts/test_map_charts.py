"""The Tune page's charts (segmentation.charts.tune, re-exported by charts), read
from to_dict(): marks, encodings, named params, colours and row caps."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import pytest

from segmentation import charts
from segmentation.charts import tune as map_charts
from segmentation.cluster import embed


def rows_of(spec: dict) -> list[dict]:
    """The inline data rows a (single-view) chart spec ships to the browser."""
    return spec["datasets"][spec["data"]["name"]]


def points(n: int, segments: int = 3, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "x": rng.normal(size=n),
            "y": rng.normal(size=n),
            "segment": np.arange(n) % segments,
            "customer_id": [f"C{i:05d}" for i in range(n)],
            "total.spend": rng.gamma(2.0, 50.0, n),
        }
    )


def colour_of(spec: dict) -> dict[str, str]:
    colour = spec["encoding"]["color"]
    scale = colour.get("condition", colour)["scale"]
    return dict(zip(scale["domain"], scale["range"], strict=True))


def test_the_tune_charts_are_reachable_through_charts():
    assert charts.segment_map_chart is map_charts.segment_map_chart
    assert charts.metric_vs_k_chart is map_charts.metric_vs_k_chart
    assert set(map_charts.__all__) <= set(charts.__all__)


# --- the customer map -----------------------------------------------------------------


def test_map_is_a_scatter_coloured_by_segment_with_a_named_brush():
    pts = points(30)
    spec = charts.segment_map_chart(
        pts, tooltip=["customer_id", "total.spend"], title="Map"
    ).to_dict()
    assert spec["title"] == "Map"
    assert spec["mark"]["type"] == "circle"
    assert spec["encoding"]["x"]["field"] == "x"
    assert spec["encoding"]["y"]["field"] == "y"
    (brush,) = spec["params"]
    assert brush["name"] == charts.BRUSH == "brush"
    assert brush["select"] == {"type": "interval", "encodings": ["x", "y"]}
    colour = spec["encoding"]["color"]
    assert colour["condition"]["param"] == "brush"
    assert colour["condition"]["field"] == "segment"
    assert colour["condition"]["title"] == "Segment"  # the legend
    assert "value" in colour  # points outside the brush fade
    assert set(colour_of(spec).values()) <= set(charts.OKABE_ITO)
    assert len(rows_of(spec)) == 30


def test_map_tooltip_shows_segment_id_and_features_under_their_own_names():
    spec = charts.segment_map_chart(
        points(5), tooltip=["customer_id", "total.spend"]
    ).to_dict()
    tips = spec["encoding"]["tooltip"]
    assert [t["title"] for t in tips] == ["Segment", "customer_id", "total.spend"]
    assert [t["type"] for t in tips] == ["nominal", "nominal", "quantitative"]
    # A dot in a field name would read as a nested field: the data uses safe names.
    assert all("." not in t["field"] for t in tips)
    row = rows_of(spec)[0]
    assert row[tips[1]["field"]] == "C00000"


def test_map_ships_only_the_columns_it_draws():
    pts = points(10).assign(email="a@example.com")
    rows = rows_of(charts.segment_map_chart(pts, tooltip=["customer_id"]).to_dict())
    assert set(rows[0]) == {"x", "y", "segment", "t0"}


def test_map_draws_up_to_ten_thousand_points_and_refuses_more():
    assert charts.MAX_MAP_POINTS == 10_000
    # Altair's default to_dict() stops at 5,000 rows (st.altair_chart does not).
    with alt.data_transformers.disable_max_rows():
        spec = charts.segment_map_chart(points(10_000)).to_dict()
    assert len(rows_of(spec)) == 10_000
    with pytest.raises(ValueError, match="at most 10,000 points"):
        charts.segment_map_chart(points(10_001))
    with pytest.raises(ValueError, match="at most 50"):
        charts.segment_map_chart(points(51), max_points=50)


def test_map_of_a_projected_sample_stays_under_the_cap():
    matrix = np.random.default_rng(0).normal(size=(25_000, 4))
    xy = embed.project(matrix, method="pca")
    pts = xy.assign(segment=(xy["x"] > 0).astype(int))
    with alt.data_transformers.disable_max_rows():
        assert len(rows_of(charts.segment_map_chart(pts).to_dict())) == 10_000


def test_map_refuses_points_without_the_columns_it_needs():
    with pytest.raises(ValueError, match="segment"):
        charts.segment_map_chart(points(5).drop(columns="segment"))
    with pytest.raises(ValueError, match="age"):
        charts.segment_map_chart(points(5), tooltip=["age"])


def test_a_segment_keeps_its_colour_whichever_segments_are_shown():
    all_five = colour_of(charts.segment_map_chart(points(20, 5)).to_dict())
    pts = points(20, 5)
    only_some = colour_of(
        charts.segment_map_chart(pts[pts["segment"].isin([1, 3])]).to_dict()
    )
    assert only_some == {"1": all_five["1"], "3": all_five["3"]}
    assert all_five["3"] == charts.SEGMENT_COLOURS[3]


def test_map_orders_segments_by_number_and_greys_unassigned_customers():
    pts = points(12).assign(segment=["10", "2", "Unassigned", "0"] * 3)
    colours = colour_of(charts.segment_map_chart(pts).to_dict())
    assert list(colours) == ["0", "2", "10", "Unassigned"]
    assert colours["Unassigned"] not in charts.SEGMENT_COLOURS


def test_named_segments_take_the_order_given():
    pts = points(6).assign(segment=["Loyal", "Lost", "New"] * 2)
    spec = charts.segment_map_chart(pts, order=["New", "Loyal", "Lost"]).to_dict()
    assert list(colour_of(spec)) == ["New", "Loyal", "Lost"]
    assert len(set(colour_of(spec).values())) == 3


def test_more_segments_than_colours_are_told_apart_by_shape():
    assert "shape" not in charts.segment_map_chart(points(24, 8)).to_dict()["encoding"]
    spec = charts.segment_map_chart(points(24, 12)).to_dict()
    assert spec["encoding"]["shape"]["field"] == "segment"


# --- metric against k -----------------------------------------------------------------


SWEEP = pd.DataFrame(
    {
        "k": [4, 2, 3, 5],
        "silhouette": [0.40, 0.31, 0.45, np.nan],
        "bic": [np.nan] * 4,
    }
)


def test_metric_chart_is_a_line_with_points_and_a_rule_at_the_recommended_k():
    spec = charts.metric_vs_k_chart(
        SWEEP, metric="silhouette", recommended_k=3
    ).to_dict()
    line, rule, text = spec["layer"]
    assert line["mark"] == {"type": "line", "point": True, "color": "#0072B2"}
    assert line["encoding"]["x"]["field"] == "k"
    assert line["encoding"]["y"]["field"] == "value"
    assert "higher is better" in line["encoding"]["y"]["title"]
    rows = spec["datasets"][line["data"]["name"]]
    assert [(r["k"], r["value"]) for r in rows] == [(2, 0.31), (3, 0.45), (4, 0.40)]
    assert rule["mark"]["type"] == "rule"
    assert spec["datasets"][rule["data"]["name"]][0]["k"] == 3
    assert text["mark"]["type"] == "text"


@pytest.mark.parametrize("recommended", [None, 9])
def test_metric_chart_without_a_shown_recommendation_has_no_rule(recommended):
    spec = charts.metric_vs_k_chart(
        SWEEP, metric="silhouette", recommended_k=recommended
    ).to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line"]


def test_metric_chart_of_an_undefined_metric_says_so():
    spec = charts.metric_vs_k_chart(SWEEP, metric="bic", recommended_k=3).to_dict()
    (notice,) = spec["layer"]
    assert notice["mark"]["type"] == "text"
    data = notice.get("data", spec.get("data"))  # a lone layer's data is hoisted
    assert "not defined" in spec["datasets"][data["name"]][0]["text"]
    with pytest.raises(ValueError, match="stability"):
        charts.metric_vs_k_chart(SWEEP, metric="stability")


# --- segment sizes --------------------------------------------------------------------


def test_segment_sizes_are_bars_with_shares_names_and_the_map_colours():
    summary = pd.DataFrame(
        {
            "segment": [2, 0, 1],
            "size": [200, 500, 300],
            "segment_name": ["Lapsed", "Loyal", None],
        }
    )
    spec = charts.segment_sizes_chart(summary, title="Sizes").to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "size"
    rows = rows_of(spec)
    assert [(r["label"], r["size"]) for r in rows] == [
        ("0 · Loyal", 500),
        ("1", 300),
        ("2 · Lapsed", 200),
    ]
    assert [r["share"] for r in rows] == pytest.approx([0.5, 0.3, 0.2])
    assert spec["encoding"]["y"]["sort"] == ["0 · Loyal", "1", "2 · Lapsed"]
    map_colours = colour_of(charts.segment_map_chart(points(9, 3)).to_dict())
    assert colour_of(spec) == map_colours


def test_segment_sizes_use_the_given_shares_and_say_when_empty():
    summary = pd.DataFrame({"segment": ["0"], "size": [10], "share": [0.25]})
    assert rows_of(charts.segment_sizes_chart(summary).to_dict())[0]["share"] == 0.25
    empty = pd.DataFrame(columns=["segment", "size"])
    assert charts.segment_sizes_chart(empty).to_dict()["mark"]["type"] == "text"


# --- the brushed selection's profile --------------------------------------------------


def test_selection_profile_sorts_by_size_of_difference_and_shows_direction():
    profile = pd.DataFrame(
        {
            "feature": ["age", "spend", "visits", "channel = SMS"],
            "selection": ["30.00", "900.00", "4.00", "40%"],
            "everyone": ["45.00", "400.00", "4.10", "20%"],
            "difference": [-1.2, 2.5, -0.05, 0.2],
        }
    )
    spec = charts.selection_profile_chart(profile).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "difference"
    rows = rows_of(spec)
    assert [(r["feature"], r["direction"]) for r in rows] == [
        ("spend", "higher"),
        ("age", "lower"),
        ("channel = SMS", "higher"),
        ("visits", "lower"),
    ]
    assert spec["encoding"]["y"]["sort"] == [r["feature"] for r in rows]
    tips = [t["field"] for t in spec["encoding"]["tooltip"]]
    assert tips == ["feature", "selection", "everyone", "difference"]
    assert set(spec["encoding"]["color"]["scale"]["range"]) <= set(charts.OKABE_ITO)


def test_selection_profile_caps_the_features_and_skips_missing_differences():
    profile = pd.DataFrame(
        {
            "feature": [f"f{i}" for i in range(100)],
            "difference": np.linspace(-3, 2, 100),
        }
    )
    profile.loc[0, "difference"] = np.nan
    rows = rows_of(charts.selection_profile_chart(profile, max_features=10).to_dict())
    assert len(rows) == 10
    assert rows[0]["feature"] == "f1"  # f0 had the largest difference but no value


def test_selection_profile_without_differences_says_so():
    profile = pd.DataFrame({"feature": ["a"], "difference": [np.nan]})
    spec = charts.selection_profile_chart(profile).to_dict()
    assert spec["mark"]["type"] == "text"
