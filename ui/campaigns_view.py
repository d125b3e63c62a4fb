"""The Campaigns page's parts: the labelled customers, the results, the reading.

The labelled customers are the current segments as the Export page writes them
(with the holdout chosen there), or a labelled file the analyst uploads. The
results are an uploaded file or the bundled sample's campaign. The reading is
:func:`segmentation.campaigns.campaign_results`, shown as figures, a table and
the lift chart.
"""

from __future__ import annotations

import io
from types import MappingProxyType

import pandas as pd
import streamlit as st

from segmentation import charts
from segmentation.campaigns import CampaignResults, campaign_results
from segmentation.errors import InputError
from segmentation.export import frame_csv_bytes
from segmentation.reading import CAMPAIGN_RESULTS, read_table
from segmentation.recipe import Recipe
from segmentation.schema import infer_schema
from ui import export_files, keys, segments
from ui.segments import Run
from ui.widgets import md_escape

__all__ = ("labelled_table", "results_table", "run_labelled", "show_reading")

_MISSING = MappingProxyType(
    {"no_outcome": "Count them as no outcome", "leave_out": "Leave them out"}
)


def _read(data: bytes) -> pd.DataFrame:
    return read_table(io.BytesIO(data))


def labelled_table(run: Run | None) -> tuple[pd.DataFrame, str] | None:
    """Return the labelled customers and where they come from (None: none yet)."""
    upload = st.file_uploader(
        "Or upload a labelled file (from the Export page or `segmentation fit`)",
        key=keys.CAMPAIGN_LABELLED,
        help="A segment column, the customer id and, for the control group, "
        "ab_group (unless the results file records the groups).",
    )
    if upload is not None:
        return _read(upload.getvalue()), upload.name
    if run is None:
        return None
    return run_labelled(run), "the current segments"


def run_labelled(run: Run) -> pd.DataFrame:
    """Return the current segments' labelled table as the Export page writes it.

    With the holdout chosen there (or the recipe's), so ``ab_group`` is the
    control group the campaign held out.
    """
    names = segments.names_for(run, segments.description(run))
    saved = st.session_state.get(keys.EXPORT_RECIPE_JSON)
    holdout = Recipe.from_json(saved).holdout if saved else run.recipe.holdout
    recipe = export_files.export_recipe(run, names, holdout, True)
    return export_files.labelled_preview(run, recipe, names)


def _on_bundled() -> None:
    st.session_state[keys.CAMPAIGN_FILE] = (
        CAMPAIGN_RESULTS.name,
        CAMPAIGN_RESULTS.read_bytes(),
    )


def _on_upload() -> None:
    upload = st.session_state.get(keys.CAMPAIGN_UPLOAD)
    if upload is not None:
        st.session_state[keys.CAMPAIGN_FILE] = (upload.name, upload.getvalue())


def results_table() -> tuple[pd.DataFrame, str] | None:
    """Return the campaign results read and their file name (None: none yet)."""
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    left.file_uploader(
        "Upload the campaign's results",
        key=keys.CAMPAIGN_UPLOAD,
        on_change=_on_upload,
        help="One row per customer: the id, a 0/1 or yes/no outcome, optionally "
        "revenue, and ab_group when the campaign tool records who got it.",
    )
    right.button(
        "Use the bundled campaign results",
        key=keys.CAMPAIGN_BUNDLED,
        on_click=_on_bundled,
        help="One e-mail campaign to the bundled sample's customers, with planted "
        "lifts (sample_data/README.md).",
    )
    held = st.session_state.get(keys.CAMPAIGN_FILE)
    if not (isinstance(held, tuple) and len(held) == 2):
        return None
    name, data = held
    return _read(data), name


def _pick(label: str, options: list[str], preferred: list[str], key: str):
    index = next((options.index(p) for p in preferred if p in options), None)
    return st.selectbox(label, options, index=index, key=key, placeholder="Choose")


def show_reading(
    labelled: pd.DataFrame, results: pd.DataFrame, id_hint: str | None
) -> None:
    """Choose the columns, read the campaign, show it.

    Parameters
    ----------
    labelled, results : pandas.DataFrame
        The labelled customers and the campaign's results, as read.
    id_hint : str or None
        The id column the segments know (chosen first when both files have it).
    """
    own = set(map(str, labelled.columns))
    shared = [c for c in map(str, results.columns) if c in own]
    schema = infer_schema(results)
    flags = [c.name for c in schema.columns if c.role in ("outcome", "boolean")]
    ids = [c.name for c in schema.columns if c.role == "id"]
    first, second, third = st.columns(3)
    with first:
        id_column = _pick(
            "Customer id", shared, [id_hint or "", *ids], keys.CAMPAIGN_ID
        )
    others = [str(c) for c in results.columns if str(c) not in (id_column, "ab_group")]
    with second:
        outcome = _pick("Outcome (0/1 or yes/no)", others, flags, keys.CAMPAIGN_OUTCOME)
    with third:
        revenue = st.selectbox(
            "Revenue (optional)",
            [c for c in others if c != outcome],
            index=None,
            key=keys.CAMPAIGN_REVENUE,
            placeholder="None",
        )
    missing = st.radio(
        "Labelled customers the results do not list",
        list(_MISSING),
        format_func=_MISSING.get,
        horizontal=True,
        key=keys.CAMPAIGN_MISSING,
    )
    if id_column is None or outcome is None:
        st.info("Choose the customer id and the outcome columns.")
        return
    try:
        found = campaign_results(
            labelled, results, id_column=id_column, outcome=outcome,
            revenue=revenue, missing=missing,
        )  # fmt: skip
    except InputError as exc:
        st.error(f"The campaign could not be read: {exc}")
        return
    _show(found)


def _show(found: CampaignResults) -> None:
    overall = found.overall
    figures = (
        ("Treatment", f"{overall['treatment_rate']:.1%}",
         f"{overall['treatment_n']:,} customers got the campaign"),
        ("Control", f"{overall['control_rate']:.1%}",
         f"{overall['control_n']:,} customers were held out"),
        ("Lift", f"{overall['lift']:+.1%}",
         f"95% interval {overall['lift_low']:+.1%} to {overall['lift_high']:+.1%}"),
        ("Verdict", overall["verdict"].capitalize(),
         f"Two-proportion test, p = {overall['p_value']:.3g}"),
    )  # fmt: skip
    for cell, (label, value, why) in zip(st.columns(4), figures, strict=True):
        cell.metric(label, value, help=why)
    for note in found.notes:
        st.caption(md_escape(note))
    st.altair_chart(charts.lift_chart(found.segments), width="stretch")
    shown = found.segments.copy()
    for column in ("treatment_rate", "control_rate", "lift", "lift_low", "lift_high"):
        shown[column] = shown[column] * 100
    percent = {
        c: st.column_config.NumberColumn(c.replace("_", " "), format="%.1f%%")
        for c in ("treatment_rate", "control_rate", "lift", "lift_low", "lift_high")
    }
    st.dataframe(shown, hide_index=True, width="stretch", column_config=percent)
    st.caption(
        "Lift: treatment rate minus control rate, with its 95% interval (Newcombe). "
        "p: two-proportion z-test; adjusted: Holm, across the segments. A verdict "
        'of "worked" needs an adjusted p under 0.05.'
    )
    st.download_button(
        "Results per segment (CSV)",
        frame_csv_bytes(found.segments),
        file_name="campaign_results_per_segment.csv",
        mime="text/csv",
        icon=":material/download:",
    )
