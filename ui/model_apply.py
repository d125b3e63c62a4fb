"""Label the loaded table with a saved model, as ``segmentation apply`` does.

The Data page takes a model file saved from the Export page (or ``fit --model``),
labels every row of the loaded customer table with it and offers the labelled
file: the rows as read, then ``segment``, ``segment_name`` and the model's kept
groups, with the input's line endings and encoding. A model that takes behaviour
from a transaction log needs the log: the command line takes it
(``--transactions``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from segmentation.errors import InputError
from segmentation.export import applied_output, csv_options_like, to_csv_bytes
from ui import cache_keys, keys, state

__all__ = ("model_labeller",)


@st.cache_data(max_entries=4, show_spinner="Labelling the customers...")
def _labelled(
    model_digest: str, table_digest: str, _model: bytes, _frame: pd.DataFrame
) -> tuple[pd.DataFrame, int, bool]:
    """Label the table with the model (cached per model and table)."""
    from segmentation.model import SegmentationModel  # scikit-learn, when used

    model = SegmentationModel.from_bytes(_model, "The model file")
    if model.recipe.transactions is not None:
        raise InputError(
            "This model takes behaviour from a transaction log: label with it on "
            "the command line, `segmentation apply MODEL FILE --transactions LOG`."
        )
    labels = model.predict(_frame)
    table = applied_output(_frame, labels, model.recipe)
    return table, model.n_segments_, model.recipe.neutralise_formulas


def model_labeller(dataset: state.Dataset) -> None:
    """Show the model uploader and, once a model is given, its labels and file.

    Parameters
    ----------
    dataset : Dataset
        The loaded customer table.
    """
    uploaded = st.file_uploader(
        "Label this table with a saved model (.zip from the Export page)",
        type=["zip"],
        key=keys.APPLY_MODEL,
    )
    if uploaded is None:
        return
    data = uploaded.getvalue()
    try:
        table, n_segments, neutralise = _labelled(
            cache_keys.digest_bytes(data), dataset.digest, _model=data,
            _frame=dataset.frame,
        )  # fmt: skip
    except InputError as exc:
        st.error(str(exc))
        return
    counts = table.groupby(["segment", "segment_name"]).size().reset_index()
    counts.columns = ["segment", "segment_name", "customers"]
    st.caption(
        f"{uploaded.name} put each of the {len(table):,} rows in one of its "
        f"{n_segments} segments:"
    )
    st.dataframe(counts, hide_index=True)
    payload = to_csv_bytes(
        table, neutralise=neutralise, **csv_options_like(dataset.info)
    )
    st.download_button(
        "Labelled customers (CSV)",
        data=payload,
        file_name="labelled_with_model.csv",
        mime="text/csv",
        on_click="ignore",
        key=keys.APPLY_DOWNLOAD,
        icon=":material/download:",
    )
