"""``segmentation apply``, ``fit --transactions``, ``fit --holdout`` and neutralising.

Runs through ``segmentation.cli.main(argv)``; one apply also runs as a real
subprocess so the exit code and stderr are the ones a shell sees.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

import segmentation as sg
import segmentation.cli as cli
from segmentation import workflow
from segmentation.recipe import Feature, Recipe, TransactionMapping

ROOT = Path(__file__).resolve().parents[2]
CUSTOMERS = ROOT / "sample_data" / "customers.csv"
TRANSACTIONS = ROOT / "sample_data" / "transactions.csv"
BEHAVIOUR = "orders,total_spend,recency_days,web_visits_30d,email_opens_30d"
#: The sample's snapshot day, so the log's recency equals the table's recency_days.
MAPPING = TransactionMapping(
    customer="customer_id",
    date="order_date",
    amount="amount",
    invoice="order_id",
    as_of="2026-06-30",
)


def _rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _segments(path: Path) -> list[int]:
    rows = _rows(path)
    at = rows[0].index("segment")
    return [int(row[at]) for row in rows[1:]]


def _fails(argv: list[str], capsys) -> str:
    """Run, expect exit 2 and one line on stderr; return that line."""
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("segmentation")
    return err


@pytest.fixture(scope="module")
def fitted(tmp_path_factory) -> tuple[Path, Path]:
    """``fit --model`` on the sample: (labelled output, model file)."""
    folder = tmp_path_factory.mktemp("fitted")
    out, model = folder / "fit.csv", folder / "model.zip"
    argv = ["fit", str(CUSTOMERS), "--features", BEHAVIOUR, "--k", "5"]
    assert cli.main([*argv, "--seed", "3", "-o", str(out), "--model", str(model)]) == 0
    return out, model


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return sg.read_table(CUSTOMERS)


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return sg.read_table(TRANSACTIONS)


@pytest.fixture(scope="module")
def log_recipe(customers) -> Recipe:
    """Behaviour from the log: its recency (renamed, the table has one), frequency
    and monetary; the app's schema of the customer table."""
    schema = sg.infer_schema(customers)
    recipe = Recipe.from_schema(schema, columns=(), transactions=MAPPING, k=5, seed=1)
    behaviour = ("tx_recency_days", "frequency", "monetary")
    return recipe.replace(
        features=tuple(Feature(n, "numeric", "behavioral") for n in behaviour)
    )


# apply --------------------------------------------------------------------------------


def test_apply_gives_the_labels_fit_wrote(fitted, tmp_path, capsys):
    fit_out, model = fitted
    out = tmp_path / "applied.csv"
    assert cli.main(["apply", str(model), str(CUSTOMERS), "-o", str(out)]) == 0
    assert "Wrote 5,000 rows" in capsys.readouterr().out
    assert _rows(out) == _rows(fit_out)
    assert [row[:-2] for row in _rows(out)] == _rows(CUSTOMERS)
    truth = pd.read_csv(ROOT / "sample_data" / "customers_truth.csv")
    assert adjusted_rand_score(truth["planted_segment"], _segments(out)) >= 0.8


def test_apply_labels_new_rows_in_their_order(fitted, tmp_path):
    _, model = fitted
    part = tmp_path / "part.csv"
    rows = _rows(CUSTOMERS)
    picked = [rows[0], *reversed(rows[4001:])]  # 1,000 rows, last one first
    with open(part, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(picked)
    out = tmp_path / "part_out.csv"
    assert cli.main(["apply", str(model), str(part), "-o", str(out)]) == 0
    written = _rows(out)
    assert [row[:-2] for row in written] == picked
    full = _segments(fitted[0])
    assert [int(r[-2]) for r in written[1:]] == list(reversed(full[4000:]))


def test_apply_on_a_file_without_a_feature_column_exits_2(fitted, tmp_path, capsys):
    _, model = fitted
    short = tmp_path / "short.csv"
    pd.read_csv(CUSTOMERS, dtype=str).drop(columns=["orders"]).to_csv(
        short, index=False
    )
    out = tmp_path / "o.csv"
    err = _fails(["apply", str(model), str(short), "-o", str(out)], capsys)
    assert "short.csv" in err and "orders" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a model at all", "is not a saved segmentation model"),
        (b"PK\x03\x04 broken zip", "is not a saved segmentation model"),
        (None, "cannot read"),
    ],
)
def test_a_garbage_or_missing_model_exits_2(content, message, tmp_path, capsys):
    model = tmp_path / "model.zip"
    if content is not None:
        model.write_bytes(content)
    out = tmp_path / "o.csv"
    err = _fails(["apply", str(model), str(CUSTOMERS), "-o", str(out)], capsys)
    assert "model.zip" in err and message in err
    assert not out.exists()


