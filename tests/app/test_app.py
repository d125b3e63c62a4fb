"""The Streamlit app, page by page, through AppTest (no browser).

Each test builds a fresh ``AppTest`` from ``app.py`` (so sessions never share
state), runs it, and reads what a user would see: titles, the size metric, the
preview table, errors, the sidebar.
"""

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import segmentation as sg
from ui import state, widgets

ROOT = Path(__file__).resolve().parents[2]

APP = ROOT / "app.py"
SAMPLE = ROOT / "sample_data" / "customers.csv"
PAGES = {
    "app_pages/data.py": "Data",
    "app_pages/criteria.py": "Criteria",
    "app_pages/tune.py": "Tune",
    "app_pages/segments.py": "Segments",
    "app_pages/monitor.py": "Monitor",
    "app_pages/campaigns.py": "Campaigns",
    "app_pages/export.py": "Export",
}
NO_SNAPSHOTS = (
    "No snapshots yet: try the example, take snapshots of the current segments' "
    "log, or upload two labelled tables."
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"


def make_app(**session: object) -> AppTest:
    """A fresh app; ``session`` seeds session state before the first run."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in session.items():
        at.session_state[key] = value
    return at


def csv_bytes(rows: int) -> bytes:
    """A small customer table with ``rows`` rows and 4 columns."""
    lines = ["customer_id,age,city,spend"]
    cities = ["Lyon", "Porto", "Graz"]
    lines += [
        f"K{i:04d},{20 + i % 50},{cities[i % 3]},{i * 1.5:.2f}" for i in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def size_text(at: AppTest) -> str:
    """The "N rows × M columns" metric on the Data page."""
    return at.metric[0].value


def preview_table(at: AppTest) -> pd.DataFrame:
    """The read-only preview table on the Data page."""
    tables = [table for table in at.dataframe if table.editing_mode == "read_only"]
    assert len(tables) == 1
    return tables[0].value


def sidebar_text(at: AppTest) -> str:
    """Everything written in the sidebar, Markdown escapes removed."""
    texts = [str(el.value) for el in at.sidebar if hasattr(el, "value")]
    return " ".join(texts).replace("\\", "")


@pytest.fixture
def app() -> AppTest:
    at = make_app().run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def sample_shape() -> tuple[int, int]:
    """Rows and columns of the bundled sample, read independently with pandas."""
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    return len(frame), len(frame.columns)


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_renders_without_exception(app, path):
    app.switch_page(path).run()
    assert not app.exception, app.exception
    assert [title.value for title in app.title] == [PAGES[path]]
    assert not app.error, [e.value for e in app.error]


def test_navigation_lists_exactly_our_pages(app):
    registered = {
        Path(str(info["script_path"])).resolve()
        for info in app._registered_pages.values()
    }
    assert registered == {(ROOT / path).resolve() for path in PAGES}
    with pytest.raises(ValueError, match="navigation page"):
        app.switch_page("app.py")


def test_app_opens_on_the_sample_with_its_real_size(app, sample_shape):
    rows, columns = sample_shape
    assert size_text(app) == f"{rows:,} rows × {columns:,} columns"
    preview = preview_table(app)
    assert len(preview) == min(rows, 1_000)
    assert list(preview.columns) == list(pd.read_csv(SAMPLE, nrows=0).columns)
    if rows > 1_000:
        assert f"Showing the first 1,000 of {rows:,} rows." in [
            caption.value for caption in app.caption
        ]
    assert f"{rows:,} rows" in sidebar_text(app)
    assert not app.error


def test_sample_shows_pii_notice_quality_and_two_charts(app):
    notices = " ".join(info.value for info in app.info)
    assert "email" in notices and "kept out of the segmentation features" in notices
    charts = app.get("vega_lite_chart")
    assert len(charts) == 2


def test_upload_replaces_the_data_and_shows_its_row_count(app):
    app.file_uploader(key="upload").upload("shop.csv", csv_bytes(137), "text/csv")
    app.run()
    assert not app.exception, app.exception
    assert not app.error
    assert size_text(app) == "137 rows × 4 columns"
    assert len(preview_table(app)) == 137
    assert "Showing all 137 rows." in [caption.value for caption in app.caption]
    assert "shop.csv" in sidebar_text(app)
    assert "137 rows" in sidebar_text(app)


def test_data_page_names_the_tokens_read_as_missing(app):
    lines = ["customer_id,spend,plan"]
    spends = ["None", "12.5", "-", "7", "None", "N/A"] + [str(i) for i in range(30)]
    plans = ["None", "Basic", "Premium"] * 12
    lines += [
        f"K{i:03d},{s},{p}" for i, (s, p) in enumerate(zip(spends, plans, strict=True))
    ]
    data = ("\n".join(lines) + "\n").encode()
    app.file_uploader(key="upload").upload("plans.csv", data, "text/csv")
    app.run()
    assert not app.exception, app.exception
    shown = " ".join(markdown.value for markdown in app.markdown)
    sentence = "spend: read as missing: 'None' ×2, '-' ×1, 'N/A' ×1."
    assert widgets.md_escape(sentence) in shown
    assert "plan: read as missing" not in shown.replace("\\", "")


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("empty.csv", b"", "text/csv"),
        ("picture.png", PNG, "image/png"),
        ("only_header.csv", b"a,b,c\n", "text/csv"),
    ],
)
def test_bad_upload_shows_an_error_keeps_the_data_and_the_next_upload_works(
    app, sample_shape, name, data, mime
):
    before = size_text(app)
    app.file_uploader(key="upload").upload(name, data, mime)
    app.run()
    assert not app.exception, app.exception
    assert len(app.error) == 1
    assert name in app.error[0].value
    assert size_text(app) == before  # the sample is still loaded
    assert f"{sample_shape[0]:,} rows" in sidebar_text(app)

    app.file_uploader(key="upload").set_value(("good.csv", csv_bytes(42), "text/csv"))
    app.run()
    assert not app.exception, app.exception
    assert not app.error
    assert size_text(app) == "42 rows × 4 columns"


def test_a_rerun_does_not_read_the_same_upload_twice(app):
    app.file_uploader(key="upload").upload("shop.csv", csv_bytes(10), "text/csv")
    app.run()
    first = app.session_state[state.DATASET]
    app.run()
    assert app.session_state[state.DATASET] is first


def test_editing_a_role_changes_the_schema_in_state(app):
    schema = app.session_state[state.SCHEMA]
    assert schema["age"].role == "numeric"
    editor = app.data_editor[0]
    row = list(editor.value["name"]).index("age")
    app.session_state[editor.key] = {
        "edited_rows": {row: {"role": "categorical"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception, app.exception
    assert app.session_state[state.SCHEMA]["age"].role == "categorical"
    # The edit survives a trip to another page and back.
    app.switch_page("app_pages/tune.py").run()
    app.switch_page("app_pages/data.py").run()
    assert app.session_state[state.SCHEMA]["age"].role == "categorical"
    assert app.data_editor[0].value["role"].iloc[row] == "categorical"


def test_editing_a_family_changes_the_schema_in_state(app):
    editor = app.data_editor[0]
    row = list(editor.value["name"]).index("age")
    app.session_state[editor.key] = {
        "edited_rows": {row: {"family": "psychographic"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert app.session_state[state.SCHEMA]["age"].family == "psychographic"


def test_loaded_upload_stays_loaded_across_pages(app):
    app.file_uploader(key="upload").upload("shop.csv", csv_bytes(137), "text/csv")
    app.run()
    app.switch_page("app_pages/segments.py").run()
    assert "137 rows" in sidebar_text(app)
    app.switch_page("app_pages/data.py").run()
    assert size_text(app) == "137 rows × 4 columns"


def test_without_data_every_page_says_so():
    at = make_app(**{state.AUTOLOAD_DONE: True}).run()
    assert not at.exception, at.exception
    assert "No data loaded" in sidebar_text(at)
    assert "No data loaded yet" in at.info[0].value
    assert not at.metric
    for path in list(PAGES)[1:]:
        at.switch_page(path).run()
        assert not at.exception, at.exception
        assert at.warning[0].value == "Load data on the Data page first."
        assert len(at.page_link) == 1
        if path == "app_pages/monitor.py":  # its example needs no data
            assert [i.value for i in at.info] == [NO_SNAPSHOTS]
        elif path == "app_pages/campaigns.py":  # an uploaded labelled file will do
            said = [i.value for i in at.info]
            assert said[0].startswith("Load the campaign's results")
            assert all("Tune page first" in i for i in said[1:])
        else:
            assert not at.info


def test_loading_a_bundled_sample_by_button(app):
    transactions = ROOT / "sample_data" / "transactions.csv"
    frame = pd.read_csv(transactions, dtype=str)
    app.selectbox(key=state.SAMPLE_CHOICE).set_value("transactions")
    app.button(key="data_load").click()
    app.run()
    assert not app.exception, app.exception
    assert size_text(app) == f"{len(frame):,} rows × {len(frame.columns)} columns"
    assert "Transactions" in sidebar_text(app)


@pytest.mark.parametrize("role", sg.ROLES)
def test_any_role_on_any_column_keeps_the_page_working(app, role):
    editor = app.data_editor[0]
    names = list(editor.value["name"])
    columns = ("gender", "age", "signup_date")
    app.session_state[editor.key] = {
        "edited_rows": {names.index(name): {"role": role} for name in columns},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception, app.exception
    schema = app.session_state[state.SCHEMA]
    assert {schema[name].role for name in columns} == {role}
    if role in ("numeric", "categorical", "boolean", "datetime"):
        app.selectbox(key="data_distribution").set_value("gender").run()
        assert not app.exception, app.exception
    assert not app.error, [error.value for error in app.error]
    assert len(app.get("vega_lite_chart")) == 2


def test_a_failing_section_shows_an_error_not_a_traceback(app, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(sg, "quality_report", broken)
    # A file never seen before, so no cached report hides the failure.
    app.file_uploader(key="upload").upload("fresh.csv", csv_bytes(31), "text/csv")
    app.run()
    assert not app.exception, app.exception
    assert size_text(app) == "31 rows × 4 columns"
    assert len(app.error) == 1
    assert app.error[0].value.startswith("The data-quality report could not be")
    assert "RuntimeError" in app.error[0].value
    assert len(preview_table(app)) == 31


def test_a_section_the_data_cannot_give_shows_the_reason(app, monkeypatch):
    def refused(*args, **kwargs):
        raise sg.InputError("The table has no column to check.")

    monkeypatch.setattr(sg, "quality_report", refused)
    app.file_uploader(key="upload").upload("fresh2.csv", csv_bytes(29), "text/csv")
    app.run()
    assert not app.exception, app.exception
    assert [error.value for error in app.error] == ["The table has no column to check."]
    assert len(preview_table(app)) == 29


def test_read_warnings_are_shown(app):
    data = b"id,name,name\n1,a,b\n2,c,d\n"
    app.file_uploader(key="upload").upload("dupes.csv", data, "text/csv")
    app.run()
    assert not app.exception, app.exception
    assert size_text(app) == "2 rows × 3 columns"
    expected = sg.read_table_with_info(data, "dupes.csv").info.warnings
    assert expected  # the repeated header is worth a warning
    assert [warning.value for warning in app.warning] == list(expected)
