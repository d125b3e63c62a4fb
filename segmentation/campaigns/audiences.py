"""Audience files for ad platforms' customer-match lists and e-mail tools.

Per segment, a file of hashed contacts: the SHA-256 (hex) of the normalised
e-mail (trimmed, lower-cased) and of the phone number in E.164 form (``+`` and
the country code, then the number; numbers written without a country code take
the default one; parsed and checked with the ``phonenumbers`` library). The raw
contact never reaches the files. Left out, and counted: the control group
(``ab_group`` ``control``), customers who opted out (the consent column says
no) or whose consent is not recorded (empty or unreadable: an ad platform needs
it), and customers with neither a valid e-mail nor a valid phone.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import pandas as pd
import phonenumbers

from segmentation.errors import InputError
from segmentation.labels import segment_text_key
from segmentation.reading import values as parse

__all__ = (
    "AUDIENCE_COLUMNS",
    "Audiences",
    "audience_file_name",
    "audiences",
    "normalise_email",
    "normalise_phone",
    "sha256_hex",
)

#: The columns of every audience file, in order.
AUDIENCE_COLUMNS = ("email_sha256", "phone_sha256", "segment", "segment_name")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


@dataclass(frozen=True, slots=True)
class Audiences:
    """Upload-ready audience files, one per segment, and what was left out.

    Attributes
    ----------
    files : dict
        Segment (as the labelled file writes it) -> its file's table
        (:data:`AUDIENCE_COLUMNS`).
    counts : pandas.DataFrame
        Per segment: ``segment``, ``segment_name``, ``customers``, ``control``,
        ``opted_out``, ``no_consent``, ``no_contact``, ``written``.
    """

    files: dict[str, pd.DataFrame]
    counts: pd.DataFrame


def audience_file_name(segment: str) -> str:
    """Return a segment's audience file name (safe on every system).

    Examples
    --------
    >>> audience_file_name("0"), audience_file_name("Lapsed / at risk")
    ('audience_0.csv', 'audience_Lapsed_at_risk.csv')
    """
    return "audience_" + re.sub(r"[^A-Za-z0-9-]+", "_", segment).strip("_") + ".csv"


def normalise_email(values: pd.Series) -> pd.Series:
    """Return e-mails trimmed and lower-cased; missing where not an address.

    Examples
    --------
    >>> mails = pd.Series([" Ann.Lee@Example.COM ", "no-at-sign", None])
    >>> normalise_email(mails).tolist()
    ['ann.lee@example.com', <NA>, <NA>]
    """
    text = values.astype("string").str.strip().str.lower()
    return text.where(text.str.match(_EMAIL).fillna(False).astype(bool))


def _e164(text: object, region: str | None) -> object:
    if not isinstance(text, str) or not text.strip():
        return pd.NA
    raw = text.strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, None if raw.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return pd.NA
    if not phonenumbers.is_valid_number(number):
        return pd.NA
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_phone(values: pd.Series, country_code: int | None = None) -> pd.Series:
    """Return phone numbers in E.164 form; missing where not a valid number.

    Parameters
    ----------
    values : pandas.Series
        Phone numbers as written.
    country_code : int, optional
        The calling code of numbers written without one (44 for the UK, 1 for
        North America); without it, only numbers with ``+`` or ``00`` are read.

    Examples
    --------
    >>> normalise_phone(pd.Series(["07911 123456", "+1 415 555 2671", "12"]),
    ...                 country_code=44).tolist()
    ['+447911123456', '+14155552671', <NA>]
    """
    region = None
    if country_code is not None:
        region = phonenumbers.region_code_for_country_code(int(country_code))
        if region == phonenumbers.UNKNOWN_REGION:
            raise InputError(f"{country_code} is not a country calling code.")
    texts = values.astype("string")
    out = [_e164(None if pd.isna(t) else str(t), region) for t in texts]
    return pd.Series(out, index=values.index, dtype="string")


def sha256_hex(values: pd.Series) -> pd.Series:
    """Return the SHA-256 (hex) of each text; missing stays missing.

    Examples
    --------
    >>> sha256_hex(pd.Series(["abc", None])).tolist()[0][:12]
    'ba7816bf8f01'
    """
    return values.astype("string").map(
        lambda t: hashlib.sha256(t.encode("utf-8")).hexdigest(), na_action="ignore"
    )


def audiences(
    labelled: pd.DataFrame,
    *,
    email: str | None = None,
    phone: str | None = None,
    country_code: int | None = None,
    consent: str | None = None,
) -> Audiences:
    """Build the per-segment audience files of a labelled table.

    Parameters
    ----------
    labelled : pandas.DataFrame
        The labelled file as read: ``segment``, optionally ``segment_name`` and
        ``ab_group``, and the contact columns.
    email, phone : str, optional
        The e-mail and phone columns (at least one).
    country_code : int, optional
        The calling code of phone numbers written without one.
    consent : str, optional
        A yes/no (1/0, true/false) column: only customers who said yes are kept.

    Returns
    -------
    Audiences

    Raises
    ------
    InputError
        No contact column, or a named column is absent.
    """
    if email is None and phone is None:
        raise InputError("Name the e-mail column, the phone column or both.")
    for column in ("segment", email, phone, consent):
        if column is not None and column not in labelled.columns:
            raise InputError(f"The labelled file has no column {column!r}.")
    empty = pd.Series(pd.NA, index=labelled.index, dtype="string")
    mail = normalise_email(labelled[email]) if email else empty
    call = normalise_phone(labelled[phone], country_code) if phone else empty
    control = (
        labelled["ab_group"].astype("string").str.strip().str.lower().eq("control")
        if "ab_group" in labelled.columns
        else pd.Series(False, index=labelled.index)
    ).fillna(False)
    said = (
        parse.parse_booleans(labelled[consent])
        if consent
        else pd.Series(True, index=labelled.index, dtype="boolean")
    )
    opted_out = ~control & said.eq(False).fillna(False)
    no_consent = ~control & said.isna()
    no_contact = ~control & ~opted_out & ~no_consent & mail.isna() & call.isna()
    kept = ~control & ~opted_out & ~no_consent & ~no_contact
    segment = labelled["segment"].astype("string").str.strip()
    name = (
        labelled["segment_name"].astype("string")
        if "segment_name" in labelled.columns
        else pd.Series("", index=labelled.index, dtype="string")
    )
    table = pd.DataFrame(
        {
            "email_sha256": sha256_hex(mail),
            "phone_sha256": sha256_hex(call),
            "segment": segment,
            "segment_name": name,
        }
    )
    files, rows = {}, []
    order = sorted(segment.dropna().unique(), key=segment_text_key)
    for value in order:
        inside = (segment == value).fillna(False)
        files[str(value)] = table[inside & kept].reset_index(drop=True)
        first = name[inside].dropna()
        rows.append(
            {
                "segment": str(value),
                "segment_name": str(first.iloc[0]) if len(first) else "",
                "customers": int(inside.sum()),
                "control": int((inside & control).sum()),
                "opted_out": int((inside & opted_out).sum()),
                "no_consent": int((inside & no_consent).sum()),
                "no_contact": int((inside & no_contact).sum()),
                "written": int((inside & kept).sum()),
            }
        )
    return Audiences(files, pd.DataFrame(rows))
