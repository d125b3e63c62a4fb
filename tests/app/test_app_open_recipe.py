"""A recipe saved from the Export page reopens in a new session: same segments.

The planted recipe is tuned, a segment renamed and 20% held out; the recipe the
Export page offers is opened on the Criteria page of a fresh app, and the Tune,
Segments and Export pages give back the same labels, names and holdout. A recipe
naming a column the table lacks is restored without it, and says so.
"""

from __future__ import annotations

import json

from app_support import APP, open_page, swept, tuned, wait_until
from streamlit.testing.v1 import AppTest

from segmentation.recipe import Recipe
from ui import keys, state

CRITERIA = "app_pages/criteria.py"


def _saved_recipe() -> tuple[str, list[int]]:
    at = tuned()
    labels = at.session_state[state.SEGMENT_LABELS]
    at.session_state[keys.SEGMENT_NAMES] = (labels.partition, {0: "Steady core"})
    at.switch_page("app_pages/export.py").run()
    at.toggle(key=keys.HOLDOUT_ON).set_value(True).run()
    at.slider(key=keys.HOLDOUT_SHARE).set_value(20).run()
    assert not at.exception, at.exception
    return at.session_state[keys.EXPORT_RECIPE_JSON], labels.labels.tolist()


def _open(at: AppTest, text: str, name: str = "recipe.json") -> None:
    at.switch_page(CRITERIA).run()
    uploader = at.file_uploader(key=keys.OPEN_RECIPE)
    uploader.upload(name, text.encode(), "application/json").run()
    assert not at.exception, at.exception


def test_a_saved_recipe_reopens_with_the_same_segments_names_and_holdout():
    text, before = _saved_recipe()
    saved = Recipe.from_json(text)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    _open(at, text)
    (restored,) = [s.value for s in at.success if s.value.startswith("Opened")]
    assert restored.startswith(f"Opened recipe.json: {len(saved.features)} criteria")
    assert f"k = {saved.k}" in restored and "a 20% holdout" in restored
    assert not at.warning, [w.value for w in at.warning]
    assert at.session_state[state.RECIPE].feature_names == saved.feature_names
    at.switch_page("app_pages/tune.py").run()
    wait_until(at, swept, "The k sweep")
    assert not at.exception, at.exception
    assert at.slider(key=state.TUNE_K).value == saved.k
    assert at.session_state[state.SEGMENT_LABELS].labels.tolist() == before
    at.switch_page("app_pages/export.py").run()
    assert not at.exception, at.exception
    reopened = Recipe.from_json(at.session_state[keys.EXPORT_RECIPE_JSON])
    assert reopened.names[0] == "Steady core"
    assert reopened.holdout == 0.2
    assert at.toggle(key=keys.HOLDOUT_ON).value


def test_a_recipe_with_a_column_the_table_lacks_is_restored_without_it():
    text, _ = _saved_recipe()
    data = json.loads(text)
    data["features"].append(
        {"name": "shoe_size", "kind": "numeric", "family": "demographic"}
    )
    at = open_page(CRITERIA)
    _open(at, json.dumps(data), "other.json")
    warned = [w.value for w in at.warning]
    assert "The table has no column 'shoe_size': left out of the criteria." in warned
    assert "shoe_size" not in at.session_state[state.RECIPE].feature_names


def test_a_file_that_is_not_a_recipe_gives_a_sentence():
    at = open_page(CRITERIA)
    _open(at, "{not json", "broken.json")
    (error,) = [e.value for e in at.error if "recipe" in e.value]
    assert error.startswith("The recipe could not be opened: The recipe is not valid")
