"""``segmentation sweep`` and ``segmentation fit``: output files, JSON and errors.

Runs through ``segmentation.cli.main(argv)``; one success and one failure also run
as real subprocesses so the exit code and stderr are the ones a shell sees.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

import segmentation as sg
import segmentation.cli as cli
from segmentation.cluster import sample_rows
from segmentation.export import to_csv_bytes

ROOT = Path(__file__).resolve().parents[2]
CUSTOMERS = ROOT / "sample_data" / "customers.csv"
BEHAVIOUR = (
    "orders,total_spend,recency_days,web_visits_30d,email_opens_30d,campaign_responses"
)
METRIC_KEYS = [
    "k",
    "silhouette",
    "calinski_harabasz",
    "davies_bouldin",
    "inertia",
    "bic",
    "stability",
]


def _rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.fixture()
def tricky(tmp_path) -> Path:
    """300 customers in three spending groups, written the way exports look."""
    rng = np.random.default_rng(7)
    group = np.arange(300) % 3
    spend = np.choose(
        group,
        [rng.normal(80, 10, 300), rng.normal(900, 60, 300), rng.normal(4000, 300, 300)],
    )
    visits = np.choose(
        group,
        [rng.integers(0, 3, 300), rng.integers(5, 9, 300), rng.integers(15, 25, 300)],
    )
    cities = ["Montréal", "Düsseldorf", "", "Québec City"]
    frame = pd.DataFrame(
        {
            "customer_id": [f"{i:05d}" for i in range(1, 301)],
            "signup": [f"{1 + i % 28:02d}/{1 + i % 12:02d}/2024" for i in range(300)],
            "income": [str(40000 + 37 * i) for i in range(300)],
            "spend": [f"${v:,.2f}" for v in spend],
            "visits": visits.astype(str),
            "score": [f"{(i % 7) / 2:.2f}" for i in range(300)],
            "city": [cities[i % 4] for i in range(300)],
            "note": ['said "hi", then left' if i % 50 == 0 else "" for i in range(300)],
        }
    )
    path = tmp_path / "tricky.csv"
    frame.to_csv(path, index=False)
    return path


def _fit(path: Path, out: Path, *extra: str) -> int:
    return cli.main(["fit", str(path), "-o", str(out), *extra])


def test_fit_writes_every_row_in_input_order_with_its_original_text(tricky, tmp_path):
    out = tmp_path / "out.csv"
    assert _fit(tricky, out, "--features", "spend,visits", "--k", "3") == 0
    source, written = _rows(tricky), _rows(out)
    assert written[0] == source[0] + ["segment", "segment_name"]
    assert len(written) == len(source) == 301
    assert [row[:-2] for row in written[1:]] == source[1:]
    assert written[1][:3] == ["00001", "01/01/2024", "40000"]
    assert written[1][3].startswith("$") and "," in written[3][3]  # $4,xxx.xx
    assert written[3][6] == "" and written[1][7] == 'said "hi", then left'
    segments = [int(row[-2]) for row in written[1:]]
    # One generated name per segment, a different one for each.
    named = {(s, row[-1]) for s, row in zip(segments, written[1:], strict=True)}
    assert len(named) == len(set(segments)) == len({n for _, n in named}) == 3
    assert all(name and not name.startswith("Segment ") for _, name in named)
    # Not the same words in another order ("Inactive low-spend" / "Low-spend inactive").
    assert len({frozenset(name.lower().split()) for _, name in named}) == 3
    truth = np.arange(300) % 3
    assert adjusted_rand_score(truth, segments) == 1.0


def test_fit_on_the_sample_keeps_ids_gaps_and_the_word_none(tmp_path):
    out = tmp_path / "customers_segmented.csv"
    assert _fit(CUSTOMERS, out, "--features", BEHAVIOUR, "--k", "5") == 0
    source, written = _rows(CUSTOMERS), _rows(out)
    assert [row[:-2] for row in written] == source
    assert written[1][0] == "C00001"
    assert any(row[4] == "" for row in written[1:])  # gender gaps stay empty
    assert any(row[22] == "None" for row in written[1:])  # opted out, kept as text
    segments = [int(r[-2]) for r in written[1:]]
    sizes = pd.Series(segments).value_counts()
    assert sizes.index.tolist() == [0, 1, 2, 3, 4]  # numbered by size
    assert sizes.is_monotonic_decreasing
    truth = pd.read_csv(ROOT / "sample_data" / "customers_truth.csv")
    assert adjusted_rand_score(truth["planted_segment"], segments) >= 0.8


def test_the_saved_model_and_recipe_reproduce_the_file(tricky, tmp_path):
    out, model, recipe = tmp_path / "a.csv", tmp_path / "m.zip", tmp_path / "r.json"
    args = ["--features", "spend,visits,city", "--k", "3", "--seed", "4"]
    assert (
        _fit(tricky, out, *args, "--model", str(model), "--save-recipe", str(recipe))
        == 0
    )
    labels = [int(row[-2]) for row in _rows(out)[1:]]
    loaded = sg.SegmentationModel.load(model)
    assert loaded.predict(sg.read_table(tricky)).tolist() == labels
    assert json.loads(recipe.read_text())["seed"] == 4
    again = tmp_path / "b.csv"
    assert _fit(tricky, again, "--recipe", str(recipe)) == 0
    assert _rows(again) == _rows(out)


def test_unassigned_rows_are_named_so(tmp_path):
    out = tmp_path / "h.csv"
    assert _fit(CUSTOMERS, out, "--features", BEHAVIOUR, "--algorithm", "hdbscan") == 0
    tail = {(row[-2], row[-1]) for row in _rows(out)[1:]}
    assert ("-1", "Unassigned") in tail
    named = {s: n for s, n in tail if s != "-1"}
    assert len(named) == len(set(named.values())) >= 2
    assert "Unassigned" not in named.values()


def test_a_file_with_its_own_segment_column_gets_it_replaced(tricky, tmp_path, capsys):
    first, second = tmp_path / "1.csv", tmp_path / "2.csv"
    assert _fit(tricky, first, "--features", "spend,visits", "--k", "3") == 0
    assert _fit(first, second, "--features", "spend,visits", "--k", "2") == 0
    header = _rows(second)[0]
    assert header.count("segment") == 1 and header[-2:] == ["segment", "segment_name"]
    assert "Replaced the file's own segment and segment_name" in capsys.readouterr().out


def test_auto_segments_on_behaviour_and_all_on_every_usable_column(tmp_path, capsys):
    out = tmp_path / "auto.csv"
    recipe = tmp_path / "auto.json"
    args = ("--features", "auto", "--k", "4", "--save-recipe", str(recipe))
    assert _fit(CUSTOMERS, out, *args) == 0
    said = capsys.readouterr()
    assert "4 segments" in said.out
    # The sample's demographic and geographic columns describe (README).
    assert "age describes the segments: a demographic column" in said.err
    assert "city describes the segments: a geographic column" in said.err
    saved = sg.Recipe.from_json(recipe.read_text(encoding="utf-8"))
    assert {"age", "city"} <= {f.name for f in saved.described}
    assert {"age", "city"}.isdisjoint(saved.feature_names)
    assert (
        _fit(
            CUSTOMERS,
            out,
            "--features",
            "all",
            "--k",
            "4",
            "--save-recipe",
            str(recipe),
        )
        == 0
    )
    every = sg.Recipe.from_json(recipe.read_text(encoding="utf-8"))
    assert {"age", "city"} <= set(every.feature_names) and not every.described


def test_messages_speak_to_the_guessed_or_chosen_business(tmp_path, capsys):
    telco = ROOT / "tests" / "customers" / "telco_churn" / "data.csv"
    out, said = tmp_path / "telco.csv", tmp_path / "messages.csv"
    args = ("--features", "auto", "--k", "3", "--messages", str(said))
    assert _fit(telco, out, *args) == 0
    err = capsys.readouterr().err
    assert "Messages speak to a subscription business (from the columns" in err
    assert pd.read_csv(said)["body"].str.contains(r"\bplan\b").any()
    assert _fit(telco, out, *args, "--business", "b2b") == 0
    assert "Messages speak to a b2b business (as chosen)" in capsys.readouterr().err
    assert pd.read_csv(said)["body"].str.contains(r"(?i)\byour account\b").any()


# fit without --k: the recommended k ------------------------------------------------

RECOMMENDED = re.compile(r"^k = (\d+) \(recommended: (.+)\)$")


@pytest.fixture(scope="module")
def sample_slice(tmp_path_factory) -> Path:
    """The first 300 customers of the bundled sample, as they are written there."""
    path = tmp_path_factory.mktemp("slice") / "customers_300.csv"
    with open(CUSTOMERS, encoding="utf-8") as source:
        path.write_text("".join(source.readlines()[:301]), encoding="utf-8")
    return path


def _labels(path: Path) -> list[str]:
    return [row[-2] for row in _rows(path)[1:]]


@pytest.mark.parametrize("k_args", [[], ["--k", "auto"]], ids=["no-k", "k-auto"])
def test_fit_without_k_uses_the_recommended_k(sample_slice, tmp_path, capsys, k_args):
    out = tmp_path / "auto.csv"
    assert _fit(sample_slice, out, "--features", BEHAVIOUR, *k_args) == 0
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    found = RECOMMENDED.match(line)
    assert found, line
    k, reason = int(found[1]), found[2]
    # The app's Tune page: the sweep of k = 2..12 and recommend_k.
    frame = sg.read_table(sample_slice)
    recipe = sg.Recipe.from_schema(
        sg.infer_schema(frame[BEHAVIOUR.split(",")]),
        columns=tuple(BEHAVIOUR.split(",")),
    )
    app_k, app_reason = sg.recommend_k(sg.sweep(frame, recipe, range(2, 13)).table)
    assert (k, f"k = {k}: {reason}") == (app_k, app_reason)
    assert f"{k} segments" in captured.out
    fixed = tmp_path / "fixed.csv"
    assert _fit(sample_slice, fixed, "--features", BEHAVIOUR, "--k", str(k)) == 0
    assert not capsys.readouterr().err
    assert _labels(out) == _labels(fixed)


def test_a_recipe_with_k_keeps_it_and_auto_overrides_it(sample_slice, tmp_path, capsys):
    recipe = tmp_path / "r.json"
    args = ["--features", BEHAVIOUR, "--k", "7", "--save-recipe", str(recipe)]
    assert _fit(sample_slice, tmp_path / "a.csv", *args) == 0
    assert _fit(sample_slice, tmp_path / "b.csv", "--recipe", str(recipe)) == 0
    assert "7 segments" in capsys.readouterr().out
    assert (
        _fit(sample_slice, tmp_path / "c.csv", "--recipe", str(recipe), "--k", "auto")
        == 0
    )
    assert RECOMMENDED.match(capsys.readouterr().err.strip())


def test_an_algorithm_that_finds_k_ignores_auto(sample_slice, tmp_path, capsys):
    out = tmp_path / "h.csv"
    args = ["--features", BEHAVIOUR, "--algorithm", "hdbscan", "--k", "auto"]
    assert _fit(sample_slice, out, *args) == 0
    assert "recommended" not in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "1", "abc", "-3", "2.5"])
def test_a_k_that_is_no_number_of_segments_is_a_usage_error(
    value, sample_slice, tmp_path, capsys
):
    out = tmp_path / "o.csv"
    assert _fit(sample_slice, out, "--features", "orders", "--k", value) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"segmentation fit: argument --k: {value!r} is not")
    assert "'auto'" in err
    assert not out.exists()


# sweep ---------------------------------------------------------------------------


def test_sweep_json_has_the_contract_shape(capsys):
    code = cli.main(
        ["sweep", str(CUSTOMERS), "--features", BEHAVIOUR, "--k", "3-6", "--json"]
    )
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    assert list(payload) == ["recommended_k", "reason", "rows"]
    assert payload["recommended_k"] == 5
    assert isinstance(payload["reason"], str) and "k = 5" in payload["reason"]
    assert [row["k"] for row in payload["rows"]] == [3, 4, 5, 6]
    for row in payload["rows"]:
        assert list(row) == [*METRIC_KEYS, "largest_share", "driven_by"]
        assert 0 < row["largest_share"] < 0.8 and row["driven_by"] is None
        assert row["bic"] is None
        assert all(isinstance(row[key], float) for key in METRIC_KEYS[1:5])
        assert 0 <= row["stability"] <= 1


def test_sweep_prints_a_table_and_the_reason(capsys):
    code = cli.main(
        [
            "sweep",
            str(CUSTOMERS),
            "--features",
            "orders,recency_days",
            "--k",
            "2,3",
            "--algorithm",
            "gmm",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Recommended: k = " in out
    assert "Every score computed on all 5,000 rows." in out


# Errors: exit 2 and one line ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["fit", "{c}", "--features", "orders,nope", "--k", "3", "-o", "{o}"],
            "customers.csv has no column named 'nope'",
        ),
        (["fit", "{c}", "--features", "orders", "--k", "1", "-o", "{o}"], "2 or more"),
        (
            ["fit", "{c}", "--features", "household_size", "--k", "9", "-o", "{o}"],
            "only 6 distinct customer",
        ),
        (
            ["fit", "{c}", "--features", "email", "--k", "3", "-o", "{o}"],
            "email is a pii column",
        ),
        (["fit", "{c}", "-o", "{o}", "--k", "3"], "fit needs --features"),
        (
            [
                "fit",
                "{c}",
                "--features",
                "orders",
                "--recipe",
                "{c}",
                "--k",
                "2",
                "-o",
                "{o}",
            ],
            "not both",
        ),
        (["fit", "{c}", "--recipe", "{c}", "-o", "{o}"], "recipe is not valid JSON"),
        (
            ["fit", "{c}x", "--features", "orders", "--k", "2", "-o", "{o}"],
            "customers.csvx",
        ),
        (
            ["sweep", "{c}", "--features", "orders", "--algorithm", "hdbscan"],
            "hdbscan finds the number of segments itself",
        ),
        (
            ["sweep", "{c}", "--features", "household_size", "--k", "2-8"],
            "only 6 distinct customer",
        ),
        (["sweep", "{c}", "--features", "orders", "--k", "ten"], "not a k range"),
        (
            ["sweep", "{c}", "--features", "orders", "--algorithm", "dbscan"],
            "invalid choice",
        ),
    ],
)
def test_errors_exit_2_with_one_line(args, message, tmp_path, capsys):
    argv = [a.format(c=CUSTOMERS, o=tmp_path / "o.csv") for a in args]
    assert cli.main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert not (tmp_path / "o.csv").exists()


def test_a_real_shell_sees_the_exit_codes(tmp_path):
    out = tmp_path / "o.csv"
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "segmentation",
            "fit",
            str(CUSTOMERS),
            "--features",
            "orders,total_spend",
            "--k",
            "3",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert ok.returncode == 0, ok.stderr
    assert len(_rows(out)) == 5001
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "segmentation",
            "fit",
            str(CUSTOMERS),
            "--features",
            "orders",
            "--k",
            "0",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1
    assert bad.stderr.startswith("segmentation fit: argument --k: '0' is not")


def test_measure_and_label_options_reach_the_summary_and_the_recipe(tmp_path, capsys):
    wholesale = ROOT / "tests" / "customers" / "wholesale" / "data.csv"
    out, summary, recipe = (tmp_path / n for n in ("o.csv", "s.csv", "r.json"))
    lines = "Fresh+Milk+Grocery+Frozen+Detergents_Paper+Delicassen"
    args = ["--features", "auto", "--k", "3", "--summary", str(summary)]
    args += ["--measure", f"value={lines}", "--label", "Delicassen=Delicatessen"]
    assert _fit(wholesale, out, *args, "--save-recipe", str(recipe)) == 0
    saved = sg.Recipe.from_json(recipe.read_text(encoding="utf-8"))
    assert dict(saved.measures) == {"value": tuple(lines.split("+"))}
    assert saved.labels == (("Delicassen", "Delicatessen"),)
    assert pd.read_csv(summary)["value_index"].max() > 1.2
    capsys.readouterr()
    assert _fit(wholesale, out, "--features", "auto", "--measure", "value=Nope") == 2
    (err,) = capsys.readouterr().err.strip().splitlines()
    assert err.endswith("no column named 'Nope' (from --measure or --label).")


def test_contact_measures_reach_the_recipe_and_the_messages(tmp_path):
    gym = ROOT / "tests" / "customers" / "gym_membership_churn" / "data.csv"
    out, messages, recipe = (tmp_path / n for n in ("o.csv", "m.csv", "r.json"))
    args = ["--features", "auto", "--k", "3", "--messages", str(messages)]
    args += ["--measure", "consent=Phone", "--measure", "engagement=Group_visits"]
    args += ["--label", "Phone + Partner=Reachable"]  # a sum's label: parts checked
    assert _fit(gym, out, *args, "--save-recipe", str(recipe)) == 0
    saved = sg.Recipe.from_json(recipe.read_text(encoding="utf-8"))
    assert dict(saved.measures) == {
        "consent": ("Phone",),
        "engagement": ("Group_visits",),
    }
    said = pd.read_csv(messages)["channel"]
    assert said.str.contains("Phone: ").all(), said.tolist()


def test_a_log_of_other_customers_is_refused_in_one_line(tmp_path, capsys):
    telco = ROOT / "tests" / "customers" / "telco_churn" / "data.csv"
    log = ROOT / "sample_data" / "transactions.csv"
    mapping = sg.TransactionMapping(
        customer="customer_id", date="order_date", amount="amount", invoice="order_id"
    )
    frame = sg.read_table(telco)
    recipe = sg.Recipe.from_schema(sg.infer_schema(frame), transactions=mapping, k=3)
    recipe_file = tmp_path / "r.json"
    recipe_file.write_text(recipe.to_json(), encoding="utf-8")
    out = tmp_path / "o.csv"
    argv = ["fit", str(telco), "--recipe", str(recipe_file), "--transactions"]
    assert cli.main([*argv, str(log), "-o", str(out)]) == 2
    (err,) = capsys.readouterr().err.strip().splitlines()
    assert err.startswith(
        "segmentation: data.csv with transactions.csv: The transaction log was not "
        "joined: 0 of 2,000 customers"
    )
    assert "the table's look like '7590-VHVEG', the log's like 'C00001'" in err
    assert not out.exists()


def test_a_windows_file_comes_back_with_its_line_endings_and_encoding(tmp_path):
    lines = CUSTOMERS.read_text(encoding="utf-8").splitlines()[:301]
    assert any("Montréal" in line for line in lines)
    source = tmp_path / "windows.csv"
    source.write_bytes("\r\n".join(lines).encode("cp1252") + b"\r\n")
    out = tmp_path / "o.csv"
    assert _fit(source, out, "--features", "orders,total_spend", "--k", "3") == 0
    written = out.read_bytes()
    assert written.count(b"\r\n") == 301
    assert b"\n" not in written.replace(b"\r\n", b"")
    text = written.decode("cp1252").split("\r\n")[:-1]  # not UTF-8: é is one byte
    for before, after in zip(lines, text, strict=True):
        assert after.startswith(before + ","), (before, after)


def test_fit_on_a_sample_labels_every_row_with_the_sampled_model(tmp_path, capsys):
    """--sample 1500: the model fitted on 1,500 seeded rows labels all 5,000."""
    out, model = tmp_path / "out.csv", tmp_path / "model.zip"
    features = "orders,total_spend,recency_days,preferred_channel"
    argv = ["fit", str(CUSTOMERS), "--features", features, "--k", "4", "--seed", "7"]
    assert (
        cli.main([*argv, "--sample", "1500", "-o", str(out), "--model", str(model)])
        == 0
    )
    printed = capsys.readouterr().out
    assert "seeded random sample of 1,500 of the 5,000 rows" in printed
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(written) == 5000
    # The saved model, applied to the same file, gives every row the same label.
    applied = tmp_path / "applied.csv"
    assert cli.main(["apply", str(model), str(CUSTOMERS), "-o", str(applied)]) == 0
    again = pd.read_csv(applied, dtype=str, keep_default_na=False)
    assert again["segment"].tolist() == written["segment"].tolist()
    # The model is the one fitted on the sample: refit on those rows alone.
    table = sg.read_table(CUSTOMERS)
    rows = sample_rows(5000, 1500, 7)
    part = tmp_path / "part.csv"
    part.write_bytes(to_csv_bytes(table.iloc[rows], neutralise=False))
    part_out = tmp_path / "part_out.csv"
    on_sample = ["fit", str(part), "--features", features, "--k", "4", "--seed", "7"]
    assert cli.main([*on_sample, "-o", str(part_out)]) == 0
    on_part = pd.read_csv(part_out, dtype=str)["segment"].tolist()
    assert written["segment"].iloc[rows].tolist() == on_part
    # Run twice, the same labels.
    out2 = tmp_path / "out2.csv"
    assert cli.main([*argv, "--sample", "1500", "-o", str(out2)]) == 0
    assert out2.read_bytes() == out.read_bytes()
