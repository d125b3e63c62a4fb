"""The map's coordinates: sampling, PCA and UMAP projections, warm-up."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import silhouette_score

import segmentation as sg
from segmentation import workflow
from segmentation.cluster import embed

ROOT = Path(__file__).resolve().parents[2]
UMAP_ROWS = 3_000  # a few thousand rows: one UMAP fit takes about a second


@pytest.fixture(scope="module")
def sample() -> tuple[pd.DataFrame, np.ndarray]:
    """The bundled customers' feature matrix (every usable column) and the planted
    segments, with text ids as the index so labels can be told from positions."""
    frame = sg.read_table(ROOT / "sample_data" / "customers.csv")
    schema = sg.infer_schema(frame)
    matrix = workflow.prepare(frame, schema, sg.Recipe.from_schema(schema)).matrix
    matrix.index = frame["customer_id"].to_numpy()
    truth = pd.read_csv(ROOT / "sample_data" / "customers_truth.csv")
    assert (truth["customer_id"].to_numpy() == matrix.index).all()
    return matrix, truth["planted_segment"].to_numpy()


@pytest.fixture(scope="module")
def umap_twice(sample) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two UMAP layouts of the same rows with the same seed (the module's only
    fits of the sample: the first one compiles numba's code)."""
    matrix, _ = sample
    first = embed.project(matrix, method="umap", max_rows=UMAP_ROWS, seed=7)
    second = embed.project(matrix.copy(), method="umap", max_rows=UMAP_ROWS, seed=7)
    return first, second


# --- sample_rows -------------------------------------------------------------------


def test_sample_rows_keeps_every_row_of_a_small_table():
    assert embed.sample_rows(5).tolist() == [0, 1, 2, 3, 4]
    assert embed.sample_rows(0).tolist() == []
    assert embed.sample_rows(10, max_rows=10).tolist() == list(range(10))


@pytest.mark.parametrize("n_rows, max_rows", [(11, 10), (100_000, 10_000), (10**7, 3)])
def test_sample_rows_is_capped_sorted_distinct_and_in_range(n_rows, max_rows):
    rows = embed.sample_rows(n_rows, max_rows=max_rows, seed=1)
    assert len(rows) == max_rows
    assert (np.diff(rows) > 0).all()  # sorted and distinct
    assert rows.min() >= 0 and rows.max() < n_rows
    assert rows.dtype == np.int64


def test_sample_rows_depends_only_on_its_arguments():
    first = embed.sample_rows(50_000, max_rows=1_000, seed=3)
    np.testing.assert_array_equal(
        first, embed.sample_rows(50_000, max_rows=1_000, seed=3)
    )
    assert not np.array_equal(first, embed.sample_rows(50_000, max_rows=1_000, seed=4))


@pytest.mark.parametrize("n_rows, max_rows", [(-1, 10), (10, 0)])
def test_sample_rows_refuses_impossible_sizes(n_rows, max_rows):
    with pytest.raises(ValueError):
        embed.sample_rows(n_rows, max_rows=max_rows)


# --- PCA ---------------------------------------------------------------------------


def test_pca_projection_is_deterministic_and_indexed_by_sampled_labels(sample):
    matrix, _ = sample
    drawn = embed.layout(matrix, method="pca", max_rows=2_000, seed=5)
    first = drawn.xy
    second = embed.project(matrix.copy(), method="pca", max_rows=2_000, seed=5)
    pd.testing.assert_frame_equal(first, second)
    assert list(first.columns) == ["x", "y"]
    assert first.dtypes.tolist() == [np.float64, np.float64]
    expected = matrix.index[embed.sample_rows(len(matrix), max_rows=2_000, seed=5)]
    assert first.index.tolist() == expected.tolist()  # labels, in matrix order
    assert first.index.isin(matrix.index).all()
    assert (drawn.method, drawn.total_rows, drawn.sample_rows, drawn.seed) == (
        "pca",
        5_000,
        2_000,
        5,
    )


def test_pca_projection_of_the_whole_sample_keeps_every_customer(sample):
    matrix, _ = sample
    xy = embed.project(matrix, method="pca")
    assert xy.index.tolist() == matrix.index.tolist()
    assert np.isfinite(xy.to_numpy()).all()


def test_pca_map_separates_the_planted_segments(sample):
    # The sample's five planted segments differ on its behavioural columns, a few of
    # the 97 features of the default recipe. In the full feature space their
    # silhouette is about 0.12 (shuffled labels: about 0); the 2-D PCA map shows them
    # more clearly, at about 0.38. Above 0.25 means the map keeps the planted
    # structure; a projection that mixed the segments would score near 0.
    matrix, truth = sample
    xy = embed.project(matrix, method="pca").to_numpy()
    assert silhouette_score(xy, truth) > 0.25
    shuffled = np.random.default_rng(0).permutation(truth)
    assert abs(silhouette_score(xy, shuffled)) < 0.05


