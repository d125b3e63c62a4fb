"""Segments: who is in each segment, what it is worth, and what to call it.

Everything here is computed from the Tune page's labels (cached by their content
key): the profile, the rules in words, names, value and churn risk.
"""

import streamlit as st

from ui import compare_view, segments, segments_view, widgets

st.title("Segments")
if widgets.require_data() is None:
    st.stop()
run = segments.current_run()
if run is None:
    st.stop()
st.caption(
    "What sets each segment apart, what it is worth and how likely it is to slip "
    "away. Name the segments here; the names travel to every export."
)
described = None
with widgets.guarded("The description of the segments"):
    described = segments.value_basis(run, segments.description(run))
if described is None:
    st.stop()
segments_view.show_overview(run, described)
names = described.names
with widgets.guarded("The names table"):
    names = segments_view.show_names_editor(run, described)
with widgets.guarded("The value and churn-risk table"):
    segments_view.show_value(described, names)
with widgets.guarded("The outcome rates"):
    segments_view.show_outcomes(described, names)
with widgets.guarded("The profile heatmap"):
    segments_view.show_profile(described, names)
with widgets.guarded("The segment details"):
    segments_view.show_details(described, names)
with widgets.guarded("The kept groups"):
    segments_view.show_kept_groups(run, names)
with widgets.guarded("The comparison of segments"):
    compare_view.show_comparison(run, names)
st.page_link(
    "app_pages/export.py", label="Next: messages and export", icon=":material/download:"
)
