"""The Monitor page's parts: where snapshots come from, and what they show.

Snapshots come from the bundled example (three quarter ends of the sample's log
in one click), from the current segments' transaction log as of chosen days, or
from labelled tables the analyst uploads (the export of earlier runs, or tables
the current model labels). They are held in session state until replaced.
"""

from __future__ import annotations

import io
from dataclasses import replace

import streamlit as st

from segmentation import charts, monitor
from segmentation.errors import InputError
from segmentation.export import frame_csv_bytes
from segmentation.model import SegmentationModel
from segmentation.reading import read_table
from segmentation.schema import infer_schema
from ui import cached, export_files, keys, segments, state
from ui.segments import Run
from ui.widgets import md_escape

__all__ = (
    "example_button",
    "log_snapshots",
    "show_comparison",
    "stored",
    "upload_snapshots",
)

Stored = tuple[str, tuple[monitor.Snapshot, ...], dict[str, str]]


def stored() -> Stored | None:
    """Return the snapshots held: (what they are, snapshots, segment names)."""
    value = st.session_state.get(keys.MONITOR_SNAPSHOTS)
    return value if isinstance(value, tuple) and len(value) == 3 else None


def _store(what: str, snaps: list[monitor.Snapshot], names: dict[str, str]) -> None:
    st.session_state[keys.MONITOR_SNAPSHOTS] = (what, tuple(snaps), dict(names))
    st.session_state.pop(keys.MONITOR_PAIR, None)


@st.cache_data(show_spinner="Taking three snapshots of the bundled log...")
def _example() -> tuple[list[monitor.Snapshot], dict[str, str], str]:
    model, snaps = monitor.bundled_example()
    names = monitor.snapshot_names(model, snaps[0])
    means = snaps[0].table.groupby("segment")[list(monitor.RFM_FEATURES)].mean()
    legend = "; ".join(
        f"{names.get(str(segment), segment)}: {row.recency_days:.0f} days since the "
        f"last purchase, {row.frequency:.1f} purchases, {row.monetary:,.0f} spent"
        for segment, row in means.iterrows()
    )
    return snaps, names, legend


def _on_example() -> None:
    snaps, names, legend = _example()
    what = (
        "The bundled log as of "
        + ", ".join(s.name for s in snaps)
        + f": {monitor.EXAMPLE_K} segments of recency, frequency and value fitted "
        f"on the first day (on average then: {legend})."
    )
    _store(what, snaps, names)


def example_button() -> None:
    """Offer the bundled example: three snapshots of the sample's log, one click."""
    st.button(
        "Example: three snapshots of the bundled log",
        key=keys.MONITOR_EXAMPLE,
        on_click=_on_example,
        help="The sample's log runs to the end of 2026; after 2026-06-30 some "
        "loyal customers stop buying and new ones arrive.",
    )


def _run_model(run: Run) -> SegmentationModel:
    return SegmentationModel.from_bytes(export_files.model_bytes(run, run.recipe))


def _names(run: Run) -> dict[str, str]:
    named = segments.names_for(run, segments.description(run))
    return {str(k): v for k, v in named.items()}


def log_snapshots(run: Run) -> None:
    """Take snapshots of the current segments' log as of chosen days.

    Parameters
    ----------
    run : Run
        The current segments; their recipe reads a transaction log.
    """
    if run.log is None or run.recipe.transactions is None:
        st.caption(
            "The current segments do not read a transaction log: add one on the "
            "Criteria page to take snapshots of it, or upload labelled tables."
        )
        return
    log = state.get_transactions()
    try:
        # The log's behaviour as the Criteria page had it (cached): its last day.
        made = cached.customer_behaviour(
            log.digest,
            replace(run.recipe.transactions, as_of=None),
            log.decimal,
            _log=log.frame,
        )
        ends = monitor.quarter_ends_before(made.report.as_of, count=8)
    except InputError as exc:
        st.error(f"The log's days could not be read: {exc}")
        return
    days = st.multiselect(
        "Snapshot days (quarter ends of the log)",
        ends,
        default=ends[-3:],
        key=keys.MONITOR_LOG_DAYS,
    )
    if st.button(
        "Take snapshots of the log", key=keys.MONITOR_TAKE, disabled=len(days) < 2
    ):
        try:
            model = _run_model(run)
            snaps = [
                monitor.log_snapshot(
                    model,
                    run.log,
                    day,
                    customers=run.customers,
                    log_decimal=run.log_decimal,
                )
                for day in sorted(days)
            ]
        except InputError as exc:
            st.error(f"The snapshots could not be taken: {exc}")
            return
        what = "The current segments' log as of " + ", ".join(sorted(days)) + "."
        _store(what, snaps, _names(run))


def _model_for(run: Run | None) -> tuple[SegmentationModel | None, Run | None]:
    """Return the uploaded model file when there is one, else the run's model."""
    upload = st.session_state.get(keys.MONITOR_MODEL)
    if upload is not None:
        return SegmentationModel.from_bytes(upload.getvalue(), upload.name), None
    return (_run_model(run), run) if run is not None else (None, None)


