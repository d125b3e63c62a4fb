"""Files that write decimals with a comma give the same results as with a point.

The reader finds the mark (``TableInfo.decimal``) and every command passes it on
explicitly to schema inference and to the log's amounts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import segmentation as sg
import segmentation.cli as cli

ROOT = Path(__file__).resolve().parents[2]
CUSTOMERS = ROOT / "sample_data" / "customers.csv"
LOG = ROOT / "sample_data" / "transactions.csv"
LOG_ARGS = ["--customer", "customer_id", "--date", "order_date", "--amount", "amount"]


def _european(source: Path, target: Path) -> Path:
    """Write ``source`` again with ``;`` between fields and ``,`` for decimals."""
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    for column in frame.columns:
        numbers = pd.to_numeric(frame[column], errors="coerce")
        if numbers.notna().all() and (numbers % 1 != 0).any():
            frame[column] = frame[column].str.replace(".", ",", regex=False)
    frame.to_csv(target, sep=";", index=False)
    return target


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("decimal_comma")
    return {
        "customers": _european(CUSTOMERS, folder / "kunden.csv"),
        "log": _european(LOG, folder / "bestellungen.csv"),
    }


def test_the_reader_finds_the_comma(files):
    for path in files.values():
        frame, info = sg.read_table_with_info(path)
        assert (info.delimiter, info.decimal) == (";", ",")
        assert frame.attrs == {}
    assert "390,05" in sg.read_table(files["customers"])["total_spend"].tolist()


def test_fit_and_apply_label_as_with_points(files, tmp_path, capsys):
    args = ["--features", "auto", "--k", "4", "--seed", "0"]
    point, comma = tmp_path / "point.csv", tmp_path / "comma.csv"
    model = tmp_path / "model.seg"
    assert cli.main(["fit", str(CUSTOMERS), *args, "-o", str(point)]) == 0
    assert (
        cli.main(
            [
                "fit",
                str(files["customers"]),
                *args,
                "-o",
                str(comma),
                "--model",
                str(model),
            ]
        )
        == 0
    )
    expected = sg.read_table(point)["segment"]
    got = sg.read_table(comma)["segment"]
    assert got.tolist() == expected.tolist()
    applied = tmp_path / "applied.csv"
    assert (
        cli.main(["apply", str(model), str(files["customers"]), "-o", str(applied)])
        == 0
    )
    assert sg.read_table(applied)["segment"].tolist() == got.tolist()
    capsys.readouterr()


def test_rfm_reads_comma_amounts(files, tmp_path, capsys):
    point, comma = tmp_path / "point.csv", tmp_path / "comma.csv"
    assert cli.main(["rfm", str(LOG), *LOG_ARGS, "-o", str(point)]) == 0
    assert cli.main(["rfm", str(files["log"]), *LOG_ARGS, "-o", str(comma)]) == 0
    capsys.readouterr()
    expected, got = pd.read_csv(point), pd.read_csv(comma)
    assert got["monetary"].notna().all()
    pd.testing.assert_frame_equal(got, expected)


def test_inspect_reads_comma_numbers_as_numbers(files, capsys):
    assert cli.main(["inspect", str(files["customers"]), "--json"]) == 0
    columns = {c["name"]: c for c in json.loads(capsys.readouterr().out)["columns"]}
    assert columns["total_spend"]["role"] == "numeric"
    assert columns["total_spend"]["dtype"] == "float64"