def test_apply_on_an_unreadable_table_exits_2(fitted, tmp_path, capsys):
    _, model = fitted
    binary = tmp_path / "photo.csv"
    binary.write_bytes(bytes(range(256)) * 40)
    _fails(["apply", str(model), str(binary), "-o", str(tmp_path / "o.csv")], capsys)


def test_a_real_shell_sees_apply_exit_codes(fitted, tmp_path):
    _, model = fitted
    out = tmp_path / "o.csv"
    base = [sys.executable, "-m", "segmentation", "apply"]
    ok = subprocess.run(
        [*base, str(model), str(CUSTOMERS), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert ok.returncode == 0, ok.stderr
    assert len(_rows(out)) == 5001
    bad = subprocess.run(
        [*base, str(CUSTOMERS), str(CUSTOMERS), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "customers.csv is not a saved" in bad.stderr


# --transactions -----------------------------------------------------------------------


def test_fit_with_the_log_gives_the_app_labels(
    customers, log, log_recipe, tmp_path, capsys
):
    recipe_file, out = tmp_path / "r.json", tmp_path / "out.csv"
    recipe_file.write_text(log_recipe.to_json(), encoding="utf-8")
    model = tmp_path / "m.zip"
    argv = ["fit", str(CUSTOMERS), "--recipe", str(recipe_file)]
    argv += ["--transactions", str(TRANSACTIONS), "-o", str(out), "--model", str(model)]
    assert cli.main(argv) == 0
    assert "5 segments" in capsys.readouterr().out
    labels = _segments(out)
    # The app's way: the full schema, workflow.prepare, then workflow.fit.
    schema = sg.infer_schema(customers)
    app = workflow.fit(workflow.prepare(customers, schema, log_recipe, log), log_recipe)
    assert labels == app.tolist()
    assert [row[:-2] for row in _rows(out)] == _rows(CUSTOMERS)
    # The log's recency, frequency and monetary are the table's recency_days, orders
    # and total_spend (sample_data/README.md), so the segments are the same.
    same = tmp_path / "same.csv"
    features = "recency_days,orders,total_spend"
    argv = ["fit", str(CUSTOMERS), "--features", features, "--k", "5", "--seed", "1"]
    assert cli.main([*argv, "-o", str(same)]) == 0
    assert adjusted_rand_score(_segments(same), labels) >= 0.99
    # apply with the saved model and the log gives the same labels again.
    again = tmp_path / "again.csv"
    argv = ["apply", str(model), str(CUSTOMERS), "--transactions", str(TRANSACTIONS)]
    assert cli.main([*argv, "-o", str(again)]) == 0
    assert _rows(again) == _rows(out)


def test_a_log_of_a_few_customers_is_warned_about(log, log_recipe, tmp_path, capsys):
    few = log[log["customer_id"].isin(log["customer_id"].unique()[:400])]
    small_log = tmp_path / "few.csv"
    few.to_csv(small_log, index=False)
    recipe_file, out = tmp_path / "r.json", tmp_path / "out.csv"
    recipe_file.write_text(log_recipe.to_json(), encoding="utf-8")
    argv = ["fit", str(CUSTOMERS), "--recipe", str(recipe_file)]
    assert cli.main([*argv, "--transactions", str(small_log), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    warned = "Warning: Only 400 of 5,000 customers in the table matched the log"
    assert warned in printed
    assert len(_rows(out)) == 5_001  # the header and every customer, still written
    # With the whole log there is nothing to warn about.
    argv += ["--transactions", str(TRANSACTIONS), "-o", str(out)]
    assert cli.main(argv) == 0
    assert "matched the log" not in capsys.readouterr().out


def test_a_recipe_that_needs_the_log_asks_for_it(log_recipe, tmp_path, capsys):
    recipe_file, out = tmp_path / "r.json", tmp_path / "o.csv"
    recipe_file.write_text(log_recipe.to_json(), encoding="utf-8")
    argv = ["fit", str(CUSTOMERS), "--recipe", str(recipe_file), "-o", str(out)]
    err = _fails(argv, capsys)
    assert "r.json takes behaviour from a transaction log" in err
    assert "--transactions" in err
    assert not out.exists()


def test_apply_of_a_log_model_without_the_log_exits_2(
    customers, log, log_recipe, tmp_path, capsys
):
    model = tmp_path / "m.zip"
    sg.SegmentationModel(log_recipe).fit(customers, transactions=log).save(model)
    out = tmp_path / "o.csv"
    err = _fails(["apply", str(model), str(CUSTOMERS), "-o", str(out)], capsys)
    assert "m.zip takes behaviour from a transaction log" in err
    assert not out.exists()


def test_a_log_the_recipe_does_not_use_is_refused(tmp_path, capsys):
    out = tmp_path / "o.csv"
    argv = ["fit", str(CUSTOMERS), "--features", "orders", "--k", "2"]
    err = _fails([*argv, "--transactions", str(TRANSACTIONS), "-o", str(out)], capsys)
    assert "--transactions is read only for a recipe that maps" in err


def test_a_log_without_the_mapped_columns_exits_2(log_recipe, tmp_path, capsys):
    recipe_file, out = tmp_path / "r.json", tmp_path / "o.csv"
    recipe_file.write_text(log_recipe.to_json(), encoding="utf-8")
    argv = ["fit", str(CUSTOMERS), "--recipe", str(recipe_file)]
    err = _fails([*argv, "--transactions", str(CUSTOMERS), "-o", str(out)], capsys)
    assert "customers.csv with customers.csv:" in err and "order" in err
    assert not out.exists()


# --holdout and --no-neutralise --------------------------------------------------------


def test_holdout_adds_ab_group_with_the_share_of_every_segment(tmp_path, capsys):
    out, again = tmp_path / "h.csv", tmp_path / "h2.csv"
    argv = ["fit", str(CUSTOMERS), "--features", BEHAVIOUR, "--k", "5"]
    assert cli.main([*argv, "--holdout", "0.2", "-o", str(out)]) == 0
    assert "1,000 customers in the control group" in capsys.readouterr().out
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert table.columns[-3:].tolist() == ["segment", "segment_name", "ab_group"]
    assert set(table["ab_group"]) == {"treatment", "control"}
    for _, group in table.groupby("segment"):
        control = (group["ab_group"] == "control").sum()
        assert abs(control - 0.2 * len(group)) <= 0.5
    assert cli.main([*argv, "--holdout", "0.2", "-o", str(again)]) == 0
    assert _rows(again) == _rows(out)


@pytest.mark.parametrize(
    ("share", "message"),
    [("0.95", "from 0 to 0.9"), ("-1", "from 0 to 0.9"), ("half", "not a share")],
)
def test_a_holdout_outside_the_range_exits_2(share, message, tmp_path, capsys):
    out = tmp_path / "o.csv"
    argv = ["fit", str(CUSTOMERS), "--features", "orders", "--k", "2"]
    err = _fails([*argv, "--holdout", share, "-o", str(out)], capsys)
    assert message in err
    assert not out.exists()


def test_formulas_are_neutralised_unless_switched_off(tmp_path):
    source = tmp_path / "crm.csv"
    spend = np.r_[np.arange(1, 13), np.arange(500, 508)]  # 12 low, 8 high
    notes = ['=HYPERLINK("http://x")', "-12.50", "@team", "fine"] * 5
    pd.DataFrame({"spend": spend.astype(str), "note": notes}).to_csv(
        source, index=False
    )
    on, off = tmp_path / "on.csv", tmp_path / "off.csv"
    argv = ["fit", str(source), "--features", "spend", "--k", "2"]
    assert cli.main([*argv, "-o", str(on)]) == 0
    assert cli.main([*argv, "--no-neutralise", "-o", str(off)]) == 0
    assert [row[1] for row in _rows(on)[1:5]] == [
        '\'=HYPERLINK("http://x")',
        "-12.50",
        "'@team",
        "fine",
    ]
    assert [row[:2] for row in _rows(off)] == _rows(source)
    model = tmp_path / "m.zip"
    assert cli.main([*argv, "-o", str(off), "--model", str(model)]) == 0
    applied = tmp_path / "applied.csv"
    argv = ["apply", str(model), str(source), "--no-neutralise", "-o", str(applied)]
    assert cli.main(argv) == 0
    assert [row[:2] for row in _rows(applied)] == _rows(source)
    assert _segments(applied) == [0] * 12 + [1] * 8  # numbered by size


# fit --value-basis ------------------------------------------------------------------


def test_fit_summary_has_value_ahead_and_the_basis_decides_rewards(
    log_recipe, tmp_path, capsys
):
    recipe = tmp_path / "recipe.json"
    recipe.write_text(log_recipe.to_json())
    said = {}
    for basis in ("expected", "past"):
        summary, notes = tmp_path / f"{basis}.csv", tmp_path / f"{basis}_m.csv"
        argv = ["fit", str(CUSTOMERS), "--recipe", str(recipe)]
        argv += ["--transactions", str(TRANSACTIONS), "--value-basis", basis]
        argv += ["--summary", str(summary), "--messages", str(notes)]
        assert cli.main([*argv, "-o", str(tmp_path / "out.csv")]) == 0, capsys
        capsys.readouterr()
        said[basis] = (pd.read_csv(summary), pd.read_csv(notes))
    expected, past = said["expected"], said["past"]
    for table, _ in (expected, past):  # the figures either way
        assert table["p_alive"].between(0, 1).all()
        assert table["expected_share"].sum() == pytest.approx(1)
    assert expected[1]["rationale"].str.contains("in expected value over").any()
    assert not past[1]["rationale"].str.contains("in expected value over").any()
    assert (expected[0]["opportunities"].fillna("") != "").any()
