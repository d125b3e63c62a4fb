"""The Export page's sections: messages (editable), options, preview, downloads."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from segmentation.charts import segment_label
from segmentation.describe import Description, messages
from segmentation.export import MAX_CONTROL_SHARE
from segmentation.recipe import Recipe
from segmentation.scale import apply_commands
from segmentation.schema import BUSINESSES, BusinessGuess
from ui import cache_keys, export_files, keys, plan_view
from ui.segments import Run

__all__ = (
    "Options",
    "business_picker",
    "messages_editor",
    "options",
    "show_downloads",
    "show_preview",
)

#: The labelled CSV's and the model file's bytes.
Files = tuple[bytes, bytes]
#: Rows shown in the preview.
PREVIEW_ROWS = 200
#: Above this many rows the labelled CSV and the model file are prepared on request
#: rather than with every run of the page. Either way they are built before their
#: download button is drawn: a file built on click (Streamlit's deferred download)
#: is held by no session, so any two script runs of any session delete it, and with
#: several people on one server the browser asked for it too late (2 of 10 failed).
PREPARE_ABOVE = 100_000
_EDITABLE = ("objective", "channel", "tone", "offer", "subject", "body", "cta")


@dataclass(frozen=True, slots=True)
class Options:
    """The analyst's export choices."""

    holdout: float
    neutralise: bool


def _run_key(run: Run, *parts: object) -> str:
    """Return a short content key of the run's labels and ``parts`` (JSON-able)."""
    return cache_keys.content_key(run.labels.key, *parts, length=16)


def business_picker(described: Description) -> Description:
    """Let the analyst change the kind of business; return the description for it.

    The guess (or the recipe's choice) is the default; another choice is marked
    as chosen, so the exported recipe keeps it.
    """
    guess = described.business
    kind = st.selectbox(
        "Kind of business",
        BUSINESSES,
        index=BUSINESSES.index(guess.kind),
        key=keys.EXPORT_BUSINESS,
        help="Chooses the words of the messages: orders and new arrivals (retail), "
        "plan and bill (subscription), account and adviser (financial services), "
        "account manager and volume terms (B2B).",
    )
    if kind == guess.kind:
        st.caption(f"Messages speak to a {guess.kind} business ({guess.reason}).")
        return described
    return replace(described, business=BusinessGuess(kind, chosen=True))


def messages_editor(
    run: Run, described: Description, names: dict[int, str]
) -> pd.DataFrame:
    """Show the suggested messages for editing; return them as edited.

    Edits are kept for the same segments and names; renaming a segment or a new
    labelling starts again from fresh suggestions.
    """
    st.subheader("Suggested messages")
    st.caption(
        "One message per segment, built from the segment's own figures (the "
        "rationale says which). Edit any cell; the messages CSV holds your text."
    )
    key = _run_key(run, sorted(names.items()), described.business.kind)
    stored = st.session_state.get(keys.EXPORT_MESSAGES)
    if isinstance(stored, tuple) and stored[0] == key:
        table = stored[1]
    else:
        table = messages(described, names)
    edited = st.data_editor(
        table,
        hide_index=True,
        key=keys.messages_editor(key),
        disabled=[c for c in table.columns if c not in _EDITABLE],
        column_config={
            "segment": st.column_config.NumberColumn("Segment", width="small"),
            "segment_name": "Name",
            "body": st.column_config.TextColumn("Body", width="large"),
            "rationale": st.column_config.TextColumn("Rationale", width="large"),
        },
    )
    st.session_state[keys.EXPORT_MESSAGES] = (key, edited)
    return edited


def options(run: Run, names: dict[int, str]) -> Options:
    """Show the A/B holdout (with the test planner) and formula options.

    Returns the choices; ``names`` label the segments in the planner.
    """
    st.subheader("Options")
    left, right = st.columns(2)
    with left:
        held = st.toggle(
            "Hold out a control group in each segment",
            key=keys.HOLDOUT_ON,
            value=run.recipe.holdout > 0,
            help="Adds an ab_group column: 'control' customers get no message, so "
            "the campaign's effect can be measured against them.",
        )
        share = 0.0
        if held:
            percent = st.slider(
                "Control share",
                min_value=1,
                max_value=int(MAX_CONTROL_SHARE * 100),
                value=int(round(run.recipe.holdout * 100)) or 10,
                format="%d%%",
                key=keys.HOLDOUT_SHARE,
                help="The same share of every segment, drawn at random with the "
                "run's seed: the same seed gives the same groups.",
            )
            share = percent / 100
            counts = run.labels.labels.value_counts().sort_index()
            plan_view.planner(
                {segment_label(int(s), names): int(n) for s, n in counts.items()},
                share,
            )
    with right:
        neutralise = st.toggle(
            "Make formula-like cells safe for spreadsheets",
            key=keys.NEUTRALISE,
            value=run.recipe.neutralise_formulas,
            help="Text cells starting with = + - @ (not plain numbers such as "
            "-12.50) get a leading ' so that Excel or Sheets cannot run them as "
            "formulas. Turn off only for tools that read the file as data.",
        )
    return Options(share, neutralise)


