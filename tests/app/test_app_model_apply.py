"""The Data page labels the loaded table with a saved model, as `apply` does."""

from __future__ import annotations

from app_support import APP, CUSTOMERS, planted_recipe
from streamlit.testing.v1 import AppTest

import segmentation as sg
from segmentation.export import applied_output
from ui import keys


def test_a_saved_model_labels_the_loaded_table(tmp_path):
    frame = sg.read_table(CUSTOMERS)
    recipe = planted_recipe().replace(k=4, segment_names=((0, "Core"),))
    model = sg.SegmentationModel(recipe).fit(frame)
    path = tmp_path / "model.zip"
    model.save(path)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.file_uploader(key=keys.APPLY_MODEL).upload(
        "model.zip", path.read_bytes(), "application/zip"
    ).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    (counts,) = [t.value for t in at.dataframe if "customers" in t.value.columns]
    expected = applied_output(frame, model.predict(frame), recipe)
    want = expected.groupby(["segment", "segment_name"]).size()
    got = counts.set_index(["segment", "segment_name"])["customers"]
    assert got.to_dict() == want.to_dict()
    assert got.sum() == len(frame)
    assert (0, "Core") in got.index
    assert "model.zip put each of the 5,000 rows in one of its 4 segments" in " ".join(
        c.value for c in at.caption
    )


def test_a_file_that_is_not_a_model_gives_a_sentence():
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.file_uploader(key=keys.APPLY_MODEL).upload(
        "notes.zip", b"not a zip", "application/zip"
    ).run()
    assert not at.exception, at.exception
    (error,) = [e.value for e in at.error]
    assert error == "The model file is not a saved segmentation model (not a zip file)."
