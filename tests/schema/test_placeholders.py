"""Placeholder codes (-1, 999 for "never"/"unknown") are missing, not numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import segmentation as sg


def _table(code: int, share: float, others: tuple[int, int], n: int = 1000):
    rng = np.random.default_rng(1)
    values = np.where(rng.random(n) < share, code, rng.integers(*others, n))
    return pd.DataFrame({"pdays": values.astype(str)}), values == code


@pytest.mark.parametrize(
    ("code", "others"), [(-1, (1, 871)), (999, (0, 28)), (-99, (0, 60))]
)
def test_a_code_apart_from_the_rest_is_missing(code, others):
    df, coded = _table(code, 0.8, others)
    schema = sg.infer_schema(df)
    column = schema["pdays"]
    assert column.role == "numeric"
    assert column.placeholders == (float(code),)
    typed = schema.typed(df)["pdays"]
    assert typed.isna().to_numpy().tolist() == coded.tolist()
    assert typed.min() >= others[0] and typed.max() < others[1]
    report = sg.quality_report(df, schema)
    kinds = {f.kind for f in report.findings if f.column == "pdays"}
    assert "placeholder" in kinds and "unparsed" not in kinds
    message = next(f.message for f in report.findings if f.kind == "placeholder")
    assert f"{int(coded.sum()):,} of 1,000 rows" in message


@pytest.mark.parametrize(
    "values",
    [
        [str(v) for v in range(-50, 50)],  # negatives are real values here
        [str(v) for v in range(0, 1000)],  # 999 is just the largest number
        ["-1"] * 50 + ["1", "2"] * 25,  # too few other values to tell
    ],
)
def test_ordinary_numbers_have_no_placeholder(values):
    schema = sg.infer_schema(pd.DataFrame({"x": values}))
    assert schema["x"].placeholders == ()


def test_the_export_keeps_the_code_as_written(tmp_path):
    df, _ = _table(-1, 0.5, (1, 400), n=200)
    df.insert(0, "id", [f"C{i}" for i in range(200)])
    df["spend"] = np.random.default_rng(2).gamma(2, 50, 200).round(2).astype(str)
    recipe = sg.Recipe.from_schema(sg.infer_schema(df), k=2)
    labels = sg.SegmentationModel(recipe).fit(df).labels_
    out = sg.labelled_table(df, labels, {0: "a", 1: "b"})
    assert out["pdays"].tolist() == df["pdays"].tolist()


def test_a_negative_balance_is_not_called_implausible():
    df = pd.DataFrame({"balance": ["-120", "300", "4500", "0", "-3"] * 10})
    report = sg.quality_report(df)
    assert not [f for f in report.findings if f.kind == "implausible"]
    spend = sg.quality_report(pd.DataFrame({"spend": ["-120", "300", "4500"] * 10}))
    assert [f for f in spend.findings if f.kind == "implausible"]
