"""Tune: a step still to come; the page says so and shows nothing made up."""

import streamlit as st

from ui import widgets

st.title("Tune")
if widgets.require_data() is not None:
    st.info(
        "This step is not built yet. It will let you "
        "pick an algorithm and the number of segments, guided by quality "
        "metrics for each k and a live map of customers coloured by segment."
    )
