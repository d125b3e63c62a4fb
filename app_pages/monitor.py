"""Monitor: segments over time. Who moved where, how sizes and traits drifted.

Snapshots of the customer base labelled by the same model are compared: sizes
across all of them, then who moved where between two, the drift of each column
and within each segment, and a verdict (stable, or refit advised and why).
"""

import streamlit as st

from ui import monitor_view, segments, widgets

st.title("Monitor")
st.caption(
    "Segments change as customers do. Compare snapshots of the customer base "
    "labelled by the same model: who moved where, how sizes and traits drifted, "
    "and whether it is time to refit."
)
monitor_view.example_button()
run = None
if widgets.require_data() is not None:
    with st.expander("Snapshots of the current segments", expanded=True):
        run = segments.current_run()
        if run is not None:
            with widgets.guarded("The snapshots of the log"):
                monitor_view.log_snapshots(run)
with st.expander("Upload labelled tables", expanded=False):
    with widgets.guarded("The uploaded tables"):
        monitor_view.upload_snapshots(run)
held = monitor_view.stored()
if held is None:
    st.info(
        "No snapshots yet: try the example, take snapshots of the current "
        "segments' log, or upload two labelled tables."
    )
    st.stop()
with widgets.guarded("The comparison of the snapshots"):
    monitor_view.show_comparison(held)
