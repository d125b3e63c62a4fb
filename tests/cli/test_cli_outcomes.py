"""The command line keeps outcome columns out of the features and reports them."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import segmentation as sg
import segmentation.cli as cli


def _write(tmp_path) -> str:
    rng = np.random.default_rng(3)
    spend = np.r_[rng.normal(30, 4, 200), rng.normal(110, 8, 200)].round(2)
    churn = np.r_[rng.random(200) < 0.5, rng.random(200) < 0.1]
    path = tmp_path / "telco.csv"
    pd.DataFrame(
        {
            "customerID": [f"{i:04d}-AB" for i in range(400)],
            "MonthlyCharges": spend,
            "tenure": rng.integers(1, 72, 400),
            "Churn": np.where(churn, "Yes", "No"),
        }
    ).to_csv(path, index=False)
    return str(path)


def test_inspect_says_outcome(tmp_path, capsys):
    path = _write(tmp_path)
    assert cli.main(["inspect", path, "--json"]) == 0
    roles = {
        c["name"]: c["role"] for c in json.loads(capsys.readouterr().out)["columns"]
    }
    assert roles["Churn"] == "outcome"


def test_fit_reports_outcome_rates_with_auto_and_listed_features(tmp_path, capsys):
    path = _write(tmp_path)
    churned = pd.read_csv(path)["Churn"].eq("Yes").to_numpy()
    for features in ("auto", "MonthlyCharges,tenure"):
        out, summary = tmp_path / "out.csv", tmp_path / "summary.csv"
        code = cli.main(
            [
                "fit",
                path,
                "--features",
                features,
                "--k",
                "2",
                "-o",
                str(out),
                "--summary",
                str(summary),
            ]
        )
        assert code == 0
        capsys.readouterr()
        labels = sg.read_table(out)["segment"].astype(int).to_numpy()
        rates = pd.read_csv(summary).set_index("segment")["Churn_rate"]
        for segment, rate in rates.items():
            assert rate == pytest.approx(churned[labels == segment].mean(), abs=1e-6)


def test_inspect_says_what_columns_measure(tmp_path, capsys):
    path = tmp_path / "food.csv"
    pd.DataFrame(
        {
            "ID": range(1, 41),
            "MntWines": [float(i * 10) for i in range(40)],
            "MntFruits": [float(i % 9) * 3.5 for i in range(40)],
            "NumStorePurchases": [i % 7 for i in range(40)],
            "Recency": [i % 30 for i in range(40)],
            "Response": [i % 2 for i in range(40)],
        }
    ).to_csv(path, index=False)
    assert cli.main(["inspect", str(path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    measures = {c["name"]: c["measure"] for c in payload["columns"]}
    assert measures == {
        "ID": None,
        "MntWines": "value",
        "MntFruits": "value",
        "NumStorePurchases": "frequency",
        "Recency": "recency",
        "Response": None,
    }
    assert payload["value"] == {"columns": ["MntWines", "MntFruits"], "how": "sum"}
    roles = {c["name"]: c["role"] for c in payload["columns"]}
    assert roles["Response"] == "outcome"
