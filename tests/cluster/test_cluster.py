"""Clustering: algorithms, numbering by size, determinism, planted-segment recovery."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score
from sklearn.utils.estimator_checks import check_estimator

import segmentation as sg
from segmentation import workflow
from segmentation.cluster import registry
from segmentation.cluster.segmenter import Segmenter, number_by_size
from segmentation.errors import InputError
from segmentation.reading.samples import SAMPLES
from segmentation.recipe import Recipe

ROOT = Path(__file__).resolve().parents[2]
BEHAVIOUR = SAMPLES["customers"].planted_columns


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return sg.read_table(ROOT / "sample_data" / "customers.csv")


@pytest.fixture(scope="module")
def truth() -> pd.Series:
    return pd.read_csv(ROOT / "sample_data" / "customers_truth.csv")["planted_segment"]


def _recipe(frame: pd.DataFrame, columns, **options) -> Recipe:
    return Recipe.from_schema(sg.infer_schema(frame), columns=tuple(columns), **options)


def few_rows(monkeypatch, name: str, rows: int) -> None:
    """Make ``name`` fit on a sample above ``rows`` rows, for this test only."""
    entries = dict(registry.REGISTRY)
    entries[name] = replace(entries[name], fit_rows=rows)
    monkeypatch.setattr(registry, "REGISTRY", MappingProxyType(entries))


def _blobs(sizes, centres, seed=0, spread=0.2) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.vstack(
        [
            rng.normal(c, spread, (n, len(c)))
            for n, c in zip(sizes, centres, strict=True)
        ]
    )


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.SkipTestWarning")  # array API
@pytest.mark.parametrize("algorithm", ["kmeans", "gmm", "ward", "hdbscan"])
def test_segmenter_follows_the_scikit_learn_contract(algorithm):
    results = check_estimator(Segmenter(algorithm, n_clusters=3), on_fail=None)
    failed = [
        (r["check_name"], str(r["exception"]))
        for r in results
        if r["status"] == "failed"
    ]
    assert not failed
    assert sum(r["status"] == "passed" for r in results) > 30


# Numbering by size ------------------------------------------------------------


def test_labels_are_numbered_by_size_largest_first():
    #            a  b  b  c  a  b  noise c  b
    raw = np.array([4, 9, 9, 2, 4, 9, -1, 2, 9])
    # b has 4 rows, then a (2 rows, first at row 0) and c (2 rows, first at row 3).
    assert number_by_size(raw).tolist() == [1, 0, 0, 2, 1, 0, -1, 2, 0]


def test_tied_segments_are_ordered_by_their_first_row():
    # Two groups of 30, the far one (around 10) listed first: it becomes segment 0
    # whatever label k-means gives it internally, and for every seed.
    x = np.vstack([_blobs([30], [[10.0, 10.0]]), _blobs([30], [[0.0, 0.0]], seed=1)])
    for seed in range(5):
        labels = Segmenter(n_clusters=2, random_state=seed).fit(x).labels_
        assert labels.tolist() == [0] * 30 + [1] * 30
    labels = Segmenter("ward", n_clusters=2).fit(x[::-1]).labels_
    assert labels.tolist() == [0] * 30 + [1] * 30


@pytest.mark.parametrize("algorithm", ["kmeans", "gmm", "ward"])
def test_segment_sizes_never_grow_with_the_number(algorithm):
    x = _blobs([200, 50, 120, 80], [[0, 0], [5, 0], [0, 5], [5, 5]])
    model = Segmenter(algorithm, n_clusters=4).fit(x)
    sizes = np.bincount(model.labels_)
    assert model.n_segments_ == 4
    assert sizes.tolist() == [200, 120, 80, 50]
    assert model.cluster_centers_.shape == (4, 2)
    np.testing.assert_allclose(model.cluster_centers_[3], [5, 0], atol=0.1)


# Recovery on real data --------------------------------------------------------


def test_planted_segments_are_recovered_with_the_default_recipe(customers, truth):
    recipe = _recipe(customers, BEHAVIOUR, k=5)
    labels = workflow.fit(workflow.prepare_for(customers, recipe), recipe)
    assert adjusted_rand_score(truth, labels) >= 0.8
    assert np.bincount(labels).tolist() == sorted(np.bincount(labels), reverse=True)


def test_mixed_numeric_and_categorical_data_cluster(customers, truth):
    # The column set of bench/compare_mixed.py (one-hot + weights vs k-prototypes).
    numbers = (*BEHAVIOUR, "age", "annual_income", "household_size")
    categories = ("gender", "education", "country", "interests", "device", "os")
    recipe = _recipe(customers, (*numbers, *categories, "preferred_channel"), k=5)
    prepared = workflow.prepare_for(customers, recipe)
    devices = [c for c in prepared.matrix.columns if c.startswith("device_")]
    assert sorted(devices) == ["device_Desktop", "device_Mobile", "device_Tablet"]
    labels = workflow.fit(prepared, recipe)
    assert set(labels) == set(range(5))
    assert adjusted_rand_score(truth, labels) >= 0.8


def test_categories_alone_can_define_segments():
    # Two numeric columns of pure noise and one category that splits the rows.
    rng = np.random.default_rng(0)
    tier = np.array(["gold", "silver", "bronze"])[np.arange(300) % 3]
    frame = pd.DataFrame(
        {
            "visits": rng.normal(10, 1, 300).round(1).astype(str),
            "basket": rng.normal(50, 5, 300).round(2).astype(str),
            "tier": tier,
        }
    )
    recipe = _recipe(frame, ("visits", "basket", "tier"), k=3, weights=())
    recipe = recipe.replace(
        features=tuple(
            f if f.name != "tier" else sg.Feature("tier", "categorical", "demographic")
            for f in recipe.features
        ),
        weights=(("demographic", 3.0),),
    )
    labels = workflow.fit(workflow.prepare_for(frame, recipe), recipe)
    assert adjusted_rand_score(tier, labels) == 1.0


def test_same_data_and_recipe_give_identical_labels_in_a_fresh_process(customers):
    recipe = _recipe(customers, BEHAVIOUR, k=5, seed=3)
    here = workflow.fit(workflow.prepare_for(customers, recipe), recipe)
    again = workflow.fit(workflow.prepare_for(customers, recipe), recipe)
    assert (here == again).all()
    script = (
        "import sys, segmentation as sg\n"
        "from segmentation import workflow\n"
        "from segmentation.recipe import Recipe\n"
        "df = sg.read_table(sys.argv[1])\n"
        "r = Recipe.from_json(sys.argv[2])\n"
        "print(''.join(map(str, workflow.fit(workflow.prepare_for(df, r), r))))\n"
    )
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            ROOT / "sample_data" / "customers.csv",
            recipe.to_json(),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.strip()
    assert out == "".join(map(str, here))


# Each algorithm -----------------------------------------------------------------


def test_hdbscan_finds_the_number_of_segments_and_marks_noise_minus_one():
    x = _blobs([150, 150, 100], [[0, 0], [6, 0], [0, 6]], spread=0.3)
    outliers = np.array([[20.0, 20.0], [-15.0, 9.0], [12.0, -14.0]])
    model = Segmenter("hdbscan", n_clusters=99).fit(np.vstack([x, outliers]))
    assert model.n_segments_ == 3
    assert model.labels_[-3:].tolist() == [-1, -1, -1]
    assert (model.labels_[:400] >= 0).mean() > 0.95
    new = model.predict(np.array([[6.1, 0.1], [20.5, 20.5]]))
    assert new.tolist() == [model.labels_[200], -1]


def test_ward_on_large_data_fits_a_sample_and_says_so(monkeypatch):
    few_rows(monkeypatch, "ward", 500)
    x = _blobs([1500, 900, 600], [[0, 0], [5, 0], [0, 5]], spread=0.5)
    model = Segmenter("ward", n_clusters=3).fit(x)
    assert len(model.notes_) == 1
    assert "random sample of 500 of the 3,000 rows" in model.notes_[0]
    assert "nearest segment centre" in model.notes_[0]
    assert np.bincount(model.labels_).tolist() == [1500, 900, 600]
    small = Segmenter("ward", n_clusters=3).fit(x[:400])
    assert small.notes_ == ()


def test_hdbscan_on_large_data_fits_a_sample_and_says_so(monkeypatch):
    few_rows(monkeypatch, "hdbscan", 600)
    x = _blobs([1000, 1000], [[0, 0], [8, 8]], spread=0.5)
    model = Segmenter("hdbscan").fit(x)
    assert "random sample of 600 of the 2,000 rows" in model.notes_[0]
    assert model.reference_points_.shape == (600, 2)
    assert model.n_segments_ == 2


def test_gmm_reports_bic_and_predicts_the_training_labels():
    x = _blobs([120, 80], [[0, 0], [4, 4]])
    model = Segmenter("gmm", n_clusters=2).fit(x)
    assert np.isfinite(model.bic_) and model.inertia_ is None
    assert (model.predict(x) == model.labels_).all()


def test_kmeans_predicts_its_own_labels_and_reports_inertia():
    x = _blobs([100, 60, 40], [[0, 0], [3, 0], [0, 3]], spread=0.6)
    model = Segmenter(n_clusters=3).fit(x)
    assert (model.predict(x) == model.labels_).all()
    own = sum(
        ((x[model.labels_ == s] - x[model.labels_ == s].mean(0)) ** 2).sum()
        for s in range(3)
    )
    assert model.inertia_ == pytest.approx(own)


# Impossible requests ------------------------------------------------------------


def test_more_segments_than_distinct_customers_is_refused():
    x = np.array([[1.0, 2.0]] * 5 + [[3.0, 4.0]] * 5 + [[5.0, 6.0]])
    with pytest.raises(InputError, match="only 3 distinct customer"):
        Segmenter(n_clusters=4).fit(x)
    assert Segmenter(n_clusters=3).fit(x).n_segments_ == 3


def test_the_workflow_refuses_fewer_than_two_segments(customers):
    recipe = _recipe(customers, ("age",), k=1)
    with pytest.raises(InputError, match="2 or more"):
        workflow.fit(workflow.prepare_for(customers, recipe), recipe)
    with pytest.raises(InputError, match="Choose the number of segments"):
        workflow.fit(workflow.prepare_for(customers, recipe), recipe.replace(k=None))


def test_an_unknown_algorithm_is_refused():
    with pytest.raises(InputError, match="Unknown algorithm 'dbscan'"):
        Segmenter("dbscan").fit(np.eye(4))


def test_kmeans_above_a_million_rows_fits_on_a_sample_and_says_so():
    rng = np.random.default_rng(4)
    centres = np.array([[0.0, 0.0], [6.0, 0.0], [0.0, 6.0]])
    x = centres[rng.integers(0, 3, 1_200_000)] + rng.normal(0, 1, (1_200_000, 2))
    model = Segmenter("kmeans", 3, random_state=1).fit(x)
    (note,) = model.notes_
    assert "random sample of 1,000,000 of the 1,200,000 rows" in note
    assert "nearest segment centre" in note
    assert (model.labels_ == model.predict(x)).all()
    truth = np.argmin(((x[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
    assert adjusted_rand_score(truth, model.labels_) > 0.95
    again = Segmenter("kmeans", 3, random_state=1).fit(x)
    assert (again.labels_ == model.labels_).all()
