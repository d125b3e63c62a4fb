"""The Segments page through AppTest: profile, names, value and risk, details.

The app is tuned on the planted recipe (six behavioural columns, recommended
k = 5) and then switched to the Segments page. Expected figures come from the
library computed independently here (``describe`` on the same table and labels)
and from ``sample_data/README.md`` (the planted segments).
"""

import json

import pytest
from app_support import (
    TUNE,
    metric,
    open_page,
    planted_recipe,
    swept,
    texts,
    tuned,
    wait_until,
)

import segmentation as sg
from segmentation.describe.step import describe
from segmentation.reading.samples import SAMPLES
from ui import keys, state

PAGE = "app_pages/segments.py"


def _chart_titles(at) -> list[str]:
    out = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        title = spec.get("title") or spec.get("layer", [{}])[0].get("title")
        out.append(title if isinstance(title, str) else str(title))
    return out


def test_segments_page_describes_the_tuned_segments():
    at = tuned()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert metric(at, "Segments") == "5"
    assert metric(at, "Customers") == "5,000"
    # The names table holds the generated names, one per segment.
    labels = at.session_state[state.SEGMENT_LABELS]
    run_recipe = planted_recipe().replace(k=5)
    names = names_editor(at).value
    assert names["segment"].tolist() == [0, 1, 2, 3, 4]
    assert names["customers"].sum() == 5_000
    assert names["name"].nunique() == 5
    assert {"Champions", "Lapsed customers"} <= set(names["name"])
    # The same names as the library gives for these labels.
    frame = sg.read_table(SAMPLES["customers"].path)
    expected = describe(
        sg.infer_schema(frame).typed(frame), labels.labels.to_numpy(), run_recipe
    )
    assert names["name"].tolist() == [expected.names[s] for s in range(5)]
    titles = _chart_titles(at)
    assert "How each segment differs from the average" in titles
    assert "Share of customers and share of revenue" in titles
    assert len(at.tabs) == 5
    assert "In plain words:" in texts(at)
    assert "Churn risk is" in texts(at)  # the method, said on screen


def names_editor(at):
    (editor,) = [e for e in at.data_editor if "why" in e.value.columns]
    return editor


