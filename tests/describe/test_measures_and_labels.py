"""The analyst's measures and labels over the inferred ones, on real tables.

The wholesale table's spend columns are named by product line only (Fresh, Milk,
...): their sum is the inferred value; an analyst who counts only the fresh and
frozen lines sets those, and their sum ranks the segments. The food retailer's
wine and meat spend, set as the value and labelled, give the value column and the
words of the traits and names.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import segmentation as sg
from segmentation import workflow
from segmentation.describe import describe, find_role_columns
from segmentation.features import default_criteria
from segmentation.recipe import Recipe

CUSTOMERS = Path(__file__).resolve().parents[1] / "customers"
LINES = ("Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen")


def _run(name: str, k: int, **changes) -> tuple[pd.DataFrame, object, np.ndarray]:
    frame = sg.read_table(CUSTOMERS / name / "data.csv")
    schema = sg.infer_schema(frame)
    recipe = default_criteria(schema, schema.typed(frame)).recipe(schema, k=k)
    recipe = recipe.replace(**changes)
    prepared = workflow.prepare_for(frame, recipe)
    labels = sg.SegmentationModel(recipe).fit_prepared(prepared, frame.columns).labels_
    table = sg.describe.wide_table(frame, prepared.table)
    return frame, describe(table, labels, recipe, schema=schema), labels


def test_the_wholesale_product_lines_are_the_value_or_the_ones_set():
    _, found, _ = _run("wholesale", 3)
    assert found.profile.value_column == " + ".join(LINES)
    chosen = ("Fresh", "Frozen")
    frame, found, labels = _run("wholesale", 3, measures=(("value", chosen),))
    profile = found.profile
    assert profile.value_column == "Fresh + Frozen"
    spend = frame[list(chosen)].astype(float).sum(axis=1)
    for segment in profile.segments:
        share = spend[labels == segment].sum() / spend.sum()
        assert profile.value.loc[segment, "revenue_share"] == pytest.approx(share)
    assert profile.value["value_index"].max() > 1.2
    assert "Value is the sum of Fresh, Frozen:" in " ".join(profile.notes)


def test_a_summed_value_is_named_by_its_label():
    sum_name = ("Fresh + Frozen", "Perishables spend")
    _, found, _ = _run(
        "wholesale", 3, measures=(("value", ("Fresh", "Frozen")),), labels=(sum_name,)
    )
    notes = " ".join(found.profile.notes)
    assert "Value (Perishables spend) is the sum of Fresh, Frozen:" in notes


def test_labels_are_the_words_of_traits_and_names():
    _, found, _ = _run(
        "food_marketing",
        4,
        measures=(("value", ("MntWines", "MntMeatProducts")),),
        labels=(("MntWines", "Wine buys"), ("MntMeatProducts", "Butcher counter")),
    )
    profile = found.profile
    assert profile.value_column == "MntWines + MntMeatProducts"
    texts = " ".join(profile.traits["text"])
    assert "Wine buys" in texts or "Butcher counter" in texts
    assert "Wines spend" not in texts and "Meat products spend" not in texts
    words = " ".join(found.names.values()).lower()
    assert "wines spend" not in words and "meat products spend" not in words


def test_a_measure_set_to_nothing_is_left_out_and_a_bad_one_refused():
    table = pd.DataFrame({"recency_days": [3.0, 40.0], "orders": [1.0, 9.0]})
    assert find_role_columns(table).recency == "recency_days"
    assert find_role_columns(table, measures={"recency": ()}).recency is None
    with pytest.raises(sg.InputError, match="Unknown measure 'spend'"):
        Recipe(measures=(("spend", ("orders",)),))
    with pytest.raises(sg.InputError, match="The recency is one column, not 2"):
        Recipe(measures=(("recency", ("a", "b")),))
    again = Recipe(measures=(("value", ("a", "b")),), labels=(("a", "A!"),))
    assert Recipe.from_json(again.to_json()) == again


def test_a_label_is_the_word_of_the_channel_figure_too():
    _, found, _ = _run(
        "food_marketing", 4, labels=(("NumWebVisitsMonth", "Site visits a month"),)
    )
    said = sg.describe.messages(found, found.names)
    assert said["channel"].str.contains("Site visits a month").any()
    assert not said["channel"].str.contains("Web visits month").any()
