"""A saved recipe cut to another table: what fits is kept, the rest is said."""

from __future__ import annotations

from pathlib import Path

import segmentation as sg
from segmentation.features import default_criteria
from segmentation.rules import Condition, RuleSegment

ROOT = Path(__file__).resolve().parents[1]
CUSTOMERS = ROOT / "sample_data" / "customers.csv"


def _sample_recipe() -> sg.Recipe:
    frame = sg.read_table(CUSTOMERS)
    schema = sg.infer_schema(frame)
    recipe = default_criteria(schema, schema.typed(frame)).recipe(schema, k=4)
    return recipe.replace(
        rules=(
            RuleSegment("Big", (Condition("total_spend", ">", 1000),)),
            RuleSegment("Young", (Condition("age", "<", 30),)),
        ),
        measures=(("value", ("total_spend",)), ("engagement", ("web_visits_30d",))),
        labels=(("orders", "Orders placed"), ("total_spend + orders", "Sum")),
        segment_names=((0, "Core"),),
    )


def test_a_recipe_on_its_own_table_is_kept_whole():
    recipe = _sample_recipe()
    columns = sg.read_table(CUSTOMERS).columns
    fitted = sg.fit_recipe(recipe, columns)
    assert fitted.problems == ()
    assert fitted.recipe == recipe


def test_on_a_table_without_some_columns_each_drop_is_said():
    recipe = _sample_recipe()
    columns = [c for c in sg.read_table(CUSTOMERS).columns]
    columns.remove("age")
    columns.remove("web_visits_30d")
    fitted = sg.fit_recipe(recipe, columns)
    assert "web_visits_30d" not in fitted.recipe.feature_names
    assert [r.name for r in fitted.recipe.rules] == ["Big"]
    assert dict(fitted.recipe.measures) == {"value": ("total_spend",)}
    assert fitted.recipe.labels == recipe.labels
    assert fitted.recipe.k == 4 and fitted.recipe.names == {0: "Core"}
    said = " ".join(fitted.problems)
    assert "Rule 'Young' uses 'age', which the table does not have" in said
    assert "The engagement was set to 'web_visits_30d'" in said
    assert "'web_visits_30d': left out of the criteria" in said
    assert "'age': no longer described" in said


def test_on_another_business_almost_nothing_fits():
    recipe = _sample_recipe()
    telco = sg.read_table(ROOT / "tests" / "customers" / "telco_churn" / "data.csv")
    fitted = sg.fit_recipe(recipe, telco.columns)
    assert fitted.recipe.features == ()
    assert fitted.recipe.id_column is None
    assert any("no id column 'customer_id'" in p for p in fitted.problems)
