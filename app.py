"""Segmentation Studio: the Streamlit entry point.

Run with ``streamlit run app.py``. This file is the frame around every page: page
config, navigation over the steps, the dataset summary in the sidebar. On a
session's first run it loads the bundled customers sample, so the app opens on data.
Once the first page of a server process is drawn, UMAP starts compiling in the
background.
"""

import streamlit as st

from ui import jobs, loader, widgets

st.set_page_config(
    page_title="Segmentation Studio", page_icon=":material/donut_small:", layout="wide"
)
page = st.navigation(
    [
        st.Page(
            "app_pages/data.py",
            title="Data",
            icon=":material/upload_file:",
            default=True,
        ),
        st.Page("app_pages/criteria.py", title="Criteria", icon=":material/tune:"),
        st.Page("app_pages/tune.py", title="Tune", icon=":material/scatter_plot:"),
        st.Page("app_pages/segments.py", title="Segments", icon=":material/groups:"),
        st.Page("app_pages/monitor.py", title="Monitor", icon=":material/timeline:"),
        st.Page(
            "app_pages/campaigns.py", title="Campaigns", icon=":material/campaign:"
        ),
        st.Page("app_pages/export.py", title="Export", icon=":material/download:"),
    ]
)
loader.autoload_sample()
widgets.sidebar()
page.run()
# Once per server process, after the first page is drawn (compiling UMAP competes
# with that page for the interpreter): the first map is then quick.
jobs.start_umap_warm_up()
