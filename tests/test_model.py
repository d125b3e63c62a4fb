"""SegmentationModel: fit, predict, save and load (never executing the file)."""

from __future__ import annotations

import io
import json
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.metrics import adjusted_rand_score

import segmentation as sg
from segmentation import workflow
from segmentation.errors import InputError
from segmentation.model import SegmentationModel
from segmentation.reading.samples import SAMPLES
from segmentation.recipe import Feature, Recipe, TransactionMapping

ROOT = Path(__file__).resolve().parents[1]
BEHAVIOUR = SAMPLES["customers"].planted_columns
#: Every kind of feature: numbers, a date, categories (one with a missing value).
MIXED = ("orders", "total_spend", "annual_income", "signup_date", "gender", "device")


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return sg.read_table(ROOT / "sample_data" / "customers.csv")


@pytest.fixture(scope="module")
def truth() -> pd.Series:
    return pd.read_csv(ROOT / "sample_data" / "customers_truth.csv")["planted_segment"]


def _recipe(frame, columns, **options) -> Recipe:
    return Recipe.from_schema(sg.infer_schema(frame), columns=columns, **options)


@pytest.mark.parametrize("algorithm", ["kmeans", "gmm", "ward", "hdbscan"])
def test_a_loaded_model_predicts_the_same_labels(customers, tmp_path, algorithm):
    frame = customers.iloc[:1500]
    model = SegmentationModel(_recipe(frame, MIXED, k=4, algorithm=algorithm))
    model.fit(frame)
    path = tmp_path / "model.zip"
    model.save(path)
    loaded = SegmentationModel.load(path)
    assert loaded.recipe == model.recipe
    assert loaded.n_segments_ == model.n_segments_
    assert loaded.schema_ == model.schema_
    new = customers.iloc[1500:2500]
    np.testing.assert_array_equal(loaded.predict(new), model.predict(new))
    np.testing.assert_array_equal(loaded.predict(frame), model.predict(frame))
    if algorithm in ("kmeans", "gmm", "hdbscan"):
        np.testing.assert_array_equal(loaded.predict(frame), model.labels_)


def test_predict_labels_new_customers_by_the_planted_segments(customers, truth):
    model = SegmentationModel(_recipe(customers, BEHAVIOUR, k=5))
    model.fit(customers.iloc[:4000])
    assert adjusted_rand_score(truth[:4000], model.labels_) >= 0.8
    predicted = model.predict(customers.iloc[4000:].reset_index(drop=True))
    assert adjusted_rand_score(truth[4000:], predicted) >= 0.8


def test_behaviour_from_a_log_gives_the_app_matrix_and_round_trips(customers, tmp_path):
    log = sg.read_table(ROOT / "sample_data" / "transactions.csv")
    mapping = TransactionMapping(
        customer="customer_id", date="order_date", amount="amount", invoice="order_id"
    )
    schema = sg.infer_schema(customers)
    # The app's schema has every column: the log's recency_days meets the table's
    # and becomes tx_recency_days.
    recipe = Recipe.from_schema(schema, columns=("age",), transactions=mapping, k=4)
    recipe = recipe.replace(
        features=(
            *recipe.features,
            Feature("tx_recency_days", "numeric", "behavioral"),
            Feature("monetary", "numeric", "behavioral"),
        )
    )
    app = workflow.prepare(customers, schema, recipe, log)
    model = SegmentationModel(recipe).fit(customers, transactions=log)
    ours = model.transformer_.transform(app.table)
    pd.testing.assert_frame_equal(ours, app.matrix)
    np.testing.assert_array_equal(model.labels_, workflow.fit(app, recipe))
    model.save(tmp_path / "m.zip")
    loaded = SegmentationModel.load(tmp_path / "m.zip")
    predicted = loaded.predict(customers, transactions=log)
    np.testing.assert_array_equal(predicted, model.labels_)


def test_predict_needs_the_model_columns_and_a_fit(customers):
    model = SegmentationModel(_recipe(customers, BEHAVIOUR, k=3))
    with pytest.raises(InputError, match="Fit the model"):
        model.predict(customers)
    model.fit(customers)
    with pytest.raises(InputError, match="lacks the model's column.*total_spend"):
        model.predict(customers.drop(columns=["total_spend"]))


