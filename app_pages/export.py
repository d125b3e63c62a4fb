"""Export: messages per segment, A/B holdout, and the files to take away.

The labelled CSV holds every input row in input order with its original values,
then the segment columns; the recipe reproduces it with ``segmentation fit``.
"""

import streamlit as st

from segmentation.export import replaced_columns
from ui import export_files, export_view, keys, segments, widgets

st.title("Export")
if widgets.require_data() is None:
    st.stop()
run = segments.current_run()
if run is None:
    st.stop()
described = None
with widgets.guarded("The description of the segments"):
    described = segments.value_basis(run, segments.description(run))
if described is None:
    st.stop()
names = segments.names_for(run, described)
with widgets.guarded("The messages"):
    described = export_view.business_picker(described)
    edited = export_view.messages_editor(run, described, names)
    chosen = export_view.options(run, names)
    recipe = export_files.export_recipe(run, names, chosen.holdout, chosen.neutralise)
    if described.business.chosen:
        recipe = recipe.replace(business=described.business.kind)
    recipe = recipe.replace(
        value_basis=segments.chosen_value_basis(run),
        horizon_days=segments.chosen_horizon(run),
    )
    st.session_state[keys.EXPORT_RECIPE_JSON] = recipe.to_json()
    labelled = export_files.labelled_preview(run, recipe, names)
    replaced = replaced_columns(export_files.source_columns(run), labelled)
    export_view.show_preview(labelled, replaced)
    export_view.show_downloads(run, described, recipe, names, edited, labelled)
