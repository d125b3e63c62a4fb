"""Audience files on the Campaigns page: hashed contacts per segment, one zip.

The current segments' labelled table (with the Export page's holdout) gives one
file per segment for ad platforms' customer-match lists and e-mail tools
(:func:`segmentation.campaigns.audiences`); the page counts what was left out.
"""

from __future__ import annotations

import io
import zipfile

import streamlit as st

from segmentation.campaigns import audience_file_name, audiences
from segmentation.errors import InputError
from segmentation.export import frame_csv_bytes
from ui import campaigns_view, keys
from ui.segments import Run

__all__ = ("audiences_section",)


def _zip(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for segment, table in files.items():
            archive.writestr(
                audience_file_name(segment), frame_csv_bytes(table, neutralise=False)
            )
    return buffer.getvalue()


def audiences_section(run: Run) -> None:
    """Choose the contact columns; show the counts; offer the files as a zip."""
    st.subheader("Audience files")
    st.caption(
        "One file per segment for customer-match lists (ad platforms) and e-mail "
        "tools: SHA-256 of the trimmed, lower-cased e-mail and of the phone in "
        "E.164 form; the raw contacts are never written. The control group, "
        "opted-out customers and rows without a valid contact are left out."
    )
    schema = run.data.prepared.schema
    columns = [str(c) for c in run.source.columns]
    kinds = {c.name: c.pii_kind for c in schema.columns}
    mails = [c for c in columns if kinds.get(c) == "email"]
    phones = [c for c in columns if kinds.get(c) == "phone"]
    first, second, third, fourth = st.columns(4)
    email = first.selectbox("E-mail", columns, index=columns.index(mails[0])
                            if mails else None, key=keys.AUDIENCE_EMAIL,
                            placeholder="None")  # fmt: skip
    phone = second.selectbox("Phone", columns, index=columns.index(phones[0])
                             if phones else None, key=keys.AUDIENCE_PHONE,
                             placeholder="None")  # fmt: skip
    code = third.number_input(
        "Calling code for numbers without one", min_value=0, max_value=999,
        value=0, step=1, key=keys.AUDIENCE_COUNTRY,
        help="44 for the UK, 1 for North America, 49 for Germany; 0: only numbers "
        "written with + or 00 are read.",
    )  # fmt: skip
    consent = fourth.selectbox(
        "Consent (yes/no)", columns, index=None, key=keys.AUDIENCE_CONSENT,
        placeholder="None",
    )  # fmt: skip
    if email is None and phone is None:
        st.info("Choose the e-mail column, the phone column or both.")
        return
    try:
        made = audiences(
            campaigns_view.run_labelled(run), email=email, phone=phone,
            country_code=int(code) or None, consent=consent,
        )  # fmt: skip
    except InputError as exc:
        st.error(f"The audience files could not be made: {exc}")
        return
    st.dataframe(made.counts, hide_index=True, width="stretch")
    written = int(made.counts["written"].sum())
    st.download_button(
        f"Audience files, {written:,} customers (zip)",
        _zip(made.files),
        file_name="audiences.zip",
        mime="application/zip",
        icon=":material/download:",
        disabled=written == 0,
    )
