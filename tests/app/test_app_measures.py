"""The Data page's measures and labels through AppTest, and their way to the recipe.

The bundled customers' spend is ``total_spend``, their recency ``recency_days``
and their order count ``orders`` (sample_data/README.md): the pickers start there.
"""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui import keys, state

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"


def data_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _digest(at: AppTest) -> str:
    return at.session_state[state.DATASET].digest


def test_the_pickers_start_from_the_inferred_measures():
    at = data_page()
    digest = _digest(at)
    assert at.multiselect(key=keys.measure_picker("value", digest)).value == [
        "total_spend"
    ]
    assert at.multiselect(key=keys.measure_picker("frequency", digest)).value == [
        "orders"
    ]
    assert at.selectbox(key=keys.measure_picker("recency", digest)).value == (
        "recency_days"
    )
    assert at.multiselect(key=keys.measure_picker("channel", digest)).value == [
        "preferred_channel"
    ]
    assert at.multiselect(key=keys.measure_picker("engagement", digest)).value == [
        "web_visits_30d",
        "email_opens_30d",
    ]
    assert at.multiselect(key=keys.measure_picker("consent", digest)).value == []
    assert at.session_state[keys.DATA_CHOICES].measures == ()


def test_changed_measures_and_labels_reach_the_recipe():
    at = data_page()
    digest = _digest(at)
    at.multiselect(key=keys.measure_picker("value", digest)).select("annual_income")
    at.selectbox(key=keys.measure_picker("recency", digest)).set_value("(none)")
    at.multiselect(key=keys.measure_picker("engagement", digest)).unselect(
        "web_visits_30d"
    )
    at.run()
    assert not at.exception, at.exception
    name = at.text_input(key=keys.measure_name("value", digest))
    assert name.label == "Name of the value (the sum of total_spend + annual_income)"
    name.input("Total worth").run()
    editor = at.data_editor(key=keys.labels_editor(digest))
    row = editor.value["column"].tolist().index("total_spend")
    at.session_state[keys.labels_editor(digest)] = {
        "edited_rows": {row: {"label": "Spend to date"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.switch_page("app_pages/criteria.py").run()
    assert not at.exception, at.exception
    recipe = at.session_state[state.RECIPE]
    assert dict(recipe.measures) == {
        "value": ("total_spend", "annual_income"),
        "recency": (),
        "engagement": ("email_opens_30d",),
    }
    assert dict(recipe.labels) == {
        "total_spend": "Spend to date",
        "total_spend + annual_income": "Total worth",
    }


def test_a_table_of_personal_data_only_has_no_label_table_and_no_error():
    at = data_page()
    emails = b"email\nana@example.com\nbo@example.org\ncy@example.net\n"
    at.file_uploader(key="upload").upload("emails.csv", emails, "text/csv")
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert "No column to label" in " ".join(c.value for c in at.caption)
