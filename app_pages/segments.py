"""Segments: a step still to come; the page says so and shows nothing made up."""

import streamlit as st

from ui import widgets

st.title("Segments")
if widgets.require_data() is not None:
    st.info(
        "This step is not built yet. It will let you "
        "describe each segment: its size, profile, distinguishing traits, "
        "plain-language rules, value and churn risk, and an editable name."
    )