def test_a_renamed_segment_is_kept_and_names_reset_with_a_new_k():
    at = tuned()
    at.switch_page(PAGE).run()
    editor = names_editor(at)
    generated = editor.value["name"].tolist()
    at.session_state[editor.key] = {
        "edited_rows": {0: {"name": "  Our steady   core "}, 1: {"name": ""}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception, at.exception
    labels = at.session_state[state.SEGMENT_LABELS]
    # Spaces tidied; a cleared name falls back to the generated one.
    assert at.session_state[keys.SEGMENT_NAMES] == (
        labels.partition,
        {0: "Our steady core"},
    )
    assert any(t.label == "0 · Our steady core" for t in at.tabs)
    assert any(t.label == f"1 · {generated[1]}" for t in at.tabs)
    # The names survive a trip to another page and back.
    at.switch_page("app_pages/data.py").run()
    at.switch_page(PAGE).run()
    assert names_editor(at).value["name"].iloc[0] == "Our steady core"

    # A new k is a new labelling: generated names again, and 4 segments.
    at.switch_page("app_pages/tune.py").run()
    at.slider(key=state.TUNE_K).set_value(4).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert metric(at, "Segments") == "4"
    assert "Our steady core" not in set(names_editor(at).value["name"])


def test_without_segments_the_page_points_to_tune():
    at = open_page(PAGE, planted_recipe())
    assert not at.error
    (info,) = at.info
    assert "Tune page first" in info.value
    assert [p.label for p in at.page_link] == ["Go to the Tune page"]


def test_without_criteria_the_page_points_to_tune_with_the_defaults():
    at = open_page(PAGE)
    (info,) = at.info
    assert "Tune page first" in info.value
    said = " ".join(c.value for c in at.caption)
    assert "Segmenting on the default criteria (" in said


def test_two_segments_are_compared_side_by_side_with_tests():
    at = tuned()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    labels = at.session_state[state.SEGMENT_LABELS].labels
    first = metric(at, at.selectbox(key=keys.COMPARE_FIRST).format_func(0))
    assert first.startswith(f"{int((labels == 0).sum()):,} (")
    assert metric(at, "Everyone else").startswith(f"{int((labels != 0).sum()):,} (")
    at.selectbox(key=keys.COMPARE_FIRST).set_value(1).run()
    at.selectbox(key=keys.COMPARE_SECOND).set_value(2).run()
    assert not at.exception, at.exception
    (table,) = [t.value for t in at.dataframe if "p (Holm)" in t.value.columns]
    assert {"segment 1", "segment 2", "effect", "test"} <= set(table.columns)
    assert len(table) >= len(at.session_state[state.RECIPE].features)
    effects = table["effect"].abs().to_numpy()
    assert (effects[:-1] >= effects[1:]).all()


def test_a_kept_group_is_listed_with_the_segments_it_spans():
    recipe = planted_recipe()
    frame = sg.read_table(SAMPLES["customers"].path)
    ids = tuple(frame["customer_id"].iloc[:40])
    at = tuned(recipe.replace(groups=(("First forty", ids),)))
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    (kept,) = [t.value for t in at.dataframe if "group" in t.value.columns]
    assert kept["group"].tolist() == ["First forty"]
    assert kept["customers"].tolist() == [40]
    assert kept["column"].tolist() == ["group_first_forty"]
    labels = at.session_state[state.SEGMENT_LABELS].labels.iloc[:40]
    counts = [int(part.rsplit(" ", 1)[1]) for part in kept["segments"][0].split(", ")]
    assert sorted(counts) == sorted(labels.value_counts().tolist())


def test_a_log_brings_value_ahead_the_basis_choice_and_opportunities():
    at = open_page("app_pages/criteria.py")
    at.button(key="criteria_w_use_bundled").click().run()
    assert not at.exception, at.exception
    assert "Fitted on 5,000 customers" in texts(at)
    (behaviour,) = [t.value for t in at.dataframe if "p_alive" in t.value.columns]
    assert behaviour["p_alive"].between(0, 1).all()
    assert (behaviour["expected_value"] >= 0).all()
    at.switch_page(TUNE).run()
    wait_until(at, swept, "The k sweep")
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    picker = at.radio(key=keys.VALUE_BASIS_PICKER)
    assert picker.value == "expected"
    (value,) = [t.value for t in at.dataframe if "still active" in t.value.columns]
    assert value["still active"].between(0, 100).all()
    assert value["expected share"].sum() == pytest.approx(100)
    ordered = value["expected index"].tolist()
    assert ordered == sorted(ordered, reverse=True)  # ranked on the basis chosen
    said = texts(at)
    assert "**Opportunities**" in said and "Valuable but shrinking" in said
    at.number_input(key=keys.HORIZON_PICKER).set_value(90).run()
    assert not at.exception, at.exception
    assert at.radio(key=keys.VALUE_BASIS_PICKER).options[0] == (
        "Expected value (next 90 days)"
    )
    assert "over the next 90 days" in texts(at)
    picker = at.radio(key=keys.VALUE_BASIS_PICKER)
    picker.set_value("past").run()
    assert not at.exception, at.exception
    (value,) = [t.value for t in at.dataframe if "still active" in t.value.columns]
    ordered = value["value index"].tolist()
    assert ordered == sorted(ordered, reverse=True)
    assert "Valuable but shrinking" not in texts(at)
    at.switch_page("app_pages/export.py").run()
    assert not at.exception, at.exception
    recipe = sg.Recipe.from_json(at.session_state[keys.EXPORT_RECIPE_JSON])
    assert recipe.value_basis == "past" and recipe.transactions is not None
    assert recipe.horizon_days == 90
