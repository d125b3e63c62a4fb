"""Criteria: a step still to come; the page says so and shows nothing made up."""

import streamlit as st

from ui import widgets

st.title("Criteria")
if widgets.require_data() is not None:
    st.info(
        "This step is not built yet. It will let you "
        "choose the columns and families that define similarity, their weights "
        "and preprocessing, and optional rule-based segments."
    )
