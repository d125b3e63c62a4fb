"""``segmentation rfm TX_FILE ...``: output file, summary and input errors.

Runs through the in-process entry point ``segmentation.cli.main(argv)``; one case
of each kind also runs as a real subprocess so the exit code and stderr are the
ones a shell sees.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from shared_data import DECEMBER

import segmentation.cli as cli

ROOT = Path(__file__).resolve().parents[2]
TRANSACTIONS = ROOT / "sample_data" / "transactions.csv"
CUSTOMERS = ROOT / "sample_data" / "customers.csv"
needs_december = pytest.mark.skipif(
    not DECEMBER.exists(),
    reason=f"UCI Online Retail December 2010 not found at {DECEMBER} (the shared/ "
    "datasets folder sits beside the project in CI)",
)
OUTPUT_COLUMNS = [
    "recency_days",
    "frequency",
    "monetary",
    "tenure_days",
    "avg_order_value",
    "mean_days_between_purchases",
    "return_rate",
    "first_purchase",
    "last_purchase",
    "r_score",
    "f_score",
    "m_score",
    "rfm_segment",
]
SEGMENTS = {
    "Champions",
    "Loyal",
    "Potential loyalist",
    "New",
    "Promising",
    "Need attention",
    "About to sleep",
    "At risk",
    "Can't lose them",
    "Hibernating",
    "Lost",
}
SAMPLE_ARGS = [
    "rfm",
    str(TRANSACTIONS),
    "--customer",
    "customer_id",
    "--date",
    "order_date",
    "--amount",
    "amount",
    "--invoice",
    "order_id",
]
RETAIL_ARGS = [
    "rfm",
    str(DECEMBER),
    "--customer",
    "CustomerID",
    "--date",
    "InvoiceDate",
    "--quantity",
    "Quantity",
    "--price",
    "UnitPrice",
    "--invoice",
    "InvoiceNo",
]


def run_main(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def read_text_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


def one_error_line(code: int, err: str, *names: str) -> str:
    assert code == 2, f"exit code {code}, stderr {err!r}"
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, lines
    for name in names:
        assert name in lines[0], (name, lines[0])
    return lines[0]


def test_sample_transactions(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out_file = tmp_path / "rfm.csv"
    argv = [*SAMPLE_ARGS, "--as-of", "2026-06-30", "-o", str(out_file)]
    code, out, err = run_main(argv, capsys)
    assert code == 0, err
    table = read_text_csv(out_file)
    assert list(table.columns) == ["customer_id", *OUTPUT_COLUMNS]
    customers = read_text_csv(CUSTOMERS)
    assert table["customer_id"].tolist() == sorted(customers["customer_id"])
    merged = table.merge(customers, on="customer_id", suffixes=("", "_truth"))
    assert (merged["frequency"] == merged["orders"]).all()  # same text
    assert (merged["recency_days"] == merged["recency_days_truth"]).all()
    spend = merged["monetary"].astype(float) - merged["total_spend"].astype(float)
    assert spend.abs().max() < 0.005
    assert set(table["rfm_segment"]) <= SEGMENTS
    for column in ("r_score", "f_score", "m_score"):
        assert set(table[column]) == {"1", "2", "3", "4", "5"}
    assert "5,000 customers" in out and "1,672 return" in out
    assert not err


@needs_december
def test_december_2010_online_retail(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out_file = tmp_path / "december.csv"
    code, out, err = run_main([*RETAIL_ARGS, "-o", str(out_file)], capsys)
    assert code == 0, err
    table = read_text_csv(out_file)
    assert list(table.columns) == ["CustomerID", *OUTPUT_COLUMNS]
    lines = read_text_csv(DECEMBER)
    amount = lines["Quantity"].astype(float) * lines["UnitPrice"].astype(float)
    purchase = (amount > 0) & ~lines["InvoiceNo"].str.startswith("C")
    buyers = lines.loc[purchase & lines["CustomerID"].notna(), "CustomerID"]
    assert table["CustomerID"].tolist() == sorted(set(buyers))  # text unchanged
    assert not table["CustomerID"].str.contains(".", regex=False).any()
    assert table["CustomerID"].is_unique
    assert set(table["rfm_segment"]) <= SEGMENTS
    anonymous = int(lines["CustomerID"].isna().sum())
    assert f"{anonymous:,} lines without a customer id" in out
    assert "as of 2010-12-24" in out  # the day after the last line, 2010-12-23


@needs_december
@pytest.mark.parametrize(
    ("change", "names"),
    [
        (["--customer", "Client"], ["Client", "customer", "CustomerID"]),
        (["--date", "Nope"], ["Nope", "InvoiceDate"]),
        (["--date", "Country"], ["Country", "dates", "United Kingdom"]),
        (["--price", "Description"], ["Description", "numbers"]),
        (["--as-of", "2010-12-01"], ["2010-12-01", "before"]),
        (["--as-of", "10/12/2010"], ["--as-of", "10/12/2010"]),
        (["--as-of", "2010-02-30"], ["--as-of", "2010-02-30"]),
    ],
    ids=[
        "bad-customer",
        "bad-date-column",
        "date-not-dates",
        "price-not-numbers",
        "as-of-too-early",
        "as-of-format",
        "as-of-no-such-day",
    ],
)
def test_bad_input_is_one_line(
    change: list[str], names: list[str], tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    argv = [*RETAIL_ARGS, "-o", str(tmp_path / "x.csv")]
    if change[0] in argv:
        argv[argv.index(change[0]) + 1] = change[1]
    else:
        argv += change
    code, out, err = run_main(argv, capsys)
    one_error_line(code, err, *names)
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["rfm", str(TRANSACTIONS), "--customer", "customer_id", "-o", "x.csv"],
        [*SAMPLE_ARGS[:6], "-o", "x.csv"],  # no amount
        [*SAMPLE_ARGS, "--quantity", "amount", "-o", "x.csv"],  # both
        [*SAMPLE_ARGS],  # no -o
    ],
    ids=["no-date", "no-amount", "amount-and-quantity", "no-output"],
)
def test_usage_errors(argv: list[str], capsys: pytest.CaptureFixture) -> None:
    code, out, err = run_main(argv, capsys)
    one_error_line(code, err)


def test_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "missing-folder" / "out.csv"
    code, out, err = run_main([*SAMPLE_ARGS, "-o", str(target)], capsys)
    one_error_line(code, err, str(target))


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    argv = [*SAMPLE_ARGS, "-o", str(tmp_path / "x.csv")]
    argv[1] = str(tmp_path / "nowhere.csv")
    code, out, err = run_main(argv, capsys)
    one_error_line(code, err, "nowhere.csv")


def run_subprocess(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "segmentation", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=180,
        check=False,
    )


def test_subprocess_success_and_failure(tmp_path: Path) -> None:
    out_file = tmp_path / "rfm.csv"
    done = run_subprocess([*SAMPLE_ARGS, "-o", str(out_file)])
    assert done.returncode == 0, done.stderr
    assert len(read_text_csv(out_file)) == 5_000
    bad = [*SAMPLE_ARGS, "-o", str(out_file)]
    bad[bad.index("order_date")] = "channel"
    failed = run_subprocess(bad)
    one_error_line(failed.returncode, failed.stderr, "channel", "dates")
    bad_day = run_subprocess([*SAMPLE_ARGS, "--as-of", "30.06.2026", "-o", "x.csv"])
    one_error_line(bad_day.returncode, bad_day.stderr, "--as-of")


def test_log_with_yyyymmdd_dates(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    log, out_file = tmp_path / "cdnow_like.txt", tmp_path / "rfm.csv"
    log.write_text(
        "customer_id date quantity amount\n"
        "00001 19970101 1 11.77\n"
        "00002 19970112 1 12.00\n"
        "00003 19970102 2 20.76\n"
        "00003 19970402 2 19.54\n",
        encoding="utf-8",
    )
    argv = ["rfm", str(log), "--customer", "customer_id", "--date", "date"]
    code, out, err = run_main(
        [*argv, "--amount", "amount", "-o", str(out_file)], capsys
    )
    assert code == 0, err
    table = read_text_csv(out_file)
    assert table["customer_id"].tolist() == ["00001", "00002", "00003"]
    # as_of 1997-04-03: Jan 1 -> 92 days, Jan 12 -> 81, Apr 2 -> 1.
    assert table["recency_days"].tolist() == ["92", "81", "1"]
    assert table["last_purchase"].tolist()[2] == "1997-04-02 00:00:00"
    assert "3 customers" in out and not err


def test_as_of_in_the_log_takes_the_customers_as_they_stood(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out_file = tmp_path / "then.csv"
    argv = [*SAMPLE_ARGS, "--as-of", "2025-12-31", "-o", str(out_file)]
    code, out, err = run_main(argv, capsys)
    assert code == 0, err
    lines = pd.read_csv(TRANSACTIONS, dtype=str)
    before = lines[pd.to_datetime(lines["order_date"]) < "2025-12-31"]
    table = pd.read_csv(out_file, dtype={"customer_id": str})
    assert set(table["customer_id"]) == set(before["customer_id"])
    left = len(lines) - len(before)
    assert f"Left out {left:,} lines dated on or after 2025-12-31" in out


def test_clv_adds_value_ahead_per_customer(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    year, month = tmp_path / "year.csv", tmp_path / "month.csv"
    code, out, err = run_main([*SAMPLE_ARGS, "--clv", "-o", str(year)], capsys)
    assert code == 0, err
    assert "Fitted on 5,000 customers" in out and "365 days" in out
    code, out, err = run_main(
        [*SAMPLE_ARGS, "--clv", "--horizon-days", "30", "-o", str(month)], capsys
    )
    assert code == 0, err
    assert "next 30 days" in out
    ahead = ["p_alive", "expected_purchases", "expected_value"]
    a, b = pd.read_csv(year), pd.read_csv(month)
    assert list(a.columns) == ["customer_id", *OUTPUT_COLUMNS, *ahead]
    assert a[ahead].notna().all().all() and a["p_alive"].between(0, 1).all()
    assert (a["p_alive"] == b["p_alive"]).all()  # the horizon changes no chance
    assert (b["expected_purchases"] < a["expected_purchases"]).all()
    # More purchases and more recent ones: more expected, all else about equal.
    recent = a["recency_days"] <= a["recency_days"].quantile(0.25)
    assert a.loc[recent, "p_alive"].mean() > a.loc[~recent, "p_alive"].mean()


def test_clv_on_a_thin_log_leaves_the_columns_empty_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    log = pd.read_csv(TRANSACTIONS, dtype=str).head(300)
    source, out_file = tmp_path / "thin.csv", tmp_path / "rfm.csv"
    log.to_csv(source, index=False)
    argv = ["rfm", str(source), *SAMPLE_ARGS[2:], "--clv", "-o", str(out_file)]
    code, out, err = run_main(argv, capsys)
    assert code == 0, err
    table = pd.read_csv(out_file)
    assert table[["p_alive", "expected_purchases", "expected_value"]].isna().all().all()
    assert "past value is used" in out


def test_horizon_without_clv_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    argv = [*SAMPLE_ARGS, "--horizon-days", "30", "-o", str(tmp_path / "x.csv")]
    code, _, err = run_main(argv, capsys)
    one_error_line(code, err, "--clv")
