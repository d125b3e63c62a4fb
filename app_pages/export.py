"""Export: a step still to come; the page says so and shows nothing made up."""

import streamlit as st

from ui import widgets

st.title("Export")
if widgets.require_data() is not None:
    st.info(
        "This step is not built yet. It will let you "
        "see suggested messaging per segment, then download the labelled customer "
        "list, the summary, the messages, the recipe and the model."
    )