def _read_upload(upload, run: Run | None) -> monitor.Snapshot:
    table = read_table(io.BytesIO(upload.getvalue()))
    schema = infer_schema(table)
    ids = schema.with_role("id")
    id_column = (
        run.recipe.id_column
        if run is not None and run.recipe.id_column in table.columns
        else (ids[0] if ids else None)
    )
    if id_column is None:
        raise InputError(f"{upload.name} has no customer id column.")
    if "segment" not in table.columns:
        model, own = _model_for(run)
        if model is None:
            raise InputError(
                f"{upload.name} has no segment column: give a model file to label "
                "it, make segments on the Tune page first, or label it with "
                "`segmentation apply`."
            )
        if model.recipe.transactions is not None and own is None:
            raise InputError(
                "The model file takes behaviour from a transaction log: label the "
                "tables with `segmentation apply MODEL FILE --transactions LOG`."
            )
        log = own.log if own is not None else None
        decimal = own.log_decimal if own is not None else "."
        labels = model.predict(table, log, log_decimal=decimal)
        table = table.assign(segment=[str(v) for v in labels])
    name = upload.name.rsplit(".", 1)[0]
    return monitor.Snapshot(name, table, id_column, None)


def upload_snapshots(run: Run | None) -> None:
    """Take labelled (or unlabelled) tables as snapshots, earliest first."""
    uploads = st.file_uploader(
        "Upload two or more tables, earliest first",
        accept_multiple_files=True,
        key=keys.MONITOR_UPLOAD,
        help="Labelled tables (from the Export page or `segmentation apply`) keep "
        "their segments; a table without a segment column is labelled by the "
        "current segments' model.",
    )
    model = st.file_uploader(
        "Model file to label tables without a segment column (optional; by "
        "default the current segments' model)",
        type=["zip"],
        key=keys.MONITOR_MODEL,
    )
    if not uploads or len(uploads) < 2:
        return
    done = stored()
    what = "Uploaded: " + ", ".join(u.name for u in uploads)
    what += f", labelled by {model.name}." if model is not None else "."
    if done is not None and done[0] == what:
        return
    try:
        snaps = [_read_upload(u, run) for u in uploads]
    except InputError as exc:
        st.error(f"The tables could not be compared: {exc}")
        return
    id_columns = {s.id_column for s in snaps}
    if len(id_columns) > 1:
        st.error(
            "The tables name their customer id differently ("
            + ", ".join(sorted(id_columns))
            + "): give them the same id column."
        )
        return
    own = run is not None and model is None
    _store(what, snaps, _names(run) if own else {})


def _verdict(verdict: str) -> None:
    if verdict == "stable":
        st.success(
            "Stable: no major drift, no segment's share moved by "
            f"{monitor.SHARE_SHIFT:.0%} or more.",
            icon=":material/check_circle:",
        )
    else:
        st.warning(
            "Refit advised: " + md_escape(verdict.split(": ", 1)[1]) + ".",
            icon=":material/update:",
        )


def show_comparison(held: Stored) -> None:
    """Show sizes across the snapshots, then who moved where between two of them."""
    what, snaps, names = held
    st.caption(md_escape(what))
    history = monitor.size_history(list(snaps))
    st.altair_chart(charts.size_history_chart(history, names), width="stretch")
    labels = [s.name for s in snaps]
    pair = st.select_slider(
        "Compare", labels, value=(labels[0], labels[-1]), key=keys.MONITOR_PAIR
    )
    first, last = (labels.index(p) for p in pair)
    if first == last:
        st.info("Choose two different snapshots.")
        return
    before, after = snaps[first], snaps[last]
    moved = monitor.compare_snapshots(
        before.table,
        after.table,
        after.id_column,
        quality=(before.quality, after.quality),
    )
    _verdict(moved.verdict)
    cells = st.columns(5)
    for cell, (label, value) in zip(
        cells,
        (
            ("Matched", moved.matched),
            ("Stayed", moved.stayed),
            ("Moved", moved.moved),
            ("New", moved.new),
            ("Gone", moved.gone),
        ),
        strict=True,
    ):
        cell.metric(label, f"{value:,}")
    chart = charts.migration_chart(
        moved.matrix, names, title=f"Who moved where, {before.name} to {after.name}"
    )
    st.altair_chart(chart, width="stretch")
    st.download_button(
        "Migration table (CSV)",
        frame_csv_bytes(moved.matrix),
        file_name=f"migration_{before.name}_{after.name}.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    left, right = st.columns(2)
    with left:
        st.markdown("**Drift per column** (population stability index)")
        st.dataframe(moved.drift, hide_index=True, width="stretch")
        st.caption(
            f"Under {monitor.PSI_MODERATE} stable, {monitor.PSI_MODERATE} to "
            f"{monitor.PSI_MAJOR} moderate, {monitor.PSI_MAJOR} or more a major shift."
        )
    with right:
        columns = [c for c in moved.drift["column"]]
        per = monitor.segment_drift(before.table, after.table, columns)
        top = per.groupby("segment", sort=False).head(1)
        st.markdown("**Drift within each segment** (the column that moved most)")
        st.dataframe(top, hide_index=True, width="stretch")
    if before.quality is not None and after.quality is not None:
        st.caption(
            f"How well the segments separate (silhouette): {before.quality:.2f} "
            f"on {before.name}, {after.quality:.2f} on {after.name}."
        )