def test_the_file_holds_json_and_skops_and_no_training_labels(customers, tmp_path):
    model = SegmentationModel(_recipe(customers, MIXED, k=3)).fit(customers)
    path = tmp_path / "m.zip"
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == [
            "model.json",
            "pipeline.skops",
            "recipe.json",
        ]
        meta = json.loads(archive.read("model.json"))
        blob = archive.read("pipeline.skops")
    assert meta["format"] == "segmentation-studio-model"
    assert meta["n_segments"] == 3
    read = [c for c in customers.columns if c in {"customer_id", *MIXED}]
    assert [c["name"] for c in meta["schema"]["columns"]] == read
    assert not hasattr(
        sio.loads(blob, trusted=list(sg.model.TRUSTED_TYPES))["segmenter"], "labels_"
    )
    assert not hasattr(SegmentationModel.load(path), "labels_")


# Damaged or hostile files ----------------------------------------------------------


def _saved(customers, tmp_path) -> dict[str, bytes]:
    path = tmp_path / "good.zip"
    SegmentationModel(_recipe(customers, BEHAVIOUR[:2], k=2)).fit(customers).save(path)
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
    return path


class _Bomb:
    """Creates a file when unpickled: proof of code execution."""

    def __init__(self, target: str) -> None:
        self.target = target

    def __reduce__(self):
        return (open, (self.target, "w"))


def test_garbage_is_not_a_model(tmp_path):
    path = tmp_path / "garbage.zip"
    path.write_bytes(os.urandom(2048))
    with pytest.raises(InputError, match="garbage.zip is not a saved segmentation"):
        SegmentationModel.load(path)
    with pytest.raises(InputError, match="cannot read"):
        SegmentationModel.load(tmp_path / "absent.zip")


def test_a_pickle_in_place_of_the_pipeline_is_refused_unrun(customers, tmp_path):
    proof = tmp_path / "executed"
    parts = _saved(customers, tmp_path)
    parts["pipeline.skops"] = pickle.dumps(_Bomb(str(proof)))
    with pytest.raises(InputError, match="cannot be read"):
        SegmentationModel.load(_write(tmp_path / "pickled.zip", parts))
    assert not proof.exists()
    # A whole pickle file as the model: refused too, never unpickled.
    bare = tmp_path / "bare.pkl"
    bare.write_bytes(pickle.dumps(_Bomb(str(proof))))
    with pytest.raises(InputError, match="not a saved segmentation model"):
        SegmentationModel.load(bare)
    assert not proof.exists()


def test_a_pipeline_naming_foreign_types_is_refused(customers, tmp_path):
    parts = _saved(customers, tmp_path)
    good = sio.loads(parts["pipeline.skops"], trusted=list(sg.model.TRUSTED_TYPES))
    parts["pipeline.skops"] = sio.dumps({**good, "extra": os.system})
    with pytest.raises(
        InputError,
        match=r"types a segmentation model never holds.*"
        r"system",
    ):
        SegmentationModel.load(_write(tmp_path / "foreign.zip", parts))
    # The type name is rewritten inside the skops file to os.system.
    tampered = _retyped(_saved(customers, tmp_path)["pipeline.skops"])
    parts["pipeline.skops"] = tampered
    with pytest.raises(InputError, match="never holds.*system"):
        SegmentationModel.load(_write(tmp_path / "tampered.zip", parts))


def _retyped(blob: bytes) -> bytes:
    """Point the Weight transformer's class at ``os.system`` in the skops schema."""
    source = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "schema.json":
                text = data.decode()
                assert '"__class__": "Weight"' in text
                text = text.replace('"__class__": "Weight"', '"__class__": "system"')
                text = text.replace(
                    '"__module__": "segmentation.features.transformers"',
                    '"__module__": "os"',
                )
                data = text.encode()
            target.writestr(item.filename, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"model.json": b"{not json"}, "not valid JSON"),
        ({"model.json": json.dumps({"format": "other"}).encode()}, "is not a saved"),
        (
            {
                "model.json": json.dumps(
                    {"format": "segmentation-studio-model", "version": 99}
                ).encode()
            },
            "model format 99",
        ),
        ({"recipe.json": b"[]"}, "A recipe must be a JSON object"),
        ({"pipeline.skops": b"PK\x03\x04 truncated"}, "cannot be read"),
    ],
)
def test_damaged_parts_are_refused(customers, tmp_path, change, message):
    parts = {**_saved(customers, tmp_path), **change}
    with pytest.raises(InputError, match=message):
        SegmentationModel.load(_write(tmp_path / "damaged.zip", parts))


def test_a_zip_without_the_parts_is_refused(tmp_path):
    path = _write(tmp_path / "other.zip", {"readme.txt": b"hello"})
    with pytest.raises(InputError, match=r"not a saved segmentation model \(no "):
        SegmentationModel.load(path)
