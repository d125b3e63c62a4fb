"""The describe step types its input once, whatever form the faces hand it in."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from segmentation import workflow
from segmentation.describe import describe, segmented_table
from segmentation.describe.step import wide_table
from segmentation.errors import InputError
from segmentation.reading import read_table
from segmentation.recipe import Recipe

ROOT = Path(__file__).resolve().parents[2]
RECIPE = Recipe.from_json(
    (ROOT / "tests/fixtures/model_2026-12-03_recipe.json").read_text()
)


@pytest.fixture(scope="module")
def run():
    frame = read_table(ROOT / "sample_data/customers.csv").iloc[:600]
    prepared = workflow.prepare_for(frame, RECIPE)
    labels = workflow.fit(prepared, RECIPE)
    return frame, prepared, labels


def said(description) -> tuple:
    return (
        description.profile.traits["text"].tolist(),
        description.profile.value.round(9).to_json(),  # NaN as null
        description.rules["rule"].tolist(),
        description.names,
        description.channels.to_dict(),
    )


def test_the_typed_table_the_text_table_and_both_are_described_alike(run):
    frame, prepared, labels = run
    typed = describe(prepared.table, labels, RECIPE, schema=prepared.schema)
    as_read = describe(frame, labels, RECIPE)
    both = describe(wide_table(frame, prepared.table), labels, RECIPE)
    assert said(as_read) == said(typed) == said(both)
    assert typed.channels is not None and not typed.channels.empty


def test_text_cells_are_typed_by_the_recipe_kind(run):
    frame, _, labels = run
    data = segmented_table(frame, labels, RECIPE)
    for name, kind in data.kinds.items():
        column = data.table[name]
        if kind == "numeric":
            assert pd.api.types.is_float_dtype(column), name
        assert pd.api.types.is_string_dtype(frame[name].dtype)  # left as read
    assert data.labels.tolist() == list(labels)
    assert data.raw.index.equals(pd.RangeIndex(len(frame)))


def test_an_empty_table_and_a_missing_feature_are_refused():
    with pytest.raises(InputError, match="no rows"):
        segmented_table(pd.DataFrame({"spend": []}), [], RECIPE)
    one = pd.DataFrame({"other": ["1", "2"]})
    with pytest.raises(InputError, match="lacks the recipe's feature column"):
        segmented_table(one, [0, 1], RECIPE)
