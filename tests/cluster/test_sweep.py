"""The k sweep, the recommended k, and stability."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from shared_data import MALL
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.preprocessing import StandardScaler

import segmentation as sg
from segmentation import workflow
from segmentation.cluster import k_sweep as metrics
from segmentation.cluster import recommend, stability
from segmentation.errors import InputError
from segmentation.reading.samples import SAMPLES
from segmentation.recipe import Recipe

ROOT = Path(__file__).resolve().parents[2]
needs_mall = pytest.mark.skipif(
    not MALL.exists(),
    reason=f"Mall Customers not found at {MALL} (the shared/ datasets folder sits "
    "beside the project in CI)",
)
MALL_FEATURES = ("Annual Income (k$)", "Spending Score (1-100)")
BEHAVIOUR = SAMPLES["customers"].planted_columns


def _blobs(sizes, centres, seed=0, spread=0.3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.vstack(
        [
            rng.normal(c, spread, (n, len(c)))
            for n, c in zip(sizes, centres, strict=True)
        ]
    )


@pytest.fixture(scope="module")
def mall() -> pd.DataFrame:
    return sg.read_table(MALL)


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return sg.read_table(ROOT / "sample_data" / "customers.csv")


# Real data: the structure an expert pipeline finds --------------------------------


@needs_mall
def test_mall_customers_recommend_five_and_match_the_well_known_groups(mall):
    recipe = Recipe.from_schema(sg.infer_schema(mall), columns=MALL_FEATURES)
    table = sg.sweep(mall, recipe, range(2, 11)).table
    k, reason = sg.recommend_k(table)
    assert k == 5, reason
    assert "k = 5" in reason
    reference = KMeans(5, n_init=10, random_state=0).fit_predict(
        StandardScaler().fit_transform(mall[list(MALL_FEATURES)].astype(float))
    )
    labels = sg.SegmentationModel(recipe.replace(k=5)).fit(mall).labels_
    assert adjusted_rand_score(reference, labels) >= 0.8
    # The published figure for this split.
    assert table.set_index("k").loc[5, "silhouette"] == pytest.approx(0.55, abs=0.01)


def test_planted_segments_give_the_recommended_k(customers):
    recipe = Recipe.from_schema(sg.infer_schema(customers), columns=BEHAVIOUR)
    table = sg.sweep(customers, recipe, [3, 4, 5, 6, 7]).table
    assert table["k"].tolist() == [3, 4, 5, 6, 7]
    assert sg.recommend_k(table)[0] == 5
    assert table.set_index("k").loc[5, "stability"] > 0.95


# Shape and notes ------------------------------------------------------------------


def test_a_sweep_has_one_row_per_k_and_every_metric():
    x = _blobs([300, 300, 300], [[0, 0], [4, 0], [0, 4]])
    table = metrics.sweep_matrix(x, [4, 2, 3]).table
    assert list(table.columns) == [*metrics.METRICS, *metrics.SHAPE]
    assert table["k"].tolist() == [2, 3, 4]
    assert table["bic"].isna().all()
    assert (
        table[
            [
                "silhouette",
                "calinski_harabasz",
                "davies_bouldin",
                "inertia",
                "stability",
            ]
        ]
        .notna()
        .all()
        .all()
    )
    assert table["inertia"].is_monotonic_decreasing
    best = table.set_index("k")
    assert best["silhouette"].idxmax() == 3
    assert best["calinski_harabasz"].idxmax() == 3
    assert best["davies_bouldin"].idxmin() == 3


def test_the_silhouette_sample_is_said_in_the_notes():
    x = _blobs([3500, 3500], [[0, 0], [3, 3]])
    result = metrics.sweep_matrix(x, [2, 3], resamples=2)
    notes = " ".join(result.notes)
    assert "sample of 5,000 of the 7,000 rows" in notes
    assert "2 bootstrap resamples of 5,000 rows" in notes


@pytest.mark.parametrize("algorithm", ["gmm", "ward"])
def test_other_algorithms_sweep_too(algorithm):
    x = _blobs([150, 150, 100], [[0, 0], [4, 0], [0, 4]])
    table = metrics.sweep_matrix(x, [2, 3, 4], algorithm=algorithm, resamples=2).table
    column = "bic" if algorithm == "gmm" else "inertia"
    assert table[column].notna().all()
    assert recommend.recommend_k(table)[0] == 3


def test_the_silhouette_matches_scikit_learn():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(250, 3))
    labels = rng.integers(0, 5, 250)
    labels[7] = 5  # a lone member scores 0
    assert metrics.silhouette(euclidean_distances(x), labels) == pytest.approx(
        silhouette_score(x, labels)
    )


def test_impossible_sweeps_are_refused():
    x = np.repeat(np.array([[0.0], [1.0], [2.0]]), 10, axis=0)
    with pytest.raises(InputError, match="only 3 distinct customer"):
        metrics.sweep_matrix(x, range(2, 5))
    with pytest.raises(InputError, match="2 or more"):
        metrics.sweep_matrix(x, [1, 2])
    with pytest.raises(InputError, match="hdbscan finds the number"):
        metrics.sweep_matrix(x, [2], algorithm="hdbscan")


# The recommendation ----------------------------------------------------------------


def _table(silhouette, inertia, stab):
    return pd.DataFrame(
        {
            "k": [2, 3, 4, 5, 6],
            "silhouette": silhouette,
            "inertia": inertia,
            "bic": [np.nan] * 5,
            "stability": stab,
        }
    )


def test_unstable_k_are_passed_over_even_with_the_best_silhouette():
    table = _table(
        [0.40, 0.45, 0.60, 0.52, 0.50],
        [100, 80, 60, 20, 18],
        [0.95, 0.90, 0.55, 0.92, 0.90],
    )
    k, reason = recommend.recommend_k(table)
    assert k == 5
    assert reason == (
        "k = 5: the highest silhouette (0.52) among the stable choices (stability "
        "0.92; k = 4 is below 0.8), and the elbow of the inertia curve is also at "
        "k = 5."
    )


def test_the_elbow_breaks_a_near_tie_in_silhouette():
    table = _table(
        [0.40, 0.51, 0.50, 0.30, 0.28],
        [100, 70, 20, 18, 16],
        [0.95, 0.95, 0.95, 0.95, 0.95],
    )
    k, reason = recommend.recommend_k(table)
    assert k == 4
    assert reason.startswith("k = 4: the elbow of the inertia curve")
    assert "0.50" in reason and "k = 3: 0.51" in reason


def test_without_any_stable_k_all_are_considered_and_the_reason_says_so():
    table = _table(
        [0.20, 0.35, 0.30, 0.25, 0.22],
        [100, 60, 50, 45, 42],
        [0.50, 0.60, 0.40, 0.30, 0.20],
    )
    k, reason = recommend.recommend_k(table)
    assert k == 3
    assert "none reaches stability 0.8" in reason


def test_the_elbow_is_the_point_farthest_below_the_chord():
    assert recommend.elbow([2, 3, 4, 5, 6, 7], [500, 260, 90, 80, 72, 66]) == 4
    assert recommend.elbow([2, 3, 4], [5.0, 5.0, 5.0]) is None
    assert recommend.elbow([2, 3], [10.0, 1.0]) is None


# Stability ---------------------------------------------------------------------


def test_segment_stability_tells_real_segments_from_arbitrary_cuts():
    rng = np.random.default_rng(0)
    real = _blobs([200, 200], [[0, 0], [6, 6]], spread=0.4)
    noise = rng.uniform(-2, 2, (200, 2)) + [12, -6]  # one flat blob cut in three
    x = np.vstack([real, noise])
    labels = sg.Segmenter(n_clusters=5).fit(x).labels_
    table = stability.segment_jaccard(x, labels, resamples=8)
    assert table["size"].sum() == 600
    by_size = table.set_index("segment")
    real_segments = {labels[0], labels[300]}
    cut = [s for s in by_size.index if s not in real_segments]
    assert (by_size.loc[list(real_segments), "stability"] > 0.95).all()
    assert (
        by_size.loc[cut, "stability"].mean()
        < by_size.loc[list(real_segments), "stability"].mean()
    )
    assert set(by_size["verdict"]) <= {"stable", "fairly stable", "unstable"}


def test_segment_stability_of_a_recipe(customers):
    recipe = Recipe.from_schema(
        sg.infer_schema(customers), columns=BEHAVIOUR, k=5, seed=1
    )
    table = sg.segment_stability(customers, recipe, resamples=4)
    assert table["segment"].tolist() == [0, 1, 2, 3, 4]
    assert table["size"].is_monotonic_decreasing
    assert (table["stability"] > 0.9).all()
    assert (table["verdict"] == "stable").all()


def test_stability_falls_when_there_is_no_structure():
    rng = np.random.default_rng(1)
    x = rng.uniform(size=(400, 2))
    labels = {k: sg.Segmenter(n_clusters=k).fit(x).labels_ for k in (2, 7)}
    blobs = _blobs([200, 200], [[0, 0], [5, 5]])
    found = {2: sg.Segmenter(n_clusters=2).fit(blobs).labels_}
    assert stability.bootstrap_stability(blobs, found, resamples=3)[2] == 1.0
    assert stability.bootstrap_stability(x, labels, resamples=3)[7] < 0.9


def test_the_sweep_prepares_the_table_like_the_workflow(customers):
    recipe = Recipe.from_schema(sg.infer_schema(customers), columns=BEHAVIOUR[:2])
    table = sg.sweep(customers, recipe, [2, 3], resamples=0).table
    direct = metrics.sweep_matrix(
        workflow.prepare_for(customers, recipe).matrix, [2, 3], resamples=0
    ).table
    pd.testing.assert_frame_equal(table, direct)
    assert table["stability"].isna().all()


def test_without_any_silhouette_the_elbow_decides():
    table = _table([np.nan] * 5, [100, 80, 60, 20, 18], [np.nan] * 5)
    assert recommend.recommend_k(table) == (
        5,
        "k = 5: no silhouette could be computed; the elbow of the inertia curve is "
        "at k = 5.",
    )


def test_sweeping_one_k_at_a_time_gives_the_same_figures():
    # The app scores one k at a time (to show progress) and joins the rows.
    x = _blobs([150, 100, 80], [[0, 0], [4, 0], [0, 4]])
    whole = metrics.sweep_matrix(x, [2, 3, 4], resamples=3).table
    parts = pd.concat(
        [metrics.sweep_matrix(x, [k], resamples=3).table for k in (2, 3, 4)],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(parts, whole)


# Shape flags: one segment holding most customers, one column driving the split ----


def _coded_matrix(seed: int = 0) -> pd.DataFrame:
    """Three loose groups in two columns, and a 0/9 code column that splits 80/20."""
    rng = np.random.default_rng(seed)
    groups = _blobs([200, 200, 200], [[0, 0], [3, 0], [0, 3]], seed=seed, spread=0.8)
    code = np.where(rng.random(600) < 0.8, 0.0, 9.0)
    return pd.DataFrame({"spend": groups[:, 0], "visits": groups[:, 1], "code": code})


def test_a_sweep_flags_the_k_driven_by_one_column():
    matrix = _coded_matrix()
    features = ["spend", "visits", "code"]
    table = metrics.sweep_matrix(matrix, [2, 3], features=features).table
    flags = table.set_index("k")
    assert flags.loc[2, "driven_by"] == "code"
    assert flags.loc[2, "largest_share"] == pytest.approx(
        (matrix["code"] == 0).mean(), abs=0.01
    )
    # Without feature names nothing can be said of columns.
    plain = metrics.sweep_matrix(matrix, [2, 3], resamples=0).table
    assert plain["driven_by"].isna().all()


def test_the_recommendation_leaves_out_a_k_driven_by_a_placeholder():
    # A "days since last contact" of -1 for 82% of customers: k = 2 splits it
    # and reads a silhouette of 0.89.
    table = pd.DataFrame(
        {
            "k": [2, 3, 4],
            "silhouette": [0.89, 0.41, 0.38],
            "inertia": [900.0, 600.0, 500.0],
            "stability": [1.0, 0.9, 0.85],
            "largest_share": [0.78, 0.45, 0.35],
            "driven_by": ["pdays", None, None],
        }
    )
    k, reason = sg.recommend_k(table)
    assert k == 3, reason
    assert reason.endswith("Left out: k = 2: the segments are mostly ranges of pdays.")
    assert sg.recommend_k(table.drop(columns=["driven_by", "largest_share"]))[0] == 2


def test_a_k_with_one_segment_of_most_customers_is_left_out():
    x = _blobs([950, 25, 25], [[0, 0], [6, 0], [0, 6]], spread=0.5)
    table = metrics.sweep_matrix(x, [2, 3, 4], resamples=0).table.set_index("k")
    assert table.loc[2, "largest_share"] >= 0.95
    k, reason = sg.recommend_k(table.reset_index())
    assert "one segment holds" in reason
    every = table.reset_index()
    every["largest_share"] = 0.9
    k, reason = sg.recommend_k(every)
    assert "Every k has a problem" in reason