def test_array_input_is_indexed_by_position():
    values = np.random.default_rng(0).normal(size=(40, 3))
    xy = embed.project(values, method="pca", max_rows=10, seed=2)
    assert xy.index.tolist() == embed.sample_rows(40, max_rows=10, seed=2).tolist()


@pytest.mark.parametrize(
    "values",
    [
        np.ones((30, 4)),
        np.ones((30, 1)),
        np.arange(30.0).reshape(-1, 1),
        np.ones((1, 3)),
    ],
)
def test_degenerate_matrices_still_get_a_map(values):
    xy = embed.project(values, method="pca")
    assert xy.shape == (len(values), 2)
    assert np.isfinite(xy.to_numpy()).all()


def test_a_tiny_sample_gets_pca_even_when_umap_is_asked():
    values = np.random.default_rng(0).normal(size=(12, 3))
    assert embed.layout(values, method="umap").method == "pca"


@pytest.mark.parametrize(
    "matrix",
    [
        pd.DataFrame(),
        pd.DataFrame(index=range(5)),
        pd.DataFrame({"a": [1.0, np.nan, 3.0]}),
        pd.DataFrame({"a": [1.0, np.inf, 3.0]}),
        pd.DataFrame({"a": ["x", "y", "z"]}),
    ],
)
def test_unusable_matrices_raise_an_input_error(matrix):
    with pytest.raises(sg.InputError):
        embed.project(matrix, method="pca")


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="tsne"):
        embed.project(np.ones((20, 2)), method="tsne")


# --- UMAP --------------------------------------------------------------------------


@pytest.mark.slow
def test_umap_projection_is_deterministic(umap_twice):
    first, second = umap_twice
    pd.testing.assert_frame_equal(first, second)
    assert len(first) == UMAP_ROWS


@pytest.mark.slow
def test_umap_projection_lays_out_the_sampled_rows(umap_twice, sample):
    matrix, _ = sample
    xy, _ = umap_twice
    assert xy.index.isin(matrix.index).all()
    assert xy.index.is_unique and len(xy) == UMAP_ROWS
    positions = embed.sample_rows(len(matrix), max_rows=UMAP_ROWS, seed=7)
    assert xy.index.tolist() == matrix.index[positions].tolist()
    assert np.isfinite(xy.to_numpy()).all()


@pytest.mark.slow
def test_umap_map_separates_the_planted_segments(umap_twice, sample):
    # UMAP keeps neighbourhoods, so the planted segments form groups: about 0.35 on
    # this sample, the same bar as PCA's.
    matrix, truth = sample
    xy, _ = umap_twice
    labels = pd.Series(truth, index=matrix.index).loc[xy.index]
    assert silhouette_score(xy.to_numpy(), labels) > 0.25


@pytest.mark.slow
def test_umap_finds_neighbours_without_pynndescent(monkeypatch, sample, umap_twice):
    # umap-learn switches to pynndescent from 4,096 rows, whose first run in a
    # process compiles for most of a minute; the map must not take that path.
    import umap.umap_

    class Refuse(umap.umap_.NNDescent):
        def __init__(self, *args, **kwargs):
            raise AssertionError("pynndescent was used")

    monkeypatch.setattr(umap.umap_, "NNDescent", Refuse)
    matrix, _ = sample
    drawn = embed.layout(matrix, method="umap", max_rows=4_200, n_epochs=10)
    xy = drawn.xy
    assert len(xy) == 4_200 and drawn.method == "umap"


@pytest.mark.slow
def test_warm_up_returns_its_duration_and_later_fits_run(umap_twice):
    seconds = embed.warm_up()
    assert isinstance(seconds, float) and seconds > 0
    values = np.random.default_rng(1).normal(size=(300, 5))
    assert embed.layout(values, n_epochs=10).method == "umap"


@pytest.mark.slow
def test_warm_up_thread_is_a_started_daemon_that_finishes_cleanly(caplog, umap_twice):
    caplog.set_level(logging.INFO, logger="segmentation.cluster.embed")
    held = []

    class Lock:
        def __enter__(self):
            held.append("in")

        def __exit__(self, *exc):
            held.append("out")

    thread = embed.start_warm_up_thread(lock=Lock())
    assert thread.daemon
    thread.join(timeout=300)
    assert not thread.is_alive()
    assert held == ["in", "out"]
    assert "warm-up done" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
