"""The Tune page through AppTest: sweep, recommended k, k slider, map, brushing.

Each test starts a fresh ``AppTest`` from ``app.py`` (the app opens on the bundled
customers) with a recipe seeded in session state, as the Criteria page leaves it,
then switches to the Tune page. The k sweep and the UMAP layout run in background
threads; the tests rerun the page until they are ready, as the page's own poller
does in a browser. Expected figures come from ``sample_data/README.md`` (five
planted segments on the six behavioural columns) or are computed here by hand.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from app_support import (
    APP,
    SIX,
    TUNE,
    WAIT_SECONDS,
    metric,
    open_page,
    planted_recipe,
    swept,
    texts,
    wait_until,
)
from streamlit.testing.v1 import AppTest

import segmentation as sg
from segmentation import cluster
from segmentation.features import default_criteria
from segmentation.recipe import Feature, Recipe
from ui import cached, jobs, map_view, state

ROOT = Path(__file__).resolve().parents[2]

PAGE = TUNE


@pytest.fixture(scope="module")
def six_recipe() -> Recipe:
    """The recipe the Criteria page makes when only the six columns are chosen."""
    return planted_recipe()


def tune_page(recipe: Recipe | None = None, **session: object) -> AppTest:
    """A fresh app on the Tune page; ``recipe`` and ``session`` seed state first."""
    return open_page(PAGE, recipe, **session)


def chart_specs(at: AppTest) -> dict[str, tuple[dict, list[pd.DataFrame]]]:
    """Every Altair chart: its title -> (spec, the tables it ships)."""
    out = {}
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        tables = [
            pa.ipc.open_stream(d.data.data).read_all().to_pandas()
            for d in chart.proto.datasets
        ]
        title = spec.get("title") or spec["layer"][0].get("title")
        out[title] = (spec, tables)
    return out


def the_map(at: AppTest) -> tuple[dict, pd.DataFrame]:
    """The customer map's spec and its one table of points."""
    (title,) = [t for t in chart_specs(at) if t.startswith("Customers by segment")]
    spec, (points,) = chart_specs(at)[title]
    return spec, points


@pytest.fixture
def counted_projections(monkeypatch) -> list[str]:
    """Every projection of the real data from now on (method per call), uncached.

    Layouts still running for earlier tests end first, and the layouts' caches
    are cleared, so the page has to lay the map out again; the warm-up's tiny
    synthetic matrix is not counted.
    """
    jobs.wait_for_umap_jobs(timeout=WAIT_SECONDS)  # earlier tests' layouts
    calls: list[str] = []
    real = cluster.project

    def counting(matrix, *args, **kwargs):
        if len(matrix) >= 1_000:
            calls.append(kwargs.get("method", "umap"))
        return real(matrix, *args, **kwargs)

    monkeypatch.setattr(cluster, "project", counting)
    cached.projection.clear()
    jobs.umap_job.clear()
    return calls


def test_page_renders_with_the_sweep_charts_and_recommends_k_5(six_recipe):
    at = tune_page(six_recipe)
    assert [t.value for t in at.title] == ["Tune"]
    assert not at.error
    wait_until(at, swept, "The k sweep")
    assert not at.error
    assert at.slider(key=state.TUNE_K).value == 5
    assert "k = 5" in next(m.value for m in at.markdown if "Recommended:" in m.value)
    assert metric(at, "Segments") == "5"
    specs = chart_specs(at)
    for title in ("Silhouette", "Stability", "Inertia"):
        spec, tables = specs[title]
        line, mark = sorted(tables, key=len, reverse=True)
        assert list(line["k"]) == list(range(2, 13))
        assert list(mark["k"]) == [5]  # the recommended k, marked
    recipe = at.session_state[state.RECIPE]
    assert (recipe.algorithm, recipe.k, recipe.seed) == ("kmeans", 5, 0)
    assert recipe.feature_names == list(SIX)


def test_moving_k_reclusters_and_recolours_the_same_map(
    six_recipe, counted_projections
):
    at = tune_page(six_recipe)
    wait_until(at, swept, "The k sweep")
    assert counted_projections.count("pca") == 1
    spec, before = the_map(at)
    assert before["segment"].nunique() == 5
    labels_before = at.session_state[state.SEGMENT_LABELS]

    at.slider(key=state.TUNE_K).set_value(4).run()
    assert not at.exception, at.exception
    assert metric(at, "Segments") == "4"
    spec, after = the_map(at)
    assert sorted(after["segment"].unique()) == ["0", "1", "2", "3"]
    assert spec["encoding"]["color"]["condition"]["scale"]["domain"] == [
        "0",
        "1",
        "2",
        "3",
    ]
    # Same customers at the same places: only the colours changed.
    pd.testing.assert_frame_equal(before[["x", "y"]], after[["x", "y"]])
    assert counted_projections.count("pca") == 1
    labels = at.session_state[state.SEGMENT_LABELS]
    assert labels.n_segments == 4 and labels.key != labels_before.key
    assert labels.matrix_key == labels_before.matrix_key
    assert len(labels.labels) == 5_000
    assert Recipe.from_json(labels.recipe_json).k == 4
    assert at.session_state[state.RECIPE].k == 4

    # The UMAP layout finishes in the background, once for this matrix: k is not
    # part of its key, so the k change did not start a second one.
    def umap_shown(at: AppTest) -> bool:
        return any(t.startswith("Customers by segment (UMAP") for t in chart_specs(at))

    wait_until(at, umap_shown, "The UMAP map")
    assert counted_projections.count("umap") == 1
    at.slider(key=state.TUNE_K).set_value(6).run()
    _, points = the_map(at)
    assert points["segment"].nunique() == 6
    assert counted_projections == ["pca", "umap"]


