"""The Monitor page: the bundled example, snapshots of the current log, uploads.

The example (three quarter ends of the bundled log and its later stretch) finds
the 400 planted arrivals and advises a refit. Snapshots of the current segments'
log use the run's own model: the last one, as of the day the run's log ends,
gives back the run's labels. Two uploaded labelled tables are compared as the
library compares them; unlabelled ones are labelled by an uploaded model file.
"""

from __future__ import annotations

from app_support import APP, CUSTOMERS, TUNE, metric, swept, wait_until
from streamlit.testing.v1 import AppTest

import segmentation as sg
from segmentation.export import frame_csv_bytes
from segmentation.model import SegmentationModel
from segmentation.monitor import EXAMPLE_DAYS, bundled_example, compare_snapshots
from segmentation.recipe import Feature, Recipe
from ui import keys, state

MONITOR = "app_pages/monitor.py"


def _monitor() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page(MONITOR).run()
    assert not at.exception, at.exception
    return at


def test_the_example_finds_the_planted_arrivals_in_one_click():
    at = _monitor()
    assert any(i.value.startswith("No snapshots yet") for i in at.info)
    at.button(key=keys.MONITOR_EXAMPLE).click().run()
    assert not at.exception, at.exception
    what, snaps, names = at.session_state[keys.MONITOR_SNAPSHOTS]
    assert [s.name for s in snaps] == list(EXAMPLE_DAYS)
    assert "Champions" in names.values() and f"{names['0']}: " in what
    assert metric(at, "New") == "400" and metric(at, "Gone") == "0"
    assert metric(at, "Matched") == "5,000"
    (warning,) = [w.value for w in at.warning]
    assert warning.startswith("Refit advised:") and "recency" in warning
    # The pair compared moves: the first two snapshots.
    at.select_slider(key=keys.MONITOR_PAIR).set_value(tuple(EXAMPLE_DAYS[:2])).run()
    first = compare_snapshots(snaps[0].table, snaps[1].table, "customer_id")
    assert metric(at, "Moved") == f"{first.moved:,}"
    assert metric(at, "New") == f"{first.new:,}"


def test_snapshots_of_the_current_log_use_the_runs_model():
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page("app_pages/criteria.py").run()
    at.button(key=keys.USE_BUNDLED_LOG).click().run()
    at.switch_page(TUNE).run()
    wait_until(at, swept, "The k sweep")
    labels = at.session_state[state.SEGMENT_LABELS].labels
    at.switch_page(MONITOR).run()
    assert not at.exception, at.exception
    days = at.multiselect(key=keys.MONITOR_LOG_DAYS)
    assert days.value == ["2025-12-31", "2026-03-31", "2026-06-30"]
    at.button(key=keys.MONITOR_TAKE).click().run()
    assert not at.exception, at.exception
    _, snaps, names = at.session_state[keys.MONITOR_SNAPSHOTS]
    assert [s.name for s in snaps] == days.value
    last = snaps[-1].table
    assert last["segment"].tolist() == [str(v) for v in labels]
    assert len(snaps[0].table) < len(last)  # fewer customers had bought by then
    assert set(names) == {str(v) for v in set(labels) if v >= 0}
    assert int(metric(at, "New").replace(",", "")) == len(last) - len(snaps[0].table)


def test_two_uploaded_labelled_tables_are_compared():
    _, snaps = bundled_example()
    at = _monitor()
    at.file_uploader(key=keys.MONITOR_UPLOAD).set_value(
        [(f"{s.name}.csv", frame_csv_bytes(s.table), "text/csv") for s in snaps[::2]]
    )
    at.run()
    assert not at.exception, at.exception
    want = compare_snapshots(snaps[0].table, snaps[2].table, "customer_id")
    assert metric(at, "Moved") == f"{want.moved:,}"
    assert metric(at, "New") == "400"
    assert not at.error, [e.value for e in at.error]


def test_unlabelled_tables_are_labelled_by_a_model_file():
    customers = CUSTOMERS.read_bytes().splitlines(keepends=True)
    header, rows = customers[0], customers[1:]
    early = header + b"".join(rows[:3000])
    late = header + b"".join(rows[1000:])
    recipe = Recipe(
        id_column="customer_id",
        features=(
            Feature("age", "numeric", "demographic"),
            Feature("total_spend", "numeric", "behavioral"),
        ),  # fmt: skip
        k=3,
    )
    model = SegmentationModel(recipe).fit(sg.read_table(CUSTOMERS))
    at = _monitor()
    at.file_uploader(key=keys.MONITOR_MODEL).upload(
        "model.zip", model.to_bytes(), "application/zip"
    )
    at.file_uploader(key=keys.MONITOR_UPLOAD).set_value(
        [("early.csv", early, "text/csv"), ("late.csv", late, "text/csv")]
    )
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    what, snaps, _ = at.session_state[keys.MONITOR_SNAPSHOTS]
    assert what == "Uploaded: early.csv, late.csv, labelled by model.zip."
    # The same customers with the same values: the same segments.
    assert metric(at, "Matched") == "2,000" and metric(at, "Moved") == "0"
    assert metric(at, "New") == "2,000" and metric(at, "Gone") == "1,000"
    assert snaps[0].table["segment"].tolist() == [str(v) for v in model.labels_[:3000]]
