"""Look-alikes on the Campaigns page: seeds from a segment, a kept group or a file.

The current segments' table and features are compared; the seeds are the
customers of one segment, of a group kept from the map, or an uploaded list of
ids. The page says how well the scores separate the seeds (AUC) and offers the
most alike non-seeds as a new audience (CSV).
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from segmentation.campaigns import lookalike
from segmentation.charts import segment_label
from segmentation.errors import InputError
from segmentation.export import frame_csv_bytes
from segmentation.reading import read_table
from ui import cache_keys, keys, segments
from ui.segments import Run

__all__ = ("lookalike_section",)

_FILE = "An uploaded list of ids"


@st.cache_data(max_entries=8, show_spinner="Scoring every customer...")
def _scored(
    key: str, seeds: tuple[str, ...], _run: Run
) -> tuple[pd.DataFrame, float, tuple[str, ...]]:
    """Score the run's customers against the seeds (cached by run and seeds)."""
    del key
    made = lookalike(
        _run.source,
        seeds,
        id_column=_run.recipe.id_column,
        schema=_run.data.prepared.schema,
        features=_run.recipe.feature_names,
        seed=_run.recipe.seed,
    )
    return made.scores, made.auc, made.notes


def _seed_ids(run: Run, names: dict[int, str]) -> tuple[str, ...] | None:
    labels = run.labels.labels.to_numpy()
    choices = {
        segment_label(int(s), names): int(s) for s in sorted(set(labels)) if s >= 0
    }
    groups = {f"Kept group: {name}": ids for name, ids in run.recipe.groups}
    picked = st.selectbox(
        "Seeds: the customers to find more of",
        [*choices, *groups, _FILE],
        key=keys.LOOKALIKE_SEEDS,
    )
    ids = run.source[run.recipe.id_column].astype("string")
    if picked in choices:
        return tuple(ids[labels == choices[picked]].dropna())
    if picked in groups:
        return tuple(groups[picked])
    upload = st.file_uploader(
        "A file of seed ids (the id column, or the first column)",
        key=keys.LOOKALIKE_SEED_FILE,
    )
    if upload is None:
        return None
    table = read_table(io.BytesIO(upload.getvalue()))
    column = run.recipe.id_column
    column = column if column in table.columns else table.columns[0]
    return tuple(table[column].dropna().astype(str))


def lookalike_section(run: Run) -> None:
    """Find the customers most like a set of seeds; offer the top as a CSV."""
    st.subheader("Look-alike customers")
    if not run.recipe.id_column:
        st.info("Look-alikes need a customer id column: choose one on the Data page.")
        return
    names = segments.names_for(run, segments.description(run))
    seeds = _seed_ids(run, names)
    if not seeds:
        return
    try:
        scores, auc, notes = _scored(
            cache_keys.content_key(run.labels.key, *seeds), seeds, _run=run
        )
    except InputError as exc:
        st.error(f"The look-alikes could not be found: {exc}")
        return
    st.caption(
        " ".join(notes) + f" The scores tell the seeds from everyone else with an "
        f"AUC of {auc:.2f} (0.5: not at all, 1: perfectly), on the "
        f"{len(run.recipe.features)} criteria of the segments."
    )
    others = int((scores["is_seed"] == 0).sum())
    top = st.slider(
        "How many of the most alike to keep",
        min_value=1,
        max_value=max(others, 1),
        value=min(500, others),
        key=keys.LOOKALIKE_TOP,
    )
    labels = run.labels.labels.to_numpy()
    audience = pd.DataFrame(
        {
            run.recipe.id_column: run.source[run.recipe.id_column].to_numpy(),
            "segment": labels,
            "segment_name": [names.get(int(s), "") for s in labels],
            "lookalike_score": scores["lookalike_score"].round(6).to_numpy(),
            "lookalike_rank": scores["lookalike_rank"].to_numpy(),
        }
    )
    chosen = audience[audience["lookalike_rank"] <= top].sort_values("lookalike_rank")
    mix = chosen["segment"].value_counts()
    st.caption(
        f"The {len(chosen):,} most alike come from: "
        + ", ".join(f"{segment_label(int(s), names)} {n:,}" for s, n in mix.items())
        + "."
    )
    st.dataframe(chosen.head(200), hide_index=True, width="stretch")
    st.download_button(
        f"Top {len(chosen):,} look-alikes (CSV)",
        frame_csv_bytes(chosen),
        file_name="lookalikes.csv",
        mime="text/csv",
        icon=":material/download:",
    )
