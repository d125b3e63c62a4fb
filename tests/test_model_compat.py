"""Model files saved by earlier versions still load and label the same rows the same.

The fixture was written before the library moved into subpackages, so its fitted
pipeline names classes by their old module paths.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd

import segmentation as sg

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MODEL = FIXTURES / "model_2026-12-03.zip"
EXPECTED = FIXTURES / "model_2026-12-03_segments.csv"
CUSTOMERS = ROOT / "sample_data" / "customers.csv"


def _stored_modules() -> set[str]:
    with zipfile.ZipFile(MODEL) as archive:
        blob = archive.read("pipeline.skops")
    with zipfile.ZipFile(io.BytesIO(blob)) as inner:
        schema = inner.read("schema.json").decode()
    return {
        m for m in ("segmentation.transformers", "segmentation.cluster") if m in schema
    }


def test_fixture_stores_the_old_class_paths() -> None:
    assert _stored_modules() == {"segmentation.transformers", "segmentation.cluster"}


def test_old_model_labels_the_same_rows_the_same() -> None:
    model = sg.SegmentationModel.load(MODEL)
    table = sg.read_table(CUSTOMERS).head(800)
    labels = model.predict(table)
    with open(EXPECTED, newline="", encoding="utf-8") as handle:
        expected = list(csv.DictReader(handle))
    assert [row["customer_id"] for row in expected] == list(table["customer_id"])
    assert [int(row["segment"]) for row in expected] == [int(x) for x in labels]


def test_old_model_apply_writes_the_same_names(tmp_path: Path) -> None:
    source = tmp_path / "customers_800.csv"
    with open(CUSTOMERS, encoding="utf-8", newline="") as handle:
        lines = handle.readlines()[:801]
    source.write_text("".join(lines), encoding="utf-8", newline="")
    out = tmp_path / "applied.csv"
    from segmentation.cli import main

    assert main(["apply", str(MODEL), str(source), "-o", str(out)]) == 0
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    expected = pd.read_csv(EXPECTED, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(
        written[["customer_id", "segment", "segment_name"]], expected
    )