def show_preview(table: pd.DataFrame, replaced: list[str]) -> None:
    """Show the first rows of the labelled table and the control counts.

    ``replaced`` names the file's own columns that an added one replaced
    (:func:`segmentation.export.replaced_columns`); the caption says so.
    """
    st.subheader("Labelled customers")
    added = [str(c) for c in table.columns[list(table.columns).index("segment") :]]
    note = (
        f" The file's own {' and '.join(replaced)} column(s) are replaced by ours."
        if replaced
        else ""
    )
    st.caption(
        f"Every one of the {len(table):,} input rows, in input order, with its "
        f"original values, then {', '.join(added)}.{note} "
        f"First {PREVIEW_ROWS} rows:"
    )
    preview = table.head(PREVIEW_ROWS)
    st.dataframe(preview, hide_index=True)
    if "ab_group" in table:
        counts = pd.crosstab(
            [table["segment"], table["segment_name"]], table["ab_group"]
        ).reset_index()
        st.dataframe(counts, hide_index=True)


def _large_files(run: Run, recipe: Recipe, table: pd.DataFrame) -> Files | None:
    """Return the labelled CSV and model file prepared on request, or None.

    Files prepared for other segments, names or options are dropped. The button
    that prepares them is drawn here while there are none.
    """
    key = _run_key(run, recipe.to_json())
    stored = st.session_state.get(keys.EXPORT_PREPARED)
    if isinstance(stored, tuple) and stored[0] == key:
        return stored[1], stored[2]
    st.session_state.pop(keys.EXPORT_PREPARED, None)
    st.caption(
        f"With more than {PREPARE_ABOVE:,} customers the labelled CSV and the model "
        "file are prepared on request (a few seconds); they are kept until the "
        "segments, names or options change."
    )
    if not st.button(
        f"Prepare the labelled CSV and the model file ({len(table):,} rows)",
        key=keys.PREPARE_BUTTON,
        type="primary",
        icon=":material/build:",
    ):
        return None
    with st.spinner("Writing the labelled CSV and fitting the model file..."):
        files = (
            export_files.labelled_csv(table, recipe.neutralise_formulas, run.info),
            export_files.model_bytes(run, recipe),
        )
    st.session_state[keys.EXPORT_PREPARED] = (key, *files)
    return files


def show_downloads(
    run: Run,
    described: Description,
    recipe: Recipe,
    names: dict[int, str],
    edited: pd.DataFrame,
    table: pd.DataFrame,
) -> None:
    """Show the five download buttons for the labelled ``table``.

    Up to ``PREPARE_ABOVE`` rows every file is built with the page; above it the
    labelled CSV and the model file wait for a button (see :data:`PREPARE_ABOVE`).
    """
    st.subheader("Downloads")
    neutralise = recipe.neutralise_formulas
    if len(table) <= PREPARE_ABOVE:
        st.session_state.pop(keys.EXPORT_PREPARED, None)
        files = (
            export_files.labelled_csv(table, neutralise, run.info),
            export_files.model_bytes(run, recipe),
        )
    else:
        files = _large_files(run, recipe, table)
    cells = st.columns(5)
    cells[0].download_button(
        "Labelled customers (CSV)",
        data=files[0] if files else b"",
        file_name="segments.csv",
        mime="text/csv",
        on_click="ignore",
        type="primary",
        icon=":material/download:",
        key=keys.EXPORT_DOWNLOADS["labelled"],
        disabled=files is None,
    )
    cells[1].download_button(
        "Segment summary (CSV)",
        data=export_files.summary_csv(described, names, neutralise),
        file_name="segment_summary.csv",
        mime="text/csv",
        on_click="ignore",
        key=keys.EXPORT_DOWNLOADS["summary"],
    )
    cells[2].download_button(
        "Messages (CSV)",
        data=export_files.messages_csv(edited, neutralise),
        file_name="segment_messages.csv",
        mime="text/csv",
        on_click="ignore",
        key=keys.EXPORT_DOWNLOADS["messages_csv"],
    )
    cells[3].download_button(
        "Recipe (JSON)",
        data=recipe.to_json() + "\n",
        file_name="recipe.json",
        mime="application/json",
        on_click="ignore",
        key=keys.EXPORT_DOWNLOADS["recipe"],
    )
    cells[4].download_button(
        "Model file",
        data=files[1] if files else b"",
        file_name="segmentation_model.zip",
        mime="application/zip",
        on_click="ignore",
        key=keys.EXPORT_DOWNLOADS["model"],
        disabled=files is None,
    )
    command = "segmentation fit FILE --recipe recipe.json -o segments.csv"
    if recipe.transactions:
        command = command.replace("FILE", "FILE --transactions LOG")
    st.caption(
        "The recipe reproduces this file headless: `" + command + "` on the same "
        "data gives the same rows, segments, names and groups."
    )
    show_apply_commands(recipe)


def show_apply_commands(recipe: Recipe) -> None:
    """Show how to label new customers with the model file, here or on Dask."""
    commands = apply_commands(
        "segmentation_model.zip", transactions=recipe.transactions is not None
    )
    st.caption(
        "Label new customers with the model file, on any machine, in chunks "
        "(memory stays flat however large the file):"
    )
    st.code(commands["local"], language="bash")
    st.caption(
        "Or on a Dask cluster, with the customers' file where every worker reads "
        "it; one CSV per partition lands in the output folder:"
    )
    st.code(commands["dask"], language="bash")
