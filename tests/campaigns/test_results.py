"""Campaign results per segment, checked against an independent computation.

Seeded data with known response rates: the lift, the Newcombe interval (Wilson
bounds by hand), the pooled z-test p-value (scipy's chi-square without
correction, its square), Holm's adjustment (by hand) and Welch's revenue test
(scipy). The bundled campaign results (sample_data/campaign_results.csv) have
planted lifts: the win-back works on the lapsed, Champions buy as much without
the campaign.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import segmentation as sg
from segmentation.campaigns import MIN_GROUP, campaign_results
from segmentation.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
Z = stats.norm.ppf(0.975)


def _wilson(x: int, n: int) -> tuple[float, float]:
    p = x / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z / (1 + Z**2 / n) * np.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2))
    return centre - half, centre + half


def _newcombe(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = _wilson(x1, n1)
    l2, u2 = _wilson(x2, n2)
    d = p1 - p2
    return d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + np.sqrt(
        (u1 - p1) ** 2 + (p2 - l2) ** 2
    )


def _holm(p: list[float]) -> list[float]:
    order = np.argsort(p)
    m = len(p)
    out = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return out.tolist()


@pytest.fixture(scope="module")
def seeded() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(7)
    n = 6_000
    segment = rng.choice(["0", "1", "2"], n, p=[0.5, 0.3, 0.2])
    control = rng.random(n) < 0.25
    base = {"0": 0.10, "1": 0.20, "2": 0.05}
    lift = {"0": 0.05, "1": 0.0, "2": 0.02}
    chance = np.array(
        [base[s] + (0 if c else lift[s]) for s, c in zip(segment, control, strict=True)]
    )
    hit = rng.random(n) < chance
    revenue = np.where(hit, rng.gamma(2.0, 30.0, n), 0.0).round(2)
    ids = [f"K{i:05d}" for i in range(n)]
    labelled = pd.DataFrame({
        "cid": ids, "segment": segment,
        "ab_group": np.where(control, "control", "treatment"),
    }).astype("string")  # fmt: skip
    results = pd.DataFrame({
        "cid": ids, "bought": np.where(hit, "1", "0"), "spend": revenue.astype(str),
    }).astype("string")  # fmt: skip
    return labelled, results


def test_lifts_intervals_and_p_values_match_an_independent_computation(seeded):
    labelled, results = seeded
    made = campaign_results(
        labelled, results, id_column="cid", outcome="bought", revenue="spend"
    )
    joined = labelled.merge(results, on="cid")
    joined["hit"] = joined["bought"] == "1"
    joined["money"] = joined["spend"].astype(float)
    raw = []
    for row in made.segments.itertuples(index=False):
        part = joined[joined["segment"] == row.segment]
        t = part[part["ab_group"] == "treatment"]
        c = part[part["ab_group"] == "control"]
        x1, n1, x2, n2 = int(t["hit"].sum()), len(t), int(c["hit"].sum()), len(c)
        assert (row.treatment_n, row.control_n) == (n1, n2)
        assert row.lift == pytest.approx(x1 / n1 - x2 / n2)
        low, high = _newcombe(x1, n1, x2, n2)
        assert (row.lift_low, row.lift_high) == pytest.approx((low, high), abs=1e-9)
        table = [[x1, n1 - x1], [x2, n2 - x2]]
        p = stats.chi2_contingency(table, correction=False)[1]
        assert row.p_value == pytest.approx(p, rel=1e-9)
        raw.append(p)
        welch = stats.ttest_ind(t["money"], c["money"], equal_var=False)
        assert row.revenue_p_value == pytest.approx(welch.pvalue, rel=1e-6)
        assert row.revenue_lift == pytest.approx(t["money"].mean() - c["money"].mean())
    assert made.segments["p_adjusted"].tolist() == pytest.approx(_holm(raw))
    verdicts = dict(
        zip(made.segments["segment"], made.segments["verdict"], strict=True)
    )
    assert verdicts["0"] == "worked" and verdicts["1"] == "no evidence"
    overall = made.overall
    assert overall["treatment_n"] + overall["control_n"] == len(labelled)


def test_missing_customers_count_as_no_outcome_or_are_left_out(seeded):
    labelled, results = seeded
    responders = results[results["bought"] == "1"]
    kept = campaign_results(labelled, responders, id_column="cid", outcome="bought")
    full = campaign_results(labelled, results, id_column="cid", outcome="bought")
    pd.testing.assert_frame_equal(kept.segments, full.segments)
    absent = len(results) - len(responders)
    assert f"{absent:,} labelled customers are not in the results: counted as no " \
        "outcome" in " ".join(kept.notes)  # fmt: skip
    out = campaign_results(
        labelled, responders, id_column="cid", outcome="bought", missing="leave_out"
    )
    assert (out.segments["treatment_rate"] == 1.0).all()
    assert "left out" in " ".join(out.notes)


def test_a_small_segment_is_too_few_to_tell(seeded):
    labelled, results = seeded
    small = labelled.copy()
    small.loc[small.index[:MIN_GROUP], "segment"] = "9"
    made = campaign_results(small, results, id_column="cid", outcome="bought")
    row = made.segments.set_index("segment").loc["9"]
    assert row["verdict"] == "too few customers to tell"


def test_the_bundled_campaign_worked_on_the_lapsed_not_on_champions():
    truth = sg.read_table(SAMPLE / "customers_truth.csv")
    truth = truth.rename(columns={"planted_segment": "segment"})
    results = sg.read_table(SAMPLE / "campaign_results.csv")
    made = campaign_results(
        truth, results, id_column="customer_id", outcome="responded",
        revenue="revenue",
    )  # fmt: skip
    verdict = dict(zip(made.segments["segment"], made.segments["verdict"], strict=True))
    assert verdict["Lapsed / at risk"] == "worked"
    assert verdict["Champions"] == "no evidence"
    assert "treatment and control from the results file" in made.notes[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("repeat", "repeats the customer id"),
        ("words", "not a 0/1 or yes/no column"),
        ("no_group", "Neither file has an ab_group column"),
        ("no_column", "has no column 'bought'"),
        ("other_ids", "None of the 6,000 labelled customers is in the results"),
    ],
)
def test_bad_input_gets_one_sentence(seeded, change, message):
    labelled, results = seeded
    if change == "repeat":
        results = pd.concat([results, results.iloc[:1]])
    elif change == "words":
        results = results.assign(bought="maybe")
    elif change == "other_ids":
        results = results.assign(cid="X" + results["cid"])
    elif change == "no_group":
        labelled = labelled.drop(columns="ab_group")
    else:
        results = results.drop(columns="bought")
    with pytest.raises(InputError, match=message):
        campaign_results(labelled, results, id_column="cid", outcome="bought")


def test_the_command_prints_json(seeded, tmp_path):
    labelled, results = seeded
    labelled.to_csv(tmp_path / "labelled.csv", index=False)
    results.to_csv(tmp_path / "results.csv", index=False)
    out = tmp_path / "per_segment.csv"
    argv = [sys.executable, "-m", "segmentation", "results",
            str(tmp_path / "labelled.csv"), str(tmp_path / "results.csv"),
            "--id", "cid", "--outcome", "bought", "--revenue", "spend", "--json",
            "-o", str(out)]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    expected = campaign_results(
        labelled, results, id_column="cid", outcome="bought", revenue="spend"
    )
    first = payload["segments"][0]
    assert set(first) >= {
        "segment", "segment_name", "treatment_n", "control_n", "treatment_rate",
        "control_rate", "lift", "lift_low", "lift_high", "p_value", "p_adjusted",
        "significant",
    }  # fmt: skip
    assert first["lift"] == pytest.approx(expected.segments["lift"].iloc[0])
    assert 0 <= first["treatment_rate"] <= 1  # a fraction, not a percentage
    assert payload["overall"]["verdict"] == expected.overall["verdict"]
    assert len(pd.read_csv(out)) == len(expected.segments)


def test_the_command_says_what_is_wrong_in_one_line(tmp_path):
    (tmp_path / "a.csv").write_text("cid,segment\n1,0\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("cid,bought\n1,yes\n", encoding="utf-8")
    argv = [sys.executable, "-m", "segmentation", "results", str(tmp_path / "a.csv"),
            str(tmp_path / "b.csv"), "--id", "cid", "--outcome", "bought"]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "ab_group" in done.stderr and "Traceback" not in done.stderr
