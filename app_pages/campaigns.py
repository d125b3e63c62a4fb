"""Campaigns: how each segment responded, and more customers like the best ones.

Results: the labelled customers (the current segments, or an uploaded labelled
file) joined with a campaign's results; per segment and overall the rates, the
lift with its interval, tests adjusted across segments, a verdict, revenue.
Look-alikes: every customer ranked by likeness to seed customers. Audience files:
hashed contacts per segment for ad and e-mail platforms.
"""

import streamlit as st

from ui import audiences_view, campaigns_view, lookalike_view, segments, widgets

st.title("Campaigns")
st.caption(
    "Bring a campaign's results back: which segments responded, by how much more "
    "than their control group, and whether that is more than chance. Then find "
    "more customers like the ones who matter."
)
run = None
if widgets.require_data() is not None:
    run = segments.current_run()
results_tab, alike_tab, audience_tab = st.tabs(
    ["Campaign results", "Look-alikes", "Audience files"]
)
with results_tab:
    labelled = results = None
    with widgets.guarded("The campaign's results"):
        results = campaigns_view.results_table()
    with widgets.guarded("The labelled customers"):
        labelled = campaigns_view.labelled_table(run)
    if labelled is None or results is None:
        st.info(
            "Load the campaign's results (or use the bundled ones) and make "
            "segments on the Tune page, or upload a labelled file."
        )
    else:
        table, source = labelled
        st.caption(f"Labelled customers: {source}; results: {results[1]}.")
        hint = run.recipe.id_column if run is not None else None
        with widgets.guarded("The campaign's reading"):
            campaigns_view.show_reading(table, results[0], hint)
with alike_tab:
    if run is None:
        st.info(
            "Make segments on the Tune page first: their criteria compare customers."
        )
    else:
        with widgets.guarded("The look-alikes"):
            lookalike_view.lookalike_section(run)
with audience_tab:
    if run is None:
        st.info("Make segments on the Tune page first: each gets its own file.")
    else:
        with widgets.guarded("The audience files"):
            audiences_view.audiences_section(run)
