"""The Export page through AppTest: messages, holdout, preview, and the recipe.

The app is tuned on the planted recipe (k = 5), then switched to the Export page.
The recipe the page offers is run through ``segmentation fit --recipe`` and must
give the page's labels, names and A/B groups.
"""

import pandas as pd
import pytest
from app_support import CUSTOMERS, open_page, planted_recipe, texts, tuned

from segmentation import cli
from segmentation.campaigns import customers_needed
from segmentation.recipe import Recipe
from ui import export_view, keys, state

PAGE = "app_pages/export.py"


@pytest.fixture(scope="module")
def exported():
    """The Export page after renaming segment 0 and holding out 20%."""
    at = tuned()
    labels = at.session_state[state.SEGMENT_LABELS]
    at.session_state[keys.SEGMENT_NAMES] = (labels.partition, {0: "+Steady core"})
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    at.toggle(key=keys.HOLDOUT_ON).set_value(True).run()
    at.slider(key=keys.HOLDOUT_SHARE).set_value(20).run()
    assert not at.exception, at.exception
    return at


def _messages(at) -> pd.DataFrame:
    (editor,) = [e for e in at.data_editor if "rationale" in e.value.columns]
    return editor.value


def test_export_page_shows_messages_options_preview_and_downloads(exported):
    at = exported
    assert not at.error, [e.value for e in at.error]
    messages = _messages(at)
    assert messages["segment"].tolist() == [0, 1, 2, 3, 4]
    assert messages["segment_name"].iloc[0] == "+Steady core"
    assert messages["body"].nunique() == 5
    assert (
        messages.loc[messages["segment_name"] == "Lapsed customers", "objective"].item()
        == "win back"
    )
    labels = [b.label for b in at.get("download_button")]
    assert labels == [
        "Labelled customers (CSV)",
        "Segment summary (CSV)",
        "Messages (CSV)",
        "Recipe (JSON)",
        "Model file",
    ]
    assert "Every one of the 5,000 input rows" in texts(at)
    assert "then segment, segment_name, ab_group. First" in texts(at)
    assert "are replaced by ours" not in texts(at)
    # Built with the page, so held by this session until it runs again.
    buttons = [b.proto for b in at.get("download_button")]
    assert all(b.url and not b.deferred_file_id and not b.disabled for b in buttons)
    assert "prepared on request" not in texts(at)


def _download(at, label: str):
    (button,) = [b.proto for b in at.get("download_button") if b.label == label]
    return button


def test_large_exports_are_prepared_on_request_and_kept(
    exported, monkeypatch, tmp_path
):
    at = exported
    monkeypatch.setattr(export_view, "PREPARE_ABOVE", 4_999)
    at.run()
    assert not at.exception, at.exception
    assert "prepared on request" in texts(at)
    for label in ("Labelled customers (CSV)", "Model file"):
        assert _download(at, label).disabled
    at.button(key=keys.PREPARE_BUTTON).click().run()
    assert not at.exception, at.exception
    csv_button = _download(at, "Labelled customers (CSV)")
    assert not csv_button.disabled and not csv_button.deferred_file_id
    assert not _download(at, "Model file").disabled
    # The button serves the prepared bytes: the file the page's recipe writes.
    recipe = tmp_path / "recipe.json"
    recipe.write_text(at.session_state[keys.EXPORT_RECIPE_JSON], encoding="utf-8")
    out = tmp_path / "out.csv"
    argv = ["fit", str(CUSTOMERS), "--recipe", str(recipe), "-o", str(out)]
    assert cli.main(argv) == 0
    _, prepared_csv, prepared_model = at.session_state[keys.EXPORT_PREPARED]
    assert prepared_csv == out.read_bytes()
    assert prepared_model[:2] == b"PK"  # a zip
    # Kept across runs of the page; a new option asks to prepare again.
    at.run()
    assert not _download(at, "Labelled customers (CSV)").disabled
    at.slider(key=keys.HOLDOUT_SHARE).set_value(30).run()
    assert _download(at, "Labelled customers (CSV)").disabled
    assert keys.EXPORT_PREPARED not in at.session_state
    at.slider(key=keys.HOLDOUT_SHARE).set_value(20).run()
    monkeypatch.undo()
    at.run()
    assert not any(b.proto.disabled for b in at.get("download_button"))


