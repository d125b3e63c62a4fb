"""Data: load a customer table, check its roles and families, read its quality."""

import streamlit as st

from segmentation.reading import SAMPLES
from ui import (
    cache_keys,
    cached,
    keys,
    loader,
    measures,
    model_apply,
    new_table,
    state,
    widgets,
)

PREVIEW_ROWS = 1_000
CHARTED = ("numeric", "categorical", "boolean", "datetime")

st.title("Data")
st.caption(
    "Start from a bundled sample or upload your own customer table "
    "(CSV, TSV, TXT, gzip, Excel or Parquet; one row per customer)."
)

pick, upload = st.columns(2)
with pick:
    sample_key = st.selectbox(
        "Bundled sample",
        options=list(SAMPLES),
        format_func=lambda key: SAMPLES[key].title,
        key=state.SAMPLE_CHOICE,
    )
    st.caption(SAMPLES[sample_key].description)
    st.button("Load sample", on_click=loader.on_load_sample, key=keys.LOAD_SAMPLE)
with upload:
    st.file_uploader(
        "Upload a file",
        type=None,
        key=state.UPLOAD,
        on_change=loader.on_upload,
        help="CSV, TSV, TXT (optionally .gz), Excel (.xlsx) or Parquet.",
    )

error = state.get_load_error()
if error:
    st.error(error)

dataset = state.get_dataset()
schema = state.get_schema()
if dataset is None or schema is None:
    st.info("No data loaded yet: pick a sample or upload a file above.")
    st.stop()

if error:
    st.caption(f"Still showing the data loaded before: {dataset.name}.")
if reset := new_table.notice(dataset.digest):
    st.info(reset, icon=":material/restart_alt:")

st.metric(
    "Loaded table",
    f"{dataset.rows:,} rows × {dataset.columns:,} columns",
    help=f"From {dataset.name}",
)
for warning in dataset.info.warnings:
    st.warning(warning)

st.subheader("Preview")
st.dataframe(dataset.preview(PREVIEW_ROWS))
if dataset.rows > PREVIEW_ROWS:
    st.caption(f"Showing the first {PREVIEW_ROWS:,} of {dataset.rows:,} rows.")
else:
    st.caption(f"Showing all {dataset.rows:,} rows.")

st.subheader("Roles and families")
st.caption(
    "How each column will be used. Change a role or a family where the guess is "
    "wrong; the rest of the app follows your choice."
)
base = cached.infer_schema(dataset.digest, dataset.decimal, _frame=dataset.frame)
edited = widgets.schema_editor(
    schema.to_frame(), key=keys.schema_editor(dataset.digest)
)
with widgets.guarded("Applying your role and family changes"):
    schema = cached.override_schema(dataset.digest, edited, _base=base)
    state.set_schema(schema)

st.subheader("Measures and labels")
st.caption(
    "What a customer's value, frequency, recency and tenure are read from (the "
    "Segments page's value index, churn risk and names rest on them), and the "
    "words each column goes by in traits and names. Change any of them; your "
    "choices travel in the recipe."
)
with widgets.guarded("The measures"):
    roles = cached.role_columns(
        dataset.digest,
        cache_keys.schema_token(schema),
        _frame=dataset.frame,
        _schema=schema,
    )
    measures.measures_picker(dataset.digest, schema, roles)
    with st.expander("Column labels"):
        measures.labels_editor(dataset.digest, schema)

pii = schema.with_role("pii")
if pii:
    st.info(
        f"Personal data detected in {len(pii)} column(s): {', '.join(pii)}. "
        "These columns are kept out of the segmentation features by default "
        "and only travel along in exports.",
        icon=":material/lock:",
    )

st.subheader("Data quality")
token = cache_keys.schema_token(schema)
report = None
with widgets.guarded("The data-quality report"):
    report = cached.quality_report(
        dataset.digest, token, _frame=dataset.frame, _schema=schema
    )
if report is not None and report.findings:
    sentences = [widgets.md_escape(finding.message) for finding in report.findings]
    st.markdown("\n".join(f"- {sentence}" for sentence in sentences))
elif report is not None:
    st.success("No data-quality problems found.")


def _quality_charts(report: object, token: str) -> None:
    """Draw the missing-share and distribution charts (Altair, imported here).

    Importing Altair takes about a second: the preview above is drawn first.
    """
    from segmentation import charts

    left, right = st.columns(2)
    if report is not None:
        left.altair_chart(charts.missing_share_chart(report.columns), width="stretch")
    chartable = [c.name for c in schema.columns if c.role in CHARTED]
    with right, widgets.guarded("The distribution chart"):
        if chartable:
            chosen = st.selectbox(
                "Distribution of", chartable, key=keys.DATA_DISTRIBUTION
            )
            values = cached.column_values(
                dataset.digest, token, chosen, _frame=dataset.frame, _schema=schema
            )
            chart = charts.distribution_chart(values, schema[chosen].role, chosen)
            st.altair_chart(chart, width="stretch")
        else:
            st.caption("No numeric, categorical, boolean or date column to chart.")


_quality_charts(report, token)

st.subheader("Label with a saved model")
st.caption(
    "Next month's export, segmented as before: a model file saved on the Export "
    "page puts every row of this table in its segments, without a new fit."
)
with widgets.guarded("Labelling with the saved model"):
    model_apply.model_labeller(dataset)
