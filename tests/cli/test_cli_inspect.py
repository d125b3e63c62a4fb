"""``segmentation inspect FILE [--json]`` over the corpus, and its usage errors.

Every corpus entry read with default arguments goes through the in-process entry
point ``segmentation.cli.main(argv)``; a representative handful also runs as a
real subprocess (``python -m segmentation``) so that exit codes and stderr are
the ones a shell sees.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from shared_data import DATASETS as SHARED

import segmentation.cli as cli

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FILES = CORPUS / "files"
ENTRIES: list[dict[str, Any]] = json.loads(
    (CORPUS / "manifest.json").read_text(encoding="utf-8")
)["entries"]
# The CLI has no --sheet or --max-bytes: only entries read with default arguments.
PLAIN = [e for e in ENTRIES if not e.get("kwargs")]
LOADABLE = [e for e in PLAIN if "error" not in e["expect"]]
BROKEN = [e for e in PLAIN if "error" in e["expect"]]
BY_ID = {e["id"]: e for e in ENTRIES}

SUBPROCESS_IDS = [
    "basic_comma.csv",
    "excel_unicode_text.txt",
    "orders_compressed.csv",
    "two_sheets.xlsx",
    "customers.parquet",
    "quoted_fields.csv",
    "zero_bytes.csv",
    "export_png.csv",
    "ragged.csv",
    "legacy_workbook.xls",
]
COLUMN_KEYS = {"name", "dtype", "role", "family", "missing", "unique", "warnings"}


def ids(entries: list[dict[str, Any]]) -> list[str]:
    return [e["id"] for e in entries]


def run_main(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """Call ``cli.main(argv)``; a SystemExit is turned into its exit code."""
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse-style exits are still a shell exit code
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr()
    return code, out, err


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


def assert_json_report(out: str, entry: dict[str, Any]) -> None:
    expect = entry["expect"]
    report = json.loads(out)
    assert isinstance(report, dict)
    assert {"file", "rows", "columns", "warnings"} <= set(report)
    assert Path(report["file"]).name == entry["filename"]
    assert report["rows"] == expect["rows"]
    assert [c["name"] for c in report["columns"]] == expect["columns"]
    for col in report["columns"]:
        assert COLUMN_KEYS <= set(col), sorted(col)
        assert isinstance(col["dtype"], str) and col["dtype"]
        assert isinstance(col["role"], str) and col["role"]
        # Not every column belongs to a feature family (an id column does not).
        assert col["family"] is None or (
            isinstance(col["family"], str) and col["family"]
        )
        assert isinstance(col["missing"], int) and 0 <= col["missing"] <= expect["rows"]
        assert isinstance(col["unique"], int) and 0 <= col["unique"] <= expect["rows"]
        assert isinstance(col["warnings"], list)
        assert all(isinstance(w, str) for w in col["warnings"])
    assert isinstance(report["warnings"], list)
    assert all(isinstance(w, str) for w in report["warnings"])
    for col, values in expect.get("cells", {}).items():
        # A column whose expected cells include a missing one has missing > 0.
        if any(v is None for v in values):
            match = [c for c in report["columns"] if c["name"] == col]
            assert match and match[0]["missing"] >= 1, (col, match)


def assert_one_error_line(code: int, err: str, must_name: str | None = None) -> str:
    assert code == 2, f"exit code {code}, stderr {err!r}"
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one stderr line, got {len(lines)}: {err!r}"
    line = lines[0]
    assert line.strip()
    if must_name is not None:
        assert must_name in line, f"stderr does not name {must_name!r}: {line!r}"
    return line


def assert_error_names_problem(line: str, entry: dict[str, Any]) -> None:
    text = line.lower().replace(entry["filename"].lower(), " ")
    assert entry["expect"]["error"] in text, (entry["expect"]["error"], line)


# ---------------------------------------------------------------------------
# in-process, whole corpus
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry", LOADABLE, ids=ids(LOADABLE))
def test_inspect_json_in_process(
    entry: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(
        ["inspect", str(FILES / entry["filename"]), "--json"], capsys
    )
    assert code == 0, f"exit {code}, stderr {err!r}"
    assert "Traceback" not in err
    assert_json_report(out, entry)


@pytest.mark.parametrize("entry", BROKEN, ids=ids(BROKEN))
def test_inspect_broken_file_in_process(
    entry: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(
        ["inspect", str(FILES / entry["filename"]), "--json"], capsys
    )
    line = assert_one_error_line(code, err, must_name=entry["filename"])
    assert_error_names_problem(line, entry)
    assert not out.strip(), f"nothing should go to stdout on error: {out!r}"


def test_inspect_readable_table_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    entry = BY_ID["basic_comma.csv"]
    code, out, err = run_main(["inspect", str(FILES / entry["filename"])], capsys)
    assert code == 0, err
    assert out.strip()
    for name in entry["expect"]["columns"]:
        assert name in out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_inspect_gzip_bomb_loads_with_default_limit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_main(
        ["inspect", str(FILES / "huge_when_unpacked.csv.gz"), "--json"], capsys
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["rows"] == 80_000
    assert [c["name"] for c in report["columns"]] == ["id", "note"]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["inspect"],
        ["inspect", "--bogus-option", str(FILES / "basic_comma.csv")],
        ["inspect", str(FILES / "basic_comma.csv"), "--bogus-option"],
    ],
    ids=[
        "no-args",
        "unknown-subcommand",
        "inspect-without-file",
        "unknown-option-first",
        "unknown-option-last",
    ],
)
def test_usage_errors_in_process(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(argv, capsys)
    assert_one_error_line(code, err)


def test_missing_file_in_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no_such_customers.csv"
    code, out, err = run_main(["inspect", str(missing), "--json"], capsys)
    assert_one_error_line(code, err, must_name="no_such_customers.csv")


def test_directory_in_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "a_folder_of_exports"
    folder.mkdir()
    code, out, err = run_main(["inspect", str(folder), "--json"], capsys)
    assert_one_error_line(code, err, must_name="a_folder_of_exports")


# ---------------------------------------------------------------------------
# real subprocesses: a representative sample and the usage errors
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry_id", SUBPROCESS_IDS)
def test_inspect_subprocess(entry_id: str) -> None:
    entry = BY_ID[entry_id]
    proc = run_subprocess(["inspect", str(FILES / entry["filename"]), "--json"])
    if "error" in entry["expect"]:
        line = assert_one_error_line(
            proc.returncode, proc.stderr, must_name=entry["filename"]
        )
        assert_error_names_problem(line, entry)
        assert not proc.stdout.strip()
    else:
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        assert_json_report(proc.stdout, entry)


def test_console_script_runs() -> None:
    script = Path(sys.executable).parent / "segmentation"
    if not script.exists():
        pytest.skip("console script not installed next to this interpreter")
    entry = BY_ID["one_customer.csv"]
    proc = subprocess.run(
        [str(script), "inspect", str(FILES / entry["filename"]), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert_json_report(proc.stdout, entry)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["frobnicate"],
        ["inspect", str(FILES / "basic_comma.csv"), "--bogus-option"],
    ],
    ids=["no-args", "unknown-subcommand", "unknown-option"],
)
def test_usage_errors_subprocess(args: list[str]) -> None:
    proc = run_subprocess(args)
    assert_one_error_line(proc.returncode, proc.stderr)


def test_missing_file_subprocess(tmp_path: Path) -> None:
    proc = run_subprocess(["inspect", str(tmp_path / "no_such_customers.csv")])
    assert_one_error_line(
        proc.returncode, proc.stderr, must_name="no_such_customers.csv"
    )


def test_directory_subprocess(tmp_path: Path) -> None:
    folder = tmp_path / "a_folder_of_exports"
    folder.mkdir()
    proc = run_subprocess(["inspect", str(folder), "--json"])
    assert_one_error_line(proc.returncode, proc.stderr, must_name="a_folder_of_exports")


@pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/datasets is absent (CI always has it)"
)
@pytest.mark.parametrize(
    "path, expected",
    [
        (
            "mall_customers/Mall_Customers.csv",
            {
                "CustomerID": ("id", None),
                "Gender": ("categorical", "demographic"),
                "Age": ("numeric", "demographic"),
                "Annual Income (k$)": ("numeric", "demographic"),
                "Spending Score (1-100)": ("numeric", "behavioral"),
            },
        ),
        (
            "online_retail/online_retail_2010-12.csv",
            {
                "InvoiceNo": ("id", None),
                "StockCode": ("id", None),
                "Description": ("text", None),
                "Quantity": ("numeric", "behavioral"),
                "InvoiceDate": ("datetime", "behavioral"),
                "UnitPrice": ("numeric", "behavioral"),
                "CustomerID": ("id", None),
                "Country": ("categorical", "geographic"),
            },
        ),
    ],
)
def test_inspect_reports_roles_of_the_shared_datasets(
    path: str, expected: dict[str, tuple[str, str | None]]
) -> None:
    result = run_subprocess(["inspect", str(SHARED / path), "--json"])
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {c["name"]: (c["role"], c["family"]) for c in report["columns"]} == expected
    rows = sum(1 for _ in (SHARED / path).open(encoding="utf-8")) - 1
    assert report["rows"] == rows


# ---------------------------------------------------------------------------
# the quality report's findings, in the JSON and in the text view
# ---------------------------------------------------------------------------


@pytest.fixture()
def flawed(tmp_path: Path) -> Path:
    """40 customers: constant and near-constant columns, gaps, repeats, an outlier."""
    rows = []
    for i in range(36):
        age = "" if i % 9 == 4 else str(20 + i)
        country = "DE" if i == 7 else "FR"
        rows.append([f"C{i:03d}", "gold", country, age, f"{10 * i + 5}.50"])
    rows += [[f"C{36 + i:03d}", *rows[i][1:]] for i in range(3)]  # the same but ids
    rows.append(["C005", "gold", "FR", "61", "999.00"])  # an id seen before
    text = "customer_id,plan,country,age,spend\n" + "".join(
        ",".join(row) + "\n" for row in rows
    )
    path = tmp_path / "flawed.csv"
    path.write_text(text, encoding="utf-8")
    return path


FLAWED_WARNINGS = {
    "customer_id": ["1 id(s) appear more than once."],
    "plan": ["Constant, every value is 'gold', so it cannot tell customers apart."],
    "country": [
        "Near-constant, 97.5% of values are the same, so it says little about most "
        "customers."
    ],
    "age": ["4 of 40 values missing (10.0%)."],
    "spend": [
        "1 value(s) far from the rest (robust z-score above 3.5); consider a log "
        "scale or clipping."
    ],
}
FLAWED_TABLE = "3 row(s) repeat an earlier row in every column except the ids."


def test_inspect_json_carries_the_quality_findings(
    flawed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(["inspect", str(flawed), "--json"], capsys)
    assert code == 0, err
    report = json.loads(out)
    warnings = {c["name"]: c["warnings"] for c in report["columns"]}
    assert warnings == FLAWED_WARNINGS
    assert "constant" in warnings["plan"][0].lower()
    assert report["warnings"] == [FLAWED_TABLE]


def test_inspect_text_says_the_quality_findings(
    flawed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(["inspect", str(flawed)], capsys)
    assert code == 0, err
    roles, _, notes = out.partition("\nwarnings:\n")
    assert "customer_id" in roles and "categorical" in roles
    lines = [line.removeprefix("  - ") for line in notes.splitlines()]
    expected = [FLAWED_TABLE] + [
        f"{name}: {sentence}"
        for name, sentences in FLAWED_WARNINGS.items()
        for sentence in sentences
    ]
    assert lines == expected


def test_a_column_missing_everywhere_is_said_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty_column.csv"
    path.write_text("id,spend,note\n1,10,\n2,20,\n3,35,\n", encoding="utf-8")
    code, out, err = run_main(["inspect", str(path), "--json"], capsys)
    assert code == 0, err
    (note,) = [c for c in json.loads(out)["columns"] if c["name"] == "note"]
    assert note["warnings"] == ["Every value is missing."]