def test_the_page_recipe_reproduces_labels_names_and_groups_headless(
    exported, tmp_path
):
    at = exported
    recipe = Recipe.from_json(at.session_state[keys.EXPORT_RECIPE_JSON])
    shown = _messages(at).set_index("segment")["segment_name"].to_dict()
    assert recipe.holdout == 0.2 and recipe.names == shown
    assert recipe.names[0] == "+Steady core"
    assert recipe.k == 5 and recipe.feature_names == list(
        planted_recipe().feature_names
    )
    path = tmp_path / "recipe.json"
    path.write_text(recipe.to_json())
    out = tmp_path / "out.csv"
    assert cli.main(["fit", str(CUSTOMERS), "--recipe", str(path), "-o", str(out)]) == 0
    headless = pd.read_csv(out, dtype=str, keep_default_na=False)
    page_labels = at.session_state[state.SEGMENT_LABELS].labels
    assert headless["segment"].astype(int).tolist() == page_labels.tolist()
    names = dict(
        zip(headless["segment"].astype(int), headless["segment_name"], strict=False)
    )
    # The formula-like name is neutralised in the file, as on the page by default.
    assert names[0] == "'+Steady core"
    shown = _messages(at).set_index("segment")["segment_name"].to_dict()
    assert {s: n for s, n in names.items() if s} == {
        s: n for s, n in shown.items() if s
    }
    control = headless.groupby("segment")["ab_group"].apply(
        lambda g: (g == "control").mean()
    )
    assert control.between(0.19, 0.21).all()


def test_edited_messages_survive_a_trip_to_another_page(exported):
    at = exported
    (editor,) = [e for e in at.data_editor if "rationale" in e.value.columns]
    at.session_state[editor.key] = {
        "edited_rows": {2: {"subject": "Come back, we kept your seat"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.switch_page("app_pages/segments.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert _messages(at)["subject"].iloc[2] == "Come back, we kept your seat"


def test_without_segments_the_export_page_points_to_tune():
    at = open_page(PAGE, planted_recipe())
    (info,) = at.info
    assert "Tune page first" in info.value


def test_the_kind_of_business_changes_the_words_and_travels_in_the_recipe():
    at = tuned()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert "Messages speak to a retail business (from the columns" in texts(at)
    assert not _messages(at)["body"].str.contains(r"\bplan\b").any()
    at.selectbox(key=keys.EXPORT_BUSINESS).set_value("subscription").run()
    assert not at.exception, at.exception
    assert _messages(at)["body"].str.contains(r"\bplan\b").any()
    recipe = Recipe.from_json(at.session_state[keys.EXPORT_RECIPE_JSON])
    assert recipe.business == "subscription"


def test_the_test_planner_sits_beside_the_holdout():
    at = tuned()
    at.switch_page("app_pages/export.py").run()
    at.toggle(key=keys.HOLDOUT_ON).set_value(True).run()
    at.slider(key=keys.HOLDOUT_SHARE).set_value(20).run()
    at.number_input(key=keys.PLAN_BASELINE).set_value(10.0).run()
    at.number_input(key=keys.PLAN_LIFT).set_value(8.0).run()
    assert not at.exception, at.exception
    treated, control = customers_needed(0.10, 0.08, control_share=0.2)
    assert f"a segment needs {treated + control:,} customers" in texts(at)
    (plan,) = [d.value for d in at.dataframe if "enough" in d.value.columns]
    counts = at.session_state[state.SEGMENT_LABELS].labels.value_counts()
    assert sorted(plan["customers"]) == sorted(counts.tolist())
    assert (plan["enough"] == (plan["customers"] >= treated + control)).all()
    assert plan["enough"].any() and not plan["enough"].all()


def test_the_page_shows_how_to_label_new_customers_here_and_on_dask(exported, tmp_path):
    """The commands under the downloads run as written on the page's model."""
    import shlex

    from segmentation.cli.main import build_parser

    codes = [c.value for c in exported.code]
    (local,) = [
        c for c in codes if c.startswith("segmentation apply") and "dask" not in c
    ]
    (on_dask,) = [c for c in codes if "--engine dask" in c]
    parsed = build_parser().parse_args(shlex.split(on_dask)[1:])
    assert (parsed.engine, parsed.scheduler) == ("dask", "tcp://SCHEDULER:8786")
    recipe = tmp_path / "recipe.json"
    recipe.write_text(exported.session_state[keys.EXPORT_RECIPE_JSON], encoding="utf-8")
    model = tmp_path / "segmentation_model.zip"
    fitted = ["fit", str(CUSTOMERS), "--recipe", str(recipe), "--model", str(model)]
    assert cli.main([*fitted, "-o", str(tmp_path / "fit.csv")]) == 0
    argv = shlex.split(local)[1:]
    argv[argv.index("segmentation_model.zip")] = str(model)
    argv[argv.index("customers.csv")] = str(CUSTOMERS)
    argv[argv.index("segments.csv")] = str(tmp_path / "segments.csv")
    assert cli.main(argv) == 0
    written = pd.read_csv(tmp_path / "segments.csv")
    labels = exported.session_state[state.SEGMENT_LABELS]
    assert written["segment"].tolist() == list(labels.labels)