def test_the_chosen_k_survives_a_trip_to_another_page(six_recipe):
    at = tune_page(six_recipe)
    wait_until(at, swept, "The k sweep")
    at.slider(key=state.TUNE_K).set_value(7).run()
    at.switch_page("app_pages/data.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.slider(key=state.TUNE_K).value == 7
    assert metric(at, "Segments") == "7"
    assert at.session_state[state.RECIPE].k == 7


def test_hdbscan_finds_k_itself_without_a_new_map(six_recipe, counted_projections):
    at = tune_page(six_recipe)
    assert counted_projections.count("pca") == 1
    at.selectbox(key=state.TUNE_ALGORITHM).set_value("hdbscan").run()
    assert not at.exception, at.exception
    assert not at.error
    assert not [s for s in at.slider if s.key == state.TUNE_K]
    assert "HDBSCAN chooses it from the data" in texts(at)
    recipe = at.session_state[state.RECIPE]
    assert (recipe.algorithm, recipe.k) == ("hdbscan", None)
    labels = at.session_state[state.SEGMENT_LABELS].labels
    found = int(labels[labels >= 0].nunique())
    assert metric(at, "Segments") == str(found) and found >= 2
    _, points = the_map(at)
    expected = {str(i) for i in range(found)}
    if (labels < 0).any():
        expected.add("Unassigned")
        assert metric(at, "Unassigned") == f"{int((labels < 0).sum()):,}"
    assert set(points["segment"]) <= expected
    assert counted_projections.count("pca") == 1  # the map was only recoloured


def test_k_is_capped_at_the_customers_the_features_tell_apart():
    # 40 customers whose two features take only 3 distinct pairs.
    rows = "\n".join(f"X{i:02d},{i % 3},{(i % 3) * 2}" for i in range(40))
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.file_uploader(key="upload").upload("three.csv", f"id,a,b\n{rows}\n".encode())
    at.run()
    at.switch_page("app_pages/criteria.py").run()
    at.switch_page(PAGE).run()
    wait_until(at, swept, "The k sweep")
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    slider = at.slider(key=state.TUNE_K)
    assert (slider.min, slider.max) == (2, 3)
    _, tables = chart_specs(at)["Silhouette"]
    assert list(max(tables, key=len)["k"]) == [2, 3]
    assert metric(at, "Segments") == str(slider.value)


def test_without_data_the_page_says_load_data_first():
    at = tune_page(**{state.AUTOLOAD_DONE: True})
    assert [w.value for w in at.warning] == ["Load data on the Data page first."]
    assert len(at.page_link) == 1
    assert not at.get("vega_lite_chart") and not at.metric


def test_without_features_chosen_the_page_points_to_criteria():
    at = tune_page(Recipe(id_column="customer_id"))
    assert not at.error
    (info,) = at.info
    assert "Nothing to segment on yet" in info.value
    assert len(at.page_link) == 1
    assert not at.get("vega_lite_chart") and not at.metric


@pytest.mark.parametrize(
    "recipe",
    [
        None,
        Recipe(
            input_fingerprint="0" * 64,
            features=(Feature("orders", "numeric", "behavioral"),),
        ),
    ],
    ids=["no-criteria-yet", "criteria-of-other-data"],
)
def test_without_criteria_for_this_table_the_defaults_segment_it(recipe):
    at = tune_page(recipe)
    wait_until(at, swept, "The k sweep")
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    said = " ".join(c.value for c in at.caption)
    assert "Segmenting on the default criteria (" in said
    used = at.session_state[state.RECIPE]
    dataset = at.session_state[state.DATASET]
    frame = dataset.frame
    schema = sg.infer_schema(frame)
    expected = default_criteria(schema, schema.typed(frame)).recipe(schema)
    assert used.feature_names == expected.feature_names
    assert used.input_fingerprint == dataset.digest
    assert metric(at, "Segments") == str(at.slider(key=state.TUNE_K).value)


# Pure helpers, on toy data with answers computed by hand.

POINTS = pd.DataFrame(
    {"x": [0.0, 1.0, 2.0, 3.0], "y": [0.0, 1.0, 2.0, 3.0]},
    index=[10, 11, 12, 13],
)


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ({"selection": {"brush": {"x": [0.5, 2.5], "y": [0.5, 2.5]}}}, [11, 12]),
        ({"selection": {"brush": {"x": [2.5, 0.5], "y": [0, 9]}}}, [11, 12]),
        ({"selection": {"brush": {"x": [-1, 0.5]}}}, [10]),
        ({"selection": {"brush": {}}}, []),
        ({"selection": {}}, []),
        (None, []),
    ],
)
def test_brushed_points_are_those_inside_the_rectangle(event, expected):
    assert map_view.brushed(POINTS, event) == expected


def test_near_twin_segments_are_flagged_beside_the_counts():
    # Two tight groups far apart on both columns: at k = 4 the groups are cut
    # into pieces whose averages differ by a fraction of a standard deviation.
    rng = np.random.default_rng(3)
    rows = [
        f"C{i:03d},{100 + 1000 * (i % 2) + rng.normal(0, 3):.2f},"
        f"{5 + 45 * (i % 2) + rng.normal():.1f}"
        for i in range(300)
    ]
    data = ("customer_id,total_spend,visits\n" + "\n".join(rows) + "\n").encode()
    at = tune_page()
    at.switch_page("app_pages/data.py").run()
    at.file_uploader(key=state.UPLOAD).upload("twins.csv", data, "text/csv").run()
    at.switch_page(PAGE).run()
    wait_until(at, swept, "The k sweep")
    at.slider(key=state.TUNE_K).set_value(4).run()
    assert not at.exception, at.exception
    warned = " ".join(w.value for w in at.warning)
    assert "are nearly the same" in warned
