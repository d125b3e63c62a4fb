"""Audience files: hashes of the normalised contacts, and what is left out.

The digests are checked against hashlib on contacts normalised by hand; the
phone numbers against their E.164 forms written out; the control group, opted-out
customers, unrecorded consent and rows without a valid contact are left out and
counted; the raw contacts never reach the files.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pandas as pd
import pytest

from segmentation.campaigns import (
    AUDIENCE_COLUMNS,
    audiences,
    normalise_email,
    normalise_phone,
)
from segmentation.errors import InputError


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


LABELLED = pd.DataFrame(
    {
        "id": ["1", "2", "3", "4", "5", "6", "7"],
        "segment": ["0", "0", "1", "1", "0", "1", "0"],
        "segment_name": ["Loyal", "Loyal", "Lapsed", "Lapsed", "Loyal", "Lapsed",
                         "Loyal"],
        "ab_group": ["treatment", "control", "treatment", "treatment", "treatment",
                     "treatment", "treatment"],
        "mail": [" Ann.Lee@Example.COM ", "bo@example.org", "not an address", "",
                 "zoé@exämple.de", "cy@example.net", "di@example.com"],
        "tel": ["07911 123456", "", "+1 (415) 555-2671", "0044 20 7946 0958", "12",
                "", "020 7946 0018"],
        "ok": ["yes", "yes", "yes", "yes", "yes", "no", ""],
    }
)  # fmt: skip


def test_emails_and_phones_are_normalised():
    assert normalise_email(LABELLED["mail"]).tolist()[:3] == [
        "ann.lee@example.com", "bo@example.org", pd.NA,
    ]  # fmt: skip
    phones = normalise_phone(LABELLED["tel"], country_code=44).tolist()
    assert phones == ["+447911123456", pd.NA, "+14155552671", "+442079460958",
                      pd.NA, pd.NA, "+442079460018"]  # fmt: skip


def test_files_hold_hashes_only_and_leave_out_what_they_must():
    made = audiences(LABELLED, email="mail", phone="tel", country_code=44,
                     consent="ok")  # fmt: skip
    loyal, lapsed = made.files["0"], made.files["1"]
    assert list(loyal.columns) == list(AUDIENCE_COLUMNS)
    # 1: both contacts; 2: control; 5: unicode mail kept, phone invalid;
    # 7: consent not recorded.
    assert loyal["email_sha256"].tolist() == [
        _sha("ann.lee@example.com"), _sha("zoé@exämple.de"),
    ]  # fmt: skip
    assert loyal["phone_sha256"].tolist()[0] == _sha("+447911123456")
    assert pd.isna(loyal["phone_sha256"].tolist()[1])
    # 3: phone only; 4: phone only; 6: opted out.
    assert lapsed["phone_sha256"].tolist() == [
        _sha("+14155552671"), _sha("+442079460958"),
    ]  # fmt: skip
    assert lapsed["email_sha256"].isna().all()
    counts = made.counts.set_index("segment")
    assert counts.loc["0", ["customers", "control", "no_consent", "written"]].tolist() \
        == [4, 1, 1, 2]  # fmt: skip
    assert counts.loc["1", ["opted_out", "no_contact", "written"]].tolist() == [1, 0, 2]
    text = pd.concat(made.files.values()).to_csv()
    for raw in ("ann.lee", "7911", "example", "415"):
        assert raw not in text


def test_a_row_without_any_valid_contact_is_counted():
    made = audiences(LABELLED.drop(columns="ab_group"), email="mail")
    counts = made.counts.set_index("segment")
    assert counts.loc["1", "no_contact"] == 2  # "not an address" and empty
    assert counts.loc["1", "written"] == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [({}, "Name the e-mail column"), ({"email": "nope"}, "no column 'nope'"),
     ({"phone": "tel", "country_code": 999}, "not a country calling code")],
)  # fmt: skip
def test_bad_options_get_a_sentence(options, message):
    with pytest.raises(InputError, match=message):
        audiences(LABELLED, **options)


def test_the_command_writes_one_file_per_segment(tmp_path):
    source = tmp_path / "labelled.csv"
    LABELLED.to_csv(source, index=False)
    argv = [sys.executable, "-m", "segmentation", "audiences", str(source),
            "--email", "mail", "--phone", "tel", "--country-code", "44",
            "--consent", "ok", "-o", str(tmp_path / "out")]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["audience_0.csv", "audience_1.csv"]
    loyal = pd.read_csv(tmp_path / "out" / "audience_0.csv", dtype=str)
    assert loyal["email_sha256"].tolist()[0] == _sha("ann.lee@example.com")
    assert "Segment 0 (Loyal): 2 of 4 written to audience_0.csv" in done.stdout
